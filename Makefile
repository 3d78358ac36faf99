# Two commands on a fresh machine:  make run   (install + build the warehouse)
#                                   make test  (install dev extras + run the tests)
# Everything installs into .venv from the hashed lock files; nothing else is needed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SEEDS_DIR ?= seeds
WAREHOUSE_DIR ?= warehouse
DAGSTER_HOME ?= $(CURDIR)/.dagster_home
DEV_PORT ?= 3000
export SEEDS_DIR WAREHOUSE_DIR DAGSTER_HOME

.DEFAULT_GOAL := help
.PHONY: help install install-dev run refresh summary test bench dev sql lock clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# --no-deps: the lock file already lists every package, pinned and hashed.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@ $(VENV)/.installed

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

install: $(VENV)/.installed  ## create .venv and install the project

install-dev: $(VENV)/.installed-dev  ## install with the test extras

run: install $(DAGSTER_HOME)/dagster.yaml  ## build the warehouse from SEEDS_DIR into WAREHOUSE_DIR
	$(BIN)/news-warehouse build

refresh: install $(DAGSTER_HOME)/dagster.yaml  ## rebuild every derived table from scratch
	$(BIN)/news-warehouse build --full-refresh

summary: install  ## row counts and rejected files of the current warehouse
	$(BIN)/news-warehouse summary

test: install-dev  ## run the test suite
	$(BIN)/python -m pytest

BENCH_ARGS ?=
bench: install-dev  ## benchmark on real news vs the bare model; writes bench/RESULTS.md (BENCH_ARGS="--sizes 1000")
	$(BIN)/python -m bench.run $(BENCH_ARGS)

dev: install $(DAGSTER_HOME)/dagster.yaml  ## Dagster UI + daemon on http://127.0.0.1:$(DEV_PORT)
	$(BIN)/dagster dev -m pipelines.definitions -h 127.0.0.1 -p $(DEV_PORT)

sql: install  ## DuckDB SQL shell on the warehouse (read-only)
	$(BIN)/duckdb -readonly -cmd "$$($(BIN)/python -m pipelines.core.extensions)" $(WAREHOUSE_DIR)/warehouse.duckdb

lock:  ## re-resolve the lock files after editing pyproject.toml (needs network to PyPI)
	$(BIN)/pip install --quiet uv
	for extra in "" "--extra dev"; do \
	  out=requirements$${extra:+-dev}.lock; \
	  $(BIN)/uv pip compile pyproject.toml $$extra --generate-hashes --python-version 3.11 \
	    --python-platform x86_64-manylinux_2_28 -o $$out --quiet; \
	done

clean:  ## remove the virtualenv (the warehouse and run history stay)
	rm -rf $(VENV)
