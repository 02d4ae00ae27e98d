"""The math the labs do in the browser equals the ``helpers`` kernels on the same inputs."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

import helpers

pytestmark = pytest.mark.browser


def _points(seed, n):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-3, 8, n)
    return x, 0.7 * x - 1.5 + rng.normal(0, 1.0, n)


@pytest.mark.parametrize("seed,n", [(0, 2), (1, 10), (2, 200)])
def test_least_squares_line_and_mse_equal_helpers(js, seed, n):
    x, y = _points(seed, n)
    out = js("leastSquaresLine", x.tolist(), y.tolist())
    w, b = helpers.fit_normal_equation(x[:, None], y)
    assert not out["degenerate"]
    assert_allclose([out["slope"], out["intercept"]], [w[0], b], rtol=1e-10, atol=1e-12)
    slope, intercept = 0.3, 2.0
    assert_allclose(js("lineMse", x.tolist(), y.tolist(), slope, intercept),
                    helpers.mse(y, slope * x + intercept), rtol=1e-12)


@pytest.mark.parametrize("x", [[2.5], [4.0, 4.0, 4.0, 4.0]], ids=["one point", "vertical line"])
def test_least_squares_line_without_spread_in_x_matches_helpers(js, x):
    y = np.linspace(1.0, 3.0, len(x))
    out = js("leastSquaresLine", x, y.tolist())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", helpers.CollinearityWarning)
        w, b = helpers.fit_normal_equation(np.array(x)[:, None], y)
    assert out["degenerate"]
    assert_allclose([out["slope"], out["intercept"]], [w[0], b], atol=1e-12)


@pytest.mark.parametrize("degree,alpha", [(1, 1e-3), (3, 0.1), (9, 1e-4), (12, 1.0)])
def test_polynomial_ridge_equals_helpers(js, degree, alpha):
    rng = np.random.default_rng(degree)
    x = rng.uniform(-1, 1, 15)
    y = np.sin(3 * x) + rng.normal(0, 0.2, 15)
    X = helpers.polynomial_features(x, degree)
    assert_allclose(js("polynomialFeatures", x.tolist(), degree), X, rtol=1e-14)
    out = js("fitRidge", X.tolist(), y.tolist(), alpha)
    w, b = helpers.fit_ridge(X, y, alpha)
    # Compared through the fitted values: the coefficients of a high degree are
    # ill-conditioned, the curve the lab draws is not.
    assert_allclose(X @ np.array(out["w"]) + out["b"], X @ w + b, rtol=0, atol=1e-8)


def test_solve_spd_refuses_a_singular_matrix(js):
    assert js("solveSPD", [[1.0, 1.0], [1.0, 1.0]], [1.0, 2.0]) is None
    assert_allclose(js("solveSPD", [[4.0, 1.0], [1.0, 3.0]], [1.0, 2.0]),
                    np.linalg.solve([[4.0, 1.0], [1.0, 3.0]], [1.0, 2.0]), rtol=1e-14)


@pytest.mark.parametrize("momentum", [0.0, 0.6])
def test_descent_path_equals_helpers(js, momentum):
    x, y = _points(3, 40)
    limit = helpers.stability_limit(x[:, None], momentum=momentum)
    assert_allclose(js("stabilityLimit1d", x.tolist(), momentum), limit, rtol=1e-12)
    eta = 0.5 * limit
    out = js("descend", x.tolist(), y.tolist(), {"eta": eta, "beta": momentum, "nIters": 300, "tol": 1e-6})
    res = helpers.gradient_descent(x[:, None], y, learning_rate=eta, momentum=momentum,
                                   n_iters=300, tol=1e-6, record_path=True)
    path = np.array(out["path"])
    assert path.shape == (len(res.w_history), 2)
    assert_allclose(path[:, 0], np.asarray(res.w_history)[:, 0], rtol=1e-9, atol=1e-12)
    assert_allclose(path[:, 1], res.b_history, rtol=1e-9, atol=1e-12)
    assert_allclose(out["losses"], res.loss_history, rtol=1e-9)
    assert out["status"] == ("converged" if res.converged else "stopped")


def test_descent_past_the_limit_diverges_like_helpers_with_no_nan(js):
    x, y = _points(4, 30)
    eta = 1.05 * helpers.stability_limit(x[:, None])
    out = js("descend", x.tolist(), y.tolist(), {"eta": eta, "nIters": 5000})
    with pytest.warns(helpers.DivergenceWarning):
        res = helpers.gradient_descent(x[:, None], y, learning_rate=eta, n_iters=5000, record_path=True)
    assert out["status"] == "diverging" and res.diverged
    path = np.array(out["path"])
    assert np.isfinite(path).all() and np.isfinite(out["losses"]).all()
    assert len(path) == len(res.w_history)
    assert_allclose(path[:, 0], np.asarray(res.w_history)[:, 0], rtol=1e-9)


def test_descent_with_learning_rate_100_stops_at_once_without_nan(js):
    x, y = _points(5, 20)
    out = js("descend", x.tolist(), y.tolist(), {"eta": 100.0, "nIters": 1000})
    assert out["status"] == "diverging"
    assert np.isfinite(np.array(out["path"])).all()


def test_mse_gradients_and_soft_threshold_equal_helpers(js):
    x, y = _points(6, 25)
    gw, gb = helpers.mse_gradients(x[:, None], y, np.array([0.4]), -0.3)
    assert_allclose(js("mseGradients1d", x.tolist(), y.tolist(), 0.4, -0.3), [gw[0], gb], rtol=1e-12)
    z = [-3.0, -0.5, 0.0, 0.2, 2.0]
    assert_allclose([js("softThreshold", v, 0.7) for v in z], helpers.soft_threshold(np.array(z), 0.7))
