"""Labs 1 and 2 in the built book, driven in Chromium the way a reader drives them.

The readouts a reader sees must equal what ``helpers`` computes on the points the
page shows (read back from their ``data-x`` and ``data-y``), after mouse drags,
keyboard moves and typed learning rates, with no kernel behind the page.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

import helpers
from tests.book._support import HOW_TO_BUILD

pytestmark = [pytest.mark.browser, pytest.mark.book]
RENDER_MS = 30_000


@pytest.fixture
def open_lab(browser, book_server, html_dir):
    """Open a lab page of the built book; yield its Playwright page with the lab drawn."""
    contexts = []

    def open_(page_path):
        if not (html_dir / page_path).exists():
            pytest.fail(HOW_TO_BUILD, pytrace=False)
        context = browser.new_context(viewport={"width": 1280, "height": 1600})
        contexts.append(context)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{book_server}/{page_path}", wait_until="load")
        page.wait_for_selector(".lab-svg", timeout=RENDER_MS)
        page.errors = errors
        return page

    yield open_
    for context in contexts:
        context.close()


def _points(page):
    return np.array(page.eval_on_selector_all(
        ".lab-point", "els => els.map(e => [Number(e.dataset.x), Number(e.dataset.y)])"), dtype=float)


def _value(page, name):
    return float(page.get_attribute(f'[data-readout="{name}"]', "data-value"))


def _text(page, name):
    return page.text_content(f'[data-readout="{name}"]')


def _handles(page):
    return page.eval_on_selector_all(
        ".lab-fit-by-hand .lab-handle", "els => els.map(e => [Number(e.dataset.x), Number(e.dataset.y)])")


def _check_fit_by_hand_readouts(page):
    pts = _points(page)
    (x1, y1), (x2, y2) = _handles(page)
    slope = (y2 - y1) / (x2 - x1)
    intercept = y1 - slope * x1
    assert_allclose(_value(page, "slope"), slope, rtol=1e-12)
    assert_allclose(_value(page, "intercept"), intercept, rtol=1e-12, atol=1e-12)
    assert_allclose(_value(page, "mse"), helpers.mse(pts[:, 1], slope * pts[:, 0] + intercept), rtol=1e-10)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", helpers.CollinearityWarning)  # one point, say
        w, b = helpers.fit_normal_equation(pts[:, :1], pts[:, 1])
    assert_allclose(_value(page, "best-slope"), w[0], rtol=1e-9, atol=1e-12)
    assert_allclose(_value(page, "best-intercept"), b, rtol=1e-9, atol=1e-12)
    assert_allclose(_value(page, "best-mse"), helpers.mse(pts[:, 1], pts[:, 0] * w[0] + b), rtol=1e-9, atol=1e-12)
    return pts


def _drag(page, locator, dx, dy):
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=4)
    page.mouse.move(x + dx, y + dy, steps=4)
    page.mouse.up()


# ---------------------------------------------------------------- lab 1


def test_fit_by_hand_readouts_equal_helpers_on_the_points_shown(open_lab):
    page = open_lab("labs/01_fit_by_hand.html")
    pts = _check_fit_by_hand_readouts(page)
    assert len(pts) == 10
    assert page.locator(".lab-point").first.get_attribute("tabindex") == "0"
    assert not page.errors


def test_dragging_a_point_with_the_mouse_moves_it_and_updates_every_readout(open_lab):
    page = open_lab("labs/01_fit_by_hand.html")
    before = _points(page)
    _drag(page, page.locator(".lab-point").nth(2), 0, -120)  # up the screen: larger y
    after = _points(page)
    assert after[2, 1] > before[2, 1] + 1.0
    assert_allclose(np.delete(after, 2, axis=0), np.delete(before, 2, axis=0))
    _check_fit_by_hand_readouts(page)


def test_arrow_keys_move_a_focused_point_and_the_line_handles(open_lab):
    page = open_lab("labs/01_fit_by_hand.html")
    before = _points(page)
    point = page.locator(".lab-point").nth(0)
    point.focus()
    for key in ("ArrowUp", "ArrowUp", "ArrowRight", "Shift+ArrowUp"):
        page.keyboard.press(key)
    after = _points(page)
    assert after[0, 1] > before[0, 1] and after[0, 0] > before[0, 0]
    assert_allclose(after[1:], before[1:])
    handle = page.locator(".lab-fit-by-hand .lab-handle").nth(1)
    y_before = _handles(page)[1][1]
    handle.focus()
    page.keyboard.press("Shift+ArrowDown")
    assert _handles(page)[1][1] < y_before
    _check_fit_by_hand_readouts(page)


def test_dragging_a_line_handle_changes_the_slope_readout(open_lab):
    page = open_lab("labs/01_fit_by_hand.html")
    slope_before = _value(page, "slope")
    _drag(page, page.locator(".lab-fit-by-hand .lab-handle").nth(1), 0, -150)
    assert _value(page, "slope") > slope_before + 0.2
    _check_fit_by_hand_readouts(page)


def test_points_dragged_off_the_canvas_stay_on_it(open_lab):
    page = open_lab("labs/01_fit_by_hand.html")
    _drag(page, page.locator(".lab-point").nth(5), 2000, -2000)
    pts = _points(page)
    circle = page.locator(".lab-point").nth(5)
    svg_box = page.locator(".lab-fit-by-hand .lab-svg").bounding_box()
    box = circle.bounding_box()
    assert svg_box["x"] <= box["x"] <= svg_box["x"] + svg_box["width"]
    assert svg_box["y"] <= box["y"] <= svg_box["y"] + svg_box["height"]
    assert np.isfinite(pts).all()
    _check_fit_by_hand_readouts(page)


def test_a_single_point_gives_the_flat_line_through_it_as_helpers_does(open_lab):
    page = open_lab("labs/01_fit_by_hand.html")
    while page.locator(".lab-point").count() > 1:
        page.locator(".lab-point").first.focus()
        page.keyboard.press("Delete")
    pts = _check_fit_by_hand_readouts(page)
    assert len(pts) == 1
    assert _value(page, "best-slope") == 0.0
    assert "same x" in page.text_content('[data-readout="verdict"]')


def test_the_toggle_shows_the_least_squares_line_without_a_kernel(open_lab):
    page = open_lab("labs/01_fit_by_hand.html")
    best = page.locator(".lab-line-best")
    assert not best.is_visible()
    page.get_by_label("Show the least-squares line").check()
    assert best.is_visible()


# ---------------------------------------------------------------- lab 2


def _descent_state(page):
    """The lab's data and start, from the widget state saved in the page."""
    for text in page.eval_on_selector_all(
            'script[type="application/vnd.jupyter.widget-state+json"]', "els => els.map(e => e.textContent)"):
        for model in json.loads(text)["state"].values():
            state = model["state"]
            if state.get("_anywidget_id", "").endswith("DescentCanvas"):
                return np.array(state["x"])[:, None], np.array(state["y"]), state
    raise AssertionError("no DescentCanvas in the page's widget state")


