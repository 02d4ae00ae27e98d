"""The sparse solvers on every kind of shape, against scikit-learn and their own certificates.

`fit_lasso`, `fit_elastic_net` and `lasso_path` dispatch by shape (coordinate descent on the
Gram matrix for tall narrow data, working sets otherwise, on the Gram matrix for a tall path):
each route is compared with scikit-learn on small versions of the benchmark's shapes, and a
hypothesis sweep certifies the duality gap, computed here independently of `helpers`.
`ridge_path` is checked against scikit-learn's Ridge alpha by alpha, and the one-pass normal
equations against lstsq on data with large offsets.
"""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from sklearn import linear_model as sk

import helpers
from helpers.regularized import _enet_solver, _GramCD, _WorkingSet

TIGHT = 1e-12


def make_correlated(n, d, seed=0, offset=1.5):
    """The benchmark's data, small: neighbouring features correlated, a sparse truth."""
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((n, d))
    X = base + 0.7 * np.roll(base, 1, axis=1)
    w = np.zeros(d)
    k = min(d, max(3, d // 10))
    w[rng.choice(d, size=k, replace=False)] = 3.0 * rng.standard_normal(k)
    return X, X @ w + offset + rng.standard_normal(n)


def relative_gap(X, y, w, alpha, l1_ratio=1.0, fit_intercept=True):
    """The elastic net's duality gap at `w` over ||y_c||^2 (n-scaled objective).

    The dual point is the residual rescaled into the feasible set
    ``|X_c^T theta - l2 w| <= l1`` (scikit-learn's certificate); with an L2 part the
    residual itself also certifies, through the unconstrained dual
    ``y.y/2 - ||y - theta||^2/2 - sum_j (|x_j^T theta| - l1)_+^2 / (2 l2)``, and the smaller
    gap is returned. Either bounds the distance to the optimal objective.
    """
    n = X.shape[0]
    Xc, yc = (X - X.mean(0), y - y.mean()) if fit_intercept else (X, y)
    R = yc - Xc @ w
    l1, l2 = n * alpha * l1_ratio, n * alpha * (1 - l1_ratio)
    primal = 0.5 * R @ R + l1 * np.abs(w).sum() + 0.5 * l2 * w @ w
    XtR = Xc.T @ R
    dual_norm = np.abs(XtR - l2 * w).max()
    scale = min(1.0, l1 / dual_norm) if dual_norm > 0 else 1.0
    gap = primal - (-0.5 * scale**2 * (R @ R + l2 * w @ w) + scale * (R @ yc))
    if l2 > 0:
        excess = np.maximum(np.abs(XtR) - l1, 0.0)
        Xw = yc - R
        gap = min(gap, primal - (0.5 * yc @ yc - 0.5 * Xw @ Xw - 0.5 * excess @ excess / l2))
    return gap / (yc @ yc)


# (n, d) small versions of the benchmark's shapes, and the route each one takes
SHAPES = {
    "wide": (40, 1000),
    "very-wide": (15, 2000),
    "square": (150, 150),
    "tall-square": (600, 120),
    "tall-narrow": (1000, 30),
}


def test_the_dispatch_rule():
    assert isinstance(_enet_solver(np.ones((1000, 30)), np.ones(1000), True), _GramCD)
    assert isinstance(_enet_solver(np.ones((1000, 100)), np.ones(1000), True), _GramCD)
    for n, d, path, gram in ((1000, 101, False, False), (1000, 101, True, True),
                             (150, 150, True, False), (40, 1000, True, False)):
        X, y = make_correlated(n, d)
        solver = _enet_solver(X, y, True, path=path)
        assert isinstance(solver, _WorkingSet) and (solver.G is not None) == gram


@pytest.mark.parametrize("frac", [0.5, 0.1, 0.01])
@pytest.mark.parametrize("shape", list(SHAPES))
def test_lasso_matches_sklearn_on_every_shape(shape, frac):
    X, y = make_correlated(*SHAPES[shape], seed=1)
    alpha = frac * helpers.lasso_alpha_max(X, y)
    w, b = helpers.fit_lasso(X, y, alpha, tol=TIGHT, max_iter=100000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn may not reach 1e-12 in its max_iter
        ref = sk.Lasso(alpha=alpha, tol=TIGHT, max_iter=100000).fit(X, y)
    scale = max(1.0, np.abs(ref.coef_).max())
    assert_allclose(w, ref.coef_, atol=1e-6 * scale)
    assert b == pytest.approx(ref.intercept_, abs=1e-6 * max(1.0, abs(ref.intercept_)))
    assert relative_gap(X, y, w, alpha) <= TIGHT * (1 + 1e-6) + 1e-15


def test_lasso_medium_wide_at_the_default_tolerance():
    """At scikit-learn's default tol both solvers certify the same gap; the answers are
    close, not equal (the tolerance allows a difference)."""
    X, y = make_correlated(200, 2000, seed=2)
    alpha = 0.05 * helpers.lasso_alpha_max(X, y)
    w, _ = helpers.fit_lasso(X, y, alpha)
    ref = sk.Lasso(alpha=alpha).fit(X, y)
    assert relative_gap(X, y, w, alpha) <= 1e-4
    assert relative_gap(X, y, ref.coef_, alpha) <= 1e-4
    w_exact, _ = helpers.fit_lasso(X, y, alpha, tol=TIGHT)
    assert np.abs(w - w_exact).max() < 0.1 * np.abs(w_exact).max()


@pytest.mark.parametrize("l1_ratio", [0.5, 0.9])
@pytest.mark.parametrize("frac", [0.5, 0.05])
@pytest.mark.parametrize("shape", ["wide", "very-wide", "square"])
def test_elastic_net_matches_sklearn_on_wide_data(shape, frac, l1_ratio):
    """A small L2 part makes the objective only weakly curved, so a gap of 1e-12 still
    allows the weights to move by 1e-6: the comparison is at 1e-15."""
    X, y = make_correlated(*SHAPES[shape], seed=3)
    alpha = frac * helpers.lasso_alpha_max(X, y) / l1_ratio
    w, b = helpers.fit_elastic_net(X, y, alpha, l1_ratio, tol=1e-15, max_iter=100000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = sk.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=TIGHT, max_iter=100000).fit(X, y)
    scale = max(1.0, np.abs(ref.coef_).max())
    assert_allclose(w, ref.coef_, atol=1e-6 * scale)
    assert b == pytest.approx(ref.intercept_, abs=1e-6 * max(1.0, abs(ref.intercept_)))


def test_elastic_net_with_a_support_larger_than_n():
    """The exact finish of a support wider than the data goes through the Woodbury form."""
    X, y = make_correlated(20, 400, seed=4)
    alpha = 0.02 * helpers.lasso_alpha_max(X, y) / 0.5
    w, b = helpers.fit_elastic_net(X, y, alpha, 0.5, tol=1e-15, max_iter=100000)
    ref = sk.ElasticNet(alpha=alpha, l1_ratio=0.5, tol=TIGHT, max_iter=100000).fit(X, y)
    assert np.count_nonzero(w) > 2 * X.shape[0]
    assert_allclose(w, ref.coef_, atol=1e-6 * max(1.0, np.abs(ref.coef_).max()))
    assert b == pytest.approx(ref.intercept_, abs=1e-6 * max(1.0, abs(ref.intercept_)))


@pytest.mark.parametrize("shape", ["wide", "square", "tall-square"])
def test_lasso_path_matches_sklearn_on_every_shape(shape):
    X, y = make_correlated(*SHAPES[shape], seed=5)
    alphas, coefs, intercepts = helpers.lasso_path(X, y, n_alphas=25, tol=TIGHT, max_iter=100000)
    Xc, yc = X - X.mean(0), y - y.mean()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, ref, _ = sk.lasso_path(Xc, yc, alphas=alphas, tol=TIGHT, max_iter=100000)
    assert_allclose(coefs, ref.T, atol=1e-6 * max(1.0, np.abs(ref).max()))
    assert_allclose(intercepts, y.mean() - coefs @ X.mean(0), rtol=1e-12, atol=1e-12)
    for k in (1, 12, 24):
        assert relative_gap(X, y, coefs[k], alphas[k]) <= TIGHT * (1 + 1e-6) + 1e-15


def test_lasso_path_at_the_default_tolerance_certifies_every_alpha():
    X, y = make_correlated(60, 3000, seed=6)
    alphas, coefs, _ = helpers.lasso_path(X, y, n_alphas=40)
    assert max(relative_gap(X, y, c, a) for a, c in zip(alphas, coefs)) <= 1e-4


@pytest.mark.parametrize("shape", ["wide", "square"])
def test_warm_start_and_no_intercept_on_the_working_set_route(shape):
    X, y = make_correlated(*SHAPES[shape], seed=7)
    alpha = 0.1 * helpers.lasso_alpha_max(X, y, fit_intercept=False)
    ref = sk.Lasso(alpha=alpha, fit_intercept=False, tol=TIGHT, max_iter=100000).fit(X, y)
    w_init = np.where(np.arange(X.shape[1]) % 3 == 0, 1.0, 0.0)
    w, b = helpers.fit_lasso(X, y, alpha, fit_intercept=False, tol=TIGHT, w_init=w_init)
    assert b == 0.0
    assert_allclose(w, ref.coef_, atol=1e-6 * max(1.0, np.abs(ref.coef_).max()))


@pytest.mark.parametrize("spread", [3.15e7, 8.64e4])
def test_a_timestamp_column_keeps_its_digits(spread):
    """A feature with mean 1.7e9 (seconds since 1970) spread over a year or a day: the
    working sets use X as it is for the first, centre a copy for the second (a mean more
    than `OFFSET_LIMIT` times the spread would cancel digits in X^T R), and the answers agree
    with scikit-learn, which centres a copy."""
    rng = np.random.default_rng(8)
    X, y = make_correlated(40, 300, seed=8)
    X[:, 5] = 1.7e9 + rng.uniform(0, spread, 40)
    y = y + 1e-7 * (X[:, 5] - X[:, 5].mean())
    for alpha in (0.3, 0.03):
        alpha = alpha * helpers.lasso_alpha_max(X, y)
        w, b = helpers.fit_lasso(X, y, alpha, tol=TIGHT, max_iter=100000)
        ref = sk.Lasso(alpha=alpha, tol=TIGHT, max_iter=100000).fit(X, y)
        assert_allclose(w, ref.coef_, rtol=1e-7, atol=1e-7 * np.abs(ref.coef_[ref.coef_ != 0]).min())
        assert b == pytest.approx(ref.intercept_, rel=1e-9)


def test_max_iter_bounds_the_working_set_rounds_and_warns():
    X, y = make_correlated(30, 600, seed=9)
    alpha = 0.01 * helpers.lasso_alpha_max(X, y)
    with pytest.warns(helpers.ConvergenceWarning, match=r"max_iter=1 with duality gap"):
        w, b = helpers.fit_lasso(X, y, alpha, tol=TIGHT, max_iter=1)
    assert np.isfinite(w).all() and np.isfinite(b)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the default max_iter is ample
        helpers.fit_lasso(X, y, alpha)
        helpers.lasso_path(X, y, n_alphas=20)


# ----------------------------------------------------------------------- hypothesis sweep

SWEEP = settings(max_examples=60, deadline=None, derandomize=True,
                 suppress_health_check=[HealthCheck.too_slow])


@st.composite
def sparse_problems(draw):
    n = draw(st.integers(2, 60))
    d = draw(st.integers(1, 300))
    X, y = make_correlated(n, d, seed=draw(st.integers(0, 2**32 - 1)),
                           offset=draw(st.sampled_from([0.0, 1.5, -40.0])))
    X = X * draw(st.sampled_from([1e-2, 1.0, 1e2]))
    frac = draw(st.floats(1e-3, 1.0))
    l1_ratio = draw(st.sampled_from([1.0, 0.9, 0.5]))
    return X, y, frac, l1_ratio, draw(st.booleans())


@SWEEP
@given(sparse_problems())
def test_every_solution_certifies_its_duality_gap(problem):
    X, y, frac, l1_ratio, fit_intercept = problem
    alpha = frac * helpers.lasso_alpha_max(X, y, fit_intercept=fit_intercept) / l1_ratio
    tol = 1e-8
    w, b = helpers.fit_elastic_net(X, y, alpha, l1_ratio, fit_intercept=fit_intercept, tol=tol,
                                   max_iter=100000)
    assert relative_gap(X, y, w, alpha, l1_ratio, fit_intercept) <= tol * (1 + 1e-6) + 1e-14
    if not fit_intercept:
        assert b == 0.0


# ----------------------------------------------------------------------- ridge_path


@pytest.mark.parametrize("fit_intercept", [True, False])
@pytest.mark.parametrize("shape", [(200, 8), (20, 60), (50, 50)])
def test_ridge_path_matches_sklearn_alpha_by_alpha(shape, fit_intercept):
    X, y = make_correlated(*shape, seed=10)
    alphas = [1e4, 0.5, 1e-3, 10.0]  # any order: the rows follow it
    coefs, intercepts = helpers.ridge_path(X, y, alphas, fit_intercept=fit_intercept)
    assert coefs.shape == (4, shape[1]) and intercepts.shape == (4,)
    for k, alpha in enumerate(alphas):
        ref = sk.Ridge(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
        assert_allclose(coefs[k], ref.coef_, rtol=1e-8, atol=1e-10)
        assert intercepts[k] == pytest.approx(ref.intercept_, rel=1e-9, abs=1e-10)


def test_ridge_path_at_alpha_zero_is_the_minimum_norm_least_squares():
    X, y = make_correlated(15, 40, seed=11)
    coefs, intercepts = helpers.ridge_path(X, y, [0.0])
    ref = sk.LinearRegression().fit(X, y)
    assert_allclose(coefs[0], ref.coef_, rtol=1e-8, atol=1e-10)
    assert intercepts[0] == pytest.approx(ref.intercept_, rel=1e-9)


@pytest.mark.parametrize("alphas, exc, pattern", [
    ([], ValueError, r"alphas is empty"),
    ([1.0, -2.0], ValueError, r"alphas must all be >= 0, got min -2.0"),
    ([1.0, np.nan], ValueError, r"alphas contains missing values \(NaN or NA\): 1 of 2"),
    ("big", TypeError, r"alphas must be an array of numbers"),
])
def test_ridge_path_refuses_bad_alphas(alphas, exc, pattern):
    X, y = make_correlated(10, 3)
    with pytest.raises(exc, match=pattern):
        helpers.ridge_path(X, y, alphas)


# ----------------------------------------------------------------------- one-pass normal equations


@pytest.mark.parametrize("offset", [0.0, 1e3, 1.7e9])
def test_normal_equations_in_one_pass_keep_the_digits_of_offset_data(offset):
    """Means far from the spread are centred block by block, small ones after the product:
    either way the answer has lstsq's accuracy."""
    import scipy.linalg

    rng = np.random.default_rng(12)
    X = rng.standard_normal((3000, 6)) * [1, 10, 0.1, 100, 1, 1] + [0, 5, -2, offset, 0, 1]
    y = X @ [1.0, -0.5, 2.0, 0.03, 0.0, 1.0] + 4.0 + rng.standard_normal(3000)
    Xc, yc = X - X.mean(0), y - y.mean()
    ref = scipy.linalg.lstsq(Xc, yc, lapack_driver="gelsd")[0]
    for w in (helpers.fit_normal_equation(X, y)[0],
              helpers.NormalEquations(6).update(X, y).solve()[0]):
        assert_allclose(w, ref, rtol=1e-10)
    w_r, _ = helpers.fit_ridge(X, y, 2.0)
    assert_allclose(w_r, sk.Ridge(alpha=2.0).fit(X, y).coef_, rtol=1e-9)
