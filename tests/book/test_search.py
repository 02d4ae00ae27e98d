"""The book's search works offline and finds chapter content, exercise titles and references.

Sphinx's search runs in the page, on `searchindex.js` served by the book itself. The test
blocks every request that leaves the book's origin (and records it), types queries the
way a reader would (the search page's own form), and checks where the results point.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from ._support import keep_offline

pytestmark = [pytest.mark.book, pytest.mark.browser]

# (query, a page that must be among the results)
QUERIES = [
    ("soft-thresholding", "chapters/08_lasso.html"),
    ("normal equations", "chapters/02_loss_and_geometry.html"),
    ("stability limit", "chapters/04_gradient_descent.html"),
    ("Hoerl Kennard", "chapters/07_ridge.html"),
    ("sandwich heteroscedastic", "chapters/09_probabilistic_view.html"),
    ("memory map budget", "chapters/10_larger_than_memory.html"),
    # exercise titles
    ("gradients of the MSE, yourself", "chapters/02_loss_and_geometry.html"),
    ("Polynomial features, yourself", "chapters/06_overfitting.html"),
    ("Heavy ball from scratch", "chapters/04_gradient_descent.html"),
    # labs and reference pages
    ("penalty geometry diamond", "labs/04_penalty_geometry.html"),
    ("notation", "reference/notation.html"),
    ("glossary", "reference/glossary.html"),
]


def _results(browser, book_server, query):
    outside = []
    context = browser.new_context(service_workers="block")
    try:
        keep_offline(context, book_server, outside.append)
        page = context.new_page()
        page.goto(f"{book_server}/search.html?q={quote(query)}", wait_until="load")
        # Sphinx writes a summary line when the search has finished
        page.wait_for_selector("#search-results .search-summary", timeout=30_000)
        page.wait_for_function(
            "!document.querySelector('#search-results .search-summary').textContent.includes('Preparing')",
            timeout=30_000,
        )
        links = page.eval_on_selector_all(
            "#search-results ul.search li a", "els => els.map(a => a.getAttribute('href'))")
    finally:
        context.close()
    return [link.split("?")[0].split("#")[0] for link in links], outside


@pytest.mark.parametrize("query, page", QUERIES)
def test_search_finds_it_offline(browser, book_server, query, page):
    links, outside = _results(browser, book_server, query)
    assert not outside, f"the search page asked other sites: {outside}"
    assert any(link.endswith(page) for link in links), f"{query!r}: {page} not in {links[:10]}"
