"""Keep the chapters' exercise cells in step with `helpers.exercises`.

The checker in `helpers/exercises/` is the single source of each auto-checked exercise's
hints, answer stub and reference solution. This script writes them into the chapter
notebooks, so the book shows exactly the code the tests run:

- every exercise and every solution is a markdown cell of its own (a solution cell holds
  one ``{solution}`` directive, folded in the HTML book and in JupyterLab);
- under each auto-checked exercise come a **hints** cell (nested dropdowns, so hints are
  revealed one at a time) and a **check** cell (a stub to fill in, then ``check(...)``);
- inside the exercise's ``{solution}`` directive, between two ``%`` comment lines, the
  source of the reference solution from :func:`helpers.exercises.solution_source`;
- one cell at the top of the exercises section imports ``check`` and ``hint``.

Cells written here carry ``metadata.lrbook = {"exercise": id, "role": ...}`` and are
rewritten on every run; every other cell is left as the author wrote it (apart from the
split into one cell per exercise and solution). ``--check`` changes nothing and exits 1
when a notebook is out of step; the test suite runs that.

A learner who answers an exercise replaces the stub's marker line (``raise
NotImplementedError(...)`` or ``answer = None``) in the check cell. Writing the stubs back
would erase that work, so a notebook with an answered exercise is left alone, with a
message, and the script exits 1 without writing anything, unless ``--force`` is given
(``make notebooks FORCE=1``).

Usage: python book/sync_exercises.py [--check | --force] [chapters/02_loss_and_geometry.ipynb ...]
(default: every chapter). Re-execute a changed notebook with book/run_notebooks.py.
"""

from __future__ import annotations

import inspect
import re
import textwrap
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from helpers.exercises import describe, get_exercise, list_exercises, solution_source  # noqa: E402

CHAPTERS = sorted((ROOT / "chapters").glob("[0-9][0-9]_*.ipynb"))
EXERCISES_HEADING = re.compile(r"^## Exercises\s*$", re.M)
# the opening line of a top-level exercise or solution directive, and its fence
DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>exercise|solution)\}(?P<rest>.*)$")
LABEL = re.compile(r"^:label:\s*(\S+)\s*$", re.M)
BEGIN = "% reference solution of {id}: written by book/sync_exercises.py from {path}"
END = "% end of the reference solution of {id}"
IMPORT_SOURCE = (
    "# Exercises that say so check themselves: fill in the cell under the exercise, run it.\n"
    "from helpers.exercises import check, hint"
)


# ---------------------------------------------------------------------------------------------
# the generated pieces


def _escape_markdown(text: str) -> str:
    """Plain hint text as markdown: code spans kept, characters MyST would act on escaped."""
    pieces = re.split(r"(`[^`]*`)", text)
    for i in range(0, len(pieces), 2):
        pieces[i] = re.sub(r"([\\*_$\[\]<{}])", r"\\\1", pieces[i])
    return "".join(pieces)


def hints_markdown(exercise_id: str) -> str:
    """The task as the checker states it, then the hints as nested dropdowns (k + 1 inside k)."""
    hints = get_exercise(exercise_id).hints
    total = len(hints)

    def block(k: int) -> list:
        fence = "`" * (3 + total - 1 - k)
        lines = [f"{fence}{{dropdown}} Hint {k + 1} of {total}", _escape_markdown(hints[k])]
        if k + 1 < total:
            lines += [""] + block(k + 1)
        return lines + [fence]

    ex = get_exercise(exercise_id)
    if ex.kind == "function":
        # the exercise above states the task; say what the check does with the function
        lead = (
            "**Check it in code.** The cell below runs your function on hidden cases "
            f"({_escape_markdown(ex.cases_summary)}) and compares it with the reference: "
            f"{_escape_markdown(ex.answer_format)}."
        )
    else:
        # the numbers asked for, exactly as the checker expects them
        lead = (
            f"**Check it in code.** {_escape_markdown(ex.task)} The cell below checks your "
            f"answer: {_escape_markdown(ex.answer_format)}."
        )
    return "\n".join([lead, ""] + block(0))


def _output_phrase(exercise_id: str) -> str:
    fmt = describe(exercise_id).answer_format
    # "a function `f(x)` returning an array of shape (n,)" -> "an array of shape (n,)"
    return fmt.split(" returning ", 1)[1] if " returning " in fmt else fmt


# A check cell still holds the stub while one of these is a line of it (see check_source).
STUB_MARKERS = ('raise NotImplementedError("replace this line with your code")', "answer = None")
# Code lines fit the book's text column at 1280 px (tests/book/test_notebooks.py).
LINE_LENGTH = 88


def _comment(text: str, indent: str = "") -> str:
    """`text` as comment lines of at most LINE_LENGTH characters."""
    width = LINE_LENGTH - len(indent) - 2
    return "\n".join(f"{indent}# {line}" for line in textwrap.wrap(text, width)) + "\n"


