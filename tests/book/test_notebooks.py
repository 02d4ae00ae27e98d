"""The conventions every notebook in chapters/ and labs/ follows (see README, Authoring)."""

from __future__ import annotations

import re

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


def bootstrap_source() -> str:
    """The first cell of every notebook, exactly (README, Authoring, shows it)."""
    return (
        "# Colab bootstrap: outside the course's environment, install its helpers, with what the labs\n"
        "# and the figures need. In the repository, on Binder and in the built book it does nothing.\n"
        "try:\n"
        "    import helpers\n"
        "except ImportError:\n"
        f'    %pip install -q "lr-helpers[labs,plotting] @ git+{_repository_url()}"'
    )


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_first_cell_installs_helpers_when_missing_and_is_hidden(notebook):
    first = nbformat.read(REPO / notebook, as_version=4).cells[0]
    assert first.cell_type == "code", "the first cell must be the Colab bootstrap code cell"
    assert "remove-cell" in first.metadata.get("tags", []), "tag the bootstrap cell `remove-cell`"
    assert first.source == bootstrap_source(), "the bootstrap cell differs: copy it from README (Authoring)"


def test_the_bootstrap_extras_exist():
    """The extras the bootstrap asks for are defined, so pip installs what the chapters import."""
    import tomllib

    extras = tomllib.loads((REPO / "pyproject.toml").read_text("utf8"))["project"]["optional-dependencies"]
    asked = re.search(r"lr-helpers\[([^\]]*)\]", bootstrap_source()).group(1).split(",")
    assert set(asked) <= set(extras), f"pyproject.toml defines no extra {set(asked) - set(extras)}"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_no_execution_metadata(notebook):
    nb = nbformat.read(REPO / notebook, as_version=4)
    stamped = [i for i, cell in enumerate(nb.cells) if "execution" in cell.metadata]
    assert not stamped, f"cells {stamped} carry execution timestamps: re-run with `make notebooks`"
