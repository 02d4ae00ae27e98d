# Two commands do all the set-up on a fresh machine:
#   make book   virtual environment, pinned install, HTML in _build/html
#   make test   the same set-up, then every test: the lint and the tiers below (strict nbval
#               under the first BLAS kernel as a check of the build's own runs, see notebooks-check)
# Tiers that run alone: make unit, make notebooks-check, make browser, make environment.
# Other targets: make pdf, make lab, make notebooks (authors), make screenshots, make bench,
# make lint, make clean.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: help venv assets book pdf lab notebooks lint test test-book-side test-kernel-side unit \
	notebooks-check browser browser-labs browser-book environment screenshots bench clean

# The venv's tools (jupyter, its kernels) come first for every recipe.
export PATH := $(abspath $(VENV))/bin:$(PATH)
BOOK_HTML := _build/html
# Every notebook of the course, in the order the book presents them.
NOTEBOOKS = $(sort $(wildcard chapters/*.ipynb)) $(sort $(wildcard labs/*.ipynb))

help:
	@sed -n '1,5p' Makefile

# The virtual environment is rebuilt whenever a pinned requirement changes.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml book/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@# Matplotlib's font cache, built now: the first kernel to import matplotlib would
	@# otherwise print "Matplotlib is building the font cache" into a committed output.
	$(PY) -c "import matplotlib.font_manager"
	touch $(STAMP)

venv: $(STAMP)

# The labs' JavaScript tools live here (see `assets`); the unit tier checks the committed
# bundles against a fresh esbuild build, so it installs them too.
LABS_JS := helpers/labs/js
NODE_STAMP := $(LABS_JS)/node_modules/.package-lock.json

# Tier 1, seconds to a minute: the kernels' unit tests and doctests, the checker, and the
# checks on the notebooks' sources that need no build and no browser.
unit: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -m "not browser and not book and not environment and not screenshots and not pdf"

# The labs' JavaScript tools (esbuild, biome, typescript), pinned in their
# package-lock.json; reinstalled when it changes. No install scripts run.
$(NODE_STAMP): $(LABS_JS)/package-lock.json
	cd $(LABS_JS) && npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

# MathJax, require.js, the widget manager and widget front ends, pinned, from npm
# into book/_static/vendor (a no-op when already there; see book/fetch_assets.py),
# and the labs' front ends bundled by esbuild into helpers/labs/static (committed:
# after changing helpers/labs/js/src, run this and commit the bundles).
assets: $(STAMP) $(NODE_STAMP)
	$(PY) book/fetch_assets.py
	node $(LABS_JS)/build.mjs

# The labs' front ends: biome (lint and format), the types their JSDoc declares
# (tsc, // @ts-check), and the committed bundles against a fresh build (drift).
lint: $(NODE_STAMP)
	cd $(LABS_JS) && ./node_modules/.bin/biome ci . && ./node_modules/.bin/tsc -p . && node build.mjs --check

# The first of the two BLAS kernels of tests/blas.py that the notebooks' outputs must reproduce
# under (the environment tier runs the second), with two threads.
BLAS_KERNEL ?= $(shell $(PYTHON) tests/blas.py first)
FIRST_BLAS := $(if $(BLAS_KERNEL),OPENBLAS_CORETYPE=$(BLAS_KERNEL)) OPENBLAS_NUM_THREADS=2 PYTHONHASHSEED=0

# The HTML book. Every notebook is executed, under the first BLAS kernel with two threads,
# and the executed copies (_build/jupyter_execute) are what the browser tier holds to the
# committed outputs by nbval's rules (tests/book/test_build_outputs.py); BOOK_EXECUTION=cache
# reuses a local jupyter-cache while authoring. Any warning, such as a failing cell or a
# broken reference, fails the build after reporting all of them.
# The old HTML goes first: `--all` rewrites every page but leaves orphans behind.
book: $(STAMP) assets
	rm -rf $(BOOK_HTML) _build/jupyter_execute
	$(FIRST_BLAS) $(VENV)/bin/jupyter-book build --all -W --keep-going .
	@echo "The book is in $(abspath $(BOOK_HTML)): open $(abspath $(BOOK_HTML))/index.html"

# The PDF edition, _build/linear-regression-from-scratch.pdf: the book as one HTML page (Sphinx's
# singlehtml builder, the committed outputs, not re-executed), printed by Chromium with the labs
# as pictures taken from the HTML book (built first when missing) and each chapter's hints and
# solutions at its end (book/pdf.py). PDF_SPHINX_FLAGS=--keep-going tolerates warnings.
PDF := _build/linear-regression-from-scratch.pdf
PDF_SPHINX_FLAGS ?= -W --keep-going
pdf: $(STAMP) assets $(BOOK_HTML)/index.html
	rm -rf _build/pdf
	BOOK_EXECUTION=off $(VENV)/bin/jupyter-book build . --builder singlehtml --path-output _build/pdf $(PDF_SPHINX_FLAGS)
	$(PY) book/pdf.py _build/pdf/_build/singlehtml $(BOOK_HTML) $(PDF)
	$(PY) -m pytest -m pdf -q

# JupyterLab on the repository (add LAB_ARGS=--no-browser on a remote machine).
# Jupyter refuses to run as root unless told; containers often are root.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=. $(LAB_ROOT) $(LAB_ARGS)

# For authors: write the checked exercises' hints, stubs and reference solutions into the
# chapters (book/sync_exercises.py), then re-execute every notebook in place, top to bottom
# in a fresh kernel, with the metadata that changes from run to run stripped, so a diff
# shows only real changes. It refuses to touch a notebook in which a learner has answered
# an exercise (that work would be reset to the stub) unless told: `make notebooks FORCE=1`.
# No other target writes into chapters/ or labs/.
notebooks: $(STAMP)
	$(PY) book/sync_exercises.py $(if $(FORCE),--force)
	$(PY) book/run_notebooks.py $(NOTEBOOKS)

# Tier 2: strict nbval over every notebook, each cell's text output compared with the one
# committed, under the first BLAS kernel of tests/blas.py with two threads (the environment
# tier runs the second kernel on one thread, in the reader's environment). `make test` does
# not run it: the book's build executes every notebook under the same kernel and threads,
# and the browser tier compares those runs by the same rules, so each notebook runs once
# per kernel.
NBVAL_ARGS := -p no:cacheprovider --nbval --nbval-current-env --nbval-cell-timeout=120 \
	--nbval-sanitize-with=book/nbval_sanitize.cfg
notebooks-check: $(STAMP)
	$(FIRST_BLAS) $(PY) -m pytest $(NBVAL_ARGS) $(NOTEBOOKS)

# Tier 3: Chromium over the built book (every page, the labs, axe-core, search, figures)
# and the labs in a running JupyterLab. Builds the book first when it is missing.
browser: $(STAMP) $(BOOK_HTML)/index.html
	$(PY) -m pytest -m "(browser or book) and not screenshots"

# The browser tier in the two parts `make test` runs on its two lines: the labs' pages and
# JupyterLab, which need no built book, and everything that reads the built book.
browser-labs: $(STAMP)
	$(PY) -m pytest -m "browser and not book and not screenshots"
browser-book: $(STAMP) $(BOOK_HTML)/index.html
	$(PY) -m pytest -m "book and not screenshots" $(BOOK_TESTS)

# For review, not a test: every page in both themes, desktop and phone, full-page, into
# _build/screenshots (open its index.html). Builds the book first when it is missing.
screenshots: $(STAMP) $(BOOK_HTML)/index.html
	rm -rf _build/screenshots
	$(PY) -m pytest -m screenshots -q

$(BOOK_HTML)/index.html:
	$(MAKE) book

# Tier 4, needs PyPI: the reader's environment from requirements.txt alone (strict nbval
# under the second BLAS kernel), Colab's stack plus what the bootstrap cell installs, the
# Python that Binder would pick, and `make lab`.
environment: $(STAMP)
	$(PY) -m pytest -m environment

# Everything: the lint (first, so that a stale committed bundle is caught before the
# build rewrites it), then two lines of work side by side, one per core: the book (built
# with -W, every notebook executed under the first BLAS kernel) and the browser tests that
# read it, which include strict nbval's comparison of those runs; the unit tests, the labs'
# browser tests (no book needed) and the environment tier (strict nbval under the second
# kernel). Every tier runs and reports even after another fails; each line's output is
# printed whole when it finishes (--output-sync), so the two do not interleave.
# BLAS runs on one thread in both lines (two lines already fill the two cores; OpenBLAS
# threads that wait for a busy core spin and take time from the other line), except where
# a check asks for two (the build: the first BLAS kernel with two threads).
# The kernel line's tiers take about half as long as the build and its browser tests, so
# once they are done it takes over a share of the book's browser tests (BOOK_TAIL), after
# waiting for the build: the book line writes the build's exit status to BOOK_READY.
BOOK_READY := _build/.book-ready
BOOK_TAIL := tests/book/test_figures.py tests/book/test_math_on_phone.py
test: $(STAMP) lint
	rm -f $(BOOK_READY)
	OPENBLAS_NUM_THREADS=1 $(MAKE) --no-print-directory -k -j2 --output-sync=target \
		test-book-side test-kernel-side

test-book-side: $(STAMP)
	@status=0; $(MAKE) --no-print-directory book || status=$$?; \
		mkdir -p _build && echo $$status > $(BOOK_READY); exit $$status
	$(MAKE) --no-print-directory browser-book BOOK_TESTS="$(addprefix --ignore=,$(BOOK_TAIL))"

test-kernel-side: $(STAMP)
	@status=0; $(MAKE) --no-print-directory -k unit browser-labs environment || status=1; \
	echo "make test: the book's browser tests in $(BOOK_TAIL) run here once the book is built"; \
	waited=0; until [ -e $(BOOK_READY) ] || [ $$waited -ge 3600 ]; do sleep 2; waited=$$((waited + 2)); done; \
	if [ "$$(cat $(BOOK_READY) 2>/dev/null)" = 0 ]; then \
		$(MAKE) --no-print-directory browser-book BOOK_TESTS="$(BOOK_TAIL)" || status=1; \
	else \
		echo "make test: FAILED: the book did not build, so $(BOOK_TAIL) did not run"; status=1; \
	fi; exit $$status

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/labs.py

clean:
	rm -rf _build .pytest_cache .hypothesis book/_static/vendor $(LABS_JS)/node_modules
