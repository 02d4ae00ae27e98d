"""The linear model, its loss, its gradients and its exact least-squares solution."""

from __future__ import annotations

import warnings

import numpy as np

from ._scaling import affine, pow2_exponent, scale_down, unscale
from ._validation import (
    as_float_array,
    check_bool,
    check_scalar,
    check_weights,
    check_X,
    check_X_y,
    check_y,
)

__all__ = [
    "predict",
    "mse",
    "mse_gradients",
    "r2_score",
    "numerical_gradient",
    "fit_normal_equation",
    "CollinearityWarning",
]


class CollinearityWarning(UserWarning):
    """The columns of X are linearly dependent, so least squares has many solutions."""


# ---------------------------------------------------------------------------------------------
# private kernels: trusted inputs, no validation (called inside loops)


def _center(X, y, fit_intercept):
    """Centered copies of `X` and `y` and their means (zeros without an intercept)."""
    if fit_intercept:
        X_mean = X.mean(axis=0)
        y_mean = y.mean()
        return X - X_mean, y - y_mean, X_mean, y_mean
    return X, y, np.zeros(X.shape[1]), 0.0


def _lstsq_min_norm(X, y):
    """Minimum-norm least squares through the SVD, and the numerical rank of `X`."""
    # LAPACK works on column-major data: handing it that layout saves a transposed copy
    w, _, rank, _ = np.linalg.lstsq(np.asfortranarray(X), y, rcond=None)
    return w, int(rank)


def _least_squares(X, y, centered=False):
    """Exact least squares for trusted `X` (n, d) and `y` (n,); `centered` says the
    columns of `X` and `y` have mean zero.

    Well-conditioned problems are solved through a Gram matrix, the cheapest exact route,
    followed by one step of iterative refinement so the answer has lstsq-level accuracy:
    tall data through ``X^T X`` (d x d), wide data through ``X X^T`` (n x n), whose
    solution ``w = X^T (X X^T)^-1 y`` is the minimum-norm one. Centering leaves ``X X^T``
    singular along the vector of ones, which is orthogonal to everything else in the
    problem, so ``1 1^T / n`` is added to restore a regular system without changing `w`.
    Ill-conditioned or rank-deficient problems go through the SVD (``np.linalg.lstsq``).

    Returns ``(w, rank)``.
    """
    n, d = X.shape
    if d == 0:
        return np.zeros(0), 0
    if n > d:
        G = X.T @ X
        try:
            lam, V = np.linalg.eigh(G)
        except np.linalg.LinAlgError:  # the SVD below is the more robust route
            lam = np.zeros(1)
        if lam[0] > 1e-8 * lam[-1]:
            # w = G^-1 X^T y, applied through the eigendecomposition G = V diag(lam) V^T
            w = V @ ((V.T @ (X.T @ y)) / lam)
            # one step of refinement: solve G dw = X^T (y - X w) and correct w
            r = y - X @ w
            w += V @ ((V.T @ (X.T @ r)) / lam)
            return w, d
    else:
        K = X @ X.T
        if centered:
            K += 1.0 / n
        try:
            lam = np.linalg.eigvalsh(K)
        except np.linalg.LinAlgError:  # the SVD below is the more robust route
            lam = np.zeros(1)
        if lam[0] > 1e-8 * lam[-1]:
            # w = X^T K^-1 y, then the same refinement in the n x n form
            w = X.T @ np.linalg.solve(K, y)
            w += X.T @ np.linalg.solve(K, y - X @ w)
            return w, n - 1 if centered else n
    return _lstsq_min_norm(X, y)


def _check_targets(y_true, y_pred):
    """Two target vectors of one length, each flattened from (n,) or (n, 1)."""
    y_true = check_y(y_true, "y_true")
    y_pred = check_y(y_pred, "y_pred")
    if y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(
            f"y_true has {y_true.shape[0]} samples but y_pred has {y_pred.shape[0]}"
        )
    return y_true, y_pred


# ---------------------------------------------------------------------------------------------
# public API


def predict(X, w, b=0.0):
    """Predictions of the linear model ``y_hat = X w + b``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Design matrix, one row per sample.
    w : array-like of shape (n_features,)
        Weights. Shape (n_features, 1) is accepted and flattened.
    b : float, default=0.0
        Intercept (bias), added to every prediction.

    Returns
    -------
    y_hat : ndarray of shape (n_samples,)

    Notes
    -----
    .. math:: \\hat y = X w + b

    Examples
    --------
    >>> import numpy as np
    >>> predict(np.array([[1.0], [2.0], [3.0]]), np.array([1.0]), 0.5)
    array([1.5, 2.5, 3.5])
    """
    X = check_X(X)
    w = check_weights(w, X.shape[1])
    b = check_scalar(b, "b")
    y_hat, e, _, _ = affine(X, w, b)
    return unscale(y_hat, e, "a prediction")


