"""The glue bookkeeping is hidden from the HTML reader (book/lrbook.py, `_hide_glue`)."""

from __future__ import annotations

import re

import pytest

from book.lrbook import without_glue

from ._support import html_pages


@pytest.mark.parametrize(("code", "shown"), [
    ('x = 1\n# for the prose\nglue("a", x)\nprint(x)', "x = 1\nprint(x)"),
    ('for d in (1, 2):\n    glue(f"k{d}", d)\ny = 2', "y = 2"),
    ('glue("b",\n     3,\n     digits=2)', ""),
    ('for d in (1, 2):\n    y = d\n    glue(f"k{d}", y)', "for d in (1, 2):\n    y = d"),
    ("%timeit f()\nglue('t', 1)", "%timeit f()"),
    ("def glue_like():\n    pass", "def glue_like():\n    pass"),  # only calls of `glue` go
    ("print(glue)", "print(glue)"),
])
def test_without_glue(code, shown):
    assert without_glue(code) == shown


GLUE_CALL = re.compile(r'<span class="n">glue</span><span class="p">\(')


@pytest.mark.book
@pytest.mark.parametrize("page", [p for p in html_pages() if p.startswith("chapters/")] or ["<none>"])
def test_no_glue_call_is_shown(html_dir, page):
    html = (html_dir / page).read_text("utf8")
    assert not GLUE_CALL.search(html), f"{page} shows glue(...) bookkeeping to the reader"
