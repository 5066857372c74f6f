# The two commands of the README: `make run` and `make test`. Everything they need is
# installed on first use: a virtualenv with the project, the Kafka jars, and kcat.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin
export PARLEY_HOME ?= $(HOME)/.cache/parley

.PHONY: setup deps run test lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,rocksdb]'
	touch $@

# kcat is the independent client the end-to-end test reads the output topic with;
# chromium renders the live page for its screenshot; docker-compose validates the
# compose file without an engine.
DEBS := kcat chromium docker-compose
deps: setup
	@missing=""; for t in $(DEBS); do command -v $$t >/dev/null || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "missing:$$missing (sudo apt-get install$$missing)" >&2; exit 1; fi; fi
	$(BIN)/parley broker fetch

run: deps
	bash deploy/local/run.sh

test: deps
	$(BIN)/ruff check services tests
	$(BIN)/mypy
	$(BIN)/pytest

bench: setup
	$(BIN)/python -m tests.bench.extraction

clean:
	-$(BIN)/parley broker stop
	rm -rf $(VENV) .parley
