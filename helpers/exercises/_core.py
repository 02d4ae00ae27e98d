"""The machinery behind the self-checking exercises: hidden cases, comparison, feedback.

An exercise asks for either a **function** (level C: it is run on hidden cases and its
output compared with a reference solution's) or **numbers** (at any level: compared with
the expected values within a stated tolerance). When an answer is wrong, it is compared
with the output of each *modelled mistake* of that exercise (a flipped sign, a missing
factor 2, a sum where a mean belongs, ...) on the same inputs, and the first one that
matches names the mistake. Nothing inspects the source of an answer.

Everything shown to a reader is deterministic (fixed seeds, numbers printed to four
significant digits, no memory addresses), so notebooks that display results can be
re-run and compared by nbval.
"""

from __future__ import annotations

import copy
import difflib
import functools
import html
import inspect
import numbers
import re
import textwrap
import warnings
import zlib
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .._runner import TimeLimitExceeded, call_with_time_limit

# the book's chapters are numbered 1 to LAST_CHAPTER
LAST_CHAPTER = 11

LEVELS = {
    "A": "recall and calculation",
    "B": "concepts",
    "C": "derivation and implementation",
}


# ---------------------------------------------------------------------------------------------
# formatting: stable text for numbers, shapes and values


def _fmt(x) -> str:
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


def _what(obj) -> str:
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
        return f"the number {_fmt(obj)}"
    if isinstance(obj, (tuple, list)):
        return f"a {type(obj).__name__} of {len(obj)} item(s)"
    if callable(obj):
        return "a function"
    return f"an object of type {type(obj).__name__}"


