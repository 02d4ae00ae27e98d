"""The book's build: its Sphinx extension (:mod:`book.lrbook`), the figure renderer that
myst-nb loads while the book is built (:mod:`book.figures`), and the scripts the Makefile
runs (``fetch_assets.py``, ``run_notebooks.py``, ``sync_exercises.py``).

Installed with the course's distribution (``pip install -e .``) so that myst-nb's entry
point and Sphinx can import it; a reader's notebooks never do.
"""
