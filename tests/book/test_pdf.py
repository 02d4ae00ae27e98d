"""The PDF edition `make pdf` prints (book/pdf.py): plausibly long, every chapter and lab
title in it, and no figure lost. `make pdf` runs these after building it; `make test` does
not build the PDF (README, Tiers)."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import nbformat
import pytest

from book.pdf import live_book_url
from book.toc import toc_docnames, toc_notebooks

from ._support import REPO

pytestmark = pytest.mark.pdf

PDF = Path(os.environ.get("BOOK_PDF", REPO / "_build" / "linear-regression-from-scratch.pdf"))
# Pages per page of the book: a reference page takes a few, a chapter up to a hundred.
PAGES_PER_DOCUMENT = (2, 120)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _normal(text: str) -> str:
    """Ligatures undone, hyphenation and line breaks dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def reader():
    from pypdf import PdfReader

    if not PDF.is_file():
        pytest.fail(f"{PDF} is missing: run `make pdf`", pytrace=False)
    return PdfReader(PDF)


@pytest.fixture(scope="module")
def text(reader):
    return _normal(" ".join(page.extract_text() or "" for page in reader.pages))


def _title(notebook: str) -> str:
    first = next(c for c in nbformat.read(REPO / notebook, as_version=4).cells if c.cell_type == "markdown")
    heading = next(line for line in first.source.splitlines() if line.startswith("# "))
    # Inline markup is not printed: `code`, *emphasis*, $math$ (MathJax's glyphs are no text).
    return _normal(re.sub(r"\$[^$]*\$|[`*_]", "", heading[2:]))


def test_the_page_count_is_plausible(reader):
    documents = len(toc_docnames())
    low, high = (documents * k for k in PAGES_PER_DOCUMENT)
    assert low <= len(reader.pages) <= high, f"{len(reader.pages)} pages for {documents} documents"


@pytest.mark.parametrize("notebook", toc_notebooks())
def test_every_chapter_and_lab_title_is_printed(text, notebook):
    title = _title(notebook)
    assert title in text, f"the title of {notebook}, {title!r}, is not in the PDF"


def test_no_figure_is_missing(reader):
    """Each figure the notebooks hold (a PNG output) and each lab (a picture of it) is one
    image in the PDF."""
    figures = labs = 0
    for notebook in toc_notebooks():
        for cell in nbformat.read(REPO / notebook, as_version=4).cells:
            for output in cell.get("outputs", ()):
                data = output.get("data", {})
                figures += "image/png" in data
                labs += WIDGET_VIEW in data
    images = sum(len(page.images) for page in reader.pages)
    assert images == figures + labs, f"{images} images in the PDF; {figures} figures and {labs} labs in the book"


def test_the_labs_link_to_their_live_pages(reader, text):
    """Each lab's picture is followed by its live page's address, as text and as a link."""
    links = {
        annot.get_object().get("/A", {}).get("/URI")
        for page in reader.pages
        for annot in page.get("/Annots") or []
    }
    for notebook in (n for n in toc_notebooks() if n.startswith("labs/")):
        live = f"{live_book_url()}/{notebook.removesuffix('.ipynb')}.html"
        assert live in links, f"no link to {live} in the PDF"
        assert _normal(live).replace(" ", "") in text.replace(" ", ""), f"{live} is not printed"


def test_every_chapter_ends_with_its_hints_and_solutions(text):
    chapters = [n for n in toc_notebooks() if n.startswith("chapters/")]
    assert text.count("Hints and solutions") == len(chapters)