def _run_to_end(page):
    page.get_by_role("button", name="Run").click()
    page.wait_for_function(
        "() => ['converged', 'diverging', 'stopped'].includes("
        "document.querySelector('[data-readout=status]').textContent)", timeout=RENDER_MS)
    return _text(page, "status")


def _type_rate(page, value):
    box = page.get_by_label("learning rate", exact=True)
    box.fill(str(value))
    box.press("Enter")


def test_typed_learning_rate_runs_to_the_helpers_result(open_lab):
    page = open_lab("labs/02_gradient_descent.html")
    X, y, state = _descent_state(page)
    assert_allclose(_value(page, "limit"), helpers.stability_limit(X), rtol=1e-12)
    _type_rate(page, 0.025)
    assert _run_to_end(page) == "converged"
    ref = helpers.gradient_descent(X, y, learning_rate=0.025, n_iters=state["max_steps"], tol=state["tol"],
                                   w_init=state["start"][:1], b_init=state["start"][1])
    assert ref.converged
    assert int(_text(page, "step")) == ref.n_iter
    assert_allclose([_value(page, "w"), _value(page, "b")], [ref.w[0], ref.b], rtol=1e-9)
    assert_allclose(_value(page, "loss"), ref.loss_history[-1], rtol=1e-9)
    assert not page.errors


