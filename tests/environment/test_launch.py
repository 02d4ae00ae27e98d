"""The launch buttons start: Binder gets a Python the pins support, Colab runs every notebook.

- **Binder** builds with repo2docker, which picks the Python version from `runtime.txt`
  (in `binder/` or `.binder/` if either exists, else the top folder) and otherwise uses its
  default, 3.10, moved by `requires-python` in `pyproject.toml`. The test reads the version
  the same way and asks pip whether every pin of `requirements.txt` installs on it (Linux,
  x86-64, wheels, as Binder would). A Python the pins do not support must fail that check:
  the test shows it does, with a version known to be too old.
- **Colab** has numpy, scipy, matplotlib, scikit-learn and ipykernel, but not the course's
  helpers, myst-nb, anywidget or the labs' extras. Each notebook's first cell installs what
  the course needs when `helpers` is missing. The test builds a virtual environment with
  only Colab's stack, installs exactly the requirement the bootstrap cell names (from this
  repository instead of GitHub), and runs every notebook top to bottom in it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from packaging.specifiers import SpecifierSet

from tests.book._support import REPO

from ._venv import NOTEBOOKS, KernelEnv, pinned_version, pip, requirement_lines

pytestmark = pytest.mark.environment

# repo2docker's default Python (repo2docker/buildpacks/conda/__init__.py, `major_pythons`)
# and the versions it can install (conda/supported_python_version.py).
REPO2DOCKER_DEFAULT = "3.10"
REPO2DOCKER_SUPPORTED = ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14")
COLAB_STACK = ("numpy", "scipy", "matplotlib", "scikit-learn", "ipykernel")


def repo2docker_python(repo: Path = REPO) -> str:
    """The Python version repo2docker's Python build pack chooses for `repo`."""
    binder = next((repo / d for d in ("binder", ".binder") if (repo / d).is_dir()), None)
    runtime = (binder or repo) / "runtime.txt"
    version, from_runtime = REPO2DOCKER_DEFAULT, False
    if runtime.exists():
        name, _, rest = runtime.read_text().strip().partition("-")
        assert name == "python", f"{runtime.name} names {name!r}; Binder needs python-X.Y"
        version, from_runtime = rest.split("-")[0], True
    pyproject = repo / "pyproject.toml"
    if binder is None and pyproject.exists():
        spec = tomllib.loads(pyproject.read_text()).get("project", {}).get("requires-python")
        if spec and version not in SpecifierSet(spec):
            assert not from_runtime, f"runtime.txt asks for Python {version}, outside requires-python {spec}"
            version = list(SpecifierSet(spec).filter(REPO2DOCKER_SUPPORTED))[-1]
    return version


def pins_install_on(python_version: str) -> subprocess.CompletedProcess:
    """pip's dry run of requirements.txt (without the editable helpers) for that Python on Linux."""
    pins = [line for line in requirement_lines("requirements.txt") if line != "-e ."]
    abi = "cp" + python_version.replace(".", "")
    return pip(Path(sys.executable), "install", "--dry-run", "--quiet", "--ignore-installed",
               "--only-binary=:all:", "--python-version", python_version, "--implementation", "cp",
               "--abi", abi, "--abi", "abi3", "--abi", "none",
               "--platform", "manylinux_2_28_x86_64", "--platform", "manylinux_2_17_x86_64",
               "--platform", "manylinux2014_x86_64", "--platform", "linux_x86_64", *pins)


def test_binder_gets_a_python_every_pin_supports():
    version = repo2docker_python()
    assert version in REPO2DOCKER_SUPPORTED, f"repo2docker cannot install Python {version}"
    done = pins_install_on(version)
    assert done.returncode == 0, (
        f"Binder would build this repository with Python {version} (runtime.txt), and "
        f"requirements.txt does not install on it:\n{done.stderr[-3000:]}")


def test_the_binder_check_fails_on_a_python_the_pins_do_not_support():
    # NumPy 2.4 needs Python 3.11 or newer: repo2docker's default 3.10 must be refused.
    assert not pinned_version("numpy").startswith(("1.", "2.0", "2.1", "2.2"))
    done = pins_install_on("3.10")
    assert done.returncode != 0 and "numpy" in done.stderr.lower(), done.stderr[-2000:]


def test_without_runtime_txt_repo2docker_would_pick_its_default(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.10"\n')
    assert repo2docker_python(tmp_path) == REPO2DOCKER_DEFAULT
    (tmp_path / "runtime.txt").write_text("python-3.11\n")
    assert repo2docker_python(tmp_path) == "3.11"


def bootstrap_requirement(source: Path, notebook: Path = NOTEBOOKS[0]) -> str:
    """What a notebook's first cell installs, with `source` in place of GitHub."""
    first = nbformat.read(notebook, as_version=4).cells[0].source
    requirement = re.search(r'%pip install -q "([^"]+)"', first).group(1)
    name, _, url = requirement.partition(" @ ")
    assert url.startswith("git+https://"), requirement
    return f"{name} @ {source.as_uri()}"


def package_source(dest: Path) -> Path:
    """A copy of what pip builds the package from (pip builds in the source folder, and
    must not leave build/ and *.egg-info in the repository)."""
    dest.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, dest / name)
    shutil.copytree(REPO / "helpers", dest / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
    return dest


@pytest.fixture(scope="module")
def colab_for(tmp_path_factory):
    """Colab's stack plus a notebook's bootstrap install: one environment per distinct
    bootstrap line (chapter 10 asks for the `distributed` extra as well), built once."""
    envs = {}

    def env_for(notebook: Path) -> KernelEnv:
        extras = bootstrap_requirement(REPO, notebook).partition(" @ ")[0]  # name[extras]
        if extras not in envs:
            root = tmp_path_factory.mktemp("colab")
            env = KernelEnv(root, f"lr-colab-{len(envs)}")
            stack = [f"{name}=={pinned_version(name)}" for name in COLAB_STACK]
            env.install(*stack, what="Colab's stack")
            source = package_source(root / "source")
            env.install(bootstrap_requirement(source, notebook), what="the bootstrap cell's install")
            env.register_kernel()
            envs[extras] = env
        return envs[extras]

    return env_for


@pytest.fixture(scope="module")
def colab(colab_for):
    return colab_for(NOTEBOOKS[0])


def test_colab_has_no_myst_nb(colab):
    # The chapters must run without it: helpers.notebook.glue does nothing there.
    assert not re.search(r"^myst-nb==", colab.frozen(), re.M)


@pytest.mark.timeout(900)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_notebook_runs_on_colabs_stack(colab_for, notebook, monkeypatch):
    colab = colab_for(notebook)
    for key, value in colab.env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("PYTHONPATH", raising=False)
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(nb, kernel_name=colab.name, timeout=300,
                            resources={"metadata": {"path": str(notebook.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on any error
