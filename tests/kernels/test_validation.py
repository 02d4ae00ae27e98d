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
