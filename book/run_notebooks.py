"""Re-execute notebooks in place, deterministically (`make notebooks`).

Each notebook runs top to bottom in a fresh kernel of this environment, from its own
folder, with a fixed hash seed. Then what changes from run to run without the
content changing is normalised, so `git diff` shows only real changes:

- execution timing metadata is not recorded (a fresh kernel numbers cells 1, 2, 3);
- the random ids of widget models are replaced by ids derived from the notebook's
  path and the order the widgets were created, in the outputs and in the saved
  widget state alike (the state stays, so the notebook shows its widgets in
  JupyterLab and on the web without re-running);
- nbstripout (pinned in requirements-dev.txt) strips the volatile metadata, with the
  options in `NBSTRIPOUT_OPTIONS`; tests/book/test_notebooks.py checks every committed
  notebook with the same options.

Usage: python book/run_notebooks.py chapters/01_linear_model.ipynb [...]
       python book/run_notebooks.py --strip-only chapters/01_linear_model.ipynb [...]
       (strips without running, after saving a notebook from JupyterLab, say)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

TIMEOUT_S = 120  # per cell, as in _config.yml
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# Not `\b`: in `IPY_MODEL_<id>` references the id follows an underscore, a word character.
UUID_HEX = re.compile(r"(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])")
# nbstripout strips what it strips by default (execution timings, UI state such as
# `collapsed` and `scrolled`, signatures) and the version of the Python that ran the
# notebook, and keeps: the outputs; the execution counts (nbval compares the outputs of a
# cell only when it has a count); the cell ids (book/sync_exercises.py names its cells);
# the labs' saved widget state (normalised above, so the page shows the widgets).
NBSTRIPOUT_OPTIONS = (
    "--keep-output",
    "--keep-count",
    "--keep-id",
    "--keep-metadata-keys", "metadata.widgets",
    "--extra-keys", "metadata.language_info.version",
)


def _stable_widget_ids(nb: nbformat.NotebookNode, path: Path) -> None:
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state")
    if not state:
        return
    text = json.dumps(nb, sort_keys=False)
    # Ids in order of first appearance in the notebook, so the mapping is stable.
    mapping: dict[str, str] = {}
    for old in UUID_HEX.findall(text):
        if old in state and old not in mapping:
            seed = f"{path.as_posix()}:{len(mapping)}".encode()
            mapping[old] = hashlib.sha256(seed).hexdigest()[:32]
    text = UUID_HEX.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)
    nb.clear()
    nb.update(nbformat.from_dict(json.loads(text)))


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=TIMEOUT_S,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    _stable_widget_ids(nb, path)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return elapsed


def strip(paths: list[str], *, verify: bool = False) -> subprocess.CompletedProcess:
    """Run nbstripout with `NBSTRIPOUT_OPTIONS` over `paths`, in place.

    With `verify`, change nothing: the return code is 1 when a notebook carries what
    nbstripout would strip, and its output names each such notebook.
    """
    command = [sys.executable, "-m", "nbstripout", *NBSTRIPOUT_OPTIONS]
    if verify:
        command.append("--verify")
    return subprocess.run([*command, *paths], capture_output=True, text=True, check=False)


def main(args: list[str]) -> int:
    strip_only = "--strip-only" in args
    paths = [a for a in args if a != "--strip-only"]
    if not paths:
        print("run_notebooks: no notebooks given")
        return 0
    if not strip_only:
        # The kernel inherits this: `set` and `dict` iteration orders are the same every run.
        os.environ["PYTHONHASHSEED"] = "0"
        for name in paths:
            elapsed = run(Path(name))
            print(f"run_notebooks: {name} executed in {elapsed:.1f} s")
    stripped = strip(paths)
    if stripped.returncode != 0:
        print(f"run_notebooks: nbstripout failed:\n{stripped.stderr}", file=sys.stderr)
    return stripped.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
