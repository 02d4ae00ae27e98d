"""The PDF edition: the whole book as one PDF, printed by Chromium (`make pdf`).

`make pdf` first builds the book as one HTML page (Sphinx's singlehtml builder, run by
Jupyter Book with the committed outputs: `BOOK_EXECUTION=off`), then this script opens it
in Chromium (Playwright, Debian's Chromium), prepares it for paper and prints it:

- the mathematics is typeset by MathJax before printing;
- each lab, which is interactive only on a web page, becomes a picture of the lab as it
  opens, taken from the built HTML book (`_build/html`, so `make pdf` builds that first),
  with an alt text and the address of the live page under it;
- the hints and the solutions of a chapter's exercises move, unfolded, to a "Hints and
  solutions" section at the end of that chapter: a reader of paper cannot fold them away,
  so they are printed where they do not give the answer away before the reader has tried,
  as a textbook prints them;
- the web page's navigation (header, sidebars, buttons) is hidden.

Usage: `python book/pdf.py SINGLE_HTML_DIR BOOK_HTML_DIR OUTPUT.pdf`.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import sys
from pathlib import Path

import yaml

from book.serve import serve
from book.toc import REPO

# Debian's package first; CHROMIUM overrides (as for the browser tests).
CHROMIUM_CANDIDATES = ("chromium", "/usr/bin/chromium", "chromium-browser")

PRINT_CSS = """
.bd-header, .bd-header-article, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer,
.bd-footer-article, .bd-footer-content, .prev-next-area, .header-article, .toggle-button,
.headerlink, .copybtn, #pst-back-to-top, .bd-search, .search-button-field,
.sd-summary-state-marker { display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-page-width, .bd-container,
.bd-container__inner { max-width: none !important; width: 100% !important; padding: 0 !important;
  margin: 0 !important; }
.bd-article { padding: 0 !important; }
.toggle-hidden { display: revert !important; }
div.highlight pre, .output pre { white-space: pre-wrap !important; overflow-wrap: anywhere;
  break-inside: auto !important; }
.cell_input, .cell_output, div.highlight, .admonition, div[class*=highlight-] {
  break-inside: auto !important; }
span[id^="document-chapters/"] + section, span[id^="document-labs/"] + section,
span[id^="document-reference/"] + section { break-before: page; }
figure, .cell_output img, .lab-picture { break-inside: avoid; }
img { max-width: 100% !important; }
.pdf-solutions { break-before: page; }
h1, h2, h3, h4, .admonition-title, figcaption { break-after: avoid; }
.lab-picture figcaption { font-size: 0.9em; }
"""

# Move each chapter's hints and solutions to a section at its end, unfolded.
MOVE_SOLUTIONS_JS = """
() => {
  const following = (a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  let moved = 0;
  for (const span of document.querySelectorAll('span[id^="document-chapters/"]')) {
    const root = span.nextElementSibling;
    const solutions = [...root.querySelectorAll(".solution")];
    if (!solutions.length) continue;
    const end = document.createElement("section");
    end.className = "pdf-solutions";
    const title = document.createElement("h2");
    title.textContent = "Hints and solutions";
    end.append(title);
    const hints = [...root.querySelectorAll("details")].filter(
      (d) => !d.closest(".solution") && !d.parentElement.closest("details"));
    for (const solution of solutions) {
      const link = solution.querySelector(".admonition-title a");
      const exercise = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
      const heading = document.createElement("h3");
      heading.textContent = link ? link.textContent.trim() : "Exercise";
      end.append(heading);
      for (const hint of hints) {
        if (exercise && following(exercise, hint) && following(hint, solution)) end.append(hint);
      }
      solution.classList.remove("dropdown", "toggle-hidden");
      end.append(solution);
      moved += 1;
    }
    root.append(end);
  }
  for (const d of document.querySelectorAll("details")) d.open = true;
  for (const el of document.querySelectorAll(".toggle-hidden")) el.classList.remove("toggle-hidden");
  return moved;
}
"""

# Each lab's widget outputs, in page order, keyed by their place: (document, index).
WIDGET_SLOTS_JS = """
() => [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')]
  .map((script) => {
    const spans = [...document.querySelectorAll('span[id^="document-"]')]
      .filter((s) => s.compareDocumentPosition(script) & Node.DOCUMENT_POSITION_FOLLOWING);
    return spans.length ? spans[spans.length - 1].id.slice("document-".length) : "";
  })
"""


def find_chromium() -> str:
    for candidate in (os.environ.get("CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    sys.exit("Chromium is needed: `apt-get install -y chromium`, or set CHROMIUM=/path/to/it")


def live_book_url(repo: Path = REPO) -> str:
    """Where the web book is published: `html.baseurl` in _config.yml, without its last slash."""
    config = yaml.safe_load((repo / "_config.yml").read_text("utf8"))
    return config["html"]["baseurl"].rstrip("/")


def lab_pictures(browser, book_html: Path, slots: list[str]) -> list[dict]:
    """A PNG of each widget output `slots` names, as it renders in the HTML book."""
    pictures, seen = [], {}
    with serve(book_html) as origin:
        page = browser.new_page(viewport={"width": 1000, "height": 900}, device_scale_factor=2)
        for doc in slots:
            index = seen.get(doc, 0)
            seen[doc] = index + 1
            page.goto(f"{origin}/{doc}.html", wait_until="networkidle")
            widget = page.locator(".cell_output .widget-subarea, .cell_output .jupyter-widgets-view")
            widget = widget.nth(index)
            widget.locator(".lab-svg").first.wait_for(state="visible", timeout=30_000)
            page.wait_for_timeout(300)  # the lab's first layout settles
            label = widget.locator(".lab-svg").first.get_attribute("aria-label") or ""
            title = page.locator("h1").first.inner_text().strip("#").strip()
            pictures.append({
                "png": base64.b64encode(widget.screenshot()).decode("ascii"),
                "alt": f"{title}: the lab as it opens. {label}".strip(),
                "url": f"{live_book_url()}/{doc}.html",
                "title": title,
            })
        page.close()
    return pictures


REPLACE_LABS_JS = """
(pictures) => {
  const scripts = [...document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]')];
  scripts.forEach((script, k) => {
    const p = pictures[k];
    const figure = document.createElement("figure");
    figure.className = "lab-picture";
    const img = document.createElement("img");
    img.src = "data:image/png;base64," + p.png;
    img.alt = p.alt;
    const caption = document.createElement("figcaption");
    caption.append(`${p.alt} The lab is interactive in the web book: `);
    const a = document.createElement("a");
    a.href = p.url;
    a.textContent = p.url;
    caption.append(a);
    figure.append(img, caption);
    script.replaceWith(figure);
  });
  return scripts.length;
}
"""


def print_pdf(single_html: Path, book_html: Path, output: Path) -> dict:
    """Print the single-page book in `single_html` to `output`; what was done."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=find_chromium(), args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        with serve(single_html) as origin:
            page = browser.new_page()
            page.goto(f"{origin}/intro.html", wait_until="networkidle")
            slots = page.evaluate(WIDGET_SLOTS_JS)
            pictures = lab_pictures(browser, book_html, slots) if slots else []
            labs = page.evaluate(REPLACE_LABS_JS, pictures)
            solutions = page.evaluate(MOVE_SOLUTIONS_JS)
            page.add_style_tag(content=PRINT_CSS)
            page.evaluate("() => window.MathJax.startup.promise.then(() => MathJax.typesetPromise())")
            page.emulate_media(media="print")
            page.evaluate("() => Promise.all([...document.images].map((i) => i.decode().catch(() => null)))")
            output.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(output), format="A4", print_background=True,
                margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                display_header_footer=True, header_template="<span></span>",
                footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                '<span class="pageNumber"></span></div>',
            )
        browser.close()
    return {"labs": labs, "solutions": solutions}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("single_html", type=Path)
    parser.add_argument("book_html", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    if not (args.book_html / "index.html").is_file():
        parser.error(f"the HTML book is not built in {args.book_html}: run `make book`")
    done = print_pdf(args.single_html, args.book_html, args.output)
    print(f"{args.output}: {done['labs']} labs as pictures, {done['solutions']} solutions at the chapters' ends")
    return 0


if __name__ == "__main__":
    sys.exit(main())
