"""Bad input: each case must raise the stated error with a message that says what to fix."""

import ast
import pathlib

import numpy as np
import pytest

import helpers

X3 = np.array([[1.0], [2.0], [3.0]])
Y3 = np.array([2.0, 4.0, 6.0])
NAN_X = np.array([[1.0], [np.nan], [3.0]])
INF_Y = np.array([1.0, np.inf, 3.0])

CASES = [
    # (call, exception, message pattern)
    (lambda: helpers.fit_normal_equation(X3, Y3[:2]), ValueError,
     r"X has 3 samples but y has 2 \(X.shape=\(3, 1\), y.shape=\(2,\)\)"),
    (lambda: helpers.fit_normal_equation(Y3, Y3), ValueError,
     r"X must be 2-D of shape \(n_samples, n_features\), got 1-D with shape \(3,\); "
     r"for a single feature use X.reshape\(-1, 1\)"),
    (lambda: helpers.fit_normal_equation(np.zeros((2, 2, 2)), Y3), ValueError,
     r"X must be 2-D .* got 3-D with shape \(2, 2, 2\)"),
    (lambda: helpers.fit_ridge(np.zeros((0, 3)), np.zeros(0), 1.0), ValueError,
     r"X has no samples \(shape \(0, 3\)\)"),
    (lambda: helpers.fit_lasso(NAN_X, Y3, 0.1), ValueError,
     r"X contains missing values \(NaN or NA\): 1 of 3 entries, the first at index \(1, 0\)"),
    (lambda: helpers.fit_ridge(X3, INF_Y, 0.1), ValueError, r"y contains 1 infinite value\(s\)"),
    (lambda: helpers.fit_normal_equation([["a"], ["b"], ["c"]], Y3), TypeError,
     r"X must contain numbers only, got dtype <U1"),
    (lambda: helpers.fit_normal_equation(X3, ["2", "4", "x"]), TypeError,
     r"y must contain numbers only"),
    (lambda: helpers.fit_normal_equation(X3 + 0j, Y3), TypeError, r"X must be real numbers"),
    (lambda: helpers.fit_normal_equation(None, Y3), TypeError, r"X must be an array of numbers, got None"),
    (lambda: helpers.fit_normal_equation(X3, np.ones((3, 2))), ValueError,
     r"y must have shape \(n,\) or \(n, 1\), got shape \(3, 2\)"),
    (lambda: helpers.predict(X3, [1.0, 2.0]), ValueError,
     r"w must have shape \(1,\) to match X with 1 feature\(s\), got shape \(2,\)"),
    (lambda: helpers.mse_gradients(X3, Y3, np.ones((1, 2)), 0.0), ValueError,
     r"w must have shape \(1,\)"),
    (lambda: helpers.predict(X3, [1.0], b="zero"), TypeError, r"b must be a real number, got str"),
    (lambda: helpers.mse(Y3, Y3[:2]), ValueError, r"y_true has 3 samples but y_pred has 2"),
    (lambda: helpers.r2_score(Y3, np.ones((3, 3))), ValueError,
     r"y_pred must have shape \(n,\) or \(n, 1\), got shape \(3, 3\)"),
    (lambda: helpers.fit_ridge(X3, Y3, -1.0), ValueError, r"alpha must be >= 0, got -1.0"),
    (lambda: helpers.fit_lasso(X3, Y3, -0.5), ValueError, r"alpha must be >= 0, got -0.5"),
    (lambda: helpers.fit_ridge(X3, Y3, "big"), TypeError, r"alpha must be a real number, got str"),
    (lambda: helpers.fit_ridge(X3, Y3, np.nan), ValueError, r"alpha must be finite, got nan"),
    (lambda: helpers.fit_elastic_net(X3, Y3, 0.1, 1.5), ValueError,
     r"l1_ratio must be in \[0, 1\], got 1.5"),
    (lambda: helpers.fit_elastic_net(X3, Y3, 0.1, -0.1), ValueError,
     r"l1_ratio must be in \[0, 1\], got -0.1"),
    (lambda: helpers.fit_lasso(X3, Y3, 0.1, max_iter=0), ValueError, r"max_iter must be >= 1, got 0"),
    (lambda: helpers.fit_lasso(X3, Y3, 0.1, max_iter=10.5), TypeError, r"max_iter must be an integer"),
    (lambda: helpers.gradient_descent(X3, Y3, learning_rate=0.0), ValueError,
     r"learning_rate must be > 0, got 0.0"),
    (lambda: helpers.gradient_descent(X3, Y3, learning_rate=-0.1), ValueError,
     r"learning_rate must be > 0, got -0.1"),
    (lambda: helpers.gradient_descent(X3, Y3, learning_rate=True), TypeError,
     r"learning_rate must be a real number, got bool"),
    (lambda: helpers.gradient_descent(X3, Y3, learning_rate=0.1, momentum=1.0), ValueError,
     r"momentum must be in \[0, 1\), got 1.0"),
    (lambda: helpers.gradient_descent(X3, Y3, learning_rate=0.1, batch_size=5), ValueError,
     r"batch_size=5 is larger than the 3 samples in X"),
    (lambda: helpers.gradient_descent(X3, Y3, learning_rate=0.1, batch_size=0), ValueError,
     r"batch_size must be >= 1, got 0"),
    (lambda: helpers.gradient_descent(X3, Y3, learning_rate=0.1, rng="seed"), TypeError,
     r"rng must be None, an int seed"),
    (lambda: helpers.gradient_descent(X3, Y3, learning_rate=0.1, w_init=[1.0, 2.0]), ValueError,
     r"w_init must have shape \(1,\)"),
    (lambda: helpers.polynomial_features(Y3, -1), ValueError, r"degree must be >= 0, got -1"),
    (lambda: helpers.polynomial_features(Y3, 2.0), TypeError, r"degree must be an integer, got float"),
    (lambda: helpers.polynomial_features(np.ones((3, 2)), 2), ValueError,
     r"x must be one feature of shape \(n,\) or \(n, 1\), got shape \(3, 2\)"),
    (lambda: helpers.polynomial_features(np.array([1e200]), 3), ValueError, r"x\*\*3 overflows float64"),
    (lambda: helpers.train_test_split(X3, Y3, test_size=1.5, rng=0), ValueError,
     r"test_size as a fraction must be in \(0, 1\), got 1.5"),
    (lambda: helpers.train_test_split(X3, Y3, test_size=3, rng=0), ValueError,
     r"test_size=3 must be between 1 and 2 for 3 samples"),
    (lambda: helpers.train_test_split(X3, Y3, test_size=0.2, rng=None), TypeError, r"rng is required"),
    (lambda: helpers.Standardizer().transform(X3), ValueError, r"not fitted yet; call fit\(X_train\)"),
    (lambda: helpers.Standardizer().fit(X3).transform(np.ones((2, 2))), ValueError,
     r"X has 2 features but the Standardizer was fitted on 1"),
    (lambda: helpers.numerical_gradient("f", [1.0]), TypeError, r"f must be callable, got str"),
    (lambda: helpers.soft_threshold([1.0], -1.0), ValueError, r"t must be >= 0, got -1.0"),
    (lambda: helpers.lasso_path(X3, Y3, alphas=[]), ValueError, r"alphas is empty"),
    (lambda: helpers.fit_ridge(X3, Y3, 1.0, fit_intercept="yes"), TypeError,
     r"fit_intercept must be True or False, got 'yes'"),
    (lambda: helpers.fit_normal_equation([[1.0, 2.0], [3.0]], [1.0, 2.0]), ValueError,
     r"X could not be read as a rectangular array"),
]