def mse(y_true, y_pred):
    """Mean squared error ``(1/n) sum((y_pred - y_true)^2)``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, 1)
    y_pred : array-like of shape (n_samples,) or (n_samples, 1)

    Returns
    -------
    float

    Notes
    -----
    .. math:: \\mathrm{MSE} = \\frac{1}{n} \\sum_{i=1}^n (\\hat y_i - y_i)^2

    Both arguments are flattened to (n,) first, so (n, 1) against (n,) never broadcasts
    to an (n, n) matrix.

    Examples
    --------
    >>> mse([2.0, 4.0, 6.0], [1.0, 2.0, 3.0])  # (1 + 4 + 9) / 3
    4.666666666666667
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    e = pow2_exponent(y_true, y_pred)
    r = scale_down(y_pred, e) - scale_down(y_true, e)
    er = pow2_exponent(r)  # a close fit has residuals far smaller than the targets
    r = scale_down(r, er)
    return unscale(float(r @ r) / r.shape[0], 2 * (e + er), "the mean squared error")


def mse_gradients(X, y, w, b=0.0):
    """Gradient of the mean squared error with respect to the weights and the intercept.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    w : array-like of shape (n_features,)
    b : float, default=0.0

    Returns
    -------
    grad_w : ndarray of shape (n_features,)
    grad_b : float

    Notes
    -----
    With residual :math:`r = X w + b - y` and :math:`L = \\frac{1}{n} r^\\top r`,

    .. math::
        \\nabla_w L = \\frac{2}{n} X^\\top r, \\qquad
        \\frac{\\partial L}{\\partial b} = \\frac{2}{n} \\sum_i r_i .

    Examples
    --------
    >>> X = [[1.0], [2.0], [3.0]]
    >>> gw, gb = mse_gradients(X, [2.0, 4.0, 6.0], [1.0], 0.0)
    >>> round(float(gw[0]), 4), round(gb, 4)   # -28/3 and -4
    (-9.3333, -4.0)
    """
    X, y = check_X_y(X, y)
    w = check_weights(w, X.shape[1])
    b = check_scalar(b, "b")
    n = X.shape[0]
    # r = X w + b - y, held as r * 2^e_r and X as Xs * 2^e_x so nothing overflows
    r, e_r, Xs, e_x = affine(X, w, b, y)
    return (unscale((2.0 / n) * (Xs.T @ r), e_x + e_r, "the gradient"),
            unscale((2.0 / n) * float(r.sum()), e_r, "the gradient"))


def r2_score(y_true, y_pred):
    """Coefficient of determination ``1 - SS_res / SS_tot``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, 1)
    y_pred : array-like of shape (n_samples,) or (n_samples, 1)

    Returns
    -------
    float
        1.0 for a perfect fit, 0.0 for predicting the mean, negative when worse than
        the mean. As in scikit-learn, a constant `y_true` gives 1.0 for a perfect
        prediction and 0.0 otherwise, instead of dividing by zero.

    Notes
    -----
    .. math:: R^2 = 1 - \\frac{\\sum_i (y_i - \\hat y_i)^2}{\\sum_i (y_i - \\bar y)^2}

    Examples
    --------
    >>> r2_score([1.0, 2.0, 3.0], [1.0, 2.0, 4.0])
    0.5
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    # a ratio: both sums may be computed on targets divided by one power of two
    e = pow2_exponent(y_true, y_pred)
    y_true, y_pred = scale_down(y_true, e), scale_down(y_pred, e)
    dev = y_true - y_true.mean()
    res = y_true - y_pred
    e_small = pow2_exponent(dev, res)  # a tiny spread around a large mean
    dev, res = scale_down(dev, e_small), scale_down(res, e_small)
    ss_res = float((res**2).sum())
    ss_tot = float((dev**2).sum())
    if ss_tot == 0.0:
        return 1.0 if ss_res == 0.0 else 0.0
    return 1.0 - ss_res / ss_tot


