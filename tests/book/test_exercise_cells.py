"""The chapters' exercises: the code the book shows is the code the checker and these tests run.

`book/sync_exercises.py` writes each auto-checked exercise's hints, stub cell and reference
solution into its chapter from `helpers.exercises`. These tests fail when a chapter and the
checker drift apart, run the reference code exactly as the book prints it, and check the
shape of every chapter's exercise section (six or more exercises over levels A to D, every
solution folded). The browser test at the end checks the folding in the built HTML.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys

import nbformat
import numpy as np
import pytest

from helpers.exercises import check, get_exercise, hint, list_exercises

from ._support import REPO

_spec = importlib.util.spec_from_file_location("sync_exercises", REPO / "book" / "sync_exercises.py")
sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync)

CHAPTERS = [p.relative_to(REPO).as_posix() for p in sync.CHAPTERS]
IDS = list_exercises()


def _notebook(path):
    return nbformat.read(REPO / path, as_version=4)


def _chapter_of(exercise_id):
    chapter = get_exercise(exercise_id).chapter
    return next(p for p in CHAPTERS if sync.chapter_number(REPO / p) == chapter)


def _cells(exercise_id):
    """The hints cell, the check cell and the solution cell of an exercise."""
    nb = _notebook(_chapter_of(exercise_id))
    mine = {c.metadata["lrbook"]["role"]: c for c in nb.cells
            if c.metadata.get("lrbook", {}).get("exercise") == exercise_id}
    label = get_exercise(exercise_id).label
    solutions = [c for c in nb.cells
                 if c.cell_type == "markdown" and sync._solution_target(c.source) == label]
    assert len(solutions) == 1, f"{label}: expected one solution cell, found {len(solutions)}"
    return mine.get("hints"), mine.get("check"), solutions[0]


def _book_reference_code(exercise_id) -> str:
    """The reference solution's code exactly as it stands in the chapter's solution."""
    *_, solution = _cells(exercise_id)
    begin = sync.BEGIN.format(id=exercise_id, path=sync._module_path(exercise_id))
    end = sync.END.format(id=exercise_id)
    assert begin in solution.source and end in solution.source, (
        f"the solution of {exercise_id} lacks its reference block: run book/sync_exercises.py"
    )
    block = solution.source.split(begin, 1)[1].split(end, 1)[0]
    code = re.search(r"```python\n(.*?)\n```", block, re.S)
    assert code, f"no python code block in the reference block of {exercise_id}"
    return code.group(1)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_exercise_cells_are_in_step_with_helpers_exercises(chapter):
    nb = _notebook(chapter)
    fresh = sync.synced(nb, sync.chapter_number(REPO / chapter))
    assert sync._comparable(fresh) == sync._comparable(nb), (
        f"{chapter} differs from helpers.exercises (hints, stub cells or reference solutions): "
        f"run `python book/sync_exercises.py {chapter}` then `python book/run_notebooks.py {chapter}`"
    )


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_solution_printed_in_the_book_passes_the_check(exercise_id):
    """Run the book's copy of the reference code, not the module's: both must pass."""
    code = _book_reference_code(exercise_id)
    assert code == sync.solution_source(exercise_id).rstrip("\n")
    exercise = get_exercise(exercise_id)
    namespace = {"np": np}
    module = vars(__import__(exercise.reference.__module__, fromlist=["_"]))
    namespace.update({k: v for k, v in module.items() if not k.startswith("__")})
    exec(compile(code, f"<book solution of {exercise_id}>", "exec"), namespace)
    fn = namespace[exercise.reference.__name__]
    assert fn is not exercise.reference  # the book's copy, freshly compiled
    answer = fn if exercise.kind == "function" else fn()
    result = check(exercise_id, answer)
    assert result.passed, result.feedback


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_checked_exercise_has_hints_a_stub_and_a_check(exercise_id):
    hints, check_cell, _ = _cells(exercise_id)
    assert hints is not None and check_cell is not None, (
        f"{exercise_id}: no generated cells under its exercise: run book/sync_exercises.py"
    )
    total = len(get_exercise(exercise_id).hints)
    # one dropdown per hint, each nested in the one before: revealed one at a time
    openings = re.findall(r"^(`{3,})\{dropdown\} Hint (\d+) of (\d+)$", hints.source, re.M)
    assert [(int(k), int(t)) for _, k, t in openings] == [(k, total) for k in range(1, total + 1)]
    assert [len(f) for f, _, _ in openings] == sorted((len(f) for f, _, _ in openings), reverse=True)
    for k in range(1, total + 1):
        text = sync._escape_markdown(str(hint(exercise_id, k)))
        assert text in hints.source
    assert check_cell.cell_type == "code"
    assert f'check("{exercise_id}", ' in check_cell.source
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in check_cell.outputs)
    assert shown.startswith(f"Not answered yet: {exercise_id} "), (
        f"the committed output of {exercise_id}'s check cell should be the stub's "
        f"'Not answered yet', got {shown[:80]!r}: re-run the chapter"
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_six_or_more_exercises_over_four_levels_with_folded_solutions(chapter):
    nb = _notebook(chapter)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    section = text[text.index("## Exercises"):]
    for level in "ABCD":
        assert re.search(rf"^### Level {level}: ", section, re.M), f"no Level {level} heading"
    labels = re.findall(r"^`{3,}\{exercise\}.*\n:label: (\S+)$", section, re.M)
    assert len(labels) >= 6 and len(set(labels)) == len(labels)
    solutions = {}
    for cell in nb.cells:
        target = sync._solution_target(cell.source) if cell.cell_type == "markdown" else None
        if target:
            assert cell.source.split("\n")[1] == ":class: dropdown", f"{target}: not folded"
            solutions[target] = cell
    assert sorted(solutions) == sorted(labels), "every exercise has exactly one solution"
    # every level D exercise is open: no checker claims a single right answer
    level_d = section[section.index("### Level D"):]
    checked = {get_exercise(i).label for i in IDS}
    assert not checked & set(re.findall(r":label: (\S+)", level_d))


def test_at_least_thirty_checked_exercises_are_in_the_book():
    in_book = [i for i in IDS if _cells(i)[1] is not None]
    assert len(in_book) == len(IDS) >= 30


# ---------------------------------------------------------------------------------------------
# the built HTML: hints open one at a time, solutions folded


def test_make_notebooks_keeps_a_learners_answer(tmp_path):
    """An answered exercise survives `make notebooks`: the sync refuses unless forced."""
    chapter = REPO / "chapters" / "02_loss_and_geometry.ipynb"
    copy = tmp_path / chapter.name
    shutil.copy(chapter, copy)
    nb = nbformat.read(copy, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("lrbook", {}).get("role") == "check"
                and "NotImplementedError" in c.source)
    exercise_id = cell.metadata["lrbook"]["exercise"]
    answer = cell.source.replace('raise NotImplementedError("replace this line with your code")',
                                 "return my_answer(X, y, w, b)  # a learner's line")
    assert answer != cell.source
    cell.source = answer
    nbformat.write(nb, copy)
    before = copy.read_bytes()

    refused = subprocess.run([sys.executable, str(REPO / "book" / "sync_exercises.py"), str(copy)],
                             capture_output=True, text=True, cwd=REPO)
    assert refused.returncode == 1 and exercise_id in refused.stdout and "FORCE=1" in refused.stdout
    assert copy.read_bytes() == before, "the notebook was written although it holds an answer"

    forced = subprocess.run([sys.executable, str(REPO / "book" / "sync_exercises.py"), "--force", str(copy)],
                            capture_output=True, text=True, cwd=REPO)
    assert forced.returncode == 0, forced.stdout + forced.stderr
    reset = next(c for c in nbformat.read(copy, as_version=4).cells if c.get("id") == cell.get("id"))
    assert reset.source == sync.check_source(exercise_id)


def test_the_makefile_writes_notebooks_only_in_make_notebooks():
    """Only the authors' target re-executes or rewrites the committed notebooks."""
    writers, target = set(), None
    for line in (REPO / "Makefile").read_text().splitlines():
        rule = re.match(r"([^\s:=#][^:=]*):(?!=)", line)
        if rule:
            target = rule.group(1)
        elif line.startswith("\t") and re.search(r"run_notebooks|sync_exercises\.py(?! --check)", line):
            writers.add(target)
    assert writers == {"notebooks"}, writers


