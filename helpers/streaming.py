"""Least squares from data seen one chunk at a time: the normal equations, streamed.

Least squares needs only a few sums of the data: the count, the means, the centred Gram
matrix ``X_c^T X_c`` and the centred cross products ``X_c^T y_c``. They take O(d^2)
numbers of memory however many rows there are, they can be accumulated chunk by chunk
from a file too large for memory, and the sums of separate shards merge in any order,
which is the map-reduce form of least squares (chapter 10).

The chunks are merged with the pairwise update of Chan, Golub and LeVeque: each chunk is
centred on its own means, and merging two summaries adds a correction for the gap between
their means. Unlike "sum of x x^T minus n times the mean's outer product", this loses no
digits when a feature's mean is large compared with its spread (a timestamp, a price in
cents).
"""

from __future__ import annotations

import warnings

import numpy as np

from ._validation import (
    check_bool,
    check_int,
    check_nonnegative,
    check_scalar,
    check_weights,
    check_X_y,
)
from ._scaling import top_exponent
from .linear import CollinearityWarning, _centered_gram

__all__ = ["NormalEquations"]

# The solve warns when fewer than this many significant digits of the weights can be
# trusted: the relative error of a solve is about cond * eps, and the course prints four.
TRUSTED_DIGITS = 4

# A chunk whose largest entry lies outside [2^-480, 2^480] (about 1e-144 to 1e144) is
# refused: the sums of squares the statistics hold would leave float64's normal range.
_EXPONENT_RANGE = 480


def _check_range(a, name):
    e = top_exponent(a)
    if e is None or abs(e) <= _EXPONENT_RANGE:
        return
    top = float(np.max(np.abs(a)))
    where = ("overflow float64 (its largest number is 1.8e308)" if e > 0 else
             "fall below float64's normal range (2.2e-308) and lose digits")
    raise ValueError(
        f"{name} has entries of magnitude up to {top:.3g}: the sums of squares these "
        f"statistics hold would {where}. Divide {name} by a constant before streaming "
        "(the same for every chunk), and convert the answer back"
    )


