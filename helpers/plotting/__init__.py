"""The course's plotting style: one palette, readable text, a light and a dark rendering.

Every chapter starts its figures with::

    from helpers.plotting import OKABE_ITO, use_book_style

    use_book_style()

which sets Matplotlib's defaults (the Okabe-Ito colours, distinguishable under the common
forms of colour-vision deficiency; text sizes that stay readable at the book's width;
light grid lines). The ordinary PNG every notebook front end shows is the light rendering,
on white. While the book is built, the same call also renders each figure a second time:
the dark rendering, attached to the same output as metadata, has light text and axes on a
transparent background and colours lifted until they read on the book's dark theme; the
built book shows whichever matches the reader's theme (the myst-nb renderer in
``book/figures.py``). The book's build asks for it through the environment variable
:data:`DARK_RENDERING_ENV`, so the notebooks in the repository hold the light PNG only.

This module needs Matplotlib, which the kernels do not; they never import it.
"""

from __future__ import annotations

import base64
import io
import os

#: Okabe & Ito (2008), "Color universal design": eight colours that stay distinct under
#: protanopia, deuteranopia and tritanopia. Series that must be told apart also differ
#: by line style or marker, never by colour alone.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
}

#: The order of the default colour cycle: the four that keep 3:1 contrast on white first.
CYCLE = ("blue", "vermillion", "green", "purple", "orange", "sky", "black")

#: The output metadata key that carries the dark rendering (a base64 PNG).
DARK_KEY = "lrbook_dark_png"
#: The environment variable that asks :func:`use_book_style` for the dark rendering ("1")
#: when it is not told; the book's Sphinx extension (book/lrbook.py) sets it for the
#: kernels that execute the notebooks while the book is built.
DARK_RENDERING_ENV = "LRBOOK_DARK_FIGURES"

# The backgrounds the two renderings are made for: white, and the dark page of
# pydata-sphinx-theme 0.17 (`--pst-color-background`, its "foundation black").
LIGHT_BACKGROUND = (1.0, 1.0, 1.0)
DARK_BACKGROUND = (0x14 / 255, 0x18 / 255, 0x1E / 255)
INK = "#1a1a1a"  # text and axes of the light rendering
# WCAG 2 contrast the dark rendering guarantees: 4.5:1 (text) for every colour it draws
MIN_CONTRAST = 4.5


