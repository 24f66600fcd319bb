# Athena's engine on this machine: Trino (what Athena engine v3 runs) over a demo lake, with the lake's tables
# created from the Glue definitions; the dbt models' Trino/Athena SQL built and tested there and every mart compared
# with DuckDB's, and the dashboard rendered over it. Included by the root Makefile after dbt/dbt.mk (DBT, DBT_PY,
# DBT_FLAGS, DBT_LAKE_VARS) and superset/superset.mk (the test lake, the Superset venv); every recipe runs from
# the repository root.
#
# The server is Maven Central's trino-server tarball (cached in ~/.m2 like every other artifact, checked against
# its pinned sha256) run by the Temurin JDK 24+ beside the default Java (dbt/trino/trino_lake.py finds it).

TRINO_VERSION   := 476
TRINO_SHA256    := cfd5accde17e8ebd251eeeb78aed1f490e77bb3a164d95a0f454bf8a7c1cbd3f
TRINO_TARBALL   := $(HOME)/.m2/repository/io/trino/trino-server/$(TRINO_VERSION)/trino-server-$(TRINO_VERSION).tar.gz
TRINO_SERVER    := $(CURDIR)/build/trino/trino-server-$(TRINO_VERSION)
TRINO_HOME      := $(CURDIR)/build/trino/home
TRINO_PORT      ?= 18080
# The lake whose DuckDB marts and dashboard test-superset checked: the same files, the other engine.
TRINO_TEST_LAKE  = $(SUPERSET_TEST_LAKE)
TRINO_LAKE      := $(DBT_PY) dbt/trino/trino_lake.py
TRINO_SERVER_ARGS = --server $(TRINO_SERVER) --home $(TRINO_HOME) --port $(TRINO_PORT)

.PHONY: trino-server test-trino

$(TRINO_TARBALL):
	$(MVN) -q dependency:get -Dartifact=io.trino:trino-server:$(TRINO_VERSION):tar.gz -Dtransitive=false

$(TRINO_SERVER)/.unpacked: $(TRINO_TARBALL)
	echo "$(TRINO_SHA256)  $<" | sha256sum --check --quiet
	rm -rf $(TRINO_SERVER) && mkdir -p $(dir $(TRINO_SERVER))
	tar -xzf $< -C $(dir $(TRINO_SERVER))
	@# Only the Hive connector is used: fewer plugins, a faster start (hard links keep the shared jars).
	find $(TRINO_SERVER)/plugin -mindepth 1 -maxdepth 1 ! -name hive -exec rm -rf {} +
	touch $@

trino-server: $(TRINO_SERVER)/.unpacked ## Trino $(TRINO_VERSION) unpacked under build/trino (from ~/.m2, sha256-checked)

# One recipe, one shell: the server is stopped however the steps end. test-superset first: its lake, its DuckDB
# marts and its dashboard's numbers are what Trino's are compared with.
test-trino: venv-dbt trino-server test-superset ## the marts and the dashboard on Trino (Athena's engine), compared with DuckDB's
	@echo "--- Trino: the lake's tables from the Glue definitions, the models and their tests, marts and charts compared"
	@trap '$(TRINO_LAKE) down $(TRINO_SERVER_ARGS)' EXIT; \
	  $(TRINO_LAKE) up $(TRINO_SERVER_ARGS) && \
	  $(TRINO_LAKE) catalog --lake $(TRINO_TEST_LAKE) --port $(TRINO_PORT) && \
	  SPARKFLOW_TRINO_PORT=$(TRINO_PORT) $(DBT) build $(DBT_FLAGS) --target trino $(DBT_LAKE_VARS) \
	    --target-path target/trino && \
	  $(DBT_PY) dbt/scripts/test_counts.py dbt/target/trino && \
	  $(TRINO_LAKE) compare --duckdb $(TRINO_TEST_LAKE)/sparkflow.duckdb --port $(TRINO_PORT) && \
	  SUPERSET_TEST_TARGET=trino SPARKFLOW_TRINO_PORT=$(TRINO_PORT) CHROMIUM=$(CHROMIUM) \
	  SUPERSET_SCREENSHOT=$(SUPERSET_BUILD)/dashboard-trino.png \
	  SUPERSET_DUCKDB_CHART_DATA=$(SUPERSET_BUILD)/chart-data-duckdb.json \
	  SUPERSET_CHART_DATA=$(SUPERSET_BUILD)/chart-data-trino.json \
	    $(SUPERSET_PY) -m pytest -q -p no:cacheprovider superset/tests/test_dashboard.py