@pytest.mark.parametrize("rate", [0.03, 100])
def test_a_learning_rate_past_the_limit_reads_diverging_and_draws_no_nan(open_lab, rate):
    page = open_lab("labs/02_gradient_descent.html")
    _type_rate(page, rate)
    assert _run_to_end(page) == "diverging"
    drawn = page.eval_on_selector_all(
        ".lab-descent polyline, .lab-descent circle",
        "els => els.map(e => (e.getAttribute('points') || '') + ' ' + (e.getAttribute('cx') || ''))")
    assert not any("NaN" in d or "Infinity" in d for d in drawn)
    assert np.isfinite(_value(page, "loss"))


def test_standardizing_and_momentum_move_the_limit_as_helpers_says(open_lab):
    page = open_lab("labs/02_gradient_descent.html")
    X, _, _ = _descent_state(page)
    page.get_by_label("Standardize the feature").check()
    Z = helpers.Standardizer().fit_transform(X)
    assert_allclose(_value(page, "limit"), helpers.stability_limit(Z), rtol=1e-12)
    # The momentum slider, from the keyboard: two steps of 0.05.
    page.locator(".widget-slider", has_text="momentum").locator(".noUi-handle").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert_allclose(_value(page, "limit"), helpers.stability_limit(Z, momentum=0.1), rtol=1e-9)


def test_step_from_the_keyboard_and_the_start_point_follow_helpers(open_lab):
    page = open_lab("labs/02_gradient_descent.html")
    X, y, state = _descent_state(page)
    start = page.locator(".lab-descent .lab-handle")
    start.focus()
    page.keyboard.press("ArrowLeft")
    w0, b0 = float(start.get_attribute("data-x")), float(start.get_attribute("data-y"))
    assert w0 < state["start"][0]
    step = page.get_by_role("button", name="Step")
    step.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert _text(page, "step") == "2"
    ref = helpers.gradient_descent(X, y, learning_rate=state["learning_rate"], n_iters=2, tol=0,
                                   w_init=[w0], b_init=b0)
    assert_allclose([_value(page, "w"), _value(page, "b")], [ref.w[0], ref.b], rtol=1e-9)


def test_every_lab_control_has_an_accessible_name(open_lab):
    """Buttons, inputs, sliders and draggable marks are all named for assistive technology."""
    for path in ("labs/01_fit_by_hand.html", "labs/02_gradient_descent.html"):
        page = open_lab(path)
        page.wait_for_timeout(300)  # let the sliders' names be applied after they render
        unnamed = page.evaluate("""() => {
          const lab = [...document.querySelectorAll('.lab-layout')];
          const controls = lab.flatMap(l => [...l.querySelectorAll(
            'button, input, select, [tabindex="0"], .noUi-handle')]);
          return controls.filter(c => {
            const label = c.getAttribute('aria-label') || c.getAttribute('aria-labelledby')
              || (c.id && document.querySelector(`label[for="${c.id}"]`)?.textContent.trim())
              || c.closest('label')?.textContent.trim() || c.textContent.trim();
            return !label;
          }).map(c => c.outerHTML.slice(0, 120));
        }""")
        assert page.locator(".lab-layout").count() == 1, path
        assert not unnamed, f"{path}: controls without an accessible name: {unnamed}"


def test_run_and_reset_leave_the_controls_as_they_were(open_lab):
    page = open_lab("labs/02_gradient_descent.html")
    ranges = page.get_by_label("learning rate (log scale)")
    assert ranges.count() == 1
    for name in ("Step", "Reset", "Step", "Reset"):
        page.get_by_role("button", name=name).click()
    assert ranges.count() == 1
