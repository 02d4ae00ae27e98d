"""What the chapters need to put computed numbers into their prose.

The book's prose never types a number: a code cell computes it and *glues* it under a
name (myst-nb's ``glue``), and the text shows it with ``{glue:text}`name:.3f```. The
committed notebooks are checked by strict nbval, which compares the glued values as
text, on every reader's machine. Two things follow, and this module takes care of both:

- **Stable digits.** A value is glued rounded to a number of significant digits
  (``digits``, default 6), not at full precision: the last digits of a float depend on
  the CPU and the BLAS that computed it (OpenBLAS picks different kernels on different
  processors, a Mac uses Accelerate), while six significant digits are the same
  everywhere for any quantity that is well determined. A value that is *not* well
  determined (a rounding error, a result of a matrix too ill-conditioned for float64)
  must not be glued as digits at all: glue a bound it satisfies, or its order of
  magnitude, and assert the property in the code.
- **No myst-nb, no problem.** On Colab or in a bare Jupyter the book's ``{glue}`` roles
  are not rendered, and myst-nb need not be installed: :func:`glue` then does nothing,
  and the chapter runs top to bottom all the same.

A subpackage, not a kernel module: it imports myst-nb (when a value is glued), and the
kernels at the top of `helpers` import NumPy only.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["glue", "significant"]

DEFAULT_DIGITS = 6


def significant(value, digits=DEFAULT_DIGITS):
    """`value` rounded to `digits` significant figures, as a plain Python number.

    Integers (Python or NumPy) and booleans come back unchanged, as ``int`` and
    ``bool``; a real float is rounded; anything else (a string, say) is returned as
    it is.

    Parameters
    ----------
    value : number or str
    digits : int, default=6
        Significant figures kept, at least 1.

    Returns
    -------
    bool, int, float or the input

    Examples
    --------
    >>> significant(9724193.064297)
    9724190.0
    >>> significant(0.000123456789, 3)
    0.000123
    >>> significant(np.int64(42)), significant(np.True_)
    (42, True)
    """
    if isinstance(digits, bool) or not isinstance(digits, numbers.Integral) or digits < 1:
        raise ValueError(f"digits must be an integer >= 1, got {digits!r}")
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        if not np.isfinite(value):
            raise ValueError(f"cannot glue a non-finite number ({value}): the prose would show it")
        # `e` formatting rounds to significant figures; the float keeps them exactly.
        return float(f"{value:.{int(digits) - 1}e}")
    if isinstance(value, numbers.Complex):
        raise TypeError("cannot glue a complex number; glue its real and imaginary parts")
    return value


def glue(name, value, *, digits=DEFAULT_DIGITS):
    """Glue `value` under `name` for the prose, at `digits` significant figures.

    Parameters
    ----------
    name : str
        The key the prose refers to: ``{glue:text}`name:.3f```.
    value : number or str
        Rounded by :func:`significant` first. The prose may show at most `digits`
        significant figures of it (``tests/book/test_glue.py`` checks every use).
    digits : int, default=6
        Significant figures kept. Raise it only for a quantity that is determined to
        that many digits on every machine.

    Notes
    -----
    The value is stored in the cell's output (not displayed), as myst-nb's
    ``glue(name, value, display=False)`` does. Without myst-nb (Colab, a bare Jupyter)
    nothing is stored and nothing is shown.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    value = significant(value, digits)
    try:
        from myst_nb import glue as myst_glue
    except ImportError:  # the prose's {glue} roles are rendered only when the book is built
        return
    myst_glue(name, value, display=False)
