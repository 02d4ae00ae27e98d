"""The base of every lab's drawing surface: an anywidget whose front end is a .js file.

Each lab's JavaScript lives in ``helpers/labs/js/<name>.js``; ``js/shared.js`` (the
numerical kernels the browser needs, SVG plotting, draggable points) is prepended to
it, and ``js/lab.css`` styles them all. The source travels in the widget's state, so
a notebook saved with its widget state runs the lab in a static HTML page with no
kernel, and in JupyterLab the same widget syncs its traits with Python.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
from ipywidgets import VBox

JS_DIR = Path(__file__).resolve().parent / "js"


def front_end(name: str) -> str:
    """The ES module of lab `name`: shared.js followed by ``<name>.js``."""
    shared = (JS_DIR / "shared.js").read_text(encoding="utf8")
    own = (JS_DIR / f"{name}.js").read_text(encoding="utf8")
    return f"{shared}\n// ---- {name}.js\n{own}"


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
    """A lab's drawing surface. Subclasses set ``_esm = front_end("<name>")``."""

    _css = (JS_DIR / "lab.css").read_text(encoding="utf8")

    def __repr__(self) -> str:
        # anywidget's default repr carries a memory address, which would make every
        # saved notebook output differ from run to run.
        return f"<{type(self).__name__} drawing surface>"


class Lab(VBox):
    """A lab's layout: its controls and drawing surface, and the links between them."""

    _links: list = []

    def __init__(self, children, **kwargs):
        super().__init__(children, **kwargs)
        # The front end finds the lab's own sliders through this class (see nameSliders).
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
