"""The first cell of every notebook: the bootstrap that installs `helpers` where it is missing.

`bootstrap_source(notebook)` is the exact text of that cell; `python book/bootstrap.py` writes
it into every notebook `_toc.yml` names (idempotent: a notebook already current is not
rewritten). The cell is a code cell tagged `remove-cell`; it does nothing where `helpers`
imports (the repository, Binder, the built book) and otherwise installs:

- in JupyterLite (Pyodide, `sys.platform == "emscripten"`): Pyodide's own builds of NumPy,
  Matplotlib and scikit-learn from its CDN, ipywidgets and anywidget from PyPI, and
  `lr-helpers` from the wheel the book's JupyterLite site ships (book/lite.py indexes it, and
  piplite looks in the site's index before PyPI);
- elsewhere (Colab, a fresh environment): `lr-helpers` with the labs' and figures' extras from
  the repository, by git.

A notebook that imports a package beyond those names the `lr-helpers` extra that brings it in
`EXTRAS` (pyproject.toml defines the extras); the cell then imports that package in the guard
and installs the extra on the second path. Pyodide does not get it: what such a chapter needs
beyond the others (chapter 10: a Dask cluster, threads and sockets) cannot run in a browser,
and the How to use page says so.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
import yaml

from book.toc import REPO, toc_notebooks

TAG = "remove-cell"
# What the Pyodide path installs besides `lr-helpers` (the package's dependencies and extras
# as Pyodide or PyPI provide them; `lr-helpers` itself comes from the site's index).
PYODIDE_PACKAGES = ("numpy", "matplotlib", "scikit-learn", "ipywidgets", "anywidget")
# The extras of `lr-helpers` the other path installs (pyproject.toml defines them).
HELPERS_EXTRAS = ("labs", "plotting")
# Per notebook (its path as _toc.yml names it, with suffix): the further extras of
# `lr-helpers` it needs, each with the module the guard imports to tell whether it is there.
EXTRAS: dict[str, tuple[str, ...]] = {
    "chapters/10_larger_than_memory.ipynb": ("distributed",),
}
EXTRA_MODULES = {"distributed": "distributed"}


def repository_url(repo: Path = REPO) -> str:
    """The repository URL, written once in _config.yml."""
    return yaml.safe_load((repo / "_config.yml").read_text("utf8"))["repository"]["url"]


def bootstrap_source(notebook: str, repo: Path = REPO) -> str:
    """The exact source of `notebook`'s bootstrap cell (`notebook` relative to `repo`)."""
    extras = EXTRAS.get(notebook, ())
    modules = ("helpers", *(EXTRA_MODULES[extra] for extra in extras))
    imports = "".join(f"    import {name}\n" for name in modules)
    pyodide = " ".join((*PYODIDE_PACKAGES, "lr-helpers"))
    other = f'"lr-helpers[{",".join((*HELPERS_EXTRAS, *extras))}] @ git+{repository_url(repo)}"'
    return (
        "# Bootstrap: outside the course's environment, install its helpers and what the labs\n"
        "# and figures need. In the repository, on Binder and in the built book it does nothing.\n"
        "import sys\n"
        "\n"
        "try:\n"
        f"{imports}"
        "except ImportError:\n"
        '    if sys.platform == "emscripten":  # JupyterLite: Pyodide, helpers from the site\n'
        f"        %pip install -q {pyodide}\n"
        "    else:  # Colab, or a fresh environment\n"
        f"        %pip install -q {other}"
    )


def write_bootstrap(path: Path, notebook: str, repo: Path = REPO) -> bool:
    """Make the first cell of `path` the bootstrap; True when the file was changed.

    The first cell is replaced when it is a code cell tagged `remove-cell` (an older
    bootstrap); otherwise the bootstrap is inserted before it.
    """
    nb = nbformat.read(path, as_version=4)
    source = bootstrap_source(notebook, repo)
    first = nb.cells[0] if nb.cells else None
    if first is not None and first.cell_type == "code" and TAG in first.metadata.get("tags", []):
        if first.source == source:
            return False
        first.source = source
        first.outputs = []
        first.execution_count = None
    else:
        cell = nbformat.v4.new_code_cell(source, metadata={"tags": [TAG]})
        # A fixed id, so that rewriting is deterministic (nbformat would draw a random one).
        cell.id = "bootstrap"
        nb.cells.insert(0, cell)
    nbformat.write(nb, path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if a cell is stale")
    args = parser.parse_args(argv)
    notebooks = toc_notebooks(REPO)
    unknown = sorted(set(EXTRAS) - set(notebooks))
    if unknown:
        parser.error(f"EXTRAS names notebooks _toc.yml does not list: {', '.join(unknown)}")
    stale = []
    for notebook in notebooks:
        path = REPO / notebook
        if args.check:
            first = nbformat.read(path, as_version=4).cells[0]
            if first.source != bootstrap_source(notebook):
                stale.append(notebook)
        elif write_bootstrap(path, notebook):
            print(f"rewrote the bootstrap cell of {notebook}")
    if stale:
        print("stale bootstrap cell (run `python book/bootstrap.py`):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
