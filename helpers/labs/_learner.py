"""Running a learner's own function inside a lab, and saying clearly what went wrong.

A lab calls the learner's function again whenever its state changes (a drag, a slider).
Three things keep a slow or broken function from spoiling the lab:

- every update runs under a time limit (:data:`TIME_LIMIT`); a function that exceeds it
  is stopped, the lab says so, and it is not run again until ``use_*`` is called anew;
- results are cached by the lab's state, so a state seen before costs nothing;
- once a run has taken longer than :data:`SLOW`, updates in a running kernel are
  debounced: a burst of slider events runs the function once, for the last state.

Whatever the function does (raises, returns NaN, complex numbers, strings or the wrong
shape), the lab shows a message and keeps working.
"""

from __future__ import annotations

import asyncio
import time
import traceback
import warnings
from collections import OrderedDict

import numpy as np

from .._runner import TimeLimitExceeded, call_with_time_limit

#: Seconds one update of a lab may spend in the learner's function.
TIME_LIMIT = 2.0
#: An update slower than this (seconds) makes later updates wait for a pause in the events.
SLOW = 0.2
#: The pause (seconds) a slow function's updates wait for.
DEBOUNCE = 0.3
_CACHE_SIZE = 64
#: Weights larger than this are far outside every lab's view: reported, not drawn.
LARGE = 1e12


class LearnerFunction:
    """A learner's function, called with errors caught and described, never raised."""

    def __init__(self, fn, role: str, *, time_limit=None):
        if not callable(fn):
            raise TypeError(f"the {role} function must be callable, got {type(fn).__name__}")
        self.fn = fn
        self.role = role
        self.name = getattr(fn, "__name__", role)
        self.time_limit = TIME_LIMIT if time_limit is None else time_limit
        self.stopped = None  # the message, once the function has been stopped
        self.last_seconds = 0.0
        self._cache = OrderedDict()
        self._pending = None

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
        except SystemExit:
            return None, f"{self.name} called exit(); return a value instead"

    def run(self, key, compute, inputs: str):
        """``compute()`` (which calls :meth:`call`), under the time limit, cached by `key`.

        Returns what `compute` returns, or a message string when the function was stopped
        (now or at an earlier update). `inputs` describes the arguments for that message.
        """
        if self.stopped is not None:
            return self.stopped
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        start = time.perf_counter()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with np.errstate(all="ignore"):
                    result = call_with_time_limit(compute, (), self.time_limit)
        except TimeLimitExceeded:
            self.stopped = (
                f"{self.name} took longer than {self.time_limit:g} s on {inputs} and was "
                f"stopped. The lab will not run it again: fix it, then call use_{self.role}"
                f"({self.name}) again."
            )
            return self.stopped
        self.last_seconds = time.perf_counter() - start
        self._cache[key] = result
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return result

    def schedule(self, update):
        """Call `update()` now, or, for a slow function in a running kernel, once the
        events pause for :data:`DEBOUNCE` seconds (a burst runs it once)."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.last_seconds < SLOW:
            update()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(DEBOUNCE, update)

    @staticmethod
    def describe(value) -> str:
        """A short description of a returned value: its type, and shape for arrays."""
        if isinstance(value, tuple):
            return "a tuple of " + ", ".join(LearnerFunction.describe(v) for v in value)
        if isinstance(value, np.ndarray):
            return f"an array of shape {value.shape}"
        return type(value).__name__


def real_numbers(value):
    """``(array, None)`` for real, finite numbers, else ``(None, what is wrong in words)``.

    Complex numbers, strings (even "1.5") and other objects are refused rather than
    converted: NumPy would drop an imaginary part with only a warning.
    """
    if value is None:
        return None, "None"
    if isinstance(value, (str, bytes)):
        return None, f"a string ({value!r})"
    if isinstance(value, (complex, np.complexfloating)) or (
        isinstance(value, np.ndarray) and value.dtype.kind == "c"
    ):
        return None, "complex numbers"
    try:
        arr = np.asarray(value)
    except ValueError:
        return None, "a ragged sequence"
    if arr.dtype.kind not in "biuf":
        kinds = "strings" if arr.dtype.kind in "US" else f"values of dtype {arr.dtype}"
        return None, kinds
    arr = arr.astype(float)
    if np.isnan(arr).any():
        return None, "NaN (not a number)"
    if np.isinf(arr).any():
        return None, "an infinite value"
    return arr, None


class LearnerHook:
    """A lab's link to the learner's function: what ``use_*`` installs and removes.

    `update(learner)` recomputes the learner's part of the lab; it runs at once when a
    function is installed and after each change of the canvas traits `names` (debounced
    for a slow function). `clear()` removes the learner's part.
    """

    def __init__(self, canvas, names, update, clear):
        self.canvas, self.names = canvas, list(names)
        self._update, self._clear = update, clear
        self.learner = None

    def use(self, fn, role):
        new = None if fn is None else LearnerFunction(fn, role)  # refuse before changing
        if self.learner is not None:
            self.canvas.unobserve(self._on_change, names=self.names)
        self.learner = new
        if new is None:
            self._clear()
            return
        self.canvas.observe(self._on_change, names=self.names)
        self._update(new)

    def _on_change(self, change=None):
        learner = self.learner

        def update():
            if learner is self.learner:  # not replaced or removed while it waited
                self._update(learner)

        learner.schedule(update)
