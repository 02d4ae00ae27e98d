"""Strict nbval under the first BLAS kernel, on the notebooks the book's build executed.

`make book` runs every notebook in a fresh kernel under the first BLAS kernel of
tests/blas.py with two threads (the Makefile sets it; book/lrbook.py records what OpenBLAS
actually used). These tests hold each executed copy to the committed notebook by nbval's
rules (tests/book/_nbcompare.py), so `make test` executes each notebook once per BLAS
kernel: here the build's run, and in the environment tier the reader's environment under
the second kernel on one thread. `make notebooks-check` still runs nbval itself.
"""

from __future__ import annotations

import json

import pytest

from tests.blas import kernel_pair

from ._nbcompare import compared_cells, differences, executed_copy
from ._support import HOW_TO_BUILD, HTML_DIR, NOTEBOOKS, REPO

pytestmark = pytest.mark.book

EXECUTE_DIR = HTML_DIR.parent / "jupyter_execute"


@pytest.fixture(scope="module")
def record() -> dict:
    path = EXECUTE_DIR / "execution.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: {HOW_TO_BUILD}")
    return json.loads(path.read_text())


def test_the_build_executed_every_notebook_under_the_first_blas_kernel(record):
    assert record["execution_mode"] == "force", (
        f"this build did not execute the notebooks (execution mode {record['execution_mode']!r}, "
        f"from BOOK_EXECUTION): build with `make book` so that the outputs are checked")
    first = kernel_pair()[0]  # "" where tests/blas.py picks no kernel (macOS, say)
    openblas = [b for b in record["blas"] if b["internal_api"] == "openblas"]
    if first:
        assert openblas, f"the build's NumPy loaded no OpenBLAS, so no {first} kernel: {record['blas']}"
    for blas in openblas:
        if first:
            assert blas["architecture"].lower() == first.lower(), (
                f"the build ran under the OpenBLAS kernel {blas['architecture']}, not {first}: "
                f"build with `make book`, which sets OPENBLAS_CORETYPE")
        assert blas["num_threads"] == 2, (
            f"the build's BLAS ran {blas['num_threads']} threads, not 2: build with `make book`")
    assert record["environment"]["PYTHONHASHSEED"] == "0", "build with `make book` (PYTHONHASHSEED=0)"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_the_build_reproduces_every_committed_output(notebook, record):
    committed, executed = executed_copy(notebook, EXECUTE_DIR)
    assert compared_cells(committed) > 0
    found = differences(committed, executed)
    blas = "; ".join(f"{b['internal_api']} {b['architecture']}, {b['num_threads']} threads"
                     for b in record["blas"]) or "BLAS unknown"
    assert not found, (
        f"{notebook.relative_to(REPO)}: the build ({blas}) printed other outputs than the "
        f"committed ones in {len(found)} cells. An output only one machine reproduces must be printed or "
        f"glued at a precision every machine computes (README, Authoring); an intended change is "
        f"committed with `make notebooks`.\n\n" + "\n\n".join(found))
