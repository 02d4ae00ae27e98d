"""The conventions every notebook in chapters/ and labs/ follows (see README, Authoring)."""

from __future__ import annotations

import re

import nbformat
import pytest
from book.bootstrap import bootstrap_source
from book.run_notebooks import NBSTRIPOUT_OPTIONS, strip

from ._support import NOTEBOOKS as NOTEBOOK_PATHS
from ._support import REPO

NOTEBOOKS = [path.relative_to(REPO).as_posix() for path in NOTEBOOK_PATHS]


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_first_cell_installs_helpers_when_missing_and_is_hidden(notebook):
    first = nbformat.read(REPO / notebook, as_version=4).cells[0]
    assert first.cell_type == "code", "the first cell must be the Colab bootstrap code cell"
    assert "remove-cell" in first.metadata.get("tags", []), "tag the bootstrap cell `remove-cell`"
    assert first.source == bootstrap_source(notebook), (
        "the bootstrap cell differs: run `python book/bootstrap.py` (README, Authoring)"
    )


def test_notebooks_carry_nothing_nbstripout_would_strip():
    """Execution timings, UI state, the Python version: what changes from run to run."""
    verified = strip([str(REPO / notebook) for notebook in NOTEBOOKS], verify=True)
    assert verified.returncode == 0, (
        f"nbstripout {' '.join(NBSTRIPOUT_OPTIONS)} would change notebooks (run "
        f"`python book/run_notebooks.py --strip-only <notebook>`):\n{verified.stdout}{verified.stderr}"
    )


def test_the_strip_check_catches_volatile_metadata(tmp_path):
    """The check above can fail: a notebook saved with an execution timing is caught."""
    nb = nbformat.read(REPO / NOTEBOOKS[0], as_version=4)
    k, cell = next((k, c) for k, c in enumerate(nb.cells) if c.cell_type == "code" and c.outputs)
    cell.metadata["execution"] = {"iopub.execute_input": "2025-01-01T00:00:00.000Z"}
    saved = tmp_path / "saved.ipynb"
    nbformat.write(nb, saved)
    assert strip([str(saved)], verify=True).returncode == 1
    assert strip([str(saved)]).returncode == 0 and strip([str(saved)], verify=True).returncode == 0
    kept = nbformat.read(saved, as_version=4).cells[k]
    assert "execution" not in kept.metadata
    assert (kept.outputs, kept.execution_count, kept.id) == (cell.outputs, cell.execution_count, cell.id)


@pytest.mark.parametrize("notebook", [n for n in NOTEBOOKS if n.startswith("chapters/")])
def test_no_word_before_an_exercise_reference(notebook):
    """{ref}`label` of an exercise already reads "Exercise 2.3": "Exercise {ref}..." doubles it."""
    nb = nbformat.read(REPO / notebook, as_version=4)
    doubled = [m.group(0) for c in nb.cells if c.cell_type == "markdown"
               for m in re.finditer(r"[Ee]xercises?\s+\{(?:num)?ref\}`[^`]*`", c.source)]
    assert not doubled, f"write the reference alone: {doubled}"


LINE_LENGTH = 88  # characters of code that fit the book's text column at 1280 px


def _code_blocks(nb):
    """(where, code) of every code cell the book shows and every fenced block in the prose."""
    from book.lrbook import without_glue

    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "remove-cell" not in cell.metadata.get("tags", []):
            yield f"cell {i}", without_glue(cell.source)
        elif cell.cell_type == "markdown":
            for block in re.findall(r"^(`{3,})(?:python|\{code-cell\}|\{code-block\}[^\n]*)\n(.*?)^\1\s*$",
                                    cell.source, re.M | re.S):
                yield f"cell {i} (a code block in the prose)", block[1]


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_code_fits_the_text_column(notebook):
    nb = nbformat.read(REPO / notebook, as_version=4)
    long = [f"{where}: {line.strip()[:60]}... ({len(line)})" for where, code in _code_blocks(nb)
            for line in code.split("\n") if len(line) > LINE_LENGTH]
    assert not long, (f"{notebook}: {len(long)} code lines longer than {LINE_LENGTH} characters "
                      "scroll sideways in the book:\n  " + "\n  ".join(long))
