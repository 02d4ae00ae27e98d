"""helpers.inference (standard errors, intervals, Student's t) and helpers.streaming
(the normal equations accumulated chunk by chunk), against SciPy, scikit-learn and the
textbook formulas computed directly."""

import functools
import operator
import warnings

import numpy as np
import pytest
from scipy import stats
from sklearn.linear_model import LinearRegression, Ridge

import helpers
from helpers import CollinearityWarning, NormalEquations, linear_inference, t_quantile

# ---------------------------------------------------------------------------------------------
# Student's t quantile


@pytest.mark.parametrize("dof", [0.3, 1, 2, 3, 4.5, 10, 29, 100, 1e4, 9.9e4, 1.1e5, 1e8, 1e15])
def test_t_quantile_matches_scipy(dof):
    qs = [1e-12, 1e-6, 0.001, 0.025, 0.1, 0.3, 0.4999, 0.5, 0.6, 0.9, 0.975, 0.995, 1 - 1e-9]
    ours = np.array([t_quantile(q, dof) for q in qs])
    np.testing.assert_allclose(ours, stats.t.ppf(qs, dof), rtol=1e-11, atol=1e-12)


def test_t_quantile_is_odd_and_monotone():
    qs = np.linspace(0.01, 0.99, 99)
    t = np.array([t_quantile(q, 7) for q in qs])
    assert np.all(np.diff(t) > 0)
    np.testing.assert_allclose(t, -t[::-1], rtol=0, atol=1e-13)
    assert t_quantile(0.5, 3) == 0.0


@pytest.mark.parametrize("q, dof, exc, pattern", [
    (0.0, 5, ValueError, r"q must be a probability strictly between 0 and 1, got 0.0"),
    (1.2, 5, ValueError, r"q must be a probability strictly between 0 and 1, got 1.2"),
    (0.9, 0, ValueError, r"dof must be > 0, got 0.0"),
    (0.9, -2, ValueError, r"dof must be > 0, got -2.0"),
    ("0.9", 5, TypeError, r"q must be a real number, got str"),
    (0.9, np.nan, ValueError, r"dof must be finite, got nan"),
])
def test_t_quantile_refuses_bad_input(q, dof, exc, pattern):
    with pytest.raises(exc, match=pattern):
        t_quantile(q, dof)


# ---------------------------------------------------------------------------------------------
# linear_inference


def _data(rng, n=60, d=3, hetero=False):
    X = rng.normal(size=(n, d)) + np.arange(d)
    noise = rng.normal(size=n) * (1 + 2 * np.abs(X[:, 0]) if hetero else 1.0)
    return X, X @ np.arange(1.0, d + 1) - 2.0 + noise


def _textbook(X, y):
    """Every quantity straight from its formula, with explicit inverses (fine in a test)."""
    n, d = X.shape
    A = np.column_stack([X, np.ones(n)])
    inv = np.linalg.inv(A.T @ A)
    theta = inv @ A.T @ y
    r = y - A @ theta
    sigma2 = r @ r / (n - d - 1)
    H = A @ inv @ A.T
    h = np.diag(H)
    hc0 = inv @ (A.T * r**2) @ A @ inv
    hc3 = inv @ (A.T * (r / (1 - h)) ** 2) @ A @ inv
    return theta, sigma2, sigma2 * inv, hc0, hc3, A, inv


@pytest.mark.parametrize("seed", range(4))
def test_linear_inference_matches_the_textbook_formulas(seed):
    rng = np.random.default_rng(seed)
    X, y = _data(rng, hetero=True)
    theta, sigma2, cov, hc0, hc3, _, _ = _textbook(X, y)
    for cov_type, expected in (("classical", cov), ("HC0", hc0), ("HC3", hc3)):
        fit = linear_inference(X, y, cov_type=cov_type)
        np.testing.assert_allclose(np.append(fit.coef, fit.intercept), theta, rtol=1e-10)
        np.testing.assert_allclose(fit.sigma**2, sigma2, rtol=1e-10)
        np.testing.assert_allclose(fit.cov, expected, rtol=1e-9, atol=1e-14)
        np.testing.assert_allclose(np.append(fit.coef_se, fit.intercept_se),
                                   np.sqrt(np.diag(expected)), rtol=1e-9)
        assert fit.dof == X.shape[0] - X.shape[1] - 1 and fit.n_samples == X.shape[0]
        assert fit.cov_type == cov_type
    ref = LinearRegression().fit(X, y)
    np.testing.assert_allclose(fit.coef, ref.coef_, rtol=1e-10)
    np.testing.assert_allclose(fit.intercept, ref.intercept_, rtol=1e-10)


