# The two commands of the README: `make run` and `make test`. Everything they need is
# installed on first use: a virtualenv with the project (its extraction core compiled),
# the Kafka jars, and the Debian packages below.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
export PARLEY_HOME ?= $(HOME)/.cache/parley

.PHONY: setup debs deps run test lint bench clean image deploy-test

setup: $(VENV)/.compiled

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The dependencies and the package; its core is compiled in the next step.
	PARLEY_PURE_PYTHON=1 $(BIN)/pip install -q -e '.[test,rocksdb]'
	touch $@

# setup.py compiles the extraction core with mypyc, in place beside its sources. A
# source changed since the last build is compiled again here; importing parley
# refuses a compiled module older than its source (parley/native.py).
CORE := setup.py services/parley/translate.py services/parley/knowledge/base.py \
	$(wildcard services/parley/extract/*.py)
$(VENV)/.compiled: $(VENV)/.installed $(CORE) | debs
	$(BIN)/pip install -q --no-deps -e .
	touch $@

# gcc compiles the core; kcat is the independent client the end-to-end test reads the
# output topic with; chromium renders the live page for its screenshot;
# docker-compose validates the compose file without an engine.
DEBS := gcc kcat chromium docker-compose
debs:
	@missing=""; for t in $(DEBS); do command -v $$t >/dev/null || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "missing:$$missing (sudo apt-get install$$missing)" >&2; exit 1; fi; fi

deps: setup debs
	$(BIN)/parley broker fetch

run: deps
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
