"""A learner's code cannot hang the notebook or corrupt the checker."""

from __future__ import annotations

import signal
import threading
import time

import numpy as np
import pytest

import helpers
from helpers._runner import TimeLimitExceeded, call_with_time_limit, mechanism
from helpers.exercises import check, solution
from helpers.exercises import get_exercise, learner_code


def _forever(*args):
    while True:
        pass


def _swallows_exceptions(*args):
    while True:
        try:
            while True:
                pass
        except Exception:  # the learner's code does this; the limit is not an Exception
            pass


def _elapsed(fn, *args, **kwargs):
    start = time.monotonic()
    result = fn(*args, **kwargs)
    return result, time.monotonic() - start


def test_check_returns_within_its_limit_on_an_infinite_loop():
    result, seconds = _elapsed(check, "mse_gradients", _forever, time_limit=0.5)
    assert seconds < 1.5
    assert not result.passed and result.mistake == "too_slow"
    assert result.message.startswith(
        "Your function took longer than 0.5 s on the hidden case X of shape (1, 1), y of shape "
        "(1,), w of shape (1,), b = -1.674 and was stopped.")
    assert 'time_limit=None' in result.hint


def test_check_default_limit_applies_to_a_judged_exercise_too():
    # kfold_indices is judged by properties and runs the answer on extra cases
    result, seconds = _elapsed(check, "kfold_indices", _forever, time_limit=0.3)
    assert result.mistake == "too_slow" and seconds < 1.0
    assert learner_code.TIME_LIMIT == 5.0


@pytest.mark.parametrize("how", ["signal", "thread"])
def test_the_limit_survives_except_exception(how):
    run = (lambda f: call_with_time_limit(f, (), 0.3)) if how == "signal" else (
        lambda f: __import__("helpers._runner", fromlist=["_with_thread"])._with_thread(f, (), 0.3))
    with pytest.raises(TimeLimitExceeded, match=r"took longer than 0.3 s"):
        _elapsed(run, _swallows_exceptions)


def test_previous_handler_and_timer_are_restored():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        assert call_with_time_limit(lambda: 42, (), 0.2) == 42
        with pytest.raises(TimeLimitExceeded):
            call_with_time_limit(_forever, (), 0.2)
        assert signal.getsignal(signal.SIGALRM) is not None
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0.3 < left < 1.0  # the outer timer goes on (paused while the limit ran)
        time.sleep(left + 0.1)
        assert fired == [1]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0.0)
        signal.signal(signal.SIGALRM, previous)


def test_exceptions_and_results_pass_through():
    assert call_with_time_limit(sum, ([1, 2],), 1.0) == 3
    with pytest.raises(ZeroDivisionError):
        call_with_time_limit(lambda: 1 / 0, (), 1.0)
    assert call_with_time_limit(lambda: "no limit", (), None) == "no limit"


def test_outside_the_main_thread_a_watchdog_thread_stops_the_loop():
    outcome = {}

    def worker():
        outcome["how"] = mechanism()
        try:
            call_with_time_limit(_forever, (), 0.3)
        except TimeLimitExceeded:
            outcome["stopped"] = True

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(5.0)
    assert outcome == {"how": "thread", "stopped": True}
    time.sleep(0.3)  # no stray exception arrives later in this thread


def test_reassigning_a_kernel_does_not_change_the_checker():
    from helpers.exercises.ch06 import _cv_cases  # noqa: F401 - the exercise is registered

    def my_cv_error(x, y, degree, folds):
        errors = []
        for fold in folds:
            train = np.setdiff1d(np.arange(y.size), fold)
            A = np.vander(x[train], degree + 1)
            coef = np.linalg.lstsq(A, y[train], rcond=None)[0]
            errors.append(np.mean((np.vander(x[fold], degree + 1) @ coef - y[fold]) ** 2))
        return float(np.mean(errors))

    original = helpers.mse, helpers.fit_normal_equation
    try:
        helpers.mse = lambda a, b: 0.0
        helpers.fit_normal_equation = lambda X, y: (np.zeros(X.shape[1]), 0.0)
        get_exercise("cv_error")._prepared = None  # computed after the reassignment
        assert check("cv_error", my_cv_error).passed
    finally:
        helpers.mse, helpers.fit_normal_equation = original


def test_an_interrupted_first_check_leaves_nothing_half_made(monkeypatch):
    ex = get_exercise("mse_gradients")
    ex._prepared = None
    calls = []
    original = learner_code.quiet_call

    def interrupted(fn, args, time_limit=None):
        if fn is ex.reference and not calls:
            calls.append(1)
            raise KeyboardInterrupt
        return original(fn, args, time_limit)

    monkeypatch.setattr(learner_code, "quiet_call", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check("mse_gradients", helpers.mse_gradients)
    assert ex._prepared is None
    assert check("mse_gradients", helpers.mse_gradients).passed


def test_changing_a_solution_does_not_change_the_expected_value():
    value = solution("soft_by_hand")
    right = value.copy()
    value[...] = 0.0  # a learner writes into what solution() returned
    assert check("soft_by_hand", right).passed
    assert not check("soft_by_hand", value).passed


@pytest.mark.parametrize("answer, fragment", [
    (lambda X, y, w, b: (np.full(X.shape[1], np.nan), 0.0),
     "`grad_w` is NaN (not a number) (at index 0)"),
    (lambda X, y, w, b: (np.full(X.shape[1], np.inf), 0.0), "`grad_w` is infinite"),
    (lambda X, y, w, b: (helpers.mse_gradients(X, y, w, b)[0] + 0j, 0.0),
     "`grad_w` holds complex numbers (an array of shape (1,))"),
    (lambda X, y, w, b: exit(), "Your function called exit() on the hidden case"),
])
def test_nan_infinite_and_complex_answers_are_named(answer, fragment):
    result = check("mse_gradients", answer)
    assert not result.passed and fragment in result.message


@pytest.mark.parametrize("answer, fragment", [
    (4 + 1j, "Your answer holds complex numbers (the complex number (4+1j))"),
    ((4.0, 2.0 + 0j), "Your answer holds complex numbers"),
    ((np.nan, 2.0), "`grad_w` (NaN, not a number)"),
    ((np.inf, 2.0), "`grad_w` (infinite)"),
])
def test_nan_and_complex_values_are_named(answer, fragment):
    result = check("tiny_gradient", answer)
    assert not result.passed and fragment in result.message


def test_time_limit_must_be_positive():
    with pytest.raises(ValueError, match=r"time_limit must be a number of seconds > 0 or None"):
        check("mse_gradients", helpers.mse_gradients, time_limit=0)
