"""The API reference (reference/api.md): every public name of `helpers` is on the built page,
and every kernel's docstring names the chapter that derives it."""

from __future__ import annotations

import inspect
import re

import pytest

import helpers
import helpers.labs
import helpers.notebook

DERIVED = re.compile(r"^Derived in chapter (\d+) \(([^)]+)\)", re.MULTILINE)
# The chapters of the course, numbered as in issue 16 (11 chapters).
CHAPTERS = range(1, 12)
# What a reader calls: each package's __all__, and what the chapters' setup cells import
# from helpers.plotting (the rest of it is the book build's).
PUBLIC = {
    "helpers": helpers.__all__,
    "helpers.labs": helpers.labs.__all__,
    "helpers.notebook": helpers.notebook.__all__,
    "helpers.plotting": ["use_book_style", "OKABE_ITO"],
}


@pytest.mark.parametrize("name", helpers.__all__)
def test_every_kernel_names_the_chapter_that_derives_it(name):
    doc = inspect.getdoc(getattr(helpers, name))
    found = DERIVED.findall(doc)
    assert len(found) == 1, f"helpers.{name}: say once 'Derived in chapter N (title).'"
    assert int(found[0][0]) in CHAPTERS, f"helpers.{name} names chapter {found[0][0]}"


@pytest.mark.book
@pytest.mark.parametrize(
    "qualified", [f"{module}.{name}" for module, names in PUBLIC.items() for name in names]
)
def test_every_public_name_is_on_the_api_page(html_dir, qualified):
    page = (html_dir / "reference" / "api.html").read_text("utf8")
    assert f'id="{qualified}"' in page, f"{qualified} is not documented on reference/api.html"
