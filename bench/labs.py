"""How long a lab takes to respond to one drag event, in Chromium (`make bench`).

The issue's budget is 16 ms (one frame at 60 Hz) from a pointer event to a laid-out
page, with 200 points on the canvas. Each lab's front end is rendered into a blank
page over a stand-in for the widget model (the same bundled ES module the book
and JupyterLab load), then Playwright drags a point with the real mouse, 200 events.
A capture-phase listener on the view's element records the time each event arrives;
a bubble-phase listener, which runs after the lab's own handler, forces style and
layout (``getBoundingClientRect``) and records the time again. The difference is
what the lab costs per event: its numerics, its DOM updates and the layout they
cause. Painting and compositing are the browser's and are not included.

Nothing is asserted: this prints a table (median, 95th percentile and worst case).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics

import numpy as np

from helpers.labs._widget import JS_DIR, bundle

N_POINTS = 200
N_EVENTS = 200

HARNESS = """
async ([source, css, state]) => {
  class Model {
    constructor(s) { this.s = s; this.h = {}; }
    get(k) { return this.s[k]; }
    set(k, v) { this.s[k] = v; for (const f of this.h["change:" + k] || []) f(); }
    on(e, f) { (this.h[e] = this.h[e] || []).push(f); }
    off() {}
    save_changes() {}
    send() {}
  }
  const style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const mod = await import(url);
  const el = document.createElement("div");
  el.style.width = "760px";
  document.body.appendChild(el);
  await mod.default.render({ model: new Model(state), el });
  const svg = el.querySelector(".lab-svg");
  window.labTimes = [];
  let t0 = 0;
  el.addEventListener("pointermove", () => { t0 = performance.now(); }, true);
  el.addEventListener("pointermove", () => {
    svg.getBoundingClientRect();
    document.body.offsetHeight;
    window.labTimes.push(performance.now() - t0);
  }, false);
}
"""


def _fit_by_hand_state(rng):
    x = rng.uniform(0.5, 9.5, N_POINTS)
    y = 0.5 * x + 2 + rng.normal(0, 1, N_POINTS)
    return "fit_by_hand", {
        "points": np.column_stack([x, y]).tolist(), "line": [2.0, 4.0, 8.0, 6.0],
        "show_best_fit": True, "show_squares": True, "xlim": [0.0, 10.0], "ylim": [-1.0, 10.0],
        "xlabel": "x", "ylabel": "y", "learner_line": [], "learner_message": "",
    }


def _overfit_state(rng):
    """Lab 3's traits, as its widget class defines them."""
    from helpers.labs.overfit_ridge import OverfitRidge

    x = rng.uniform(0.0, 1.0, N_POINTS)
    lab = OverfitRidge(x, 0.5 * x + 0.1 + rng.normal(0, 0.1, N_POINTS), degree=12)
    state = {name: getattr(lab.canvas, name) for name in lab.canvas.trait_names()
             if lab.canvas.trait_metadata(name, "sync") and not name.startswith("_")
             and name not in ("layout", "tabbable", "tooltip", "keys", "comm", "log")}
    lab.close()
    return "overfit_ridge", json.loads(json.dumps(state, default=str))


def measure(page, name, state):
    css = (JS_DIR / "lab.css").read_text(encoding="utf8")
    page.set_content("<!doctype html><html><head><title>lab bench</title></head><body></body></html>")
    page.evaluate(HARNESS, [bundle(name).read_text(encoding="utf8"), css, state])
    point = page.locator(".lab-point").nth(N_POINTS // 2)
    point.scroll_into_view_if_needed()
    box = point.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    # With 200 points the marks overlap: the press lands on the topmost one there.
    top = page.evaluate("([x, y]) => [...document.querySelectorAll('.lab-point')]"
                        ".indexOf(document.elementFromPoint(x, y).closest('.lab-point'))", [x, y])
    point = page.locator(".lab-point").nth(top)
    before = point.get_attribute("data-y")
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(N_EVENTS):
        page.mouse.move(x + 80 * np.sin(i / 15), y - 60 * np.cos(i / 20))
    page.mouse.up()
    if point.get_attribute("data-y") == before:
        raise SystemExit(f"{name}: the drag did not move the point; the measurement would be empty")
    times = page.evaluate("window.labTimes")
    return times


def _chromium() -> str:
    """Chromium's executable: $CHROMIUM, else the first of the usual names on the PATH."""
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        found = candidate and shutil.which(candidate)
        if found:
            return found
    raise SystemExit("bench/labs.py needs Chromium: install Debian's package "
                     "(`apt-get install -y chromium`) or set CHROMIUM=/path/to/chromium")


def main() -> None:
    from playwright.sync_api import sync_playwright

    rng = np.random.default_rng(0)
    cases = [("lab 1, fit by hand", _fit_by_hand_state(rng)), ("lab 3, degree 12 with ridge", _overfit_state(rng))]
    print(f"One drag event on a lab with {N_POINTS} points, {N_EVENTS} events, Chromium headless:")
    print("| lab | median (ms) | 95th percentile (ms) | worst (ms) |")
    print("|---|---:|---:|---:|")
    with sync_playwright() as playwright:
        # no sandbox: containers often run as root, where Chromium's sandbox refuses to start
        browser = playwright.chromium.launch(executable_path=_chromium(), args=["--no-sandbox"])
        for label, (name, state) in cases:
            page = browser.new_page(viewport={"width": 1000, "height": 900})  # a fresh page per lab
            times = measure(page, name, state)
            page.close()
            if len(times) < N_EVENTS // 2:
                raise SystemExit(f"{label}: only {len(times)} drag events reached the lab")
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            print(f"| {label} | {statistics.median(times):.2f} | {p95:.2f} | {times[-1]:.2f} |")
        browser.close()


if __name__ == "__main__":
    main()
