# A newcomer needs two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-test

.PHONY: install demo test lint typecheck pytest gate bench bench-quick clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall whenever the project's declared dependencies change.
$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,parquet,dask,cli,datatrove]'
	touch $(STAMP)

install: $(STAMP)

# The demo needs the base install only, not the test tools and extras.
DEMO_STAMP := $(VENV)/.installed-base

$(DEMO_STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e .
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(PY) -m dedup.demo examples/afp-syria-page.txt

lint: $(STAMP)
	$(VENV)/bin/ruff check dedup tests benchmarks
	$(VENV)/bin/ruff format --check dedup tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(PY) -m pytest -q

# The quality gate: fails when content is lost or a pinned minimum drops.
gate: $(STAMP)
	$(PY) -m benchmarks.gate

# Benchmarks install the optional baselines (datasketch, trafilatura, matplotlib).
BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(PY) -m benchmarks.run
	$(PY) -m benchmarks.site_eval
	$(PY) -m benchmarks.languages

# The quick run writes beside, not over, the committed full-run results.
bench-quick: $(BENCH_STAMP)
	$(PY) -m benchmarks.run --quick --out benchmarks/results/quick

test: lint typecheck pytest gate

clean:
	rm -rf $(VENV) build dist *.egg-info
