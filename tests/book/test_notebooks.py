"""The conventions every notebook in chapters/ and labs/ follows (see README, Authoring)."""

from __future__ import annotations

import nbformat
import pytest
import yaml

from ._support import REPO

NOTEBOOKS = sorted(
    path.relative_to(REPO).as_posix()
    for folder in ("chapters", "labs")
    for path in (REPO / folder).glob("*.ipynb")
)


def _repository_url() -> str:
    config = yaml.safe_load((REPO / "_config.yml").read_text("utf8"))
    return config["repository"]["url"]


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_first_cell_installs_helpers_when_missing_and_is_hidden(notebook):
    first = nbformat.read(REPO / notebook, as_version=4).cells[0]
    assert first.cell_type == "code", "the first cell must be the Colab bootstrap code cell"
    assert "remove-cell" in first.metadata.get("tags", []), "tag the bootstrap cell `remove-cell`"
    source = first.source
    for needed in ("import helpers", "except ImportError", "%pip install", f"git+{_repository_url()}"):
        assert needed in source, f"the bootstrap cell lacks {needed!r}; copy it from README (Authoring)"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_no_execution_metadata(notebook):
    nb = nbformat.read(REPO / notebook, as_version=4)
    stamped = [i for i, cell in enumerate(nb.cells) if "execution" in cell.metadata]
    assert not stamped, f"cells {stamped} carry execution timestamps: re-run with `make notebooks`"
