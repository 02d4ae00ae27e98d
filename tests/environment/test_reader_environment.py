"""Binder and local parity: the reader's environment is `requirements.txt` alone.

Binder builds from `requirements.txt`, and a learner runs `pip install -r requirements.txt`.
These tests check that every line there is an exact pin, that the pins resolve together
on the package index, and then build that environment from scratch in a temporary virtual
environment (no test or build tools) and run every chapter and lab in it, comparing each
text output with the committed one under the same rules strict nbval uses. They also start
`make lab` and check it serves the course with the labs' and MyST's JupyterLab extensions.
"""

from __future__ import annotations

import configparser
import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from tests.book._support import REPO, free_port


PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?==[0-9][0-9A-Za-z.+!-]*$")
NOTEBOOKS = sorted(p for folder in ("chapters", "labs") for p in (REPO / folder).glob("*.ipynb"))
INSTALL_TIMEOUT_S = 900


def _requirement_lines(name):
    lines = []
    for raw in (REPO / name).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_an_exact_pin(name):
    allowed = {"-e .", "-r requirements.txt"}
    loose = [line for line in _requirement_lines(name) if line not in allowed and not PIN.match(line)]
    assert not loose, f"{name}: pin these with `==` so every reader gets the same outputs: {loose}"
    assert "-e ." in _requirement_lines("requirements.txt")  # the course's own helpers


def _pip(python, *args, **kwargs):
    return subprocess.run([str(python), "-m", "pip", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=INSTALL_TIMEOUT_S, **kwargs)


@pytest.fixture(scope="module")
def reader_python(tmp_path_factory):
    """A fresh virtual environment with `pip install -r requirements.txt` and nothing else."""
    venv = tmp_path_factory.mktemp("reader") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    done = _pip(python, "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt")
    assert done.returncode == 0, (
        "`pip install -r requirements.txt` failed in a fresh virtual environment, as it would on "
        f"Binder:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    )
    return python


def test_the_pins_resolve_together(reader_python):
    """pip's own consistency check over what requirements.txt installed."""
    check = _pip(reader_python, "check")
    assert check.returncode == 0, f"conflicting requirements:\n{check.stdout}{check.stderr}"
    frozen = _pip(reader_python, "freeze", "--all").stdout.lower()
    for line in _requirement_lines("requirements.txt"):
        if "==" in line:
            name, version = line.lower().split("==")
            name = re.sub(r"[-_.]+", "-", name.split("[")[0])
            assert any(re.sub(r"[-_.]+", "-", f.split("==")[0]) == name and f.endswith("==" + version)
                       for f in frozen.splitlines()), f"{line} is not what got installed"
    # the reader's environment has no test or build tooling in it
    for dev_only in ("pytest", "nbval", "jupyter-book", "playwright"):
        assert not re.search(rf"^{dev_only}==", frozen, re.M), f"{dev_only} leaked into requirements.txt"


def _sanitize(text):
    parser = configparser.ConfigParser()
    parser.read(REPO / "book" / "nbval_sanitize.cfg")
    for section in parser.sections():
        text = re.sub(parser[section]["regex"], parser[section]["replace"], text)
    return text


def _texts(cell):
    """A code cell's text outputs as nbval compares them (streams joined, then text/plain)."""
    streams = {}
    plain = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            streams[output.name] = streams.get(output.name, "") + output.text
        elif "text/plain" in output.get("data", {}):
            plain.append(output.data["text/plain"])
    return [_sanitize(t) for t in [streams.get("stdout", ""), *plain]]


RUN_SCRIPT = r"""
import json, sys, nbformat
from nbclient import NotebookClient
path, out = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}).execute()
nbformat.write(nb, out)
"""


@pytest.mark.timeout(1800)
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_notebook_runs_in_the_readers_environment(reader_python, tmp_path, notebook):
    out = tmp_path / "executed.ipynb"
    env = dict(os.environ, PYTHONHASHSEED="0", PATH=f"{reader_python.parent}{os.pathsep}{os.environ['PATH']}")
    env.pop("PYTHONPATH", None)
    run = subprocess.run([str(reader_python), "-c", RUN_SCRIPT, str(notebook), str(out)],
                         cwd=notebook.parent, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"{notebook.name} failed in the reader's environment:\n{run.stderr[-4000:]}"
    committed = nbformat.read(notebook, as_version=4)
    executed = nbformat.read(out, as_version=4)
    differ = []
    for before, after in zip(committed.cells, executed.cells):
        if before.cell_type != "code" or "NBVAL_IGNORE_OUTPUT" in before.source:
            continue
        if _texts(before) != _texts(after):
            differ.append(before.get("id"))
    assert not differ, (f"{notebook.name}: in the reader's environment, cells {differ} print "
                        "something other than the committed outputs")


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
