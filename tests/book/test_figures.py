"""The figures' shared style: a light and a dark rendering, each legible where it is shown.

Every chapter draws with `helpers.plotting.use_book_style()`. The committed notebooks hold
the light rendering only; the book's build asks the kernels for the dark one too. These
tests check the colour rules themselves, the committed notebooks, a kernel asked and not
asked for the dark rendering, and drive the built book in Chromium: the theme button
swaps every figure.
"""

from __future__ import annotations

import base64
import io
import re
from contextlib import contextmanager

import matplotlib
import nbformat
import numpy as np
import pytest

from helpers import plotting

from ._support import REPO
from .test_browser import MATH_PROBLEMS_JS, RENDER_TIMEOUT_MS

matplotlib.use("Agg")

CHAPTERS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "chapters").glob("*.ipynb"))
PAGES = [c.replace(".ipynb", ".html") for c in CHAPTERS]
# WCAG 2: text, such as a figure's tick labels and titles, needs 4.5:1 on its background
TEXT_CONTRAST = 4.5


def _figure_cells(chapter):
    """The cells of a chapter that draw a figure, in order."""
    nb = nbformat.read(REPO / chapter, as_version=4)
    return [cell for cell in nb.cells
            if any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))]


def _light_pngs(chapter):
    """(cell id, PNG bytes) of each figure's committed rendering."""
    return [(cell.id, base64.b64decode(out["data"]["image/png"]))
            for cell in _figure_cells(chapter) for out in cell.outputs
            if "image/png" in out.get("data", {})]


def _rgba(png: bytes) -> np.ndarray:
    import matplotlib.image as mpimg

    return mpimg.imread(io.BytesIO(png), format="png")  # floats in [0, 1], shape (h, w, 4)


def _ink(rgba: np.ndarray, rendering: str) -> np.ndarray:
    """The colour of a figure's text and axes as drawn: the opaque pixels within 2/255 of
    the book's ink for that rendering (at least 200 of them, a tick label's worth)."""
    from matplotlib.colors import to_rgba

    ink = to_rgba(plotting.INK)
    expected = np.array(ink[:3] if rendering == "light" else plotting.dark_colour(ink)[:3])
    opaque = rgba[..., 3] > 0.99
    drawn = rgba[..., :3][opaque & (np.abs(rgba[..., :3] - expected).max(axis=-1) <= 2 / 255)]
    assert len(drawn) >= 200, (
        f"the {rendering} rendering has {len(drawn)} pixels of its ink {np.round(expected * 255)}")
    return drawn.mean(axis=0)


# ---------------------------------------------------------------------------------------------
# the colour rules and the committed notebooks


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_committed_figures_hold_the_light_rendering_only(chapter):
    figures = _figure_cells(chapter)
    assert figures, f"{chapter} has no figure"
    stored = [cell.id for cell in figures for out in cell.outputs
              if plotting.DARK_KEY in out.get("metadata", {}).get("image/png", {})]
    assert not stored, (
        f"{chapter}: cells {stored} store a dark rendering, which only the book's build makes: "
        f"re-run the notebook with `make notebooks` (outside the build, {plotting.DARK_RENDERING_ENV} "
        "is unset)"
    )


# Colour words that the dark rendering makes false: black ink turns light, white turns dark
# and a dark or light shade of a hue is lifted. Hues themselves (blue, orange) hold.
THEME_BOUND_COLOURS = re.compile(r"\b(black|white|dark|light)\b", re.IGNORECASE)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_alt_texts_hold_in_both_renderings(chapter):
    alts = {cell.id: cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            for cell in _figure_cells(chapter)}
    wrong = {cell: THEME_BOUND_COLOURS.findall(alt) for cell, alt in alts.items()
             if THEME_BOUND_COLOURS.search(alt)}
    assert not wrong, f"{chapter}: alt texts that name a colour one of the renderings lacks: {wrong}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_light_rendering_reads_on_white(chapter):
    for cell, png in _light_pngs(chapter):
        light = _rgba(png)
        assert light[0, 0, 3] == 1.0 and light[0, 0, :3].min() == 1.0, f"{cell}: not opaque white"
        ink = _ink(light, "light")
        assert plotting.contrast(ink, plotting.LIGHT_BACKGROUND) >= TEXT_CONTRAST, (cell, ink)


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


