"""book/nbval_sanitize.cfg: what strict nbval treats as the same output on every machine.

The rules are read with nbval's own parser, so these cases are what nbval does.
"""

from __future__ import annotations

import re

import pytest
from nbval.plugin import get_sanitize_patterns

from ._support import REPO

PATTERNS = get_sanitize_patterns((REPO / "book" / "nbval_sanitize.cfg").read_text("utf8"))


def sanitize(text: str) -> str:
    for regex, replace in PATTERNS:
        text = re.sub(regex, replace, text)
    return text


@pytest.mark.parametrize(("one_machine", "another"), [
    ("gap = 2.1e-14", "gap = 8.9e-16"),
    ("gap = 0.0e+00", "gap = 4.4e-16"),       # one BLAS kernel gets an exact zero
    ("gap = -0.0e+00", "gap = 1e-16"),        # an exponent without a decimal point
    ("['-5.9e-15', '2.1e-14']", "['0.0e+00', '-1.4e-15']"),
    ("tiny 1.2e-160", "tiny 3.4e-158"),
    ("0.0", "2.2e-16"),                       # a glued rounding error that is exactly 0.0 here
    ("12.3 ms ± 0.4 ms per loop (mean ± std. dev. of 7 runs, 100 loops each)",
     "9.8 ms ± 1.1 ms per loop (mean ± std. dev. of 7 runs, 10 loops each)"),
    ("Wall time: 1.2 s", "Wall time: 980 ms"),
])
def test_rounding_noise_compares_equal(one_machine, another):
    assert sanitize(one_machine) == sanitize(another)


@pytest.mark.parametrize(("expected", "regressed"), [
    ("gap = 2.1e-14", "gap = 3.0e-07"),       # lifted above 1e-7: a real change
    ("gap = 2.1e-14", "gap = 1.5e+00"),
    ("slope 5.0e+00", "slope 6.0e+00"),       # 0e+00 inside a number is not a zero
    ("rate 0.05", "rate 0.0"),
    ("x = 0.0 and y = 1.0", "x = 0.1 and y = 1.0"),  # a zero inside a sentence is compared
    ("10.0e-09", "11.0e-09"),
])
def test_real_differences_still_fail(expected, regressed):
    assert sanitize(expected) != sanitize(regressed)
