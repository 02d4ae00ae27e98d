"""A lab in a running JupyterLab: the front end and the learner's Python share one state.

Starts ``jupyter lab`` on localhost (on a copy of the lab notebook, so autosave never
touches the repository), opens the notebook in Chromium, runs every cell, drags a
point with the mouse, then asks the kernel for ``lab.points`` in a new cell and
checks it holds the position the page shows.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.book._support import REPO

pytestmark = pytest.mark.browser
START_S = 90


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path):
    """A JupyterLab server on a copy of lab 1; yields (base URL, token)."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(REPO / "labs" / "01_fit_by_hand.ipynb", work / "lab.ipynb")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp_path / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
           "--ServerApp.allow_root=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class="
           "jupyterlab.NeverCheckForUpdate"]
    log = open(tmp_path / "jupyterlab.log", "w")
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_S
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                pytest.fail("jupyter lab did not start:\n" + (tmp_path / "jupyterlab.log").read_text()[-3000:])
            time.sleep(0.5)
    try:
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.mark.timeout(300)
def test_drag_in_jupyterlab_reaches_python(browser, jupyterlab):
    base, token = jupyterlab
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    try:
        page = context.new_page()
        page.goto(f"{base}/lab/tree/lab.ipynb?token={token}&reset")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        # JupyterLab may ask which kernel to start (the notebook names `python3`, which
        # here is this environment's): accept its proposal.
        dialog = page.locator(".jp-Dialog .jp-mod-accept")
        try:
            dialog.wait_for(timeout=10_000)
            dialog.click()
        except Exception:  # no dialog: the kernel started on its own
            pass
        # Once the kernel is ready, run every cell in order as a learner would: Shift+Enter.
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)
        n_cells = page.locator(".jp-Notebook .jp-Cell").count()
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.keyboard.press("Escape")
        for _ in range(n_cells):
            page.keyboard.press("Shift+Enter")
        point = page.locator(".lab-point").nth(3)
        try:
            point.wait_for(timeout=60_000)
        except Exception:
            page.screenshot(path="/tmp/jlab_fail.png")
            raise
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)

        point.scroll_into_view_if_needed()
        box = point.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 40, y - 60, steps=6)
        page.mouse.up()
        shown = [float(point.get_attribute("data-x")), float(point.get_attribute("data-y"))]

        # A new cell at the end asks Python where point 3 is now.
        page.locator(".jp-Notebook .jp-Cell").last.click()
        page.keyboard.press("Escape")
        page.keyboard.press("b")
        page.keyboard.press("Enter")  # edit the new cell
        page.keyboard.type("print('POINT3', *lab.points[3].tolist())")
        page.keyboard.press("Shift+Enter")
        out = page.locator(".jp-OutputArea-output", has_text="POINT3")
        out.wait_for(timeout=60_000)
        _, px, py = out.inner_text().split()
    finally:
        context.close()
    assert [float(px), float(py)] == pytest.approx(shown, rel=1e-12)
    assert shown[1] > 0  # the drag really moved the point (checked against the kernel above)
