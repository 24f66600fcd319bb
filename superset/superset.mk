# Superset: the dashboards kept as code (superset/assets) over the dbt marts. Included by the root
# Makefile after dbt/dbt.mk, which defines `marts`, `venv-dbt` and SPARKFLOW_DUCKDB; every target runs
# from the repository root.

SUPERSET_VENV        := $(VENVS)/superset
SUPERSET_PY          := $(SUPERSET_VENV)/bin/python
SUPERSET_BUILD       := $(CURDIR)/build/superset
SUPERSET_HOME_DIR    ?= $(SUPERSET_BUILD)/home
SUPERSET_PORT        ?= 8088
SPARKFLOW_DUCKDB     ?= $(abspath $(LAKE))/sparkflow.duckdb
# The tests' marts: built from a fresh demo lake, or an existing file given as SUPERSET_TEST_DUCKDB.
SUPERSET_TEST_LAKE   := $(CURDIR)/build/superset-lake
SUPERSET_TEST_DUCKDB ?=
CHROMIUM             ?= /usr/bin/chromium
SUDO                 := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: venv-superset superset-bundle dashboards dashboards-stop chromium test-superset superset-test-marts \
        dashboard-screenshot

$(SUPERSET_VENV)/.installed: superset/requirements.txt
	rm -rf $(SUPERSET_VENV) && $(PYTHON) -m venv $(SUPERSET_VENV)
	$(SUPERSET_VENV)/bin/pip install -q -r $< && touch $@

venv-superset: $(SUPERSET_VENV)/.installed ## the Superset venv (Superset 6.1, duckdb-engine, pyathena) from superset/requirements.txt

superset-bundle: venv-superset ## zip the assets for SUPERSET_TARGET=duckdb (default) or athena into build/superset/
	SPARKFLOW_DUCKDB=$(abspath $(SPARKFLOW_DUCKDB)) \
	  $(SUPERSET_PY) superset/build_bundle.py $(or $(SUPERSET_TARGET),duckdb)

# TARGET=duckdb (default): the marts of the local lake, built first. TARGET=athena: the deployed marts, queried in
# Athena with your own AWS credentials (AWS_PROFILE or the usual chain) through the stack's workgroup: nothing runs
# in the cloud but the queries you cause, and nothing is left running when you stop it.
TARGET               ?= duckdb
SPARKFLOW_ENV        ?= prod
DASHBOARDS_REGION     = $(or $(AWS_REGION),$(shell aws configure get region 2>/dev/null))
SPARKFLOW_ATHENA_WORK_GROUP ?= sparkflow-$(SPARKFLOW_ENV)
# Each target its own Superset home (admin password, metadata): build/superset/home and build/superset/home-athena.
DASHBOARDS_HOME       = $(SUPERSET_HOME_DIR)$(if $(filter athena,$(TARGET)),-athena)

dashboards: venv-superset $(if $(filter duckdb,$(TARGET)),$(if $(DBT_VENV),marts)) ## serve the dashboards on localhost: TARGET=duckdb (local marts) or athena (the deployed ones); DETACH=1 in the background
ifeq ($(TARGET),athena)
	@test -n "$(DASHBOARDS_REGION)" || { echo "set AWS_REGION (or a region in your AWS profile)" >&2; exit 1; }
	@AWS_REGION=$(DASHBOARDS_REGION) SPARKFLOW_ATHENA_WORK_GROUP=$(SPARKFLOW_ATHENA_WORK_GROUP) \
	  $(SUPERSET_PY) superset/build_bundle.py athena
	@echo "[dashboards] Athena workgroup $(SPARKFLOW_ATHENA_WORK_GROUP) in $(DASHBOARDS_REGION), as $${AWS_PROFILE:-the default AWS credentials}"
else ifeq ($(TARGET),duckdb)
	@test -f "$(SPARKFLOW_DUCKDB)" || { echo "no marts at $(SPARKFLOW_DUCKDB): run make demo and make marts (or set SPARKFLOW_DUCKDB)" >&2; exit 1; }
	@SPARKFLOW_DUCKDB=$(abspath $(SPARKFLOW_DUCKDB)) $(SUPERSET_PY) superset/build_bundle.py duckdb
else
	@echo "TARGET must be duckdb or athena, not $(TARGET)" >&2; exit 1
endif
	@AWS_REGION=$(DASHBOARDS_REGION) $(SUPERSET_PY) superset/local_superset.py up --home $(DASHBOARDS_HOME) \
	  --bundle $(SUPERSET_BUILD)/bundle-$(TARGET).zip --port $(SUPERSET_PORT) $(if $(DETACH),--detach)

dashboards-stop: ## stop a Superset started with make dashboards DETACH=1 (same TARGET)
	@$(SUPERSET_PY) superset/local_superset.py stop --home $(DASHBOARDS_HOME)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

chromium: $(CHROMIUM) ## Debian's chromium for the dashboard screenshot (installed with apt when missing)

# A fresh demo lake and its marts, the same every time (the demo household is seeded).
superset-test-marts: venv-dbt $(JOBS_JAR)
	rm -rf $(SUPERSET_TEST_LAKE) && mkdir -p $(SUPERSET_TEST_LAKE)
	$(RUN_JOBS) demo --lake $(SUPERSET_TEST_LAKE) > $(SUPERSET_TEST_LAKE).demo.log \
	  || { cat $(SUPERSET_TEST_LAKE).demo.log; exit 1; }
	$(MAKE) --no-print-directory marts LAKE=$(SUPERSET_TEST_LAKE) SPARKFLOW_DUCKDB=$(SUPERSET_TEST_LAKE)/sparkflow.duckdb

test-superset: venv-superset chromium $(if $(SUPERSET_TEST_DUCKDB),,superset-test-marts) ## a real Superset on the demo marts: import, every chart's data, a Chromium screenshot
	SPARKFLOW_DUCKDB=$(or $(SUPERSET_TEST_DUCKDB),$(SUPERSET_TEST_LAKE)/sparkflow.duckdb) \
	SUPERSET_SCREENSHOT=$(SUPERSET_BUILD)/dashboard-duckdb.png CHROMIUM=$(CHROMIUM) \
	SUPERSET_CHART_DATA=$(SUPERSET_BUILD)/chart-data-duckdb.json \
	  $(SUPERSET_PY) -m pytest -q -p no:cacheprovider superset/tests

dashboard-screenshot: test-trino ## refresh superset/screenshots/ from the tests' screenshots (DuckDB and Trino)
	cp $(SUPERSET_BUILD)/dashboard-duckdb.png superset/screenshots/household-finance.png
	cp $(SUPERSET_BUILD)/dashboard-trino.png superset/screenshots/household-finance-trino.png
