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
    """The columns of X are linearly dependent, so least squares has many solutions.

    Derived in chapter 3 (solving the normal equations well).
    """


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


# Rows per block of a blocked pass: about 1 MB of centred rows, which stay in cache while
# they are used.
_BLOCK_BYTES = 2**20

# A Gram system whose (scaled) condition number exceeds this gets one step of iterative
# refinement against the data: without it the solution keeps about 16 - log10(cond) digits.
REFINE_ABOVE = 1e3


def _row_blocks(n, d):
    """Start and stop of consecutive row blocks of about `_BLOCK_BYTES` for d columns (at
    least 1024 rows, below which the products per block lose speed)."""
    rows = max(1024, _BLOCK_BYTES // (8 * (d + 2)))
    return [(start, min(start + rows, n)) for start in range(0, n, rows)]


def _centered_gram(X, y, fit_intercept):
    """The sufficient statistics of least squares for trusted `X` (n, d) and `y` (n,).

    Returns ``(x_mean, y_mean, G, Xty, yy)`` with ``G = X_c^T X_c``, ``Xty = X_c^T y_c`` and
    ``yy = y_c^T y_c`` (no centring without an intercept), from one pass over `X` and no
    centred copy of it: each block of rows, read once, gives its products ``B^T B`` and
    ``B^T y_c`` and its column sums while it is in cache.

    With an intercept, the Gram matrix about zero is centred afterwards,
    ``X_c^T X_c = X^T X - n m m^T``, which loses ``log2(1 + n m_j^2 / (X_c^T X_c)_jj)`` bits
    of each diagonal entry: at most one when every mean lies within its column's spread,
    which the diagonal itself certifies. A column whose mean is far from its spread (a
    timestamp, a price in cents) would lose digits that way, so then the rows are centred
    block by block instead (:func:`_centered_gram_blocked`).
    """
    n, d = X.shape
    y_mean = 0.0
    if fit_intercept:
        # a few evenly spaced rows show a large offset before a pass is spent on it
        sample = X[:: max(1, n // 32)]
        if np.any(np.abs(sample.mean(axis=0)) > np.ptp(sample, axis=0)):
            return _centered_gram_blocked(X, y)
        y_mean = float(y.mean())
    yc = y - y_mean
    G, sums, Xty = np.zeros((d, d)), np.zeros(d), np.zeros(d)
    ones = np.ones(min(n, _row_blocks(n, d)[0][1]))
    for start, stop in _row_blocks(n, d):
        # a block of a strided view (columns of a memory-mapped file) is copied to rows in
        # cache, so its products are those of the same rows held in memory, digit for digit
        B = np.ascontiguousarray(X[start:stop])
        G += B.T @ B
        sums += ones[: stop - start] @ B
        Xty += B.T @ yc[start:stop]
    yy = float(yc @ yc)
    if not fit_intercept:
        return np.zeros(d), 0.0, G, Xty, yy
    x_mean = sums / n
    G -= n * np.outer(x_mean, x_mean)
    if not np.all(n * x_mean * x_mean <= G.diagonal()):
        return _centered_gram_blocked(X, y)
    # X_c^T y_c = X^T y_c - x_mean sum(y_c), and sum(y_c) is zero up to rounding
    return x_mean, y_mean, G, Xty - x_mean * yc.sum(), yy


def _centered_gram_blocked(X, y):
    """:func:`_centered_gram` with an intercept, exact for any offset, in one blocked pass.

    Each block of rows is centred about a provisional mean `shift` (that of the first
    block) in a small buffer that stays in cache, with `y` and a column of ones beside it,
    so one symmetric product ``Z^T Z`` per block accumulates every sum about the shift.
    The exact means differ from the shift by ``delta = sum(x - shift) / n``, a fraction of
    the spread, and ``X_c^T X_c = sum (x - shift)(x - shift)^T - n delta delta^T`` then
    loses nothing (the correction of Chan, Golub and LeVeque).
    """
    n, d = X.shape
    blocks = _row_blocks(n, d)
    first = slice(*blocks[0])
    shift, y_shift = X[first].mean(axis=0), float(y[first].mean())
    Z = np.empty((blocks[0][1], d + 2))
    Z[:, d + 1] = 1.0
    S = np.zeros((d + 2, d + 2))
    for start, stop in blocks:
        Zb = Z[: stop - start]
        np.subtract(X[start:stop], shift, out=Zb[:, :d])
        np.subtract(y[start:stop], y_shift, out=Zb[:, d])
        S += Zb.T @ Zb
    dx, dy = S[:d, d + 1] / n, S[d, d + 1] / n
    G = S[:d, :d] - n * np.outer(dx, dx)
    Xty = S[:d, d] - n * dx * dy
    return shift + dx, y_shift + dy, G, Xty, float(S[d, d] - n * dy * dy)


def _centered_residual_gradient(X, y, x_mean, y_mean, w):
    """``X_c^T (y_c - X_c w)`` in one blocked pass, each block centred in cache."""
    n, d = X.shape
    g = np.zeros(d)
    for start, stop in _row_blocks(n, d):
        Bc = X[start:stop] - x_mean
        g += Bc.T @ ((y[start:stop] - y_mean) - Bc @ w)
    return g


def _least_squares(X, y, fit_intercept):
    """Exact least squares for trusted `X` (n, d) and `y` (n,).

    Well-conditioned problems are solved through a Gram matrix, the cheapest exact route:
    tall data through ``X_c^T X_c`` (d x d), computed by :func:`_centered_gram` in one pass
    with no centred copy, wide data through ``X_c X_c^T`` (n x n), whose solution
    ``w = X_c^T (X_c X_c^T)^-1 y_c`` is the minimum-norm one. Centering leaves
    ``X_c X_c^T`` singular along the vector of ones, which is orthogonal to everything else
    in the problem, so ``1 1^T / n`` is added to restore a regular system without changing
    `w`. The tall system is scaled to a unit diagonal first (the same solution, and the
    condition number that decides the digits lost); when that exceeds `REFINE_ABOVE` one
    step of iterative refinement against the data restores lstsq-level accuracy.
    Ill-conditioned or rank-deficient problems go through the SVD (``np.linalg.lstsq``).

    Returns ``(w, rank, x_mean, y_mean)``.
    """
    n, d = X.shape
    if d == 0:
        return np.zeros(0), 0, np.zeros(0), float(y.mean()) if fit_intercept else 0.0
    if n > d:
        x_mean, y_mean, G, Xty, _ = _centered_gram(X, y, fit_intercept)
        scale = np.sqrt(G.diagonal())
        if scale.all():
            Gs = G / np.outer(scale, scale)
            try:
                lam = np.linalg.eigvalsh(Gs)
            except np.linalg.LinAlgError:  # the SVD below is the more robust route
                lam = np.zeros(1)
            if lam[0] > 1e-8 * lam[-1]:
                # w = G^-1 X_c^T y_c, as (D^-1 G D^-1)(D w) = D^-1 X_c^T y_c with D = diag(scale)
                w = np.linalg.solve(Gs, Xty / scale) / scale
                if lam[-1] > REFINE_ABOVE * lam[0]:
                    # one step of refinement: solve G dw = X_c^T (y_c - X_c w) and correct w
                    r = _centered_residual_gradient(X, y, x_mean, y_mean, w)
                    w += np.linalg.solve(Gs, r / scale) / scale
                return w, d, x_mean, y_mean
        Xc, yc = (X - x_mean, y - y_mean) if fit_intercept else (X, y)
        return (*_lstsq_min_norm(Xc, yc), x_mean, y_mean)
    Xc, yc, x_mean, y_mean = _center(X, y, fit_intercept)
    K = Xc @ Xc.T
    if fit_intercept:
        K += 1.0 / n
    try:
        lam = np.linalg.eigvalsh(K)
    except np.linalg.LinAlgError:  # the SVD below is the more robust route
        lam = np.zeros(1)
    if lam[0] > 1e-8 * lam[-1]:
        # w = X^T K^-1 y, then one step of refinement in the n x n form
        w = Xc.T @ np.linalg.solve(K, yc)
        w += Xc.T @ np.linalg.solve(K, yc - Xc @ w)
        return w, n - 1 if fit_intercept else n, x_mean, y_mean
    return (*_lstsq_min_norm(Xc, yc), x_mean, y_mean)


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

    Derived in chapter 1 (the linear model).

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

    Derived in chapter 1 (the linear model).

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

    Derived in chapter 2 (the loss and its geometry).

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

    Derived in chapter 5 (real data).

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

    Derived in chapter 2 (the loss and its geometry).

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

    Derived in chapter 3 (solving the normal equations well); the normal equations
    themselves are derived in chapter 2 (the loss and its geometry).

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
    well-conditioned problem is solved through the Gram matrix, computed in one pass over
    `X` without a centred copy (with one step of iterative refinement when its condition
    number calls for it), and anything else through the SVD. Data whose magnitudes would
    overflow or underflow when squared (around 1e155 or 1e-160) are first divided by powers
    of two, which changes no digit, and the answer is scaled back.

    Examples
    --------
    >>> w, b = fit_normal_equation([[1.0], [2.0], [3.0]], [3.0, 5.0, 7.0])
    >>> np.round(w, 6), round(b, 6)
    (array([2.]), 1.0)
    """
    X, y = check_X_y(X, y)
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    ex, ey = pow2_exponent(X), pow2_exponent(y)
    w, rank, X_mean, y_mean = _least_squares(scale_down(X, ex), scale_down(y, ey), fit_intercept)
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
