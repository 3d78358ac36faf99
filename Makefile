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
REPORT_PORT ?= 3001
export SEEDS_DIR WAREHOUSE_DIR DAGSTER_HOME

.DEFAULT_GOAL := help
.PHONY: help install install-dev bytecode system-packages run refresh summary test screenshots bench dev formats sql docs lock clean

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

# The project's own modules compiled ahead: where PYTHONDONTWRITEBYTECODE is set (container images
# often set it), every process would otherwise compile them again on import (a quarter of a second
# each: the build, each parsing worker, each test's subprocess). Up-to-date files are skipped.
bytecode: | $(BIN)/python
	@$(BIN)/python -m compileall -q -j 0 pipelines bench

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

install: $(VENV)/.installed  ## create .venv and install the project

install-dev: $(VENV)/.installed-dev  ## install with the test extras

run: install bytecode $(DAGSTER_HOME)/dagster.yaml  ## build the warehouse from SEEDS_DIR into WAREHOUSE_DIR
	$(BIN)/news-warehouse build

refresh: install bytecode $(DAGSTER_HOME)/dagster.yaml  ## rebuild every derived table from scratch
	$(BIN)/news-warehouse build --full-refresh

summary: install  ## row counts and rejected files of the current warehouse
	$(BIN)/news-warehouse summary

# Debian packages the tests drive, as package:program (a glob: PostgreSQL's folder carries its version).
# The browser tests use chromium (never a downloaded browser), the Celery test starts redis-server
# on loopback, the DuckLake test a PostgreSQL server of its own.
SYSTEM_PACKAGES := chromium:/usr/bin/chromium redis-server:/usr/bin/redis-server postgresql:/usr/lib/postgresql/*/bin/postgres

system-packages:  ## install the Debian packages the tests need (chromium, redis-server, postgresql) when missing
	@missing=""; for entry in $(SYSTEM_PACKAGES); do \
	  found=""; for program in $${entry#*:}; do [ -x "$$program" ] && found=1; done; \
	  [ -n "$$found" ] || missing="$$missing $${entry%%:*}"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing$$missing with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
	else \
	  echo "The tests need these Debian packages:$$missing. Install them, then run make test again:" >&2; \
	  echo "  sudo apt-get update && sudo apt-get install -y$$missing" >&2; \
	  exit 1; \
	fi

test: install-dev bytecode system-packages  ## run the whole test suite (installs what it needs first)
	$(BIN)/python -m pytest

screenshots: install-dev system-packages  ## retake the UI and report screenshots in docs/screenshots/ (the browser test)
	SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest tests/e2e/test_report.py tests/e2e/test_ui.py -q

BENCH_ARGS ?=
bench: install-dev bytecode  ## benchmark on real news vs the bare model; writes bench/RESULTS.md (BENCH_ARGS="--sizes 1000")
	$(BIN)/python -m bench.run $(BENCH_ARGS)

dev: install bytecode $(DAGSTER_HOME)/dagster.yaml  ## Dagster UI + daemon on http://127.0.0.1:$(DEV_PORT), the report on :$(REPORT_PORT)
	$(BIN)/news-warehouse dev --port $(DEV_PORT) --report-port $(REPORT_PORT)

FORMATS_DIR ?= build/formats
formats: install  ## build the folder of every input format (tests/formats + a Parquet export) into $(FORMATS_DIR)
	rm -rf $(FORMATS_DIR) && $(BIN)/python tests/input_formats.py $(FORMATS_DIR)/seeds
	@mkdir -p $(FORMATS_DIR)/.dagster_home && cp dagster.yaml $(FORMATS_DIR)/.dagster_home/
	SEEDS_DIR=$(FORMATS_DIR)/seeds WAREHOUSE_DIR=$(FORMATS_DIR)/warehouse DAGSTER_HOME=$(CURDIR)/$(FORMATS_DIR)/.dagster_home \
	  MAX_FILE_BYTES=100000 $(BIN)/news-warehouse build

sql: install  ## DuckDB SQL shell on the warehouse (read-only)
	$(BIN)/duckdb -readonly -cmd "$$($(BIN)/python -m pipelines.core.extensions)" $(WAREHOUSE_DIR)/warehouse.duckdb

docs: install  ## regenerate docs/tables.md from the table definitions (pipelines/core/schemas.py)
	$(BIN)/python -m pipelines.core.schemas > docs/tables.md

lock:  ## re-resolve the lock files after editing pyproject.toml (needs network to PyPI)
	$(BIN)/pip install --quiet uv
	for extra in "" "--extra dev"; do \
	  out=requirements$${extra:+-dev}.lock; \
	  $(BIN)/uv pip compile pyproject.toml $$extra --generate-hashes --python-version 3.11 \
	    --python-platform x86_64-manylinux_2_28 -o $$out --quiet; \
	done

clean:  ## remove the virtualenv (the warehouse and run history stay)
	rm -rf $(VENV)
