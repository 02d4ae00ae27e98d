"""Fixtures shared by the book and lab tests: the built HTML, a server for it, Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from book.serve import serve

from .book._support import CHROMIUM_ARGS, HOW_TO_BUILD, HTML_DIR, find_chromium


@pytest.fixture(scope="session")
def html_dir() -> Path:
    if not (HTML_DIR / "index.html").exists():
        pytest.fail(HOW_TO_BUILD, pytrace=False)
    return HTML_DIR


@pytest.fixture(scope="session")
def book_server(html_dir: Path) -> Iterator[str]:
    """Serve the built book on an ephemeral localhost port; yield its origin."""
    with serve(html_dir) as origin:
        yield origin


@pytest.fixture(scope="session")
def browser():
    executable = find_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
