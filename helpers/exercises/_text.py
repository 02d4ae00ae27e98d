"""Stable text for what the checker shows: numbers, values, exception messages, HTML.

Everything shown to a reader is deterministic (numbers printed to four significant digits,
no memory addresses), so notebooks that display results can be re-run and compared by
nbval.
"""

from __future__ import annotations

import html
import numbers
import re

import numpy as np


def fmt(x) -> str:
    """A number or array as short, stable text: four significant digits."""
    if isinstance(x, (bool, np.bool_)):
        return str(bool(x))
    if isinstance(x, numbers.Integral):
        return str(int(x))
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 0:
        v = float(arr)
        return "0" if v == 0.0 else f"{v:.4g}"
    return np.array2string(arr, precision=4, separator=", ", max_line_width=10_000, threshold=12)


def what(obj) -> str:
    """What a reader passed or returned, in words (never a repr with an address)."""
    if obj is None:
        return "None"
    if isinstance(obj, (str, bytes)):
        return "a string"
    if isinstance(obj, np.ndarray):
        return f"an array of shape {obj.shape}"
    if isinstance(obj, (bool, np.bool_)):
        return f"the boolean {bool(obj)}"
    if isinstance(obj, (complex, np.complexfloating)):
        return f"the complex number {complex(obj)}"
    if isinstance(obj, numbers.Number):
        return f"the number {fmt(obj)}"
    if isinstance(obj, (tuple, list)):
        return f"a {type(obj).__name__} of {len(obj)} item(s)"
    if callable(obj):
        return "a function"
    return f"an object of type {type(obj).__name__}"


def clean_message(text, limit: int = 300) -> str:
    """An exception message on one line, without memory addresses, cut to `limit` characters."""
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", str(text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def code_html(text: str) -> str:
    """Escape `text` for HTML and turn `backticked` fragments into <code> elements."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def index_phrase(index, ndim: int) -> str:
    """`` (at index i)`` for a position in an array of `ndim` axes; nothing for a scalar."""
    if ndim == 0:
        return ""
    return f" (at index {index[0] if len(index) == 1 else index})"
