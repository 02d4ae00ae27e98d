"""Binder and local parity: the reader's environment is `requirements.txt` alone.

Binder builds from `requirements.txt`, and a learner runs `pip install -r requirements.txt`.
These tests check that every line there is an exact pin and that the pins resolve together,
then build that environment from scratch in a temporary virtual environment (no test or
build tools) and run strict nbval over every chapter and lab in it, under the second of the
two BLAS kernels of `tests/blas.py` and one thread (the book's build ran the first kernel
with two threads in the development environment, tests/book/test_build_outputs.py, and
`make notebooks-check` does the same with nbval itself). They also start `make lab` and
check that it serves the course with the labs' and MyST's JupyterLab extensions.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.blas import kernel_pair
from tests.book._support import REPO, free_port

from ._venv import NOTEBOOKS, KernelEnv, requirement_lines

pytestmark = pytest.mark.environment

PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[0-9][0-9A-Za-z.+!-]*$")


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_an_exact_pin(name):
    allowed = {"-e .", "-e ./book", "-r requirements.txt"}
    loose = [line for line in requirement_lines(name) if line not in allowed and not PIN.match(line)]
    assert not loose, f"{name}: pin these with `==` so every reader gets the same outputs: {loose}"
    assert "-e ." in requirement_lines("requirements.txt")  # the course's own helpers


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    """A fresh virtual environment with `pip install -r requirements.txt` and nothing else."""
    env = KernelEnv(tmp_path_factory.mktemp("reader"), "lr-reader")
    env.install("-r", "requirements.txt", what="`pip install -r requirements.txt`, as Binder runs it,")
    env.register_kernel()
    return env


def test_the_pins_resolve_together(reader):
    """pip's own consistency check over what requirements.txt installed."""
    check = subprocess.run([str(reader.python), "-m", "pip", "check"], capture_output=True, text=True)
    assert check.returncode == 0, f"conflicting requirements:\n{check.stdout}{check.stderr}"
    frozen = reader.frozen()
    for line in requirement_lines("requirements.txt"):
        if "==" in line:
            name, version = line.lower().split("==")
            name = re.sub(r"[-_.]+", "-", name.split("[")[0])
            assert any(re.sub(r"[-_.]+", "-", f.split("==")[0]) == name and f.endswith("==" + version)
                       for f in frozen.splitlines()), f"{line} is not what got installed"
    # the reader's environment has no test or build tooling in it
    for dev_only in ("pytest", "nbval", "jupyter-book", "playwright", "lr-book"):
        assert not re.search(rf"^{dev_only}==", frozen, re.M), f"{dev_only} leaked into requirements.txt"


@pytest.mark.timeout(1800)
def test_every_notebook_passes_strict_nbval_in_the_readers_environment(reader):
    """The committed outputs, reproduced by the reader's environment under another BLAS kernel."""
    kernel = kernel_pair()[1]
    blas = dict(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    if kernel:
        blas["OPENBLAS_CORETYPE"] = kernel
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--no-header",
         "-o", "addopts=", "--nbval", f"--nbval-kernel-name={reader.name}", "--nbval-cell-timeout=120",
         "--nbval-sanitize-with=book/nbval_sanitize.cfg", *(str(p.relative_to(REPO)) for p in NOTEBOOKS)],
        cwd=REPO, env=reader.env(**blas), capture_output=True, text=True, timeout=1700)
    failed = re.findall(r"^FAILED (\S+)", run.stdout, re.M)
    assert run.returncode == 0, (
        f"In the reader's environment (requirements.txt alone) under the BLAS kernel "
        f"{kernel or 'the library picks'} on one thread, these cells print something other than "
        f"the committed outputs: {failed or 'see below'}. An output that only one machine "
        f"reproduces must be printed or glued at a precision every machine computes "
        f"(README, Authoring).\n{run.stdout[-6000:]}\n{run.stderr[-2000:]}")


@pytest.mark.timeout(300)
def test_make_lab_serves_the_course_with_its_extensions(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    server = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "`make lab` did not start"
                time.sleep(0.5)
        labs = json.load(urllib.request.urlopen(f"{base}/api/contents/labs?token={token}"))
        names = sorted(item["name"] for item in labs["content"])
        assert names == sorted(p.name for p in (REPO / "labs").glob("*.ipynb"))
        page = urllib.request.urlopen(f"{base}/lab?token={token}").read().decode()
        config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
        federated = {ext["name"] for ext in config.get("federated_extensions", [])}
        for needed in ("@jupyter-widgets/jupyterlab-manager", "anywidget", "jupyterlab-myst"):
            assert needed in federated, f"JupyterLab from `make lab` lacks the {needed} extension"
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
