"""Gradients: hand-computed values and central finite differences."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

import helpers

from .conftest import make_problem


def test_tiny_example_by_hand():
    # X = (1, 2, 3), y = (2, 4, 6), w = 1, b = 0: residual r = (-1, -2, -3)
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])
    assert helpers.mse(y, helpers.predict(X, [1.0], 0.0)) == pytest.approx(14 / 3)
    gw, gb = helpers.mse_gradients(X, y, [1.0], 0.0)
    assert gw.shape == (1,)
    assert isinstance(gb, float)
    assert gw[0] == pytest.approx(-28 / 3)  # (2/3) * (1*-1 + 2*-2 + 3*-3)
    assert gb == pytest.approx(-4.0)  # (2/3) * (-6)


def test_mse_gradients_match_finite_differences(problem):
    X, y = problem
    rng = np.random.default_rng(0)
    d = X.shape[1]
    theta = rng.standard_normal(d + 1)

    def loss(t):
        return helpers.mse(y, X @ t[:d] + t[d])

    num = helpers.numerical_gradient(loss, theta)
    gw, gb = helpers.mse_gradients(X, y, theta[:d], theta[d])
    exact = np.append(gw, gb)
    rel = np.linalg.norm(num - exact) / np.linalg.norm(exact)
    assert rel < 1e-6


def test_numerical_gradient_known_functions():
    x = np.array([[0.5, -1.0], [2.0, 3.0]])  # any shape
    g = helpers.numerical_gradient(lambda v: float(np.sum(np.sin(v))), x)
    assert g.shape == x.shape
    assert_allclose(g, np.cos(x), rtol=1e-8)
    g = helpers.numerical_gradient(lambda v: float(v[0] ** 3 * v[1]), np.array([1e3, 2.0]))
    assert_allclose(g, [3e6 * 2.0, 1e9], rtol=1e-7)  # relative step keeps large x accurate


def test_numerical_gradient_does_not_modify_input():
    x = np.array([1.0, 2.0])
    helpers.numerical_gradient(lambda v: float(v @ v), x)
    assert_allclose(x, [1.0, 2.0])


def test_numerical_gradient_rejects_vector_valued_f():
    with pytest.raises(TypeError, match="f must return a scalar"):
        helpers.numerical_gradient(lambda v: v * 2, np.array([1.0, 2.0]))


def test_gradient_is_zero_at_the_least_squares_solution():
    X, y = make_problem(100, 4, seed=1)
    w, b = helpers.fit_normal_equation(X, y)
    gw, gb = helpers.mse_gradients(X, y, w, b)
    assert np.abs(gw).max() < 1e-10 and abs(gb) < 1e-10


def test_hessian_matches_finite_differences_of_gradient():
    X, y = make_problem(50, 3, seed=2)
    w0 = np.zeros(3)
    H_fd = np.column_stack([
        helpers.numerical_gradient(lambda w, j=j: helpers.mse_gradients(X, y, w, 0.0)[0][j], w0)
        for j in range(3)
    ])
    assert_allclose(H_fd, (2 / 50) * X.T @ X, rtol=1e-6)