@pytest.mark.parametrize("call, exc, pattern", CASES, ids=[p[:40] for _, _, p in CASES])
def test_bad_input_message(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def test_column_vector_y_never_broadcasts_to_n_by_n():
    """The classic slip: (n, 1) minus (n,) is an (n, n) matrix. Every entry point flattens."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((50, 3))
    y = rng.standard_normal(50)
    col = y[:, None]
    assert helpers.mse(col, y) == 0.0
    assert helpers.mse(y, col) == 0.0
    assert helpers.r2_score(col, y) == 1.0
    w = rng.standard_normal(3)
    gw1, gb1 = helpers.mse_gradients(X, y, w, 0.3)
    gw2, gb2 = helpers.mse_gradients(X, col, w[:, None], 0.3)
    assert gw1.shape == gw2.shape == (3,)
    np.testing.assert_array_equal(gw1, gw2)
    assert gb1 == gb2
    assert helpers.predict(X, w[:, None]).shape == (50,)
    for fit in (helpers.fit_normal_equation,
                lambda X, y: helpers.fit_ridge(X, y, 1.0),
                lambda X, y: helpers.fit_lasso(X, y, 0.01, tol=1e-10),
                lambda X, y: helpers.fit_elastic_net(X, y, 0.01, 0.5, tol=1e-10)):
        w1, b1 = fit(X, y)
        w2, b2 = fit(X, col)
        np.testing.assert_array_equal(w1, w2)
        assert b1 == b2
    r1 = helpers.gradient_descent(X, y, learning_rate=0.1, n_iters=20, tol=0)
    r2 = helpers.gradient_descent(X, col, learning_rate=0.1, n_iters=20, tol=0)
    np.testing.assert_array_equal(r1.w, r2.w)
    np.testing.assert_array_equal(r1.loss_history, r2.loss_history)


def test_inputs_are_not_modified():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((30, 4))
    y = rng.standard_normal(30)
    X0, y0 = X.copy(), y.copy()
    w0 = np.ones(4)
    helpers.fit_normal_equation(X, y)
    helpers.fit_ridge(X, y, 1.0)
    helpers.fit_lasso(X, y, 0.05, w_init=w0)
    helpers.gradient_descent(X, y, learning_rate=0.05, n_iters=5, w_init=w0)
    helpers.Standardizer().fit_transform(X)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(w0, np.ones(4))


def test_integer_and_float32_input_are_computed_in_float64():
    X = np.array([[1], [2], [3]])
    y = np.array([3, 5, 7])
    w, b = helpers.fit_normal_equation(X, y)
    assert w.dtype == np.float64
    w32, b32 = helpers.fit_normal_equation(X.astype(np.float32), y.astype(np.float32))
    np.testing.assert_allclose(w32, w, rtol=1e-12)


KERNEL_DIR = pathlib.Path(helpers.__file__).parent


@pytest.mark.parametrize("path", sorted(p.name for p in KERNEL_DIR.glob("*.py")))
def test_kernel_modules_import_numpy_only(path):
    """The house rule: kernels never import matplotlib, ipywidgets or scikit-learn.

    The kernels are the top-level modules; the labs (widgets) and the plotting style
    (Matplotlib) are subpackages of their own, imported only where they are used.
    """
    tree = ast.parse((KERNEL_DIR / path).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    stdlib = {"__future__", "warnings", "numbers", "math", "dataclasses"}
    assert imported <= stdlib | {"numpy"}, f"{path} imports {sorted(imported - stdlib)}"


# ---------------------------------------------------------------------------------------------
# The table of unusual input: every row states its outcome, an error (type and message) or
# the right answer checked against an independent reference (lstsq, scikit-learn, SciPy, or
# the exact scaling law applied to a reference computed on unscaled data). No row may leak a
# RuntimeWarning (pyproject's filterwarnings turns those from helpers into errors).

import dataclasses
import math
import warnings

import pandas as pd
from sklearn.linear_model import ElasticNet, Lasso, Ridge
from sklearn.metrics import r2_score as sk_r2
from sklearn.preprocessing import StandardScaler


@dataclasses.dataclass(frozen=True)
class Raises:
    exc: type
    pattern: str


@dataclasses.dataclass(frozen=True)
class Equals:
    """The call's result equals `expected()` entry by entry (tuples compared part by part)."""
    expected: object
    rtol: float = 1e-9
    atol: float = 0.0


@dataclasses.dataclass(frozen=True)
class Warns:
    """The call warns with `category` matching `pattern`; `check(result)` holds."""
    category: type
    pattern: str
    check: object = None


N, D = 30, 3
_rng = np.random.default_rng(17)
X0 = _rng.standard_normal((N, D)) + np.array([1.0, -2.0, 0.5])
Y0 = X0 @ np.array([1.5, -0.5, 2.0]) + 0.7 + 0.3 * _rng.standard_normal(N)


def _lstsq(X, y):
    theta = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)[0]
    return theta[:-1], theta[-1]


