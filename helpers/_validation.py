"""Input validation shared by every public entry point.

Each public function validates its arguments once, here, and then calls private kernels that
trust their inputs. Messages name the argument and the shapes or values, so a reader knows
what to fix.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_float_array",
    "check_X",
    "check_y",
    "check_X_y",
    "check_weights",
    "check_scalar",
    "check_nonnegative",
    "check_positive",
    "check_int",
    "check_rng",
    "check_bool",
]


def _shape(a) -> str:
    return str(tuple(np.shape(a)))


# The missing-value markers of pandas (pd.NA, pd.NaT), recognised by type name so that
# the kernels need not import pandas.
_MISSING_TYPE_NAMES = ("NAType", "NaTType")


def _is_missing(v) -> bool:
    return v is None or type(v).__name__ in _MISSING_TYPE_NAMES or (
        isinstance(v, float) and v != v
    )


def _refuse_strings(arr, name, example):
    raise TypeError(
        f"{name} must contain numbers only, got dtype {arr.dtype}: strings such as "
        f"{example!r}. If they are numbers read from a file, convert them first "
        f"({name} = np.asarray({name}, dtype=float)); if they are categories, encode them "
        "as 0/1 columns"
    )


def _object_to_float(arr, name):
    """An object array as float64, with None and pandas' NA as NaN; anything else refused."""
    flat = arr.reshape(-1)
    out = np.empty(flat.shape)
    for i, v in enumerate(flat):
        if _is_missing(v):
            out[i] = np.nan
        elif isinstance(v, (str, bytes)):
            _refuse_strings(arr, name, v)
        elif isinstance(v, (complex, np.complexfloating)):
            raise TypeError(f"{name} must be real numbers, got the complex number {v!r}")
        elif isinstance(v, numbers.Number):  # ints, floats, bools, Fraction, Decimal
            out[i] = float(v)
        else:
            raise TypeError(
                f"{name} must contain numbers only, got dtype object holding "
                f"{type(v).__name__} values (for example {v!r})"
            )
    return out.reshape(arr.shape)


def _check_finite(arr, name):
    if np.isfinite(arr).all():
        return
    n_nan = int(np.isnan(arr).sum())
    n_inf = int(np.isinf(arr).sum())
    parts = []
    if n_nan:
        first = tuple(int(i) for i in np.argwhere(np.isnan(arr))[0])
        where = first[0] if len(first) == 1 else first
        parts.append(
            f"{name} contains missing values (NaN or NA): {n_nan} of {arr.size} entries, "
            f"the first at index {where}"
        )
    if n_inf:
        parts.append(f"{name} contains {n_inf} infinite value(s)")
    raise ValueError(
        f"{'; '.join(parts)} (shape {arr.shape}); remove or impute them before fitting"
    )


