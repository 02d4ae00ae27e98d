"""The comparison that holds the build's executed notebooks to the committed ones finds what
nbval would find, and lets through what nbval lets through (no build needed)."""

from __future__ import annotations

import copy

import nbformat
import pytest
from myst_nb.ext.glue import extract_glue_data
from nbformat.v4 import new_code_cell, new_notebook, new_output

from ._nbcompare import compared_cells, differences, restore_glue
from ._support import REPO

GLUE_PREFIX = "application/papermill.record/"


def glued(name: str, text: str):
    return new_output("display_data", data={GLUE_PREFIX + "text/plain": text},
                      metadata={"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}})


def stream(text: str, name: str = "stdout"):
    return new_output("stream", name=name, text=text)


def result(text: str, count: int):
    return new_output("execute_result", data={"text/plain": text}, execution_count=count)


def notebook():
    cells = [
        new_code_cell("x = 1", execution_count=1),
        new_code_cell("print('gap', 2.1e-14)\nprint('w', 0.25)", execution_count=2,
                      outputs=[stream("gap 2.1e-14\n"), stream("w 0.25\n")]),
        new_code_cell("glue('mse', 4.66667)\nglue('gap', 0.0)", execution_count=3,
                      outputs=[glued("mse", "4.66667"), glued("gap", "0.0")]),
        new_code_cell("# a timing\n# NBVAL_IGNORE_OUTPUT\nprint(t)", execution_count=4,
                      outputs=[stream("12.3 ms\n")]),
        new_code_cell("1 + 1", execution_count=5, outputs=[result("2", 5)]),
    ]
    return new_notebook(cells=cells)


def built(committed):
    """What the build writes: the notebook re-executed (here: a copy) with the glue outputs
    moved out by myst-nb's own code; returns the executed copy with them put back."""
    executed = copy.deepcopy(committed)
    glue = {key: dict(output) for key, output in extract_glue_data(executed, [0] * 99, None).items()}
    assert not any("scrapbook" in o.get("metadata", {}) for c in executed.cells for o in c.get("outputs", []))
    restore_glue(executed, glue, committed)
    return executed


def test_an_identical_run_passes_and_every_unignored_cell_is_compared():
    committed = notebook()
    assert differences(committed, built(committed)) == []
    assert compared_cells(committed) == 4  # the NBVAL_IGNORE_OUTPUT cell is not compared


@pytest.mark.parametrize("path", ["chapters/01_linear_model.ipynb", "labs/01_fit_by_hand.ipynb"])
def test_a_committed_notebook_passes_against_itself_after_the_glue_round_trip(path):
    if not (REPO / path).exists():
        pytest.fail(f"{path} is gone: name another notebook here")
    committed = nbformat.read(REPO / path, as_version=4)
    assert differences(committed, built(committed)) == []


def edit(nb, cell, output, **change):
    nb.cells[cell].outputs[output].update(change)
    return nb


@pytest.mark.parametrize("change, where", [
    (lambda nb: edit(nb, 1, 1, text="w 0.26\n"), "Cell 1"),  # a printed digit
    (lambda nb: edit(nb, 4, 0, data={"text/plain": "3"}), "Cell 4"),  # a result
    (lambda nb: edit(nb, 1, 0, text="gap 2.1e-06\n"), "Cell 1"),  # rounding level lifted above 1e-7
    (lambda nb: nb.cells[1].outputs.append(stream("Matplotlib is building the font cache\n", "stderr"))
     or nb, "Cell 1"),  # a warning only one run prints
    (lambda nb: nb.cells[4].outputs.clear() or nb, "Cell 4"),  # an output missing
])
def test_a_changed_output_is_reported_with_its_cell(change, where):
    committed = notebook()
    executed = change(built(committed))
    found = differences(committed, executed)
    assert len(found) == 1 and found[0].startswith(where), found


def test_a_changed_glued_value_is_reported():
    committed = notebook()
    executed = copy.deepcopy(committed)
    glue = {key: dict(o) for key, o in extract_glue_data(executed, [0] * 99, None).items()}
    glue["mse"]["data"]["text/plain"] = "4.66668"
    restore_glue(executed, glue, committed)
    found = differences(committed, executed)
    assert len(found) == 1 and found[0].startswith("Cell 2") and "4.66668" in found[0], found


@pytest.mark.parametrize("change", [
    lambda nb: edit(nb, 1, 0, text="gap 3.4e-14\n"),  # rounding-level digits (sanitize rule)
    lambda nb: edit(nb, 3, 0, text="17.9 ms\n"),  # NBVAL_IGNORE_OUTPUT
])
def test_what_nbval_lets_through_passes(change):
    committed = notebook()
    assert differences(committed, change(built(committed))) == []


def test_other_code_or_other_glue_keys_are_refused():
    committed = notebook()
    executed = built(committed)
    executed.cells[4].source = "1 + 2"
    assert differences(committed, executed)[0].startswith("the executed notebook's code")
    with pytest.raises(AssertionError, match="only committed \\['gap'\\]"):
        restore_glue(copy.deepcopy(committed), {"mse": dict(glued("mse", "1"))}, committed)
