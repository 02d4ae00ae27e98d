"""The base of every lab's drawing surface: an anywidget whose front end is an ES module.

Each lab's front end is written as ES modules in ``helpers/labs/js/src`` (``<name>.js``
imports what it shares with the other labs: the numerics, plotting, dragging, the point
editor) and bundled by esbuild into one module, ``helpers/labs/static/<name>.js``, which
is what the widget loads (``make assets`` rebuilds the bundles; they are committed, so an
install from git needs no npm). ``js/lab.css`` styles every lab. The source travels in
the widget's state, so a notebook saved with its widget state runs the lab in a static
HTML page with no kernel, and in JupyterLab the same widget syncs its traits with Python.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
from ipywidgets import VBox

JS_DIR = Path(__file__).resolve().parent / "js"
STATIC_DIR = Path(__file__).resolve().parent / "static"

# The front end asks whether Python is behind it (js/src/kernel.js); Canvas answers.
HELLO = "lab-hello"
KERNEL = "lab-kernel"


def bundle(name: str) -> Path:
    """The bundled ES module of lab `name`, ``helpers/labs/static/<name>.js``.

    Raises
    ------
    FileNotFoundError
        If the bundle is missing (a checkout without it: ``make assets`` builds it).
    """
    path = STATIC_DIR / f"{name}.js"
    if not path.is_file():
        raise FileNotFoundError(
            f"the front end of lab {name!r} is not bundled: {path} is missing; run `make assets`")
    return path


def canvas_trait(name: str, doc: str, cast=None) -> property:
    """A lab property that reads and writes the trait `name` of ``self.canvas``.

    The canvas's traits validate the value; `cast` (float, bool, ...) converts it first.
    """

    def get(self):
        return getattr(self.canvas, name)

    def set_(self, value):
        setattr(self.canvas, name, value if cast is None else cast(value))

    return property(get, set_, doc=doc)


class Canvas(anywidget.AnyWidget):
    """A lab's drawing surface. Subclasses set ``_esm = bundle("<name>")``.

    Each view of the canvas asks, once, whether a kernel is behind it; the canvas answers.
    Only then does the view show what Python computes (a learner's function): in the
    static book nothing answers, and the view shows only what the page itself computes.
    """

    _css = JS_DIR / "lab.css"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.on_msg(self._answer_view)

    def _answer_view(self, widget, content, buffers):
        """Tell a view that asks that Python is behind it."""
        if isinstance(content, dict) and content.get("kind") == HELLO:
            self.send({"kind": KERNEL})

    def __repr__(self) -> str:
        # anywidget's default repr carries a memory address, which would make every
        # saved notebook output differ from run to run.
        return f"<{type(self).__name__} drawing surface>"


class Lab(VBox):
    """A lab's layout: its controls and drawing surface, and the links between them."""

    _links: list = []

    def __init__(self, children, **kwargs):
        super().__init__(children, **kwargs)
        # The front end finds the lab's own sliders through this class (labelWidgetControls).
        self.add_class("lab-layout")

    def close(self):
        """Close the lab and every widget it made (controls, layouts, styles, links)."""
        seen = set()

        def walk(widget):
            if widget is None or id(widget) in seen:
                return
            seen.add(id(widget))
            for child in getattr(widget, "children", ()):
                walk(child)
            for part in ("layout", "style"):
                if part in getattr(widget, "keys", ()):
                    walk(getattr(widget, part))
            if widget is not self:
                widget.close()

        for link in self._links:
            link.close()
        walk(self)
        super().close()
