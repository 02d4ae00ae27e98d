"""A gallery of the whole built book as a reader sees it, for review (`make screenshots`).

Every page, in the light and the dark theme, on a desktop (1280 px) and on a phone
(390 x 844, touch), is captured full-page into `_build/screenshots/`, with an
`index.html` that shows them side by side, so a reviewer can look at the whole book in a
minute. It asserts only that each page rendered (MathJax done, widgets drawn); the other
browser tests check what the pages must hold. Not part of `make test`.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from ._support import HTML_DIR, html_pages

pytestmark = [pytest.mark.screenshots, pytest.mark.book]

OUT = HTML_DIR.parent / "screenshots"
VIEWS = {
    "desktop": dict(viewport={"width": 1280, "height": 900}),
    "phone": dict(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                  has_touch=True),
}
THEMES = ("light", "dark")
READY_JS = """
async () => {
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.promise) { await mj.startup.promise; }
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  return Array.from(views).every((tag) => {
    const area = tag.previousElementSibling;
    return area && area.classList.contains("widget-subarea") && area.childElementCount > 0;
  });
}
"""


def _name(page: str, view: str, theme: str) -> str:
    return f"{page.removesuffix('.html').replace('/', '__')}--{view}--{theme}.png"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("page", html_pages() or ["<book not built>"])
def test_screenshot(browser, book_server, html_dir, page, view, theme):
    context = browser.new_context(**VIEWS[view])
    context.add_init_script(f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');")
    try:
        tab = context.new_page()
        tab.goto(f"{book_server}/{page}", wait_until="load")
        tab.wait_for_function(READY_JS, timeout=30_000)
        tab.wait_for_timeout(300)  # the theme's transitions settle
        OUT.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(OUT / _name(page, view, theme)), full_page=True)
    finally:
        context.close()


def test_gallery_index():
    """An index of the gallery, written after the screenshots (tests run in file order)."""
    rows = []
    for page in html_pages():
        cells = "".join(
            f'<td><a href="{_name(page, v, t)}"><img loading="lazy" src="{_name(page, v, t)}" '
            f'alt="{html.escape(page)}, {v}, {t} theme"></a></td>'
            for v in VIEWS for t in THEMES if (OUT / _name(page, v, t)).exists())
        rows.append(f"<tr><th>{html.escape(page)}</th>{cells}</tr>")
    head = "".join(f"<th>{v}, {t}</th>" for v in VIEWS for t in THEMES)
    Path(OUT / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>Book screenshots</title>"
        "<style>img{width:240px;vertical-align:top}td{vertical-align:top}</style>"
        f"<table><tr><th>page</th>{head}</tr>{''.join(rows)}</table>", "utf8")
    assert rows, "no page was captured: build the book first"