def check_source(exercise_id: str) -> str:
    """The stub the reader fills in, then the call that checks it."""
    ex = get_exercise(exercise_id)
    what = _output_phrase(exercise_id).replace("`", "")
    if ex.kind == "function":
        name = ex.reference.__name__
        signature = str(inspect.signature(ex.reference))
        return (
            f"def {name}{signature}:\n"
            + _comment(f"return {what}", "    ")
            + '    raise NotImplementedError("replace this line with your code")\n'
            "\n\n"
            f'check("{exercise_id}", {name})'
        )
    return _comment(f"replace None with {what}") + f'answer = None\ncheck("{exercise_id}", answer)'


def _module_path(exercise_id: str) -> str:
    module = inspect.getmodule(get_exercise(exercise_id).reference)
    return Path(module.__file__).resolve().relative_to(ROOT).as_posix()


def reference_block(exercise_id: str) -> list:
    """The lines inserted in the solution: the reference solution's source, fenced."""
    ex = get_exercise(exercise_id)
    if ex.kind == "function":
        intro = (
            f"The reference solution, the function `check(\"{exercise_id}\", ...)` compares "
            "yours with on its hidden cases:"
        )
    else:
        intro = (
            f"In code, the computation `check(\"{exercise_id}\", ...)` compares your answer with:"
        )
    code = solution_source(exercise_id).rstrip("\n")
    return [
        BEGIN.format(id=exercise_id, path=_module_path(exercise_id)),
        intro,
        "",
        "```python",
        *code.split("\n"),
        "```",
        END.format(id=exercise_id),
    ]


