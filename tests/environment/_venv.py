"""Fresh virtual environments for the environment tests, each with a Jupyter kernel.

A reader's environment is built from scratch (what Binder, a learner's `pip install` or
Colab gives) and registered as a Jupyter kernel in a private folder. The notebooks then
run in that kernel, driven from the test environment (nbval, nbclient), so the reader's
environment holds nothing but what a reader gets.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.book._support import NOTEBOOKS, REPO  # noqa: F401  (NOTEBOOKS: for the environment tests)

INSTALL_TIMEOUT_S = 900


def requirement_lines(name: str) -> list[str]:
    """The requirement lines of REPO/name, comments and blank lines dropped."""
    lines = []
    for raw in (REPO / name).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def pinned_version(package: str) -> str:
    """The version requirements.txt pins `package` to."""
    for line in requirement_lines("requirements.txt"):
        name, _, version = line.partition("==")
        if re.sub(r"[-_.]+", "-", name.lower()) == re.sub(r"[-_.]+", "-", package.lower()):
            return version
    raise LookupError(f"requirements.txt pins no {package}")


def pip(python: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-m", "pip", "--disable-pip-version-check", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S)


class KernelEnv:
    """A fresh virtual environment under `root`, registered as the Jupyter kernel `name`."""

    def __init__(self, root: Path, name: str):
        self.root, self.name = root, name
        subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True, timeout=120)
        self.python = root / "venv" / "bin" / "python"
        self.jupyter_path = root / "jupyter"

    def install(self, *args: str, what: str) -> None:
        done = pip(self.python, "install", "--quiet", *args)
        assert done.returncode == 0, f"{what} failed in a fresh virtual environment:\n" \
                                     f"{done.stdout[-2000:]}\n{done.stderr[-3000:]}"

    def register_kernel(self) -> None:
        """Make the environment a Jupyter kernel, seen by Jupyter through `env()` only."""
        subprocess.run([str(self.python), "-m", "ipykernel", "install", "--prefix", str(self.jupyter_path),
                        "--name", self.name, "--display-name", self.name], check=True,
                       capture_output=True, timeout=120)

    def env(self, **extra: str) -> dict:
        """Environment for a process that starts this kernel (nbval, nbclient)."""
        env = dict(os.environ, PYTHONHASHSEED="0",
                   JUPYTER_PATH=str(self.jupyter_path / "share" / "jupyter"), **extra)
        env.pop("PYTHONPATH", None)
        return env

    def frozen(self) -> str:
        return pip(self.python, "freeze", "--all").stdout.lower()
