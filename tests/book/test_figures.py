"""The figures' shared style: a light and a dark rendering, each legible where it is shown.

Every chapter draws with `helpers.plotting.use_book_style()`. The committed notebooks hold
the light rendering only; the book's build asks the kernels for the dark one too. These
tests check the colour rules themselves, the committed notebooks, a kernel asked and not
asked for the dark rendering, and drive the built book in Chromium, in both themes: the
theme button swaps every figure, the ink of every figure has WCAG 4.5:1 contrast on the
background actually painted behind it, and every figure shows its number and caption.
"""

from __future__ import annotations

import base64
import io
import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import matplotlib
import nbformat
import numpy as np
import pytest

from helpers import plotting

from ._support import REPO, screenshot_of
from .test_browser import MATH_PROBLEMS_JS, RENDER_TIMEOUT_MS

matplotlib.use("Agg")

CHAPTERS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "chapters").glob("*.ipynb"))
PAGES = [c.replace(".ipynb", ".html") for c in CHAPTERS]
THEMES = ("light", "dark")
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


# For each figure image the reader sees: what is painted behind it, read from the image
# itself up to the root (a background colour, say the theme's behind output images, covers
# whatever lies further out), and whatever would change its pixels on the way to the screen.
PAINTED_JS = """
() => Array.from(document.querySelectorAll(".bd-content figure img"))
  .filter((img) => img.checkVisibility() && img.getBoundingClientRect().width > 0)
  .map((img) => {
    const layers = [];
    for (let el = img; el; el = el.parentElement) {
      const style = getComputedStyle(el);
      layers.push({ element: el.tagName.toLowerCase() + (el.className ? "." + el.className : ""),
                    background: style.backgroundColor, filter: style.filter,
                    opacity: style.opacity, blend: style.mixBlendMode });
    }
    return { src: img.currentSrc, figure: img.closest("figure").id,
             rendering: img.classList.contains("only-dark") ? "dark" : "light",
             padding: parseFloat(getComputedStyle(img).paddingLeft), layers };
  })
"""
CSS_COLOUR = re.compile(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)")


def _css_rgba(value: str) -> tuple:
    match = CSS_COLOUR.fullmatch(value)
    assert match, f"a computed colour this test cannot read: {value!r}"
    r, g, b, a = match.groups()
    return (int(r) / 255, int(g) / 255, int(b) / 255, float(a) if a is not None else 1.0)


def _painted_background(layers) -> np.ndarray:
    """The colour the layers' backgrounds paint together, over the white of the canvas."""
    colour = np.ones(3)
    for layer in reversed(layers):  # from the root inwards
        *rgb, alpha = _css_rgba(layer["background"])
        colour = alpha * np.array(rgb) + (1 - alpha) * colour
    return colour


