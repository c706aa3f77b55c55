# PR Desk. On a fresh machine `make run` and `make test` are the whole set-up.
SHELL := /bin/bash
GO ?= go
PORT ?= 8080
# The database: $DATABASE_URL, else PostgreSQL on 127.0.0.1:5432, else a
# private cluster under ./var/pg (scripts/db.sh starts it).
DB_URL = $$(scripts/db.sh url)

.PHONY: run build test check generate db-stop db-which bench soak fmt vet clean pitr-drill fuzz

build: generate
	$(GO) build -o bin/prdesk ./cmd/prdesk

run: build
	@echo "Database: $$(scripts/db.sh which)"
	DATABASE_URL="$(DB_URL)" PORT=$(PORT) ./bin/prdesk serve --demo

generate:
	$(GO) tool templ generate -log-level error

# Tests run against a real PostgreSQL; each test package gets its own
# database cloned from a migrated template.
test: check
	@echo "Database: $$(scripts/db.sh which)"
	DATABASE_URL="$(DB_URL)" $(GO) test -race -count=1 -timeout 20m ./...

# Every fuzz test for a bounded time (FUZZTIME, default 10s each); CI runs it.
fuzz:
	DATABASE_URL="$(DB_URL)" scripts/fuzz.sh

# Formatting, vet, and generated templ code in step with its sources.
check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' | grep -v '_templ\.go$$')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	@before=$$(git status --porcelain -- '*_templ.go'); \
	  $(GO) tool templ generate -log-level error; \
	  after=$$(git status --porcelain -- '*_templ.go'); \
	  if [ "$$before" != "$$after" ]; then echo "templ generate changed generated files: commit them"; git status --short -- '*_templ.go'; exit 1; fi

# Load figures on this machine (about a minute); flags through BENCH_FLAGS,
# e.g. make bench BENCH_FLAGS="-clients 1,64 -duration 10s -fresh".
bench: build
	DATABASE_URL="$(DB_URL)" $(GO) run ./cmd/prbench $(BENCH_FLAGS)

# 200 simulated people doing a mix of the day's work for 5 minutes against
# one instance, then against two on the same database (about 12 minutes on
# a filled bench database); flags through SOAK_FLAGS, e.g.
# make soak SOAK_FLAGS="-users 50 -soak-duration 1m -instances 2".
soak: build
	DATABASE_URL="$(DB_URL)" $(GO) run ./cmd/prbench -soak $(SOAK_FLAGS)

# Recovery to a point in time on a throwaway cluster (README); about a minute.
pitr-drill:
	scripts/pitr-drill.sh

db-stop:
	scripts/db.sh stop

db-which:
	@scripts/db.sh which

fmt:
	gofmt -w $$(git ls-files '*.go' | grep -v '_templ\.go$$')

clean:
	rm -rf bin
