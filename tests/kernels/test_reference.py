"""Every kernel against an independent reference: scikit-learn and numpy.linalg."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn import linear_model as sk
from sklearn import metrics
from sklearn.model_selection import train_test_split as sk_split
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

import helpers
from helpers import CollinearityWarning

from .conftest import make_problem

TIGHT = 1e-12  # solver tolerance for iterative methods, so answers agree to ~1e-8


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CollinearityWarning)
        return fn(*args, **kwargs)


# ----------------------------------------------------------------------- least squares


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_normal_equation_matches_linear_regression(problem, fit_intercept):
    X, y = problem
    w, b = _quiet(helpers.fit_normal_equation, X, y, fit_intercept=fit_intercept)
    ref = sk.LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    assert_allclose(w, ref.coef_, rtol=1e-7, atol=1e-9)
    assert_allclose(b, ref.intercept_, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("cond", [1e2, 1e3, 1e6, 1e9])
def test_normal_equation_ill_conditioned_matches_lstsq(cond):
    """Against scipy's QR-based solver (gelsy), an implementation independent of ours.

    A least-squares solution can only be computed to a relative accuracy of about
    cond(X) * machine epsilon (more when the residual is large), so the comparison of the
    weights allows for that, and the residual norm, which is well conditioned, must be as
    small as the reference's.
    """
    import scipy.linalg

    X, y = make_problem(300, 10, cond=cond, seed=3)
    w, b = helpers.fit_normal_equation(X, y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    ref = scipy.linalg.lstsq(Xc, yc, lapack_driver="gelsy")[0]
    rel_err = np.abs(w - ref).max() / np.abs(ref).max()
    assert rel_err <= max(1e-12, cond * cond * 1e-17)
    resid_ours = np.linalg.norm(Xc @ w - yc)
    resid_ref = np.linalg.norm(Xc @ ref - yc)
    assert resid_ours <= resid_ref * (1 + 1e-16 * cond)
    assert b == pytest.approx(y.mean() - X.mean(axis=0) @ w, rel=1e-12)


def test_collinear_columns_warn_and_give_min_norm():
    X, y = make_problem(50, 3, seed=1)
    X = np.column_stack([X, X[:, 0]])  # a duplicated column
    with pytest.warns(CollinearityWarning, match=r"rank 3 < 4 features"):
        w, b = helpers.fit_normal_equation(X, y)
    Xc = X - X.mean(axis=0)
    ref = np.linalg.pinv(Xc) @ (y - y.mean())
    assert_allclose(w, ref, rtol=1e-9, atol=1e-12)
    assert_allclose(w[0], w[3], rtol=1e-9)  # the minimum-norm answer splits the weight evenly


def test_wide_data_gives_min_norm_interpolant():
    X, y = make_problem(10, 30, seed=2)
    with pytest.warns(CollinearityWarning):
        w, b = helpers.fit_normal_equation(X, y)
    assert_allclose(X @ w + b, y, atol=1e-9)  # d > n: the data are interpolated
    ref = sk.LinearRegression().fit(X, y)
    assert_allclose(w, ref.coef_, rtol=1e-8, atol=1e-10)


def test_no_explicit_inverse_in_kernels():
    import inspect

    import helpers.linear
    import helpers.regularized

    for mod in (helpers.linear, helpers.regularized):
        src = inspect.getsource(mod)
        assert "linalg.inv(" not in src, f"{mod.__name__} forms an explicit inverse"


# ----------------------------------------------------------------------- ridge


@pytest.mark.parametrize("alpha", [1e-3, 0.5, 10.0, 1e4])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_ridge_matches_sklearn(problem, alpha, fit_intercept):
    X, y = problem
    w, b = helpers.fit_ridge(X, y, alpha, fit_intercept=fit_intercept)
    ref = sk.Ridge(alpha=alpha, fit_intercept=fit_intercept, solver="svd").fit(X, y)
    assert_allclose(w, ref.coef_, rtol=1e-7, atol=1e-9)
    assert_allclose(b, ref.intercept_, rtol=1e-7, atol=1e-9)


def test_ridge_alpha_zero_is_least_squares(problem):
    X, y = problem
    w, b = helpers.fit_ridge(X, y, 0.0)
    w0, b0 = _quiet(helpers.fit_normal_equation, X, y)
    assert_allclose(w, w0, rtol=1e-8, atol=1e-10)


def test_ridge_wide_uses_dual_form_correctly():
    X, y = make_problem(40, 400, seed=5)
    w, b = helpers.fit_ridge(X, y, 3.0)
    # the primal system, solved directly, is the independent reference here
    Xc, yc = X - X.mean(0), y - y.mean()
    ref = np.linalg.solve(Xc.T @ Xc + 3.0 * np.eye(400), Xc.T @ yc)
    assert_allclose(w, ref, rtol=1e-8, atol=1e-10)


def test_ridge_does_not_penalize_intercept():
    X, y = make_problem(100, 3, seed=4, intercept=1000.0)
    w, b = helpers.fit_ridge(X, y, 1e6)
    assert abs(b - y.mean()) < 1e-6 * abs(y.mean()) + np.abs(w).sum() * np.abs(X.mean(0)).max()
    assert np.abs(w).max() < 1e-2  # the weights shrink; the intercept does not


# ----------------------------------------------------------------------- lasso / elastic net


@pytest.mark.parametrize("frac", [0.9, 0.3, 0.05, 0.005])
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_lasso_matches_sklearn(problem, frac, fit_intercept):
    X, y = problem
    alpha = frac * helpers.lasso_alpha_max(X, y, fit_intercept=fit_intercept)
    w, b = helpers.fit_lasso(X, y, alpha, fit_intercept=fit_intercept, tol=TIGHT, max_iter=100000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn may warn about its own convergence
        ref = sk.Lasso(alpha=alpha, fit_intercept=fit_intercept, tol=TIGHT,
                       max_iter=100000).fit(X, y)
    scale = max(1.0, np.abs(ref.coef_).max())
    assert_allclose(w, ref.coef_, atol=1e-6 * scale)
    assert_allclose(b, ref.intercept_, atol=1e-6 * max(1.0, abs(ref.intercept_)))
    # exact zeros where sklearn has them (up to its tolerance)
    assert np.all(w[np.abs(ref.coef_) == 0] == 0.0) or frac < 0.01


@pytest.mark.parametrize("shape", [(2000, 30), (80, 800)], ids=["tall-gram", "wide-working-set"])
def test_lasso_both_algorithms_match_sklearn(shape):
    X, y = make_problem(*shape, seed=7, sparse=True)
    for frac in (0.5, 0.1, 0.02):
        alpha = frac * helpers.lasso_alpha_max(X, y)
        w, b = helpers.fit_lasso(X, y, alpha, tol=TIGHT, max_iter=100000)
        ref = sk.Lasso(alpha=alpha, tol=TIGHT, max_iter=100000).fit(X, y)
        assert_allclose(w, ref.coef_, atol=1e-7 * max(1, np.abs(ref.coef_).max()))
        assert_allclose(b, ref.intercept_, atol=1e-7 * max(1, abs(ref.intercept_)))


@pytest.mark.parametrize("l1_ratio", [0.0, 0.1, 0.5, 0.9, 1.0])
def test_elastic_net_matches_sklearn(problem, l1_ratio):
    X, y = problem
    alpha = 0.05 * helpers.lasso_alpha_max(X, y)
    w, b = helpers.fit_elastic_net(X, y, alpha, l1_ratio, tol=TIGHT, max_iter=100000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = sk.ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=TIGHT, max_iter=100000).fit(X, y)
    scale = max(1.0, np.abs(ref.coef_).max())
    assert_allclose(w, ref.coef_, atol=1e-6 * scale)


def test_elastic_net_l1_ratio_zero_is_ridge_with_sklearn_scaling():
    X, y = make_problem(60, 5, seed=8)
    alpha = 0.3
    w, b = helpers.fit_elastic_net(X, y, alpha, 0.0, tol=TIGHT, max_iter=100000)
    # (1/2n)||r||^2 + (alpha/2)||w||^2  is ridge with penalty n * alpha on ||r||^2 + . ||w||^2
    w_ref, b_ref = helpers.fit_ridge(X, y, alpha * len(y))
    assert_allclose(w, w_ref, rtol=1e-8, atol=1e-10)


def test_lasso_path_matches_sklearn():
    X, y = make_problem(100, 12, seed=9, sparse=True)
    alphas, coefs, intercepts = helpers.lasso_path(X, y, n_alphas=30, tol=TIGHT, max_iter=100000)
    Xc, yc = X - X.mean(0), y - y.mean()
    ref_alphas, ref_coefs, _ = sk.lasso_path(Xc, yc, alphas=alphas, tol=TIGHT, max_iter=100000)
    assert_allclose(alphas, ref_alphas)
    assert_allclose(coefs, ref_coefs.T, atol=1e-7)
    assert_allclose(intercepts, y.mean() - coefs @ X.mean(0))
    assert np.all(coefs[0] == 0.0)  # the path starts at alpha_max, where every weight is zero
    assert alphas[0] == pytest.approx(helpers.lasso_alpha_max(X, y))


def test_lasso_alpha_max_is_exact():
    X, y = make_problem(80, 6, seed=10)
    amax = helpers.lasso_alpha_max(X, y)
    w_above, _ = helpers.fit_lasso(X, y, amax * (1 + 1e-9), tol=TIGHT)
    w_below, _ = helpers.fit_lasso(X, y, amax * (1 - 1e-3), tol=TIGHT)
    assert np.all(w_above == 0.0)
    assert np.count_nonzero(w_below) >= 1


def test_soft_threshold():
    z = np.linspace(-3, 3, 13)
    expected = np.sign(z) * np.maximum(np.abs(z) - 1.0, 0.0)
    assert_allclose(helpers.soft_threshold(z, 1.0), expected)
    assert helpers.soft_threshold(-2.5, 1.0) == -1.5
    assert helpers.soft_threshold(0.7, 1.0) == 0.0


# ----------------------------------------------------------------------- the rest


@pytest.mark.parametrize("degree", [0, 1, 2, 5, 9])
@pytest.mark.parametrize("include_bias", [True, False])
def test_polynomial_features_match_sklearn(degree, include_bias):
    if degree == 0 and not include_bias:
        x = np.linspace(-2, 2, 7)
        assert helpers.polynomial_features(x, 0).shape == (7, 0)
        return
    x = np.linspace(-2, 2, 7)
    ref = PolynomialFeatures(degree, include_bias=include_bias).fit_transform(x[:, None])
    assert_allclose(helpers.polynomial_features(x, degree, include_bias=include_bias), ref)
    assert_allclose(helpers.polynomial_features(x[:, None], degree, include_bias=include_bias), ref)


def test_r2_matches_sklearn():
    rng = np.random.default_rng(11)
    y = rng.standard_normal(50)
    for pred in (y + 0.1 * rng.standard_normal(50), np.full(50, y.mean()), -y):
        assert helpers.r2_score(y, pred) == pytest.approx(metrics.r2_score(y, pred), abs=1e-14)
    const = np.ones(5)
    assert helpers.r2_score(const, const) == metrics.r2_score(const, const) == 1.0
    assert helpers.r2_score(const, const + 1) == metrics.r2_score(const, const + 1) == 0.0


def test_standardizer_matches_standard_scaler():
    X, _ = make_problem(40, 4, seed=12)
    X[:, 2] = 7.0  # a constant feature
    X_new = X[:5] * 3.0
    ours = helpers.Standardizer().fit(X)
    ref = StandardScaler().fit(X)
    assert_allclose(ours.mean_, ref.mean_)
    assert_allclose(ours.scale_, ref.scale_)
    assert_allclose(ours.transform(X_new), ref.transform(X_new))
    assert_allclose(ours.inverse_transform(ours.transform(X_new)), X_new)


def test_standardizer_unscale_coefficients():
    X, y = make_problem(60, 3, seed=13)
    s = helpers.Standardizer().fit(X)
    w_z, b_z = helpers.fit_normal_equation(s.transform(X), y)
    w, b = s.unscale_coefficients(w_z, b_z)
    w_ref, b_ref = helpers.fit_normal_equation(X, y)
    assert_allclose(w, w_ref, rtol=1e-10)
    assert_allclose(b, b_ref, rtol=1e-10)


@pytest.mark.parametrize("test_size", [0.2, 0.25, 7])
def test_train_test_split_reproduces_sklearn_with_randomstate(test_size):
    X, y = make_problem(37, 3, seed=14)
    ours = helpers.train_test_split(X, y, test_size=test_size, rng=np.random.RandomState(42))
    ref = sk_split(X, y, test_size=test_size, random_state=42)
    for a, b in zip(ours, ref):
        assert_allclose(a, b)


def test_train_test_split_is_a_partition():
    X = np.arange(40.0).reshape(20, 2)
    y = np.arange(20.0)
    X_tr, X_te, y_tr, y_te = helpers.train_test_split(X, y, test_size=0.3, rng=0)
    assert len(y_te) == 6 and len(y_tr) == 14
    assert sorted(np.concatenate([y_tr, y_te])) == list(y)
    assert_allclose(X_tr[:, 0], 2 * y_tr)  # rows stay paired with their targets


# ----------------------------------------------------------------------- diabetes


def test_diabetes_split_reproduces_the_course_numbers(diabetes):
    """The source article's split (shuffle with random_state=42, first 80% for training)
    gives the test MSE the chapters quote, 3368.04, and matches scikit-learn to 1e-12."""
    from sklearn.utils import shuffle

    X, y = diabetes
    X_s, y_s = shuffle(X, y, random_state=42)
    perm = np.random.RandomState(42).permutation(len(y))  # the same shuffle, by hand
    assert_allclose(X[perm], X_s)
    cut = int(0.8 * len(y))
    X_tr, y_tr, X_te, y_te = X_s[:cut], y_s[:cut], X_s[cut:], y_s[cut:]
    w, b = helpers.fit_normal_equation(X_tr, y_tr)
    ref = sk.LinearRegression().fit(X_tr, y_tr)
    assert_allclose(w, ref.coef_, rtol=1e-9)
    y_hat = helpers.predict(X_te, w, b)
    test_mse = helpers.mse(y_te, y_hat)
    assert test_mse == pytest.approx(metrics.mean_squared_error(y_te, ref.predict(X_te)), rel=1e-12)
    assert round(test_mse, 2) == 3368.04
    assert helpers.r2_score(y_te, y_hat) == pytest.approx(
        metrics.r2_score(y_te, ref.predict(X_te)), rel=1e-12)
    # y as an (n, 1) column, as the article reshapes it, gives identical numbers
    assert helpers.mse(y_te[:, None], y_hat) == test_mse
    w2, b2 = helpers.fit_normal_equation(X_tr, y_tr[:, None])
    assert_allclose(w2, w, rtol=0, atol=0)


@pytest.mark.parametrize("alpha", [0.01, 0.1, 1.0])
def test_diabetes_lasso_and_ridge(diabetes, alpha):
    X, y = diabetes
    w, b = helpers.fit_lasso(X, y, alpha, tol=TIGHT, max_iter=100000)
    ref = sk.Lasso(alpha=alpha, tol=TIGHT, max_iter=100000).fit(X, y)
    assert_allclose(w, ref.coef_, atol=1e-6 * np.abs(ref.coef_).max())
    w, b = helpers.fit_ridge(X, y, alpha)
    ref = sk.Ridge(alpha=alpha).fit(X, y)
    assert_allclose(w, ref.coef_, rtol=1e-9)
