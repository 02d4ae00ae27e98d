"""Hypothesis properties over random shapes and data."""

import warnings

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helpers

# derandomize: CI runs the same examples every time (the standards ask for determinism)
SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@st.composite
def regression_data(draw, min_n=1, max_n=40, max_d=12):
    n = draw(st.integers(min_n, max_n))
    d = draw(st.integers(1, max_d))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d)) * draw(st.sampled_from([1e-2, 1.0, 1e2]))
    y = rng.standard_normal(n) * draw(st.sampled_from([1e-2, 1.0, 1e3]))
    return X, y, rng


@SETTINGS
@given(regression_data())
def test_gradient_equals_finite_differences(data):
    X, y, rng = data
    d = X.shape[1]
    theta = rng.standard_normal(d + 1)
    num = helpers.numerical_gradient(lambda t: helpers.mse(y, X @ t[:d] + t[d]), theta)
    gw, gb = helpers.mse_gradients(X, y, theta[:d], theta[d])
    exact = np.append(gw, gb)
    # central differences: truncation O(h^2), rounding about eps * |f| / h per coordinate
    f0 = helpers.mse(y, X @ theta[:d] + theta[d])
    h = 1e-6 * max(1.0, float(np.abs(theta).max()))
    rounding = 10 * np.finfo(float).eps * f0 / h * np.sqrt(d + 1)
    assert np.linalg.norm(num - exact) <= 1e-6 * np.linalg.norm(exact) + rounding + 1e-12


@SETTINGS
@given(regression_data(min_n=2))
def test_predict_shape_and_column_vector_equivalence(data):
    X, y, rng = data
    w = rng.standard_normal(X.shape[1])
    p = helpers.predict(X, w, 1.5)
    assert p.shape == (X.shape[0],)
    assert helpers.mse(y, p) == helpers.mse(y[:, None], p[:, None])


@SETTINGS
@given(regression_data(min_n=3))
def test_ridge_approaches_least_squares_as_alpha_vanishes(data):
    X, y, _ = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w_ls, b_ls = helpers.fit_normal_equation(X, y)
    # "vanishing" is relative to the data: alpha far below the smallest nonzero squared
    # singular value of the centered X, so the shrinkage alpha / (s^2 + alpha) is negligible
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    s = s[s > 1e-6 * s[0]] if s[0] > 0 else s[:0]
    alpha = 1e-9 * float(s.min()) ** 2 if s.size else 1e-9
    w_r, b_r = helpers.fit_ridge(X, y, alpha)
    # tall or wide, ridge -> the minimum-norm least-squares solution
    pred_ls = X @ w_ls + b_ls
    pred_r = X @ w_r + b_r
    assert np.abs(pred_r - pred_ls).max() <= 1e-4 * (1 + np.abs(y).max())


@SETTINGS
@given(regression_data(min_n=2), st.floats(1.0, 10.0))
def test_lasso_is_exactly_zero_above_alpha_max(data, factor):
    X, y, _ = data
    amax = helpers.lasso_alpha_max(X, y)
    w, b = helpers.fit_lasso(X, y, amax * factor)
    assert np.all(w == 0.0)
    assert b == np.mean(y) or np.isclose(b, np.mean(y), rtol=1e-12)


@SETTINGS
@given(regression_data(min_n=3, max_d=20), st.floats(0.02, 0.9))
def test_lasso_satisfies_its_optimality_conditions(data, frac):
    """Subgradient conditions: |x_j^T r| / n <= alpha, with equality and matching sign on the support."""
    X, y, _ = data
    amax = helpers.lasso_alpha_max(X, y)
    if amax == 0:
        return
    alpha = frac * amax
    w, b = helpers.fit_lasso(X, y, alpha, tol=1e-12, max_iter=100000)
    r = y - X @ w - b
    corr = X.T @ r / len(y)
    Xc = X - X.mean(0)
    tol = 1e-5 * alpha + 1e-10 * np.abs(Xc.T @ (y - y.mean())).max() / len(y)
    assert np.all(np.abs(corr) <= alpha + tol)
    on = w != 0
    assert np.allclose(corr[on], alpha * np.sign(w[on]), atol=tol)


@SETTINGS
@given(regression_data(min_n=4), st.floats(0.0, 1.0))
def test_elastic_net_objective_is_not_beaten_by_perturbations(data, l1_ratio):
    X, y, rng = data
    n = len(y)
    alpha = 0.1 * helpers.lasso_alpha_max(X, y) + 1e-3
    w, b = helpers.fit_elastic_net(X, y, alpha, l1_ratio, tol=1e-12, max_iter=100000)

    def objective(w, b):
        r = y - X @ w - b
        return (r @ r) / (2 * n) + alpha * l1_ratio * np.abs(w).sum() + 0.5 * alpha * (1 - l1_ratio) * w @ w

    best = objective(w, b)
    for _ in range(10):
        dw = rng.standard_normal(w.shape) * 1e-3 * (1 + np.abs(w).max())
        assert objective(w + dw, b) >= best - 1e-9 * (1 + abs(best))
