"""Checks on the HTML that `make book` (`jupyter-book build --all -W --keep-going .`) wrote.

The build itself fails on any warning (a failing cell, a broken reference); these
tests check that what it wrote is complete, current and self-contained.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from book.toc import toc_docnames

from ._support import REPO, html_pages

pytestmark = pytest.mark.book

# Pages Sphinx writes on its own, besides the ones in _toc.yml.
SPHINX_PAGES = {"genindex.html", "search.html", "index.html", "py-modindex.html"}
SOURCE_SUFFIXES = (".ipynb", ".md")
# <script src=...> and <link href=...> that point at another host.
EXTERNAL_ASSET = re.compile(
    r"<(?:script[^>]*\ssrc|link[^>]*\shref)=[\"'](?:https?:)?//[^\"']+[\"'][^>]*>", re.IGNORECASE
)


def _toc_files() -> list[str]:
    return toc_docnames(REPO)


def _source(docname: str) -> Path:
    for suffix in SOURCE_SUFFIXES:
        path = REPO / f"{docname}{suffix}"
        if path.exists():
            return path
    raise AssertionError(f"_toc.yml lists {docname!r} but neither .ipynb nor .md exists")


def _fetch_assets():
    spec = importlib.util.spec_from_file_location("fetch_assets", REPO / "book" / "fetch_assets.py")
    module = importlib.util.module_from_spec(spec)
    # Its dataclasses resolve their annotations through sys.modules.
    sys.modules.setdefault("fetch_assets", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("docname", _toc_files())
def test_every_toc_page_is_built_and_current(html_dir, docname):
    page = html_dir / f"{docname}.html"
    assert page.exists(), f"{docname} is in _toc.yml but {page} was not built"
    source = _source(docname)
    assert page.stat().st_mtime >= source.stat().st_mtime, (
        f"{page} is older than {source.name}: rebuild with `make book`"
    )


def test_only_toc_pages_are_built(html_dir):
    expected = {f"{docname}.html" for docname in _toc_files()} | SPHINX_PAGES
    extra = sorted(set(html_pages(html_dir)) - expected)
    assert not extra, f"pages built that _toc.yml does not list: {extra}"


def test_pages_load_no_asset_from_another_host(html_dir):
    # <link rel="canonical"> (from html.baseurl) names the published copy of the page; a
    # browser never fetches it, so it is no asset.
    found = {
        page: [tag for tag in EXTERNAL_ASSET.findall((html_dir / page).read_text("utf8"))
               if not re.search(r"""\brel=["']canonical["']""", tag)]
        for page in html_pages(html_dir)
    }
    found = {page: tags for page, tags in found.items() if tags}
    assert not found, f"pages that load assets from another host: {json.dumps(found, indent=2)}"


def test_vendored_assets_match_the_pins_and_carry_licences(html_dir):
    fetch_assets = _fetch_assets()
    vendor = html_dir / "_static" / "vendor"
    served = json.loads((vendor / "VERSIONS.json").read_text("utf8"))
    assert served == {pkg.spec: pkg.integrity for pkg in fetch_assets.PACKAGES}
    for pkg in fetch_assets.PACKAGES:
        licence = vendor / pkg.dest / "LICENSE"
        assert licence.is_file() and licence.stat().st_size > 0, f"{pkg.spec} is served without its licence"
    assert (vendor / "mathjax" / "tex-mml-chtml.js").is_file()


IMG_TAG = re.compile(r"<img\b[^>]*>", re.S)
ALT_ATTR = re.compile(r'\balt="([^"]*)"')


@pytest.mark.book
@pytest.mark.parametrize("page", [p for p in html_pages() if p.startswith(("chapters/", "labs/"))] or ["<none>"])
def test_every_figure_has_alt_text_that_describes_it(html_dir, page):
    """Alt text comes from the cell's `mystnb.image.alt`; without it the page shows a file name."""
    html = (html_dir / page).read_text("utf8")
    problems = []
    # Figures computed by the notebook are written to `_images/` (the theme's own logos are not).
    for tag in (t for t in IMG_TAG.findall(html) if "_images/" in t):
        match = ALT_ATTR.search(tag)
        alt = match.group(1) if match else ""
        if len(alt.split()) < 6 or re.search(r"\.(png|jpe?g|svg|gif)$", alt):
            problems.append(f"{alt[:60]!r} in {tag[:120]}")
    assert not problems, (f"{page}: figures without descriptive alt text (set the cell metadata "
                          f"mystnb.image.alt):\n  " + "\n  ".join(problems))
