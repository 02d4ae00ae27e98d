"""The figures' shared style: a light and a dark rendering, each legible on its background.

Every chapter draws with `helpers.plotting.use_book_style()`. These tests read the
committed notebooks (every figure carries both renderings, and the ink of each has WCAG
4.5:1 contrast on the background it is made for), check the colour rules themselves, and
drive the built book: switching the theme with the theme button swaps every figure.
"""

from __future__ import annotations

import base64
import io

import matplotlib
import nbformat
import numpy as np
import pytest

from helpers import plotting

from ._support import REPO

matplotlib.use("Agg")

CHAPTERS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "chapters").glob("*.ipynb"))


def _figures(chapter):
    """(cell id, light PNG bytes, dark PNG bytes or None) for each figure of a chapter."""
    nb = nbformat.read(REPO / chapter, as_version=4)
    out = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                dark = output.get("metadata", {}).get("image/png", {}).get(plotting.DARK_KEY)
                out.append((cell.id, base64.b64decode(output["data"]["image/png"]),
                            base64.b64decode(dark) if dark else None))
    return out


def _rgba(png: bytes) -> np.ndarray:
    import matplotlib.image as mpimg

    return mpimg.imread(io.BytesIO(png), format="png")  # floats in [0, 1], shape (h, w, 4)


def _ink(rgba: np.ndarray, background) -> tuple:
    """The grey that text and axes are drawn in: the one farthest from the background
    among the greys that cover at least 200 fully opaque pixels (a tick label's worth)."""
    opaque = rgba[..., 3] > 0.99
    rgb = rgba[..., :3][opaque]
    grey = rgb[(rgb.max(axis=1) - rgb.min(axis=1)) < 0.03]
    levels, counts = np.unique(np.round(grey.mean(axis=1) * 63), return_counts=True)
    common = levels[counts >= 200] / 63
    bg = float(np.mean(background))
    v = common[np.argmax(np.abs(common - bg))]
    return (v, v, v)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_figure_has_a_dark_rendering(chapter):
    figures = _figures(chapter)
    assert figures, f"{chapter} has no figure"
    missing = [cell for cell, _, dark in figures if dark is None]
    assert not missing, (
        f"{chapter}: figures in cells {missing} have no dark rendering: call "
        "`use_book_style()` from helpers.plotting before plotting, then re-run the notebook"
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_rendering_reads_on_its_own_background(chapter):
    for cell, light_png, dark_png in _figures(chapter):
        light, dark = _rgba(light_png), _rgba(dark_png)
        # the light rendering is opaque white, the dark one lets the page show through
        assert light[0, 0, 3] == 1.0 and light[0, 0, :3].min() == 1.0, cell
        assert dark[0, 0, 3] == 0.0, cell
        ink = _ink(light, plotting.LIGHT_BACKGROUND)
        assert plotting.contrast(ink, plotting.LIGHT_BACKGROUND) >= 4.5, (cell, ink)
        on_dark = dark[..., :3] * dark[..., 3:] + np.array(plotting.DARK_BACKGROUND) * (1 - dark[..., 3:])
        ink = _ink(np.dstack([on_dark, np.where(dark[..., 3] > 0.99, 1.0, 0.0)]),
                   plotting.DARK_BACKGROUND)
        assert plotting.contrast(ink, plotting.DARK_BACKGROUND) >= 4.5, (cell, ink)


@pytest.mark.parametrize("name", sorted(plotting.OKABE_ITO))
def test_dark_colours_keep_text_contrast_on_the_dark_theme(name):
    from matplotlib.colors import to_rgba

    dark = plotting.dark_colour(to_rgba(plotting.OKABE_ITO[name]))
    assert plotting.contrast(dark, plotting.DARK_BACKGROUND) >= plotting.MIN_CONTRAST
    if name != "black":  # a hue keeps its hue: the largest channel stays the largest
        light = to_rgba(plotting.OKABE_ITO[name])
        assert int(np.argmax(light[:3])) == int(np.argmax(dark[:3]))


def test_greys_swap_lightness_and_keep_alpha():
    black, white = plotting.dark_colour((0, 0, 0, 1)), plotting.dark_colour((1, 1, 1, 0.5))
    assert plotting.contrast(black, plotting.DARK_BACKGROUND) > 12
    assert plotting.contrast(white, plotting.DARK_BACKGROUND) < 1.2 and white[3] == 0.5


def test_the_dark_rendering_leaves_the_figure_as_it_was():
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(plotting.style()):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1], color=plotting.OKABE_ITO["blue"], label="line")
        ax.scatter([0.5], [0.2], color="black")
        # markers whose colours are left on "auto" follow the line colour
        (marks,) = ax.plot([0.2, 0.8], [0.7, 0.3], "x", color="black")
        ax.legend()
        ax.set_title("title")
        before = io.BytesIO()
        fig.savefig(before, format="png")
        dark = plotting.dark_png(fig)
        after = io.BytesIO()
        fig.savefig(after, format="png")
        plt.close(fig)
    assert before.getvalue() == after.getvalue()
    assert matplotlib.colors.to_hex(marks.get_markeredgecolor()) == "#000000"
    assert dark[:8] == b"\x89PNG\r\n\x1a\n" and dark != before.getvalue()


def test_the_style_is_the_okabe_ito_cycle_with_readable_text():
    style = plotting.style()
    colours = [c["color"] for c in style["axes.prop_cycle"]]
    assert set(colours) <= set(plotting.OKABE_ITO.values())
    assert min(style[k] for k in ("font.size", "xtick.labelsize", "ytick.labelsize",
                                  "legend.fontsize")) >= 10


# ---------------------------------------------------------------------------------------------
# the built book: the theme button swaps every figure

SHOWN_JS = """
() => Array.from(document.querySelectorAll("img.only-light, img.only-dark")).map((img) => ({
  kind: img.classList.contains("only-dark") ? "dark" : "light",
  shown: getComputedStyle(img).display !== "none" && img.getBoundingClientRect().width > 0,
  loaded: img.complete && img.naturalWidth > 0,
  alt: img.getAttribute("alt") || "",
}))
"""


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("chapter", [c.replace(".ipynb", ".html") for c in CHAPTERS])
def test_the_theme_button_swaps_every_figure(browser, book_server, chapter):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script("localStorage.setItem('mode', 'light'); localStorage.setItem('theme', 'light');")
    try:
        page = context.new_page()
        page.goto(f"{book_server}/{chapter}", wait_until="load")
        page.wait_for_function("Array.from(document.images).every((i) => i.complete)")
        light = page.evaluate(SHOWN_JS)
        button = page.locator("button.theme-switch-button").first
        for _ in range(3):  # the button cycles light, dark, auto
            if page.evaluate("document.documentElement.dataset.theme") == "dark":
                break
            button.click()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        dark = page.evaluate(SHOWN_JS)
    finally:
        context.close()
    n = len([f for f in light if f["kind"] == "light"])
    assert n == len(_figures(chapter.replace(".html", ".ipynb"))) and n > 0
    assert all(f["loaded"] and len(f["alt"].split()) >= 6 for f in light)
    assert [f["shown"] for f in light] == [f["kind"] == "light" for f in light]
    assert [f["shown"] for f in dark] == [f["kind"] == "dark" for f in dark]
