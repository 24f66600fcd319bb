# dev-env: the cloud dev box CLI (dev-env/). Included by the root Makefile, which defines MVN and test-java;
# every recipe runs from the repository root.

DEV_ENV_JAR  := dev-env/target/dev-env.jar
DEV_ENV_SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
ARGS         ?= --help

.PHONY: dev-env dev-env-tools

$(DEV_ENV_JAR): pom.xml $(shell find dev-env/src dev-env/pom.xml launcher-api/src launcher-api/pom.xml config/platform.yml -type f 2>/dev/null)
	$(MVN) -q -pl dev-env -am package -DskipTests

dev-env: $(DEV_ENV_JAR) ## the dev box CLI: make dev-env ARGS="up" (or status, down, ssh-config, --help)
	@java -jar $(DEV_ENV_JAR) $(ARGS)

/usr/bin/ssh-keygen:
	$(DEV_ENV_SUDO) apt-get update -qq
	$(DEV_ENV_SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-client

dev-env-tools: /usr/bin/ssh-keygen ## OpenSSH's client (ssh -G, ssh-keygen): dev-env's tests check their output with it

# dev-env's Java tests (run by test-java's `mvn verify`) ask the real ssh and ssh-keygen.
test-java: dev-env-tools