W_LS, B_LS = _lstsq(X0, Y0)


def _sk(model):
    model.fit(X0, Y0)
    return model.coef_, model.intercept_


def _scaled(pair, w_factor, b_factor):
    return pair[0] * w_factor, pair[1] * b_factor


# powers of two and ten, from tiny (squares below the normal range) to huge (squares overflow)
SCALES = [2.0**-560, 1e-160, 1e-100, 1e100, 1e154, 1e160, 2.0**600]

ROWS = {}


def row(name, call, outcome):
    assert name not in ROWS, name
    ROWS[name] = (call, outcome)


for s in SCALES:
    for t in (1.0, s):
        tag = f"X*{s:.3g}, y*{t:.3g}"
        X, y = X0 * s, Y0 * t
        row(f"fit_normal_equation {tag}", lambda X=X, y=y: helpers.fit_normal_equation(X, y),
            Equals(lambda s=s, t=t: _scaled((W_LS, B_LS), t / s, t)))
        # ridge(sX, ty, alpha) = (t/s) ridge(X, y, alpha / s^2)
        alpha = 0.5 * s * s
        if alpha > 1e-300 and np.isfinite(alpha):
            row(f"fit_ridge {tag}", lambda X=X, y=y, a=alpha: helpers.fit_ridge(X, y, a),
                Equals(lambda s=s, t=t: _scaled(_sk(Ridge(0.5, solver="svd")), t / s, t), 1e-8))
        # lasso(sX, ty, alpha) = (t/s) lasso(X, y, alpha / (s t))
        alpha = 0.05 * s * t
        if alpha > 1e-300 and np.isfinite(alpha):
            row(f"fit_lasso {tag}",
                lambda X=X, y=y, a=alpha: helpers.fit_lasso(X, y, a, tol=1e-14, max_iter=10_000),
                Equals(lambda s=s, t=t: _scaled(
                    _sk(Lasso(0.05, tol=1e-14, max_iter=100_000)), t / s, t), 1e-7))
            if s * t < 1e300:
                row(f"lasso_alpha_max {tag}", lambda X=X, y=y: helpers.lasso_alpha_max(X, y),
                    Equals(lambda s=s, t=t: np.max(np.abs((X0 - X0.mean(0)).T @ (Y0 - Y0.mean())))
                           / N * s * t))
            row(f"lasso_path {tag}",
                lambda X=X, y=y, a=alpha: helpers.lasso_path(X, y, alphas=[a], tol=1e-14)[1][0],
                Equals(lambda s=s, t=t: _sk(Lasso(0.05, tol=1e-14, max_iter=100_000))[0] * t / s,
                       1e-7))
        if t == s and np.isfinite(0.05 * s * s) and 0.05 * s * s > 1e-300:
            # both penalties keep their meaning when X and y share the scale s and alpha ~ s^2
            row(f"fit_elastic_net {tag}",
                lambda X=X, y=y, a=0.05 * s * s: helpers.fit_elastic_net(X, y, a, 0.5, tol=1e-14,
                                                                       max_iter=10_000),
                Equals(lambda s=s: _scaled(_sk(ElasticNet(alpha=0.05, l1_ratio=0.5, tol=1e-14,
                                                          max_iter=100_000)), 1.0, s), 1e-7))
        row(f"r2_score {tag}", lambda y=y, t=t: helpers.r2_score(y, (X0 @ W_LS + B_LS) * t),
            Equals(lambda: sk_r2(Y0, X0 @ W_LS + B_LS), 1e-12))
        row(f"predict {tag}", lambda X=X, s=s, t=t: helpers.predict(X, W_LS * t / s, B_LS * t),
            Equals(lambda t=t: (X0 @ W_LS + B_LS) * t, 1e-12))
        row(f"Standardizer {tag}", lambda X=X: helpers.Standardizer().fit_transform(X),
            Equals(lambda: StandardScaler().fit_transform(X0), 1e-10, 1e-12))
        if t != 1.0 and s > 1.0:
            break

