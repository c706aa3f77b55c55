#!/usr/bin/env bash
# Runs every Go fuzz test for FUZZTIME each (default 10s). A crasher the
# fuzzer finds is written under the package's testdata/fuzz and fails the
# run; commit it with the fix, and it stays a test case for `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-10s}
status=0
while IFS=: read -r file name; do
  dir=./$(dirname "$file")
  echo "== $name ($dir, $fuzztime)"
  # Go's fuzzer sometimes ends a run with "context deadline exceeded" when a
  # worker is slow to stop on a busy machine, with no crasher written: that
  # target is run once more, and only a second failure counts.
  if ! go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "$dir" > /tmp/prdesk-fuzz.log 2>&1 &&
     ! { grep -q 'context deadline exceeded' /tmp/prdesk-fuzz.log && ! grep -q 'Failing input written' /tmp/prdesk-fuzz.log &&
         go test -run='^$' -fuzz="^${name}\$" -fuzztime="$fuzztime" "$dir" > /tmp/prdesk-fuzz.log 2>&1; }; then
    grep -v '^fuzz: elapsed' /tmp/prdesk-fuzz.log | tail -20
    status=1
  fi
done < <(grep -rEo --include='*_test.go' '^func (Fuzz[A-Za-z0-9_]+)' internal cmd | sed 's/func //' | sort)
exit $status
