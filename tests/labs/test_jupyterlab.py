"""Labs and chapters in a running JupyterLab, driven in Chromium.

One ``jupyter lab`` server on localhost, with the reader's environment, serves the module;
each test opens its own copy of one notebook in it (so autosave never touches the repository
and no test sees another's cells), in Chromium, and shuts its kernel down after:

- lab 1: runs every cell, drags a point with the mouse, then asks the kernel for
  ``lab.points`` in a new cell and checks it holds the position the page shows; and,
  with the kernel there, the lab draws the line of the learner's function (which the
  static book does not);
- chapter 2: the MyST renders through jupyterlab-myst (no raw directives), hints and
  solutions are folded, and a learner's wrong gradient typed into a new cell gets the
  checker's "wrong sign" feedback from the kernel, and the book's stub the advice to run
  the cell again (not the static book's, how to open the notebook).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import re
import urllib.request

import pytest

from tests.book._support import REPO, free_port

pytestmark = pytest.mark.browser
START_S = 90


@contextlib.contextmanager
def _jupyterlab(root):
    """A JupyterLab server on the notebooks in `root` / "work"; yields (URL, token, work folder).

    Settings live in `root`: windowing is off, so every cell of a long chapter is in the page
    (JupyterLab otherwise renders only the cells near the view).
    """
    work = root / "work"
    work.mkdir()
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(root / "config"),
               JUPYTERLAB_SETTINGS_DIR=str(root / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(root / "workspaces"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
           "--ServerApp.allow_root=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class="
           "jupyterlab.NeverCheckForUpdate"]
    log = open(root / "jupyterlab.log", "w")
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
                pytest.fail("jupyter lab did not start:\n" + (root / "jupyterlab.log").read_text()[-3000:])
            time.sleep(0.5)
    try:
        yield base, token, work
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def _shut_down_kernels(base, token):
    """Delete every session of the server, so a test's kernel stops with the test."""
    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}",
                                         method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


@pytest.fixture(scope="module")
def jupyterlab_server(tmp_path_factory):
    """One JupyterLab server for the module's tests (starting it takes seconds)."""
    with _jupyterlab(tmp_path_factory.mktemp("jupyterlab")) as server:
        yield server


@contextlib.contextmanager
def _notebook_copy(server, notebook, name):
    """A copy of `notebook` saved as `name` in the server's folder; yields (URL, token, name).

    The kernels the test started are shut down when it ends."""
    base, token, work = server
    shutil.copy(REPO / notebook, work / name)
    try:
        yield base, token, name
    finally:
        _shut_down_kernels(base, token)


def _open_notebook(page, base, token, name):
    """Open the notebook `name` and accept the kernel JupyterLab proposes, if it asks."""
    page.goto(f"{base}/lab/tree/{name}?token={token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        dialog.wait_for(timeout=10_000)
        dialog.click()
    except Exception:  # no dialog: the kernel started on its own
        pass
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000)


@contextlib.contextmanager
def _notebook_run(browser, notebook):
    """A page of the server's `notebook` with every cell run, in order, as a learner would:
    Shift+Enter from the first, once the kernel is ready. The browser context closes after."""
    base, token, name = notebook
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    try:
        page = context.new_page()
        _open_notebook(page, base, token, name)
        n_cells = page.locator(".jp-Notebook .jp-Cell").count()
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.keyboard.press("Escape")
        for _ in range(n_cells):
            page.keyboard.press("Shift+Enter")
        yield page
    finally:
        context.close()


def _run_new_cell(page, code):
    """Add a cell at the end, type `code` into it, run it (Shift+Enter)."""
    page.locator(".jp-Notebook .jp-Cell").last.click()
    page.keyboard.press("Escape")
    page.keyboard.press("b")
    page.keyboard.press("Enter")  # edit the new cell
    page.keyboard.type(code)
    page.keyboard.press("Shift+Enter")


@pytest.fixture
def jupyterlab(jupyterlab_server, request):
    """A copy of lab 1 in the JupyterLab server, for this test alone."""
    with _notebook_copy(jupyterlab_server, "labs/01_fit_by_hand.ipynb",
                        f"{request.node.name}.ipynb") as notebook:
        yield notebook


@pytest.fixture
def jupyterlab_chapter2(jupyterlab_server, request):
    """A copy of chapter 2 (the loss and its gradients) in the server, for this test alone."""
    with _notebook_copy(jupyterlab_server, "chapters/02_loss_and_geometry.ipynb",
                        f"{request.node.name}.ipynb") as notebook:
        yield notebook


