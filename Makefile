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
	$(PY) -m pip install --quiet -e '.[test,parquet,dask,progress]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m dedup.demo examples/afp-syria-page.txt

lint: $(STAMP)
	$(VENV)/bin/ruff check dedup tests benchmarks
	$(VENV)/bin/ruff format --check dedup tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(PY) -m pytest -q

test: lint typecheck pytest

clean:
	rm -rf $(VENV) build dist *.egg-info
