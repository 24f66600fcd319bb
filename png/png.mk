# Architecture pictures: png/src/<name>.dot (Graphviz) drawn to png/<name>.png, each PNG stamped with the sha256 of
# its source. Included by the root Makefile, which defines PYTHON; every recipe runs from the repository root.
# Drawing needs Graphviz (Debian's, installed with apt when missing); the staleness test needs only Python.

DOT  ?= /usr/bin/dot
SUDO ?= $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: graphviz diagrams test-diagrams

$(DOT):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz

graphviz: $(DOT) ## Debian's Graphviz for make diagrams (installed with apt when missing)

diagrams: $(DOT) ## draw png/*.png from png/src/*.dot where the source changed (FORCE=1: every picture)
	$(PYTHON) png/diagrams.py render --dot $(DOT) $(if $(FORCE),--all)

test-diagrams: ## the pictures are current with their sources, and the check can fail (Python only, no Graphviz)
	$(PYTHON) -m unittest discover -v -s png/tests -t png/tests