@pytest.mark.book
@pytest.mark.browser
def test_hints_and_solutions_are_folded_in_the_html(browser, book_server):
    page = browser.new_page()
    try:
        page.goto(f"{book_server}/chapters/02_loss_and_geometry.html")
        exercise = page.locator("#ch02-ex-mse-gradients")
        exercise.scroll_into_view_if_needed()
        first = page.locator("details", has=page.locator("summary", has_text="Hint 1 of 3")).filter(
            has=page.locator("summary", has_text="Hint 2 of 3")).first
        # the hints as rendered (code spans lose their backticks)
        first_text = page.get_by_text(str(hint("mse_gradients", 1)).replace("`", "")[:40]).first
        second_text = page.get_by_text(str(hint("mse_gradients", 2)).replace("`", "")[:40]).first
        assert not first_text.is_visible() and not second_text.is_visible()
        first.locator("summary").first.click()
        assert first_text.is_visible() and not second_text.is_visible()
        first.locator("summary", has_text="Hint 2 of 3").click()
        assert second_text.is_visible()

        # the solution box is folded until its toggle is pressed (sphinx-togglebutton)
        reference = page.locator("pre", has_text="def mse_gradients(X, y, w, b):").last
        assert not reference.is_visible()
        page.locator(".solution", has_text="The gradients of the MSE, yourself").locator(
            "button.toggle-button").first.click()
        reference.wait_for(state="visible", timeout=5000)
    finally:
        page.close()
