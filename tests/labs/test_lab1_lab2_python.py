"""Labs 1 and 2 on the Python side: state, validation, and the learner-function path."""

from __future__ import annotations

import re
import warnings

import ipywidgets
import numpy as np
import pytest
import traitlets
from numpy.testing import assert_allclose

import helpers
from helpers.labs import DescentLab, FitByHand


# ---------------------------------------------------------------- lab 1


def test_fit_by_hand_state_is_the_canvas_state_and_matches_helpers():
    lab = FitByHand(seed=3)
    pts = lab.points
    assert pts.shape == (10, 2)
    lab.set_line(0.7, -1.25)
    assert lab.slope == pytest.approx(0.7) and lab.intercept == pytest.approx(-1.25)
    assert lab.mse() == pytest.approx(helpers.mse(pts[:, 1], 0.7 * pts[:, 0] - 1.25))
    w, b = helpers.fit_normal_equation(pts[:, :1], pts[:, 1])
    assert_allclose(lab.least_squares(), (w[0], b))
    # A drag in the front end arrives as a new `points` trait value.
    lab.canvas.points = [[1.0, 2.0], [2.0, 4.5], [3.0, 5.0]]
    assert_allclose(lab.points, [[1, 2], [2, 4.5], [3, 5]])
    assert repr(lab) == f"FitByHand lab: 3 points; your line y = 0.700 x + -1.250, MSE {lab.mse():.3f}"
    lab.close()


@pytest.mark.parametrize("x,y,message", [
    ([1, 2, 3], [1, 2], "x has 3 values but y has 2"),
    ([[1, 2], [3, 4]], [1, 2], "x must be 1-D (one feature), got shape (2, 2)"),
    ([1, np.nan], [1, 2], "x contains missing values (NaN or NA): 1 of 2 entries"),
    (["a", "b"], [1, 2], "x must contain numbers only"),
])
def test_fit_by_hand_rejects_bad_points_with_a_clear_message(x, y, message):
    with pytest.raises((ValueError, TypeError), match=message.replace("(", r"\(").replace(")", r"\)")):
        FitByHand(x, y)


def test_points_setter_checks_the_shape():
    lab = FitByHand()
    with pytest.raises(ValueError, match=r"points must have shape \(n_points, 2\), got \(3,\)"):
        lab.points = [1.0, 2.0, 3.0]
    lab.points = [[0.0, 1.0], [1.0, 3.0]]
    assert lab.least_squares() == pytest.approx((2.0, 1.0))
    lab.close()


def test_use_fit_draws_the_learners_line_and_says_how_far_it_is():
    lab = FitByHand(seed=1)

    def exact(X, y):
        return helpers.fit_normal_equation(X, y)

    lab.use_fit(exact)
    assert "agrees with least squares" in lab.canvas.learner_message
    assert_allclose(lab.canvas.learner_line, lab.least_squares())

    def no_intercept(X, y):
        x = X[:, 0]
        return np.array([x @ y / (x @ x)]), 0.0

    lab.use_fit(no_intercept)
    assert "yours differs by up to" in lab.canvas.learner_message
    # It refits when a point moves.
    before = list(lab.canvas.learner_line)
    lab.canvas.points = [[p[0], p[1] + 1.0] for p in lab.canvas.points]
    assert lab.canvas.learner_line != before

    lab.use_fit(lambda X, y: 1 / 0)
    assert lab.canvas.learner_line == []
    assert "raised ZeroDivisionError: division by zero" in lab.canvas.learner_message

    lab.use_fit(lambda X, y: (np.ones(2), 0.0))
    assert "should return (w, b) with w of shape (1,)" in lab.canvas.learner_message

    lab.use_fit(None)
    assert lab.canvas.learner_line == [] and lab.canvas.learner_message == ""
    with pytest.raises(TypeError, match="the fit function must be callable, got int"):
        lab.use_fit(3)
    lab.close()


def test_close_closes_every_widget_the_lab_made():
    from ipywidgets.widgets.widget import _instances

    before = set(_instances)
    lab = FitByHand()
    assert len(set(_instances) - before) > 5  # canvas, checkboxes, boxes, layouts, styles, links
    lab.close()
    assert set(_instances) == before


# ---------------------------------------------------------------- lab 2


def test_descent_lab_reference_run_is_helpers_gradient_descent():
    lab = DescentLab(learning_rate=0.02)
    X = np.array(lab.canvas.x)[:, None]
    y = np.array(lab.canvas.y)
    res = lab.reference_run()
    ref = helpers.gradient_descent(X, y, learning_rate=0.02, n_iters=lab.canvas.max_steps, tol=lab.canvas.tol,
                                   w_init=[-1.0], b_init=8.0)
    assert res.converged and res.n_iter == ref.n_iter
    assert_allclose([res.w[0], res.b], [ref.w[0], ref.b])
    assert lab.stability_limit() == pytest.approx(helpers.stability_limit(X))
    lab.scale_features = True
    Z = helpers.Standardizer().fit_transform(X)
    assert lab.stability_limit() == pytest.approx(helpers.stability_limit(Z))
    lab.momentum = 0.5
    assert lab.stability_limit() == pytest.approx(helpers.stability_limit(Z, momentum=0.5))
    assert repr(lab) == (f"DescentLab: 40 points, standardized feature, learning rate 0.02 "
                         f"(stability limit {lab.stability_limit():.4g}), momentum 0.5")
    lab.close()


