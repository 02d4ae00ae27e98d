"""What the book tests share: where the built HTML is, its pages, and Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Every notebook of the course (chapters, then labs), as absolute paths.
NOTEBOOKS = sorted(p for folder in ("chapters", "labs") for p in (REPO / folder).glob("*.ipynb"))
# BOOK_HTML points the tests at another build (a scratch book, say); the default is
# what `make book` writes.
HTML_DIR = Path(os.environ.get("BOOK_HTML", REPO / "_build" / "html")).resolve()

# Debian's package, then other common names; CHROMIUM overrides all of them.
CHROMIUM_CANDIDATES = ("chromium", "/usr/bin/chromium", "chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Schemes that never touch the network.
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-extension"}
HOW_TO_BUILD = "the book is not built: run `make book` (or `make test`, which builds it first)"


def html_pages(html_dir: Path = HTML_DIR) -> list[str]:
    """Every HTML page of the book, as a path relative to `html_dir`."""
    if not html_dir.is_dir():
        return []
    return sorted(
        path.relative_to(html_dir).as_posix()
        for path in html_dir.rglob("*.html")
        # `_static` holds theme assets, `_sources` the page sources, `lite` the JupyterLite
        # site (book/lite.py): none of them is a page of the book.
        if path.relative_to(html_dir).parts[0] not in {"_static", "_sources", "_images", "lite"}
    )


def free_port() -> int:
    """A TCP port on localhost that is free now (for a server a test starts)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_chromium() -> str:
    """Path of the Chromium executable, or fail saying how to install it (never skip)."""
    explicit = os.environ.get("CHROMIUM")
    if explicit:
        if Path(explicit).is_file() and os.access(explicit, os.X_OK):
            return explicit
        pytest.fail(f"CHROMIUM={explicit} is not an executable file", pytrace=False)
    for candidate in CHROMIUM_CANDIDATES:
        found = shutil.which(candidate)
        if found:
            return found
    pytest.fail(
        "Chromium is needed for the browser tests and was not found. Install Debian's "
        "package with `apt-get install -y chromium` (as root; `.ci/run` does this), or "
        "set CHROMIUM=/path/to/chromium.",
        pytrace=False,
    )


# Scroll an element to the middle of the viewport and wait until layout settles (a header
# that hides on scroll moves the page under it); its box, in viewport coordinates.
_STEADY_BOX_JS = """
async (el) => {
  el.scrollIntoView({ block: "center", inline: "nearest" });
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  let last = "";
  for (let i = 0; i < 120; i++) {
    await frame();
    const r = el.getBoundingClientRect();
    const now = [r.x, r.y, r.width, r.height].join();
    if (now === last) return { x: r.x, y: r.y, width: r.width, height: r.height };
    last = now;
  }
  throw new Error("the element keeps moving");
}
"""


def screenshot_of(page, locator) -> bytes:
    """A PNG of what the screen shows in `locator`'s box, once the page stands still.

    Playwright's element screenshot measures the box before scrolling to it; a layout that
    moves on scroll then puts another part of the page in the picture.
    """
    return page.screenshot(clip=locator.evaluate(_STEADY_BOX_JS))


def keep_offline(context, origin: str, record) -> None:
    """Let the pages of a browser `context` load from `origin` and local schemes only.

    Any other request is aborted, never sent (so a test stays offline), and described to
    `record` as ``"<resource type> <url>"``.
    """
    from urllib.parse import urlsplit

    def route(route, request):
        if urlsplit(request.url).scheme in LOCAL_SCHEMES or request.url.startswith(origin + "/"):
            route.continue_()
        else:
            record(f"{request.resource_type} {request.url}")
            route.abort()

    context.route("**/*", route)
