"""The prose never shows more digits of a glued number than every machine reproduces.

A chapter glues a number with ``helpers.notebook.glue(name, value, digits=6)``, which
rounds it to `digits` significant figures, and the prose formats it with
``{glue:text}`name:.4f```. Strict nbval then compares the glued value on every reader's
machine. These tests read each chapter's code and prose (no build needed) and check that
every formatted use shows at most the digits its ``glue`` call kept, so a digit the prose
shows is a digit that was compared; and that chapters glue through the course's wrapper.
"""

from __future__ import annotations

import ast
import json
import re

import nbformat
import pytest

from helpers.notebook import DEFAULT_DIGITS

from ._support import NOTEBOOKS, REPO
ROLE = re.compile(r"\{glue(?::text)?\}`([A-Za-z0-9_]+)(?::([^`]*))?`")
RECORD = "application/papermill.record/text/plain"


def _code(cell) -> str:
    # IPython magics are not Python; blank them out before parsing
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in cell.source.split("\n"))


def glue_calls(nb) -> list[tuple[re.Pattern, int]]:
    """(pattern matching the glued key, digits kept) for every ``glue(...)`` call."""
    calls = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "glue(" not in cell.source:
            continue
        for node in ast.walk(ast.parse(_code(cell))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "glue"):
                continue
            key = node.args[0]
            if isinstance(key, ast.Constant):
                pattern = re.escape(key.value)
            else:  # an f-string key such as f"ch06_test_mse{d}"
                assert isinstance(key, ast.JoinedStr), ast.unparse(key)
                pattern = "".join(re.escape(part.value) if isinstance(part, ast.Constant) else r"\w+"
                                  for part in key.values)
            digits = DEFAULT_DIGITS
            for keyword in node.keywords:
                if keyword.arg == "digits":
                    digits = ast.literal_eval(keyword.value)
            calls.append((re.compile(pattern + r"\Z"), digits))
    return calls


def glued_values(nb) -> dict[str, str]:
    values = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name is not None and RECORD in output.get("data", {}):
                values[name] = output["data"][RECORD]
    return values


def digits_shown(value: float, spec: str) -> int | None:
    """Significant figures that ``format(value, spec)`` shows, or None when it is not a float format.

    Trailing zeros of a number shown without a decimal point are not counted: "about
    72,000,000 steps" shows two figures.
    """
    kind = spec[-1:]
    if not kind or kind not in "eEfFgG%":
        return None
    shown = format(value, spec)
    mantissa = re.split("[eE]", shown)[0]
    figures = re.sub(r"\D", "", mantissa).lstrip("0")
    if "." not in mantissa:
        figures = figures.rstrip("0")
    return len(figures) or None


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_prose_shows_only_the_digits_its_glue_kept(notebook):
    nb = nbformat.read(notebook, as_version=4)
    calls, values = glue_calls(nb), glued_values(nb)
    problems = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for key, spec in ROLE.findall(cell.source):
            if key not in values:
                problems.append(f"{key}: used in the prose but never glued")
                continue
            kept = [digits for pattern, digits in calls if pattern.match(key)]
            assert kept, f"{key} is glued, but not by a glue(...) call this test can read"
            try:
                value = json.loads(values[key].replace("'", '"'))
            except ValueError:
                continue  # a string: shown as it was glued
            if not isinstance(value, float) or not spec:
                continue  # an integer is exact; no format shows the digits glued
            shown = digits_shown(value, spec)
            if shown is not None and shown > max(kept):
                problems.append(f"{{glue:text}}`{key}:{spec}` shows {shown} significant figures of "
                                f"{value!r}, glued with digits={max(kept)}")
    assert not problems, (f"{notebook.name}: raise `digits=` in the glue call (only for a quantity "
                          "every machine computes to that many digits) or show fewer digits:\n  "
                          + "\n  ".join(problems))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_chapters_glue_through_the_course_wrapper(notebook):
    """myst-nb's own glue stores full precision and fails without myst-nb (Colab)."""
    sources = [cell.source for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"]
    assert not any("from myst_nb import glue" in s for s in sources), (
        f"{notebook.name}: import glue with `from helpers.notebook import glue`")


@pytest.mark.parametrize(("value", "spec", "shown"), [
    (9724193.0, ",.0f", 7), (9720000.0, ",.0f", 3), (0.1216, ".4f", 4), (0.5, ".4f", 4),
    (3.2e-7, ".1e", 2), (123.4, ".0e", 1), (0.953, ".1%", 3), (42.0, "", None), (0.25, ".3g", 2),
    (0.0, ".2f", None),
])
def test_digits_shown(value, spec, shown):
    assert digits_shown(value, spec) == shown
