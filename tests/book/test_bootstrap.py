"""book/bootstrap.py: the bootstrap cell it writes runs as IPython, installs the right things on
each path, and rewriting is idempotent. Needs nothing built."""

from __future__ import annotations

import re
import sys
import tomllib

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

from book import bootstrap
from book.bootstrap import (
    EXTRA_MODULES,
    EXTRAS,
    HELPERS_EXTRAS,
    bootstrap_source,
    repository_url,
    write_bootstrap,
)
from book.toc import toc_notebooks

from ._support import REPO

FIRST = toc_notebooks()[0]


def run_cell(source, monkeypatch, platform, missing=("helpers",)):
    """Run `source` as IPython would with `missing` unimportable; the magics it called."""
    calls = []

    class Shell:
        def run_line_magic(self, name, line):
            calls.append(f"%{name} {line}")

    for name in missing:
        monkeypatch.setitem(sys.modules, name, None)  # `import name` raises ImportError
    monkeypatch.setattr(sys, "platform", platform)
    exec(TransformerManager().transform_cell(source), {"get_ipython": Shell})
    return calls


def test_where_helpers_imports_the_cell_does_nothing(monkeypatch):
    assert run_cell(bootstrap_source(FIRST), monkeypatch, "linux", missing=()) == []


def test_in_pyodide_it_installs_pyodides_packages_and_the_sites_wheel(monkeypatch):
    (call,) = run_cell(bootstrap_source(FIRST), monkeypatch, "emscripten")
    assert call.split() == ["%pip", "install", "-q", "numpy", "matplotlib", "scikit-learn",
                            "ipywidgets", "anywidget", "lr-helpers"]


def test_elsewhere_it_installs_helpers_with_its_extras_from_the_repository(monkeypatch):
    (call,) = run_cell(bootstrap_source(FIRST), monkeypatch, "linux")
    assert call == f'%pip install -q "lr-helpers[labs,plotting] @ git+{repository_url()}"'


def test_a_notebooks_extras_are_imported_and_installed_outside_pyodide(monkeypatch):
    notebook, extras = next(iter(EXTRAS.items()))
    source = bootstrap_source(notebook)
    modules = tuple(EXTRA_MODULES[extra] for extra in extras)
    # helpers there, the extra's module missing: the cell still installs, with the extra
    (call,) = run_cell(source, monkeypatch, "linux", missing=modules)
    asked = re.search(r"lr-helpers\[([^\]]*)\]", call).group(1).split(",")
    assert asked == ["labs", "plotting", *extras]
    # Pyodide installs what every chapter needs and nothing that cannot run in a browser
    (call,) = run_cell(source, monkeypatch, "emscripten", missing=modules)
    assert not set(extras) & set(call.split())


def test_every_extra_named_is_defined_in_pyproject():
    defined = tomllib.loads((REPO / "pyproject.toml").read_text("utf8"))["project"]["optional-dependencies"]
    named = {extra for extras in EXTRAS.values() for extra in extras} | set(HELPERS_EXTRAS)
    assert named <= set(defined), f"pyproject.toml defines no extra {named - set(defined)}"
    assert set(EXTRA_MODULES) >= named - set(HELPERS_EXTRAS)


def test_extras_name_notebooks_of_the_book():
    assert set(EXTRAS) <= set(toc_notebooks())


@pytest.fixture
def notebook(tmp_path):
    path = tmp_path / "nb.ipynb"
    path.write_bytes((REPO / FIRST).read_bytes())
    return path


def test_rewriting_replaces_the_tagged_first_cell_and_is_idempotent(notebook):
    before = nbformat.read(notebook, as_version=4)
    before.cells[0].source = "# an older bootstrap"
    nbformat.write(before, notebook)
    assert write_bootstrap(notebook, FIRST) is True
    written = notebook.read_bytes()
    assert write_bootstrap(notebook, FIRST) is False and notebook.read_bytes() == written
    after = nbformat.read(notebook, as_version=4)
    assert after.cells[0].source == bootstrap_source(FIRST)
    assert "remove-cell" in after.cells[0].metadata.tags
    assert after.cells[1:] == before.cells[1:]


def test_a_notebook_without_a_bootstrap_gets_one_inserted(notebook):
    nb = nbformat.read(notebook, as_version=4)
    nb.cells = nb.cells[1:]
    nbformat.write(nb, notebook)
    assert write_bootstrap(notebook, FIRST) is True
    after = nbformat.read(notebook, as_version=4)
    assert after.cells[0].source == bootstrap_source(FIRST) and after.cells[1:] == nb.cells
    nbformat.validate(after)


def test_check_mode_reports_stale_cells_and_writes_nothing(monkeypatch, tmp_path, capsys):
    (tmp_path / "chapters").mkdir()
    for name in ("_toc.yml", "_config.yml", "intro.md"):
        (tmp_path / name).write_bytes((REPO / name).read_bytes())
    for nb in toc_notebooks():
        (tmp_path / nb).parent.mkdir(exist_ok=True)
        (tmp_path / nb).write_bytes((REPO / nb).read_bytes())
    stale = nbformat.read(tmp_path / FIRST, as_version=4)
    stale.cells[0].source = "# stale"
    nbformat.write(stale, tmp_path / FIRST)
    monkeypatch.setattr(bootstrap, "REPO", tmp_path)
    written = (tmp_path / FIRST).read_bytes()
    assert bootstrap.main(["--check"]) == 1
    assert FIRST in capsys.readouterr().out and (tmp_path / FIRST).read_bytes() == written
    assert bootstrap.main([]) == 0 and bootstrap.main(["--check"]) == 0