def _image_file(html_dir: Path, src: str) -> Path:
    return html_dir / urlsplit(src).path.lstrip("/")


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.timeout(300)
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("page_path", PAGES)
def test_figures_read_on_the_background_painted_behind_them(browser, book_server, html_dir,
                                                            page_path, theme):
    problems, contrasts = [], []
    with _chapter_page(browser, book_server, page_path, theme) as page:
        shown = page.evaluate(PAINTED_JS)
        assert len(shown) == len(_light_pngs(page_path.replace(".html", ".ipynb"))), (
            f"{page_path} ({theme}): {len(shown)} figures shown")
        for i, figure in enumerate(shown):
            where = f"{figure['figure']} ({theme})"
            altering = [layer for layer in figure["layers"]
                        if layer["filter"] != "none" or float(layer["opacity"]) < 1
                        or layer["blend"] != "normal"]
            if altering:
                problems.append(f"{where}: CSS alters the figure's pixels: {altering}")
                continue
            painted = _painted_background(figure["layers"])
            image = _rgba(_image_file(html_dir, figure["src"]).read_bytes())
            # what the ink stands on: the figure's own background (its corner: opaque white
            # in the light rendering, transparent in the dark one) over the painted colour
            own, own_alpha = image[1, 1, :3], image[1, 1, 3]
            background = own * own_alpha + painted * (1 - own_alpha)
            # the screen agrees, at the figure's corner
            shot = _rgba(screenshot_of(page, page.locator(".bd-content figure img:visible").nth(i)))
            pad = int(figure["padding"])
            corner = np.median(shot[pad + 1:pad + 4, pad + 1:pad + 4, :3].reshape(-1, 3), axis=0)
            assert np.abs(corner - background).max() <= 3 / 255, (
                f"{where}: the screen shows {np.round(corner * 255)} at the figure's corner, "
                f"the CSS layers and the image give {np.round(background * 255)}")
            ink = _ink(image, figure["rendering"])  # opaque: shown as is, whatever lies behind
            ratio = plotting.contrast(ink, background)
            contrasts.append(ratio)
            if ratio < TEXT_CONTRAST:
                problems.append(f"{where}: ink {np.round(np.array(ink) * 255)} on "
                                f"{np.round(background * 255)} (painted behind the figure: "
                                f"{np.round(painted * 255)}) is {ratio:.2f}:1")
    print(f"{page_path} ({theme}): lowest ink contrast on the painted background "
          f"{min(contrasts, default=float('nan')):.2f}:1")
    assert not problems, f"{page_path}, text and axes under {TEXT_CONTRAST}:1:\n  " + "\n  ".join(problems)


# Every figure with its caption as shown (innerText of what is visible), and every link on
# the page to a figure, with the text the reader sees.
CAPTIONS_JS = """
() => ({
  figures: Array.from(document.querySelectorAll(".bd-content figure")).map((figure) => {
    const caption = figure.querySelector("figcaption");
    const visible = Boolean(caption) && caption.checkVisibility({ checkOpacity: true,
      checkVisibilityCSS: true }) && caption.getBoundingClientRect().height > 0;
    return { id: figure.id, caption: visible ? caption.innerText.trim() : null };
  }),
  references: Array.from(document.querySelectorAll(".bd-content a[href^='#']"))
    .filter((a) => { const t = document.getElementById(a.hash.slice(1));
                     return t && t.tagName === "FIGURE" && !a.classList.contains("headerlink"); })
    // the text, shown or folded away with its solution
    .map((a) => ({ target: a.hash.slice(1), text: a.textContent.trim() })),
})
"""


def _caption_words(caption: str) -> list[str]:
    """The caption's words outside its mathematics, as the reader sees them."""
    prose = re.sub(r"\$[^$]*\$", " ", caption)
    return re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", prose)


@pytest.mark.book
@pytest.mark.browser
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("page_path", PAGES)
def test_every_figure_shows_its_number_and_caption(browser, book_server, page_path, theme):
    chapter = page_path.replace(".html", ".ipynb")
    expected = [cell.metadata["mystnb"]["figure"] for cell in _figure_cells(chapter)]
    with _chapter_page(browser, book_server, page_path, theme) as page:
        shown = page.evaluate(CAPTIONS_JS)
    figures = shown["figures"]
    assert [f["id"] for f in figures] == [e["name"] for e in expected], page_path
    number = int(Path(page_path).name[:2])
    for k, (figure, options) in enumerate(zip(figures, expected), start=1):
        label = f"Fig. {number}.{k}"
        where = f"{page_path}#{figure['id']} ({theme})"
        assert figure["caption"] is not None, f"{where}: no caption is visible"
        assert figure["caption"].startswith(label + " "), f"{where}: {figure['caption'][:40]!r}"
        shown_text = figure["caption"].replace("\u2019", "'")  # Sphinx's curly apostrophes
        missing = [w for w in _caption_words(options["caption"]) if w not in shown_text]
        assert not missing, f"{where}: the visible caption lacks {missing}"
    numbers = {f["id"]: f"Fig. {number}.{k}" for k, f in enumerate(figures, start=1)}
    wrong = [r for r in shown["references"] if r["text"] != numbers[r["target"]]]
    assert not wrong, f"{page_path}: links whose text is not their figure's number: {wrong}"
