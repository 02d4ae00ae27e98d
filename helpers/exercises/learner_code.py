"""Running a learner's function on a hidden case: time-limited, quiet, never trusted.

The answer runs on copies of the case's arguments, with warnings silenced and under a time
limit (:mod:`helpers._runner`). Whatever goes wrong (too slow, an exception, ``exit()``,
an argument changed in place, no return value) becomes a verdict saying so; nothing a
learner's code does propagates into the checker.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._runner import TimeLimitExceeded, call_with_time_limit
from ._text import clean_message
from .mistakes import NOT_ATTEMPTED, Verdict

#: Seconds an answer may take on one hidden case before it is stopped (see `check`).
TIME_LIMIT = 5.0


def quiet_call(fn, args, time_limit=None):
    """Call `fn(*args)` with NumPy's floating-point warnings and all warnings silenced.

    A wrong answer often divides by zero or overflows; its output is judged, not its
    warnings, and a notebook cell that checks an answer should print nothing else.
    With `time_limit` (seconds), a call that runs longer raises TimeLimitExceeded.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            return call_with_time_limit(fn, args, time_limit)


def _name_of(fn, default) -> str:
    name = getattr(fn, "__name__", None)
    return name if isinstance(name, str) and name.isidentifier() else default


def run_on_case(fn, case, exercise_id, time_limit=TIME_LIMIT):
    """Run an answer on one hidden case.

    Parameters
    ----------
    fn : callable
        The learner's function.
    case : Case
        It receives fresh copies of the case's arguments.
    exercise_id : str
        Named in the advice of a verdict.
    time_limit : float or None, default=TIME_LIMIT
        Seconds before the call is stopped; None runs without a limit.

    Returns
    -------
    (output, None) or (None, Verdict)
        The output, or the failing verdict on what went wrong.
    """
    args = case.fresh_args()
    try:
        out = quiet_call(fn, args, time_limit)
    except TimeLimitExceeded as exc:
        return None, Verdict(
            False,
            f"Your function took longer than {exc.seconds:g} s on the hidden case "
            f"{case.describe()} and was stopped. The reference takes milliseconds: is "
            "there a loop whose condition never becomes false?",
            "too_slow",
            "Run your function yourself on inputs of these shapes and interrupt it "
            "(the stop button) to see the line it is stuck on; "
            f'`check("{exercise_id}", answer, time_limit=None)` removes the limit.',
        )
    except SystemExit:
        return None, Verdict(
            False,
            f"Your function called exit() on the hidden case {case.describe()}.",
            "raised",
            "Return a value instead of exiting.",
        )
    except NotImplementedError:  # the stub cell of the book, not yet filled in
        return None, Verdict(
            False,
            f"Your `{_name_of(fn, exercise_id)}` still raises NotImplementedError: "
            "replace the `raise NotImplementedError(...)` line with "
            "your code and run the cell again.",
            NOT_ATTEMPTED,
        )
    except Exception as exc:  # an answer must never crash the checker
        detail = clean_message(exc)
        return None, Verdict(
            False,
            f"Your function raised {type(exc).__name__} on the hidden case "
            f"{case.describe()}" + (f": {detail}" if detail else "."),
            "raised",
            "Run your function yourself on inputs of these shapes to see the full "
            "traceback, and check every intermediate `.shape`.",
        )
    changed = case.changed(args)
    if changed:
        names = " and ".join(f"`{name}`" for name in changed)
        return None, Verdict(
            False,
            f"Your function changed its input {names} in place (on the hidden case "
            f"{case.describe()}). A function should leave its arguments as it found "
            "them, because the caller may use them again.",
            "mutates_input",
            "Build new arrays instead of modifying the arguments: `w = w - step` "
            "rather than `w -= step` (an augmented assignment writes into the caller's "
            "array), or start from a copy (`X = X.copy()`).",
        )
    if out is None:
        return None, Verdict(
            False,
            f"Your function returned None on the hidden case {case.describe()}.",
            "returned_none",
            "Did you forget the `return` statement at the end of the function?",
        )
    return out, None