@pytest.mark.timeout(300)
def test_drag_in_jupyterlab_reaches_python(browser, jupyterlab):
    with _notebook_run(browser, jupyterlab) as page:
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
        _run_new_cell(page, "print('POINT3', *lab.points[3].tolist())")
        out = page.locator(".jp-OutputArea-output", has_text="POINT3")
        out.wait_for(timeout=60_000)
        _, px, py = out.inner_text().split()
    assert [float(px), float(py)] == pytest.approx(shown, rel=1e-12)
    assert shown[1] > 0  # the drag really moved the point (checked against the kernel above)


@pytest.mark.timeout(300)
def test_the_learners_line_is_drawn_with_a_kernel(browser, jupyterlab):
    """The kernel answers the view's question, so lab 1 shows what Python computed."""
    with _notebook_run(browser, jupyterlab) as page:
        page.locator(".lab-line-learner").wait_for(state="visible", timeout=120_000)
        note = page.locator("[data-readout=learner]")
        note.wait_for(timeout=60_000)
        text = note.inner_text()
    assert text.startswith("my_fit: slope") and "Least squares has slope" in text, text


# What a rendered chapter must not show: MyST left as raw text (no jupyterlab-myst).
RAW_MYST = re.compile(r"\{(exercise|solution|dropdown|glue:text|numref|eq)\}|:label:|:class: dropdown")


@pytest.mark.timeout(300)
def test_chapter_exercises_render_and_check_in_jupyterlab(browser, jupyterlab_chapter2):
    """jupyterlab-myst renders the MyST; hints and solutions are folded; a check runs."""
    base, token, name = jupyterlab_chapter2
    context = browser.new_context(viewport={"width": 1400, "height": 1800})
    try:
        page = context.new_page()
        _open_notebook(page, base, token, name)
        page.wait_for_selector(".jp-MarkdownCell .myst", timeout=60_000)
        rendered = page.locator(".jp-MarkdownCell.jp-mod-rendered .jp-RenderedMarkdown, "
                                ".jp-MarkdownCell.jp-mod-rendered .myst")
        texts = rendered.all_inner_texts()
        raw = [t[:80] for t in texts if RAW_MYST.search(t)]
        assert texts and not raw, f"MyST shown as raw text in JupyterLab: {raw[:3]}"

        exercise = page.locator(".jp-MarkdownCell", has_text="The gradients of the MSE, yourself")
        exercise.first.scroll_into_view_if_needed()
        shown = exercise.first.locator(".myst").first.inner_text()
        assert re.search(r"Exercise \d+\s*\(The gradients of the MSE, yourself\)", shown), shown[:200]
        # hints: the first is closed, the second sits inside it
        first_hint = page.locator("details", has_text="Hint 1 of 3").filter(
            has_text="Hint 2 of 3").first
        assert first_hint.get_attribute("open") is None
        assert not page.get_by_text("Hint 2 of 3").first.is_visible()
        # the solution is folded: its reference code is not shown
        reference = page.locator(".jp-MarkdownCell pre", has_text="def mse_gradients(X, y, w, b):")
        assert reference.count() == 1 and not reference.first.is_visible()

        # a learner's answer with a flipped sign, checked in the kernel
        _run_new_cell(page, "from helpers.exercises import check; check('mse_gradients', "
                            "lambda X, y, w, b: (2 * X.T @ (y - X @ w - b) / len(y), "
                            "2 * (y - X @ w - b).mean()))")
        out = page.locator(".jp-OutputArea-output", has_text="wrong sign")
        out.wait_for(timeout=60_000)
        assert "Not yet" in out.inner_text()

        # The book's stub shows the advice a kernel can follow, not the static book's (which
        # its `hidden` attribute hides): run in the kernel (trusted output), and as stored
        # in the notebook (untrusted, through JupyterLab's sanitizer).
        _run_new_cell(page, "check('tiny_gradient', None)")
        run = page.locator(".jp-CodeCell", has_text="check('tiny_gradient', None)").locator(
            ".jp-OutputArea-output", has_text="Not answered yet")
        run.wait_for(timeout=60_000)
        stored = page.locator(".jp-CodeCell", has_text='check("tiny_gradient", answer)').locator(
            ".jp-OutputArea-output", has_text="Not answered yet")
        for output in (run, stored):
            assert output.locator(".lr-static").count() == 1  # in the page, not painted
            painted = output.inner_text()
            assert "run the cell again" in painted and "No code runs" not in painted, painted
    finally:
        context.close()
