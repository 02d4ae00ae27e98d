"""axe-core on every page of the built book, labs included, in the light and the dark theme.

axe-core (bundled by the pinned ``axe-playwright-python``, so nothing is fetched) runs in
Chromium once the page has typeset its math and rendered its widgets, with the WCAG 2.x
A and AA rules and axe's best practices. Any violation of impact "serious" or "critical"
fails the page, with the rule, its help page and the first offending elements.

Colour contrast is checked in both themes: the reader can switch the book to dark, and
the theme's own colours, the labs' and the figures' surroundings must stay legible.
"""

from __future__ import annotations

import pytest

from ._support import HOW_TO_BUILD, html_pages
from .test_browser import MATH_PROBLEMS_JS, RENDER_TIMEOUT_MS, WIDGETS_RENDERED_JS

BLOCKING = {"serious", "critical"}
THEMES = ("light", "dark")
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                          "wcag22aa", "best-practice"]},
}


def _pages() -> list[str]:
    return html_pages() or ["<book not built>"]


def _describe(violation) -> str:
    def where(node):
        target = node["target"][0]
        text = target if isinstance(target, str) else " >> ".join(target)  # inside a shadow root
        summary = (node.get("failureSummary") or "").strip().splitlines()
        return text + (f" ({summary[-1].strip()})" if summary else "")

    nodes = violation["nodes"]
    more = f" and {len(nodes) - 3} more" if len(nodes) > 3 else ""
    return (f"[{violation['impact']}] {violation['id']}: {violation['help']} "
            f"({violation['helpUrl'].split('?')[0]})\n      "
            + "\n      ".join(map(where, nodes[:3])) + more)


# The labs name the stock slider handles once their view is in the page (js/src/controls.js,
# labelWidgetControls); give that a moment before judging, as a reader's screen reader would.
SLIDERS_NAMED_JS = """
() => Array.from(document.querySelectorAll(".noUi-handle")).every((h) => h.getAttribute("aria-label"))
"""


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


# The theme's button cycles light, dark, auto; once the page shows `theme`, let the repaint
# and the colour transitions it started finish before axe reads the colours (a spinner's
# animation may run forever: it is not waited for).
SWITCHED_JS = """
async (theme) => {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const transitions = document.getAnimations().filter((a) => a instanceof CSSTransition);
  await Promise.all(transitions.map((transition) => transition.finished));
  return document.documentElement.dataset.theme;
}
"""


# Colour contrast is a property of a text's colour, size and weight and of the background
# painted behind it. A chapter's highlighted code has thousands of tokens but a dozen such
# combinations, and checking every token took most of axe's time (about 10 of 12 s a theme
# on chapter 9). So the contrast rule checks everything outside the code blocks, plus one
# representative of each combination found inside them (`data-axe-contrast-rep`); every
# other rule runs on the whole page. test_a_low_contrast_code_token_is_still_caught shows
# that a token with its own bad colour is still reported.
MARK_CONTRAST_REPRESENTATIVES_JS = """
() => {
  const background = (el) => {
    for (let a = el; a; a = a.parentElement) {
      const c = getComputedStyle(a).backgroundColor;
      if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c;
    }
    return "";
  };
  const key = (el) => {
    const s = getComputedStyle(el);
    return [s.color, s.fontSize, s.fontWeight, s.opacity, background(el)].join("|");
  };
  const ownText = (el) => Array.from(el.childNodes).some(
    (n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
  document.querySelectorAll("[data-axe-contrast-rep]").forEach(
    (el) => el.removeAttribute("data-axe-contrast-rep"));
  const seen = new Set();
  let representatives = 0;
  // the blocks themselves where they hold text of their own, then the tokens inside them
  const blocks = Array.from(document.querySelectorAll("div.highlight pre")).filter(ownText);
  const tokens = Array.from(document.querySelectorAll("div.highlight pre *")).filter(ownText);
  for (const el of [...blocks, ...tokens]) {
    const k = (el.tagName === "PRE" ? "pre|" : "") + key(el);
    if (!seen.has(k)) {
      seen.add(k);
      el.setAttribute("data-axe-contrast-rep", "");
      representatives++;
    }
  }
  return representatives;
}
"""
CONTRAST = "color-contrast"
CONTRAST_CONTEXT = {"include": [["html"], ["[data-axe-contrast-rep]"]], "exclude": [["div.highlight"]]}


