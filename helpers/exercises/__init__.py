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
stated tolerance. Tools (the book's build, the tests) read an exercise's definition with
:func:`get_exercise`. This package, like the kernels, needs NumPy only.

The modules, by responsibility:

- ``api``: these functions, and the registry of every chapter module's exercises;
- ``exercise``: what an exercise is and how it judges an answer (``Exercise``,
  ``FunctionExercise``, ``ValueExercise``);
- ``cases``: the hidden cases and the data they are made of;
- ``learner_code``: running a learner's function, time-limited, on one case;
- ``compare``: comparing an answer with a target, and the difference in words;
- ``mistakes``: a modelled mistake, and the verdict on an answer;
- ``display``: what a reader sees (``CheckResult``, ``Hint``, ``Description``);
- ``ch01`` ... ``chNN``: the exercises of each chapter.
"""

from .api import (
    check,
    describe,
    get_exercise,
    hint,
    list_exercises,
    mistakes,
    solution,
    solution_source,
)
from .display import CheckResult, Description, Hint
from .exercise import LAST_CHAPTER, Exercise

__all__ = [
    "check",
    "hint",
    "describe",
    "list_exercises",
    "solution",
    "solution_source",
    "mistakes",
    "get_exercise",
    "CheckResult",
    "Hint",
    "Description",
    "Exercise",
    "LAST_CHAPTER",
]