def _clean_message(text: str, limit: int = 300) -> str:
    """An exception message on one line, without memory addresses, cut to `limit` characters."""
    text = re.sub(r" at 0x[0-9a-fA-F]+", "", str(text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _code_html(text: str) -> str:
    """Escape `text` for HTML and turn `backticked` fragments into <code> elements."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


# ---------------------------------------------------------------------------------------------
# tolerances and numbers


@dataclass(frozen=True)
class Tolerance:
    """Elementwise ``|got - expected| <= atol + rtol * |expected|`` (NumPy's isclose)."""

    rtol: float
    atol: float

    def close(self, got, expected, *, equal_nan=False) -> np.ndarray:
        return np.isclose(got, expected, rtol=self.rtol, atol=self.atol, equal_nan=equal_nan)

    def __str__(self) -> str:
        return f"rtol={self.rtol:g}, atol={self.atol:g}"

    def phrase(self) -> str:
        """The tolerance in words, for answers typed by hand."""
        return (
            f"a relative tolerance of {100 * self.rtol:g} % "
            f"(rtol={self.rtol:g}, atol={self.atol:g})"
        )


FUNCTION_TOL = Tolerance(rtol=1e-6, atol=1e-9)
# hand-computed answers: three significant digits are enough
VALUE_TOL = Tolerance(rtol=2e-3, atol=1e-9)


def _to_float_array(x):
    """`x` as a float64 array, or None when it is not made of real numbers."""
    if x is None or isinstance(x, (str, bytes)) or (callable(x) and not isinstance(x, np.ndarray)):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # complex -> float would drop the imaginary part
            return np.asarray(x, dtype=float)
    except Exception:  # ragged lists, objects, complex numbers
        return None


def _flatten_numbers(obj):
    """Every number in a number, array or nested tuple/list, in order; None if any is not."""
    if isinstance(obj, (tuple, list)):
        pieces = [_flatten_numbers(item) for item in obj]
        if any(p is None for p in pieces):
            return None
        return np.concatenate(pieces) if pieces else np.zeros(0)
    arr = _to_float_array(obj)
    return None if arr is None else arr.reshape(-1)


class _AnyValue:
    """Stands for "whatever the reference has" in a modelled mistake's value."""

    def __repr__(self) -> str:
        return "ANY"


#: In a value mistake such as ``(ANY, 0.2)``, the first part is not compared.
ANY = _AnyValue()


# ---------------------------------------------------------------------------------------------
# hidden cases


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
    """One hidden input: the arguments, their names, and the number of samples `n`."""

    args: tuple
    names: tuple
    n: int | None = None
    label: str | None = None

    def describe(self) -> str:
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
                parts.append(f"{name} = {_fmt(a)}")
        return ", ".join(parts)

    def fresh_args(self) -> tuple:
        """Copies of the arguments: an answer can never change the hidden data."""
        return tuple(_copy_arg(a) for a in self.args)

    def changed(self, args) -> list:
        """Names of the arguments an answer modified in place."""
        return [name for name, a, b in zip(self.names, self.args, args) if not _same(a, b)]


#: Seconds an answer may take on one hidden case before it is stopped (see :func:`check`).
TIME_LIMIT = 5.0


def _quiet_call(fn, args, time_limit=None):
    """Call `fn(*args)` with NumPy's floating-point warnings and all warnings silenced.

    A wrong answer often divides by zero or overflows; its output is judged, not its
    warnings, and a notebook cell that checks an answer should print nothing else.
    With `time_limit` (seconds), a call that runs longer raises TimeLimitExceeded.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with np.errstate(all="ignore"):
            return call_with_time_limit(fn, args, time_limit)


def design_matrix(rng, n, d):
    """Features on different scales and away from zero, so that centering matters."""
    scale = rng.uniform(0.5, 3.0, size=d)
    shift = rng.uniform(-2.0, 4.0, size=d)
    return rng.standard_normal((n, d)) * scale + shift


#: (n, d) of the standard hidden cases: a single sample, a single feature, d > n, a tall one.
SHAPES = ((1, 1), (1, 3), (5, 1), (6, 2), (4, 7), (30, 4))
SHAPES_SUMMARY = "n from 1 to 30 samples and d from 1 to 7 features, including n = 1 and d > n"


def regression_data(rng, n, d):
    """`X` (n, d), targets `y` (n,) from a noisy linear model, and a random point `w`, `b`."""
    X = design_matrix(rng, n, d)
    y = X @ rng.standard_normal(d) + rng.normal(0.0, 2.0) + 0.5 * rng.standard_normal(n)
    w = rng.standard_normal(d)
    b = float(rng.uniform(0.5, 2.0) * rng.choice([-1.0, 1.0]))
    return X, y, w, b


# ---------------------------------------------------------------------------------------------
# comparing an answer with a target (the reference, or a modelled mistake)


@dataclass(frozen=True)
class _Diff:
    """How an output differs from its target: `kind` is the generic mistake key."""

    kind: str
    message: str


def _compare_output(got, expected, names, tol, *, equal_nan=False):
    """Compare a function's output with a target, strictly (shapes must agree).

    `expected` is an array/number, or a tuple of them when the function returns several
    things, named by `names`. Returns None when they agree within `tol`, else a _Diff.
    """
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            listing = ", ".join(names)
            return _Diff(
                "wrong_structure",
                f"your function should return {len(expected)} things, `{listing}` (as in "
                f"`return {listing}`), but it returned {_what(got)}",
            )
        triples = list(zip(names, got, expected))
    else:
        triples = [(names[0], got, expected)]
    for name, g, e in triples:
        e = np.asarray(e, dtype=float)
        g_arr = _to_float_array(g)
        if g_arr is None:
            if _is_complex(g):
                return _Diff("complex", f"`{name}` holds complex numbers ({_what(g)}), where "
                             "real numbers belong: a square root or a fractional power of a "
                             "negative number?")
            return _Diff("not_numbers", f"`{name}` is {_what(g)}, not numbers")
        if g_arr.shape != e.shape:
            wanted = "be a single number (shape ())" if e.ndim == 0 else f"have shape {e.shape}"
            return _Diff(
                "wrong_shape", f"`{name}` should {wanted}, but yours has shape {g_arr.shape}"
            )
        if not equal_nan and np.isfinite(e).all() and not np.isfinite(g_arr).all():
            return _Diff("not_finite", f"`{name}` {_not_finite_phrase(g_arr)}")
        close = tol.close(g_arr, e, equal_nan=equal_nan)
        if not close.all():
            gap = np.abs(g_arr - e)
            gap = np.where(np.isnan(gap), np.inf, gap)
            where = np.unravel_index(int(np.argmax(gap)), e.shape) if e.ndim else ()
            at = f" (at index {where[0] if len(where) == 1 else where})" if e.ndim else ""
            text = (
                f"`{name}` differs from the reference by up to {_fmt(gap.max())}{at}, "
                f"beyond the tolerance {tol}"
            )
            if e.size <= 6:
                text += f": expected {_fmt(e)}, got {_fmt(g_arr)}"
            ratio = _constant_ratio(g_arr, e)
            if ratio is not None:
                text += (
                    f". Yours is {_fmt(ratio)} times the reference: a constant factor is "
                    "missing, extra or of the wrong sign"
                )
            return _Diff("wrong_value", text)
    return None


def _is_complex(x) -> bool:
    """Whether `x` (a number, an array or a nested tuple/list) holds a complex number."""
    if isinstance(x, (tuple, list)):
        return any(_is_complex(item) for item in x)
    return isinstance(x, (complex, np.complexfloating)) or (
        isinstance(x, np.ndarray) and x.dtype.kind == "c"
    )


def _not_finite_phrase(arr) -> str:
    """What is wrong with an array that is not all finite: NaN and infinity named apart."""
    if np.isnan(arr).any():
        where = np.unravel_index(int(np.argmax(np.isnan(arr))), arr.shape) if arr.ndim else ()
        at = f" (at index {where[0] if len(where) == 1 else where})" if arr.ndim else ""
        return (f"is NaN (not a number){at}: a 0/0, inf - inf or a NaN in an intermediate "
                "result")
    return "is infinite: something overflowed or was divided by zero"


def _constant_ratio(got, expected):
    """The constant c with got = c * expected, when there is one (and c is not 1)."""
    mask = np.abs(expected) > 1e-12
    if mask.sum() == 0:
        return None
    ratios = got[mask] / expected[mask]
    c = float(ratios.mean())
    if np.allclose(ratios, c, rtol=1e-6, atol=0.0) and not np.isclose(c, 1.0):
        return c
    return None


def _split_like(answer, target_parts):
    """A hand-typed answer arranged like the target: a list of arrays, or an error text.

    Answers typed by hand are read leniently: a tuple of the right number of parts, or
    all the numbers in order (``[4, 2]`` for ``(array([4.]), 2.0)``) are both accepted.
    """
    sizes = [p.size for p in target_parts]
    if (
        len(target_parts) > 1
        and isinstance(answer, (tuple, list))
        and len(answer) == len(target_parts)
    ):
        pieces = [_flatten_numbers(a) for a in answer]
        if all(p is not None and p.size == s for p, s in zip(pieces, sizes)):
            return [p.reshape(t.shape) for p, t in zip(pieces, target_parts)]
    flat = _flatten_numbers(answer)
    if flat is None:
        return "not_numbers"
    if flat.size != sum(sizes):
        return "wrong_structure"
    cuts = np.cumsum(sizes)[:-1]
    return [p.reshape(t.shape) for p, t in zip(np.split(flat, cuts), target_parts)]


def _parts(value) -> list:
    """A value (number, array or tuple of them) as a list of float arrays."""
    if isinstance(value, tuple):
        return [np.asarray(v, dtype=float) for v in value]
    return [np.asarray(value, dtype=float)]


# ---------------------------------------------------------------------------------------------
# exercises and mistakes


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


#: The key of a result whose answer is still the book's stub (None, or NotImplementedError).
NOT_ATTEMPTED = "not_attempted"


def _name_of(fn, default) -> str:
    name = getattr(fn, "__name__", None)
    return name if isinstance(name, str) and name.isidentifier() else default


@dataclass(frozen=True)
class _Verdict:
    passed: bool
    message: str
    key: str | None = None
    hint: str | None = None


@dataclass(eq=False)
class Exercise:
    """What every exercise has: identity, statement, hints, reference and mistakes."""

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

    def fail(self, key, message, hint=None) -> _Verdict:
        return _Verdict(False, message, key, hint or self.hints[0])


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
        # crc32 rather than hash(): Python randomizes string hashes between runs
        return zlib.crc32(self.id.encode())

    def _prepare(self):
        """The cases and the reference's outputs, computed on first use and stored in one
        assignment, so an interrupted first check leaves nothing half-made behind."""
        if self._prepared is None:
            cases = list(self.make_cases(np.random.default_rng(self.seed)))
            outputs = [_quiet_call(self.reference, c.fresh_args()) for c in cases]
            self._prepared = (cases, outputs)
        return self._prepared

    @property
    def cases(self) -> list:
        return self._prepare()[0]

    @property
    def reference_outputs(self) -> list:
        return self._prepare()[1]

    def mistake_outputs(self, mistake) -> list:
        """A modelled mistake's output on each case (None where the model itself raises)."""
        if mistake.key not in self._mistake_outputs:
            outs = []
            for case in self.cases:
                try:
                    outs.append(_quiet_call(mistake.answer, case.fresh_args()))
                except Exception:
                    outs.append(None)
            self._mistake_outputs[mistake.key] = outs
        return self._mistake_outputs[mistake.key]

    def run_case(self, fn, case, time_limit=TIME_LIMIT):
        """Run an answer on one case: ``(output, None)``, or ``(None, verdict)`` on trouble."""
        args = case.fresh_args()
        try:
            out = _quiet_call(fn, args, time_limit)
        except TimeLimitExceeded as exc:
            return None, self.fail(
                "too_slow",
                f"Your function took longer than {exc.seconds:g} s on the hidden case "
                f"{case.describe()} and was stopped. The reference takes milliseconds: is "
                "there a loop whose condition never becomes false?",
                "Run your function yourself on inputs of these shapes and interrupt it "
                "(the stop button) to see the line it is stuck on; "
                f'`check("{self.id}", answer, time_limit=None)` removes the limit.',
            )
        except SystemExit:
            return None, self.fail(
                "raised",
                f"Your function called exit() on the hidden case {case.describe()}.",
                "Return a value instead of exiting.",
            )
        except NotImplementedError:  # the stub cell of the book, not yet filled in
            return None, _Verdict(
                False,
                f"Your `{_name_of(fn, self.id)}` still raises NotImplementedError: "
                "replace the `raise NotImplementedError(...)` line with "
                "your code and run the cell again.",
                NOT_ATTEMPTED,
            )
        except Exception as exc:  # an answer must never crash the checker
            detail = _clean_message(exc)
            return None, self.fail(
                "raised",
                f"Your function raised {type(exc).__name__} on the hidden case "
                f"{case.describe()}" + (f": {detail}" if detail else "."),
                "Run your function yourself on inputs of these shapes to see the full "
                "traceback, and check every intermediate `.shape`.",
            )
        changed = case.changed(args)
        if changed:
            names = " and ".join(f"`{name}`" for name in changed)
            return None, self.fail(
                "mutates_input",
                f"Your function changed its input {names} in place (on the hidden case "
                f"{case.describe()}). A function should leave its arguments as it found "
                "them, because the caller may use them again.",
                "Build new arrays instead of modifying the arguments: `w = w - step` "
                "rather than `w -= step` (an augmented assignment writes into the caller's "
                "array), or start from a copy (`X = X.copy()`).",
            )
        if out is None:
            return None, self.fail(
                "returned_none",
                f"Your function returned None on the hidden case {case.describe()}.",
                "Did you forget the `return` statement at the end of the function?",
            )
        return out, None

    def judge_answer(self, fn, time_limit=TIME_LIMIT) -> _Verdict:
        if not callable(fn):
            return self.fail(
                "not_a_function",
                f"This exercise expects a function, {self.answer_format}, but you passed "
                f"{_what(fn)}.",
                "Pass the function itself, without calling it: "
                f'`check("{self.id}", my_function)`.',
            )
        run_case = functools.partial(self.run_case, time_limit=time_limit)
        outputs = []
        for case in self.cases:
            out, trouble = run_case(fn, case)
            if trouble is not None:
                return trouble
            outputs.append(out)
        if self.judge is not None:
            return self.judge(self, fn, self.cases, outputs, run_case)
        diffs = [
            _compare_output(out, ref, self.outputs, self.tolerance)
            for out, ref in zip(outputs, self.reference_outputs)
        ]
        if all(d is None for d in diffs):
            return _Verdict(
                True,
                f"Your function matches the reference on all {len(self.cases)} hidden "
                f"cases ({self.cases_summary}), within {self.tolerance}.",
            )
        for mistake in self.mistakes:
            targets = self.mistake_outputs(mistake)
            if all(
                t is not None
                and _compare_output(out, t, self.outputs, self.tolerance, equal_nan=True) is None
                for out, t in zip(outputs, targets)
            ):
                return self.fail(mistake.key, mistake.message, mistake.hint)
        failing = [(c, d) for c, d in zip(self.cases, diffs) if d is not None]
        # a case whose shapes show an (n, n) broadcast says more than the first failing one
        telling = [(c, d) for c, d in failing
                   if d.kind == "wrong_shape" and _broadcast_note(d.message, c)]
        case, diff = (telling or failing)[0]
        text = f"On the hidden case {case.describe()}, {diff.message}."
        if diff.kind == "wrong_shape":
            text = "Wrong output shape. " + text + _broadcast_note(diff.message, case)
        return self.fail(diff.kind, text)


def _broadcast_note(message, case) -> str:
    """A shape with an extra axis of length n is the trace of an (n, 1) - (n,) broadcast."""
    n = case.n
    shapes = re.findall(r"\(([\d, ]*)\)", message)
    if n is None or n < 2 or len(shapes) < 2:
        return ""
    expected = [int(s) for s in shapes[0].split(",") if s.strip()]
    got = [int(s) for s in shapes[1].split(",") if s.strip()]
    if len(got) > len(expected) and n in got and n not in expected:
        return (
            f" An extra axis of length n = {n} usually means an (n, 1) column met an "
            "(n,) vector and broadcast to an (n, n) matrix: keep vectors 1-D "
            "(`y.ravel()`, `w.reshape(-1)`)."
        )
    return ""


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
        if self._value is None:
            self._value = self.reference()
        return self._value

    def _matches(self, answer, target) -> bool:
        """`answer` equals `target` (whose ANY parts are the reference's and not compared)."""
        ref = self.value
        if isinstance(target, tuple):
            keep = [t is not ANY for t in target]
            target = tuple(r if t is ANY else t for r, t in zip(ref, target))
        else:
            keep = [True]
        target_parts = _parts(target)
        got = _split_like(answer, target_parts)
        if isinstance(got, str):
            return False
        return all(
            self.tolerance.close(g, t).all() for g, t, k in zip(got, target_parts, keep) if k
        )

    def judge_answer(self, answer, time_limit=None) -> _Verdict:
        # `time_limit` is unused: no code of the learner's runs for a value answer
        if answer is None or answer is Ellipsis:  # the stub cell of the book
            return _Verdict(
                False,
                f"Replace `None` with {self.answer_format} and run the "
                "cell again.",
                NOT_ATTEMPTED,
            )
        if _is_complex(answer):
            return self.fail(
                "complex",
                f"Your answer holds complex numbers ({_what(answer)}); the exercise asks for "
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
            flat = _flatten_numbers(answer)
            passed = flat is not None and flat.size == 1 and bool(self.accept(float(flat[0])))
        else:
            passed = self._matches(answer, self.value)
        if passed:
            text = "Your answer is right"
            # a rule has no tolerance to state; a comparison does
            text += "." if self.accept is not None else f", within {self.tolerance.phrase()}."
            if self.praise is not None:
                text += " " + self.praise(answer)
            return _Verdict(True, text)
        for mistake in self.mistakes:
            if mistake.matches is not None:
                flat = _flatten_numbers(answer)
                hit = flat is not None and flat.size == 1 and bool(mistake.matches(float(flat[0])))
            else:
                hit = self._matches(answer, mistake.answer)
            if hit:
                return self.fail(mistake.key, mistake.message, mistake.hint)
        return self._generic_failure(answer)

    def _generic_failure(self, answer) -> _Verdict:
        ref_parts = _parts(self.value)
        got = _split_like(answer, ref_parts)
        listing = ", ".join(f"`{n}`" for n in self.outputs)
        count = sum(p.size for p in ref_parts)
        if got == "not_numbers":
            return self.fail(
                "not_numbers", f"Your answer is {_what(answer)}; the exercise asks for numbers."
            )
        if got == "wrong_structure":
            flat = _flatten_numbers(answer)
            return self.fail(
                "wrong_structure",
                f"The answer should be {self.answer_format}: {count} number(s) in all "
                f"({listing}), but yours has {flat.size}.",
            )
        wrong = []
        for name, g, e in zip(self.outputs, got, ref_parts):
            if self.tolerance.close(g, e).all():
                continue
            if not np.isfinite(g).all():
                wrong.append(f"`{name}` ({'NaN, not a number' if np.isnan(g).any() else 'infinite'})")
            elif e.size == 1:
                too_large = float(g.reshape(-1)[0]) > float(e.reshape(-1)[0])
                side = "too large" if too_large else "too small"
                wrong.append(f"`{name}` (yours is {side})")
            else:
                bad = int((~self.tolerance.close(g, e)).sum())
                wrong.append(f"`{name}` ({bad} of its {e.size} entries)")
        right = [f"`{n}`" for n, g, e in zip(self.outputs, got, ref_parts)
                 if self.tolerance.close(g, e).all()]
        text = f"Not within {self.tolerance.phrase()} of the expected value: " + ", ".join(wrong)
        if right and len(self.outputs) > 1:
            text += f". Right already: {', '.join(right)}"
        return self.fail("wrong_value", text + ".")


# ---------------------------------------------------------------------------------------------
# what a reader sees


@dataclass(frozen=True)
class CheckResult:
    """The outcome of :func:`check`: whether the answer passed, and feedback saying why.

    Attributes
    ----------
    exercise_id : str
    passed : bool
    message : str
        What is right, or what is wrong.
    mistake : str or None
        The key of the recognised mistake (for example ``"flipped_sign"``) or of the
        generic problem (``"raised"``, ``"wrong_shape"``, ``"wrong_value"``, ...);
        ``"not_attempted"`` for the book's stub (None, or a function that raises
        NotImplementedError); None when the answer passed.
    hint : str or None
        How to fix it; None when the answer passed or was not attempted.
    chapter : int
    level : str
    """

    exercise_id: str
    passed: bool
    message: str
    mistake: str | None = None
    hint: str | None = None
    chapter: int = 0
    level: str = ""
    n_hints: int = 0

    @property
    def feedback(self) -> str:
        """The message, followed by the hint when there is one."""
        if self.hint is None:
            return self.message
        return f"{self.message}\nHint: {self.hint}"

    @property
    def status(self) -> str:
        # a word, not only a colour or a symbol, says whether the answer passed
        if self.passed:
            return "Correct"
        return "Not answered yet" if self.mistake == NOT_ATTEMPTED else "Not yet"

    def _where(self) -> str:
        return f"chapter {self.chapter}, level {self.level}"

    def _more(self) -> str | None:
        if self.passed or self.n_hints == 0:
            return None
        call = f'hint("{self.exercise_id}", '
        return f"More help: {call}1) to {call}{self.n_hints})."

    def __repr__(self) -> str:
        lines = [f"{self.status}: {self.exercise_id} ({self._where()})", self.feedback]
        more = self._more()
        if more:
            lines.append(more)
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.status}**: `{self.exercise_id}` ({self._where()})", "", self.message]
        if self.hint is not None:
            lines += ["", f"**Hint:** {self.hint}"]
        more = self._more()
        if more:
            lines += ["", more]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        # Theme-neutral: borders in the text colour, no background; passing and failing differ
        # in words ("Correct" / "Not yet"), in the symbol and in the border style (solid or
        # dashed), never in colour alone.
        if self.passed:
            icon, border, state = "&#10003;", "solid", "pass"
        elif self.mistake == NOT_ATTEMPTED:
            icon, border, state = "&#9998;", "dotted", "todo"
        else:
            icon, border, state = "&#10007;", "dashed", "fail"
        out = [
            f'<div class="lr-exercise-check lr-exercise-check-{state}" role="status" '
            f'style="border: 1px {border} currentColor; border-left-width: 4px; '
            'border-radius: 4px; padding: 0.5em 0.8em; margin: 0.3em 0;">',
            f'<p style="margin: 0;"><span aria-hidden="true">{icon}</span> '
            f"<strong>{self.status}</strong>: <code>{html.escape(self.exercise_id)}</code> "
            f"({self._where()})</p>",
        ]
        for para in self.message.split("\n"):
            out.append(f'<p style="margin: 0.4em 0 0 0;">{_code_html(para)}</p>')
        if self.hint is not None:
            out.append(
                '<p style="margin: 0.4em 0 0 0;"><strong>Hint:</strong> '
                f"{_code_html(self.hint)}</p>"
            )
        more = self._more()
        if more:
            out.append(f'<p style="margin: 0.4em 0 0 0;">{_code_html(more)}</p>')
        out.append("</div>")
        return "\n".join(out)


@dataclass(frozen=True)
class Hint:
    """One hint of an exercise; ``str(hint)`` is its text."""

    exercise_id: str
    number: int
    total: int
    text: str

    def __str__(self) -> str:
        return self.text

    def _next(self) -> str | None:
        if self.number < self.total:
            return f'Next: hint("{self.exercise_id}", {self.number + 1}).'
        return None

    def __repr__(self) -> str:
        head = f"Hint {self.number} of {self.total} for {self.exercise_id}: {self.text}"
        nxt = self._next()
        return head if nxt is None else f"{head}\n{nxt}"

    def _repr_markdown_(self) -> str:
        text = f"**Hint {self.number} of {self.total}** for `{self.exercise_id}`: {self.text}"
        nxt = self._next()
        return text if nxt is None else f"{text}\n\n{nxt}"


@dataclass(frozen=True)
class Description:
    """What an exercise asks: returned by :func:`describe`."""

    exercise_id: str
    title: str
    chapter: int
    level: str
    task: str
    answer_format: str
    kind: str
    label: str | None
    n_hints: int

    @property
    def level_name(self) -> str:
        return LEVELS[self.level]

    def _lines(self) -> list:
        lines = [
            f"{self.exercise_id}: {self.title}",
            f"Chapter {self.chapter}, level {self.level} ({self.level_name})",
            "",
            self.task,
            "",
            f"Answer with {self.answer_format}.",
            f'Check with check("{self.exercise_id}", answer); hints: '
            f'hint("{self.exercise_id}", 1) to hint("{self.exercise_id}", {self.n_hints}).',
        ]
        if self.label:
            lines.append(f"In the book: exercise {self.label}.")
        return lines

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def _repr_markdown_(self) -> str:
        call = f'hint("{self.exercise_id}", '
        parts = [
            f"**`{self.exercise_id}`: {self.title}**  \n"
            f"Chapter {self.chapter}, level {self.level} ({self.level_name})",
            self.task,
            f"Answer with {self.answer_format}.",
            f'Check with `check("{self.exercise_id}", answer)`; hints: `{call}1)` to '
            f"`{call}{self.n_hints})`.",
        ]
        if self.label:
            parts.append(f"In the book: exercise {self.label}.")
        return "\n\n".join(parts)


# ---------------------------------------------------------------------------------------------
# the registry and the public functions

_REGISTRY: dict = {}


def _register(*exercises) -> None:
    for ex in exercises:
        if ex.id in _REGISTRY:
            raise ValueError(f"two exercises have the id {ex.id!r}")
        _REGISTRY[ex.id] = ex


def _get(exercise_id) -> Exercise:
    if not isinstance(exercise_id, str):
        raise TypeError(
            f"exercise_id must be a string such as 'mse_gradients', got {_what(exercise_id)}"
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
    ex = _get(exercise_id)
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
        Only the exercises of this chapter (1 to 9).
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
    ex = _get(exercise_id)
    total = len(ex.hints)
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= total:
        raise ValueError(
            f"{ex.id} has {total} hint(s); n must be an integer from 1 to {total}, got {n!r}"
        )
    return Hint(ex.id, int(n), total, ex.hints[int(n) - 1])


def describe(exercise_id) -> Description:
    """The task of an exercise, with its chapter, level and the form of the answer."""
    ex = _get(exercise_id)
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
    ex = _get(exercise_id)
    # a copy: changing what it returns must not change the checker's expected value
    return ex.reference if ex.kind == "function" else copy.deepcopy(ex.value)


def solution_source(exercise_id) -> str:
    """The source code of the reference solution (for values, the code that computes them)."""
    ex = _get(exercise_id)
    return textwrap.dedent(inspect.getsource(ex.reference))


def mistakes(exercise_id) -> dict:
    """The modelled mistakes of an exercise: ``{name: (answer_with_the_mistake, key)}``.

    The answer is a function for implementation exercises and a value otherwise; checking
    it gives a result whose ``mistake`` is `key`. Parts of a value that are not involved
    in the mistake are the reference's.
    """
    ex = _get(exercise_id)
    out = {}
    for m in ex.mistakes:
        answer = m.answer
        if ex.kind == "value" and isinstance(answer, tuple):
            answer = tuple(copy.deepcopy(r) if a is ANY else a for r, a in zip(ex.value, answer))
        out[m.key] = (answer, m.key)
    return out
