# casegraph: two commands for a fresh machine.
#   make run [CORPUS=folder]   install, load a corpus into the embedded store, open the dashboard
#   make test                  install with test dependencies and run the whole test suite

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORPUS ?= $(firstword $(wildcard ../shared/corpus) examples/corpus)

.PHONY: run test install install-test browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Debian's chromium for the real-browser dashboard test (skipped, with the reason shown, if it cannot be installed).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)) || echo "note: chromium could not be installed; browser tests will be skipped"

run: install
	$(BIN)/casegraph ingest "$(CORPUS)"
	$(BIN)/casegraph dashboard

test: install-test browser
	$(BIN)/python -m pytest