# solvers whose answer or its square leaves float64: a clear OverflowError
row("fit_normal_equation weights past float64 (X*1e-200, y*1e200)",
    lambda: helpers.fit_normal_equation(X0 * 1e-200, Y0 * 1e200),
    Raises(OverflowError, r"a weight is about 1e400, past float64's largest number 1.8e308"))
row("fit_ridge weights past float64 (X*1e-200, y*1e200)",
    lambda: helpers.fit_ridge(X0 * 1e-200, Y0 * 1e200, 0.0),
    Raises(OverflowError, r"a weight is about 1e\d+, past float64's largest number"))
row("ridge_path X*1e160, y*1e160 (squares past float64): the unscaled path",
    lambda: helpers.ridge_path(X0 * 1e160, Y0 * 1e160, [0.0, 1e300])[0],
    Equals(lambda: helpers.ridge_path(X0, Y0, [0.0, 1e-20])[0], 1e-9))
row("fit_lasso weights past float64", lambda: helpers.fit_lasso(X0 * 1e-200, Y0 * 1e200, 1e-300),
    Raises(OverflowError, r"a weight is about 1e\d+"))
row("mse of residuals 1e200", lambda: helpers.mse(Y0 * 1e200, -Y0 * 1e200),
    Raises(OverflowError, r"the mean squared error is about 1e4\d\d, past float64's largest"))
row("mse of residuals 2^-600 (subnormal, correctly rounded)",
    lambda: helpers.mse(np.ldexp(Y0, -600), np.ldexp(X0 @ W_LS + B_LS, -600)),
    Equals(lambda: np.ldexp(np.mean((Y0 - X0 @ W_LS - B_LS) ** 2), -1200), 1e-3))
row("mse of huge targets, small residuals",
    lambda: helpers.mse(Y0 * 1e300, Y0 * 1e300 + 1e299),
    Raises(OverflowError, r"the mean squared error is about 1e598"))
row("mse_gradients X*1e160 past float64", lambda: helpers.mse_gradients(X0 * 1e160, Y0 * 1e160, W_LS, 0.0),
    Raises(OverflowError, r"the gradient is about 1e3\d\d"))
row("mse_gradients X*1e100, y*1e100 (w in units 1)",
    lambda: helpers.mse_gradients(X0 * 1e100, Y0 * 1e100, np.ones(D), 0.5e100),
    Equals(lambda: ((2 / N) * X0.T @ (X0 @ np.ones(D) + 0.5 - Y0) * 1e200,
                    (2 / N) * np.sum(X0 @ np.ones(D) + 0.5 - Y0) * 1e100), 1e-9))
row("mse_gradients X*2^-600, y*2^-600",
    lambda: helpers.mse_gradients(np.ldexp(X0, -600), np.ldexp(Y0, -600), np.ones(D), 2.0**-601),
    Equals(lambda: (np.ldexp((2 / N) * X0.T @ (X0 @ np.ones(D) + 0.5 - Y0), -1200),
                    np.ldexp((2 / N) * np.sum(X0 @ np.ones(D) + 0.5 - Y0), -600)), 1e-3, 1e-320))
row("predict past float64", lambda: helpers.predict(X0 * 1e200, np.ones(D) * 1e200),
    Raises(OverflowError, r"a prediction is about 1e4\d\d"))
row("fit_lasso X*1e-160 stopped early: the warning names the caller's alpha",
    lambda: (lambda X: helpers.fit_lasso(X * 1e-160, X @ np.arange(30.0), 1e-163, max_iter=1,
                                         tol=1e-14))(np.random.default_rng(3).standard_normal((40, 30))),
    Warns(helpers.ConvergenceWarning, r"the solver stopped at max_iter=1 .*; the solver "
                                      r"ran on X and y divided by powers of two, where "
                                      r"alpha=1e-163 of the original units is rescaled too"))
