# dbt: the dashboard tables (dbt/). Included by the root Makefile, which defines VENVS, PYTHON, LAKE,
# RUN_JOBS and `build`; every recipe runs from the repository root.

DBT_VENV         := $(VENVS)/dbt
DBT              := $(DBT_VENV)/bin/dbt
DBT_PY           := $(DBT_VENV)/bin/python
DBT_FLAGS        := --project-dir dbt --profiles-dir dbt
# The lake's zone prefixes, read from their one home (config/lake.yml) when a recipe runs.
DBT_LAKE_VARS     = --vars "$$($(DBT_PY) dbt/scripts/lake_vars.py config/lake.yml)"
SPARKFLOW_DUCKDB ?= $(abspath $(LAKE))/sparkflow.duckdb
DBT_TEST_LAKE    := $(CURDIR)/build/dbt-lake
DBT_PARTIAL_LAKE := $(CURDIR)/build/dbt-lake-partial

.PHONY: venv-dbt marts test-dbt

# First the Airflow image's hashed dbt lock (dbt-core, dbt-athena: the tests prove its hashes), then the rest of the
# frozen set (dbt-duckdb and what it needs).
$(DBT_VENV)/.installed: airflow/image/requirements-dbt.txt dbt/requirements.txt
	rm -rf $(DBT_VENV) && $(PYTHON) -m venv $(DBT_VENV)
	$(DBT_VENV)/bin/pip install -q --require-hashes --no-deps -r airflow/image/requirements-dbt.txt
	$(DBT_VENV)/bin/pip install -q -r dbt/requirements.txt
	$(DBT_VENV)/bin/pip check && touch $@

venv-dbt: $(DBT_VENV)/.installed ## the dbt venv (dbt-core, dbt-duckdb, dbt-athena) from dbt/requirements.txt

marts: venv-dbt ## dbt build (models and their tests) on DuckDB over LAKE, then a summary of the marts
	@echo "[dbt] build marts into $(SPARKFLOW_DUCKDB)"
	@SPARKFLOW_LAKE=$(abspath $(LAKE)) SPARKFLOW_DUCKDB=$(SPARKFLOW_DUCKDB) \
	  $(DBT) --quiet build $(DBT_FLAGS) --target local $(DBT_LAKE_VARS)
	@$(DBT_PY) dbt/scripts/test_counts.py dbt/target
	@$(DBT_PY) dbt/scripts/summary.py $(SPARKFLOW_DUCKDB)

# Runs the Java demo itself (not `make demo`, which ends by calling `marts`) into a lake of its own.
test-dbt: venv-dbt build ## dbt on a fresh demo lake: every model, data and unit test; the athena target offline
	rm -rf $(DBT_TEST_LAKE) $(DBT_PARTIAL_LAKE) && mkdir -p $(DBT_TEST_LAKE)
	$(RUN_JOBS) demo --lake $(DBT_TEST_LAKE) > $(DBT_TEST_LAKE).log 2>&1 || { cat $(DBT_TEST_LAKE).log; exit 1; }
	@echo "--- a lake without balances or budgets still builds (DuckDB reads an absent dataset as empty)"
	cp -r $(DBT_TEST_LAKE) $(DBT_PARTIAL_LAKE)
	rm -rf $(DBT_PARTIAL_LAKE)/curated/balances $(DBT_PARTIAL_LAKE)/curated/budgets $(DBT_PARTIAL_LAKE)/quarantine/balances
	SPARKFLOW_LAKE=$(DBT_PARTIAL_LAKE) SPARKFLOW_DUCKDB=$(DBT_PARTIAL_LAKE)/sparkflow.duckdb \
	  $(DBT) --quiet build $(DBT_FLAGS) --target local $(DBT_LAKE_VARS) --target-path target/partial
	@echo "--- athena target, offline: parse, then compile every model and data test without a connection"
	$(DBT) parse $(DBT_FLAGS) --target athena $(DBT_LAKE_VARS) --target-path target/athena
	$(DBT) --quiet compile $(DBT_FLAGS) --target athena $(DBT_LAKE_VARS) --target-path target/athena --no-populate-cache
	@echo "--- local target on the demo lake: models, data tests, unit tests"
	SPARKFLOW_LAKE=$(DBT_TEST_LAKE) SPARKFLOW_DUCKDB=$(DBT_TEST_LAKE)/sparkflow.duckdb \
	  $(DBT) build $(DBT_FLAGS) --target local $(DBT_LAKE_VARS)
	$(DBT_PY) dbt/scripts/summary.py $(DBT_TEST_LAKE)/sparkflow.duckdb
	$(DBT_PY) dbt/scripts/test_counts.py dbt/target
