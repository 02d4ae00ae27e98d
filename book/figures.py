"""The built book's half of the dark rendering: a myst-nb mime renderer plugin.

While the book is built, :func:`helpers.plotting.use_book_style` makes every figure a PNG
output (the light rendering) whose metadata carries a second PNG (the dark rendering);
the committed notebooks hold the light one only (see :mod:`book.lrbook`). This plugin,
found by myst-nb through the ``myst_nb.mime_renderers`` entry point in ``pyproject.toml``
(myst-nb looks plugins up by entry point only), writes both images, tagged ``only-light``
and ``only-dark``: pydata-sphinx-theme shows the one that matches the reader's theme and
switches with it. The cell's figure options (caption, name) and image options (alt text)
apply to both.

The two images share one container. The theme hides a figure caption that follows an
``only-light`` or ``only-dark`` image as a sibling (``.only-dark ~ figcaption``, meant for
figures that exist in one theme only); inside the container the images are no siblings
of the caption, which stays visible in both themes.
"""

from __future__ import annotations

from dataclasses import replace

from docutils import nodes

from helpers.plotting import DARK_KEY

#: The class of the container that holds a figure's two renderings (styled in lrbook.css).
THEMED_CLASS = "lrbook-themed-figure"


class ThemedFigureRenderer:
    """Render a PNG that carries a dark rendering as a light and a dark image."""

    mime_priority_overrides = ()

    @staticmethod
    def handle_mime(renderer, data, inline):
        """The two images in one container, or None (myst-nb's own rendering) for any
        other output: inline output, another mime type, or a PNG without a dark rendering."""
        if inline or data.mime_type != "image/png":
            return None
        dark = (data.output_metadata.get("image/png") or {}).get(DARK_KEY)
        if not dark:
            return None
        light_nodes = renderer.render_image(data)
        # the light rendering's metadata (its size, say) does not describe the dark PNG
        dark_nodes = renderer.render_image(replace(data, content=dark, output_metadata={}))
        for node in light_nodes:
            node["classes"] = [*node.get("classes", []), "only-light"]
        for node in dark_nodes:
            node["classes"] = [*node.get("classes", []), "only-dark"]
        return [nodes.container("", *light_nodes, *dark_nodes, classes=[THEMED_CLASS])]
