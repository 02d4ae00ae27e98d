"""The book's own Sphinx extension, loaded as `book.lrbook` through `sphinx.extra_extensions`
in _config.yml.

It does eight things:

1. Fixes the stock `Identifier 'THEBE_JS_URL' has already been declared` error.
   Sphinx 7.4 (the newest Jupyter Book 1 allows) registers an inline script that an
   extension adds after the builder started twice: `Sphinx.add_js_file(None, body=...)`
   hands it to the builder with filename `None`, then `prepare_writing` re-adds every
   registered script as `filename or ''`. `_JavaScript(None, ...)` and
   `_JavaScript('', ...)` compare unequal, so the de-duplication misses and each page
   carries the script twice. sphinx-togglebutton's `var togglebuttonSelector` survives
   that; sphinx-thebe's `const THEBE_JS_URL = ...` (added at env-before-read-docs)
   throws a SyntaxError on every page. On `write-started`, just before
   `prepare_writing`, we give those inline scripts the filename `''` that the second
   registration uses, so Sphinx's own de-duplication drops the copy.
2. Lets an author opt into jupyter-cache with `BOOK_EXECUTION=cache` (the committed
   configuration forces execution, as CI and `make book` need), and `make pdf` print the
   committed outputs with `BOOK_EXECUTION=off`.
3. Stops the build early, with the fix, when the vendored browser assets are missing.
4. Gives the bibliography's entries the ARIA role `listitem` (see `_citation_list_roles`).
5. Asks the kernels that execute the notebooks for the figures' dark rendering (see
   `_ask_for_dark_figures`), which book/figures.py shows in the dark theme.
6. Hides the prose's bookkeeping from the reader: the `glue(...)` statements that hand a
   computed number to the text are dropped from the code the HTML shows, and a cell
   that only glues disappears (see `_hide_glue`). The notebooks keep them.
7. Builds the JupyterLite site into `_build/html/lite` at the end of an HTML build
   (book/lite.py), and points each notebook page's "Run in the browser" launch button at
   its notebook there (see `_relative_jupyterlite_launch`).
8. Records how the notebooks were executed (the execution mode and the BLAS that the
   kernels inherit) in `_build/jupyter_execute/execution.json`, where
   tests/book/test_build_outputs.py reads it before it holds the executed copies to the
   committed outputs (see `_record_execution`).
"""

from __future__ import annotations

import ast
import json
import os
import re
from pathlib import Path

from docutils import nodes

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from book import lite
from helpers.plotting import DARK_RENDERING_ENV

VENDOR_STAMP = Path(__file__).resolve().parent / "_static" / "vendor" / "VERSIONS.json"
EXECUTION_MODES = ("force", "cache", "off")


def _execution_override(app: Sphinx, config: Config) -> None:
    mode = os.environ.get("BOOK_EXECUTION")
    if not mode:
        return
    if mode not in EXECUTION_MODES:
        raise ConfigError(f"BOOK_EXECUTION={mode!r}: use one of {', '.join(EXECUTION_MODES)}")
    config.nb_execution_mode = mode


def _require_vendored_assets(app: Sphinx) -> None:
    if app.builder.format == "html" and not VENDOR_STAMP.exists():
        raise ConfigError(
            "the book's offline assets (MathJax, require.js, widget managers) are missing: "
            "run `make assets` (or `python book/fetch_assets.py`)"
        )


def _ask_for_dark_figures(app: Sphinx) -> None:
    """Make `use_book_style()` attach the dark rendering in every kernel the build starts.

    myst-nb executes the notebooks while reading, after the builder is set up, and each
    kernel inherits this process's environment. Only the HTML book shows the dark rendering
    (another builder would print both images); notebooks run outside the build (JupyterLab,
    `make notebooks`, nbval) never get it, so the committed notebooks hold the light PNG only.
    """
    if app.builder.format == "html":
        os.environ[DARK_RENDERING_ENV] = "1"


EXECUTION_RECORD = "execution.json"


def _record_execution(app: Sphinx) -> None:
    """Write `execution.json` beside myst-nb's executed copies, before any notebook runs.

    The kernels myst-nb starts inherit this process's environment, so the OpenBLAS this
    process loads (through NumPy, as threadpoolctl reports it) is the one they compute with:
    its kernel ("architecture", OPENBLAS_CORETYPE when set) and its thread count.
    """
    if app.builder.format != "html" or app.builder.name != "html":
        return
    import numpy  # noqa: F401  (loads OpenBLAS so that threadpoolctl sees it)
    from threadpoolctl import threadpool_info

    blas = [
        {key: info.get(key) for key in ("internal_api", "architecture", "num_threads", "version")}
        for info in threadpool_info()
        if info.get("user_api") == "blas"
    ]
    record = {
        "execution_mode": app.config.nb_execution_mode,
        "environment": {key: os.environ.get(key) for key in
                        ("OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS", "PYTHONHASHSEED")},
        "blas": blas,
    }
    folder = Path(app.outdir).parent / "jupyter_execute"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / EXECUTION_RECORD).write_text(json.dumps(record, indent=1) + "\n")


