"""Gradient descent: convergence to the closed form, the stability limit, divergence."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

import helpers
from helpers import DivergenceWarning

from .conftest import make_problem


@pytest.fixture
def standardized():
    X, y = make_problem(300, 5, seed=3)
    return helpers.Standardizer().fit_transform(X), y


def test_full_batch_converges_to_closed_form(standardized):
    X, y = standardized
    eta = 0.9 * helpers.stability_limit(X)
    res = helpers.gradient_descent(X, y, learning_rate=eta, n_iters=20000, tol=1e-10)
    w, b = helpers.fit_normal_equation(X, y)
    assert res.converged and not res.diverged
    assert_allclose(res.w, w, rtol=1e-7, atol=1e-8)
    assert res.b == pytest.approx(b, rel=1e-8)
    assert res.loss_history.shape == (res.n_iter + 1,)
    assert res.loss_history[-1] == pytest.approx(helpers.mse(y, X @ w + b), rel=1e-10)


def test_loss_history_is_monotone_below_the_limit(standardized):
    X, y = standardized
    eta = 0.5 * helpers.stability_limit(X)
    res = helpers.gradient_descent(X, y, learning_rate=eta, n_iters=200, tol=0)
    assert res.n_iter == 200 and not res.converged
    assert np.all(np.diff(res.loss_history) <= 1e-12)
    assert res.loss_history[0] == pytest.approx(np.mean(y ** 2))  # w = 0, b = 0 at the start


def test_momentum_converges_faster_on_ill_conditioned_data():
    X, y = make_problem(300, 5, seed=4)
    X[:, 0] *= 30.0  # badly scaled feature: condition number in the hundreds
    limit = helpers.stability_limit(X)
    plain = helpers.gradient_descent(X, y, learning_rate=0.9 * limit, n_iters=100000, tol=1e-8)
    heavy = helpers.gradient_descent(X, y, learning_rate=0.9 * limit, momentum=0.9,
                                     n_iters=100000, tol=1e-8)
    w, b = helpers.fit_normal_equation(X, y)
    assert plain.converged and heavy.converged
    assert_allclose(heavy.w, w, rtol=1e-5, atol=1e-6)
    assert heavy.n_iter < plain.n_iter / 3


def test_stability_limit_is_two_over_largest_hessian_eigenvalue():
    X, _ = make_problem(40, 3, seed=5)
    A = np.column_stack([X, np.ones(40)])
    lam = np.linalg.eigvalsh((2 / 40) * A.T @ A)[-1]
    assert helpers.stability_limit(X) == pytest.approx(2 / lam, rel=1e-12)
    lam0 = np.linalg.eigvalsh((2 / 40) * X.T @ X)[-1]
    assert helpers.stability_limit(X, fit_intercept=False) == pytest.approx(2 / lam0, rel=1e-12)
    assert helpers.stability_limit(X, momentum=0.5) == pytest.approx(3 / lam, rel=1e-12)
    Xw, _ = make_problem(5, 12, seed=6)  # wide: computed in the n x n form
    Aw = np.column_stack([Xw, np.ones(5)])
    lamw = np.linalg.eigvalsh((2 / 5) * Aw.T @ Aw)[-1]
    assert helpers.stability_limit(Xw) == pytest.approx(2 / lamw, rel=1e-10)


@pytest.mark.parametrize("factor", [0.95, 1.05])
def test_the_stability_limit_separates_convergence_from_divergence(standardized, factor):
    X, y = standardized
    eta = factor * helpers.stability_limit(X)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = helpers.gradient_descent(X, y, learning_rate=eta, n_iters=20000, tol=1e-9)
    if factor < 1:
        assert res.converged and not res.diverged and not caught
    else:
        assert res.diverged and not res.converged
        assert len(caught) == 1 and caught[0].category is DivergenceWarning


@pytest.mark.parametrize("eta", [1.0, 100.0, 1e6])
def test_divergence_stops_with_one_warning_and_no_overflow(eta):
    X, y = make_problem(100, 3, seed=7)
    X *= 10.0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = helpers.gradient_descent(X, y, learning_rate=eta, n_iters=100000)
    assert res.diverged and not res.converged
    assert [w.category for w in caught] == [DivergenceWarning]  # no RuntimeWarning leaks
    msg = str(caught[0].message)
    assert f"learning_rate={eta:g}" in msg and "stability limit" in msg
    limit = helpers.stability_limit(X)
    assert f"{limit:.4g}" in msg
    assert np.all(np.isfinite(res.w)) and np.isfinite(res.b)
    assert np.all(np.isfinite(res.loss_history))
    assert res.n_iter < 1000  # stopped early, not after 100000 epochs


def test_mini_batch_and_sgd_are_seeded_and_get_close(standardized):
    X, y = standardized
    w, b = helpers.fit_normal_equation(X, y)
    opt = helpers.mse(y, X @ w + b)
    for batch_size in (1, 32):
        runs = [helpers.gradient_descent(X, y, learning_rate=0.01, n_iters=60,
                                         batch_size=batch_size, rng=42, tol=0)
                for _ in range(2)]
        assert_allclose(runs[0].w, runs[1].w, rtol=0, atol=0)  # same seed, same run
        assert runs[0].loss_history.shape == (61,)
        assert runs[0].loss_history[-1] < opt * 1.05  # near the optimum, noise and all
    other = helpers.gradient_descent(X, y, learning_rate=0.01, n_iters=60, batch_size=32,
                                     rng=7, tol=0)
    assert not np.array_equal(other.w, runs[0].w)


def test_batch_size_n_is_full_batch(standardized):
    X, y = standardized
    a = helpers.gradient_descent(X, y, learning_rate=0.1, n_iters=50, tol=0)
    b = helpers.gradient_descent(X, y, learning_rate=0.1, n_iters=50, tol=0, batch_size=len(y))
    assert_allclose(a.w, b.w, rtol=1e-14)


def test_record_path_and_no_intercept(standardized):
    X, y = standardized
    res = helpers.gradient_descent(X, y, learning_rate=0.1, n_iters=30, tol=0, record_path=True,
                                   fit_intercept=False)
    assert res.w_history.shape == (31, X.shape[1]) and res.b_history.shape == (31,)
    assert np.all(res.b_history == 0.0)
    assert_allclose(res.w_history[-1], res.w)
    for k in (0, 10, 30):  # the recorded loss is the loss of the recorded iterate
        assert res.loss_history[k] == pytest.approx(helpers.mse(y, X @ res.w_history[k]))


def test_result_repr_is_readable(standardized):
    X, y = standardized
    res = helpers.gradient_descent(X, y, learning_rate=0.1, n_iters=3, tol=0)
    text = repr(res)
    assert text.startswith("DescentResult(stopped after 3 epoch(s), loss=")
    assert "0x" not in text


def _equal_length_rows(n=200, d=3, seed=1):
    """Rows a_i = (x_i, 1) all of the same length: the SGD bound is nearly exact for them."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    X *= 2.0 / np.linalg.norm(X, axis=1, keepdims=True)
    return X, X @ np.array([1.0, 2.0, 3.0]) + 0.5 + 0.1 * rng.standard_normal(n)


