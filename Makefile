# The two commands of the README: `make run` and `make test`. Each installs on first use
# what it needs and nothing more: `make run` a virtualenv with Parley (its extraction
# core compiled), the Kafka jars and gcc; `make test` adds the test tools.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
export PARLEY_HOME ?= $(HOME)/.cache/parley

.PHONY: setup test-setup debs-run debs-test deps run test lint bench clean image deploy-test

setup: $(VENV)/.compiled

# Running needs the package and its runtime dependencies only.
$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The dependencies and the package; its core is compiled in the next step.
	PARLEY_PURE_PYTHON=1 $(BIN)/pip install -q -e .
	touch $@

# Testing adds the `test` and `rocksdb` extras (pytest, the linters, testcontainers,
# rocksdict). Only their requirements are installed: reinstalling the project itself
# would rebuild it, and it may already be compiled.
EXTRAS_REQ := $(VENV)/test-requirements.txt
$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -c 'import tomllib; x = tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]; print("\n".join(x["test"] + x["rocksdb"]))' >$(EXTRAS_REQ)
	$(BIN)/pip install -q -r $(EXTRAS_REQ)
	touch $@

test-setup: setup $(VENV)/.test-installed

# setup.py compiles the extraction core with mypyc, in place beside its sources. A
# source changed since the last build is compiled again here; importing parley
# refuses a compiled module older than its source (parley/native.py).
CORE := setup.py services/parley/translate.py services/parley/knowledge/base.py \
	$(wildcard services/parley/extract/*.py)
$(VENV)/.compiled: $(VENV)/.installed $(CORE) | debs-run
	$(BIN)/pip install -q --no-deps -e .
	touch $@

# Debian packages, installed when their command is missing (as root; otherwise the
# apt-get line to run is printed). Without recommends, and apt's output goes to a log:
# `make run` should not pull a desktop's worth of packages or print hundreds of lines.
# gcc compiles the core (make run). kcat is the independent client the end-to-end test
# reads the output topic with; chromium renders the live page for its screenshot;
# docker-compose validates the compose file without an engine (make test).
RUN_DEBS  := gcc
TEST_DEBS := kcat chromium docker-compose
APT_LOG   := .parley/apt.log
define install_debs
	@missing=""; for t in $(1); do command -v $$t >/dev/null || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "missing:$$missing (sudo apt-get install --no-install-recommends$$missing)" >&2; exit 1; fi; \
	  mkdir -p $(dir $(APT_LOG)); \
	  echo "installing$$missing with apt-get (log: $(APT_LOG))"; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends $$missing; } >>$(APT_LOG) 2>&1 \
	    || { tail -n 20 $(APT_LOG) >&2; echo "apt-get failed; see $(APT_LOG)" >&2; exit 1; }; \
	fi
endef

debs-run:
	$(call install_debs,$(RUN_DEBS))

debs-test:
	$(call install_debs,$(TEST_DEBS))

# Everything `make test` needs; `make run` needs only setup and the jars.
deps: test-setup debs-test
	$(BIN)/parley broker fetch

run: setup
	@$(BIN)/parley broker fetch >/dev/null
	bash deploy/local/run.sh

test: deps
	$(BIN)/ruff check services tests
	$(BIN)/mypy
	$(BIN)/pytest

# The worker image with no image registry: a Debian base made with debootstrap, then
# deploy/Dockerfile (docs/deploy.md). BASE=python:3.11-slim builds FROM that instead.
image:
	bash deploy/image/build.sh

# The image built and run against the local broker, and the stall alert fired and
# cleared by a real Prometheus (CI runs these too); as root, installs docker.io,
# debootstrap and prometheus if missing (docs/deploy.md).
deploy-test: deps
	PARLEY_IMAGE_TEST=1 $(BIN)/pytest tests/integration/test_image.py \
	  tests/integration/test_prometheus_alerts.py tests/unit/test_deploy.py

bench: setup
	$(BIN)/python -m tests.bench.extraction

clean:
	-$(BIN)/parley broker stop
	rm -rf $(VENV) .parley build
	find services -name '*.so' -delete
