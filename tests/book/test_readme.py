"""What the README states about the course is what the repository holds."""

from __future__ import annotations

import re

import nbformat

from ._support import REPO

README = (REPO / "README.md").read_text("utf8")
CHAPTERS = sorted((REPO / "chapters").glob("[0-9][0-9]_*.ipynb"))
WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve "
                                    "thirteen fourteen fifteen".split())}


def _exercise_counts() -> tuple[list[int], int]:
    """Exercises per chapter, and how many check themselves (a check cell under them)."""
    per_chapter, checked = [], 0
    for path in CHAPTERS:
        nb = nbformat.read(path, as_version=4)
        markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        per_chapter.append(len(re.findall(r"^(`{3,}|:{3,})\{exercise\}", markdown, re.M)))
        checked += sum(c.metadata.get("lrbook", {}).get("role") == "check" for c in nb.cells)
    return per_chapter, checked


def test_the_exercise_counts_are_the_chapters():
    per_chapter, checked = _exercise_counts()
    match = re.search(r"Every chapter ends with (\w+) to (\w+) exercises.*?(\d+)\s+of them check your answer",
                      README, re.S)
    assert match, "README: the sentence on exercise counts is gone; update this test with it"
    low, high, stated = WORDS[match.group(1)], WORDS[match.group(2)], int(match.group(3))
    assert (low, high) == (min(per_chapter), max(per_chapter)), (
        f"README says {low} to {high} exercises per chapter; the chapters have {per_chapter}")
    assert stated == checked, f"README says {stated} exercises check themselves; the chapters have {checked}"


def test_links_stay_inside_the_repository():
    targets = re.findall(r"\]\(([^)#\s]+)", README) + re.findall(r"`(/[^`\s]+)`", README)
    outside = [t for t in targets if t.startswith("/") or t.startswith("..")]
    assert not outside, f"README points outside the repository: {outside}"
    missing = [t for t in targets if "://" not in t and not (REPO / t).exists()]
    assert not missing, f"README links to files that do not exist: {missing}"


def test_the_contents_table_lists_every_notebook():
    listed = set(re.findall(r"\]\(((?:chapters|labs)/[^)]+\.ipynb)\)", README))
    present = {p.relative_to(REPO).as_posix() for f in ("chapters", "labs") for p in (REPO / f).glob("*.ipynb")}
    assert listed == present, f"README contents: missing {present - listed}, stale {listed - present}"
