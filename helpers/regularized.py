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
from .linear import _center, _centered_gram, _lstsq_min_norm

__all__ = [
    "soft_threshold",
    "fit_ridge",
    "ridge_path",
    "fit_lasso",
    "fit_elastic_net",
    "lasso_path",
    "lasso_alpha_max",
    "ConvergenceWarning",
]


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped at `max_iter` before reaching its tolerance.

    Derived in chapter 8 (the lasso).
    """


def soft_threshold(z, t):
    """The soft-thresholding operator ``sign(z) * max(|z| - t, 0)``.

    Derived in chapter 8 (the lasso).

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


def _ridge(X, y, alpha, fit_intercept):
    """Ridge weights and the means for trusted data, in the cheaper of the primal and dual forms.

    Returns ``(w, x_mean, y_mean)``.
    """
    n, d = X.shape
    if alpha > 0.0 and n > d:
        # w = (X_c^T X_c + alpha I)^-1 X_c^T y_c, the Gram matrix from one pass, no centred copy
        x_mean, y_mean, A, Xty, _ = _centered_gram(X, y, fit_intercept)
        A.flat[:: d + 1] += alpha
        try:
            return np.linalg.solve(A, Xty), x_mean, y_mean
        except np.linalg.LinAlgError:  # pragma: no cover - alpha > 0 keeps the system regular
            pass
    Xc, yc, x_mean, y_mean = _center(X, y, fit_intercept)
    if alpha == 0.0:
        return _lstsq_min_norm(Xc, yc)[0], x_mean, y_mean
    if n > d:  # pragma: no cover - the fallback above: the same minimizer from [X; sqrt(alpha) I]
        X_aug = np.vstack([Xc, np.sqrt(alpha) * np.eye(d)])
        return _lstsq_min_norm(X_aug, np.concatenate([yc, np.zeros(d)]))[0], x_mean, y_mean
    # wide data: w = X^T (X X^T + alpha I)^-1 y, an n x n system instead of d x d
    K = Xc @ Xc.T
    K.flat[:: n + 1] += alpha
    return Xc.T @ np.linalg.solve(K, yc), x_mean, y_mean