def _dedupe_inline_scripts(app: Sphinx, builder) -> None:
    js_files = getattr(builder, "_js_files", None)
    if js_files is None:
        return
    # Imported here: a private module of Sphinx's HTML builder, only needed for HTML.
    from sphinx.builders.html._assets import _JavaScript

    normalised: list = []
    for js in js_files:
        if js.filename is None:
            js = _JavaScript("", priority=js.priority, **js.attributes)
        if js not in normalised:
            normalised.append(js)
    js_files[:] = normalised


def _citation_list_roles(app, pagename, templatename, context, doctree) -> None:
    """Make the bibliography's list valid ARIA: docutils writes `role="list"` on the list
    and `role="doc-biblioentry"` (deprecated in ARIA 1.2) on its items, which axe-core
    reports as a list without list items. The entries become `listitem`s."""
    body = context.get("body")
    if body and 'role="doc-biblioentry"' in body:
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _is_glue(stmt: ast.stmt) -> bool:
    """A `glue(...)` call, or a loop or branch that does nothing but glue."""
    if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
        return getattr(stmt.value.func, "id", None) == "glue"
    if isinstance(stmt, (ast.For, ast.If)) and not getattr(stmt, "orelse", None):
        return all(_is_glue(s) for s in stmt.body)
    return False


def _glue_lines(stmts: list) -> set[int]:
    """Line numbers (1-based) of the glue statements in `stmts` and in nested bodies."""
    lines: set[int] = set()
    for stmt in stmts:
        if _is_glue(stmt):
            lines.update(range(stmt.lineno, stmt.end_lineno + 1))
        else:
            for field in ("body", "orelse", "finalbody", "handlers"):
                lines |= _glue_lines(getattr(stmt, field, None) or [])
    return lines


def without_glue(code: str) -> str:
    """`code` without its glue statements and the comment lines directly above them."""
    # IPython magics are not Python: blank them for the parser, keep them in the output.
    masked = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.split("\n"))
    try:
        drop = _glue_lines(ast.parse(masked).body)
    except SyntaxError:
        return code
    if not drop:
        return code
    lines = code.split("\n")
    for number in sorted(drop):  # comments that introduce a dropped statement go with it
        above = number - 1
        while above >= 1 and above not in drop and lines[above - 1].lstrip().startswith("#"):
            drop.add(above)
            above -= 1
    kept = [line for number, line in enumerate(lines, 1) if number not in drop]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")


def _hide_glue(app: Sphinx, doctree: nodes.document) -> None:
    for source in list(doctree.findall(nodes.container)):
        if source.get("nb_element") != "cell_code_source":
            continue
        for block in source.findall(nodes.literal_block):
            code = block.astext()
            shown = without_glue(code)
            if shown == code:
                continue
            if any(line.strip() and not line.lstrip().startswith("#") for line in shown.split("\n")):
                block.rawsource = shown
                block.children = [nodes.Text(shown)]
                continue
            cell = source.parent
            if any(other.children for other in cell.children if other is not source):
                cell.remove(source)  # its outputs stay, without the code
            else:
                cell.parent.remove(cell)  # a cell that only glued shows nothing at all
            break


def _singlehtml_inherits_html_handlers(app: Sphinx) -> None:
    """The PDF edition's single page (`make pdf`) renders every node the HTML book does.

    Sphinx looks a builder's node handlers up by builder name and falls back to its format
    only when the name has none; an extension that registers one `singlehtml` handler hides
    all the `html` ones, and a node such as sphinx-jupyterbook-latex's `HiddenCellNode`
    (inserted for every builder) then fails the build as an unknown node.
    """
    if app.builder.name == "singlehtml":
        handlers = app.registry.translation_handlers
        single = handlers.setdefault("singlehtml", {})
        for name, pair in handlers.get("html", {}).items():
            single.setdefault(name, pair)


def _relative_jupyterlite_launch(app, pagename, templatename, context, doctree) -> None:
    """sphinx-book-theme writes `launch_buttons.jupyterlite_url` into every page as it is; a
    URL relative to the book's root (`lite/lab/index.html`) must be made relative to the page
    (`../lite/...` from `chapters/`), and the button says what it does."""
    for group in context.get("header_buttons", ()):
        if group.get("label") != "launch-buttons":
            continue
        for button in group["buttons"]:
            if button.get("text") == "JupyterLite":
                _, _, query = button["url"].partition("?")
                button["url"] = f"{context['pathto'](lite.LAUNCH, 1)}?{query}"
                button["text"] = "Run in the browser"
                button["tooltip"] = "Run this notebook in your browser (JupyterLite; needs internet)"


def _build_jupyterlite(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html" and app.builder.name == "html":
        lite.build_site(Path(app.outdir))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _execution_override)
    app.connect("builder-inited", _require_vendored_assets)
    app.connect("builder-inited", _ask_for_dark_figures)
    app.connect("builder-inited", _record_execution)
    app.connect("builder-inited", _singlehtml_inherits_html_handlers)
    app.connect("write-started", _dedupe_inline_scripts)
    app.connect("html-page-context", _citation_list_roles)
    app.connect("doctree-read", _hide_glue)
    # After sphinx-book-theme's launch buttons (priority 501).
    app.connect("html-page-context", _relative_jupyterlite_launch, priority=502)
    app.connect("build-finished", _build_jupyterlite)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
