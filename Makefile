# Op stage: every task a developer or content editor needs.
#   make build   set up a virtual environment and build content/ into dist/
#   make test    also install the test tools (Chromium, hunspell, ...) and run every test
#   make check   validate content/ without writing anything
#   make serve   preview on http://localhost:8000, rebuilding on every change
#   make bench   page weight, build speed and page load benchmarks

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: build check serve test test-deps bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

build: $(VENV)/.installed
	$(PY) -m opstage_build build

check: $(VENV)/.installed
	$(PY) -m opstage_build check

serve: $(VENV)/.installed
	$(PY) -m opstage_build serve --open

test-deps: $(VENV)/.test-installed
	bash scripts/install-test-deps.sh

test: test-deps
	$(PY) -m pytest -q

bench: test-deps
	$(PY) bench/bench.py
	$(PY) bench/bench_answers.py
	$(PY) bench/bench_nakijken.py
	$(PY) bench/bench_start.py

clean:
	rm -rf dist $(VENV) .pytest_cache
