"""Chromium visits every page of the built book, the way a reader's browser would.

Each page must be self-contained (no request leaves the page's origin, so the book
works offline and behind classroom filters), log no JavaScript error, typeset all of
its math with MathJax, and render every embedded widget.
"""

from __future__ import annotations

import pytest

from ._support import HOW_TO_BUILD, html_pages, keep_offline

# Long enough for MathJax and the widget manager on a slow CI machine.
RENDER_TIMEOUT_MS = 30_000

# After MathJax's startup promise settles, list what it left untypeset.
MATH_PROBLEMS_JS = """
async () => {
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise) { await mj.startup.promise; }
  const problems = [];
  for (const el of document.querySelectorAll(".math")) {
    if (!el.querySelector("mjx-container")) {
      problems.push("not typeset: " + el.textContent.trim().slice(0, 80));
    }
  }
  for (const el of document.querySelectorAll("mjx-merror")) {
    problems.push("TeX error: " + (el.getAttribute("data-mjx-error") || el.textContent).slice(0, 80));
  }
  // Delimiters MathJax should have consumed, left in the visible text.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("pre, code, script, style, textarea, .highlight")) continue;
    const text = node.textContent;
    if (/\\\\\\(|\\\\\\[|\\\\begin\\{/.test(text)) {
      problems.push("raw TeX left in the page: " + text.trim().slice(0, 80));
    }
  }
  return { hasMathJax: Boolean(mj && mj.startup), problems };
}
"""

# True once every widget view on the page has been rendered by the HTML manager.
WIDGETS_RENDERED_JS = """
() => Array.from(
  document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')
).every((tag) => {
  const area = tag.previousElementSibling;
  return area && area.classList.contains("widget-subarea") && area.childElementCount > 0;
})
"""


def _page_ids() -> list[str]:
    return html_pages() or ["<book not built>"]


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.timeout(180)
@pytest.mark.parametrize("page_path", _page_ids())
def test_page_is_offline_clean_and_typeset(browser, book_server, html_dir, page_path):
    if page_path not in html_pages(html_dir):
        pytest.fail(HOW_TO_BUILD, pytrace=False)

    outside: list[str] = []
    errors: list[str] = []
    origin = book_server

    context = browser.new_context(service_workers="block")
    try:

        keep_offline(context, origin, outside.append)
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and errors.append(f"console: {msg.text} @ {msg.location}"))
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
        page.on(
            "response",
            lambda response: response.status >= 400 and errors.append(f"HTTP {response.status}: {response.url}"),
        )

        page.goto(f"{origin}/{page_path}", wait_until="load", timeout=RENDER_TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=RENDER_TIMEOUT_MS)

        # Without a declared icon Chromium asks for /favicon.ico, outside Playwright's
        # view, and logs the 404 as a console error.
        has_icon = page.locator('link[rel~="icon"]').count() > 0
        math = page.evaluate(MATH_PROBLEMS_JS)
        n_widgets = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
        widgets_rendered = True
        if n_widgets:
            try:
                page.wait_for_function(WIDGETS_RENDERED_JS, timeout=RENDER_TIMEOUT_MS)
            except Exception:  # Playwright's TimeoutError: reported below with the rest
                widgets_rendered = False
        # Let late module loads and their errors arrive before judging the page.
        page.wait_for_load_state("networkidle", timeout=RENDER_TIMEOUT_MS)
    finally:
        context.close()

    report = []
    if outside:
        report.append("requests outside the page's origin:\n  " + "\n  ".join(outside))
    if errors:
        report.append("JavaScript errors:\n  " + "\n  ".join(errors))
    if math["problems"]:
        report.append("math MathJax did not typeset:\n  " + "\n  ".join(math["problems"]))
    if not has_icon:
        report.append("no <link rel=icon>: the browser requests /favicon.ico and logs a 404")
    if not widgets_rendered:
        report.append(f"not every one of the {n_widgets} widget views was rendered")
    assert not report, f"{page_path}:\n" + "\n".join(report)


# Code and printed output that do not fit the column: (first line, overflow in px) each.
OVERFLOWING_CODE_JS = """
() => Array.from(document.querySelectorAll("div.cell div.cell_input pre, div.cell div.cell_output pre"))
  .filter((pre) => pre.scrollWidth > pre.clientWidth + 1)
  .map((pre) => [pre.textContent.split("\\n").find((l) => l.length > 60) || pre.textContent.slice(0, 60),
                 pre.scrollWidth - pre.clientWidth])
"""


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.parametrize("page_path", [p for p in _page_ids() if p.startswith("chapters/")] or ["<none>"])
def test_code_cells_fit_the_column_at_1280_px(browser, book_server, html_dir, page_path):
    """No code cell or printed output scrolls sideways on a desktop (1280 px)."""
    if page_path not in html_pages(html_dir):
        pytest.fail(HOW_TO_BUILD, pytrace=False)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{book_server}/{page_path}", wait_until="load", timeout=RENDER_TIMEOUT_MS)
        overflowing = page.evaluate(OVERFLOWING_CODE_JS)
    finally:
        page.close()
    assert not overflowing, (f"{page_path}: {len(overflowing)} code cells or outputs scroll sideways "
                             "at 1280 px:\n  " + "\n  ".join(f"{line.strip()[:70]!r} (+{px}px)"
                                                          for line, px in overflowing))