row("lasso_alpha_max past float64", lambda: helpers.lasso_alpha_max(X0 * 1e200, Y0 * 1e200),
    Raises(OverflowError, r"alpha_max is about 1e400"))


def _inference_reference(s, t):
    A = np.column_stack([X0, np.ones(N)])
    theta = np.linalg.lstsq(A, Y0, rcond=None)[0]
    r = Y0 - A @ theta
    cov = (r @ r) / (N - D - 1) * np.linalg.inv(A.T @ A)
    scale = np.append(np.full(D, t / s), t)
    return theta[:D] * scale[:D], np.sqrt(np.diag(cov)) * scale


for s, t in [(1e-50, 1.0), (1e-50, 1e-50), (1e100, 1e100), (1e-200, 1e-200), (1e300, 1.0),
             (2.0**-600, 2.0**-600)]:
    row(f"linear_inference X*{s:.3g}, y*{t:.3g}",
        lambda s=s, t=t: (lambda f: (f.coef, np.append(f.coef_se, f.intercept_se)))(
            helpers.linear_inference(X0 * s, Y0 * t)),
        Equals(lambda s=s, t=t: _inference_reference(s, t), 1e-9))
for s, t in [(1e160, 1e160), (1.0, 1e300), (1e-200, 1.0)]:
    row(f"linear_inference covariance past float64 X*{s:.3g}, y*{t:.3g}",
        lambda s=s, t=t: helpers.linear_inference(X0 * s, Y0 * t),
        Raises(OverflowError, r"an entry of the covariance is about 1e\d\d\d, past float64"))

for s in (1e100, 1e-100, 1.0):
    row(f"NormalEquations X*{s:g}, y*{s:g}",
        lambda s=s: helpers.NormalEquations(D).update(X0[:12] * s, Y0[:12] * s)
        .update(X0[12:] * s, Y0[12:] * s).solve(),
        Equals(lambda s=s: (W_LS, B_LS * s), 1e-9))
for s, word in [(1e160, "overflow float64"), (1e-160, "fall below float64's normal range")]:
    row(f"NormalEquations refuses X*{s:g}",
        lambda s=s: helpers.NormalEquations(D).update(X0 * s, Y0),
        Raises(ValueError, rf"X has entries of magnitude up to .*: the sums of squares these "
                           rf"statistics hold would {word}"))
row("NormalEquations refuses y*1e200", lambda: helpers.NormalEquations(D).update(X0, Y0 * 1e200),
    Raises(ValueError, r"y has entries of magnitude up to"))
row("NormalEquations.rss past float64",
    lambda: helpers.NormalEquations(D).update(X0, Y0).rss(np.full(D, 1e200)),
    Raises(OverflowError, r"the residual sum of squares at this w is past float64"))
_X_ILL = np.column_stack([X0[:, 0], X0[:, 0] + 1e-7 * X0[:, 1]])
row("NormalEquations.solve, condition number ~1e15",
    lambda: helpers.NormalEquations(2).update(_X_ILL, Y0).solve(),
    Warns(helpers.CollinearityWarning, r"condition number \d(\.\d)?e\+1[45] .* only about [01] "
                                       r"significant digit\(s\) of the weights can be trusted"))
row("NormalEquations.solve(alpha=1e-12), condition number ~1e14",
    lambda: helpers.NormalEquations(2).update(_X_ILL, Y0).solve(1e-12),
    Warns(helpers.CollinearityWarning, r"condition number .* significant digit"))
row("NormalEquations.solve, condition number 1e3: silent and right",
    lambda: helpers.NormalEquations(2).update(X0[:, :2] * [1.0, 1e-3], Y0).solve(),
    Equals(lambda: _lstsq(X0[:, :2] * [1.0, 1e-3], Y0), 1e-9))

# stability limits: 2 / lambda_max of (2/n) X^T X without an intercept, from the SVD
_SIGMA = np.linalg.svd(X0, compute_uv=False)[0]
for s in (1e-150, 1e-100, 1e154, 1e160):
    row(f"stability_limit X*{s:g}", lambda s=s: helpers.stability_limit(X0 * s, fit_intercept=False),
        Equals(lambda s=s: N / _SIGMA**2 / s / s, 1e-9))
row("stability_limit X*1e-200 (above the largest float: inf, no limit)",
    lambda: helpers.stability_limit(X0 * 1e-200, fit_intercept=False), Equals(lambda: np.inf))
row("stability_limit X*1e300 (below the smallest float: 0)",
    lambda: helpers.stability_limit(X0 * 1e300, fit_intercept=False), Equals(lambda: 0.0))
row("stability_limit X*1e-300, intercept (the ones column sets it)",
    lambda: helpers.stability_limit(X0 * 1e-300), Equals(lambda: 1.0))
