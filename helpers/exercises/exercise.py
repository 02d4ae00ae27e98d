"""What an exercise is, and how it judges an answer.

An exercise asks for either a **function** (level C: it is run on hidden cases and its
output compared with a reference solution's, :class:`FunctionExercise`) or **numbers** (at
any level: compared with the expected values within a stated tolerance,
:class:`ValueExercise`). A wrong answer is then compared with each of the exercise's
modelled mistakes (:mod:`.mistakes`); the first that matches names the mistake.
"""

from __future__ import annotations

import functools
import re
import zlib
from dataclasses import dataclass
from typing import Callable

import numpy as np

from . import learner_code
from ._text import what
from .cases import SHAPES_SUMMARY
from .compare import (
    FUNCTION_TOL,
    VALUE_TOL,
    Tolerance,
    broadcast_note,
    compare_output,
    is_complex,
    single_number,
    value_difference,
    value_matches,
)
from .mistakes import NOT_ATTEMPTED, Verdict

# the book's chapters are numbered 1 to LAST_CHAPTER
LAST_CHAPTER = 11

LEVELS = {
    "A": "recall and calculation",
    "B": "concepts",
    "C": "derivation and implementation",
}


@dataclass(eq=False)
class Exercise:
    """What every exercise has: identity, statement, hints, reference and mistakes.

    Attributes
    ----------
    id : str
        snake_case, unique in the course.
    chapter : int
        1 to LAST_CHAPTER.
    level : {"A", "B", "C"}
    title, task, answer_format : str
        The title, what to do, and the form of the answer in words.
    reference : callable
        The reference solution (for a value exercise, the code that computes the value).
    hints : tuple of str
        At least one, revealed one at a time.
    mistakes : tuple of Mistake
        The modelled mistakes, tried in order.
    label : str or None
        The label of the exercise in the book.
    outputs : tuple of str
        The names of the parts of the answer.
    tolerance : Tolerance
    """

    id: str
    chapter: int
    level: str
    title: str
    task: str
    answer_format: str
    reference: Callable
    hints: tuple
    mistakes: tuple = ()
    label: str | None = None
    outputs: tuple = ("answer",)
    tolerance: Tolerance = VALUE_TOL

    kind = "exercise"

    def __post_init__(self):
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.id):
            raise ValueError(f"exercise id must be snake_case, got {self.id!r}")
        if self.chapter not in range(1, LAST_CHAPTER + 1):
            raise ValueError(
                f"{self.id}: chapter must be 1 to {LAST_CHAPTER}, got {self.chapter}"
            )
        if self.level not in LEVELS:
            raise ValueError(f"{self.id}: level must be A, B or C, got {self.level!r}")
        if not self.hints:
            raise ValueError(f"{self.id}: give at least one hint")
        keys = [m.key for m in self.mistakes]
        if len(set(keys)) != len(keys):
            raise ValueError(f"{self.id}: mistake keys must be unique, got {keys}")

    def fail(self, key, message, hint=None) -> Verdict:
        """A failing verdict; without `hint`, the exercise's first hint."""
        return Verdict(False, message, key, hint or self.hints[0])


