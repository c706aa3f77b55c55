#!/usr/bin/env bash
# Refreshes the vendored front-end files from the npm registry, at pinned versions:
# htmx (served to browsers) and axe-core (used only by the browser tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
HTMX=2.0.11
AXE=4.14.1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "htmx.org@$HTMX" "axe-core@$AXE" >/dev/null
tar xzf "htmx.org-$HTMX.tgz" && cp package/dist/htmx.min.js "$root/web/static/htmx-$HTMX.min.js" && rm -rf package
tar xzf "axe-core-$AXE.tgz" && cp package/axe.min.js "$root/testdata/axe-core-$AXE.min.js" && cp package/LICENSE "$root/testdata/axe-core.LICENSE"
echo "htmx $HTMX and axe-core $AXE vendored; update the file names in templates/layout/shell.templ and internal/e2e if the versions changed."
