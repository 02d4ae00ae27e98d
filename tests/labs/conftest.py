"""Fixtures for the lab tests: the labs' browser-side math, loaded into a blank page."""

from __future__ import annotations

import re

import pytest

from helpers.labs._widget import JS_DIR


@pytest.fixture(scope="session")
def js(browser):
    """Call a function of ``helpers/labs/js/shared.js`` in Chromium: ``js("mean", [1, 2])``.

    The module is loaded into a blank page exactly as the labs carry it, and each of its
    exports is put on ``window.labMath``; arguments and results cross as JSON.
    """
    source = (JS_DIR / "shared.js").read_text(encoding="utf8")
    names = re.findall(r"^export function (\w+)", source, flags=re.M)
    page = browser.new_page()
    page.set_content("<!doctype html><title>lab math</title>")
    page.add_script_tag(content=source + f"\nwindow.labMath = {{ {', '.join(names)} }};", type="module")
    page.wait_for_function("() => window.labMath !== undefined")

    def call(name, *args):
        assert name in names, f"shared.js exports no function {name!r}"
        return page.evaluate("([name, args]) => window.labMath[name](...args)", [name, list(args)])

    yield call
    page.close()