def test_intervals_use_the_t_quantile_and_the_right_variance():
    rng = np.random.default_rng(5)
    X, y = _data(rng, n=25, d=2)
    fit = linear_inference(X, y)
    theta, sigma2, cov, _, _, _, inv = _textbook(X, y)
    t = stats.t.ppf(0.95, X.shape[0] - 3)  # a 90 % interval
    lo, hi = fit.conf_int(0.90)
    np.testing.assert_allclose(lo, theta - t * np.sqrt(np.diag(cov)), rtol=1e-10)
    np.testing.assert_allclose(hi, theta + t * np.sqrt(np.diag(cov)), rtol=1e-10)
    X_new = rng.normal(size=(7, 2))
    A_new = np.column_stack([X_new, np.ones(7)])
    lever = np.einsum("ij,jk,ik->i", A_new, inv, A_new)
    for kind, var in (("mean", sigma2 * lever), ("prediction", sigma2 * (1 + lever))):
        y_hat, lo, hi = fit.predict_interval(X_new, level=0.90, kind=kind)
        np.testing.assert_allclose(y_hat, A_new @ theta, rtol=1e-10)
        np.testing.assert_allclose(hi - y_hat, t * np.sqrt(var), rtol=1e-10)
        np.testing.assert_allclose(y_hat - lo, t * np.sqrt(var), rtol=1e-10)


def test_coverage_of_the_intervals_is_close_to_the_nominal_level():
    """A fixed design, 2000 simulated data sets with Gaussian noise: the 95 % intervals of
    each coefficient and for a new observation cover the truth about 95 % of the time
    (within four Monte Carlo standard errors, about 0.02)."""
    rng = np.random.default_rng(11)
    n, d, n_sets = 20, 2, 2000
    X = rng.normal(size=(n, d))
    w_true, b_true, sigma = np.array([1.5, -0.5]), 0.7, 2.0
    x_new = np.array([[1.0, 2.0]])
    hits = np.zeros(d + 2)
    for _ in range(n_sets):
        y = X @ w_true + b_true + sigma * rng.normal(size=n)
        fit = linear_inference(X, y)
        lo, hi = fit.conf_int(0.95)
        hits[: d + 1] += (lo <= np.append(w_true, b_true)) & (np.append(w_true, b_true) <= hi)
        y_new = x_new @ w_true + b_true + sigma * rng.normal()
        _, plo, phi = fit.predict_interval(x_new, 0.95)
        hits[d + 1] += bool(plo[0] <= y_new[0] <= phi[0])
    coverage = hits / n_sets
    mc_se = np.sqrt(0.95 * 0.05 / n_sets)
    assert np.all(np.abs(coverage - 0.95) < 4 * mc_se), coverage


def test_linear_inference_flattens_a_column_y_and_keeps_its_inputs():
    rng = np.random.default_rng(2)
    X, y = _data(rng)
    X0, y0 = X.copy(), y.copy()
    a = linear_inference(X, y)
    b = linear_inference(X, y[:, None])
    np.testing.assert_array_equal(a.coef, b.coef)
    np.testing.assert_array_equal(a.cov, b.cov)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


BAD_INFERENCE = [
    (lambda: linear_inference(np.ones((3, 2)) + np.eye(3, 2), [1.0, 2.0, 3.0]), ValueError,
     r"standard errors need more samples than coefficients: X.shape=\(3, 2\) has 3 samples "
     r"for 2 weight\(s\) and an intercept, leaving 0 degrees of freedom"),
    (lambda: linear_inference(np.column_stack([np.arange(6.0), 2 * np.arange(6.0)]), np.arange(6.0)),
     ValueError, r"the columns of X together with the intercept are linearly dependent"),
    (lambda: linear_inference(np.column_stack([np.arange(6.0), np.full(6, 3.0)]), np.arange(6.0)),
     ValueError, r"linearly dependent \(X.shape=\(6, 2\)\)"),
    (lambda: linear_inference(np.arange(6.0)[:, None], np.arange(6.0), cov_type="HC1"),
     ValueError, r"cov_type must be one of \('classical', 'HC0', 'HC3'\), got 'HC1'"),
    (lambda: linear_inference(np.arange(6.0), np.arange(6.0)), ValueError,
     r"X must be 2-D of shape \(n_samples, n_features\)"),
    (lambda: linear_inference(np.arange(6.0)[:, None], np.arange(5.0)), ValueError,
     r"X has 6 samples but y has 5"),
]


