# SparkFlow: the one entry point for the polyglot repository.
# `make demo` runs the pipeline locally; `make test` sets up what it needs and runs every test.

SHELL        := bash
.SHELLFLAGS  := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON       ?= python3
MVN          ?= mvn -B -ntp
VENVS        := .venv
LAKE         ?= $(CURDIR)/lake
INPUT        ?=
BATCHES      ?=
FILES        ?=
CONFIG       ?=
ROWS         ?= 5000000

JOBS_JAR     := emr-jobs/target/emr-jobs.jar
JOBS_CP      := emr-jobs/target/local-classpath.txt
# Spark 3.5 on Java 17 outside spark-submit needs these opens (same list as the root pom).
ADD_OPENS    := $(foreach p,java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent java.util.concurrent.atomic sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar,--add-opens=java.base/$(p)=ALL-UNNAMED)
# A fixed heap and metaspace: Spark's generated classes and a growing heap otherwise trigger full GCs.
JVM_OPTS     ?= -Xms6g -Xmx6g -XX:MetaspaceSize=512m -XX:+UseParallelGC
RUN_JOBS      = java $(ADD_OPENS) $(JVM_OPTS) -Dlog4j2.configurationFile=classpath:sparkflow-local-log4j2.properties \
                -cp $(JOBS_JAR):$$(cat $(JOBS_CP)) dev.sparkflow.jobs.Main

.PHONY: help demo replay demo-loose test test-java bench bench-household bench-categorise train-categories build catalog corpus corpus-table venv-moto venv-awscli clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-21s %s\n", $$1, $$2}'

build: $(JOBS_JAR) ## build the Java modules (jars, no tests)

$(JOBS_JAR): pom.xml $(shell find emr-jobs/src/main emr-jobs/pom.xml config test-support/src/main test-support/pom.xml lake-layout/src/main lake-layout/pom.xml -type f 2>/dev/null)
	$(MVN) -q package -DskipTests

demo: build venv-dbt ## sample household (or INPUT=dir) -> ingest + curate into ./lake -> dashboard tables on DuckDB
	@$(RUN_JOBS) demo --lake $(LAKE) $(if $(INPUT),--input $(INPUT))
	@$(MAKE) --no-print-directory marts LAKE=$(LAKE)

replay: build venv-dbt ## after a config fix: re-read earlier batches' rejected files from raw/ (LAKE, BATCHES=b1,b2, FILES=glob, CONFIG=dir), then the marts
	@$(RUN_JOBS) replay --lake $(LAKE) $(if $(BATCHES),--batches $(BATCHES)) $(if $(FILES),--files '$(FILES)') \
	  $(if $(CONFIG),--config $(abspath $(CONFIG)))
	@$(MAKE) --no-print-directory marts LAKE=$(LAKE)

# The bench runs in a 4 GiB heap: the 5M-row batch must fit in it.
bench: JVM_OPTS = -Xms4g -Xmx4g -XX:MetaspaceSize=512m -XX:+UseParallelGC

bench: build ## ingest + curate against a bare CSV->Parquet pass at 100k, 1M and ROWS (5000000) rows, in a 4 GiB heap
	@$(RUN_JOBS) bench --rows $(ROWS) --work $(CURDIR)/build/bench

bench-household: build ## the sample household's ingest + curate in a fresh JVM and a warm one (writes build/bench/household.json)
	@$(RUN_JOBS) bench-household --work $(CURDIR)/build/bench

bench-categorise: build ## categories learned from the sample household: accuracy and coverage on hidden rows (writes build/bench/categorise.json)
	@$(RUN_JOBS) bench-categorise --work $(CURDIR)/build/bench

train-categories: build ## learn categories from LAKE's rows overrides and rules categorised, then relabel its curated months (marts: make marts)
	@$(RUN_JOBS) train-categories --apply --lake $(LAKE)

CATALOG      := infra/terraform/modules/catalog/tables.json

catalog: build ## regenerate the Glue/Athena table definitions from the jobs' schemas (a test checks they are current)
	@mkdir -p $(dir $(CATALOG)) && $(RUN_JOBS) catalog --out $(CATALOG) && echo "wrote $(CATALOG)"

# Each tool folder brings its own targets (venv, build, tests) in a fragment of its own.
-include dbt/dbt.mk superset/superset.mk dbt/trino.mk airflow/airflow.mk airflow/bundle.mk png/png.mk dev-env/dev-env.mk launcher-lambda/launcher.mk infra/infra.mk

# --- Python tool venvs, each from its pinned requirements file -------------------------------
$(VENVS)/moto/.installed: test-support/requirements-moto.txt
	rm -rf $(VENVS)/moto && $(PYTHON) -m venv $(VENVS)/moto
	$(VENVS)/moto/bin/pip install -q -r $< && touch $@

venv-moto: $(VENVS)/moto/.installed ## the AWS emulator (moto server) for the Java tests

$(VENVS)/awscli/.installed: launcher-lambda/requirements-awscli.txt
	rm -rf $(VENVS)/awscli && $(PYTHON) -m venv $(VENVS)/awscli
	$(VENVS)/awscli/bin/pip install -q -r $< && touch $@

venv-awscli: $(VENVS)/awscli/.installed ## the real AWS CLI and shellcheck for the EC2 user-data tests

# --- tests ------------------------------------------------------------------------------------
test-java: venv-moto venv-awscli ## Java unit and integration tests (Spark local mode, moto server, user-data sandbox)
	$(MVN) verify

test: test-java test-dbt test-superset test-trino test-airflow test-deploy test-diagrams test-infra demo-loose ## everything: set up tools and run every test

clean: ## remove build outputs (keeps venvs)
	$(MVN) -q clean; rm -rf build lake dbt/target dbt/logs

CORPUS       := emr-jobs/src/test/resources/corpus

corpus: build ## read every real-world export loose with the stock config; one line of figures (VERBOSE=1: each difference)
	@$(RUN_JOBS) corpus --dir $(CORPUS) $(if $(VERBOSE),--verbose true)

demo-loose: ## make demo on the whole corpus (CSV, OFX/QFX, CAMT, MT940, QIF) dropped loose, plus a 6,000-deep OFX: every file read, every account found, the bad one rejected alone
	@$(PYTHON) $(CORPUS)/loose_folder.py $(CORPUS) build/loose-input
	@rm -rf build/loose-lake
	@$(MAKE) --no-print-directory demo INPUT=$(CURDIR)/build/loose-input LAKE=$(CURDIR)/build/loose-lake | tee build/loose-demo.log
	@grep -q 'rejected whole: 1 file: transactions/nested-statement.ofx (NESTING_TOO_DEEP' build/loose-demo.log \
	  || { echo "demo-loose: the nested OFX was not the one file rejected whole"; exit 1; }
	@$(DBT_PY) $(CORPUS)/check_loose.py build/loose-lake

corpus-table: build ## rewrite README.md's table of institutions known to work from the corpus (a test checks it is current)
	@mkdir -p build && $(RUN_JOBS) corpus --dir $(CORPUS) --table true > build/corpus-table.md
	@$(PYTHON) -c 'import re,sys; r=open("README.md").read(); t=open("build/corpus-table.md").read().strip(); \
	open("README.md","w").write(re.sub(r"(<!-- corpus-table:start -->\n).*?(\n<!-- corpus-table:end -->)", lambda m: m.group(1)+t+m.group(2), r, flags=re.S))'
	@echo "README.md: corpus table rewritten"
