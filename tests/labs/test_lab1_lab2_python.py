"""Labs 1 and 2 on the Python side: state, validation, and the learner-function path."""

from __future__ import annotations

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
