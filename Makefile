# Two commands do all the set-up on a fresh machine:
#   make book   virtual environment, pinned install, HTML in _build/html
#   make test   the same set-up, then every test
# Other targets: make lab, make notebooks, make bench, make clean.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: help venv test unit bench clean

help:
	@sed -n '1,5p' Makefile

# The virtual environment is rebuilt whenever a pinned requirement changes.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

# Kernel tests and doctests only (fast; no book build).
unit: $(STAMP)
	$(PY) -m pytest tests/kernels helpers

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf _build .pytest_cache .hypothesis
