# Two commands matter: `make run` and `make test`. Both install into .venv first, from uv.lock.
# `make run` installs what running needs; `make test` adds the [dev] extra (tests, lint, types, dask).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# uv installs the locked versions (fast, reproducible); it lives in its own small venv, not in .venv.
UV_VERSION := 0.13.9
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
# --locked: stop if uv.lock no longer matches pyproject.toml (run `make lock`);
# --inexact: keep what another target installed (make test, then make run, installs nothing).
SYNC   := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(UV) sync --locked --inexact --python $(PYTHON)

.PHONY: native install install-dev lock run test lint typecheck check bench accuracy browser dev clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)

## Runtime dependencies (what `make run` needs), and the extraction compiled with mypyc.
install: $(UV)
	$(SYNC) --extra native
	$(PY) -m pipeline.build_native

## Runtime + the [dev] extra (tests, lint, type checks, dask).
install-dev: $(UV)
	$(SYNC) --extra dev --extra native
	$(PY) -m pipeline.build_native

## Compile the extraction again after editing it (a stale build is never used: it runs from the sources).
native: install

## Re-resolve uv.lock after changing dependencies in pyproject.toml (commit it with the change).
lock: $(UV)
	$(UV) lock

## Materialise every asset on raw/ and publish a release (PIPELINE_RAW_DIR / PIPELINE_OUTPUT_DIR override).
run: install
	$(PY) -m pipeline run

## The whole test suite, plus lint and type checks.
test: install-dev browser
	$(PY) -m pipeline.build_native --require
	$(PY) -m ruff check pipeline schemas tests $(wildcard bench)
	$(PY) -m mypy
	$(PY) -m pytest

lint: install-dev
	$(PY) -m ruff check pipeline schemas tests $(wildcard bench)

typecheck: install-dev
	$(PY) -m mypy

## Headless Chromium for the report test (Debian packages); skipped where apt-get is absent.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null; \
	fi

bench: $(UV)
	$(SYNC) --extra dev --extra bench --extra native
	$(PY) -m pipeline.build_native
	$(PY) -m bench.run $(BENCH_ARGS)

## Seeds, dev and external accuracy from ../shared (BILATERAL_SHARED_DIR overrides); says so when absent.
accuracy: install
	$(PY) -m bench.accuracy

## The Dagster UI and daemon (the [ui] extra adds dagster-webserver).
dev: $(UV)
	$(SYNC) --extra ui
	DAGSTER_HOME=$${DAGSTER_HOME:-$(CURDIR)/.dagster_home}; mkdir -p $$DAGSTER_HOME; \
	DAGSTER_HOME=$$DAGSTER_HOME $(VENV)/bin/dagster dev -w workspace.yaml

clean:
	rm -f pipeline/extraction/*.so pipeline/extraction/_native.stamp
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
