"""Running a learner's own function inside a lab, and saying clearly what went wrong."""

from __future__ import annotations

import traceback

import numpy as np


class LearnerFunction:
    """A learner's function, called with errors caught and described, never raised."""

    def __init__(self, fn, role: str):
        if not callable(fn):
            raise TypeError(f"the {role} function must be callable, got {type(fn).__name__}")
        self.fn = fn
        self.name = getattr(fn, "__name__", role)

    def call(self, *args):
        """``(result, None)``, or ``(None, message)`` when the function raised."""
        try:
            return self.fn(*args), None
        except Exception as exc:  # the learner's bug is reported in the lab, not raised
            frames = traceback.extract_tb(exc.__traceback__)[1:]  # [0] is this call
            # Point at the learner's own line, not the depths of NumPy it called into.
            own = getattr(getattr(self.fn, "__code__", None), "co_filename", None)
            mine = [f for f in frames if f.filename == own] or frames
            where = f" (line {mine[-1].lineno} of {mine[-1].name})" if mine else ""
            return None, f"{self.name} raised {type(exc).__name__}: {exc}{where}"

    @staticmethod
    def describe(value) -> str:
        """A short description of a returned value: its type, and shape for arrays."""
        if isinstance(value, tuple):
            return "a tuple of " + ", ".join(LearnerFunction.describe(v) for v in value)
        if isinstance(value, np.ndarray):
            return f"an array of shape {value.shape}"
        return type(value).__name__