@pytest.mark.parametrize("call, exc, pattern", BAD_INFERENCE)
def test_linear_inference_refuses_bad_input(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def test_interval_arguments_are_checked():
    fit = linear_inference(np.arange(8.0)[:, None], np.arange(8.0) ** 1.5)
    with pytest.raises(ValueError, match=r"level must be strictly between 0 and 1 \(0.95 for 95 %\), got 95.0"):
        fit.conf_int(95)
    with pytest.raises(ValueError, match=r"kind must be 'prediction' or 'mean', got 'new'"):
        fit.predict_interval([[1.0]], kind="new")
    with pytest.raises(ValueError, match=r"X_new has 2 feature\(s\) but the fit has 1 \(X_new.shape=\(1, 2\)\)"):
        fit.predict_interval([[1.0, 2.0]])
    with pytest.raises(ValueError, match=r"X_new must be 2-D"):
        fit.predict_interval([1.0, 2.0])


# ---------------------------------------------------------------------------------------------
# NormalEquations


def _stream(X, y, rows):
    stats_ = NormalEquations(X.shape[1])
    for start in range(0, X.shape[0], rows):
        stats_.update(X[start:start + rows], y[start:start + rows])
    return stats_


@pytest.mark.parametrize("rows", [1, 7, 100, 1000])
def test_streamed_statistics_equal_the_in_memory_fit(rows):
    rng = np.random.default_rng(rows)
    X = rng.normal(size=(1000, 5)) * [1, 10, 0.1, 3, 1] + [0, 5, -2, 100, 0]
    y = X @ rng.normal(size=5) + 4 + rng.normal(size=1000)
    s = _stream(X, y, rows)
    assert s.n_samples == 1000
    Xc, yc = X - X.mean(0), y - y.mean()
    np.testing.assert_allclose(s.x_mean, X.mean(0), rtol=1e-13, atol=1e-13)
    np.testing.assert_allclose(s.gram, Xc.T @ Xc, rtol=1e-11)
    np.testing.assert_allclose(s.xty, Xc.T @ yc, rtol=1e-10)
    np.testing.assert_allclose(s.yy, yc @ yc, rtol=1e-12)
    for alpha, (w_ref, b_ref) in ((0.0, helpers.fit_normal_equation(X, y)),
                                  (3.0, helpers.fit_ridge(X, y, 3.0))):
        w, b = s.solve(alpha)
        np.testing.assert_allclose(w, w_ref, rtol=1e-10)
        np.testing.assert_allclose(b, b_ref, rtol=1e-10)
    ref = Ridge(alpha=3.0, fit_intercept=False).fit(X, y)
    np.testing.assert_allclose(s.solve(3.0, fit_intercept=False)[0], ref.coef_, rtol=1e-9)
    w0, b0 = s.solve(fit_intercept=False)
    assert b0 == 0.0
    np.testing.assert_allclose(w0, helpers.fit_normal_equation(X, y, fit_intercept=False)[0],
                               rtol=1e-9)
    w, b = s.solve()
    np.testing.assert_allclose(s.rss(w, b), np.sum((y - X @ w - b) ** 2), rtol=1e-9)
    np.testing.assert_allclose(s.rss(w0 + 1, -3.0), np.sum((y - X @ (w0 + 1) + 3.0) ** 2),
                               rtol=1e-10)


def test_merging_shards_in_any_order_gives_the_same_statistics():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(900, 4)) + 50
    y = rng.normal(size=900)
    shards = [NormalEquations(4).update(X[i:i + 90], y[i:i + 90]) for i in range(0, 900, 90)]
    left = functools.reduce(operator.add, shards)
    right = functools.reduce(operator.add, shards[::-1])
    tree = (functools.reduce(operator.add, shards[:5]) + functools.reduce(operator.add, shards[5:]))
    streamed = _stream(X, y, 90)
    for merged in (left, right, tree):
        assert merged.n_samples == 900
        np.testing.assert_allclose(merged.gram, streamed.gram, rtol=1e-12)
        np.testing.assert_allclose(merged.xty, streamed.xty, rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(merged.x_mean, streamed.x_mean, rtol=1e-14)
    empty = NormalEquations(4)
    np.testing.assert_array_equal((empty + left).gram, left.gram)
    np.testing.assert_array_equal((left + empty).gram, left.gram)
    assert shards[0].n_samples == 90  # the operands are not changed


def test_centred_merging_keeps_the_digits_that_raw_sums_lose():
    """A feature with mean 1e6 and spread 1 (a timestamp): the raw sums X^T X lose about
    twelve digits of the centred Gram matrix; the merged statistics keep them."""
    rng = np.random.default_rng(4)
    t = 1e6 + rng.normal(size=20_000)
    X = np.column_stack([t, rng.normal(size=20_000)])
    exact = (X - X.mean(0)).T @ (X - X.mean(0))  # two-pass centring in memory
    s = _stream(X, np.zeros(20_000), 512)
    raw = sum(X[i:i + 512].T @ X[i:i + 512] for i in range(0, 20_000, 512))
    naive = raw - 20_000 * np.outer(X.mean(0), X.mean(0))
    err_merged = abs(s.gram[0, 0] - exact[0, 0]) / exact[0, 0]
    err_naive = abs(naive[0, 0] - exact[0, 0]) / exact[0, 0]
    assert err_merged < 1e-11
    assert err_naive > 1e-6


def test_singular_statistics_warn_and_give_the_minimum_norm_solution():
    rng = np.random.default_rng(6)
    x = rng.normal(size=50)
    X = np.column_stack([x, 2 * x])
    y = 3 * x + 1
    s = _stream(X, y, 16)
    with pytest.warns(CollinearityWarning, match=r"1 of 2 eigenvalues are zero to rounding, after 50 rows"):
        w, b = s.solve()
    np.testing.assert_allclose(w, [0.6, 1.2], rtol=1e-10)  # the shortest w with w1 + 2 w2 = 3
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s.solve(1.0)  # ridge is always regular


def test_streaming_accepts_a_column_y_and_a_memmap(tmp_path):
    rng = np.random.default_rng(8)
    X = rng.normal(size=(300, 3))
    y = X.sum(1) + rng.normal(size=300)
    path = tmp_path / "data.npy"
    mm = np.lib.format.open_memmap(path, mode="w+", dtype=np.float64, shape=(300, 4))
    mm[:, :3], mm[:, 3] = X, y
    mm.flush()
    del mm
    data = np.load(path, mmap_mode="r")
    a = _stream(data[:, :3], data[:, 3], 64)
    b = _stream(X, y[:, None], 64)
    np.testing.assert_array_equal(a.gram, b.gram)
    np.testing.assert_array_equal(a.solve()[0], b.solve()[0])
    assert a.nbytes == 8 * (3 * 3 + 3 + 3 + 3)
    assert repr(a) == "NormalEquations(n_features=3, n_samples=300)"


BAD_STREAMING = [
    (lambda: NormalEquations(0), ValueError, r"n_features must be >= 1, got 0"),
    (lambda: NormalEquations(2.0), TypeError, r"n_features must be an integer, got float"),
    (lambda: NormalEquations(2).update(np.ones((3, 3)), np.ones(3)), ValueError,
     r"X has 3 feature\(s\) but these statistics were started with 2 \(X.shape=\(3, 3\)\)"),
    (lambda: NormalEquations(2).update(np.ones((3, 2)), np.ones(4)), ValueError,
     r"X has 3 samples but y has 4"),
    (lambda: NormalEquations(2).update(np.ones((3, 2)), np.ones((3, 3))), ValueError,
     r"y must have shape \(n,\) or \(n, 1\), got shape \(3, 3\)"),
    (lambda: NormalEquations(2).solve(), ValueError,
     r"no rows yet: call update\(X_chunk, y_chunk\) before solving"),
    (lambda: NormalEquations(1).update([[1.0], [2.0]], [1.0, 2.0]).solve(-1.0), ValueError,
     r"alpha must be >= 0, got -1.0"),
    (lambda: NormalEquations(1).update([[1.0], [2.0]], [1.0, 2.0]).rss([1.0, 2.0]), ValueError,
     r"w must have shape \(1,\) to match X with 1 feature\(s\), got shape \(2,\)"),
    (lambda: NormalEquations(2) + NormalEquations(3), ValueError,
     r"cannot merge statistics of 2 and 3 features"),
]


@pytest.mark.parametrize("call, exc, pattern", BAD_STREAMING)
def test_normal_equations_refuse_bad_input(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()