def _axe_violations(axe, page) -> list[dict]:
    """axe's violations on `page`: every rule on the whole page but colour contrast, which
    runs outside the code blocks and on one representative per colour combination inside."""
    page.evaluate(MARK_CONTRAST_REPRESENTATIVES_JS)
    others = dict(AXE_OPTIONS, rules={CONTRAST: {"enabled": False}})
    contrast = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": [CONTRAST]}}
    return (axe.run(page, options=others).response["violations"]
            + axe.run(page, context=CONTRAST_CONTEXT, options=contrast).response["violations"])


def _switch_theme(page, theme: str) -> None:
    """Click the theme button, as a reader does, until the page shows `theme`."""
    button = page.locator("button.theme-switch-button").first
    for _ in range(3):
        if page.evaluate("document.documentElement.dataset.theme") == theme:
            break
        button.click()
    # leave the button, so its tooltip goes as it would for a reader reading on
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_function("!document.querySelector('.tooltip')", timeout=RENDER_TIMEOUT_MS)
    assert page.evaluate(SWITCHED_JS, theme) == theme, f"the theme button did not switch to {theme}"


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.timeout(180)
@pytest.mark.parametrize("page_path", _pages())
def test_no_serious_or_critical_axe_violations(browser, book_server, html_dir, axe, page_path):
    """axe in each theme of one page load: the first theme stored before the page loads, the
    others switched to with the theme button (typesetting the page again per theme would only
    repeat the wait)."""
    if page_path not in html_pages(html_dir):
        pytest.fail(HOW_TO_BUILD, pytrace=False)
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    # the theme switcher stores the reader's choice here; set it before the page loads
    context.add_init_script(f"localStorage.setItem('mode', '{THEMES[0]}'); "
                            f"localStorage.setItem('theme', '{THEMES[0]}');")
    report = []
    try:
        page = context.new_page()
        page.goto(f"{book_server}/{page_path}", wait_until="load", timeout=RENDER_TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=RENDER_TIMEOUT_MS)
        page.evaluate(MATH_PROBLEMS_JS)  # resolves once MathJax has typeset the page
        if page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count():
            page.wait_for_function(WIDGETS_RENDERED_JS, timeout=RENDER_TIMEOUT_MS)
            try:
                page.wait_for_function(SLIDERS_NAMED_JS, timeout=5_000)
            except Exception:  # an unnamed slider: axe reports it below
                pass
        assert page.evaluate("document.documentElement.dataset.theme") == THEMES[0]
        for theme in THEMES:
            _switch_theme(page, theme)
            blocking = [v for v in _axe_violations(axe, page) if v["impact"] in BLOCKING]
            if blocking:
                report.append(f"{page_path} ({theme} theme):\n  " + "\n  ".join(map(_describe, blocking)))
    finally:
        context.close()
    assert not report, "\n".join(report)


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.parametrize("where", ["a code token", "the prose"])
def test_a_low_contrast_code_token_is_still_caught(browser, book_server, html_dir, axe, where):
    """The contrast check on representatives can fail: a code token (not the first of its
    kind) or a paragraph given a colour of its own that is barely visible is reported."""
    page_path = "chapters/01_linear_model.html"
    if page_path not in html_pages(html_dir):
        pytest.fail(HOW_TO_BUILD, pytrace=False)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(f"{book_server}/{page_path}", wait_until="load", timeout=RENDER_TIMEOUT_MS)
        page.evaluate(MATH_PROBLEMS_JS)
        assert not [v for v in _axe_violations(axe, page) if v["id"] == CONTRAST]
        # a visible element (axe skips what is folded away), well past the first of its kind
        kind = "div.highlight pre span.n" if where == "a code token" else ".bd-article p"
        target = (f"Array.from(document.querySelectorAll('{kind}'))"
                  ".filter((el) => el.checkVisibility())[10]")
        page.evaluate(f"{target}.style.color = '#eeeeee'")
        contrast = [v for v in _axe_violations(axe, page) if v["id"] == CONTRAST]
    finally:
        page.close()
    assert contrast and contrast[0]["impact"] in BLOCKING, f"a barely visible colour in {where} went unreported"