_A0 = np.column_stack([X0, np.ones(N)])
row("stability_limit batch_size=1 is 1/max ||a_i||^2",
    lambda: helpers.stability_limit(X0, batch_size=1),
    Equals(lambda: 1.0 / np.max(np.sum(_A0**2, axis=1)), 1e-12))
row("stability_limit batch_size=n is the full-batch limit",
    lambda: helpers.stability_limit(X0, batch_size=N),
    Equals(lambda: 2.0 / (2.0 / N * np.linalg.svd(_A0, compute_uv=False)[0] ** 2), 1e-12))
row("stability_limit batch_size=0", lambda: helpers.stability_limit(X0, batch_size=0),
    Raises(ValueError, r"batch_size must be >= 1, got 0"))

# gradient descent: never 'converged' at the start, never a negative n_iter
for tol in (1.0, 2.0):
    row(f"gradient_descent tol={tol}",
        lambda tol=tol: helpers.gradient_descent(X0, Y0, learning_rate=0.01, tol=tol),
        Raises(ValueError, rf"tol must be in \[0, 1\), got {tol}: the run stops once"))
row("gradient_descent tol=nan", lambda: helpers.gradient_descent(X0, Y0, learning_rate=0.01, tol=np.nan),
    Raises(ValueError, r"tol must be finite, got nan"))
row("gradient_descent record_path='yes'",
    lambda: helpers.gradient_descent(X0, Y0, learning_rate=0.01, record_path="yes"),
    Raises(TypeError, r"record_path must be True or False, got 'yes'"))
_LIMIT0 = helpers.stability_limit(X0)
for t in (1e-200, 1e150, 2.0**-700):
    row(f"gradient_descent y*{t:.3g} converges to t times least squares",
        lambda t=t: (lambda r: (r.w, r.b, r.converged))(helpers.gradient_descent(
            X0, Y0 * t, learning_rate=0.5 * _LIMIT0, n_iters=100_000, tol=1e-13)),
        Equals(lambda t=t: (W_LS * t, B_LS * t, True), 1e-8))
row("gradient_descent y*1e200: the loss history is past float64",
    lambda: helpers.gradient_descent(X0, Y0 * 1e200, learning_rate=0.5 * _LIMIT0, n_iters=10),
    Raises(OverflowError, r"the loss is about 1e40\d, past float64's largest number"))
for s in (1e154, 1e200):
    row(f"gradient_descent X*{s:g}: diverges, warns with the limit, never 'converged'",
        lambda s=s: helpers.gradient_descent(X0 * s, Y0, learning_rate=0.01, n_iters=50),
        Warns(helpers.DivergenceWarning, r"past the stability limit of full-batch descent",
              lambda r: r.diverged and not r.converged and r.n_iter >= 0))
row("gradient_descent X*1e-200: no false 'converged' at the start",
    lambda: (lambda r: (r.converged, r.n_iter))(
        helpers.gradient_descent(X0 * 1e-200, Y0, learning_rate=0.01, n_iters=5)),
    Equals(lambda: (False, 5)))
row("gradient_descent w_init that overflows the loss",
    lambda: helpers.gradient_descent(X0, Y0, learning_rate=0.01, w_init=np.full(D, 1e300)),
    Raises(OverflowError, r"the loss or its gradient at the starting point overflows float64"))
row("gradient_descent batch_size=1 past its limit: the SGD limit in the warning",
    lambda: helpers.gradient_descent(helpers.Standardizer().fit_transform(X0), Y0,
                                     learning_rate=5.0, batch_size=1, rng=0, n_iters=20),
    Warns(helpers.DivergenceWarning,
          r"past the stability limit of batch_size=1 \(stochastic gradient descent\) on this "
          r"data, \(1\+momentum\) max\(B/lambda_max\(A\^T A\), 1/max_i \|\|a_i\|\|\^2\) with "
          r"a_i = \(x_i, 1\) = 0\.\d+; keep it below that \(X is already standardized, so "
          r"lower the learning rate or raise batch_size\)"))
row("gradient_descent raw X past the limit: standardizing advised",
    lambda: helpers.gradient_descent(X0 * 10 + 50, Y0, learning_rate=1.0, n_iters=20),
    Warns(helpers.DivergenceWarning, r"standardizing X usually raises the limit"))

# unusual containers that are fine: the same answer as the plain float64 array
_ro = X0.copy()
_ro.setflags(write=False)


def _memmap(tmp_dir=[]):
    import tempfile

    if not tmp_dir:
        tmp_dir.append(tempfile.mkdtemp())
    path = f"{tmp_dir[0]}/X.dat"
    mm = np.memmap(path, dtype=float, mode="w+", shape=X0.shape)
    mm[:] = X0
    mm.flush()
    return np.memmap(path, dtype=float, mode="r", shape=X0.shape)


