"""Loading the labs' ES modules into a blank page of Chromium, for the lab tests."""

from __future__ import annotations

from urllib.parse import urlsplit

from helpers.labs._widget import JS_DIR, STATIC_DIR

# A private origin the page's module imports resolve against: `src/` serves the sources
# (their relative imports work as in the bundler), `static/` the bundles the widget loads.
ORIGIN = "http://labs.test"
ROOTS = {"src": JS_DIR / "src", "static": STATIC_DIR}


def module_page(browser, modules, **options):
    """A blank page at ORIGIN with each of `modules` imported as ``window[name]``.

    `modules` maps a window name to a path under the origin, ``src/numerics.js`` or
    ``static/overfit_ridge.js``; `options` are Playwright's page options (a viewport,
    touch). Returns the Playwright page.
    """
    page = browser.new_page(**options)

    def serve(route):
        root, _, rest = urlsplit(route.request.url).path.lstrip("/").partition("/")
        base = ROOTS.get(root)
        file = (base / rest).resolve() if base else None
        if file is None or base not in file.parents or not file.is_file():
            route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>lab modules</title>")
            return
        route.fulfill(status=200, content_type="text/javascript", body=file.read_text(encoding="utf8"))

    page.route(f"{ORIGIN}/**", serve)
    page.goto(f"{ORIGIN}/")
    for name, path in modules.items():
        page.evaluate("async ([name, url]) => { window[name] = await import(url); }", [name, f"{ORIGIN}/{path}"])
    return page


def exported_functions(page, name):
    """The names of the functions the module ``window[name]`` exports."""
    return page.evaluate(
        "(name) => Object.keys(window[name]).filter((k) => typeof window[name][k] === 'function')", name)


def canvas_state(canvas):
    """The synced traits of a lab's canvas (its front end's model), as JSON would carry them."""
    import json

    import anywidget

    names = set(type(canvas).class_trait_names(sync=True)) - set(anywidget.AnyWidget.class_trait_names(sync=True))
    return json.loads(json.dumps({name: getattr(canvas, name) for name in sorted(names) if not name.startswith("_")}))


# A stand-in for the widget model anywidget hands to `render` (get, set, on, off,
# save_changes, send), counting its listeners; `kernel` makes it answer the view's
# question as Python does (helpers/labs/_widget.py).
RENDER_JS = """
async ([url, css, state, kernel]) => {
  class Model {
    constructor(s) { this.s = s; this.h = {}; this.sent = []; }
    get(k) { return this.s[k]; }
    set(k, v) { this.s[k] = v; this.emit("change:" + k); }
    emit(e, ...args) { for (const f of this.h[e] || []) f(...args); }
    on(e, f) { (this.h[e] = this.h[e] || []).push(f); }
    off(e, f) { this.h[e] = (this.h[e] || []).filter((g) => g !== f); }
    listeners() { return Object.values(this.h).reduce((n, fs) => n + fs.length, 0); }
    save_changes() {}
    send(msg) {
      this.sent.push(msg);
      if (kernel && msg.kind === "lab-hello") setTimeout(() => this.emit("msg:custom", { kind: "lab-kernel" }), 0);
    }
  }
  const style = document.createElement("style");
  style.textContent = css;
  document.head.appendChild(style);
  const layout = document.createElement("div");
  layout.className = "lab-layout";
  layout.style.width = "720px";
  const el = layout.appendChild(document.createElement("div"));
  document.body.appendChild(layout);
  const mod = await import(url);
  window.model = new Model(state);
  window.cleanup = await mod.default.render({ model: window.model, el });
}
"""


def render_lab(browser, name, canvas, *, kernel=False, before=None, **options):
    """A blank page with lab `name`'s bundle rendered over a stand-in model of `canvas`.

    `kernel` makes the stand-in answer as a live kernel does; `before` is JavaScript run
    in the page before the render (instrumentation); `options` are Playwright's page
    options. The page holds ``window.model`` and ``window.cleanup``, the function `render`
    returned.
    """
    page = module_page(browser, {}, **options)
    if before:
        page.evaluate(before)
    css = (JS_DIR / "lab.css").read_text(encoding="utf8")
    page.evaluate(RENDER_JS, [f"{ORIGIN}/static/{name}.js", css, canvas_state(canvas), kernel])
    return page
