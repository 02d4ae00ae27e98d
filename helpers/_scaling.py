"""Scaling by powers of two, so that data near float64's limits are solved like any other.

Squaring is where extreme data go wrong: entries around 1e155 have squares past float64's
largest number (1.8e308), and entries around 1e-160 have squares below its smallest normal
number (2.2e-308), where digits are lost. Least squares and its penalized forms are
equivariant under scaling (``X -> s X``, ``y -> t y`` maps the weights to ``(t / s) w``),
so the public entry points divide `X` and `y` by powers of two before squaring anything and
multiply the answer back. A power of two changes the exponent only: the scaled problem is
solved with exactly the same digits, and data already in the safe range are left alone,
so their results are unchanged bit for bit.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["SAFE_EXPONENT", "pow2_exponent", "top_exponent", "column_exponents", "scale_down", "unscale", "affine"]

# Data whose largest magnitude lies in [2^-SAFE_EXPONENT, 2^SAFE_EXPONENT] (about 1e-77 to
# 1e77) are not rescaled: their squares, summed over any practical number of rows, stay
# normal numbers.
SAFE_EXPONENT = 256


def top_exponent(a):
    """The binary exponent e of the largest magnitude in `a` (2^(e-1) <= max|a| < 2^e),
    or None when every entry is zero."""
    top = float(np.max(np.abs(a))) if np.size(a) else 0.0
    return math.frexp(top)[1] if top else None


def _safe(e) -> int:
    return 0 if e is None or abs(e) <= SAFE_EXPONENT else e


def column_exponents(X) -> np.ndarray:
    """:func:`pow2_exponent` of each column of `X`, as an integer array."""
    top = np.max(np.abs(X), axis=0) if X.shape[0] else np.zeros(X.shape[1])
    e = np.frexp(top)[1]
    return np.where(np.abs(e) > SAFE_EXPONENT, e, 0)


def pow2_exponent(*arrays) -> int:
    """The exponent e such that dividing the arrays by 2^e brings their largest magnitude
    into [1/2, 1), or 0 when it is already in the safe range (or every entry is zero)."""
    exps = [e for e in map(top_exponent, arrays) if e is not None]
    return _safe(max(exps)) if exps else 0


def scale_down(a, exponent: int):
    """``a / 2^exponent`` (the array itself when the exponent is 0); entries far below the
    largest may underflow to zero, which is below the rounding of the result anyway."""
    if np.all(np.asarray(exponent) == 0):
        return a
    with np.errstate(under="ignore"):
        return np.ldexp(a, -exponent)


def unscale(value, exponent: int, what: str):
    """``value * 2^exponent``, or a clear OverflowError when the result is past float64."""
    with np.errstate(over="ignore", under="ignore"):
        out = np.ldexp(value, exponent)
    if not np.all(np.isfinite(out)):
        with np.errstate(divide="ignore"):
            decimal = np.log10(np.abs(value)) + np.asarray(exponent) * math.log10(2.0)
        raise OverflowError(
            f"{what} is about 1e{float(np.max(decimal)):.0f}, past float64's largest number "
            "1.8e308: rescale the data (divide X or y by a constant and convert the answer "
            "back)"
        )
    return float(out) if np.ndim(out) == 0 else out


def affine(X, w, b, y=None):
    """``X w + b - y`` (or ``X w + b``) without intermediate overflow or underflow.

    Returns ``(v, e, X_scaled, e_X)``: the true value is ``v * 2^e``, and
    ``X = X_scaled * 2^e_X``. For data in the safe range every exponent is 0 and `v` is
    computed exactly as ``X @ w + b - y``.
    """
    ex, ew = pow2_exponent(X), pow2_exponent(w)
    Xs = scale_down(X, ex)
    Xw = Xs @ scale_down(w, ew)
    e_xw = top_exponent(Xw)
    exps = [None if e_xw is None else e_xw + ex + ew, top_exponent(b)]
    if y is not None:
        exps.append(top_exponent(y))
    exps = [e for e in exps if e is not None]
    eo = _safe(max(exps)) if exps else 0
    v = scale_down(Xw, eo - ex - ew) + scale_down(b, eo)
    if y is not None:
        v = v - scale_down(y, eo)
    return v, eo, Xs, ex
