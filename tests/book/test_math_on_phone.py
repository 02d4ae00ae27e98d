"""Display equations on a phone (390 CSS px wide, touch, overlay scrollbars).

An equation wider than the text column must not be cut off: the box it is clipped by must
scroll sideways to its last symbol, and the reader must see that there is more: the edge
on the side where more of the equation lies fades out (book/_static/lrbook.css).
"""

from __future__ import annotations

import io

import matplotlib.image as mpimg
import numpy as np
import pytest

from ._support import HOW_TO_BUILD, HTML_DIR, html_pages, screenshot_of
from .test_browser import MATH_PROBLEMS_JS, RENDER_TIMEOUT_MS

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 1}

# Solutions and hints are folded; a reader opens them, and their equations count too.
OPEN_FOLDS_JS = """
() => {
  document.querySelectorAll("button.toggle-button[aria-expanded='false']").forEach((b) => b.click());
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
}
"""

# For each display equation the reader can see: how far its symbols reach past the region
# that every clipping ancestor (and the viewport) leaves visible, at the start and scrolled
# to the end of its nearest box that scrolls sideways. That box is tagged
# `data-lrbook-test-scroller`, so the test can scroll it and take its picture.
EQUATIONS_JS = """
() => Array.from(document.querySelectorAll('mjx-container[display="true"]'))
  .filter((math) => math.checkVisibility()).map((math, i) => {
  const symbols = math.querySelector("mjx-math") || math;
  const reach = () => {
    const r = symbols.getBoundingClientRect();
    let left = 0, right = document.documentElement.clientWidth;
    for (let el = symbols.parentElement; el; el = el.parentElement) {
      if (getComputedStyle(el).overflowX !== "visible") {
        const box = el.getBoundingClientRect();
        left = Math.max(left, box.left + el.clientLeft);
        right = Math.min(right, box.left + el.clientLeft + el.clientWidth);
      }
    }
    return { before: Math.max(0, left - r.left), after: Math.max(0, r.right - right) };
  };
  let scroller = null;
  for (let el = symbols.parentElement; el && !scroller; el = el.parentElement) {
    if (["auto", "scroll"].includes(getComputedStyle(el).overflowX)
        && el.scrollWidth > el.clientWidth) { scroller = el; }
  }
  const at_start = reach();
  let at_end = at_start;
  if (scroller) {
    scroller.dataset.lrbookTestScroller = String(i);
    scroller.scrollLeft = scroller.scrollWidth;
    at_end = reach();
    scroller.scrollLeft = 0;
  }
  const item = window.MathJax.startup.document.getMathItemsWithin(math)[0];
  return { index: i, tex: item ? item.math.trim().slice(0, 60) : math.textContent.slice(0, 60),
           at_start, at_end, scrolls: Boolean(scroller) };
})
"""


def _math_pages() -> list[str]:
    """The pages with display mathematics (Sphinx writes it as `<div class="math ...">`)."""
    pages = [page for page in html_pages()
             if '<div class="math' in (HTML_DIR / page).read_text("utf8")]
    return pages or ["<book not built>"]


def _open_phone_page(browser, book_server, page_path):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{book_server}/{page_path}", wait_until="load", timeout=RENDER_TIMEOUT_MS)
    page.evaluate(MATH_PROBLEMS_JS)  # resolves once MathJax has typeset the page
    page.evaluate(OPEN_FOLDS_JS)
    return context, page


def _redness(picture: np.ndarray) -> np.ndarray:
    """How red each column of an RGB picture is, from 0 (grey) to 1 (pure red)."""
    rgb = picture[..., :3].astype(float)
    return np.clip(rgb[..., 0] - rgb[..., 1:].mean(axis=-1), 0, 1).mean(axis=0)


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.timeout(300)
@pytest.mark.parametrize("page_path", _math_pages())
def test_no_display_equation_is_cut_off_on_a_phone(browser, book_server, html_dir, page_path):
    if page_path not in html_pages(html_dir):
        pytest.fail(HOW_TO_BUILD, pytrace=False)
    context, page = _open_phone_page(browser, book_server, page_path)
    try:
        # content wider than the phone would make the whole page scroll sideways (and the
        # browser widen its layout viewport, so nothing below could be measured)
        page_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert page_width == [PHONE["viewport"]["width"]] * 2, (
            f"{page_path}: on a phone the page is {page_width[0]} px wide, wider than the screen")
        equations = page.evaluate(EQUATIONS_JS)
        # The cue, seen: with the symbols' own box painted solid red, a box that scrolls
        # shows red right up to the edge it has reached, and fades on the side where more is.
        page.add_style_tag(content="mjx-container mjx-math { background: rgb(255, 0, 0) !important; }")
        cues = {}
        for equation in [e for e in equations if e["scrolls"]]:
            box = page.locator(f"[data-lrbook-test-scroller='{equation['index']}']")
            edges = []
            for position in ("0", "el.scrollWidth"):
                box.evaluate(f"(el) => {{ el.scrollLeft = {position}; }}")
                picture = mpimg.imread(io.BytesIO(screenshot_of(page, box)), format="png")
                height = picture.shape[0]
                redness = _redness(picture[height // 3: 2 * height // 3])
                edges.append((redness[:3].mean(), redness[-3:].mean()))
            cues[equation["index"]] = edges
    finally:
        context.close()

    cut = [e for e in equations if e["at_end"]["after"] > 1 or e["at_start"]["before"] > 1]
    assert not cut, f"{page_path}: equations cut off on a phone: " + "; ".join(
        f"{e['tex']!r} (hidden: {e['at_end']['after']:.0f} px)" for e in cut)
    no_cue = []
    for index, ((start_left, start_right), (end_left, end_right)) in cues.items():
        # at the start the right edge fades and the left does not; at the end, the reverse
        if not (start_right < 0.5 * start_left and end_left < 0.5 * end_right):
            no_cue.append(f"{equations[index]['tex']!r}: edge redness at the start "
                          f"{start_left:.2f} | {start_right:.2f}, "
                          f"at the end {end_left:.2f} | {end_right:.2f}")
    assert not no_cue, (f"{page_path}: equations that scroll without showing it:\n  "
                        + "\n  ".join(no_cue))
