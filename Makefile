# One venv, built from pyproject.toml; every target installs it when it is missing or stale.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint fuzz faults bench clean

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
	$(BIN)/vulture application interfaces vulture_whitelist.py --min-confidence 60 \
		--exclude '*schemas.py,*/simulator/*' --ignore-names model_config \
		--ignore-decorators '@router.*,@decide.register,@app.*,@*.command,@*.callback'

test: lint
	$(BIN)/pytest -q

# schemathesis against the served /openapi.json: 2,000 cases per backend (make test runs 100).
fuzz: $(STAMP)
	FUZZ_CASES=2000 $(BIN)/pytest -q -s tests/served/test_fuzz.py

# The fault tests (issue 11) on both backends; make test runs the kill -9 of the whole service on
# PostgreSQL and the nats-server restarts on SQLite only (each costs 10-30 s of both cores).
faults: $(STAMP)
	FAULT_BACKENDS=sqlite,postgres $(BIN)/pytest -q -s tests/e2e/test_service_kill.py \
		tests/e2e/test_nats_restart.py tests/e2e/test_crash.py tests/e2e/test_outage.py \
		tests/e2e/test_database_outage.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# Every scenario of issue 6 in under 15 minutes: bench/results/latest.{json,md} and PNG plots.
# wrk is the load generator when it can be installed; otherwise bench/load.py (Python) is.
bench: $(BENCH_STAMP)
	command -v wrk >/dev/null 2>&1 || apt-get install -y wrk >/dev/null 2>&1 || \
		echo "wrk unavailable: using the Python load generator (bench/load.py)"
	$(BIN)/python -m bench

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)