def _code_cell(exercise_id: str, role: str, source: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.id = f"ex-{exercise_id.replace('_', '-')}-{role}"
    cell.metadata["lrbook"] = {"exercise": exercise_id, "role": role}
    return cell


def _markdown_cell(exercise_id: str, role: str, source: str):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = f"ex-{exercise_id.replace('_', '-')}-{role}"
    cell.metadata["lrbook"] = {"exercise": exercise_id, "role": role}
    return cell


# ---------------------------------------------------------------------------------------------
# splitting the exercises section: one cell per exercise, one per solution


def _split_markdown(source: str) -> list:
    """Pieces of a markdown cell: ("prose" | "exercise" | "solution", text)."""
    pieces, prose, lines = [], [], source.split("\n")
    i = 0
    while i < len(lines):
        m = DIRECTIVE.match(lines[i])
        if not m:
            prose.append(lines[i])
            i += 1
            continue
        fence = m.group("fence")
        j = i + 1
        while j < len(lines) and not (
            lines[j].strip().startswith(fence[0] * len(fence))
            and set(lines[j].strip()) == {fence[0]}
            and len(lines[j].strip()) == len(fence)
        ):
            j += 1
        if j == len(lines):
            raise ValueError(f"unclosed {{{m.group('name')}}} directive: {lines[i]!r}")
        if "\n".join(prose).strip():
            pieces.append(("prose", "\n".join(prose).strip("\n")))
        prose = []
        pieces.append((m.group("name"), "\n".join(lines[i : j + 1])))
        i = j + 1
    if "\n".join(prose).strip():
        pieces.append(("prose", "\n".join(prose).strip("\n")))
    return pieces


def _regroup(pieces: list) -> list:
    """Cells' sources: prose joins the exercise after it; each solution stands alone."""
    cells, pending = [], []
    for kind, text in pieces:
        if kind == "prose" and EXERCISES_HEADING.search(text):
            cells.append(("prose", "\n\n".join(pending + [text])))  # the section's intro
            pending = []
        elif kind == "prose":
            pending.append(text)
        elif kind == "exercise":
            cells.append(("exercise", "\n\n".join(pending + [text])))
            pending = []
        else:
            if pending:
                cells.append(("prose", "\n\n".join(pending)))
                pending = []
            cells.append(("solution", text))
    if pending:
        cells.append(("prose", "\n\n".join(pending)))
    return cells


def _label_of(text: str) -> str | None:
    m = LABEL.search(text)
    return m.group(1) if m else None


def _solution_target(text: str) -> str | None:
    m = DIRECTIVE.match(text.split("\n", 1)[0])
    return m.group("rest").strip() if m and m.group("name") == "solution" else None


# ---------------------------------------------------------------------------------------------
# the solution's reference block


def _with_reference(solution: str, ids: list) -> str:
    """The solution directive with one up-to-date reference block per exercise id."""
    lines = solution.split("\n")
    fence = DIRECTIVE.match(lines[0]).group("fence")
    body = lines[1:-1]
    # drop old blocks
    kept, skipping = [], False
    for line in body:
        if line.startswith("% reference solution of "):
            skipping = True
            continue
        if skipping:
            if line.startswith("% end of the reference solution of "):
                skipping = False
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    for exercise_id in ids:
        kept += [""] + reference_block(exercise_id)
    if len(fence) < 4 and fence[0] == "`":
        fence = "````"  # the block holds a ``` code fence
    head = fence + lines[0].lstrip(lines[0][0])
    return "\n".join([head, *kept, fence])


# ---------------------------------------------------------------------------------------------
# one notebook


def chapter_number(path: Path) -> int:
    return int(path.name[:2])


def synced(nb, chapter: int):
    """A copy of notebook `nb` with its exercise cells up to date."""
    nb = nbformat.from_dict(nb)
    by_label: dict = {}
    for exercise_id in list_exercises(chapter=chapter):
        label = describe(exercise_id).label
        if not label:
            raise ValueError(f"exercise {exercise_id} has no label in helpers.exercises")
        by_label.setdefault(label, []).append(exercise_id)
    # keep the order the exercise modules define them in (the book's order for two per label)
    for ids in by_label.values():
        ids.sort(key=lambda i: inspect.getsourcelines(get_exercise(i).reference)[1])

    start = next(
        (k for k, c in enumerate(nb.cells)
         if c.cell_type == "markdown" and EXERCISES_HEADING.search(c.source)),
        None,
    )
    if start is None:
        raise ValueError("the notebook has no '## Exercises' heading")
    head, section = nb.cells[:start], nb.cells[start:]

    out, seen = [], set()
    for cell in section:
        if cell.metadata.get("lrbook"):
            continue  # generated: rebuilt below
        if cell.cell_type != "markdown":
            out.append(cell)
            continue
        groups = _regroup(_split_markdown(cell.source))
        for k, (kind, text) in enumerate(groups):
            if len(groups) == 1:
                new = cell
                new.source = text
            else:
                new = nbformat.v4.new_markdown_cell(text)
                new.id = cell.id if k == 0 else f"{cell.id[:40]}-{k}"
                if k == 0:
                    new.metadata = cell.metadata
            if kind == "exercise":
                label = _label_of(text)
                out.append(new)
                for exercise_id in by_label.get(label, []):
                    seen.add(exercise_id)
                    out.append(_markdown_cell(exercise_id, "hints", hints_markdown(exercise_id)))
                    out.append(_code_cell(exercise_id, "check", check_source(exercise_id)))
            elif kind == "solution":
                ids = by_label.get(_solution_target(text), [])
                new.source = _with_reference(text, ids) if ids else text
                out.append(new)
            else:
                out.append(new)

    missing = sorted(set(i for ids in by_label.values() for i in ids) - seen)
    if missing:
        raise ValueError(
            f"chapter {chapter}: no {{exercise}} with the label of {missing} "
            f"(labels {[describe(i).label for i in missing]})"
        )
    # the import cell goes right after the section's first cell (the heading and intro)
    imports = nbformat.v4.new_code_cell(IMPORT_SOURCE)
    imports.id = "ex-imports"
    imports.metadata["lrbook"] = {"exercise": None, "role": "imports"}
    first = out[0]
    if first.cell_type == "markdown" and _label_of(first.source) is None:
        out.insert(1, imports)
    else:
        out.insert(0, imports)
    nb.cells = head + out
    return nb


def _comparable(nb) -> list:
    """What --check compares: cell types, sources and the generated metadata."""
    return [(c.cell_type, c.source, c.metadata.get("lrbook")) for c in nb.cells]


def _carry_outputs(old, new) -> None:
    """Keep the outputs of cells whose source did not change (matched by id)."""
    before = {c.id: c for c in old.cells if c.cell_type == "code"}
    for cell in new.cells:
        if cell.cell_type == "code" and cell.id in before:
            prev = before[cell.id]
            if prev.source == cell.source:
                cell.outputs = prev.outputs
                cell.execution_count = prev.execution_count


def answered(nb) -> list:
    """Ids of the exercises whose check cell a learner has filled in (no stub marker left)."""
    return [cell.metadata["lrbook"]["exercise"] for cell in nb.cells
            if cell.get("metadata", {}).get("lrbook", {}).get("role") == "check"
            and not set(STUB_MARKERS) & {line.strip() for line in cell.source.splitlines()}]


def main(argv: list) -> int:
    check_only, force = "--check" in argv, "--force" in argv
    paths = [Path(a) for a in argv if a not in ("--check", "--force")] or CHAPTERS
    notebooks = {path: nbformat.read(path, as_version=4) for path in paths}
    if not check_only and not force:
        learner_work = {path: ids for path, nb in notebooks.items() if (ids := answered(nb))}
        if learner_work:
            for path, ids in learner_work.items():
                print(f"{path}: answered exercises {', '.join(ids)}")
            print("These notebooks hold answers to exercises; rewriting the exercise cells would "
                  "reset them to the stubs and re-running would replace their outputs. Nothing "
                  "was written. Save your work elsewhere (or commit it), then run "
                  "`make notebooks FORCE=1` to reset them.")
            return 1
    stale = []
    for path, nb in notebooks.items():
        new = synced(nb, chapter_number(path))
        if _comparable(new) == _comparable(nb):
            continue
        stale.append(path)
        if not check_only:
            _carry_outputs(nb, new)
            nbformat.write(new, path)
            print(f"updated {path} (re-run it: python book/run_notebooks.py {path})")
    if check_only and stale:
        names = " ".join(str(p) for p in stale)
        print(f"out of step with helpers.exercises: {names}\nrun: python book/sync_exercises.py {names}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