def fit_ridge(X, y, alpha, *, fit_intercept=True):
    """Ridge regression: least squares with an L2 penalty on the weights.

    Derived in chapter 7 (ridge).

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

    .. math:: (X^\\top X + \\alpha I)^{-1} X^\\top = X^\\top (X X^\\top + \\alpha I)^{-1}

    turns the d x d system into an n x n one. On tall data the Gram matrix comes from one
    pass over `X`, without a centred copy. For many alphas at once, :func:`ridge_path`
    factorizes the data once.

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
    Xs, ys = scale_down(X, ex), scale_down(y, ey)
    # with X = 2^ex X' and y = 2^ey y', w = 2^(ey - ex) w' where w' is ridge with alpha / 4^ex
    with np.errstate(over="ignore"):
        alpha_scaled = float(np.ldexp(alpha, -2 * ex))
    if np.isinf(alpha_scaled):
        # the penalty dwarfs X_c^T X_c by more than 300 digits: w = X_c^T y_c / alpha
        Xc, yc, X_mean, y_mean = _center(Xs, ys, fit_intercept)
        w = unscale((Xc.T @ yc) / alpha, ex + ey, "a weight")
        b = unscale(y_mean, ey, "the intercept") - float(unscale(X_mean, ex, "") @ w)
        return w, (b if fit_intercept else 0.0)
    w, X_mean, y_mean = _ridge(Xs, ys, alpha_scaled, fit_intercept)
    b = float(y_mean - X_mean @ w) if fit_intercept else 0.0
    return unscale(w, ey - ex, "a weight"), unscale(b, ey, "the intercept")


def _check_alphas(alphas):
    """A non-empty 1-D float array of penalties, each >= 0."""
    alphas = as_float_array(alphas, "alphas").reshape(-1)
    if alphas.size == 0:
        raise ValueError("alphas is empty; give at least one penalty")
    if (alphas < 0).any():
        raise ValueError(f"alphas must all be >= 0, got min {alphas.min()}")
    return alphas


def ridge_path(X, y, alphas, *, fit_intercept=True):
    """Ridge solutions for many penalties at once, from one SVD of the data.

    Derived in chapter 7 (ridge).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    alphas : array-like of shape (n_alphas,)
        Penalties, each >= 0, in any order; ``alpha=0`` is the minimum-norm least-squares
        solution.
    fit_intercept : bool, default=True
        Fit an unpenalized intercept by centering `X` and `y` first.

    Returns
    -------
    coefs : ndarray of shape (n_alphas, n_features)
        Row k holds the weights for ``alphas[k]``, as ``fit_ridge(X, y, alphas[k])`` gives.
    intercepts : ndarray of shape (n_alphas,)

    Notes
    -----
    With the thin SVD :math:`X_c = U \\operatorname{diag}(s) V^\\top`, the ridge system
    :math:`(X_c^\\top X_c + \\alpha I) w = X_c^\\top y_c` diagonalizes:

    .. math:: w(\\alpha) = V \\operatorname{diag}\\!\\left(\\frac{s_i}{s_i^2 + \\alpha}\\right)
              U^\\top y_c ,

    so after the SVD, O(n d min(n, d)) once, each penalty costs O(d min(n, d)): a
    cross-validation loop over a grid of alphas needs one factorization per fold. Each
    direction :math:`v_i` is shrunk by :math:`s_i^2 / (s_i^2 + \\alpha)`, strongly where the
    data vary little. At ``alpha=0`` the directions with singular values below rounding
    are dropped, as ``np.linalg.lstsq`` does.

    Examples
    --------
    >>> coefs, intercepts = ridge_path([[0.0], [1.0], [2.0]], [0.0, 1.0, 2.0], [0.0, 2.0])
    >>> np.round(coefs, 6), np.round(intercepts, 6)    # slopes 2 / (2 + alpha)
    (array([[1. ],
           [0.5]]), array([0. , 0.5]))
    """
    X, y = check_X_y(X, y)
    alphas = _check_alphas(alphas)
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    # on X / 2^ex and y / 2^ey the penalties are alphas / 4^ex (see fit_ridge)
    ex, ey = pow2_exponent(X), pow2_exponent(y)
    Xc, yc, x_mean, y_mean = _center(scale_down(X, ex), scale_down(y, ey), fit_intercept)
    with np.errstate(over="ignore", under="ignore"):
        alphas_scaled = np.ldexp(alphas, -2 * ex)
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    # shrink factors s / (s^2 + alpha), one row per alpha; at alpha = 0 the singular values
    # below rounding give no direction (as in np.linalg.lstsq) instead of 1 / s
    rcond = max(X.shape) * np.finfo(float).eps * (s[0] if s.size else 0.0)
    usable = (s > rcond) | (alphas_scaled[:, None] > 0.0)
    with np.errstate(over="ignore"):
        denom = s * s + alphas_scaled[:, None]
    factors = np.divide(s, denom, out=np.zeros_like(denom), where=usable)
    coefs = (factors * (U.T @ yc)) @ Vt
    intercepts = y_mean - coefs @ x_mean if fit_intercept else np.zeros(alphas.size)
    return (unscale(coefs, ey - ex, "a weight"), unscale(intercepts, ey, "an intercept"))


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


# Active-set sweeps hand over to a full sweep (and an attempt at the exact finish) once the
# largest step falls below this fraction of the largest weight.
POLISH_AFTER = 1e-2


def _gap_from_g(w, g, Xty, yy, l1, l2):
    """Duality gap from the maintained ``g = X^T R``: R.R = y.y - w.X^T y - w.g and
    R.y = y.y - w.X^T y, with R = y - X w, so no pass over X is needed."""
    wXty = float(w @ Xty)
    return _duality_gap(w, g, yy - wXty - float(w @ g), yy - wXty, yy, l1, l2)


def _cd_gram(G, Xty, yy, w, l1, l2, tol_gap, max_iter):
    """Covariance-update coordinate descent on the Gram matrix (tall narrow data).

    Maintains ``g = X^T y - G w`` (the correlation of each feature with the residual), so an
    update of coordinate j costs one axpy of length d, and a coordinate that stays at zero
    costs a few scalar operations. With `g` at hand the duality gap costs O(d), so it is
    checked after every sweep. Sweeps cycle over the nonzero coordinates until they settle,
    then over all of them (glmnet's active-set cycling), and each full sweep tries the
    exact finish (:func:`_sign_fixed_solve`) on its support. Modifies `w` in place.

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
                finish = _sign_fixed_solve(_SubGram(G, None), Xty, w, Xty - g, yy, l1, l2)
                if finish is not None:
                    w_try, Gw, _ = finish
                    g_try = Xty - Gw
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


class _SubGram:
    """The working set's Gram matrix ``Q = A A^T``, with `rows` = A its centred columns as
    rows (None on tall data, where `Q` comes from the full Gram matrix).

    `Q` is held explicitly while it has at most 2n rows; beyond, an elastic net's large
    support, it is None and ``Q v = A (A^T v)`` costs 2 n k operations instead of k^2.
    """

    def __init__(self, Q, rows):
        self.Q, self.rows = Q, rows

    def __matmul__(self, v):
        return self.Q @ v if self.Q is not None else self.rows @ (self.rows.T @ v)

    def block(self, S):
        """``Q[S][:, S]``, a copy."""
        return self.Q[np.ix_(S, S)] if self.Q is not None else self.rows[S] @ self.rows[S].T

    def columns_times(self, S, u):
        """``Q[:, S] @ u``."""
        return self.Q[:, S] @ u if self.Q is not None else self.rows @ (self.rows[S].T @ u)


def _subproblem_objective(v, Qv, c, l1, l2):
    """``1/2 v^T Q v - c^T v + l1 ||v||_1 + l2/2 ||v||^2`` from the product ``Q v``."""
    return float(0.5 * (v @ Qv) - c @ v + l1 * np.abs(v).sum() + 0.5 * l2 * (v @ v))


def _sign_fixed_solve(Q, c, v, Qv, yy, l1, l2, max_rounds=3):
    """The exact finish: the optimum if the signs of `v` (or a few more) are the final ones.

    For ``min 1/2 v^T Q v - c^T v + l1 ||v||_1 + l2/2 ||v||^2`` (Q the Gram matrix of the
    features, c their correlations with y_c, yy = y_c^T y_c), the optimality conditions on a
    support S with signs s are linear,

        (Q_SS + l2 I) u = c_S - l1 s,

    solved directly, or, for an elastic net whose support exceeds the n samples, through
    the Woodbury identity with ``A = X_S`` (n x |S|):
    ``(l2 I + A^T A)^-1 r = (r - A^T (l2 I + A A^T)^-1 A r) / l2``, an n x n system.
    If u keeps the signs s and no feature outside S violates ``|c_j - Q_jS u| <= l1``, it is
    the optimum; features that do are added with the sign of their violation and the
    system solved again (an active-set step; at most `max_rounds` solves). If signs flip,
    the objective (a quadratic on the orthant of s) still decreases from v towards u: the
    step stops where the first coordinate reaches zero (a feature-sign search step), so a
    wrong guess still makes progress.

    A lasso support larger than n makes the system singular and a nearly singular one
    gives inaccurate, large weights: a result whose penalty alone exceeds the objective at
    zero, ``yy / 2``, cannot be optimal, and one that does not lower the objective is
    refused. This bound also keeps the gaps computed from ``Q`` free of cancellation.

    Returns ``(v_new, Q v_new, exact)``, or None when no attempt improved on `v`.
    """
    n = np.inf if Q.rows is None else Q.rows.shape[1]  # tall data: supports never exceed n
    S = np.flatnonzero(v)
    s = np.sign(v[S])
    v_S = v[S]
    best = None
    for _ in range(max_rounds):
        if l2 == 0.0 and S.size > n:
            break
        rhs = c[S] - l1 * s
        try:
            if S.size > n:
                A = Q.rows[S]
                M = A.T @ A
                M.flat[:: n + 1] += l2
                u = (rhs - A @ np.linalg.solve(M, A.T @ rhs)) / l2
            else:
                M = Q.block(S)
                M.flat[:: S.size + 1] += l2
                u = np.linalg.solve(M, rhs)
        except np.linalg.LinAlgError:
            break
        flip = np.sign(u) != s
        if flip.any():
            if best is not None:
                break
            # feature-sign step from v: where the first flipping coordinate hits zero
            ratio = v_S[flip] / (v_S[flip] - u[flip])
            first = np.argmin(ratio)
            u = v_S + ratio[first] * (u - v_S)
            u[np.flatnonzero(flip)[first]] = 0.0
        if l1 * np.abs(u).sum() + 0.5 * l2 * (u @ u) > 0.5 * yy:
            break
        v_new = np.zeros_like(v)
        v_new[S] = u
        Qv_new = Q.columns_times(S, u)
        if _subproblem_objective(v_new, Qv_new, c, l1, l2) > _subproblem_objective(
                v if best is None else best[0], Qv if best is None else best[1], c, l1, l2):
            break
        best = (v_new, Qv_new, False)
        if flip.any():
            break
        violation = np.abs(c - Qv_new)
        violation[S] = 0.0
        outside = np.flatnonzero(violation > l1 * (1.0 + 1e-12))
        if outside.size == 0:
            return v_new, Qv_new, True
        S = np.concatenate([S, outside])
        s = np.concatenate([s, np.sign(c[outside] - Qv_new[outside])])
        v_S = np.concatenate([u, np.zeros(outside.size)])
    return best


# ---------------------------------------------------------------------------------------------
# the elastic net on wide and square data: working sets
#
# Each round computes the full gradient g = X_c^T R of the residual R = y_c - X_c w (one
# pass over X, which is never copied: X_c^T R = X^T R - x_mean sum(R)) and the duality gap,
# which decides when to stop. Otherwise it solves the problem restricted to a working set W,
# the features in the model plus the worst violators of the optimality conditions
# |x_j^T R| <= l1, on the Gram matrix Q = X_W^T X_W of their centred columns (gathered
# once, when a feature enters W). The subproblem needs no pass over X at all:
#
#     min_v  1/2 v^T Q v - c^T v + l1 ||v||_1 + l2/2 ||v||^2,    c = X_W^T y_c,
#
# solved by accelerated proximal gradient steps (vectorized, one product with Q each) and
# finished exactly by a linear solve once its signs have settled.

# Features added to the working set per round: the support's size, at least this many.
WS_GROW = 64
# Each round solves its subproblem to this fraction of the full duality gap.
WS_INNER_TOL = 0.1
# Proximal gradient steps allowed per round (the next round starts where this one stopped).
WS_MAX_STEPS = 2000
# Steps between checks of the subproblem's gap and of its signs (the exact finish is
# tried when they have not changed since the last check).
FINISH_PATIENCE = 5
# The working set is solved without copying X unless a column's mean exceeds this many
# times its spread: then X^T R - x_mean sum(R) would cancel digits, and X is centred once.
OFFSET_LIMIT = 100.0


def _power_iteration(Q, v, n_steps=20, rtol=1e-3):
    """Largest eigenvalue of the symmetric positive semidefinite `Q` and its vector.

    Each step ``v <- Q v / ||Q v||``; the Rayleigh quotient ``v^T Q v`` rises to the
    largest eigenvalue from below. `v` is a warm start.
    """
    lam = 0.0
    for _ in range(n_steps):
        u = Q @ v
        norm = float(np.linalg.norm(u))
        if norm == 0.0:
            return 0.0, v
        lam_new = float(v @ u) / float(v @ v)
        v = u / norm
        if lam_new - lam <= rtol * lam_new:
            return lam_new, v
        lam = lam_new
    return lam, v


def _apg_gram(Q, c, v, yy, l1, l2, lipschitz, tol_gap, max_steps, finish_first=False,
              finish_last=False):
    """Accelerated proximal gradient on the subproblem, with adaptive restart and an exact finish.

    With ``L >= lambda_max(Q) + l2`` each step is (Beck and Teboulle's FISTA)

        v+ = S(z - (Q z - c + l2 z) / L, l1 / L),    z = v+ + beta_t (v+ - v),

    where S is soft-thresholding, ``S(u, t) = u - clip(u, -t, t)``; the momentum restarts
    (z = v+, t = 1) whenever the step goes against it, ``(z - v+)^T (v+ - v) > 0``
    (O'Donoghue and Candes, 2015), which keeps the rate linear on these strongly convex
    pieces. `Q z` comes from two stored products, so a step costs one product with Q.
    Every `FINISH_PATIENCE` steps the subproblem's duality gap (from ``g = c - Q v``) is
    checked against `tol_gap`, and, when the signs of v are those of the previous check,
    the exact finish (:func:`_sign_fixed_solve`) is tried, as soon as the steps since the
    last attempt have cost as much as the attempt itself; after a failure it waits twice
    as long. `v` is the warm start; `finish_first` tries its signs before any step, and
    `finish_last` tries the finish once more when the tolerance is met (the last round of a
    fit, where one solve turns an answer within tolerance into an exact one).

    Returns ``(v, n_steps, gap)``.
    """
    inv_L = 1.0 / lipschitz
    thresh = l1 * inv_L
    Qv = Q @ v
    since_finish, patience = 0, 1.0
    if finish_first and v.any():
        # a warm start (the previous alpha of a path) often has the final signs already
        finish = _sign_fixed_solve(Q, c, v, Qv, yy, l1, l2)
        if finish is not None:
            v, Qv, exact = finish
            if exact:
                return v, 0, _gap_from_g(v, c - Qv, c, yy, l1, l2)
        patience = 2.0
    z, Qz = v, Qv
    t = 1.0
    signs = np.sign(v)
    gap = last_objective = np.inf
    step = 0
    for step in range(1, max_steps + 1):
        grad = Qz - c
        if l2:
            grad += l2 * z
        u = z - grad * inv_L
        v_new = u - np.minimum(np.maximum(u, -thresh), thresh)
        Qv_new = Q @ v_new
        dv = v_new - v
        if float((z - v_new) @ dv) > 0.0:
            t = 1.0
            z, Qz = v_new, Qv_new
        else:
            t_new = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
            beta = (t - 1.0) / t_new
            z = v_new + beta * dv
            Qz = Qv_new + beta * (Qv_new - Qv)
            t = t_new
        v, Qv = v_new, Qv_new
        if step % FINISH_PATIENCE:
            continue
        gap = _gap_from_g(v, c - Qv, c, yy, l1, l2)
        if gap <= tol_gap:
            if finish_last and v.any():
                # within tolerance, and the signs are very likely final: one solve makes
                # the answer exact, as a reader comparing to many digits expects
                finish = _sign_fixed_solve(Q, c, v, Qv, yy, l1, l2)
                if finish is not None and finish[2]:
                    v, Qv = finish[0], finish[1]
                    gap = _gap_from_g(v, c - Qv, c, yy, l1, l2)
            break
        objective = _subproblem_objective(v, Qv, c, l1, l2)
        if objective > last_objective + 1e-9 * abs(last_objective):
            # L below lambda_max + l2 (a power iteration stopped short): larger, and restart
            inv_L *= 0.5
            thresh *= 0.5
            z, Qz, t = v, Qv, 1.0
        last_objective = objective
        since_finish += FINISH_PATIENCE
        new_signs = np.sign(v)
        if not np.array_equal(new_signs, signs):
            signs = new_signs
            continue
        # the finish costs about |S|^3 / 3 operations and a step v.size^2: try it once the
        # steps since the last attempt cost as much (twice as much after each failure)
        n_support = np.count_nonzero(signs)
        if n_support and since_finish * v.size**2 >= patience * n_support**3 / 3.0:
            since_finish = 0
            finish = _sign_fixed_solve(Q, c, v, Qv, yy, l1, l2)
            if finish is not None:
                v, Qv, exact = finish
                if exact:
                    return v, step, _gap_from_g(v, c - Qv, c, yy, l1, l2)
                z, Qz, t = v, Qv, 1.0
                signs = np.sign(v)
            patience *= 2.0
    return v, step, gap


class _WorkingSet:
    """The working-set solver for one data set, whose state a path keeps from alpha to alpha.

    Without `gram`, `X` is used as given: the centred columns ``x_j - x_mean_j`` of the
    features in the working set `ws` are gathered once, as the rows of `XcT`, `Q` is their
    Gram matrix, and each round's gradient costs one pass over `X`. With `gram` (tall data
    fitted many times, as on a path) the centred Gram matrix `G` of all features is
    computed once instead: `Q` is a block of it and the gradient ``X_c^T y_c - G w`` costs
    no pass over `X`.
    """

    def __init__(self, X, y, fit_intercept, gram=False):
        n, d = X.shape
        self.offset = self.G = None
        if gram:
            self.x_mean, self.y_mean, self.G, self.Xty, self.yy = _centered_gram(
                X, y, fit_intercept)
            self.X = self.yc = self.XcT = None
        else:
            x_mean, y_mean = np.zeros(d), 0.0
            if fit_intercept:
                x_mean = (np.ones(n) @ X) / n
                y_mean = float(y.mean())
                spread = np.ptp(X[:: max(1, n // 64)], axis=0)
                if np.any(np.abs(x_mean) > OFFSET_LIMIT * spread):
                    # a large offset (a timestamp): centre once rather than lose digits in X^T R
                    X = X - x_mean
                    self.offset, x_mean = x_mean, np.zeros(d)
            self.X, self.x_mean, self.y_mean = X, x_mean, y_mean
            self.yc = y - y_mean
            self.Xty = X.T @ self.yc - x_mean * self.yc.sum()
            self.yy = float(self.yc @ self.yc)
            self.XcT = np.zeros((0, n))
        self.ws = np.zeros(0, dtype=np.intp)
        self.in_ws = np.zeros(d, dtype=bool)
        self.Q = np.zeros((0, 0))
        self.top = np.zeros(0)  # the power iteration's vector, kept as a warm start
        self.lam = None  # the largest eigenvalue of `Q` (or of `G`), until `ws` changes

    @property
    def means(self):
        """The column means of the data as given, and the mean of y."""
        x_mean = self.x_mean if self.offset is None else self.offset
        return x_mean, self.y_mean

    def _add(self, features):
        ws = np.concatenate([self.ws, features])
        if self.G is None:
            Xn = self.X[:, features].T - self.x_mean[features, None]
            self.XcT = np.concatenate([self.XcT, Xn])
        if self.G is None and ws.size > 2 * self.X.shape[0]:
            self.Q = None
        else:
            # the old block stays; the new rows are Gram entries, read or computed
            k0 = self.ws.size
            Q = np.empty((ws.size, ws.size))
            Q[:k0, :k0] = self.Q
            if self.G is not None:
                Q[:, k0:] = self.G[np.ix_(ws, features)]
            else:
                Q[:, k0:] = self.XcT @ Xn.T
            Q[k0:, :k0] = Q[:k0, k0:].T
            self.Q = Q
        self.ws = ws
        self.in_ws[features] = True
        self.top = np.concatenate([self.top, np.ones(features.size)])
        if self.G is None:
            self.lam = None

    def _keep(self, mask):
        if self.G is None:
            self.lam = None
        self.in_ws[self.ws[~mask]] = False
        self.ws, self.top = self.ws[mask], self.top[mask]
        if self.XcT is not None:
            self.XcT = self.XcT[mask]
        if self.Q is not None:
            self.Q = self.Q[np.ix_(mask, mask)]
        elif self.ws.size <= 2 * self.X.shape[0]:
            self.Q = self.XcT @ self.XcT.T

    def gradient(self, w):
        """The residual ``R = y_c - X_c w`` (None with `gram`) and ``g = X_c^T R``, for `w`
        supported in `ws`."""
        if not w.any():
            return self.yc, self.Xty
        if self.G is not None:
            support = np.flatnonzero(w)
            return None, self.Xty - self.G[support].T @ w[support]  # G is symmetric
        R = self.yc - self.XcT.T @ w[self.ws]
        return R, self.X.T @ R - self.x_mean * R.sum()

    def gap(self, w, R, g, l1, l2):
        if R is None:
            return _gap_from_g(w, g, self.Xty, self.yy, l1, l2)
        return _duality_gap(w, g, float(R @ R), float(R @ self.yc), self.yy, l1, l2)

    def _grow(self, w, g, threshold):
        """Drop features that left the model when they crowd `ws`, then add the worst
        violators of ``|g_j| <= threshold``, as many as the model has features (at least
        `WS_GROW`), so the working set keeps pace with a growing support."""
        n_support = np.count_nonzero(w)
        if self.ws.size > n_support + WS_GROW:
            self._keep(w[self.ws] != 0.0)
        score = np.abs(g) - threshold
        score[self.in_ws] = -np.inf
        k = min(int(np.count_nonzero(score > 0.0)), max(WS_GROW, n_support))
        if k:
            self._add(np.argpartition(-score, k - 1)[:k])
        return k

    def solve(self, l1, l2, w, tol_gap, max_iter, R=None, g=None, l1_prev=None):
        """Minimize the n-scaled elastic net from the warm start `w` (modified in place).

        `R` and `g` may be handed over when they are those of `w`. On a path, `l1_prev` is
        the previous penalty, whose solution `w` is: the first round then adds the features
        that the sequential strong rule (Tibshirani et al., 2012) expects to enter,
        ``|g_j| >= 2 l1 - l1_prev``, rather than only the current violators.
        Returns ``(n_rounds, gap, R, g)``.
        """
        support = np.flatnonzero(w)
        if not self.in_ws[support].all():
            self._add(support[~self.in_ws[support]])
        if g is None:
            R, g = self.gradient(w)
        n_rounds = 0
        while True:
            gap = self.gap(w, R, g, l1, l2)
            if gap <= tol_gap or n_rounds == max_iter:
                return n_rounds, gap, R, g
            n_rounds += 1
            strong = l1_prev is not None and n_rounds == 1
            added = self._grow(w, g, 2.0 * l1 - l1_prev if strong else l1)
            Q = _SubGram(self.Q, self.XcT)
            if self.lam is None and self.G is not None:
                # lambda_max of the whole Gram matrix bounds that of every block of it
                self.lam, _ = _power_iteration(_SubGram(self.G, None), np.ones(self.G.shape[0]))
            elif self.lam is None:
                self.lam, self.top = _power_iteration(Q, self.top)
            # the Rayleigh quotient approaches lambda_max from below: a margin keeps L above
            # it (and the steps check that the objective decreases)
            lipschitz = max(1.1 * self.lam + l2, np.finfo(float).tiny)
            c = self.Xty[self.ws]
            # with no feature left to add, the full gap will be the subproblem's: solve it
            # to the final tolerance at once
            inner_tol = WS_INNER_TOL * gap if added else min(WS_INNER_TOL * gap, 0.5 * tol_gap)
            v, _, _ = _apg_gram(Q, c, w[self.ws], self.yy, l1, l2, lipschitz, inner_tol,
                                WS_MAX_STEPS, finish_first=strong, finish_last=inner_tol <= tol_gap)
            w[self.ws] = v
            R, g = self.gradient(w)


# ---------------------------------------------------------------------------------------------
# dispatch


class _GramCD:
    """Tall data: coordinate descent on ``X_c^T X_c``, computed once in one pass."""

    def __init__(self, X, y, fit_intercept):
        self.x_mean, self.y_mean, self.G, self.Xty, self.yy = _centered_gram(X, y, fit_intercept)

    @property
    def means(self):
        return self.x_mean, self.y_mean

    def solve(self, l1, l2, w, tol_gap, max_iter, **_):
        n_iter, gap = _cd_gram(self.G, self.Xty, self.yy, w, l1, l2, tol_gap, max_iter)
        return n_iter, gap, None, None


# Coordinate descent on the Gram matrix suits tall narrow data: at most this many features,
# and at least `CD_MIN_RATIO` samples per feature.
CD_MAX_FEATURES = 100
CD_MIN_RATIO = 10


def _enet_solver(X, y, fit_intercept, path=False):
    """The solver for the shape of `X`, which decides how the elastic net is computed.

    - Tall narrow data, ``d <= CD_MAX_FEATURES`` and ``n >= CD_MIN_RATIO d``: coordinate
      descent on the centred Gram matrix ``X_c^T X_c`` (:class:`_GramCD`), whose d x d
      entries cost less to compute once than the passes over `X` of any other method.
    - A path on other data with ``n >= 2 d``: working sets on the Gram matrix, computed once
      for all the alphas (:class:`_WorkingSet` with ``gram=True``).
    - Everything else, wide and square data above all: working sets on `X` itself, each
      round one pass over it (:class:`_WorkingSet`).
    """
    n, d = X.shape
    if d <= CD_MAX_FEATURES and n >= CD_MIN_RATIO * d:
        return _GramCD(X, y, fit_intercept)
    return _WorkingSet(X, y, fit_intercept, gram=path and n >= 2 * d)


def _enet_solve(solver, l1, l2, w, tol, max_iter, **kwargs):
    """Run `solver` on the n-scaled problem with scikit-learn's stopping rule: the duality
    gap at most ``tol * ||y_c||^2``. Returns ``(gap, tol_gap, R, g)``."""
    tol_gap = tol * solver.yy
    if solver.yy == 0.0 or w.size == 0:
        w[:] = 0.0
        return 0.0, tol_gap, None, None
    if l2 == 0.0 and l1 >= (1.0 - 8 * np.finfo(float).eps) * float(np.max(np.abs(solver.Xty))):
        # lasso with alpha >= alpha_max (to rounding): zero is optimal, exactly
        w[:] = 0.0
        return 0.0, tol_gap, None, None
    _, gap, R, g = solver.solve(l1, l2, w, tol_gap, max_iter, **kwargs)
    return gap, tol_gap, R, g


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
        f"the solver stopped at max_iter={max_iter} with duality gap {gap:.3g} "
        f"> tolerance {tol_gap:.3g} (alpha={alpha}); increase max_iter, loosen tol, or "
        "standardize the features",
        ConvergenceWarning,
        stacklevel=3,
    )


def fit_elastic_net(
    X, y, alpha, l1_ratio=0.5, *, fit_intercept=True, max_iter=1000, tol=1e-4, w_init=None
):
    """Elastic net: least squares with a mix of L1 and L2 penalties.

    Derived in chapter 8 (the lasso).

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
        Maximum number of iterations: full coordinate-descent sweeps on tall narrow data,
        working-set rounds (each one pass over `X`) otherwise; see Notes.
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
        When `max_iter` iterations did not bring the duality gap under the tolerance.

    Notes
    -----
    Minimizes scikit-learn's ElasticNet objective

    .. math:: \\frac{1}{2n}\\|y - Xw - b\\|^2 + \\alpha\\gamma\\|w\\|_1
              + \\frac{\\alpha(1-\\gamma)}{2}\\|w\\|^2

    with :math:`\\gamma` = `l1_ratio` (chapter 8's notation). Each coordinate update is a
    soft-thresholding step,

    .. math:: w_j \\leftarrow S(z_j, n\\alpha\\gamma) / (\\|x_j\\|^2 + n\\alpha(1-\\gamma)),

    where :math:`z_j = x_j^\\top r + \\|x_j\\|^2 w_j` and r is the current residual. The solvers are
    those of :func:`fit_lasso` (see its Notes), with the L2 part in every step; its
    optimality conditions stay linear on a support larger than n, whose exact finish solves
    an n x n system through the Woodbury identity. The duality gap uses the dual of the
    elastic net without constraint (Dünner et al., 2016), whose residual certificate is
    tight; ``l1_ratio=0`` is ridge, solved in closed form.

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


def _fit_enet(X, y, alpha, l1_ratio, fit_intercept, max_iter, tol, w):
    n, d = X.shape
    l1 = n * alpha * l1_ratio
    l2 = n * alpha * (1.0 - l1_ratio)
    if l1 == 0.0 and d > 0:
        # no L1 part: ridge (or least squares), which has a closed form; coordinate descent
        # would also get there, but its duality gap is not informative without an L1 term
        w, x_mean, y_mean = _ridge(X, y, l2, fit_intercept)
    else:
        solver = _enet_solver(X, y, fit_intercept)
        if w is None:
            w = np.zeros(d)
        gap, tol_gap, _, _ = _enet_solve(solver, l1, l2, w, tol, max_iter)
        if gap > tol_gap:
            _warn_not_converged(gap / n, tol_gap / n, max_iter, alpha)
        x_mean, y_mean = solver.means
    b = float(y_mean - x_mean @ w) if fit_intercept else 0.0
    return w, b


def fit_lasso(X, y, alpha, *, fit_intercept=True, max_iter=1000, tol=1e-4, w_init=None):
    """The lasso: least squares with an L1 penalty, by coordinate descent and working sets.

    Derived in chapter 8 (the lasso).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    alpha : float
        Penalty strength, >= 0. Every weight is exactly zero for
        ``alpha >= lasso_alpha_max(X, y)``.
    fit_intercept : bool, default=True
    max_iter : int, default=1000
        Maximum number of iterations: full coordinate-descent sweeps on tall narrow data,
        working-set rounds (each one pass over `X`) otherwise; see Notes.
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
        When `max_iter` iterations did not bring the duality gap under the tolerance.

    Notes
    -----
    Minimizes scikit-learn's Lasso objective

    .. math:: \\frac{1}{2n}\\|y - Xw - b\\|^2 + \\alpha\\|w\\|_1 .

    There is no closed form because :math:`|w_j|` has no derivative at 0, but with every
    other coordinate fixed the problem in :math:`w_j` is solved exactly by
    soft-thresholding. Chapter 8, "The lasso", derives this update and runs coordinate
    descent from scratch, one coordinate at a time (Friedman, Hastie and Tibshirani, 2010).
    This function computes the same minimizer, certified the same way: it stops when the
    duality gap is at most ``tol * ||y_c||^2 / n``, as scikit-learn does. What differs is
    the route, chosen by the shape of `X`:

    - Tall narrow data (at most 100 features and at least 10 samples per feature): the
      chapter's coordinate descent, on the Gram matrix :math:`X_c^\\top X_c` computed once
      (the covariance updates), each full sweep followed by an attempt at the exact
      solution described below.
    - Everything else, wide and square data above all: working sets. Each round computes
      the correlations :math:`X_c^\\top r` of all features with the residual in one pass
      over `X` (not copied, unless a column's mean dwarfs its spread) and the duality gap;
      then it solves the problem restricted to
      the features in the model plus the worst violators of the optimality conditions
      :math:`|x_j^\\top r| / n \\le \\alpha`, whose small Gram matrix needs no further pass.
      That subproblem is solved by accelerated proximal gradient steps (the chapter's
      soft-thresholding applied to all coordinates at once, with momentum) and finished
      exactly: once the signs of the weights settle, the optimality conditions are linear,

      .. math:: (X_S^\\top X_S) w_S = X_S^\\top y_c - n\\alpha\\, \\mathrm{sign}(w_S),

      and one solve gives the weights on the support S to rounding.

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

    Derived in chapter 8 (the lasso).

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

    Derived in chapter 8 (the lasso).

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
    Neighbouring solutions on the path are close, so each fit starts from the previous one,
    tries its signs first (one linear solve often finishes the fit) and starts its working
    set with the features that the sequential strong rule (Tibshirani et al., 2012) expects
    to enter, :math:`|x_j^\\top r| \\ge n(2\\alpha_k - \\alpha_{k-1})`. On tall data the Gram
    matrix is computed once for the whole path: coordinate descent on tall narrow data, as in
    :func:`fit_lasso`, and working sets on the Gram matrix when there are at least twice as
    many samples as features.

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
    solver = _enet_solver(scale_down(X, ex), scale_down(y, ey), fit_intercept, path=True)
    if alphas is None:
        n_alphas = check_int(n_alphas, "n_alphas", minimum=1)
        eps = check_scalar(eps, "eps")
        if not 0.0 < eps <= 1.0:
            raise ValueError(f"eps must be in (0, 1], got {eps}")
        alpha_max = float(np.max(np.abs(solver.Xty))) / n
        if n_alphas == 1:
            alphas_scaled = np.array([alpha_max])
        else:
            alphas_scaled = alpha_max * np.logspace(0.0, np.log10(eps), n_alphas)
        alphas = unscale(alphas_scaled, ex + ey, "alpha_max")
    else:
        alphas = np.sort(_check_alphas(alphas))[::-1]
        with np.errstate(over="ignore", under="ignore"):
            alphas_scaled = np.ldexp(alphas, -(ex + ey))
    coefs = np.zeros((alphas.size, d))
    w = np.zeros(d)
    R = g = None
    for k, alpha in enumerate(alphas_scaled):
        l1_prev = n * alphas_scaled[k - 1] if k else None
        gap, tol_gap, R, g = _enet_solve(solver, n * alpha, 0.0, w, tol, max_iter, R=R, g=g,
                                         l1_prev=l1_prev)
        if gap > tol_gap:
            _warn_not_converged(gap / n, tol_gap / n, max_iter, alphas[k])
        coefs[k] = w
    x_mean, y_mean = solver.means
    if fit_intercept:
        intercepts = y_mean - coefs @ x_mean
    else:
        intercepts = np.zeros(alphas.size)
    return (alphas, unscale(coefs, ey - ex, "a weight"),
            unscale(intercepts, ey, "an intercept"))