def test_descent_lab_refuses_impossible_settings():
    lab = DescentLab()
    with pytest.raises(traitlets.TraitError, match="learning_rate must be > 0, got 0.0"):
        lab.learning_rate = 0
    with pytest.raises(traitlets.TraitError, match=r"momentum must be in \[0, 1\), got 1.0"):
        lab.momentum = 1
    with pytest.raises(ValueError, match="x needs at least two distinct values"):
        lab.set_data([2.0, 2.0, 2.0], [1.0, 2.0, 3.0])
    lab.set_data([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])
    assert lab.reference_run().converged
    lab.close()


def _mistake(kind):
    def gradients(X, y, w, b):
        gw, gb = helpers.mse_gradients(X, y, w, b)
        n = len(y)
        return {"sign": (-gw, -gb), "half": (gw / 2, gb / 2), "sum": (gw * n, gb * n),
                "sum-half": (gw * n / 2, gb * n / 2)}[kind]
    return gradients


@pytest.mark.parametrize("kind,message", [
    ("sign", "It has the wrong sign"),
    ("half", "a factor 2 is missing"),
    ("sum", "a sum where the mean (divide by n) belongs"),
    ("sum-half", "a sum instead of a mean, and the factor 2 is missing"),
])
def test_use_gradients_names_the_typical_mistake(kind, message):
    lab = DescentLab(learning_rate=0.01)
    lab.use_gradients(_mistake(kind))
    assert lab.canvas.learner_message.startswith("At step 0, at w = -1, b = 8, your gradient is")
    assert message in lab.canvas.learner_message
    assert len(lab.canvas.learner_path) >= 1
    assert np.isfinite(np.array(lab.canvas.learner_path)).all()
    lab.close()


def test_use_gradients_with_the_true_gradient_agrees_and_follows_the_controls():
    lab = DescentLab(learning_rate=0.02)
    lab.use_gradients(helpers.mse_gradients)
    assert "agrees with helpers.mse_gradients at every one of the" in lab.canvas.learner_message
    path = np.array(lab.canvas.learner_path)
    ref = lab.reference_run()
    assert_allclose(path, np.column_stack([np.asarray(ref.w_history)[:, 0], ref.b_history]), rtol=1e-12)
    lab.learning_rate = 0.01  # the learner's run follows the controls
    assert len(lab.canvas.learner_path) != len(path)
    lab.close()


def test_use_gradients_reports_errors_and_wrong_shapes_without_raising():
    lab = DescentLab()
    lab.use_gradients(lambda X, y, w, b: (X.T @ (X @ w + b - y[:, None]),))
    assert "should return (grad_w, grad_b)" in lab.canvas.learner_message
    lab.use_gradients(lambda X, y, w, b: np.linalg.solve(np.zeros((1, 1)), w))
    assert "raised LinAlgError: Singular matrix (line" in lab.canvas.learner_message
    assert "of <lambda>)" in lab.canvas.learner_message  # the learner's line, not NumPy's
    lab.use_gradients(lambda X, y, w, b: (np.zeros((1, 1)), 0.0))
    assert "grad_w of shape (1,)" in lab.canvas.learner_message
    lab.close()


def test_learning_rate_past_the_limit_makes_the_learner_path_stop_finite():
    lab = DescentLab(learning_rate=100.0)
    lab.use_gradients(helpers.mse_gradients)
    assert "diverges" in lab.canvas.learner_message
    assert np.isfinite(np.array(lab.canvas.learner_path)).all()
    lab.close()


# ---------------------------------------------------------------- any lab: a learner's function
# that is slow, loops, raises or returns nonsense never breaks the lab


import asyncio  # noqa: E402
import time  # noqa: E402

from helpers.labs import OverfitRidge, PenaltyGeometry  # noqa: E402
from helpers.labs import _learner  # noqa: E402


def _loop(*args):
    while True:
        pass


LABS = {
    "fit_by_hand": (FitByHand, "use_fit", "points", lambda lab: [[0.0, 1.0], [1.0, 2.0], [2.0, 2.5]]),
    "gradient_descent": (DescentLab, "use_gradients", "learning_rate", lambda lab: 0.01),
    "overfit_ridge": (OverfitRidge, "use_fit", "degree", lambda lab: 3),
    "penalty_geometry": (PenaltyGeometry, "use_fit", "alpha", lambda lab: 0.5),
}
BAD_OUTPUTS = {
    "NaN": (lambda *a: (np.array([np.nan]), np.nan), "NaN (not a number)"),
    "complex": (lambda *a: (np.array([1.0 + 1j]), 0.0), "complex numbers"),
    "numeric strings": (lambda *a: (np.array(["1"]), "2"), "string"),
    "raises": (lambda *a: 1 / 0, "raised ZeroDivisionError: division by zero"),
    "None": (lambda *a: None, "None"),
    "huge": (lambda X, *a: (np.full(X.shape[1], 1e300), 1e300), "far outside the view"),
}