CONTAINERS = {
    "read-only": lambda: _ro,
    "memmap (read-only)": _memmap,
    "Fortran order": lambda: np.asfortranarray(X0),
    "strided view": lambda: np.repeat(X0, 2, axis=1)[:, ::2],
    "DataFrame": lambda: pd.DataFrame(X0, columns=list("abc")),
    "masked, nothing masked": lambda: np.ma.masked_array(X0, mask=False),
}
for kind, make in CONTAINERS.items():
    row(f"fit_normal_equation X {kind}", lambda make=make: helpers.fit_normal_equation(make(), Y0),
        Equals(lambda: (W_LS, B_LS), 1e-9))
    row(f"fit_ridge X {kind}", lambda make=make: helpers.fit_ridge(make(), Y0, 0.5),
        Equals(lambda: _sk(Ridge(0.5, solver="svd")), 1e-9))
    row(f"fit_lasso X {kind}", lambda make=make: helpers.fit_lasso(make(), Y0, 0.05, tol=1e-14),
        Equals(lambda: _sk(Lasso(0.05, tol=1e-14, max_iter=100_000)), 1e-7))
    row(f"Standardizer X {kind}", lambda make=make: helpers.Standardizer().fit_transform(make()),
        Equals(lambda: StandardScaler().fit_transform(X0), 1e-12, 1e-12))
    row(f"linear_inference X {kind}", lambda make=make: helpers.linear_inference(make(), Y0).coef,
        Equals(lambda: W_LS, 1e-9))
    row(f"NormalEquations X {kind}",
        lambda make=make: helpers.NormalEquations(D).update(make(), Y0).solve(),
        Equals(lambda: (W_LS, B_LS), 1e-9))
row("y read-only, pandas Series", lambda: helpers.fit_normal_equation(X0, pd.Series(Y0)),
    Equals(lambda: (W_LS, B_LS), 1e-9))
_XI = np.round(X0 * 10).astype(int)
row("pandas Int64 columns without NA", lambda: helpers.fit_normal_equation(
    pd.DataFrame(_XI).astype("Int64"), Y0), Equals(lambda: _lstsq(_XI.astype(float), Y0), 1e-9))
row("memmap stays read-only: gradient_descent on it",
    lambda: helpers.gradient_descent(_memmap(), Y0, learning_rate=0.5 * _LIMIT0, n_iters=5).n_iter,
    Equals(lambda: 5))

# missing values, strings, dates: refused with a message
MISSING = r"X contains missing values \(NaN or NA\): 1 of \d+ entries, the first at index"
_int64_na = pd.DataFrame({"a": pd.array([1, None] + [2] * (N - 2), dtype="Int64"),
                          "b": np.arange(N, dtype=float)})
