"""The catalogue of typical mistakes, and the verdict on an answer.

Each exercise lists the mistakes learners typically make (a flipped sign, a missing factor
2, a sum where a mean belongs, ...) as *models*: an answer with the mistake built in. A
wrong answer is compared with each model on the same inputs, and the first that matches
names the mistake. Nothing inspects the source of an answer. Problems that any answer can
have (it raises, returns the wrong shape, changes its input, ...) have generic keys, set
where they are detected (:mod:`.learner_code`, :mod:`.compare`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

#: The key of a result whose answer is still the book's stub (None, or NotImplementedError).
NOT_ATTEMPTED = "not_attempted"


@dataclass(frozen=True)
class Mistake:
    """A typical mistake: a model of it, the message that explains it, and how to fix it.

    For function exercises `answer` is a function with the mistake built in; an answer is
    recognised when its output equals this function's output on every hidden case. For
    value exercises `answer` is the value the mistake produces (parts may be ANY), or
    `matches` is a rule (``matches(number) -> bool``) and `answer` one example of it.
    """

    key: str
    answer: Any
    message: str
    hint: str | None = None
    matches: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Verdict:
    """The judgement on one answer: passed or not, why, the mistake's key and a hint."""

    passed: bool
    message: str
    key: str | None = None
    hint: str | None = None
