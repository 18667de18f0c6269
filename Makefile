# One venv, built from pyproject.toml; every target installs it when it is missing or stale.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	mkdir -p var
	$(BIN)/stocksync serve --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check domain application projections interfaces tests bench
	$(BIN)/ruff format --check domain application projections interfaces tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

bench: $(STAMP)
	$(BIN)/python -m bench.view_latency