BAD_X = {
    "pandas Int64 with NA (object after a float column)": (_int64_na, ValueError, MISSING),
    "pandas Int64 with NA alone": (pd.DataFrame({"a": pd.array([1, None] + [2] * (N - 2),
                                                                dtype="Int64")}), ValueError, MISSING),
    "pandas Float64 with NA": (pd.DataFrame({"a": pd.array([1.5, None] + [0.5] * (N - 2),
                                                            dtype="Float64")}), ValueError, MISSING),
    "pandas boolean with NA": (pd.DataFrame({"a": pd.array([True, None] + [False] * (N - 2),
                                                            dtype="boolean")}), ValueError, MISSING),
    "object array with None": (np.array([[1.0], [None]] + [[2.0]] * (N - 2), dtype=object),
                               ValueError, MISSING),
    "masked entry": (np.ma.masked_array(X0[:, :1], mask=np.eye(N, 1, k=-1, dtype=bool)),
                     ValueError, MISSING),
    "numeric strings": (np.array([["1.5"]] * N), TypeError,
                        r"X must contain numbers only, got dtype <U3: strings such as '1.5'\. If "
                        r"they are numbers read from a file, convert them first"),
    "numeric strings in a DataFrame": (pd.DataFrame({"a": ["1"] * N}), TypeError,
                                       r"X must contain numbers only, got dtype object: strings "
                                       r"such as '1'"),
    "a list mixing numbers and strings": ([[1.0, "2"]] * N, TypeError, r"strings such as '1.0'"),
    "datetime64": (np.array(["2020-01-01"] * N, dtype="M8[D]").reshape(-1, 1), TypeError,
                   r"X must contain numbers only, got dtype datetime64\[D\]: dates and times "
                   r"are not numbers"),
    "timedelta64": (np.arange(N).astype("m8[s]").reshape(-1, 1), TypeError,
                    r"got dtype timedelta64\[s\]: dates and times are not numbers"),
    "pandas dates": (pd.DataFrame({"t": pd.date_range("2020", periods=N)}), TypeError,
                     r"got dtype datetime64\[(ns|us)\]: dates and times"),
    "pandas Timestamps in an object column": (
        pd.DataFrame({"t": pd.date_range("2020", periods=N), "x": np.ones(N)}), TypeError,
        r"X must contain numbers only, got dtype object holding Timestamp values"),
    "categorical strings": (pd.DataFrame({"a": pd.Categorical(["u", "v"] * (N // 2))}),
                            TypeError, r"strings such as 'u'"),
    "complex with zero imaginary part": (X0 + 0j, TypeError, r"X must be real numbers"),
    "a dict": ({"a": 1.0}, TypeError, r"X must contain numbers only, got dtype object holding "
                                      r"dict values"),
}
for kind, (X, exc, pattern) in BAD_X.items():
    row(f"fit_normal_equation X = {kind}", lambda X=X: helpers.fit_normal_equation(X, Y0[:len(X)]),
        Raises(exc, pattern))
    row(f"Standardizer X = {kind}", lambda X=X: helpers.Standardizer().fit(X), Raises(exc, pattern))
row("mse y_true = numeric strings", lambda: helpers.mse(["1", "2"], [1.0, 2.0]),
    Raises(TypeError, r"y_true must contain numbers only, got dtype <U1: strings such as '1'"))
row("mse y_pred with pandas NA", lambda: helpers.mse([1.0, 2.0], pd.array([1, None], dtype="Int64")),
    Raises(ValueError, r"y_pred contains missing values \(NaN or NA\): 1 of 2 entries"))
row("y with NaN and inf: both named", lambda: helpers.fit_ridge(X0[:3], [np.nan, np.inf, 1.0], 1.0),
    Raises(ValueError, r"y contains missing values \(NaN or NA\): 1 of 3 entries, the first at "
                       r"index 0; y contains 1 infinite value\(s\) \(shape \(3,\)\)"))
row("polynomial_features x = dates", lambda: helpers.polynomial_features(
    np.array(["2020-01-01"], dtype="M8[D]"), 2), Raises(TypeError, r"x must contain numbers only"))
row("train_test_split y = strings", lambda: helpers.train_test_split(X0, ["a"] * N, test_size=0.2, rng=0),
    Raises(TypeError, r"y must contain numbers only, got dtype <U1"))
row("NormalEquations.update y with pandas NA",
    lambda: helpers.NormalEquations(1).update([[1.0], [2.0]], pd.array([1, None], dtype="Int64")),
    Raises(ValueError, r"y contains missing values \(NaN or NA\)"))

# numerical_gradient: a copy for every evaluation, and no silent nonsense
row("numerical_gradient: f that writes into its argument does not move x",
    lambda: (lambda x: (helpers.numerical_gradient(lambda v: (v.__setitem__(0, 9.0), float(v @ v))[1], x), x)[1])(
        np.array([1.0, 2.0])),
    Equals(lambda: np.array([1.0, 2.0])))
row("numerical_gradient: f keeps every argument (each is its own copy)",
    lambda: (lambda seen: (helpers.numerical_gradient(lambda v: (seen.append(v), float(v @ v))[1],
                                                      [1.0, 2.0]), len({id(v) for v in seen}))[1])([]),
    Equals(lambda: 4))
row("numerical_gradient eps=1e-300", lambda: helpers.numerical_gradient(lambda v: float(v @ v), [1.0], eps=1e-300),
    Raises(ValueError, r"eps=1e-300 is too small for x\[0\] = 1: x \+ h rounds back to x"))
row("numerical_gradient: f returns NaN", lambda: helpers.numerical_gradient(lambda v: float("nan"), [1.0]),
    Raises(ValueError, r"f returned nan at x \+ h e_0: the gradient is not defined"))
row("numerical_gradient: f returns complex", lambda: helpers.numerical_gradient(lambda v: 1j * v[0], [1.0]),
    Raises(TypeError, r"f must return a real number, got the complex value"))
row("numerical_gradient x read-only", lambda: helpers.numerical_gradient(lambda v: float(v @ v), _ro[0]),
    Equals(lambda: 2 * X0[0], 1e-8))

# Student's t far in the tails, against SciPy
for q, dof in [(1e-300, 1.0), (1e-20, 0.5), (1e-100, 3.0), (0.975, 1e15)]:
    row(f"t_quantile({q:g}, {dof:g})", lambda q=q, dof=dof: helpers.t_quantile(q, dof),
        Equals(lambda q=q, dof=dof: __import__("scipy.stats").stats.t.ppf(q, dof), 1e-9))
for q, dof in [(0.975, 1e-300), (0.999999, 0.01)]:
    row(f"t_quantile({q:g}, {dof:g}) beyond float64",
        lambda q=q, dof=dof: helpers.t_quantile(q, dof),
        Raises(OverflowError, rf"the {q:g} quantile of Student's t with {dof:g} degrees of "
                              r"freedom is beyond 1e300"))


def _close(got, expected, rtol, atol):
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected)
        for g, e in zip(got, expected):
            _close(g, e, rtol, atol)
        return
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", list(ROWS))
def test_unusual_input(name):
    call, outcome = ROWS[name]
    if isinstance(outcome, Raises):
        with pytest.raises(outcome.exc, match=outcome.pattern):
            call()
    elif isinstance(outcome, Warns):
        with pytest.warns(outcome.category, match=outcome.pattern):
            result = call()
        assert outcome.check is None or outcome.check(result)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a right answer comes without any warning
            got = call()
        _close(got, outcome.expected(), outcome.rtol, outcome.atol)


def test_the_table_covers_enough_cases():
    kinds = [type(o).__name__ for _, o in ROWS.values()] + ["Raises"] * len(CASES)
    assert len(kinds) >= 150, len(kinds)
