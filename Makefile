# Two commands matter: `make run` and `make test`. Both install into .venv first when needed.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install run test lint typecheck check bench browser dev clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Materialise every asset on raw/ and publish a release (PIPELINE_RAW_DIR / PIPELINE_OUTPUT_DIR override).
run: install
	$(PY) -m pipeline run

## The whole test suite, plus lint and type checks.
test: install browser
	$(PY) -m ruff check pipeline schemas tests $(wildcard bench)
	$(PY) -m mypy
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check pipeline schemas tests $(wildcard bench)

typecheck: install
	$(PY) -m mypy

## Headless Chromium for the report test (Debian packages); skipped where apt-get is absent.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null; \
	fi

bench: install
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) -m bench.run

dev: install
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home}; mkdir -p $$DAGSTER_HOME; \
	DAGSTER_HOME=$$DAGSTER_HOME $(VENV)/bin/dagster dev -w workspace.yaml

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