def _set(lab, trait, value):
    setattr(lab.canvas, trait, value)


@pytest.mark.parametrize("output", list(BAD_OUTPUTS))
@pytest.mark.parametrize("name", list(LABS))
def test_a_bad_learner_function_gives_a_message_and_the_lab_keeps_working(name, output):
    make, method, trait, new_value = LABS[name]
    fn, fragment = BAD_OUTPUTS[output]
    if name == "penalty_geometry" and output == "huge":
        fn = lambda *a: np.array([1e300, 1e300])  # noqa: E731 - w alone, of shape (2,)
    if name == "gradient_descent" and output == "huge":
        fragment = "your gradient is (1e+300, 1e+300)"
    lab = make()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning, no RuntimeWarning
        getattr(lab, method)(fn)
        assert fragment in lab.canvas.learner_message
        _set(lab, trait, new_value(lab))  # a later event: still a message, never an exception
        assert fragment in lab.canvas.learner_message
    lab.close()


@pytest.mark.parametrize("name", list(LABS))
def test_an_infinite_loop_is_stopped_once_and_not_run_again(name, monkeypatch):
    monkeypatch.setattr(_learner, "TIME_LIMIT", 0.3)
    make, method, trait, new_value = LABS[name]
    lab = make()
    calls = []

    def loop(*args):
        calls.append(1)
        _loop()

    start = time.monotonic()
    getattr(lab, method)(loop)
    assert time.monotonic() - start < 1.5
    assert re.match(r"loop took longer than 0.3 s on (a run of up to 3000 steps with )?X of shape",
                    lab.canvas.learner_message)
    assert "The lab will not run it again: fix it, then call use_" in lab.canvas.learner_message
    start = time.monotonic()
    _set(lab, trait, new_value(lab))
    assert time.monotonic() - start < 0.2 and len(calls) == 1
    lab.close()


def test_lab2_stops_a_slow_gradient_within_the_limit_of_one_update(monkeypatch):
    monkeypatch.setattr(_learner, "TIME_LIMIT", 0.3)
    lab = DescentLab(learning_rate=0.001)  # a long run: thousands of calls

    def slow(X, y, w, b):
        time.sleep(0.002)
        return helpers.mse_gradients(X, y, w, b)

    start = time.monotonic()
    lab.use_gradients(slow)
    assert time.monotonic() - start < 1.0
    assert lab.canvas.learner_message.startswith(
        "slow took longer than 0.3 s on a run of up to 3000 steps with X of shape (40, 1)")
    lab.close()


def test_a_state_seen_before_does_not_run_the_function_again():
    lab = OverfitRidge(degree=3)
    calls = []

    def fit(X, y, alpha):
        calls.append(X.shape)
        return helpers.fit_ridge(X, y, alpha)

    lab.use_fit(fit)
    lab.degree = 5
    lab.degree = 3  # back to the first state: cached
    assert calls == [(10, 3), (10, 5)]
    assert "It agrees with helpers.fit_ridge." in lab.canvas.learner_message
    assert lab.canvas.learner_state["degree"] == 3
    lab.close()


def test_a_slow_function_runs_once_for_a_burst_of_events_in_a_running_kernel(monkeypatch):
    monkeypatch.setattr(_learner, "SLOW", 0.01)
    monkeypatch.setattr(_learner, "DEBOUNCE", 0.05)
    lab = OverfitRidge(degree=1)
    calls = []

    def fit(X, y, alpha):
        calls.append(X.shape[1])
        time.sleep(0.02)
        return helpers.fit_ridge(X, y, alpha)

    async def slider_burst():
        lab.use_fit(fit)  # the first run measures the function: slow
        for degree in range(2, 10):  # eight slider events in quick succession
            lab.degree = degree
        await asyncio.sleep(0.3)

    asyncio.run(slider_burst())
    assert calls == [1, 9]  # the installation, then the last state only
    assert lab.canvas.learner_state["degree"] == 9
    lab.close()


def test_replacing_the_function_drops_a_pending_update(monkeypatch):
    monkeypatch.setattr(_learner, "SLOW", 0.0)
    lab = FitByHand()
    calls = []

    async def burst():
        lab.use_fit(lambda X, y: calls.append("old") or helpers.fit_normal_equation(X, y))
        lab.canvas.points = [[0.0, 1.0], [1.0, 2.0]]  # deferred
        lab.use_fit(None)
        await asyncio.sleep(2 * _learner.DEBOUNCE)

    asyncio.run(burst())
    assert calls == ["old"] and lab.canvas.learner_message == ""
    lab.close()
