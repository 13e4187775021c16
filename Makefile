# The two quick-start commands:
#   make demo   runs the main job on built-in synthetic spectra and prints a table
#   make test   runs the test suite
# make test-fast runs the unit tests without the slow tier, make test-properties the
# property-based tests at length,
# and make lint checks style (ruff, as CI does), make docs builds the documentation
# site into doc/_build/html.
# All create .venv on first use. torch==2.13.0 is installed before the package:
# that release's CPU wheel is what a plain "torch" requirement must not replace
# with a multi-GB CUDA build.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast test-properties lint format docs

$(STAMP): pyproject.toml setup.cfg
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[test,plot,doc,lint]"
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m sklearn_teanet demo

# Every tier, the docstrings' examples (doctests) of the package's modules included.
test: $(STAMP)
	$(PY) -m pytest

# The unit tests alone, for the edit-test loop (the slow tier is left out).
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow"

# The property-based tests of the readers and the model-file loader at length (thousands of files each).
test-properties: $(STAMP)
	HYPOTHESIS_PROFILE=long $(PY) -m pytest tests/data/test_reader_properties.py tests/persistence/test_model_file_properties.py

# What CI checks: lint rules and formatting (configured in pyproject.toml).
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Fix what ruff can fix and format the code.
format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# The site, the example gallery executed, into doc/_build/html; warnings are errors.
docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -n -b html doc doc/_build/html
