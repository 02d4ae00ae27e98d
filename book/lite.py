"""The book's JupyterLite site: every chapter and lab, runnable in the reader's browser.

`build_site(html_dir)` writes the site into `html_dir/lite` (book/lrbook.py calls it at the
end of every HTML build). It holds:

- the notebooks `_toc.yml` names, at their repository paths (`files/chapters/...`), so the
  launch button of page `chapters/01_linear_model.html` opens
  `lite/lab/index.html?path=chapters/01_linear_model.ipynb`;
- the `helpers` package as a wheel, indexed for piplite (`pypi/all.json`): the bootstrap
  cell's `%pip install lr-helpers` finds it there before PyPI (book/bootstrap.py);
- the Pyodide kernel and the JupyterLab extensions of the build environment (the widget
  manager, anywidget, jupyterlab-myst), which `jupyter lite build` takes from it.

The build is offline. Pyodide itself and its scientific wheels are not in the site: the
kernel loads them from Pyodide's CDN when a reader starts it (reference/how_to_use.md).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from book.toc import REPO, toc_notebooks

SITE = "lite"
# The launch URL of a notebook, relative to the book's root (`?path=` is the notebook's path).
LAUNCH = f"{SITE}/lab/index.html"
# What pip builds the wheel from, copied out of the repository so that no build/ or
# *.egg-info is left in it.
PACKAGE_FILES = ("pyproject.toml", "README.md")


def build_wheel(dest: Path, repo: Path = REPO) -> Path:
    """Build the `lr-helpers` wheel into `dest`, offline; its path."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source"
        source.mkdir()
        for name in PACKAGE_FILES:
            shutil.copy(repo / name, source / name)
        shutil.copytree(
            repo / "helpers",
            source / "helpers",
            ignore=shutil.ignore_patterns("__pycache__", "node_modules", "js"),
        )
        # The labs' stylesheet is package data under js/ (pyproject.toml); the sources are not.
        (source / "helpers" / "labs" / "js").mkdir()
        shutil.copy(repo / "helpers" / "labs" / "js" / "lab.css", source / "helpers" / "labs" / "js")
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index",
             "--no-build-isolation", "--wheel-dir", str(dest), str(source)],
            check=True,
        )
    (wheel,) = dest.glob("lr_helpers-*.whl")
    return wheel


def build_site(html_dir: Path, repo: Path = REPO) -> Path:
    """Write the JupyterLite site into `html_dir/lite`; its path."""
    out = html_dir / SITE
    shutil.rmtree(out, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        lite_dir = Path(tmp)
        contents = lite_dir / "contents"
        for notebook in toc_notebooks(repo):
            (contents / notebook).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(repo / notebook, contents / notebook)
        wheel = build_wheel(lite_dir / "wheels", repo)
        built = subprocess.run(
            [sys.executable, "-m", "jupyterlite_core", "build",
             "--lite-dir", str(lite_dir), "--contents", str(contents),
             "--piplite-wheels", str(wheel), "--output-dir", str(out),
             "--apps", "lab", "--no-sourcemaps", "--no-unused-shared-packages"],
            cwd=lite_dir, capture_output=True, text=True,
        )
    if built.returncode != 0:
        raise RuntimeError(
            f"`jupyter lite build` failed (exit {built.returncode}); is requirements-dev.txt "
            f"installed (jupyterlite-core, jupyterlite-pyodide-kernel)?\n{built.stdout}{built.stderr}"
        )
    return out