def numerical_gradient(f, x, eps=1e-6):
    """Central finite-difference gradient of a scalar function.

    Parameters
    ----------
    f : callable
        ``f(x) -> float`` for `x` of the shape given.
    x : array-like of any shape
        Point at which to differentiate. Not modified.
    eps : float, default=1e-6
        Relative step: coordinate i moves by ``eps * max(1, |x_i|)``.

    Returns
    -------
    grad : ndarray of the shape of `x`

    Notes
    -----
    .. math:: \\frac{\\partial f}{\\partial x_i} \\approx
              \\frac{f(x + h e_i) - f(x - h e_i)}{2 h}

    The truncation error is O(h^2) and the rounding error O(machine epsilon / h), so
    h near 1e-6 gives about ten correct digits for smooth functions.

    Examples
    --------
    >>> g = numerical_gradient(lambda v: float(v @ v), [1.0, -2.0])
    >>> np.round(g, 6)
    array([ 2., -4.])
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    eps = check_scalar(eps, "eps")
    if eps <= 0:
        raise ValueError(f"eps must be > 0, got {eps}")
    x = as_float_array(x, "x")
    grad = np.empty(x.shape)
    flat_x = x.reshape(-1)
    flat_g = grad.reshape(-1)
    for i in range(flat_x.size):
        xi = flat_x[i]
        h = eps * max(1.0, abs(xi))
        if xi + h == xi or xi - h == xi:
            raise ValueError(
                f"eps={eps:g} is too small for x[{i}] = {xi:g}: x + h rounds back to x "
                "(h must be above about 1e-16 |x|; 1e-6 is the usual choice)"
            )
        # `f` gets a fresh copy each time: what it does to its argument cannot change `x`
        # or the next evaluation
        f_plus = _real_value(f, _moved(x, i, xi + h), i, "+")
        f_minus = _real_value(f, _moved(x, i, xi - h), i, "-")
        flat_g[i] = (f_plus - f_minus) / (2.0 * h)
    return grad


def _moved(x, i, value):
    """A copy of `x` with its i-th entry (in C order) set to `value`."""
    out = x.copy()
    out.reshape(-1)[i] = value
    return out


def _real_value(f, x, i, sign):
    """``float(f(x))``, with a clear error for anything that is not one finite real number."""
    value = f(x)
    if isinstance(value, (complex, np.complexfloating)) or np.iscomplexobj(value):
        raise TypeError(f"f must return a real number, got the complex value {value!r}")
    try:
        number = float(np.asarray(value, dtype=float).reshape(()))
    except (TypeError, ValueError):
        raise TypeError(
            f"f must return a scalar, got {type(value).__name__} with shape {np.shape(value)}"
        ) from None
    if not np.isfinite(number):
        raise ValueError(f"f returned {number} at x {sign} h e_{i}: the gradient is not defined")
    return number


def fit_normal_equation(X, y, *, fit_intercept=True):
    """Exact least squares: the weights and intercept that minimize the MSE.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    fit_intercept : bool, default=True
        Fit an unpenalized intercept by centering `X` and `y` first.

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float
        0.0 when ``fit_intercept=False``.

    Warns
    -----
    CollinearityWarning
        When the (centered) columns of `X` are linearly dependent, including whenever
        there are at least as many features as samples. Least squares then has infinitely
        many solutions and the one with the smallest ``||w||`` is returned, as
        ``np.linalg.lstsq`` and scikit-learn's LinearRegression do.

    Notes
    -----
    The minimizer solves the normal equations

    .. math:: X_c^\\top X_c\\, w = X_c^\\top y_c, \\qquad b = \\bar y - \\bar x^\\top w,

    where the subscript c marks centered data. No inverse is ever formed: a
    well-conditioned problem is solved through the eigendecomposition of the Gram matrix
    with one step of iterative refinement, and anything else through the SVD. Data whose
    magnitudes would overflow or underflow when squared (around 1e155 or 1e-160) are
    first divided by powers of two, which changes no digit, and the answer is scaled back.

    Examples
    --------
    >>> w, b = fit_normal_equation([[1.0], [2.0], [3.0]], [3.0, 5.0, 7.0])
    >>> np.round(w, 6), round(b, 6)
    (array([2.]), 1.0)
    """
    X, y = check_X_y(X, y)
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    ex, ey = pow2_exponent(X), pow2_exponent(y)
    Xc, yc, X_mean, y_mean = _center(scale_down(X, ex), scale_down(y, ey), fit_intercept)
    w, rank = _least_squares(Xc, yc, centered=fit_intercept)
    d = X.shape[1]
    if rank < d:
        warnings.warn(
            f"the columns of X are linearly dependent (rank {rank} < {d} features"
            f"{' after centering' if fit_intercept else ''}, X.shape={X.shape}); "
            "returning the minimum-norm least-squares solution. Drop duplicated or "
            "constant columns, or use fit_ridge, for a unique answer.",
            CollinearityWarning,
            stacklevel=2,
        )
    b = float(y_mean - X_mean @ w) if fit_intercept else 0.0
    return unscale(w, ey - ex, "a weight"), unscale(b, ey, "the intercept")
