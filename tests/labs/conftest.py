"""Fixtures for the lab tests: the labs' ES modules loaded into a blank page of Chromium."""

from __future__ import annotations

import pytest

from ._modules import exported_functions, module_page


@pytest.fixture(scope="session")
def js(browser):
    """Call a function of ``helpers/labs/js/src/numerics.js`` in Chromium: ``js("mean", [1, 2])``.

    The module is imported into a blank page as the bundler reads it; arguments and
    results cross as JSON.
    """
    page = module_page(browser, {"labMath": "src/numerics.js"})
    names = exported_functions(page, "labMath")

    def call(name, *args):
        assert name in names, f"numerics.js exports no function {name!r}"
        return page.evaluate("([name, args]) => window.labMath[name](...args)", [name, list(args)])

    yield call
    page.close()
