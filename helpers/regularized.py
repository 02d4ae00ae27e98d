"""Penalized least squares: ridge (L2), the lasso (L1) and the elastic net (both).

Objectives are scikit-learn's, so any result can be checked against it:

- ridge:        ``||y - Xw - b||^2 + alpha ||w||^2``
- lasso:        ``(1/(2n)) ||y - Xw - b||^2 + alpha ||w||_1``
- elastic net:  ``(1/(2n)) ||y - Xw - b||^2 + alpha l1_ratio ||w||_1
  + (alpha (1 - l1_ratio) / 2) ||w||^2``

The intercept is never penalized: it is fitted by centering `X` and `y`.
"""

from __future__ import annotations

import warnings

import numpy as np

from ._scaling import pow2_exponent, scale_down, unscale
from ._validation import (
    as_float_array,
    check_bool,
    check_int,
    check_nonnegative,
    check_scalar,
    check_weights,
    check_X_y,
)
from .linear import _center, _lstsq_min_norm

__all__ = [
    "soft_threshold",
    "fit_ridge",
    "fit_lasso",
    "fit_elastic_net",
    "lasso_path",
    "lasso_alpha_max",
    "ConvergenceWarning",
]


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped at `max_iter` before reaching its tolerance."""


def soft_threshold(z, t):
    """The soft-thresholding operator ``sign(z) * max(|z| - t, 0)``.

    Parameters
    ----------
    z : float or array-like
    t : float
        Threshold, >= 0.

    Returns
    -------
    float or ndarray of the shape of `z`

    Notes
    -----
    It solves the one-dimensional lasso problem
    :math:`\\min_w \\tfrac12 (w - z)^2 + t |w|`: values within `t` of zero become exactly
    zero, and the rest move `t` towards zero.

    Examples
    --------
    >>> soft_threshold(np.array([-3.0, -0.5, 0.0, 0.5, 3.0]), 1.0)
    array([-2., -0.,  0.,  0.,  2.])
    """
    t = check_nonnegative(t, "t")
    scalar = np.ndim(z) == 0
    z = as_float_array(z, "z")
    out = np.sign(z) * np.maximum(np.abs(z) - t, 0.0)
    return float(out) if scalar else out


# ---------------------------------------------------------------------------------------------
# ridge


def _ridge_centered(X, y, alpha):
    """Ridge weights for trusted centered data, in the cheaper of the primal and dual forms."""
    n, d = X.shape
    if alpha == 0.0:
        return _lstsq_min_norm(X, y)[0]
    try:
        if d <= n:
            # w = (X^T X + alpha I)^-1 X^T y
            A = X.T @ X
            A.flat[:: d + 1] += alpha
            return np.linalg.solve(A, X.T @ y)
        # wide data: w = X^T (X X^T + alpha I)^-1 y, an n x n system instead of d x d
        K = X @ X.T
        K.flat[:: n + 1] += alpha
        return X.T @ np.linalg.solve(K, y)
    except np.linalg.LinAlgError:  # pragma: no cover - alpha > 0 keeps the system regular
        # the same minimizer from the augmented least-squares problem [X; sqrt(alpha) I]
        X_aug = np.vstack([X, np.sqrt(alpha) * np.eye(d)])
        y_aug = np.concatenate([y, np.zeros(d)])
        return _lstsq_min_norm(X_aug, y_aug)[0]


def fit_ridge(X, y, alpha, *, fit_intercept=True):
    """Ridge regression: least squares with an L2 penalty on the weights.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    alpha : float
        Penalty strength, >= 0. ``alpha=0`` is ordinary (minimum-norm) least squares.
    fit_intercept : bool, default=True
        Fit an unpenalized intercept by centering `X` and `y` first.

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float

    Notes
    -----
    Minimizes scikit-learn's Ridge objective
    :math:`\\|y - Xw - b\\|^2 + \\alpha \\|w\\|^2`, whose minimizer solves

    .. math:: (X_c^\\top X_c + \\alpha I)\\, w = X_c^\\top y_c .

    For ``alpha > 0`` the matrix is symmetric positive definite (its eigenvalues are those
    of :math:`X_c^\\top X_c`, all >= 0, plus alpha), so the system always has one solution.
    Data whose squares would overflow or underflow are divided by powers of two first
    (``X -> X / s``, ``y -> y / t``, ``alpha -> alpha / s^2``) and the answer scaled back.
    When there are more features than samples the identity
    :math:`(X^\\top X + \\alpha I)^{-1} X^\\top = X^\\top (X X^\\top + \\alpha I)^{-1}`
    turns the d x d system into an n x n one.

    Examples
    --------
    >>> w, b = fit_ridge([[0.0], [1.0], [2.0]], [0.0, 1.0, 2.0], alpha=2.0)
    >>> np.round(w, 6), round(b, 6)    # slope 2 / (2 + 2) = 0.5
    (array([0.5]), 0.5)
    """
    X, y = check_X_y(X, y)
    alpha = check_nonnegative(alpha, "alpha")
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    ex, ey = pow2_exponent(X), pow2_exponent(y)
    Xc, yc, X_mean, y_mean = _center(scale_down(X, ex), scale_down(y, ey), fit_intercept)
    # with X = 2^ex X' and y = 2^ey y', w = 2^(ey - ex) w' where w' is ridge with alpha / 4^ex
    with np.errstate(over="ignore"):
        alpha_scaled = float(np.ldexp(alpha, -2 * ex))
    if np.isinf(alpha_scaled):
        # the penalty dwarfs X_c^T X_c by more than 300 digits: w = X_c^T y_c / alpha
        w = unscale((Xc.T @ yc) / alpha, ex + ey, "a weight")
        b = unscale(y_mean, ey, "the intercept") - float(unscale(X_mean, ex, "") @ w)
        return w, (b if fit_intercept else 0.0)
    w = _ridge_centered(Xc, yc, alpha_scaled)
    b = float(y_mean - X_mean @ w) if fit_intercept else 0.0
    return unscale(w, ey - ex, "a weight"), unscale(b, ey, "the intercept")


# ---------------------------------------------------------------------------------------------
# coordinate descent for the elastic net (the lasso is l1_ratio = 1)
#
# Everything below works with the objective multiplied by n, as in Friedman, Hastie and
# Tibshirani (2010) and scikit-learn:  P(w) = 1/2 ||y - Xw||^2 + l1 ||w||_1 + l2/2 ||w||^2,
# with l1 = n alpha l1_ratio and l2 = n alpha (1 - l1_ratio).


def _duality_gap(w, g, Rnorm2, Ry, yy, l1, l2):
    """Duality gap of the n-scaled elastic net at `w`.

    `g` is X^T R with R = y - X w, `Rnorm2` is R.R, `Ry` is R.y and `yy` is y.y.
    Without an L2 part (the lasso) the residual is scaled into the dual feasible set
    ``|X^T theta| <= l1``, as scikit-learn does. With an L2 part the dual,
    ``D(theta) = y.y/2 - ||y - theta||^2/2 - sum_j (|x_j^T theta| - l1)_+^2 / (2 l2)``,
    has no constraint, and the residual itself gives a tight certificate.
    """
    l1_norm = float(np.abs(w).sum())
    if l2 > 0.0:
        primal = 0.5 * Rnorm2 + l1 * l1_norm + 0.5 * l2 * float(w @ w)
        excess = np.maximum(np.abs(g) - l1, 0.0)
        Xw_norm2 = yy - 2.0 * Ry + Rnorm2  # ||y - R||^2 = ||X w||^2
        dual = 0.5 * yy - 0.5 * Xw_norm2 - 0.5 * float(excess @ excess) / l2
        return primal - dual
    dual_norm = float(np.max(np.abs(g))) if g.size else 0.0
    if dual_norm > l1:
        const = l1 / dual_norm
        gap = 0.5 * (Rnorm2 + Rnorm2 * const * const)
    else:
        const = 1.0
        gap = Rnorm2
    return gap + l1 * l1_norm - const * Ry


# Active-set sweeps hand over to a full sweep (and a polish attempt) once the largest
# step falls below this fraction of the largest weight.
POLISH_AFTER = 1e-2


def _gap_from_g(w, g, Xty, yy, l1, l2):
    """Duality gap from the maintained ``g = X^T R``: R.R = y.y - w.X^T y - w.g and
    R.y = y.y - w.X^T y, with R = y - X w, so no pass over X is needed."""
    wXty = float(w @ Xty)
    return _duality_gap(w, g, yy - wXty - float(w @ g), yy - wXty, yy, l1, l2)


def _cd_gram(G, Xty, yy, w, l1, l2, tol_gap, max_iter):
    """Covariance-update coordinate descent on the Gram matrix (n >> d, or a working set).

    Maintains ``g = X^T y - G w`` (the correlation of each feature with the residual), so an
    update of coordinate j costs one axpy of length d, and a coordinate that stays at zero
    costs a few scalar operations. With `g` at hand the duality gap costs O(d), so it is
    checked after every sweep. Sweeps cycle over the nonzero coordinates until they settle,
    then over all of them (glmnet's active-set cycling). Modifies `w` in place.

    Returns ``(n_sweeps, gap)``.
    """
    d = G.shape[0]
    diag = G.diagonal().tolist()
    denom = [gj + l2 for gj in diag]
    w_list = w.tolist()
    all_coords = range(d)
    full_sweep = True
    active = []
    gap = np.inf
    n_sweeps = 0
    for n_sweeps in range(1, max_iter + 1):
        if full_sweep:
            # recompute `g` exactly so rounding from many axpy updates cannot accumulate
            g = Xty - G @ np.asarray(w_list)
        coords = all_coords if full_sweep else active
        w_max = 0.0
        dw_max = 0.0
        for j in coords:
            if denom[j] == 0.0:
                continue
            wj = w_list[j]
            z = g[j] + diag[j] * wj
            if z > l1:
                new = (z - l1) / denom[j]
            elif z < -l1:
                new = (z + l1) / denom[j]
            else:
                new = 0.0
            if new != wj:
                g -= (new - wj) * G[j]
                w_list[j] = new
                if abs(new - wj) > dw_max:
                    dw_max = abs(new - wj)
            if abs(new) > w_max:
                w_max = abs(new)
        w[:] = w_list
        gap = _gap_from_g(w, g, Xty, yy, l1, l2)
        if gap <= tol_gap:
            break
        if full_sweep:
            new_active = [j for j in all_coords if w_list[j] != 0.0]
            if new_active:
                # guess that this support and sign pattern are final: one linear solve checks
                polished = _polish(G, Xty, w, new_active, l1, l2)
                if polished is not None:
                    w_try, g_try = polished
                    gap_try = _gap_from_g(w_try, g_try, Xty, yy, l1, l2)
                    if gap_try < gap:
                        w[:] = w_try
                        w_list = w.tolist()
                        g = g_try
                        gap = gap_try
                        if gap <= tol_gap:
                            break
                        new_active = [j for j in all_coords if w_list[j] != 0.0]
            active = new_active
            full_sweep = not active
        elif dw_max <= POLISH_AFTER * w_max:
            full_sweep = True  # the active set has settled: look at every coordinate again
    return n_sweeps, gap


def _polish(G, Xty, w, support, l1, l2, max_rounds=5):
    """The exact optimum for a guessed support and sign pattern, or None if the guess is wrong.

    On the support S with signs s the optimality conditions are linear,
    ``(G_SS + l2 I) w_S = X_S^T y - l1 s``. If the solution keeps the signs s but some
    coordinate outside S violates ``|g_j| <= l1``, that coordinate joins S with the sign of
    its violation and the system is solved again (a few rounds of an active-set method).
    The caller certifies any result with the duality gap, so a wrong guess costs time,
    never accuracy.
    """
    d = w.shape[0]
    S = np.asarray(support)
    signs = np.sign(w[S])
    for round_ in range(max_rounds):
        A = G[np.ix_(S, S)]
        if l2:
            A = A + l2 * np.eye(S.size)
        try:
            L = np.linalg.cholesky(A)
        except np.linalg.LinAlgError:
            return None
        # A nearly singular support system would give huge weights whose duality gap,
        # computed from `g`, cancels catastrophically: leave such problems to the sweeps.
        # (max L_ii / min L_ii)^2 is a cheap lower bound on the condition number of A.
        L_diag = np.abs(L.diagonal())
        if L_diag.min() <= 1e-6 * L_diag.max():
            return None
        w_S = np.linalg.solve(A, Xty[S] - l1 * signs)
        if not np.array_equal(np.sign(w_S), signs):
            return None
        g_new = Xty - G[:, S] @ w_S
        outside = np.ones(d, dtype=bool)
        outside[S] = False
        viol = np.flatnonzero(outside & (np.abs(g_new) > l1 * (1.0 + 1e-12)))
        if viol.size == 0 or round_ == max_rounds - 1:
            break  # optimal for the whole problem, or out of rounds: the gap will judge
        S = np.concatenate([S, viol])
        signs = np.concatenate([signs, np.sign(g_new[viol])])
    w_new = np.zeros_like(w)
    w_new[S] = w_S
    return w_new, g_new


def _enet_fit_centered(X, y, l1, l2, w, tol, max_iter, gram=None):
    """Elastic net on trusted centered data; `w` is the warm start, modified in place.

    `tol` is scikit-learn's: iteration stops when the duality gap of the n-scaled
    objective is at most ``tol * ||y||^2``. Tall data use the Gram matrix of all features;
    wide data use working sets (the features in the model and the worst violators of the
    optimality conditions) whose small Gram matrices are built on demand.

    Returns ``(n_iter, gap, tol_gap)``.
    """
    n, d = X.shape
    yy = float(y @ y)
    tol_gap = tol * yy
    if yy == 0.0 or d == 0:
        w[:] = 0.0
        return 0, 0.0, tol_gap
    if l1 == 0.0:
        # no L1 part: ridge (or least squares), which has a closed form; coordinate descent
        # would also get there, but its duality gap is not informative without an L1 term
        w[:] = _ridge_centered(X, y, l2)
        return 0, 0.0, tol_gap
    Xty = gram[1] if gram is not None else X.T @ y
    if l2 == 0.0 and l1 >= (1.0 - 8 * np.finfo(float).eps) * float(np.max(np.abs(Xty))):
        # lasso with alpha >= alpha_max (to rounding): zero is optimal, exactly
        w[:] = 0.0
        return 0, 0.0, tol_gap
    if gram is not None or n >= d:
        G = gram[0] if gram is not None else X.T @ X
        n_iter, gap = _cd_gram(G, Xty, yy, w, l1, l2, tol_gap, max_iter)
        return n_iter, gap, tol_gap
    return _enet_working_set(X, y, yy, l1, l2, w, tol_gap, max_iter)


def _enet_working_set(X, y, yy, l1, l2, w, tol_gap, max_iter):
    """Working-set elastic net for wide data (d > n).

    Each outer step solves the problem restricted to the features in the model plus the
    worst violators of the optimality conditions (about twice as many features as the
    model has), then checks the whole problem through its duality gap. Gram entries of
    features that stay in the working set are reused from one step to the next.
    """
    d = X.shape[1]
    n_iter = 0
    gap = np.inf
    ws_prev = np.zeros(0, dtype=np.intp)
    G_prev = np.zeros((0, 0))
    ws_size = 100
    while n_iter < max_iter:
        R = y - X @ w
        g = X.T @ R
        gap = _duality_gap(w, g, float(R @ R), float(R @ y), yy, l1, l2)
        if gap <= tol_gap:
            break
        # rank features by how badly they violate the optimality conditions
        score = np.abs(g - l2 * w) - l1
        support = np.flatnonzero(w)
        score[support] = np.inf
        ws_size = min(d, max(ws_size, 2 * support.size))
        if ws_size < d:
            ws = np.sort(np.argpartition(-score, ws_size - 1)[:ws_size])
        else:
            ws = np.arange(d)
        G_ws = _gram_reusing(X, ws, ws_prev, G_prev)
        Xw = X[:, ws]
        w_ws = w[ws].copy()
        sub_iter, _ = _cd_gram(
            G_ws, Xw.T @ y, yy, w_ws, l1, l2, max(1e-3 * gap, 0.5 * tol_gap), max_iter - n_iter
        )
        w[ws] = w_ws
        n_iter += sub_iter
        ws_prev, G_prev = ws, G_ws
        if np.count_nonzero(w_ws) == ws.size:
            ws_size *= 2  # the model filled the working set: give it room
    return n_iter, gap, tol_gap


def _gram_reusing(X, ws, ws_prev, G_prev):
    """``X[:, ws].T @ X[:, ws]``, copying the entries already known for `ws_prev`."""
    old = np.isin(ws, ws_prev, assume_unique=True)
    if not old.any():
        Xw = X[:, ws]
        return Xw.T @ Xw
    pos_prev = np.searchsorted(ws_prev, ws[old])
    G = np.empty((ws.size, ws.size))
    G[np.ix_(old, old)] = G_prev[np.ix_(pos_prev, pos_prev)]
    new = ~old
    if new.any():
        block = X[:, ws].T @ X[:, ws[new]]  # (|ws|, |new|)
        G[:, new] = block
        G[new, :] = block.T
    return G


def _check_enet_args(X, y, alpha, l1_ratio, fit_intercept, max_iter, tol, w_init=None):
    X, y = check_X_y(X, y)
    alpha = check_nonnegative(alpha, "alpha")
    l1_ratio = check_scalar(l1_ratio, "l1_ratio")
    if not 0.0 <= l1_ratio <= 1.0:
        raise ValueError(f"l1_ratio must be in [0, 1], got {l1_ratio}")
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    max_iter = check_int(max_iter, "max_iter", minimum=1)
    tol = check_nonnegative(tol, "tol")
    if w_init is not None:
        w_init = check_weights(w_init, X.shape[1], "w_init").copy()
    return X, y, alpha, l1_ratio, fit_intercept, max_iter, tol, w_init


def _warn_not_converged(gap, tol_gap, max_iter, alpha):
    warnings.warn(
        f"coordinate descent stopped at max_iter={max_iter} with duality gap {gap:.3g} "
        f"> tolerance {tol_gap:.3g} (alpha={alpha}); increase max_iter, loosen tol, or "
        "standardize the features",
        ConvergenceWarning,
        stacklevel=3,
    )


def fit_elastic_net(
    X, y, alpha, l1_ratio=0.5, *, fit_intercept=True, max_iter=1000, tol=1e-4, w_init=None
):
    """Elastic net: least squares with a mix of L1 and L2 penalties, by coordinate descent.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    alpha : float
        Overall penalty strength, >= 0.
    l1_ratio : float, default=0.5
        Share of the L1 penalty, in [0, 1]: 1 is the lasso, 0 is ridge (with
        scikit-learn's scaling, see Notes).
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum number of coordinate sweeps.
    tol : float, default=1e-4
        scikit-learn's tolerance: stop when the duality gap is at most
        ``tol * ||y_c||^2 / n``.
    w_init : array-like of shape (n_features,), default=None
        Warm start; zeros when None.

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float

    Warns
    -----
    ConvergenceWarning
        When `max_iter` sweeps did not bring the duality gap under the tolerance.

    Notes
    -----
    Minimizes scikit-learn's ElasticNet objective

    .. math:: \\frac{1}{2n}\\|y - Xw - b\\|^2 + \\alpha\\rho\\|w\\|_1
              + \\frac{\\alpha(1-\\rho)}{2}\\|w\\|^2

    with :math:`\\rho` = `l1_ratio`. Each coordinate update is a soft-thresholding step,
    :math:`w_j \\leftarrow S(z_j, n\\alpha\\rho) / (\\|x_j\\|^2 + n\\alpha(1-\\rho))`, where
    :math:`z_j = x_j^\\top r + \\|x_j\\|^2 w_j` and r is the current residual.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
    >>> w, b = fit_elastic_net(X, [1.0, 0.0, 1.0, 2.0], alpha=0.01, l1_ratio=0.5, tol=1e-10)
    >>> np.round(w, 3), round(b, 3)
    (array([0.98, 0.  ]), 0.02)
    """
    X, y, alpha, l1_ratio, fit_intercept, max_iter, tol, w = _check_enet_args(
        X, y, alpha, l1_ratio, fit_intercept, max_iter, tol, w_init
    )
    return _fit_enet_scaled(X, y, alpha, l1_ratio, fit_intercept, max_iter, tol, w)


def _fit_enet_scaled(X, y, alpha, l1_ratio, fit_intercept, max_iter, tol, w):
    """`_fit_enet` on `X` and `y` divided by powers of two when their squares would
    overflow or underflow, and the answer scaled back.

    With X = 2^ex X', y = 2^ey y' and w = 2^(ey - ex) w', the objective divided by 4^ey
    is the same elastic net in the primed variables with the L1 weight
    ``alpha l1_ratio / 2^(ex + ey)`` and the L2 weight ``alpha (1 - l1_ratio) / 4^ex``.
    """
    ex, ey = pow2_exponent(X), pow2_exponent(y)
    if ex == 0 and ey == 0:
        return _fit_enet(X, y, alpha, l1_ratio, fit_intercept, max_iter, tol, w)
    with np.errstate(over="ignore", under="ignore"):
        a1 = float(np.ldexp(alpha * l1_ratio, -ex - ey))
        a2 = float(np.ldexp(alpha * (1.0 - l1_ratio), -2 * ex))
    Xs, ys = scale_down(X, ex), scale_down(y, ey)
    if np.isinf(a1) or np.isinf(a2):
        # a penalty past 1e308 in the scaled units: every weight is its limit, soft-
        # thresholding of X_c^T y_c / n by alpha l1_ratio over alpha (1 - l1_ratio)
        Xc, yc, X_mean, y_mean = _center(Xs, ys, fit_intercept)
        if np.isinf(a1) or a2 == 0.0:
            w = np.zeros(X.shape[1])
        else:
            z = unscale((Xc.T @ yc) / X.shape[0], ex + ey, "a correlation")
            w = soft_threshold(z, alpha * l1_ratio) / (alpha * (1.0 - l1_ratio))
        b = unscale(y_mean, ey, "the intercept") - float(unscale(X_mean, ex, "") @ w)
        return w, (b if fit_intercept else 0.0)
    w_scaled = None if w is None else scale_down(w, ey - ex)
    with _in_original_units(alpha):
        w, b = _fit_enet(Xs, ys, a1 + a2, a1 / (a1 + a2) if a1 + a2 else 1.0,
                         fit_intercept, max_iter, tol, w_scaled)
    return unscale(w, ey - ex, "a weight"), unscale(b, ey, "the intercept")


class _in_original_units(warnings.catch_warnings):
    """Re-issue a ConvergenceWarning raised on rescaled data with the caller's alpha."""

    def __init__(self, alpha):
        super().__init__(record=True)
        self.alpha = alpha

    def __enter__(self):
        self.caught = super().__enter__()
        warnings.simplefilter("always")
        return self.caught

    def __exit__(self, *exc):
        super().__exit__(*exc)
        for w in self.caught:
            text = str(w.message)
            if issubclass(w.category, ConvergenceWarning):
                text += (f"; the solver ran on X and y divided by powers of two, where "
                         f"alpha={self.alpha:g} of the original units is rescaled too")
            warnings.warn(text, w.category, stacklevel=4)
        return False


def _fit_enet(X, y, alpha, l1_ratio, fit_intercept, max_iter, tol, w, gram=None):
    n, d = X.shape
    Xc, yc, X_mean, y_mean = _center(X, y, fit_intercept)
    if w is None:
        w = np.zeros(d)
    l1 = n * alpha * l1_ratio
    l2 = n * alpha * (1.0 - l1_ratio)
    n_iter, gap, tol_gap = _enet_fit_centered(Xc, yc, l1, l2, w, tol, max_iter, gram)
    if gap > tol_gap:
        _warn_not_converged(gap / n, tol_gap / n, max_iter, alpha)
    b = float(y_mean - X_mean @ w) if fit_intercept else 0.0
    return w, b


def fit_lasso(X, y, alpha, *, fit_intercept=True, max_iter=1000, tol=1e-4, w_init=None):
    """The lasso: least squares with an L1 penalty, by coordinate descent.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    alpha : float
        Penalty strength, >= 0. Every weight is exactly zero for
        ``alpha >= lasso_alpha_max(X, y)``.
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum number of coordinate sweeps.
    tol : float, default=1e-4
        scikit-learn's tolerance: stop when the duality gap is at most
        ``tol * ||y_c||^2 / n``.
    w_init : array-like of shape (n_features,), default=None
        Warm start; zeros when None.

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float

    Notes
    -----
    Minimizes scikit-learn's Lasso objective

    .. math:: \\frac{1}{2n}\\|y - Xw - b\\|^2 + \\alpha\\|w\\|_1 .

    There is no closed form because :math:`|w_j|` has no derivative at 0, but with every
    other coordinate fixed the problem in :math:`w_j` is solved exactly by
    soft-thresholding (Friedman, Hastie and Tibshirani, 2010). When there are many more
    samples than features the sweeps run on the Gram matrix :math:`X^\\top X` (the
    covariance updates); when there are more features than samples they run on small
    working sets of features, chosen by how much they violate the optimality conditions.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
    >>> w, b = fit_lasso(X, [1.0, 0.0, 1.0, 2.0], alpha=0.1, tol=1e-10)
    >>> np.round(w, 3), round(b, 3)
    (array([0.8, 0. ]), 0.2)
    """
    X, y, alpha, _, fit_intercept, max_iter, tol, w = _check_enet_args(
        X, y, alpha, 1.0, fit_intercept, max_iter, tol, w_init
    )
    return _fit_enet_scaled(X, y, alpha, 1.0, fit_intercept, max_iter, tol, w)


def lasso_alpha_max(X, y, *, fit_intercept=True):
    """The smallest alpha at which every lasso weight is exactly zero.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    fit_intercept : bool, default=True

    Returns
    -------
    float

    Notes
    -----
    At :math:`w = 0` the residual is :math:`y_c`, and zero is optimal exactly when every
    subgradient condition :math:`|x_j^\\top y_c| / n \\le \\alpha` holds, so

    .. math:: \\alpha_{\\max} = \\frac{1}{n} \\max_j |x_j^\\top y_c| .

    Examples
    --------
    >>> lasso_alpha_max([[0.0], [1.0], [2.0]], [0.0, 1.0, 2.0])   # |(-1)(-1) + 1*1| / 3
    0.6666666666666666
    """
    X, y = check_X_y(X, y)
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    ex, ey = pow2_exponent(X), pow2_exponent(y)
    Xc, yc, _, _ = _center(scale_down(X, ex), scale_down(y, ey), fit_intercept)
    return unscale(float(np.max(np.abs(Xc.T @ yc))) / X.shape[0], ex + ey, "alpha_max")


def lasso_path(
    X, y, alphas=None, *, n_alphas=100, eps=1e-3, fit_intercept=True, max_iter=1000, tol=1e-4
):
    """Lasso solutions along a decreasing grid of alphas, each warm-started from the last.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    alphas : array-like of shape (n_alphas,), default=None
        The penalties to use (sorted into decreasing order). When None, `n_alphas` values
        log-spaced from ``lasso_alpha_max(X, y)`` down to ``eps`` times it.
    n_alphas : int, default=100
    eps : float, default=1e-3
    fit_intercept : bool, default=True
    max_iter : int, default=1000
    tol : float, default=1e-4

    Returns
    -------
    alphas : ndarray of shape (n_alphas,)
        Decreasing.
    coefs : ndarray of shape (n_alphas, n_features)
        Row k holds the weights for ``alphas[k]``.
    intercepts : ndarray of shape (n_alphas,)

    Notes
    -----
    Neighbouring solutions on the path are close, so each fit starts from the previous one
    and needs few sweeps; on tall data the Gram matrix is computed once for the whole path.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]])
    >>> alphas, coefs, _ = lasso_path(X, [1.0, 0.0, 1.0, 2.0], n_alphas=3, tol=1e-10)
    >>> np.round(alphas, 4)
    array([0.5   , 0.0158, 0.0005])
    >>> np.round(coefs, 3)
    array([[0.   , 0.   ],
           [0.968, 0.   ],
           [0.999, 0.   ]])
    """
    X, y, _, _, fit_intercept, max_iter, tol, _ = _check_enet_args(
        X, y, 0.0, 1.0, fit_intercept, max_iter, tol
    )
    n, d = X.shape
    # the path on X / 2^ex and y / 2^ey has the alphas / 2^(ex + ey) (see fit_elastic_net)
    ex, ey = pow2_exponent(X), pow2_exponent(y)
    Xc, yc, X_mean, y_mean = _center(scale_down(X, ex), scale_down(y, ey), fit_intercept)
    if alphas is None:
        n_alphas = check_int(n_alphas, "n_alphas", minimum=1)
        eps = check_scalar(eps, "eps")
        if not 0.0 < eps <= 1.0:
            raise ValueError(f"eps must be in (0, 1], got {eps}")
        alpha_max = float(np.max(np.abs(Xc.T @ yc))) / n
        if n_alphas == 1:
            alphas_scaled = np.array([alpha_max])
        else:
            alphas_scaled = alpha_max * np.logspace(0.0, np.log10(eps), n_alphas)
        alphas = unscale(alphas_scaled, ex + ey, "alpha_max")
    else:
        alphas = as_float_array(alphas, "alphas").reshape(-1)
        if alphas.size == 0:
            raise ValueError("alphas is empty; give at least one penalty")
        if (alphas < 0).any():
            raise ValueError(f"alphas must all be >= 0, got min {alphas.min()}")
        alphas = np.sort(alphas)[::-1]
        with np.errstate(over="ignore", under="ignore"):
            alphas_scaled = np.ldexp(alphas, -(ex + ey))
    gram = (Xc.T @ Xc, Xc.T @ yc) if n >= d else None
    coefs = np.zeros((alphas.size, d))
    w = np.zeros(d)
    for k, alpha in enumerate(alphas_scaled):
        _, gap, tol_gap = _enet_fit_centered(Xc, yc, n * alpha, 0.0, w, tol, max_iter, gram)
        if gap > tol_gap:
            _warn_not_converged(gap / n, tol_gap / n, max_iter, alphas[k])
        coefs[k] = w
    if fit_intercept:
        intercepts = y_mean - coefs @ X_mean
    else:
        intercepts = np.zeros(alphas.size)
    return (alphas, unscale(coefs, ey - ex, "a weight"),
            unscale(intercepts, ey, "an intercept"))