@dataclass(eq=False)
class FunctionExercise(Exercise):
    """An exercise answered by a function, run on deterministic hidden cases.

    `make_cases(rng)` builds the cases from a generator seeded by the exercise id.
    `judge(exercise, fn, cases, outputs, run_case)`, when given, replaces the comparison
    with the reference (for answers with many right forms, such as random folds);
    `run_case(fn, case)` runs the answer on further cases under the same time limit.
    """

    make_cases: Callable = None
    cases_summary: str = SHAPES_SUMMARY
    tolerance: Tolerance = FUNCTION_TOL
    judge: Callable | None = None

    kind = "function"

    def __post_init__(self):
        super().__post_init__()
        if self.make_cases is None:
            raise ValueError(f"{self.id}: a function exercise needs make_cases")
        self._prepared = None
        self._mistake_outputs = {}

    @property
    def seed(self) -> int:
        """The seed of the hidden cases."""
        # crc32 rather than hash(): Python randomizes string hashes between runs
        return zlib.crc32(self.id.encode())

    def _prepare(self):
        """The cases and the reference's outputs, computed on first use and stored in one
        assignment, so an interrupted first check leaves nothing half-made behind."""
        if self._prepared is None:
            cases = list(self.make_cases(np.random.default_rng(self.seed)))
            outputs = [learner_code.quiet_call(self.reference, c.fresh_args()) for c in cases]
            self._prepared = (cases, outputs)
        return self._prepared

    @property
    def cases(self) -> list:
        """The hidden cases (a list of Case)."""
        return self._prepare()[0]

    @property
    def reference_outputs(self) -> list:
        """The reference solution's output on each hidden case."""
        return self._prepare()[1]

    def mistake_outputs(self, mistake) -> list:
        """A modelled mistake's output on each case (None where the model itself raises)."""
        if mistake.key not in self._mistake_outputs:
            outs = []
            for case in self.cases:
                try:
                    outs.append(learner_code.quiet_call(mistake.answer, case.fresh_args()))
                except Exception:
                    outs.append(None)
            self._mistake_outputs[mistake.key] = outs
        return self._mistake_outputs[mistake.key]

    def judge_answer(self, fn, time_limit=learner_code.TIME_LIMIT) -> Verdict:
        """Run `fn` on every hidden case and judge its outputs."""
        if not callable(fn):
            return self.fail(
                "not_a_function",
                f"This exercise expects a function, {self.answer_format}, but you passed "
                f"{what(fn)}.",
                "Pass the function itself, without calling it: "
                f'`check("{self.id}", my_function)`.',
            )
        run_case = functools.partial(
            learner_code.run_on_case, exercise_id=self.id, time_limit=time_limit
        )
        outputs = []
        for case in self.cases:
            out, trouble = run_case(fn, case)
            if trouble is not None:
                return trouble
            outputs.append(out)
        if self.judge is not None:
            return self.judge(self, fn, self.cases, outputs, run_case)
        diffs = [
            compare_output(out, ref, self.outputs, self.tolerance)
            for out, ref in zip(outputs, self.reference_outputs)
        ]
        if all(d is None for d in diffs):
            return Verdict(
                True,
                f"Your function matches the reference on all {len(self.cases)} hidden "
                f"cases ({self.cases_summary}), within {self.tolerance}.",
            )
        for mistake in self.mistakes:
            targets = self.mistake_outputs(mistake)
            if all(
                t is not None
                and compare_output(out, t, self.outputs, self.tolerance, equal_nan=True) is None
                for out, t in zip(outputs, targets)
            ):
                return self.fail(mistake.key, mistake.message, mistake.hint)
        failing = [(c, d) for c, d in zip(self.cases, diffs) if d is not None]
        # a case whose shapes show an (n, n) broadcast says more than the first failing one
        telling = [(c, d) for c, d in failing
                   if d.kind == "wrong_shape" and broadcast_note(d.message, c.n)]
        case, diff = (telling or failing)[0]
        text = f"On the hidden case {case.describe()}, {diff.message}."
        if diff.kind == "wrong_shape":
            text = "Wrong output shape. " + text + broadcast_note(diff.message, case.n)
        return self.fail(diff.kind, text)


@dataclass(eq=False)
class ValueExercise(Exercise):
    """An exercise answered by numbers: compared with the reference value within a tolerance.

    `reference` is a function of no arguments that computes the value, so its source can
    be shown as the worked solution. `accept(number) -> bool`, when given, replaces the
    comparison (for questions with many right answers, such as "a stable learning rate").
    `praise(answer) -> str`, when given, adds a remark to the message of a right answer.
    """

    accept: Callable | None = None
    praise: Callable | None = None

    kind = "value"

    def __post_init__(self):
        super().__post_init__()
        self._value = None

    @property
    def value(self):
        """The expected value, computed by the reference on first use."""
        if self._value is None:
            self._value = self.reference()
        return self._value

    @staticmethod
    def _obeys(answer, rule) -> bool:
        """Whether `answer` is a single number for which `rule(number)` holds."""
        number = single_number(answer)
        return number is not None and bool(rule(number))

    def judge_answer(self, answer, time_limit=None) -> Verdict:
        """Judge numbers typed by hand (`time_limit` is unused: no learner code runs)."""
        if answer is None or answer is Ellipsis:  # the stub cell of the book
            return Verdict(
                False,
                f"Replace `None` with {self.answer_format} and run the cell again.",
                NOT_ATTEMPTED,
            )
        if is_complex(answer):
            return self.fail(
                "complex",
                f"Your answer holds complex numbers ({what(answer)}); the exercise asks for "
                f"real numbers, {self.answer_format}.",
                "A square root or a fractional power of a negative number gives a complex "
                "result: check the sign of what goes into it.",
            )
        if callable(answer) and not isinstance(answer, np.ndarray):
            return self.fail(
                "not_a_value",
                f"This exercise expects numbers, {self.answer_format}, but you passed a "
                "function.",
                "Compute the numbers (by hand or by calling your function) and pass them.",
            )
        if self.accept is not None:
            passed = self._obeys(answer, self.accept)
        else:
            passed = value_matches(answer, self.value, self.value, self.tolerance)
        if passed:
            text = "Your answer is right"
            # a rule has no tolerance to state; a comparison does
            text += "." if self.accept is not None else f", within {self.tolerance.phrase()}."
            if self.praise is not None:
                text += " " + self.praise(answer)
            return Verdict(True, text)
        for mistake in self.mistakes:
            if mistake.matches is not None:
                hit = self._obeys(answer, mistake.matches)
            else:
                hit = value_matches(answer, mistake.answer, self.value, self.tolerance)
            if hit:
                return self.fail(mistake.key, mistake.message, mistake.hint)
        diff = value_difference(answer, self.value, self.outputs, self.tolerance,
                                self.answer_format)
        return self.fail(diff.kind, diff.message)
