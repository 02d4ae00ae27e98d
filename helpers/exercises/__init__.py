"""Self-checking exercises for *Linear Regression from Scratch*.

In a notebook::

    from helpers.exercises import check, hint, describe

    describe("mse_gradients")           # the task, its chapter and level
    def mse_gradients(X, y, w, b):
        ...
    check("mse_gradients", mse_gradients)   # Correct, or what is wrong and a hint
    hint("mse_gradients", 1)            # hints, one at a time

Implementation exercises (level C) take a function, which is run on hidden cases of
several shapes; exercises answered by numbers (any level) take them, compared within a
stated tolerance. This package, like the kernels, needs NumPy only.
"""

from . import ch01, ch02, ch04, ch05, ch06, ch07, ch08, ch09, ch10, ch11
from ._core import (
    CheckResult,
    Description,
    Hint,
    _register,
    check,
    describe,
    hint,
    list_exercises,
    mistakes,
    solution,
    solution_source,
)

_register(
    *ch01.EXERCISES,
    *ch02.EXERCISES,
    *ch04.EXERCISES,
    *ch05.EXERCISES,
    *ch06.EXERCISES,
    *ch07.EXERCISES,
    *ch08.EXERCISES,
    *ch09.EXERCISES,
    *ch10.EXERCISES,
    *ch11.EXERCISES,
)

__all__ = [
    "check",
    "hint",
    "describe",
    "list_exercises",
    "solution",
    "solution_source",
    "mistakes",
    "CheckResult",
    "Hint",
    "Description",
]
