"""Hidden cases: the inputs an implementation exercise runs an answer on.

An exercise builds its cases from a generator seeded by its id, so they are the same on
every run and every machine. Each case keeps the original arguments; an answer only ever
sees copies, and the checker can tell which argument it changed in place.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from ._text import fmt

#: (n, d) of the standard hidden cases: a single sample, a single feature, d > n, a tall one.
SHAPES = ((1, 1), (1, 3), (5, 1), (6, 2), (4, 7), (30, 4))
SHAPES_SUMMARY = "n from 1 to 30 samples and d from 1 to 7 features, including n = 1 and d > n"


def design_matrix(rng, n, d):
    """Features on different scales and away from zero, so that centering matters."""
    scale = rng.uniform(0.5, 3.0, size=d)
    shift = rng.uniform(-2.0, 4.0, size=d)
    return rng.standard_normal((n, d)) * scale + shift


def regression_data(rng, n, d):
    """`X` (n, d), targets `y` (n,) from a noisy linear model, and a random point `w`, `b`."""
    X = design_matrix(rng, n, d)
    y = X @ rng.standard_normal(d) + rng.normal(0.0, 2.0) + 0.5 * rng.standard_normal(n)
    w = rng.standard_normal(d)
    b = float(rng.uniform(0.5, 2.0) * rng.choice([-1.0, 1.0]))
    return X, y, w, b


def _copy_arg(a):
    if isinstance(a, np.ndarray):
        return a.copy()
    if isinstance(a, (list, tuple)):
        return type(a)(_copy_arg(x) for x in a)
    if isinstance(a, (np.random.RandomState, np.random.Generator)):
        return copy.deepcopy(a)
    return a


def _same(a, b) -> bool:
    """Whether an argument still equals its original (arrays compared entry by entry)."""
    if isinstance(a, np.ndarray):
        return (
            isinstance(b, np.ndarray)
            and a.shape == b.shape
            and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
        )
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(map(_same, a, b))
    return True  # numbers cannot change; a random generator is meant to


@dataclass(frozen=True)
class Case:
    """One hidden input: the arguments, their names, and the number of samples `n`.

    `label`, when given, replaces the description built from the arguments.
    """

    args: tuple
    names: tuple
    n: int | None = None
    label: str | None = None

    def describe(self) -> str:
        """The case in words: each argument's shape or value."""
        if self.label is not None:
            return self.label
        parts = []
        for name, a in zip(self.names, self.args):
            if isinstance(a, np.ndarray):
                parts.append(f"{name} of shape {a.shape}")
            elif isinstance(a, (list, tuple)):
                sizes = ", ".join(str(np.shape(x)[0]) for x in a)
                parts.append(f"{name} = {len(a)} index arrays of sizes ({sizes})")
            else:
                parts.append(f"{name} = {fmt(a)}")
        return ", ".join(parts)

    def fresh_args(self) -> tuple:
        """Copies of the arguments: an answer can never change the hidden data."""
        return tuple(_copy_arg(a) for a in self.args)

    def changed(self, args) -> list:
        """Names of the arguments an answer modified in place."""
        return [name for name, a, b in zip(self.names, self.args, args) if not _same(a, b)]
