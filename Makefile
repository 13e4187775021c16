# The two quick-start commands:
#   make demo   runs the main job on built-in synthetic spectra and prints a table
#   make test   runs the test suite
# and make docs builds the documentation site into doc/_build/html.
# Both create .venv on first use. torch==2.13.0 is installed before the package:
# that release's CPU wheel is what a plain "torch" requirement must not replace
# with a multi-GB CUDA build.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test docs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e ".[test,plot,doc]"
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m sklearn_teanet demo

test: $(STAMP)
	$(PY) -m pytest

# The site, the example gallery executed, into doc/_build/html; warnings are errors.
docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -n -b html doc doc/_build/html
