"""helpers.notebook: glued numbers at stable precision, and glue without myst-nb (Colab)."""

import sys

import numpy as np
import pytest

from helpers.notebook import glue, significant


@pytest.mark.parametrize(("value", "digits", "expected"), [
    (9724193.064297, 6, 9724190.0),
    (9724193.065482, 6, 9724190.0),      # two BLAS kernels' answers become one
    (0.12161234, 4, 0.1216),
    (-0.000123456789, 3, -0.000123),
    (2.5e-16, 2, 2.5e-16),
    (np.float32(0.1), 6, 0.1),
    (0.0, 6, 0.0),
])
def test_significant_rounds_to_figures(value, digits, expected):
    out = significant(value, digits)
    assert type(out) is float and out == expected


def test_significant_keeps_integers_booleans_and_strings():
    assert significant(np.int64(7)) == 7 and type(significant(np.int64(7))) is int
    assert significant(np.True_) is True and significant(False) is False
    assert significant("degree 3") == "degree 3"


@pytest.mark.parametrize(("value", "digits", "error", "match"), [
    (1.0, 0, ValueError, "digits must be an integer >= 1"),
    (1.0, 2.5, ValueError, "digits must be an integer >= 1"),
    (1.0, True, ValueError, "digits must be an integer >= 1"),
    (float("nan"), 6, ValueError, "non-finite"),
    (np.inf, 6, ValueError, "non-finite"),
    (1 + 2j, 6, TypeError, "complex"),
])
def test_significant_refuses(value, digits, error, match):
    with pytest.raises(error, match=match):
        significant(value, digits)


def test_glue_stores_the_rounded_value(monkeypatch):
    import myst_nb

    stored = []
    monkeypatch.setattr(myst_nb, "glue", lambda name, value, display: stored.append((name, value, display)))
    glue("cond", 9724193.064297)
    glue("gap", 2.345e-16, digits=2)
    assert stored == [("cond", 9724190.0, False), ("gap", 2.3e-16, False)]


def test_glue_without_myst_nb_does_nothing(monkeypatch):
    # what a notebook on Colab meets: myst-nb is not installed
    monkeypatch.setitem(sys.modules, "myst_nb", None)
    assert glue("slope", 0.5) is None


def test_glue_validates_before_it_looks_for_myst_nb(monkeypatch):
    monkeypatch.setitem(sys.modules, "myst_nb", None)
    with pytest.raises(TypeError, match="name must be a non-empty string"):
        glue("", 1.0)
    with pytest.raises(ValueError, match="non-finite"):
        glue("x", float("nan"))
