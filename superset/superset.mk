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

dashboards: venv-superset $(if $(DBT_VENV),marts) ## build the marts, then serve the dashboards on localhost (DETACH=1: in the background)
	@test -f "$(SPARKFLOW_DUCKDB)" || { echo "no marts at $(SPARKFLOW_DUCKDB): run make demo and make marts (or set SPARKFLOW_DUCKDB)" >&2; exit 1; }
	@SPARKFLOW_DUCKDB=$(abspath $(SPARKFLOW_DUCKDB)) $(SUPERSET_PY) superset/build_bundle.py duckdb
	@$(SUPERSET_PY) superset/local_superset.py up --home $(SUPERSET_HOME_DIR) \
	  --bundle $(SUPERSET_BUILD)/bundle-duckdb.zip --port $(SUPERSET_PORT) $(if $(DETACH),--detach)

dashboards-stop: ## stop a Superset started with make dashboards DETACH=1
	@$(SUPERSET_PY) superset/local_superset.py stop --home $(SUPERSET_HOME_DIR)

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
	SUPERSET_SCREENSHOT=$(SUPERSET_BUILD)/dashboard.png CHROMIUM=$(CHROMIUM) \
	  $(SUPERSET_PY) -m pytest -q -p no:cacheprovider superset/tests

dashboard-screenshot: test-superset ## refresh superset/screenshots/household-finance.png from the test's screenshot
	cp $(SUPERSET_BUILD)/dashboard.png superset/screenshots/household-finance.png
