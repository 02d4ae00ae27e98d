"""What a reader of the HTML book sees under an exercise's check cell.

The book is a static copy of the notebooks: every check cell shows the book's stub, "Not
answered yet", and no kernel runs there. The output must say how to check an answer
(open the notebook in Binder, Colab or JupyterLab), never "run the cell again"; a live
kernel shows that advice instead (helpers/exercises/display.py, book/_static/lrbook.css).
"""

from __future__ import annotations

import re

import pytest

from helpers.exercises import list_exercises
from helpers.exercises.display import STATIC_PAGE_NOTE

from ._support import HOW_TO_BUILD, html_pages
from .test_browser import RENDER_TIMEOUT_MS


def _chapter_pages() -> list[str]:
    return [p for p in html_pages() if re.match(r"chapters/\d\d_", p)] or ["<book not built>"]


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("page_path", _chapter_pages())
def test_a_stub_output_says_how_to_check_an_answer(browser, book_server, html_dir, page_path):
    if page_path not in html_pages(html_dir):
        pytest.fail(HOW_TO_BUILD, pytrace=False)
    checked = list_exercises(chapter=int(page_path.split("/")[1][:2]))
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{book_server}/{page_path}", wait_until="load", timeout=RENDER_TIMEOUT_MS)
        outputs = page.locator(".cell_output .lr-exercise-check-todo")
        # what is painted: innerText leaves out what CSS does not display
        painted = outputs.evaluate_all("(els) => els.map((el) => el.innerText)")
        live_shown = page.locator(".lr-exercise-check .lr-live").evaluate_all(
            "(els) => els.filter((el) => el.checkVisibility()).length")
    finally:
        context.close()

    assert len(painted) == len(checked), (
        f"{page_path}: {len(painted)} stub outputs for {len(checked)} checked exercises")
    note = " ".join(STATIC_PAGE_NOTE.split())
    for text in painted:
        flat = " ".join(text.split())
        assert note in flat, f"{page_path}: the stub output does not say how to check:\n{text}"
        assert "run the cell" not in flat and "More help" not in flat, (
            f"{page_path}: a stub output gives advice only a kernel can follow:\n{text}")
        assert "Not answered yet" in flat
    assert live_shown == 0
