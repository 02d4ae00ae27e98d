"""The public functions: look an exercise up, check an answer, reveal hints and solutions.

The exercises are defined in the chapter modules ``chNN.py`` (each lists its own in
``EXERCISES``); every such module of the package is registered when the package is
imported.
"""

from __future__ import annotations

import copy
import difflib
import importlib
import inspect
import numbers
import pkgutil
import re
import textwrap
from pathlib import Path

from ._text import what
from .compare import ANY
from .display import CheckResult, Description, Hint
from .exercise import LAST_CHAPTER, LEVELS, Exercise
from .learner_code import TIME_LIMIT

_REGISTRY: dict = {}


def _register_chapters() -> None:
    """Register the exercises of every chapter module (``ch01`` to ``chNN``), in order."""
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if re.fullmatch(r"ch\d\d", m.name)
    )
    for name in names:
        module = importlib.import_module(f"{__package__}.{name}")
        for ex in module.EXERCISES:
            if ex.id in _REGISTRY:
                raise ValueError(f"two exercises have the id {ex.id!r}")
            _REGISTRY[ex.id] = ex


def get_exercise(exercise_id) -> Exercise:
    """The definition of an exercise: statement, hints, reference, mistakes, hidden cases.

    For tools (the book's build, the tests); a learner needs `describe`, `hint` and
    `check`.

    Parameters
    ----------
    exercise_id : str
        Such as ``"mse_gradients"``; `list_exercises` gives them all.

    Returns
    -------
    Exercise
        A FunctionExercise (``kind == "function"``) or a ValueExercise (``"value"``).

    Raises
    ------
    TypeError
        When `exercise_id` is not a string.
    ValueError
        For an unknown `exercise_id`, with the closest ids.

    Examples
    --------
    >>> from helpers.exercises import get_exercise
    >>> ex = get_exercise("mse_gradients")
    >>> ex.kind, ex.chapter, ex.outputs
    ('function', 2, ('grad_w', 'grad_b'))
    """
    if not isinstance(exercise_id, str):
        raise TypeError(
            f"exercise_id must be a string such as 'mse_gradients', got {what(exercise_id)}"
        )
    try:
        return _REGISTRY[exercise_id]
    except KeyError:
        pass
    close = difflib.get_close_matches(exercise_id.strip().lower(), list(_REGISTRY), n=3, cutoff=0.6)
    if close:
        suggestion = "did you mean " + " or ".join(repr(c) for c in close) + "?"
    else:
        suggestion = "no id is close to it."
    raise ValueError(
        f"unknown exercise id {exercise_id!r}: {suggestion} "
        f"list_exercises() gives all {len(_REGISTRY)} ids."
    ) from None


def check(exercise_id, answer, *, time_limit=TIME_LIMIT) -> CheckResult:
    """Check an answer to one of the course's exercises.

    Parameters
    ----------
    exercise_id : str
        The exercise, such as ``"mse_gradients"``; :func:`list_exercises` gives them all.
    answer : callable, number, array-like or tuple
        For an implementation exercise (level C), the function itself: it is run on
        hidden cases of several shapes (including a single sample and more features than
        samples), generated from a fixed seed, and its output compared with the reference
        solution's. For an exercise answered by numbers, the number(s) asked for, compared
        within a stated tolerance.
    time_limit : float or None, default=5.0
        Seconds a function may run on one hidden case; past that it is stopped and the
        result says so, so an infinite loop never hangs the notebook. None runs without a
        limit. The limit is enforced by a SIGALRM timer (POSIX, main thread) or by a
        watchdog thread (Windows, other threads), between two Python bytecodes: a single
        long call into C finishes first. In Pyodide (JupyterLite), which has neither,
        functions run without a limit.

    Returns
    -------
    CheckResult
        With ``passed`` (bool) and ``feedback`` (str): what is right, or what is wrong and
        a hint. A notebook shows it as a short report. A function that raises, returns
        the wrong shape or modifies its inputs is reported, never propagated.

    Raises
    ------
    ValueError
        For an unknown `exercise_id`, with the closest ids.

    Examples
    --------
    >>> from helpers.exercises import check
    >>> def mse_gradients(X, y, w, b):
    ...     r = X @ w + b - y
    ...     return 2 * X.T @ r / len(y), 2 * r.mean()
    >>> check("mse_gradients", mse_gradients).passed
    True
    >>> def uphill(X, y, w, b):
    ...     r = y - (X @ w + b)
    ...     return 2 * X.T @ r / len(y), 2 * r.mean()
    >>> result = check("mse_gradients", uphill)
    >>> result.passed, result.mistake
    (False, 'flipped_sign')
    >>> check("tiny_gradient", (4.0, 2.0))
    Correct: tiny_gradient (chapter 2, level A)
    Your answer is right, within a relative tolerance of 0.2 % (rtol=0.002, atol=1e-09).
    """
    ex = get_exercise(exercise_id)
    if time_limit is not None:
        time_limit = float(time_limit)
        if not time_limit > 0:
            raise ValueError(f"time_limit must be a number of seconds > 0 or None, got {time_limit}")
    verdict = ex.judge_answer(answer, time_limit)
    return CheckResult(
        exercise_id=ex.id,
        passed=verdict.passed,
        message=verdict.message,
        mistake=None if verdict.passed else verdict.key,
        hint=None if verdict.passed else verdict.hint,
        chapter=ex.chapter,
        level=ex.level,
        n_hints=len(ex.hints),
    )