def as_float_array(a, name: str) -> np.ndarray:
    """Convert `a` to a float64 array, refusing data that is not real numbers.

    Raises TypeError for strings (numeric ones too: a column read as text is a slip to
    fix at the source), dates and times, objects, complex numbers and None; ValueError
    for missing values (NaN, None, pandas' NA, masked entries) and infinity. Read-only
    and memory-mapped arrays are read, never written.
    """
    if a is None:
        raise TypeError(f"{name} must be an array of numbers, got None")
    if isinstance(a, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got a string {a!r}")
    if isinstance(a, np.ma.MaskedArray):  # np.asarray would silently drop the mask
        a = a.astype(np.float64).filled(np.nan) if a.dtype.kind in "biuf" else a.filled()
    try:
        arr = np.asarray(a)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{name} could not be read as a rectangular array: {exc}") from None
    kind = arr.dtype.kind
    if kind in "biuf":
        arr = arr.astype(np.float64, copy=False)
    elif kind == "c":
        raise TypeError(f"{name} must be real numbers, got complex dtype {arr.dtype}")
    elif kind in "US":
        _refuse_strings(arr, name, arr.ravel()[0].item() if arr.size else "")
    elif kind in "Mm":
        raise TypeError(
            f"{name} must contain numbers only, got dtype {arr.dtype}: dates and times are "
            "not numbers. Convert them to a count of a stated unit first, for example days "
            "since the first one: (t - t.min()) / np.timedelta64(1, 'D')"
        )
    elif kind == "O":
        arr = _object_to_float(arr, name)
    else:
        raise TypeError(f"{name} must contain numbers only, got dtype {arr.dtype}")
    _check_finite(arr, name)
    return arr


def check_X(X, name: str = "X") -> np.ndarray:
    """A finite float64 matrix of shape (n_samples, n_features) with n_samples >= 1."""
    arr = as_float_array(X, name)
    if arr.ndim != 2:
        hint = ""
        if arr.ndim == 1:
            hint = (
                f"; for a single feature use {name}.reshape(-1, 1), "
                f"for a single sample {name}.reshape(1, -1)"
            )
        raise ValueError(
            f"{name} must be 2-D of shape (n_samples, n_features), "
            f"got {arr.ndim}-D with shape {arr.shape}{hint}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} has no samples (shape {arr.shape}); at least one is needed")
    return arr


def check_y(y, name: str = "y") -> np.ndarray:
    """A finite float64 vector of shape (n,); (n, 1) is accepted and flattened.

    Flattening here is what keeps (n, 1) from ever meeting (n,) in an expression that
    would broadcast to an (n, n) matrix.
    """
    arr = as_float_array(y, name)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    elif arr.ndim != 1:
        raise ValueError(
            f"{name} must have shape (n,) or (n, 1), got shape {arr.shape}"
        )
    if arr.shape[0] == 0:
        raise ValueError(f"{name} has no samples (shape {arr.shape}); at least one is needed")
    return arr


def check_X_y(X, y, *, X_name: str = "X", y_name: str = "y"):
    """Validate a design matrix and its targets together; the lengths must agree."""
    X = check_X(X, X_name)
    y = check_y(y, y_name)
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"{X_name} has {X.shape[0]} samples but {y_name} has {y.shape[0]} "
            f"({X_name}.shape={X.shape}, {y_name}.shape={_shape(y)})"
        )
    return X, y


def check_weights(w, n_features: int, name: str = "w") -> np.ndarray:
    """Weights of shape (n_features,); (n_features, 1) is accepted and flattened."""
    arr = as_float_array(w, name)
    if arr.ndim == 0 and n_features == 1:
        arr = arr.reshape(1)
    elif arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1 or arr.shape[0] != n_features:
        raise ValueError(
            f"{name} must have shape ({n_features},) to match X with {n_features} "
            f"feature(s), got shape {arr.shape}"
        )
    return arr


def check_scalar(value, name: str) -> float:
    """A finite real number (bools are refused: `True` is almost always a slip)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
            value = value.item()
        else:
            raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def check_nonnegative(value, name: str) -> float:
    value = check_scalar(value, name)
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def check_positive(value, name: str) -> float:
    value = check_scalar(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    return value


def check_int(value, name: str, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def check_bool(value, name: str) -> bool:
    """True or False (NumPy's bool too); anything else is refused rather than coerced,
    since ``bool("no")`` is True."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def check_rng(rng):
    """None, an int seed, a `np.random.Generator` or a legacy `np.random.RandomState`."""
    if rng is None or isinstance(rng, (numbers.Integral, np.random.SeedSequence)):
        if isinstance(rng, bool):
            raise TypeError("rng must be None, an int seed or a numpy Generator, got bool")
        return np.random.default_rng(rng)
    if isinstance(rng, (np.random.Generator, np.random.RandomState)):
        return rng
    raise TypeError(
        "rng must be None, an int seed, np.random.Generator or np.random.RandomState, "
        f"got {type(rng).__name__}"
    )
