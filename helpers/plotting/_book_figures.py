"""The built book's half of the dark rendering: a myst-nb mime renderer plugin.

A figure shown after :func:`helpers.plotting.use_book_style` is a PNG output (the light
rendering) whose metadata carries a second PNG (the dark rendering). This plugin, found
by myst-nb through the ``myst_nb.mime_renderers`` entry point in ``pyproject.toml``,
writes both images and tags them ``only-light`` and ``only-dark``: pydata-sphinx-theme
shows the one that matches the reader's theme, and switches with it. The cell's figure
options (caption, name) and image options (alt text) apply to both.

It is used only while the book is built; the course's notebooks never import it.
"""

from __future__ import annotations

from . import DARK_KEY


class ThemedFigureRenderer:
    """Render a PNG with a dark rendering as a light and a dark image."""

    mime_priority_overrides = ()

    @staticmethod
    def handle_mime(renderer, data, inline):
        if inline or data.mime_type != "image/png":
            return None
        dark = (data.output_metadata.get("image/png") or {}).get(DARK_KEY)
        if not dark:
            return None
        from dataclasses import replace

        light_nodes = renderer.render_image(data)
        dark_nodes = renderer.render_image(replace(data, content=dark, output_metadata={}))
        for node in light_nodes:
            node["classes"] = [*node.get("classes", []), "only-light"]
        for node in dark_nodes:
            node["classes"] = [*node.get("classes", []), "only-dark"]
        return light_nodes + dark_nodes
