"""Gradient descent on the mean squared error: full batch, mini-batch and stochastic."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from ._scaling import pow2_exponent, scale_down, unscale
from ._validation import (
    check_bool,
    check_int,
    check_nonnegative,
    check_positive,
    check_rng,
    check_scalar,
    check_weights,
    check_X,
    check_X_y,
)

__all__ = ["gradient_descent", "DescentResult", "stability_limit", "DivergenceWarning"]


class DivergenceWarning(UserWarning):
    """Gradient descent diverged: the learning rate is past the stability limit.

    Derived in chapter 4 (gradient descent).
    """


@dataclass
class DescentResult:
    """What a run of :func:`gradient_descent` found and how it got there.

    Derived in chapter 4 (gradient descent).

    Attributes
    ----------
    w : ndarray of shape (n_features,)
        Final weights (the last finite iterate if the run diverged).
    b : float
        Final intercept.
    loss_history : ndarray of shape (n_iter + 1,)
        Training MSE before the first step and after each epoch.
    n_iter : int
        Epochs completed (for full batch, one epoch is one step). A diverged run stopped in
        epoch ``n_iter + 1``; the iterate it returns is the one after ``n_iter`` epochs.
    converged : bool
        The gradient norm fell to `tol` times its starting value.
    diverged : bool
        The loss grew past a million times its starting value; the run was stopped.
    w_history, b_history : ndarray or None
        The iterates at the start and after each epoch, when ``record_path=True``.
    """

    w: np.ndarray
    b: float
    loss_history: np.ndarray
    n_iter: int
    converged: bool
    diverged: bool
    w_history: np.ndarray | None = field(default=None, repr=False)
    b_history: np.ndarray | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        if self.diverged:
            status = f"diverged in epoch {self.n_iter + 1}, kept the iterate after {self.n_iter}"
        else:
            status = f"{'converged' if self.converged else 'stopped'} after {self.n_iter} epoch(s)"
        return (
            f"DescentResult({status}, "
            f"loss={self.loss_history[-1]:.6g}, w={np.array2string(self.w, precision=4)}, "
            f"b={self.b:.4f})"
        )


def _augmented_gram_top_eigenvalue(A_scaled, ones, fit_intercept):
    """Largest eigenvalue of A^T A / n with A = [A_scaled, ones] (or A_scaled alone)."""
    n, d = A_scaled.shape
    if fit_intercept:
        # [X 1]^T [X 1] without building the augmented matrix
        if d + 1 <= n:
            G = np.empty((d + 1, d + 1))
            G[:d, :d] = A_scaled.T @ A_scaled
            s = A_scaled.sum(axis=0) * ones
            G[:d, d] = s
            G[d, :d] = s
            G[d, d] = n * ones * ones
        else:
            G = A_scaled @ A_scaled.T + ones * ones  # n x n form: same nonzero eigenvalues
    else:
        G = A_scaled.T @ A_scaled if d <= n else A_scaled @ A_scaled.T
    return float(np.linalg.eigvalsh(G)[-1]) / n


def _limits(X, fit_intercept, beta, batch_size):
    """The stability limit for `batch_size` (None: full batch), computed on A = [X, 1]
    divided by a power of two so that squaring it cannot overflow or underflow."""
    n = X.shape[0]
    e = pow2_exponent(X, [1.0]) if fit_intercept else pow2_exponent(X)
    A, ones = scale_down(X, e), float(np.ldexp(1.0, -e))
    # lambda_max(A^T A) / n, in units of 4^e
    lam = _augmented_gram_top_eigenvalue(A, ones, fit_intercept)
    if batch_size is not None and batch_size < n:
        # the smallest batch of an epoch is the binding one (see stability_limit)
        m = n % batch_size or batch_size
        row_norm2 = float(np.max(np.einsum("ij,ij->i", A, A))) + (ones * ones if fit_intercept else 0.0)
        lam = min(lam * n / m, row_norm2)  # bounds lambda_max(A_S^T A_S) / m for any batch S
    if lam == 0.0:
        return float("inf")
    with np.errstate(over="ignore", under="ignore"):
        return float(np.ldexp((1.0 + beta) / lam, -2 * e))


def stability_limit(X, *, fit_intercept=True, momentum=0.0, batch_size=None):
    """The largest learning rate at which gradient descent on the MSE is stable.

    Derived in chapter 4 (gradient descent).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    fit_intercept : bool, default=True
        Whether the intercept is also learned (it adds a column of ones to the Hessian).
    momentum : float, default=0.0
        Heavy-ball momentum coefficient beta in [0, 1).
    batch_size : int or None, default=None
        None (or the number of samples) for full-batch descent; an int for mini-batches of
        that size, 1 for stochastic gradient descent, as in :func:`gradient_descent`.

    Returns
    -------
    float
        Full batch: ``2 (1 + beta) / lambda_max``, where lambda_max is the largest
        eigenvalue of the Hessian ``(2/n) A^T A`` of the MSE, with ``A = [X, 1]`` when the
        intercept is fitted. Mini-batches of size B:
        ``(1 + beta) max(B / lambda_max(A^T A), 1 / max_i ||a_i||^2)``, with a_i the rows
        of A; for B = 1 (SGD) that is ``(1 + beta) / max_i ||a_i||^2``.

    Notes
    -----
    On a quadratic, the error along the eigenvector with eigenvalue lambda is multiplied by
    ``1 - eta lambda`` at each step, so plain descent converges exactly when
    ``|1 - eta lambda| < 1`` for every eigenvalue, that is ``eta < 2 / lambda_max``.

    A mini-batch step on the rows S (B of them) multiplies the error by
    ``I - eta (2/B) A_S^T A_S``, which never expands it when
    ``eta (2/B) lambda_max(A_S^T A_S) <= 2``. For every batch, ``A_S^T A_S`` is a part of
    the sum ``A^T A`` of the rows' outer products and its trace is at most
    ``B max_i ||a_i||^2``, so ``lambda_max(A_S^T A_S) <= min(lambda_max(A^T A),
    B max_i ||a_i||^2)``, which gives the bound above: below it no step can expand the
    error. For B = n it is the full-batch limit. For B = 1 the step along a_i multiplies
    the error by ``1 - 2 eta ||a_i||^2``, so with rows of equal length runs diverge just
    past the bound; a few rows much longer than the rest make it cautious, since they are
    drawn rarely. An epoch whose last batch is smaller than B is limited by that batch. Standardizing X does not raise the SGD limit much: it is set by
    the longest row, about ``d + 1`` for standardized data. With momentum the limit of
    each batch's quadratic is multiplied by ``1 + beta``, a guide rather than a guarantee
    when the batches change from step to step.

    Examples
    --------
    >>> stability_limit([[1.0], [2.0], [3.0]], fit_intercept=False)  # H = (2/3) * 14 = 28/3
    0.21428571428571427
    >>> stability_limit([[1.0], [2.0], [3.0]], fit_intercept=False, batch_size=1)  # 1 / 3^2
    0.1111111111111111
    """
    X = check_X(X)
    beta = check_nonnegative(momentum, "momentum")
    if beta >= 1.0:
        raise ValueError(f"momentum must be in [0, 1), got {beta}")
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    if batch_size is not None:
        batch_size = _check_batch_size(batch_size, X.shape[0])
    return _limits(X, fit_intercept, beta, batch_size)


def _check_batch_size(batch_size, n):
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    if batch_size > n:
        raise ValueError(f"batch_size={batch_size} is larger than the {n} samples in X")
    return batch_size


def _is_standardized(X):
    """Every non-constant column has mean about 0 and standard deviation about 1."""
    with np.errstate(over="ignore", invalid="ignore"):  # huge columns are not standardized
        std = X.std(axis=0)
    spread = (std > 0) & np.isfinite(std)
    return bool(np.all(np.abs(X.mean(axis=0)[spread]) <= 0.05 * std[spread])
                and np.all(np.abs(std[spread] - 1.0) <= 0.05))


def gradient_descent(
    X,
    y,
    *,
    learning_rate,
    n_iters=1000,
    batch_size=None,
    momentum=0.0,
    tol=1e-6,
    rng=None,
    fit_intercept=True,
    w_init=None,
    b_init=0.0,
    record_path=False,
    divergence_factor=1e6,
):
    """Minimize the mean squared error by gradient descent.

    Derived in chapter 4 (gradient descent).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    learning_rate : float
        Step size, > 0. Full-batch descent is stable below :func:`stability_limit`.
    n_iters : int, default=1000
        Maximum number of epochs (passes over the data); for full batch one epoch is one step.
    batch_size : int or None, default=None
        None uses every sample in each step (full batch); an int draws shuffled mini-batches
        of that size each epoch (1 is stochastic gradient descent).
    momentum : float, default=0.0
        Heavy-ball coefficient beta in [0, 1): ``v <- beta v - eta grad``, ``w <- w + v``.
    tol : float, default=1e-6
        Stop (``converged=True``) once the full-data gradient norm is at most `tol` times its
        value at the start, in [0, 1). 0 runs all `n_iters` epochs.
    rng : None, int, np.random.Generator or np.random.RandomState, default=None
        Source of the mini-batch shuffles. Seed it for reproducible runs.
    fit_intercept : bool, default=True
        Learn the intercept `b` too; otherwise it stays at `b_init`.
    w_init : array-like of shape (n_features,), default=None
        Starting weights; zeros when None.
    b_init : float, default=0.0
    record_path : bool, default=False
        Keep the iterate after each epoch in ``w_history`` and ``b_history``.
    divergence_factor : float, default=1e6
        The run counts as diverged once the loss exceeds this multiple of its starting value.

    Returns
    -------
    DescentResult
        With ``w``, ``b``, ``loss_history``, ``n_iter``, ``converged`` and ``diverged``.

    Warns
    -----
    DivergenceWarning
        Once, when the run diverges; it names the learning rate and the stability limit
        that applies to the batch size (see :func:`stability_limit`).

    Notes
    -----
    One full-batch step computes the residual and the gradient from it,

    .. math::
        r = X w + b - y, \\qquad
        w \\leftarrow w - \\eta \\tfrac{2}{n} X^\\top r, \\qquad
        b \\leftarrow b - \\eta \\tfrac{2}{n} \\textstyle\\sum_i r_i ,

    two matrix-vector products per step; the loss ``r.r / n`` comes free with `r`.
    Targets whose squares would overflow or underflow are divided by a power of two, which
    scales ``w`` and ``b`` alike and leaves every step the same; the scale of `X` is part of
    the problem (it sets the stability limit) and is kept.

    Examples
    --------
    >>> X = np.array([[1.0], [2.0], [3.0]])
    >>> res = gradient_descent(X, [3.0, 5.0, 7.0], learning_rate=0.1, n_iters=5000, tol=1e-10)
    >>> res.converged, np.round(res.w, 6), round(res.b, 6)
    (True, array([2.]), 1.0)
    """
    X, y = check_X_y(X, y)
    n, d = X.shape
    eta = check_positive(learning_rate, "learning_rate")
    n_iters = check_int(n_iters, "n_iters", minimum=0)
    beta = check_nonnegative(momentum, "momentum")
    if beta >= 1.0:
        raise ValueError(f"momentum must be in [0, 1), got {beta}")
    tol = check_nonnegative(tol, "tol")
    if tol >= 1.0:
        raise ValueError(
            f"tol must be in [0, 1), got {tol}: the run stops once the gradient norm is at "
            "most tol times its starting value, so tol >= 1 would stop before the first step"
        )
    if batch_size is not None:
        batch_size = _check_batch_size(batch_size, n)
    factor = check_positive(divergence_factor, "divergence_factor")
    w = np.zeros(d) if w_init is None else check_weights(w_init, d, "w_init").copy()
    b = check_scalar(b_init, "b_init")
    gen = check_rng(rng)
    fit_intercept = check_bool(fit_intercept, "fit_intercept")
    record_path = check_bool(record_path, "record_path")
    full = batch_size is None or batch_size == n

    # w and b are in the units of y: scaling y by a power of two scales them alike
    e = pow2_exponent(y)
    y, w, b = scale_down(y, e), scale_down(w, e), float(scale_down(b, e))
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        if full:
            out = _full_batch(X, y, w, b, eta, beta, n_iters, tol, factor, fit_intercept,
                              record_path)
        else:
            out = _mini_batch(X, y, w, b, eta, beta, n_iters, tol, factor, fit_intercept,
                              record_path, batch_size, gen)
    if out is None:
        raise OverflowError(
            "the loss or its gradient at the starting point overflows float64 (X has entries "
            f"up to {np.max(np.abs(X)):.3g}): rescale X, or start from smaller w_init"
        )
    if e:
        w_k, b_k, losses, k, conv, div, path_w, path_b = out
        out = (unscale(w_k, e, "a weight"), unscale(b_k, e, "the intercept"),
               unscale(losses, 2 * e, "the loss"), k, conv, div,
               None if path_w is None else unscale(path_w, e, "a weight"),
               None if path_b is None else unscale(path_b, e, "the intercept"))
    result = DescentResult(*out)
    if result.diverged:
        _warn_diverged(X, result.n_iter, eta, beta, fit_intercept, None if full else batch_size)
    return result


def _warn_diverged(X, n_iter, eta, beta, fit_intercept, batch_size):
    """The divergence warning, with the limit of this batch size and advice that fits X."""
    limit = _limits(X, fit_intercept, beta, batch_size)
    if batch_size is None:
        rule = "2(1+momentum)/lambda_max"
        kind = "full-batch descent"
    else:
        rule = "(1+momentum) max(B/lambda_max(A^T A), 1/max_i ||a_i||^2) with a_i = (x_i, 1)"
        kind = f"batch_size={batch_size}" + (" (stochastic gradient descent)"
                                             if batch_size == 1 else "")
    if _is_standardized(X):
        advice = ("X is already standardized, so lower the learning rate"
                  + ("" if batch_size is None else " or raise batch_size"))
    else:
        advice = "standardizing X usually raises the limit"
    warnings.warn(
        f"gradient descent diverged in epoch {n_iter + 1}: learning_rate={eta:g} is past "
        f"the stability limit of {kind} on this data, {rule} = {limit:.4g}; keep it below "
        f"that ({advice})",
        DivergenceWarning,
        stacklevel=3,
    )


def _norm(grad_w, grad_b):
    """``sqrt(||grad_w||^2 + grad_b^2)``; rescaled when the squares overflow or underflow."""
    g = float(np.sqrt(grad_w @ grad_w + grad_b * grad_b))
    if 1e-150 < g < 1e150:
        return g
    top = max(float(np.max(np.abs(grad_w))) if grad_w.size else 0.0, abs(grad_b))
    if top == 0.0 or not np.isfinite(top):
        return top
    gw, gb = grad_w / top, grad_b / top
    return top * float(np.sqrt(gw @ gw + gb * gb))


def _full_batch(X, y, w, b, eta, beta, n_iters, tol, factor, fit_intercept, record_path):
    """Trusted inputs; two matrix-vector products per step and nothing else over `X`."""
    n = X.shape[0]
    scale = 2.0 / n
    r = np.empty(n)
    grad_w = np.empty_like(w)
    v_w = np.zeros_like(w)
    v_b = 0.0
    losses = np.empty(n_iters + 1)
    path_w = [w.copy()] if record_path else None
    path_b = [b] if record_path else None
    converged = diverged = False
    g0 = None
    k = 0
    prev_w, prev_b = w.copy(), b  # the last finite iterate, returned if the next one diverges
    while True:
        np.matmul(X, w, out=r)  # r = X w + b - y
        r += b
        r -= y
        loss = float(r @ r) / n
        losses[k] = loss
        if k == 0 and not np.isfinite(loss):
            return None  # nothing to report: the starting point itself overflows
        if not np.isfinite(loss) or (k > 0 and loss > factor * max(losses[0], 1e-300)):
            diverged = True
            if path_w is not None and len(path_w) > 1:
                path_w.pop(), path_b.pop()
            w, b = prev_w, prev_b
            k -= 1
            losses = losses[: k + 1]
            break
        np.matmul(X.T, r, out=grad_w)
        grad_w *= scale
        grad_b = scale * float(r.sum()) if fit_intercept else 0.0
        gnorm = _norm(grad_w, grad_b)
        if g0 is None:
            if not np.isfinite(gnorm):
                return None
            g0 = gnorm
        if gnorm <= tol * g0 or gnorm == 0.0:
            converged = True
            losses = losses[: k + 1]
            break
        if k == n_iters:
            losses = losses[: k + 1]
            break
        prev_w, prev_b = w.copy(), b
        if beta:
            v_w *= beta
            v_w -= eta * grad_w
            v_b = beta * v_b - eta * grad_b
            w += v_w
            b += v_b
        else:
            w -= eta * grad_w
            b -= eta * grad_b
        k += 1
        if path_w is not None:
            path_w.append(w.copy())
            path_b.append(b)
    return _pack(w, b, losses, k, converged, diverged, path_w, path_b)


def _mini_batch(X, y, w, b, eta, beta, n_iters, tol, factor, fit_intercept, record_path,
                batch_size, gen):
    """Trusted inputs; shuffled mini-batches, full-data loss and gradient once per epoch."""
    n = X.shape[0]
    v_w = np.zeros_like(w)
    v_b = 0.0
    losses = [0.0]
    path_w = [w.copy()] if record_path else None
    path_b = [b] if record_path else None
    converged = diverged = False

    def full_loss_and_gradnorm(w, b):
        r = X @ w + b - y
        gw = (2.0 / n) * (X.T @ r)
        gb = (2.0 / n) * float(r.sum()) if fit_intercept else 0.0
        return float(r @ r) / n, _norm(gw, gb)

    losses[0], g0 = full_loss_and_gradnorm(w, b)
    if not (np.isfinite(losses[0]) and np.isfinite(g0)):
        return None  # the starting point itself overflows
    k = 0
    if g0 == 0.0:
        converged = True
    while not converged and k < n_iters:
        prev_w, prev_b = w.copy(), b
        order = gen.permutation(n)
        for start in range(0, n, batch_size):
            idx = order[start:start + batch_size]
            Xb = X[idx]
            r = Xb @ w + b - y[idx]
            m = idx.shape[0]
            grad_w = (2.0 / m) * (Xb.T @ r)
            grad_b = (2.0 / m) * float(r.sum()) if fit_intercept else 0.0
            v_w = beta * v_w - eta * grad_w
            v_b = beta * v_b - eta * grad_b
            w = w + v_w
            b = b + v_b
        loss, gnorm = full_loss_and_gradnorm(w, b)
        if not np.isfinite(loss) or loss > factor * max(losses[0], 1e-300):
            diverged = True
            w, b = prev_w, prev_b
            break
        k += 1
        losses.append(loss)
        if path_w is not None:
            path_w.append(w.copy())
            path_b.append(b)
        if gnorm <= tol * g0:
            converged = True
    return _pack(w, b, np.asarray(losses), k, converged, diverged, path_w, path_b)


def _pack(w, b, losses, k, converged, diverged, path_w, path_b):
    return (
        w,
        float(b),
        losses,
        k,
        converged,
        diverged,
        None if path_w is None else np.asarray(path_w),
        None if path_b is None else np.asarray(path_b),
    )
