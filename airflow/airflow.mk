# Airflow: the pipeline DAG (airflow/dags) and its tests. Included by the root Makefile, which defines VENVS, PYTHON,
# RUN_JOBS, JOBS_JAR, `build` and (through dbt/dbt.mk) `venv-dbt` and DBT; every recipe runs from the repository root.
# The Compose deployment and the bundle have a fragment of their own (airflow/bundle.mk).

AIRFLOW_VENV      := $(VENVS)/airflow
AIRFLOW           := $(AIRFLOW_VENV)/bin/airflow
AIRFLOW_BUILD     := $(CURDIR)/build/airflow
AIRFLOW_TEST_HOME := $(AIRFLOW_BUILD)/home
# The sample household's landing files, left in place by the demo, are the tests' input.
AIRFLOW_SAMPLE    := $(AIRFLOW_BUILD)/sample-lake
# RUN_JOBS names the jar relative to the repository root; the DAG runs it from a scratch folder.
AIRFLOW_JOBS_CMD   = $(subst $(JOBS_JAR),$(CURDIR)/$(JOBS_JAR),$(RUN_JOBS))
# Airflow for the tests: its home and SQLite metadata DB under build/, this repository's DAGs, no examples.
AIRFLOW_TEST_ENV  := AIRFLOW_HOME=$(AIRFLOW_TEST_HOME) AIRFLOW__CORE__DAGS_FOLDER=$(CURDIR)/airflow/dags \
                     AIRFLOW__CORE__LOAD_EXAMPLES=False AIRFLOW__LOGGING__LOGGING_LEVEL=WARNING

.PHONY: venv-airflow test-airflow

# First the image's hashed lock (what the image installs, so the tests prove its hashes), then the test-only extras.
$(AIRFLOW_VENV)/.installed: airflow/image/requirements-airflow.txt airflow/requirements.txt airflow/constraints.txt
	rm -rf $(AIRFLOW_VENV) && $(PYTHON) -m venv $(AIRFLOW_VENV)
	$(AIRFLOW_VENV)/bin/pip install -q --require-hashes --no-deps -r airflow/image/requirements-airflow.txt
	$(AIRFLOW_VENV)/bin/pip install -q -c airflow/constraints.txt -r airflow/requirements.txt
	$(AIRFLOW_VENV)/bin/pip check && touch $@

venv-airflow: $(AIRFLOW_VENV)/.installed ## the Airflow venv (the image's hashed lock, then moto, pytest) from airflow/constraints.txt

test-airflow: venv-airflow venv-dbt build ## the pipeline DAG in real Airflow: DagBag, local mode end to end, EMR mode against moto
	rm -rf $(AIRFLOW_BUILD) && mkdir -p $(AIRFLOW_TEST_HOME)
	@echo "[airflow] sample household -> $(AIRFLOW_SAMPLE) (its landing/ is the tests' input)"
	@$(RUN_JOBS) demo --lake $(AIRFLOW_SAMPLE) > $(AIRFLOW_BUILD)/sample-lake.log 2>&1 || { cat $(AIRFLOW_BUILD)/sample-lake.log; exit 1; }
	$(AIRFLOW_TEST_ENV) $(AIRFLOW) db migrate > $(AIRFLOW_BUILD)/db-migrate.log 2>&1 || { cat $(AIRFLOW_BUILD)/db-migrate.log; exit 1; }
	@for mode in emr local; do echo "[airflow] DAG parse times, SPARKFLOW_EXECUTION=$$mode"; \
	  $(AIRFLOW_TEST_ENV) SPARKFLOW_EXECUTION=$$mode $(AIRFLOW) dags report 2>&1 | sed -n '/^file /,$$p'; done
	@echo "[airflow] pytest airflow/tests (SPARKFLOW_JOBS_CMD: the Makefile's RUN_JOBS with the jar's absolute path)"
	@$(AIRFLOW_TEST_ENV) SPARKFLOW_JOBS_CMD="$(AIRFLOW_JOBS_CMD)" SPARKFLOW_DBT=$(CURDIR)/$(DBT) \
	  SPARKFLOW_TEST_SAMPLE=$(AIRFLOW_SAMPLE) SPARKFLOW_TEST_DBT_PYTHON=$(CURDIR)/$(DBT_PY) \
	  $(AIRFLOW_VENV)/bin/python -m pytest airflow/tests --junitxml=$(AIRFLOW_BUILD)/junit.xml