def test_sgd_limit_is_one_over_the_longest_row_and_runs_below_it_do_not_diverge():
    X, y = _equal_length_rows()
    A = np.column_stack([X, np.ones(len(X))])
    limit = helpers.stability_limit(X, batch_size=1)
    assert limit == pytest.approx(1.0 / np.max(np.sum(A**2, axis=1)), rel=1e-12)
    assert limit < helpers.stability_limit(X) / 3  # far below the full-batch limit
    for seed in range(3):
        assert not helpers.gradient_descent(X, y, learning_rate=0.95 * limit, batch_size=1,
                                            rng=seed, n_iters=300).diverged
    with pytest.warns(helpers.DivergenceWarning, match=rf"= {limit:.4g}; keep it below that"):
        assert helpers.gradient_descent(X, y, learning_rate=2.0 * limit, batch_size=1, rng=0,
                                        n_iters=300).diverged


@pytest.mark.parametrize("batch_size", [1, 7, 50, 199])
def test_minibatch_limit_bounds_every_batch(batch_size):
    """No batch of the sizes an epoch uses has a step matrix that expands below the limit."""
    rng = np.random.default_rng(batch_size)
    X = rng.standard_normal((200, 4)) * [1.0, 3.0, 0.5, 2.0] + 1.0
    A = np.column_stack([X, np.ones(200)])
    eta = helpers.stability_limit(X, batch_size=batch_size, momentum=0.0)
    sizes = {batch_size, 200 % batch_size or batch_size}
    for m in sizes:
        for _ in range(50):
            S = rng.choice(200, size=m, replace=False)
            lam = np.linalg.eigvalsh(A[S].T @ A[S])[-1]
            assert eta * (2.0 / m) * lam <= 2.0 * (1 + 1e-12)
    assert helpers.stability_limit(X, batch_size=batch_size, momentum=0.5) == pytest.approx(1.5 * eta)


@pytest.mark.parametrize("batch_size", [None, 1])
def test_a_diverged_run_names_the_epoch_that_blew_up_and_keeps_the_one_before(batch_size):
    """`n_iter` epochs completed; the warning and the repr name epoch n_iter + 1, the one whose
    iterate was thrown away, and the returned iterate is the one after n_iter epochs."""
    X, y = _equal_length_rows()
    eta = (3.0 if batch_size is None else 20.0) * helpers.stability_limit(X, batch_size=batch_size)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = helpers.gradient_descent(X, y, learning_rate=eta, batch_size=batch_size, rng=0,
                                       n_iters=300, tol=0.0, record_path=True)
    assert res.diverged
    (warning,) = caught
    assert f"diverged in epoch {res.n_iter + 1}:" in str(warning.message)
    assert f"diverged in epoch {res.n_iter + 1}, kept the iterate after {res.n_iter}" in repr(res)
    assert res.loss_history.shape == (res.n_iter + 1,) and len(res.w_history) == res.n_iter + 1
    assert_allclose(res.w_history[-1], res.w, rtol=0, atol=0)
    # the loss history ends at the returned iterate, not at the one that blew up
    assert res.loss_history[-1] == pytest.approx(helpers.mse(y, X @ res.w + res.b), rel=1e-12)
    if batch_size == 1:
        assert res.n_iter == 0  # SGD this far past its limit blows up within its first epoch