class NormalEquations:
    """The sufficient statistics of least squares and ridge, accumulated chunk by chunk.

    Derived in chapter 10 (larger than memory and distributed).

    Parameters
    ----------
    n_features : int
        The number of columns every chunk has.

    Attributes
    ----------
    n_samples : int
        Rows seen so far.
    x_mean : ndarray of shape (n_features,)
    y_mean : float
    gram : ndarray of shape (n_features, n_features)
        ``sum_i (x_i - x_mean)(x_i - x_mean)^T``, the centred Gram matrix ``X_c^T X_c``.
    xty : ndarray of shape (n_features,)
        ``sum_i (x_i - x_mean)(y_i - y_mean)``, that is ``X_c^T y_c``.
    yy : float
        ``sum_i (y_i - y_mean)^2``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(1000, 3)); y = X @ [1.0, -2.0, 0.5] + 3.0
    >>> stats = NormalEquations(3)
    >>> for start in range(0, 1000, 128):    # eight chunks, the last one shorter
    ...     _ = stats.update(X[start:start + 128], y[start:start + 128])
    >>> w, b = stats.solve()
    >>> np.round(w, 10), round(b, 10)
    (array([ 1. , -2. ,  0.5]), 3.0)
    >>> a, c = NormalEquations(3).update(X[:300], y[:300]), NormalEquations(3).update(X[300:], y[300:])
    >>> np.allclose((a + c).gram, stats.gram, rtol=1e-12)    # merging shards: the reduce step
    True
    """

    def __init__(self, n_features):
        d = check_int(n_features, "n_features", minimum=1)
        self.n_samples = 0
        self.x_mean = np.zeros(d)
        self.y_mean = 0.0
        self.gram = np.zeros((d, d))
        self.xty = np.zeros(d)
        self.yy = 0.0

    @property
    def n_features(self) -> int:
        return self.x_mean.shape[0]

    @property
    def nbytes(self) -> int:
        """Bytes held by the statistics: about 8 d^2, whatever the number of rows."""
        return self.x_mean.nbytes + self.gram.nbytes + self.xty.nbytes + 3 * 8

    def __repr__(self) -> str:
        return f"NormalEquations(n_features={self.n_features}, n_samples={self.n_samples})"

    # -----------------------------------------------------------------------------------------

    def _merge_in(self, n_b, x_mean_b, y_mean_b, gram_b, xty_b, yy_b):
        """Chan, Golub and LeVeque's pairwise update of centred sums."""
        n_a = self.n_samples
        n = n_a + n_b
        if n_a == 0:
            self.n_samples = n_b
            self.x_mean, self.y_mean = x_mean_b.copy(), float(y_mean_b)
            self.gram, self.xty, self.yy = gram_b.copy(), xty_b.copy(), float(yy_b)
            return self
        dx = x_mean_b - self.x_mean
        dy = y_mean_b - self.y_mean
        f = n_a * n_b / n
        # the centred sums about the pooled mean: each part's own sum plus the part's count
        # times its squared distance from the pooled mean, which adds up to f * gap^2
        self.gram = self.gram + gram_b + f * np.outer(dx, dx)
        self.xty = self.xty + xty_b + f * dx * dy
        self.yy = self.yy + yy_b + f * dy * dy
        self.x_mean = self.x_mean + dx * (n_b / n)
        self.y_mean = self.y_mean + dy * (n_b / n)
        self.n_samples = n
        return self

    def update(self, X, y):
        """Add a chunk of rows: `X` of shape (m, n_features), `y` of shape (m,) or (m, 1).

        The chunk's own statistics come from one product over it and no centred copy
        (blocks of about a megabyte are centred in cache when a column's mean is far from
        its spread, so no digits are lost). Returns self, so calls can be chained.
        """
        X, y = check_X_y(X, y)
        _check_range(X, "X")
        _check_range(y, "y")
        if X.shape[1] != self.n_features:
            raise ValueError(
                f"X has {X.shape[1]} feature(s) but these statistics were started with "
                f"{self.n_features} (X.shape={X.shape})"
            )
        return self._merge_in(X.shape[0], *_centered_gram(X, y, True))

    def __add__(self, other):
        """The statistics of both data sets together (neither operand changes)."""
        if not isinstance(other, NormalEquations):
            return NotImplemented
        if other.n_features != self.n_features:
            raise ValueError(
                f"cannot merge statistics of {self.n_features} and {other.n_features} features"
            )
        merged = NormalEquations(self.n_features)._merge_in(
            self.n_samples, self.x_mean, self.y_mean, self.gram, self.xty, self.yy)
        if other.n_samples:
            merged._merge_in(other.n_samples, other.x_mean, other.y_mean,
                             other.gram, other.xty, other.yy)
        return merged

    def _uncentred(self):
        """X^T X, X^T y and y^T y about zero, for a fit without an intercept."""
        n, m, my = self.n_samples, self.x_mean, self.y_mean
        return (self.gram + n * np.outer(m, m), self.xty + n * m * my, self.yy + n * my * my)

    def _require_rows(self):
        if self.n_samples == 0:
            raise ValueError("no rows yet: call update(X_chunk, y_chunk) before solving")

    def solve(self, alpha=0.0, *, fit_intercept=True):
        """The least-squares (``alpha=0``) or ridge weights from the statistics alone.

        Parameters
        ----------
        alpha : float, default=0.0
            Ridge penalty in the convention of :func:`helpers.fit_ridge`,
            ``||y - X w - b||^2 + alpha ||w||^2``.
        fit_intercept : bool, default=True

        Returns
        -------
        w : ndarray of shape (n_features,)
        b : float

        Warns
        -----
        CollinearityWarning
            When ``alpha=0`` and the Gram matrix is singular (to rounding): the
            minimum-norm solution is returned. Also when the system is so ill-conditioned
            that fewer than four significant digits of the weights can be trusted
            (condition number above about 4.5e11).

        Notes
        -----
        The system ``(X_c^T X_c + alpha I) w = X_c^T y_c`` has the squared condition
        number of ``X_c``: forming the Gram matrix is what makes one pass possible, and
        the price is that about twice as many digits are lost as with a QR or SVD of the
        data itself. The chapter discusses when that matters.
        """
        alpha = check_nonnegative(alpha, "alpha")
        fit_intercept = check_bool(fit_intercept, "fit_intercept")
        self._require_rows()
        if fit_intercept:
            G, g = self.gram, self.xty
        else:
            G, g, _ = self._uncentred()
        d = self.n_features
        limit = 10.0 ** -TRUSTED_DIGITS / np.finfo(float).eps
        if alpha > 0:
            A = G.copy()
            A.flat[:: d + 1] += alpha
            w = np.linalg.solve(A, g)
            # cond(A) <= (trace(G) + alpha) / alpha: the eigenvalues only when that may be large
            if (np.trace(G) + alpha) / alpha > limit:
                lam_A = np.linalg.eigvalsh(A)
                _warn_ill_conditioned(lam_A[-1] / lam_A[0], limit, self.n_samples)
        else:
            lam, V = np.linalg.eigh(G)
            keep = lam > d * np.finfo(float).eps * max(lam[-1], 0.0)
            if keep.all():
                _warn_ill_conditioned(lam[-1] / lam[0], limit, self.n_samples)
            else:
                warnings.warn(
                    f"the Gram matrix of these statistics is singular ({int((~keep).sum())} "
                    f"of {d} eigenvalues are zero to rounding, after {self.n_samples} rows); "
                    "returning the minimum-norm least-squares solution. Add rows, drop "
                    "dependent columns, or use alpha > 0.",
                    CollinearityWarning,
                    stacklevel=2,
                )
            coords = np.zeros(d)
            coords[keep] = (V[:, keep].T @ g) / lam[keep]
            w = V @ coords
        b = float(self.y_mean - self.x_mean @ w) if fit_intercept else 0.0
        return w, b

    def rss(self, w, b=0.0):
        """The residual sum of squares ``||y - X w - b||^2`` from the statistics alone.

        With ``r_i = (y_i - y_mean) - (x_i - x_mean)^T w + c`` and
        ``c = y_mean - x_mean^T w - b``, the cross terms vanish because centred columns
        sum to zero: ``RSS = yy - 2 w^T xty + w^T gram w + n c^2``.
        """
        self._require_rows()
        w = check_weights(w, self.n_features)
        c = self.y_mean - float(self.x_mean @ w) - check_scalar(b, "b")
        with np.errstate(over="ignore", invalid="ignore"):
            value = (self.yy - 2.0 * float(w @ self.xty) + float(w @ self.gram @ w)
                     + self.n_samples * c * c)
        if not np.isfinite(value):
            raise OverflowError(
                "the residual sum of squares at this w is past float64's largest number "
                "1.8e308: the weights are far too large for these data"
            )
        return max(value, 0.0)  # rounding can leave a tiny negative number at an exact fit


def _warn_ill_conditioned(cond, limit, n_samples):
    if cond <= limit:
        return
    digits = max(0, int(np.floor(-np.log10(cond * np.finfo(float).eps))))
    warnings.warn(
        f"the system these statistics solve has condition number {cond:.2g} (after "
        f"{n_samples} rows), so only about {digits} significant digit(s) of the weights can "
        "be trusted: forming X^T X squares the condition number of X. Drop or combine "
        "nearly dependent columns, rescale them, use alpha > 0, or solve from the rows with "
        "a QR or SVD (helpers.fit_normal_equation) when they fit in memory.",
        CollinearityWarning,
        stacklevel=3,
    )
