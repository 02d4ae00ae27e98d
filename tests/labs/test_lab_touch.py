"""The built book's labs on a phone: 390 x 844 CSS pixels, touch, as a reader holds one.

A finger drags each lab's points and handles (real touch sequences, through the Chrome
DevTools Protocol): the mark must land where the finger stopped, read off the plot's own
axes, and the page must not scroll. The marks must be targets of at least 24 CSS pixels
(WCAG 2.2, target size) and no control of a lab may stick out of its column.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.book._support import HOW_TO_BUILD

pytestmark = [pytest.mark.browser, pytest.mark.book]
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
PAGES = ["labs/01_fit_by_hand.html", "labs/02_gradient_descent.html", "labs/03_overfitting_and_ridge.html",
         "labs/04_penalty_geometry.html"]
# Each draggable mark, and where in its plot's frame (fractions of its width and height,
# from the top left) the finger takes it.
MARKS = [
    ("labs/01_fit_by_hand.html", ".lab-fit-by-hand .lab-point >> nth=3", (0.62, 0.18)),
    ("labs/01_fit_by_hand.html", ".lab-fit-by-hand .lab-handle >> nth=1", (0.7, 0.85)),
    ("labs/02_gradient_descent.html", ".lab-descent .lab-handle", (0.3, 0.7)),
    ("labs/03_overfitting_and_ridge.html", ".lab-train-points .lab-point >> nth=4", (0.35, 0.3)),
    ("labs/04_penalty_geometry.html", ".lab-penalty-geometry .lab-point", (0.25, 0.8)),
]


@pytest.fixture
def phone(browser, book_server, html_dir):
    """Open a lab page on a phone; yield (page, CDP session)."""
    contexts = []

    def open_(path):
        if not (html_dir / path).exists():
            pytest.fail(HOW_TO_BUILD, pytrace=False)
        context = browser.new_context(**PHONE)
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{book_server}/{path}", wait_until="load")
        page.wait_for_selector(".lab [data-readout]", timeout=30_000)
        page.wait_for_timeout(300)  # the narrow layout is drawn once the lab's width is known
        page.errors = errors
        return page, context.new_cdp_session(page)

    yield open_
    for context in contexts:
        context.close()


# The plot's own axes, read as a reader reads them: each grid line's position on screen
# and the value its tick label prints, for the first set of axes in the canvas (the plane
# the marks move in).
AXES_JS = r"""
(svg) => {
  const g = [...svg.querySelectorAll("g")].find((g) => g.querySelector(":scope > .lab-grid"));
  const kids = [...g.children];
  const out = { x: [], y: [] };
  kids.forEach((line, i) => {
    if (!line.classList.contains("lab-grid")) return;
    const value = Number(kids[i + 1].textContent.replace("\u2212", "-"));
    const r = line.getBoundingClientRect();
    if (line.getAttribute("x1") === line.getAttribute("x2")) out.x.push([r.left + r.width / 2, value]);
    else out.y.push([r.top + r.height / 2, value]);
  });
  const frame = g.querySelector(".lab-frame").getBoundingClientRect();
  out.frame = [frame.left, frame.top, frame.width, frame.height];
  return out;
}
"""


def _touch_drag(cdp, start, end, steps=8):
    """A finger pressed at `start`, moved to `end` in `steps`, lifted (viewport CSS pixels)."""
    def touch(kind, points):
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", [{"x": start[0], "y": start[1]}])
    for k in range(1, steps + 1):
        f = k / steps
        touch("touchMove", [{"x": start[0] + f * (end[0] - start[0]), "y": start[1] + f * (end[1] - start[1])}])
    touch("touchEnd", [])


def _centre(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


@pytest.mark.timeout(120)
@pytest.mark.parametrize("path,selector,where", MARKS, ids=[f"{p.split('/')[-1][:2]}-{s.split()[-1]}"
                                                            for p, s, _ in MARKS])
def test_a_finger_drags_a_mark_where_it_stops_and_the_page_does_not_scroll(phone, path, selector, where):
    page, cdp = phone(path)
    mark = page.locator(selector)
    canvas = mark.locator("xpath=ancestor::div[contains(@class, 'lab-canvas')]")
    canvas.evaluate("(c) => c.scrollIntoView({ block: 'center' })")
    page.wait_for_timeout(100)
    axes = canvas.locator("svg.lab-svg").evaluate(AXES_JS)
    left, top, width, height = axes["frame"]
    finger = (left + where[0] * width, top + where[1] * height)
    start = _centre(mark.bounding_box())
    scroll = page.evaluate("[window.scrollX, window.scrollY]")

    _touch_drag(cdp, start, finger)
    page.wait_for_timeout(100)

    # The data under the finger, by the plot's own axes (each a straight line through its ticks).
    fx, fy = (np.polyfit(*np.array(axes[k]).T, 1) for k in ("x", "y"))
    expected = np.array([np.polyval(fx, finger[0]), np.polyval(fy, finger[1])])
    landed = np.array([float(mark.get_attribute("data-x")), float(mark.get_attribute("data-y"))])
    one_pixel = np.abs([fx[0], fy[0]])  # data units per CSS pixel on each axis
    assert np.all(np.abs(landed - expected) <= one_pixel), (landed, expected, one_pixel)
    assert np.allclose(_centre(mark.bounding_box()), finger, atol=1.0)  # and it is drawn there
    assert page.evaluate("[window.scrollX, window.scrollY]") == scroll
    assert not page.errors


def test_a_finger_on_the_plot_away_from_the_marks_still_scrolls_the_page(phone):
    """Only the marks take touches: the plot around them is no trap for a reader scrolling."""
    page, cdp = phone("labs/04_penalty_geometry.html")
    svg = page.locator(".lab-penalty-geometry svg.lab-svg")
    svg.evaluate("(s) => s.scrollIntoView({ block: 'center' })")
    box = svg.bounding_box()
    start = (box["x"] + 8, box["y"] + box["height"] / 2)  # the margin of the y axis' labels
    before = page.evaluate("window.scrollY")
    _touch_drag(cdp, start, (start[0], start[1] - 200))
    page.wait_for_function(f"() => window.scrollY > {before} + 50", timeout=5_000)


@pytest.mark.parametrize("path", PAGES)
def test_every_mark_is_a_target_of_at_least_24_css_pixels(phone, path):
    page, _ = phone(path)
    sizes = page.eval_on_selector_all(
        ".lab-mark", "els => els.map((e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })")
    assert sizes and min(min(s) for s in sizes) >= 24, sizes
    # and what is under the centre of each mark is the mark itself (nothing covers it)
    covered = page.evaluate("""() => [...document.querySelectorAll('.lab-mark')].filter((m) => {
        const r = m.getBoundingClientRect();
        m.scrollIntoView({ block: 'center' });
        const s = m.getBoundingClientRect();
        const hit = document.elementFromPoint(s.left + s.width / 2, s.top + s.height / 2);
        return !(hit && hit.closest('.lab-mark'));
    }).length""")
    assert covered == 0


@pytest.mark.parametrize("path", PAGES)
def test_no_control_of_a_lab_sticks_out_of_its_column(phone, path):
    """Every element of the lab lies within the lab's box, and the box within the screen."""
    page, _ = phone(path)
    out = page.evaluate("""() => {
      const layout = document.querySelector('.lab-layout');
      const box = layout.getBoundingClientRect();
      const outside = [...layout.querySelectorAll('*')]
        .filter((e) => !e.closest('svg') && e.getClientRects().length)
        .filter((e) => { const r = e.getBoundingClientRect();
                         return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5); })
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} ${e.textContent.trim().slice(0, 30)}`);
      return { left: box.left, right: box.right, outside };
    }""")
    assert out["left"] >= 0 and out["right"] <= 390, out
    assert out["outside"] == [], out["outside"]
