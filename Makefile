# casegraph: two commands for a fresh machine.
#   make run [CORPUS=folder]   install, load a corpus into the embedded store, open the dashboard
#   make test                  install with test dependencies and run the whole test suite, the Neo4j tests
#                              against a local Neo4j started for the run (scripts/neo4j-local; needs Java and Maven)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= $(firstword $(wildcard ../shared/corpus) examples/corpus)

.PHONY: run test install install-test system-tools

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Debian's chromium (real-browser dashboard test) and docker-compose (checks docker-compose.yml without an engine).
# Tests that need them are skipped, with the reason shown, if they cannot be installed.
SYSTEM_TOOLS := chromium docker-compose
system-tools:
	@missing=""; for t in $(SYSTEM_TOOLS); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
	  (apt-get install -y -qq $$missing >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq $$missing >/dev/null 2>&1)) \
	  || echo "note: could not install$$missing; the tests that need them will be skipped"; fi

run: install
	$(BIN)/casegraph ingest "$(CORPUS)"
	$(BIN)/casegraph dashboard

test: install-test system-tools
	scripts/neo4j-local run $(BIN)/python -m pytest
