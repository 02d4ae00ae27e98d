"""nbval's strict comparison, applied to a notebook that something else executed.

`make test` executes every notebook once per BLAS kernel. Under the first kernel the
executor is the book's build: myst-nb runs each notebook in a fresh kernel and writes the
executed copy to `_build/jupyter_execute/` (book/lrbook.py records the BLAS set-up it ran
under). Running nbval as well would execute every notebook a second time under the same
kernel; instead, this module compares the build's copy with the committed notebook cell by
cell exactly as `pytest --nbval` would have compared a fresh run: nbval's own functions
pick the cells (its comment markers and tags: NBVAL_IGNORE_OUTPUT, NBVAL_SKIP, ...),
merge the streams, apply the sanitize rules (book/nbval_sanitize.cfg) and compare each
output type (`IPyNbCell.compare_outputs`, the same code, with the same ignored keys:
images, metadata, widget model ids, execution counts).

One thing differs from a fresh run: myst-nb moves the outputs of `glue(...)` out of the
executed notebook into a `<name>.glue.json` beside it. They are put back, each into the cell
whose committed copy holds that glue key, before the comparison; a key that only one side
has is a difference.
"""

from __future__ import annotations

import copy
import difflib
import json
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import nbformat
from nbval.plugin import (
    IPyNbCell,
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
    nocolors,
)

from ._support import REPO

SANITIZE_FILE = REPO / "book" / "nbval_sanitize.cfg"

# What `IPyNbFile.__init__` ignores when images are not compared (nbval without --nbdime).
SKIP_COMPARE = (
    "metadata",
    "traceback",
    "prompt_number",
    "output_type",
    "name",
    "execution_count",
    "application/vnd.jupyter.widget-view+json",
    "image/png",
    "image/jpeg",
)


def sanitize_patterns(path: Path = SANITIZE_FILE) -> dict[str, str]:
    """The regex -> replacement pairs of a sanitize file, read as nbval reads them."""
    return dict(get_sanitize_patterns(path.read_text()))


class _Cell:
    """Stands in for nbval's cell item: its comparison code, run on given outputs."""

    compare_outputs = IPyNbCell.compare_outputs
    sanitize = IPyNbCell.sanitize
    colors = nocolors

    def __init__(self, patterns: dict[str, str]):
        self.parent = SimpleNamespace(skip_compare=SKIP_COMPARE, sanitize_patterns=patterns)
        self.comparison_traceback: list[str] = []

    def format_output_compare(self, key, left, right):  # nbval's report needs pytest's hooks
        diff = difflib.unified_diff(str(left).splitlines(), str(right).splitlines(),
                                    "committed", "executed by the build", lineterm="", n=1)
        self.comparison_traceback.append(f"{key}:\n" + "\n".join(diff))


def cell_options(cell) -> defaultdict:
    """nbval's options for a code cell: its tags, then its comment markers (which win)."""
    options = defaultdict(bool, find_metadata_tags(cell.metadata))
    options.update(dict(find_comment_markers(cell.source)))
    options.setdefault("check", True)
    return options


def restore_glue(executed, glue: dict, committed) -> None:
    """Put the glue outputs myst-nb took out of `executed` back where `committed` has them.

    Each key goes back with its MIME prefix into the code cell whose committed outputs hold
    it. Raises AssertionError when the two sides glued different keys."""
    committed_keys, hidden = set(), {}
    for index, cell in enumerate(committed.cells):
        for output in cell.get("outputs", []):
            scrapbook = output.get("metadata", {}).get("scrapbook")
            if scrapbook:
                committed_keys.add(scrapbook["name"])
                if scrapbook.get("mime_prefix"):  # taken out; a displayed glue stays in place
                    hidden[scrapbook["name"]] = index
    missing, extra = committed_keys - set(glue), set(glue) - committed_keys
    assert not missing and not extra, (
        f"the build glued other keys than the committed notebook: only committed "
        f"{sorted(missing)}, only built {sorted(extra)}")
    for key, index in hidden.items():
        output = copy.deepcopy(glue[key])
        prefix = output["metadata"]["scrapbook"]["mime_prefix"]
        output["data"] = {prefix + mime: value for mime, value in output["data"].items()}
        executed.cells[index].outputs.append(nbformat.from_dict(output))


def differences(committed, executed, patterns: dict[str, str] | None = None) -> list[str]:
    """Where `executed` shows another output than `committed`, by nbval's rules.

    Both are nbformat v4 notebooks with the same code; `executed` with its glue restored.
    Returns one message per differing cell (nbval's cell number: the index among code cells).
    """
    patterns = sanitize_patterns() if patterns is None else patterns
    ours = [c for c in committed.cells if c.cell_type == "code"]
    theirs = [c for c in executed.cells if c.cell_type == "code"]
    if [c.source for c in ours] != [c.source for c in theirs]:
        return ["the executed notebook's code is not the committed code (a stale build?)"]
    found = []
    for number, (ref, test) in enumerate(zip(ours, theirs)):
        options = cell_options(ref)
        if options["skip"]:
            continue
        if ref.execution_count is None:
            if ref.outputs:
                found.append(f"Cell {number}: unrun reference cell has outputs")
            continue
        if not options["check"]:
            continue
        checker = _Cell(patterns)
        same = checker.compare_outputs(coalesce_streams(copy.deepcopy(test.outputs)),
                                       coalesce_streams(copy.deepcopy(ref.outputs)))
        if not same:
            found.append(f"Cell {number} ({ref.source.splitlines()[0][:60]!r}):\n"
                         + "\n".join(checker.comparison_traceback))
    return found


def compared_cells(committed) -> int:
    """How many code cells of `committed` nbval compares (not skipped, run, not ignored)."""
    return sum(1 for c in committed.cells if c.cell_type == "code" and c.execution_count is not None
               and not cell_options(c)["skip"] and cell_options(c)["check"])


def executed_copy(notebook: Path, execute_dir: Path):
    """The build's executed copy of `notebook` with its glue restored, and the committed one."""
    relative = notebook.resolve().relative_to(REPO).with_suffix("")
    path = execute_dir / relative.with_suffix(".ipynb")
    committed = nbformat.read(notebook, as_version=4)
    assert path.exists(), (f"the build left no executed copy of {relative}.ipynb in {execute_dir}: "
                           f"run `make book` (every notebook must be in _toc.yml)")
    executed = nbformat.read(path, as_version=4)
    glue_file = execute_dir / relative.with_suffix(".glue.json")
    glue = json.loads(glue_file.read_text()) if glue_file.exists() else {}
    restore_glue(executed, glue, committed)
    return committed, executed
