"""Least squares as a statistical estimate: standard errors, intervals and Student's t.

Under the model ``y = X w + b + noise`` with independent noise of constant variance, the
least-squares estimate has the covariance ``sigma^2 (A^T A)^-1`` with ``A = [X, 1]``, and
with Gaussian noise its standardized coordinates follow Student's t distribution with
``n - d - 1`` degrees of freedom. Chapter 9 derives all of it and checks the coverage of
the intervals by simulation. When the noise variance is not constant, White's sandwich
estimator (``cov_type="HC0"``) or its small-sample version HC3 of MacKinnon and White
keeps the coefficient intervals honest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._scaling import pow2_exponent, scale_down, unscale
from ._validation import check_scalar, check_X, check_X_y

__all__ = ["t_quantile", "linear_inference", "LinearInference"]

COV_TYPES = ("classical", "HC0", "HC3")


# ---------------------------------------------------------------------------------------------
# Student's t distribution, from the regularized incomplete beta function


def _betacf(a, b, x):
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for num in (m * (b - m) * x / ((a + m2 - 1.0) * (a + m2)),
                    -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1.0))):
            d = 1.0 + num * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + num / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-16:
            return h
    return h  # pragma: no cover - converges in far fewer steps for the arguments used here


def _lgamma_ratio_half(a):
    """log Gamma(a + 1/2) - log Gamma(a), without the cancellation of two large lgammas."""
    if a < 1000.0:
        return math.lgamma(a + 0.5) - math.lgamma(a)
    # the asymptotic series of Gamma(a + 1/2) / Gamma(a) / sqrt(a), error below 1e-16 here
    u = 1.0 / a
    return 0.5 * math.log(a) + math.log1p(u * (-1 / 8 + u * (1 / 128 + u * (5 / 1024 - u * 21 / 32768))))


def _t_upper_tail(t, dof):
    """P(T > t) for t >= 0 and T ~ Student's t with `dof` degrees of freedom.

    It is half the regularized incomplete beta function I_x(dof/2, 1/2) at
    x = dof / (dof + t^2). Near x = 1 (large dof) the logarithms of x and 1 - x are taken
    from t^2 / dof directly, so that no digits are lost.
    """
    a, b = dof / 2.0, 0.5
    s = t * t / dof
    if math.isinf(s):  # far in the tail: the logarithms from log(t) instead
        log_s = 2.0 * math.log(t) - math.log(dof)
        log_x, log_xc = -log_s - math.log1p(math.exp(-log_s)), -math.log1p(math.exp(-log_s))
        x, xc = math.exp(log_x), -math.expm1(log_x)
    else:
        x, xc = 1.0 / (1.0 + s), s / (1.0 + s)
        if xc == 0.0:
            return 0.5
        log_x, log_xc = -math.log1p(s), math.log(s) - math.log1p(s)
    # log of x^a (1 - x)^b / B(a, b), with lgamma(1/2) = log(sqrt(pi))
    log_front = _lgamma_ratio_half(a) - 0.5 * math.log(math.pi) + a * log_x + b * log_xc
    # the continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry
    # I_x(a, b) = 1 - I_{1-x}(b, a) on the other side
    if x < (a + 1.0) / (a + b + 2.0):
        return 0.5 * math.exp(log_front) * _betacf(a, b, x) / a
    return 0.5 * (1.0 - math.exp(log_front) * _betacf(b, a, xc) / b)


def _t_pdf(t, dof):
    log_c = _lgamma_ratio_half(dof / 2) - 0.5 * math.log(dof * math.pi)
    return math.exp(log_c - (dof + 1) / 2 * math.log1p(t * t / dof))


def _normal_quantile(q):
    """The standard normal quantile, for 0 < q < 0.5 (the lower tail)."""
    # Abramowitz and Stegun 26.2.23 (error below 4.5e-4), then Newton steps on erfc
    r = math.sqrt(-2.0 * math.log(q))
    z = -(r - (2.515517 + r * (0.802853 + r * 0.010328))
          / (1.0 + r * (1.432788 + r * (0.189269 + r * 0.001308))))
    for _ in range(6):
        f = 0.5 * math.erfc(-z / math.sqrt(2.0)) - q
        z -= f / (math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi))
    return z


# Above this many degrees of freedom the quantile comes from the Cornish-Fisher series
# around the normal quantile (its first omitted term is below 1e-18 there), where the
# continued fraction would need about sqrt(dof) terms.
_LARGE_DOF = 1e5


def t_quantile(q, dof):
    """The `q` quantile of Student's t distribution with `dof` degrees of freedom.

    Derived in chapter 9 (the probabilistic view).

    Parameters
    ----------
    q : float
        Probability, strictly between 0 and 1.
    dof : float
        Degrees of freedom, > 0 (need not be an integer).

    Returns
    -------
    float
        The t with ``P(T <= t) = q``.

    Notes
    -----
    The tail probability is the regularized incomplete beta function,

    .. math:: P(T > t) = \\tfrac12 I_{\\nu/(\\nu + t^2)}(\\nu/2, 1/2),

    evaluated by its continued fraction; the quantile is found by Newton's method safeguarded by
    bisection. Beyond 1e5 degrees of freedom the Cornish-Fisher expansion around the
    normal quantile takes over. The tests compare with SciPy to about 1e-11.

    Examples
    --------
    >>> round(t_quantile(0.975, 10), 6)
    2.228139
    >>> round(t_quantile(0.975, 1e6), 4)    # close to the normal quantile 1.96
    1.96
    """
    q = check_scalar(q, "q")
    dof = check_scalar(dof, "dof")
    if not 0.0 < q < 1.0:
        raise ValueError(f"q must be a probability strictly between 0 and 1, got {q}")
    if dof <= 0:
        raise ValueError(f"dof must be > 0, got {dof}")
    if q == 0.5:
        return 0.0
    tail = min(q, 1.0 - q)  # find t >= 0 with P(T > t) = tail, then restore the sign
    if dof > _LARGE_DOF:
        z, v = -_normal_quantile(tail), dof
        t = (z + (z**3 + z) / (4 * v) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
             + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3))
        return t if q > 0.5 else -t
    lo, hi = 0.0, 1.0
    while _t_upper_tail(hi, dof) > tail:  # bracket the root
        lo, hi = hi, 2.0 * hi
        if hi > 1e300:
            raise OverflowError(
                f"the {q:g} quantile of Student's t with {dof:g} degrees of freedom is "
                "beyond 1e300, outside what float64 can hold"
            )
    t = 0.5 * (lo + hi)
    for _ in range(200):
        f = _t_upper_tail(t, dof) - tail  # decreasing in t
        if f > 0:
            lo = t
        else:
            hi = t
        pdf = _t_pdf(t, dof)  # Newton: d/dt P(T > t) = -pdf(t)
        t_new = t + f / pdf if pdf > 0.0 else hi  # far in the tail the pdf underflows to 0
        if not lo < t_new < hi:  # outside the bracket: bisect instead
            t_new = 0.5 * (lo + hi)
        if abs(t_new - t) <= 1e-14 * max(1.0, abs(t_new)):
            t = t_new
            break
        t = t_new
    return t if q > 0.5 else -t


# ---------------------------------------------------------------------------------------------
# inference for least squares


@dataclass(frozen=True)
class LinearInference:
    """A least-squares fit with its standard errors (returned by :func:`linear_inference`).

    Derived in chapter 9 (the probabilistic view).

    Attributes
    ----------
    coef : ndarray of shape (n_features,)
    intercept : float
    coef_se, intercept_se : ndarray of shape (n_features,), float
        Estimated standard errors of the weights and of the intercept.
    sigma : float
        Residual standard deviation, ``sqrt(RSS / (n - d - 1))``.
    dof : int
        Residual degrees of freedom, ``n - d - 1``.
    n_samples : int
    cov : ndarray of shape (n_features + 1, n_features + 1)
        Estimated covariance of ``(w_1, ..., w_d, b)``, in that order.
    cov_type : str
        ``"classical"``, ``"HC0"`` or ``"HC3"``.
    """

    coef: np.ndarray
    intercept: float
    coef_se: np.ndarray
    intercept_se: float
    sigma: float
    dof: int
    n_samples: int
    cov: np.ndarray
    cov_type: str

    def conf_int(self, level=0.95):
        """Confidence intervals ``estimate +- t * se`` for ``(w_1, ..., w_d, b)``.

        Returns ``(lower, upper)``, two arrays of shape (n_features + 1,).
        """
        t = t_quantile(0.5 + _check_level(level) / 2.0, self.dof)
        est = np.append(self.coef, self.intercept)
        se = np.sqrt(np.diag(self.cov))
        return est - t * se, est + t * se

    def predict_interval(self, X_new, level=0.95, kind="prediction"):
        """Predictions at the rows of `X_new` with an interval around each.

        Parameters
        ----------
        X_new : array-like of shape (m, n_features)
        level : float, default=0.95
        kind : {"prediction", "mean"}, default="prediction"
            ``"mean"``: an interval for the regression line ``x^T w + b`` at each row.
            ``"prediction"``: an interval for a new observation there, which adds the
            noise variance ``sigma^2`` (assumed the same at every x).

        Returns
        -------
        y_hat, lower, upper : ndarrays of shape (m,)
        """
        level = _check_level(level)
        if kind not in ("prediction", "mean"):
            raise ValueError(f"kind must be 'prediction' or 'mean', got {kind!r}")
        d = self.coef.shape[0]
        X_new = check_X(X_new, "X_new")
        if X_new.shape[1] != d:
            raise ValueError(
                f"X_new has {X_new.shape[1]} feature(s) but the fit has {d} "
                f"(X_new.shape={X_new.shape})"
            )
        A = np.column_stack([X_new, np.ones(X_new.shape[0])])
        y_hat = X_new @ self.coef + self.intercept
        var = np.einsum("ij,jk,ik->i", A, self.cov, A)  # a^T Cov a for each row
        if kind == "prediction":
            var = var + self.sigma**2
        t = t_quantile(0.5 + level / 2.0, self.dof)
        half = t * np.sqrt(var)
        return y_hat, y_hat - half, y_hat + half


def _check_level(level):
    level = check_scalar(level, "level")
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1 (0.95 for 95 %), got {level}")
    return level


def linear_inference(X, y, *, cov_type="classical"):
    """Least squares with an intercept, and the standard errors of every coefficient.

    Derived in chapter 9 (the probabilistic view).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    cov_type : {"classical", "HC0", "HC3"}, default="classical"
        ``"classical"``: ``sigma^2 (A^T A)^-1`` with ``A = [X, 1]`` and
        ``sigma^2 = RSS / (n - d - 1)``, right when the noise variance is the same for
        every sample. ``"HC0"``: White's sandwich
        ``(A^T A)^-1 A^T diag(r_i^2) A (A^T A)^-1``, right for any variance pattern as
        n grows. ``"HC3"``: the sandwich with ``r_i^2 / (1 - h_ii)^2``, better in small
        samples (h_ii are the leverages).

    Returns
    -------
    LinearInference

    Raises
    ------
    ValueError
        When ``n <= d + 1`` (no degrees of freedom are left to estimate the noise) or
        when the columns of `X` together with the intercept are linearly dependent (the
        coefficients, and so their standard errors, are not defined).

    Notes
    -----
    The fit goes through the thin QR decomposition ``A = Q R``: then
    ``(A^T A)^-1 = R^-1 R^-T`` without ever forming ``A^T A``, and the leverages are the
    squared row norms of ``Q``.

    Examples
    --------
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> fit = linear_inference(X, [1.0, 3.0, 2.0, 6.0])
    >>> round(float(fit.coef[0]), 6), round(fit.intercept, 6), fit.dof
    (1.4, 0.9, 2)
    >>> round(fit.sigma**2, 6)    # RSS / (n - d - 1) = 4.2 / 2
    2.1
    >>> round(float(fit.coef_se[0]), 6)    # sqrt(sigma^2 / sum((x - mean)^2)) = sqrt(2.1 / 5)
    0.648074
    """
    X, y = check_X_y(X, y)
    if cov_type not in COV_TYPES:
        raise ValueError(f"cov_type must be one of {COV_TYPES}, got {cov_type!r}")
    n, d = X.shape
    dof = n - d - 1
    if dof <= 0:
        raise ValueError(
            f"standard errors need more samples than coefficients: X.shape={X.shape} has "
            f"{n} samples for {d} weight(s) and an intercept, leaving {dof} degrees of "
            "freedom for the noise; at least d + 2 samples are needed"
        )
    # X = 2^ex X' and y = 2^ey y' (exact; nothing changes for data in the safe range)
    ex, ey = pow2_exponent(X), pow2_exponent(y)
    A = np.column_stack([scale_down(X, ex), np.ones(n)])
    y = scale_down(y, ey)
    Q, R = np.linalg.qr(A)
    # a column is dependent on the ones before it when QR keeps almost none of its length;
    # comparing each with its own norm keeps the test independent of the columns' units
    diag = np.abs(np.diag(R))
    if np.any(diag <= max(n, d + 1) * np.finfo(float).eps * np.linalg.norm(A, axis=0)):
        raise ValueError(
            f"the columns of X together with the intercept are linearly dependent "
            f"(X.shape={X.shape}); the coefficients are not unique, so they have no "
            "standard errors. Drop duplicated or constant columns."
        )
    theta = np.linalg.solve(R, Q.T @ y)
    r = y - A @ theta
    R_inv = np.linalg.solve(R, np.eye(d + 1))  # upper triangular; (A^T A)^-1 = R^-1 R^-T
    sigma2 = float(r @ r) / dof
    if cov_type == "classical":
        cov = sigma2 * (R_inv @ R_inv.T)
    else:
        weights = r**2
        if cov_type == "HC3":
            leverage = np.einsum("ij,ij->i", Q, Q)
            # a point with leverage 1 is fitted exactly; its residual carries no information
            weights = weights / np.maximum(1.0 - leverage, np.finfo(float).eps) ** 2
        B = R_inv.T @ (A.T * weights) @ A @ R_inv  # the "meat", in the R^-1 coordinates
        cov = R_inv @ B @ R_inv.T
    cov = 0.5 * (cov + cov.T)
    se = np.sqrt(np.diag(cov))
    sigma = math.sqrt(sigma2)
    if ex or ey:
        # back to the original units: w = 2^(ey - ex) w', b = 2^ey b'
        exps = np.append(np.full(d, ey - ex), ey)
        theta = unscale(theta, exps, "a coefficient")
        se = unscale(se, exps, "a standard error")
        sigma = unscale(sigma, ey, "the noise standard deviation")
        cov = unscale(cov, exps[:, None] + exps[None, :], "an entry of the covariance")
    return LinearInference(
        coef=theta[:d],
        intercept=float(theta[d]),
        coef_se=se[:d],
        intercept_se=float(se[d]),
        sigma=sigma,
        dof=dof,
        n_samples=n,
        cov=cov,
        cov_type=cov_type,
    )
