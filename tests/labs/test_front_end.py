"""The labs' front ends as modules: the bundles, the typed models, the kernel handshake
and the lifecycle (what `render` sets up, its cleanup undoes)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from helpers.labs import DescentLab, FitByHand, OverfitRidge, PenaltyGeometry
from helpers.labs._widget import HELLO, JS_DIR, KERNEL, STATIC_DIR

from ._modules import canvas_state, render_lab

LABS = {"fit_by_hand": FitByHand, "gradient_descent": DescentLab, "overfit_ridge": OverfitRidge,
        "penalty_geometry": PenaltyGeometry}


@pytest.fixture(params=sorted(LABS))
def lab(request):
    """(name, lab) for each lab, closed after the test."""
    made = LABS[request.param]()
    yield request.param, made
    made.close()


# ---------------------------------------------------------------- the bundles


def test_the_committed_bundles_equal_a_fresh_build():
    """What a reader installs from git (static/*.js) is what esbuild makes of js/src today."""
    if shutil.which("node") is None or not (JS_DIR / "node_modules" / "esbuild").is_dir():
        pytest.fail("the labs' JavaScript tools are not installed: run `make assets`", pytrace=False)
    out = subprocess.run(["node", "build.mjs", "--check"], cwd=JS_DIR, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert sorted(p.stem for p in STATIC_DIR.glob("*.js")) == sorted(LABS)


def test_each_widget_loads_its_bundle(lab):
    name, made = lab
    assert made.canvas._esm == (STATIC_DIR / f"{name}.js").read_text(encoding="utf8")
    assert "@ts-check" not in made.canvas._esm  # the bundle, not a source module
    assert made.canvas._css == (JS_DIR / "lab.css").read_text(encoding="utf8")


def _typedef_properties(name):
    """The properties of the model typedef (``@typedef ...Model``) in js/src/<name>.js."""
    source = (JS_DIR / "src" / f"{name}.js").read_text(encoding="utf8")
    block = re.search(r"@typedef (\w+Model)\n(.*?)\*/", source, flags=re.S)
    assert block, f"src/{name}.js declares no model typedef"
    return set(re.findall(r"@property\s+\{.*?\}\s+\[?(\w+)", block.group(2)))


def test_each_front_end_types_exactly_the_traits_python_syncs(lab):
    """The JSDoc model of each lab (checked by tsc) names the canvas's synced traits, no more."""
    name, made = lab
    assert _typedef_properties(name) == set(canvas_state(made.canvas))


# ---------------------------------------------------------------- is a kernel there?


def test_the_canvas_answers_a_view_that_asks_for_the_kernel(lab, monkeypatch):
    _, made = lab
    sent = []
    monkeypatch.setattr(made.canvas, "send", lambda content, buffers=None: sent.append(content))
    made.canvas._handle_custom_msg({"kind": "something else"}, [])
    made.canvas._handle_custom_msg("not a dict", [])
    assert sent == []
    made.canvas._handle_custom_msg({"kind": HELLO}, [])
    assert sent == [{"kind": KERNEL}]


def test_python_and_the_front_end_name_the_handshake_alike():
    source = (JS_DIR / "src" / "kernel.js").read_text(encoding="utf8")
    assert f'export const HELLO = "{HELLO}";' in source
    assert f'export const KERNEL = "{KERNEL}";' in source


LEARNER = {
    "fit_by_hand": (".lab-line-learner", lambda lab: lab.use_fit(lambda X, y: ([0.5], 1.0))),
    "gradient_descent": (".lab-path-learner",
                         lambda lab: lab.use_gradients(lambda X, y, w, b: (X.T @ (X @ w + b - y) / len(y),
                                                                           (X @ w + b - y).mean()))),
    "overfit_ridge": ("[data-curve=learner]", lambda lab: lab.use_fit(lambda X, y, a: lab.fit())),
    "penalty_geometry": ("[data-mark=learner]", lambda lab: lab.use_fit(lambda X, y, a: [0.5, 0.0])),
}


@pytest.mark.browser
@pytest.mark.parametrize("kernel", [False, True], ids=["no kernel", "kernel"])
def test_the_learners_overlay_shows_only_when_a_kernel_answers(browser, lab, kernel):
    """Without an answer (the static book) a learner's results in the saved state stay hidden."""
    name, made = lab
    selector, use = LEARNER[name]
    use(made)
    assert made.canvas.learner_message  # the state does hold a learner's results
    page = render_lab(browser, name, made.canvas, kernel=kernel)
    try:
        page.wait_for_timeout(100)  # the stand-in answers on the next task
        assert page.evaluate("model.sent") == [{"kind": HELLO}]
        overlay = page.locator(selector)
        drawn = overlay.is_visible() and (overlay.get_attribute("points") or "x") != ""
        note = page.text_content("[data-readout=learner]")
        assert drawn == kernel, (name, selector)
        assert (note == made.canvas.learner_message) if kernel else note == ""
    finally:
        page.close()


# ---------------------------------------------------------------- dragging


@pytest.mark.browser
def test_a_cancelled_touch_puts_the_point_back_where_the_drag_began(browser):
    """The browser may take a gesture over (pointercancel, reported at (0, 0)): a cancel,
    never a position."""
    lab = FitByHand()
    page = render_lab(browser, "fit_by_hand", lab.canvas, has_touch=True)
    try:
        cdp = page.context.new_cdp_session(page)
        mark = page.locator(".lab-point").nth(4)
        before = [mark.get_attribute("data-x"), mark.get_attribute("data-y")]
        box = mark.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        for kind, points in [("touchStart", [{"x": x, "y": y}]), ("touchMove", [{"x": x + 30, "y": y - 40}])]:
            cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
        moved = [mark.get_attribute("data-x"), mark.get_attribute("data-y")]
        cdp.send("Input.dispatchTouchEvent", {"type": "touchCancel", "touchPoints": []})
        assert moved != before  # the finger did move it...
        assert [mark.get_attribute("data-x"), mark.get_attribute("data-y")] == before  # ...and it is back
        assert page.evaluate("model.get('points')")[4] == [float(v) for v in before]
    finally:
        page.close()
        lab.close()


# ---------------------------------------------------------------- lifecycle

# Records what the page's scripts register: event listeners (and whether they were
# removed or their signal aborted), observers (and whether they still observe) and
# animation frames not yet run or cancelled.
INSTRUMENT_JS = """
() => {
  const log = { listeners: [], observers: [], frames: new Set() };
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    log.listeners.push({ target: this, type, fn, signal: options && options.signal, removed: false });
    return add.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    for (const l of log.listeners) if (l.target === this && l.type === type && l.fn === fn) l.removed = true;
    return remove.call(this, type, fn, options);
  };
  for (const name of ["MutationObserver", "ResizeObserver"]) {
    const Base = window[name];
    window[name] = class extends Base {
      constructor(callback) { super(callback); this.kind = name; this.observing = false; log.observers.push(this); }
      observe(...args) { this.observing = true; return super.observe(...args); }
      disconnect() { this.observing = false; return super.disconnect(); }
    };
  }
  const raf = window.requestAnimationFrame.bind(window);
  const caf = window.cancelAnimationFrame.bind(window);
  window.requestAnimationFrame = (cb) => {
    const id = raf((t) => { log.frames.delete(id); cb(t); });
    log.frames.add(id);
    return id;
  };
  window.cancelAnimationFrame = (id) => { log.frames.delete(id); caf(id); };
  window.lifeLog = log;
}
"""

LEFT_OVER_JS = """
() => ({
  listeners: lifeLog.listeners.filter((l) => !l.removed && !(l.signal && l.signal.aborted))
    .map((l) => `${l.type} on ${l.target.constructor.name}`),
  observers: lifeLog.observers.filter((o) => o.observing).map((o) => o.kind),
  frames: lifeLog.frames.size,
  model: model.listeners(),
})
"""


@pytest.mark.browser
def test_render_returns_a_cleanup_that_leaves_nothing_behind(browser, lab):
    name, made = lab
    page = render_lab(browser, name, made.canvas, before=INSTRUMENT_JS)
    try:
        page.wait_for_timeout(200)  # the controls' names and the width are watched from now on
        live = page.evaluate(LEFT_OVER_JS)
        assert live["listeners"] and live["observers"] and live["model"], live  # something to undo
        if name == "gradient_descent":  # a running animation too
            # Clicked from the page: Playwright's own click registers listeners on the window.
            page.evaluate("() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Run').click()")
            page.wait_for_timeout(100)  # (not wait_for_function: it would observe the page itself)
            assert page.evaluate("lifeLog.frames.size") > 0
        page.evaluate("async () => { await window.cleanup(); }")
        assert page.evaluate(LEFT_OVER_JS) == {"listeners": [], "observers": [], "frames": 0, "model": 0}
        if name == "gradient_descent":
            step = page.text_content("[data-readout=step]")
            page.wait_for_timeout(200)
            assert page.text_content("[data-readout=step]") == step  # the run stopped with the view
    finally:
        page.close()