@pytest.mark.parametrize(("value", "expected"), [(None, False), ("0", False), ("1", True)])
def test_the_environment_asks_for_the_dark_rendering(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv(plotting.DARK_RENDERING_ENV, raising=False)
    else:
        monkeypatch.setenv(plotting.DARK_RENDERING_ENV, value)
    assert plotting.dark_rendering_requested() is expected


def test_an_unknown_request_names_the_variable(monkeypatch):
    monkeypatch.setenv(plotting.DARK_RENDERING_ENV, "yes")
    with pytest.raises(ValueError, match=f"{plotting.DARK_RENDERING_ENV}='yes'"):
        plotting.use_book_style()


@pytest.mark.timeout(120)
@pytest.mark.parametrize("asked", [False, True])
def test_a_kernel_attaches_the_dark_rendering_only_when_asked(monkeypatch, asked):
    """A figure shown in a fresh kernel, as the book's build and `make notebooks` run them."""
    from nbclient import NotebookClient

    monkeypatch.setenv(plotting.DARK_RENDERING_ENV, "1" if asked else "0")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import matplotlib.pyplot as plt\n"
        "from helpers.plotting import use_book_style\n"
        "use_book_style()\n"
        "plt.plot([0, 1], [1, 0])\n"
        "plt.show()"
    )])
    NotebookClient(nb, kernel_name="python3", timeout=60,
                   resources={"metadata": {"path": str(REPO)}}).execute()
    (figure,) = [out for out in nb.cells[0].outputs if "image/png" in out.get("data", {})]
    dark = figure.get("metadata", {}).get("image/png", {}).get(plotting.DARK_KEY)
    assert bool(dark) is asked
    if asked:  # a PNG of the same figure, transparent where the page shows through
        light, dark = _rgba(base64.b64decode(figure.data["image/png"])), _rgba(base64.b64decode(dark))
        assert dark[0, 0, 3] == 0.0 and dark.shape == light.shape


# ---------------------------------------------------------------------------------------------
# the built book, in Chromium


@contextmanager
def _chapter_page(browser, book_server, page_path, theme, **context_options):
    """A page of the built book in `theme`, its images loaded and its math typeset."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    # the theme switcher stores the reader's choice here; set it before the page loads
    context.add_init_script(f"localStorage.setItem('mode', '{theme}'); "
                            f"localStorage.setItem('theme', '{theme}');")
    try:
        page = context.new_page()
        page.goto(f"{book_server}/{page_path}", wait_until="load", timeout=RENDER_TIMEOUT_MS)
        page.wait_for_function("Array.from(document.images).every((i) => i.complete)")
        page.evaluate(MATH_PROBLEMS_JS)  # resolves once MathJax has typeset the page
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        yield page
    finally:
        context.close()


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
@pytest.mark.parametrize("page_path", PAGES)
def test_the_theme_button_swaps_every_figure(browser, book_server, page_path):
    with _chapter_page(browser, book_server, page_path, "light") as page:
        light = page.evaluate(SHOWN_JS)
        button = page.locator("button.theme-switch-button").first
        for _ in range(3):  # the button cycles light, dark, auto
            if page.evaluate("document.documentElement.dataset.theme") == "dark":
                break
            button.click()
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        dark = page.evaluate(SHOWN_JS)
    n = len([f for f in light if f["kind"] == "light"])
    assert n == len(_light_pngs(page_path.replace(".html", ".ipynb"))) and n > 0
    assert n == len([f for f in light if f["kind"] == "dark"]), "a figure lacks its dark rendering"
    assert all(f["loaded"] and len(f["alt"].split()) >= 6 for f in light)
    assert [f["shown"] for f in light] == [f["kind"] == "light" for f in light]
    assert [f["shown"] for f in dark] == [f["kind"] == "dark" for f in dark]
