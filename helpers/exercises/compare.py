"""Comparing an answer with a target: the reference's output, or a modelled mistake's.

A function's output is compared strictly (its shape must be the reference's), and a
difference is put in words that say what to look at (a wrong shape, a NaN, a constant
factor). A value typed by hand is read leniently: a tuple of the right number of parts, or
all the numbers in order, are both accepted.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np

from ._text import fmt, index_phrase, what


@dataclass(frozen=True)
class Tolerance:
    """Elementwise ``|got - expected| <= atol + rtol * |expected|`` (NumPy's isclose)."""

    rtol: float
    atol: float

    def close(self, got, expected, *, equal_nan=False) -> np.ndarray:
        """Entry by entry, whether `got` is within the tolerance of `expected`."""
        return np.isclose(got, expected, rtol=self.rtol, atol=self.atol, equal_nan=equal_nan)

    def __str__(self) -> str:
        return f"rtol={self.rtol:g}, atol={self.atol:g}"

    def phrase(self) -> str:
        """The tolerance in words, for answers typed by hand."""
        return (
            f"a relative tolerance of {100 * self.rtol:g} % "
            f"(rtol={self.rtol:g}, atol={self.atol:g})"
        )


FUNCTION_TOL = Tolerance(rtol=1e-6, atol=1e-9)
# hand-computed answers: three significant digits are enough
VALUE_TOL = Tolerance(rtol=2e-3, atol=1e-9)


class _AnyValue:
    """Stands for "whatever the reference has" in a modelled mistake's value."""

    def __repr__(self) -> str:
        return "ANY"


#: In a value mistake such as ``(ANY, 0.2)``, the first part is not compared.
ANY = _AnyValue()


# ---------------------------------------------------------------------------------------------
# numbers in whatever form a reader gave them


def to_float_array(x):
    """`x` as a float64 array, or None when it is not made of real numbers."""
    if x is None or isinstance(x, (str, bytes)) or (callable(x) and not isinstance(x, np.ndarray)):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # complex -> float would drop the imaginary part
            return np.asarray(x, dtype=float)
    except Exception:  # ragged lists, objects, complex numbers
        return None


def flatten_numbers(obj):
    """Every number in a number, array or nested tuple/list, in order; None if any is not."""
    if isinstance(obj, (tuple, list)):
        pieces = [flatten_numbers(item) for item in obj]
        if any(p is None for p in pieces):
            return None
        return np.concatenate(pieces) if pieces else np.zeros(0)
    arr = to_float_array(obj)
    return None if arr is None else arr.reshape(-1)


def single_number(obj):
    """The one number `obj` holds (a number, or an array or tuple of one), else None."""
    flat = flatten_numbers(obj)
    return float(flat[0]) if flat is not None and flat.size == 1 else None


def is_complex(x) -> bool:
    """Whether `x` (a number, an array or a nested tuple/list) holds a complex number."""
    if isinstance(x, (tuple, list)):
        return any(is_complex(item) for item in x)
    return isinstance(x, (complex, np.complexfloating)) or (
        isinstance(x, np.ndarray) and x.dtype.kind == "c"
    )


def parts(value) -> list:
    """A value (number, array or tuple of them) as a list of float arrays."""
    if isinstance(value, tuple):
        return [np.asarray(v, dtype=float) for v in value]
    return [np.asarray(value, dtype=float)]


# ---------------------------------------------------------------------------------------------
# a function's output


@dataclass(frozen=True)
class Diff:
    """How an output differs from its target: `kind` is the generic mistake key."""

    kind: str
    message: str


def compare_output(got, expected, names, tol, *, equal_nan=False):
    """Compare a function's output with a target, strictly (shapes must agree).

    Parameters
    ----------
    got : object
        What the function returned.
    expected : array-like or tuple of array-like
        The target; a tuple when the function returns several things, named by `names`.
    names : tuple of str
        The names of the outputs, as the exercise states them.
    tol : Tolerance
    equal_nan : bool, default=False
        Whether NaN in `got` matches NaN in `expected` (a modelled mistake may give NaN).

    Returns
    -------
    Diff or None
        None when they agree within `tol`.
    """
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            listing = ", ".join(names)
            return Diff(
                "wrong_structure",
                f"your function should return {len(expected)} things, `{listing}` (as in "
                f"`return {listing}`), but it returned {what(got)}",
            )
        triples = list(zip(names, got, expected))
    else:
        triples = [(names[0], got, expected)]
    for name, g, e in triples:
        e = np.asarray(e, dtype=float)
        g_arr = to_float_array(g)
        if g_arr is None:
            if is_complex(g):
                return Diff("complex", f"`{name}` holds complex numbers ({what(g)}), where "
                            "real numbers belong: a square root or a fractional power of a "
                            "negative number?")
            return Diff("not_numbers", f"`{name}` is {what(g)}, not numbers")
        if g_arr.shape != e.shape:
            wanted = "be a single number (shape ())" if e.ndim == 0 else f"have shape {e.shape}"
            return Diff(
                "wrong_shape", f"`{name}` should {wanted}, but yours has shape {g_arr.shape}"
            )
        if not equal_nan and np.isfinite(e).all() and not np.isfinite(g_arr).all():
            return Diff("not_finite", f"`{name}` {_not_finite_phrase(g_arr)}")
        close = tol.close(g_arr, e, equal_nan=equal_nan)
        if not close.all():
            gap = np.abs(g_arr - e)
            gap = np.where(np.isnan(gap), np.inf, gap)
            where = np.unravel_index(int(np.argmax(gap)), e.shape)
            text = (
                f"`{name}` differs from the reference by up to {fmt(gap.max())}"
                f"{index_phrase(where, e.ndim)}, beyond the tolerance {tol}"
            )
            if e.size <= 6:
                text += f": expected {fmt(e)}, got {fmt(g_arr)}"
            ratio = _constant_ratio(g_arr, e)
            if ratio is not None:
                text += (
                    f". Yours is {fmt(ratio)} times the reference: a constant factor is "
                    "missing, extra or of the wrong sign"
                )
            return Diff("wrong_value", text)
    return None


def _not_finite_phrase(arr) -> str:
    """What is wrong with an array that is not all finite: NaN and infinity named apart."""
    if np.isnan(arr).any():
        where = np.unravel_index(int(np.argmax(np.isnan(arr))), arr.shape)
        return (f"is NaN (not a number){index_phrase(where, arr.ndim)}: a 0/0, inf - inf or a "
                "NaN in an intermediate result")
    return "is infinite: something overflowed or was divided by zero"


def _constant_ratio(got, expected):
    """The constant c with got = c * expected, when there is one (and c is not 1)."""
    mask = np.abs(expected) > 1e-12
    if mask.sum() == 0:
        return None
    ratios = got[mask] / expected[mask]
    c = float(ratios.mean())
    if np.allclose(ratios, c, rtol=1e-6, atol=0.0) and not np.isclose(c, 1.0):
        return c
    return None


def broadcast_note(message, n) -> str:
    """A shape with an extra axis of length `n` is the trace of an (n, 1) - (n,) broadcast.

    `message` is a ``wrong_shape`` Diff's message (the expected shape, then the one got),
    `n` the number of samples of the case; the note is empty when the shapes show nothing.
    """
    shapes = re.findall(r"\(([\d, ]*)\)", message)
    if n is None or n < 2 or len(shapes) < 2:
        return ""
    expected = [int(s) for s in shapes[0].split(",") if s.strip()]
    got = [int(s) for s in shapes[1].split(",") if s.strip()]
    if len(got) > len(expected) and n in got and n not in expected:
        return (
            f" An extra axis of length n = {n} usually means an (n, 1) column met an "
            "(n,) vector and broadcast to an (n, n) matrix: keep vectors 1-D "
            "(`y.ravel()`, `w.reshape(-1)`)."
        )
    return ""


# ---------------------------------------------------------------------------------------------
# a value typed by hand


def split_like(answer, target_parts):
    """A hand-typed answer arranged like the target: a list of arrays, or an error key.

    Answers typed by hand are read leniently: a tuple of the right number of parts, or
    all the numbers in order (``[4, 2]`` for ``(array([4.]), 2.0)``) are both accepted.
    The error keys are ``"not_numbers"`` and ``"wrong_structure"`` (the wrong count).
    """
    sizes = [p.size for p in target_parts]
    if (
        len(target_parts) > 1
        and isinstance(answer, (tuple, list))
        and len(answer) == len(target_parts)
    ):
        pieces = [flatten_numbers(a) for a in answer]
        if all(p is not None and p.size == s for p, s in zip(pieces, sizes)):
            return [p.reshape(t.shape) for p, t in zip(pieces, target_parts)]
    flat = flatten_numbers(answer)
    if flat is None:
        return "not_numbers"
    if flat.size != sum(sizes):
        return "wrong_structure"
    cuts = np.cumsum(sizes)[:-1]
    return [p.reshape(t.shape) for p, t in zip(np.split(flat, cuts), target_parts)]


def value_matches(answer, target, reference, tol) -> bool:
    """Whether `answer` equals `target` within `tol`.

    `target` is a value or a tuple of them whose ANY parts stand for `reference`'s
    and are not compared.
    """
    if isinstance(target, tuple):
        keep = [t is not ANY for t in target]
        target = tuple(r if t is ANY else t for r, t in zip(reference, target))
    else:
        keep = [True]
    target_parts = parts(target)
    got = split_like(answer, target_parts)
    if isinstance(got, str):
        return False
    return all(tol.close(g, t).all() for g, t, k in zip(got, target_parts, keep) if k)


def value_difference(answer, reference, names, tol, answer_format) -> Diff:
    """How a hand-typed answer that is not `reference` differs from it, part by part.

    Parameters
    ----------
    answer : object
        The reader's answer, which does not match.
    reference : number, array or tuple of them
    names : tuple of str
        The names of the reference's parts.
    tol : Tolerance
    answer_format : str
        The form of the answer in words, as the exercise states it.

    Returns
    -------
    Diff
        Of kind ``"not_numbers"``, ``"wrong_structure"`` or ``"wrong_value"``.
    """
    ref_parts = parts(reference)
    got = split_like(answer, ref_parts)
    if got == "not_numbers":
        return Diff("not_numbers", f"Your answer is {what(answer)}; the exercise asks for numbers.")
    if got == "wrong_structure":
        listing = ", ".join(f"`{n}`" for n in names)
        count = sum(p.size for p in ref_parts)
        return Diff(
            "wrong_structure",
            f"The answer should be {answer_format}: {count} number(s) in all "
            f"({listing}), but yours has {flatten_numbers(answer).size}.",
        )
    wrong, right = [], []
    for name, g, e in zip(names, got, ref_parts):
        close = tol.close(g, e)
        if close.all():
            right.append(f"`{name}`")
        elif not np.isfinite(g).all():
            wrong.append(f"`{name}` ({'NaN, not a number' if np.isnan(g).any() else 'infinite'})")
        elif e.size == 1:
            too_large = float(g.reshape(-1)[0]) > float(e.reshape(-1)[0])
            wrong.append(f"`{name}` (yours is {'too large' if too_large else 'too small'})")
        else:
            wrong.append(f"`{name}` ({int((~close).sum())} of its {e.size} entries)")
    text = f"Not within {tol.phrase()} of the expected value: " + ", ".join(wrong)
    if right and len(names) > 1:
        text += f". Right already: {', '.join(right)}"
    return Diff("wrong_value", text + ".")