def style() -> dict:
    """The book's Matplotlib settings, as a dict for ``matplotlib.rcParams.update``."""
    from cycler import cycler

    return {
        "axes.prop_cycle": cycler(color=[OKABE_ITO[name] for name in CYCLE]),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 10,
        "legend.framealpha": 0.85,
        "text.color": INK,
        "axes.labelcolor": INK,
        "axes.edgecolor": INK,
        "xtick.color": INK,
        "ytick.color": INK,
        "grid.color": "#b0b0b0",
        "grid.alpha": 0.5,
        "lines.linewidth": 2.0,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def use_book_style(dark_rendering: bool | None = None) -> None:
    """Apply :func:`style`; in an IPython kernel, attach a dark rendering when asked.

    Parameters
    ----------
    dark_rendering : bool or None, default=None
        Whether each figure an IPython kernel shows carries its dark rendering
        (:func:`dark_png`) in the output's metadata, under :data:`DARK_KEY`. None follows
        the environment: on when :data:`DARK_RENDERING_ENV` is ``"1"`` (the book's build
        sets it), off when it is unset or ``"0"``.

    Raises
    ------
    ValueError
        If `dark_rendering` is None and the environment variable holds another value.
    """
    import matplotlib

    if dark_rendering is None:
        dark_rendering = dark_rendering_requested()
    matplotlib.rcParams.update(style())
    if dark_rendering:
        _register_dark_rendering()


def dark_rendering_requested() -> bool:
    """Whether the environment asks for the dark rendering (:data:`DARK_RENDERING_ENV`)."""
    value = os.environ.get(DARK_RENDERING_ENV, "0")
    if value not in ("0", "1"):
        raise ValueError(f"{DARK_RENDERING_ENV}={value!r}: use 1 (attach the dark rendering) or 0")
    return value == "1"


# ---------------------------------------------------------------------------------------------
# colours for the dark rendering


def relative_luminance(rgb) -> float:
    """WCAG 2 relative luminance of an sRGB colour with channels in [0, 1]."""

    def channel(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(float(c)) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(rgb1, rgb2) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (equal) to 21 (black on white)."""
    l1, l2 = sorted((relative_luminance(rgb1), relative_luminance(rgb2)), reverse=True)
    return (l1 + 0.05) / (l2 + 0.05)


def dark_colour(rgba) -> tuple:
    """The colour that plays the role of `rgba` on the dark background.

    Greys swap lightness (black ink becomes light ink, a white legend box becomes dark,
    a mid grey stays mid); other colours keep their hue and are mixed with white only as
    far as needed for :data:`MIN_CONTRAST` against the dark background. Alpha is kept.
    """
    r, g, b, a = (float(c) for c in rgba)
    if max(r, g, b) - min(r, g, b) < 0.08:  # a grey
        v = 0.9 - 0.83 * (0.2126 * r + 0.7152 * g + 0.0722 * b)
        rgb = (v, v, v)
        if a > 0 and v > 0.5 and contrast(rgb, DARK_BACKGROUND) < MIN_CONTRAST:
            rgb = _lift((v, v, v))
        return (*rgb, a)
    return (*_lift((r, g, b)), a)


def _lift(rgb) -> tuple:
    for t in [k / 20 for k in range(21)]:
        mixed = tuple(c + (1.0 - c) * t for c in rgb)
        if contrast(mixed, DARK_BACKGROUND) >= MIN_CONTRAST:
            return mixed
    return (1.0, 1.0, 1.0)


def _maps_colours(artist) -> bool:
    """Whether an artist's colours come from a colour map (left as they are)."""
    get_array = getattr(artist, "get_array", None)
    return get_array is not None and get_array() is not None


def _draws_lines(artist) -> bool:
    """Whether a collection draws lines only (contour lines, line collections)."""
    from matplotlib.collections import LineCollection

    if isinstance(artist, LineCollection):
        return True
    return getattr(artist, "filled", None) is False  # a ContourSet of lines


def _recolour(fig, undo: list) -> None:
    """Recolour every artist of `fig` for the dark background; `undo` collects the way back."""
    import numpy as np
    from matplotlib.collections import Collection
    from matplotlib.colors import to_rgba, to_rgba_array
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    def one(c):
        return dark_colour(to_rgba(c))

    # the figure's and the axes' backgrounds become transparent: the page shows through
    backgrounds = {id(fig.patch)} | {id(ax.patch) for ax in fig.axes}
    # text written on a colour map (a heat map's annotations) keeps its colours
    on_maps = set()
    for ax in fig.axes:
        if ax.images or any(_maps_colours(c) for c in ax.collections):
            on_maps.update(id(t) for t in ax.texts)

    for artist in fig.findobj():
        if isinstance(artist, Text):
            if id(artist) in on_maps:
                continue
            undo.append((artist.set_color, artist.get_color()))
            artist.set_color(one(artist.get_color()))
            box = artist.get_bbox_patch()
            if box is not None:
                undo.append((box.set_facecolor, box.get_facecolor()))
                undo.append((box.set_edgecolor, box.get_edgecolor()))
                box.set_facecolor(one(box.get_facecolor()))
                box.set_edgecolor(one(box.get_edgecolor()))
        elif isinstance(artist, Line2D):
            # read all three colours before changing any: a marker colour left on "auto"
            # follows the line colour, so read afterwards it would already be the dark one
            # (and the undo would leave it dark in the light rendering)
            names = ("color", "markerfacecolor", "markeredgecolor")
            values = [getattr(artist, f"get_{name}")() for name in names]
            for name, value in zip(names, values):
                if isinstance(value, str) and value in ("none", "auto"):
                    continue
                setter = getattr(artist, f"set_{name}")
                undo.append((setter, value))
                setter(one(value))
        elif isinstance(artist, Patch):
            if id(artist) in backgrounds:
                undo.append((artist.set_facecolor, artist.get_facecolor()))
                artist.set_facecolor((0, 0, 0, 0))
                continue
            undo.append((artist.set_facecolor, artist.get_facecolor()))
            undo.append((artist.set_edgecolor, artist.get_edgecolor()))
            artist.set_facecolor(one(artist.get_facecolor()))
            artist.set_edgecolor(one(artist.get_edgecolor()))
        elif isinstance(artist, Collection) and not isinstance(artist, AxesImage):
            if _maps_colours(artist):
                if _draws_lines(artist):
                    # contour lines from a colour map: keep each level's hue, lifted to read
                    # on the dark background (the map's dark end would vanish into it)
                    artist.update_scalarmappable()
                    colours = to_rgba_array(artist.get_edgecolor())
                    undo.append((artist.set_array, artist.get_array()))
                    undo.append((artist.set_edgecolor, np.array(colours)))
                    artist.set_array(None)
                    artist.set_edgecolor(np.array([dark_colour(c) for c in colours]))
                continue
            for get, set_ in (("get_facecolor", "set_facecolor"), ("get_edgecolor", "set_edgecolor")):
                value = getattr(artist, get)()
                if isinstance(value, str):
                    continue
                colours = to_rgba_array(value)
                if colours.size == 0:
                    continue
                undo.append((getattr(artist, set_), np.array(colours)))
                getattr(artist, set_)(np.array([dark_colour(c) for c in colours]))


def dark_png(fig) -> bytes:
    """The dark rendering of `fig` as PNG bytes; `fig` itself is left as it was."""
    undo: list = []
    try:
        _recolour(fig, undo)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight", transparent=False,
                    facecolor=(0, 0, 0, 0), edgecolor=(0, 0, 0, 0))
        return buffer.getvalue()
    finally:
        for setter, value in reversed(undo):
            setter(value)


def _register_dark_rendering() -> None:
    """Make IPython's display of a figure carry its dark rendering in the output metadata.

    The PNG itself stays the inline backend's; IPython's mime-bundle formatter, consulted
    first, adds only metadata (``{"image/png": {DARK_KEY: ...}}``), so the two never
    replace each other whatever order the backend is set up in.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    from matplotlib.figure import Figure

    def dark_metadata(fig, include=None, exclude=None):
        if (include and "image/png" not in include) or (exclude and "image/png" in exclude):
            return None
        dark = base64.b64encode(dark_png(fig)).decode("ascii")
        return {}, {"image/png": {DARK_KEY: dark}}

    shell.display_formatter.mimebundle_formatter.for_type(Figure, dark_metadata)