def list_exercises(chapter=None, level=None) -> list:
    """The ids of the auto-checked exercises, in alphabetical order.

    Parameters
    ----------
    chapter : int or None, default=None
        Only the exercises of this chapter (1 to LAST_CHAPTER).
    level : {"A", "B", "C"} or None, default=None
        Only the exercises of this level.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from helpers.exercises import list_exercises
    >>> len(list_exercises()) >= 30
    True
    >>> list_exercises(chapter=2, level="C")
    ['mse_gradients', 'normal_equation', 'weighted_gradients']
    """
    if chapter is not None and chapter not in range(1, LAST_CHAPTER + 1):
        raise ValueError(
            f"chapter must be an integer from 1 to {LAST_CHAPTER}, got {chapter!r}"
        )
    if level is not None and level not in LEVELS:
        raise ValueError(f"level must be 'A', 'B' or 'C', got {level!r}")
    return sorted(
        ex.id
        for ex in _REGISTRY.values()
        if (chapter is None or ex.chapter == chapter) and (level is None or ex.level == level)
    )


def hint(exercise_id, n=1) -> Hint:
    """The `n`-th hint of an exercise (1-based), so hints can be revealed one at a time.

    Examples
    --------
    >>> from helpers.exercises import hint
    >>> hint("mse_gradients", 1).number
    1
    """
    ex = get_exercise(exercise_id)
    total = len(ex.hints)
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= total:
        raise ValueError(
            f"{ex.id} has {total} hint(s); n must be an integer from 1 to {total}, got {n!r}"
        )
    return Hint(ex.id, int(n), total, ex.hints[int(n) - 1])


def describe(exercise_id) -> Description:
    """The task of an exercise, with its chapter, level and the form of the answer."""
    ex = get_exercise(exercise_id)
    return Description(
        exercise_id=ex.id,
        title=ex.title,
        chapter=ex.chapter,
        level=ex.level,
        task=ex.task,
        answer_format=ex.answer_format,
        kind=ex.kind,
        label=ex.label,
        n_hints=len(ex.hints),
    )


def solution(exercise_id):
    """The reference solution: a function (implementation exercises) or the value(s)."""
    ex = get_exercise(exercise_id)
    # a copy: changing what it returns must not change the checker's expected value
    return ex.reference if ex.kind == "function" else copy.deepcopy(ex.value)


def solution_source(exercise_id) -> str:
    """The source code of the reference solution (for values, the code that computes them)."""
    ex = get_exercise(exercise_id)
    return textwrap.dedent(inspect.getsource(ex.reference))


def mistakes(exercise_id) -> dict:
    """The modelled mistakes of an exercise: ``{name: (answer_with_the_mistake, key)}``.

    The answer is a function for implementation exercises and a value otherwise; checking
    it gives a result whose ``mistake`` is `key`. Parts of a value that are not involved
    in the mistake are the reference's.
    """
    ex = get_exercise(exercise_id)
    out = {}
    for m in ex.mistakes:
        answer = m.answer
        if ex.kind == "value" and isinstance(answer, tuple):
            answer = tuple(copy.deepcopy(r) if a is ANY else a for r, a in zip(ex.value, answer))
        out[m.key] = (answer, m.key)
    return out


_register_chapters()
