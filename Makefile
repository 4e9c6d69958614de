# Two entry points for a fresh machine (see README.md): `make docs` and `make test`.
# Everything installs into ./.venv; nothing touches the system Python.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: docs test lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip

$(VENV)/.docs-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[docs]"
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $@ $(VENV)/.docs-installed

docs: $(VENV)/.docs-installed
	$(BIN)/python -m sphinx -b html -n -W --keep-going -q example_docs example_docs/_build/html
	@echo "Built the example documentation. Open:"
	@echo "  file://$(CURDIR)/example_docs/_build/html/index.html"

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

clean:
	rm -rf example_docs/_build .pytest_cache .mypy_cache .ruff_cache
