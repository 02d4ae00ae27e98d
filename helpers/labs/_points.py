"""Validation and view limits shared by the labs' Python side."""

from __future__ import annotations

import numpy as np

from .._validation import as_float_array


def check_points(x, y, *, x_name="x", y_name="y") -> np.ndarray:
    """(x, y) as an (n, 2) float array: one feature, equal lengths, finite; else a clear error."""
    x = _one_d(x, x_name)
    y = _one_d(y, y_name)
    if x.shape != y.shape:
        raise ValueError(f"{x_name} has {x.size} values but {y_name} has {y.size}")
    return np.column_stack([x, y]) if x.size else np.empty((0, 2))


def check_point_rows(value, name="points", *, min_points=0) -> np.ndarray:
    """`value` as an (n, 2) float array of (x, y) rows, n >= `min_points`; else a clear error."""
    value = np.asarray(value, dtype=float)
    if value.ndim != 2 or value.shape[1] != 2 or len(value) < min_points:
        least = f" with n_points >= {min_points}" if min_points else ""
        raise ValueError(f"{name} must have shape (n_points, 2){least}, got {value.shape}")
    return check_points(value[:, 0], value[:, 1])


def _one_d(a, name):
    a = as_float_array(a, name)
    if a.ndim <= 1:
        return a.reshape(-1)
    if a.ndim == 2 and a.shape[1] == 1:
        return a[:, 0]
    raise ValueError(f"{name} must be 1-D (one feature), got shape {a.shape}")


def padded_limits(values, default, pad=0.15):
    """A view interval around `values` with `pad` of the span on each side."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return float(default[0]), float(default[1])
    lo, hi = float(values.min()), float(values.max())
    span = hi - lo if hi > lo else max(1.0, abs(hi))
    return lo - pad * span, hi + pad * span
