"""The static book shows only what the page computes.

A learner's function runs in the kernel while the book is built (the labs' notebooks
call ``lab.use_fit`` or ``lab.use_gradients``) and its results are saved in the widget
state, but the static page has no Python to rerun it when the reader moves a point:
its overlay and message must not be shown there (in a live notebook they are, see
tests/labs/test_front_end.py and test_jupyterlab.py).
"""

from __future__ import annotations

import json

import pytest

from tests.book._support import HOW_TO_BUILD

pytestmark = [pytest.mark.browser, pytest.mark.book]

# Each lab page, its canvas's model name, and the learner's overlay on it.
LEARNER = [
    ("labs/01_fit_by_hand.html", "FitCanvas", ".lab-line-learner"),
    ("labs/02_gradient_descent.html", "DescentCanvas", ".lab-path-learner"),
    ("labs/03_overfitting_and_ridge.html", "OverfitCanvas", "[data-curve=learner]"),
    ("labs/04_penalty_geometry.html", "PenaltyCanvas", "[data-mark=learner]"),
]


@pytest.mark.parametrize("path,canvas,overlay", LEARNER, ids=[p.split("/")[-1][:2] for p, _, _ in LEARNER])
def test_no_learner_overlay_in_the_static_page(browser, book_server, html_dir, path, canvas, overlay):
    if not (html_dir / path).exists():
        pytest.fail(HOW_TO_BUILD, pytrace=False)
    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    try:
        page.goto(f"{book_server}/{path}", wait_until="load")
        page.wait_for_selector(".lab [data-readout]", timeout=30_000)
        states = [m["state"] for text in page.eval_on_selector_all(
            'script[type="application/vnd.jupyter.widget-state+json"]', "els => els.map(e => e.textContent)")
            for m in json.loads(text)["state"].values()
            if m["state"].get("_anywidget_id", "").endswith(canvas)]
        assert len(states) == 1 and states[0]["learner_message"], "the page saved no learner's results"
        page.wait_for_timeout(500)  # time enough for an answer, had there been a kernel
        shown = page.locator(overlay)
        assert not shown.is_visible() or not (shown.get_attribute("points") or "x")
        assert page.text_content("[data-readout=learner]") == ""
        assert "your function" not in page.locator(".lab-svg").first.inner_html()
    finally:
        page.close()
