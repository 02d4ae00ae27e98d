"""Features and data handling: polynomial features, standardization, train/test splits."""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._scaling import column_exponents, scale_down, unscale
from ._validation import as_float_array, check_bool, check_int, check_rng, check_X, check_X_y

__all__ = ["polynomial_features", "Standardizer", "train_test_split"]


def polynomial_features(x, degree, *, include_bias=False):
    """Powers of a single input: the columns ``x, x^2, ..., x^degree``.

    Derived in chapter 6 (overfitting).

    Parameters
    ----------
    x : array-like of shape (n_samples,) or (n_samples, 1)
        One input feature.
    degree : int
        Highest power, >= 0.
    include_bias : bool, default=False
        Prepend a column of ones (``x^0``).

    Returns
    -------
    ndarray of shape (n_samples, degree + include_bias)
        The same columns, in the same order, as scikit-learn's
        ``PolynomialFeatures(degree, include_bias=include_bias)`` on one input.

    Notes
    -----
    The model ``w_1 x + w_2 x^2 + ... + b`` is curved in `x` but linear in the weights, so
    it is still fitted by linear least squares on these columns.

    Examples
    --------
    >>> polynomial_features([1.0, 2.0, 3.0], 3)
    array([[ 1.,  1.,  1.],
           [ 2.,  4.,  8.],
           [ 3.,  9., 27.]])
    """
    degree = check_int(degree, "degree", minimum=0)
    include_bias = check_bool(include_bias, "include_bias")
    arr = as_float_array(x, "x")
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(
            f"x must be one feature of shape (n,) or (n, 1), got shape {arr.shape}; "
            "polynomial_features expands a single input"
        )
    if arr.shape[0] == 0:
        raise ValueError("x has no samples (shape (0,)); at least one is needed")
    start = 0 if include_bias else 1
    powers = np.arange(start, degree + 1)
    with np.errstate(over="raise"):
        try:
            return arr[:, None] ** powers[None, :]
        except FloatingPointError:
            raise ValueError(
                f"x**{degree} overflows float64 (max |x| = {np.abs(arr).max():.3g}); "
                "rescale x or lower the degree"
            ) from None


class Standardizer:
    """Learn each feature's mean and standard deviation on training data; apply them anywhere.

    Derived in chapter 5 (real data).

    Attributes
    ----------
    mean_ : ndarray of shape (n_features,)
    scale_ : ndarray of shape (n_features,)
        Population standard deviation (ddof=0), with 1.0 for constant features so they map
        to zero instead of dividing by zero (as scikit-learn's StandardScaler does).

    Notes
    -----
    Fit on the training part only: statistics computed on data that includes the test
    set leak information about it into the model.

    Examples
    --------
    >>> s = Standardizer().fit([[1.0, 10.0], [3.0, 10.0]])
    >>> s.mean_, s.scale_
    (array([ 2., 10.]), array([1., 1.]))
    >>> s.transform([[5.0, 12.0]])
    array([[3., 2.]])
    """

    def __init__(self):
        self.mean_ = None
        self.scale_ = None

    def fit(self, X):
        X = check_X(X)
        # each column divided by a power of two first, so that squaring cannot overflow
        # or underflow (exact; nothing changes for columns in the safe range)
        e = column_exponents(X)
        Xs = scale_down(X, e)
        mean = Xs.mean(axis=0)
        std = Xs.std(axis=0)
        # a feature whose spread is rounding noise around its mean counts as constant (the
        # noise is relative to the mean: a small spread around zero is a real feature)
        constant = std <= 10 * np.finfo(np.float64).eps * np.abs(mean)
        # an exactly constant column is centred on its value, so it maps to exactly zero
        # (a mean of many equal numbers can be off by an ulp, magnified by the scale 1.0)
        exact = (X == X[0]).all(axis=0)
        self.mean_ = np.where(exact, X[0], unscale(mean, e, "a mean"))
        self.scale_ = np.where(constant, 1.0, unscale(std, e, "a standard deviation"))
        return self

    def _check_fitted(self, X):
        if self.mean_ is None:
            raise ValueError("this Standardizer is not fitted yet; call fit(X_train) first")
        X = check_X(X)
        if X.shape[1] != self.mean_.shape[0]:
            raise ValueError(
                f"X has {X.shape[1]} features but the Standardizer was fitted on "
                f"{self.mean_.shape[0]}"
            )
        return X

    def transform(self, X):
        X = self._check_fitted(X)
        e = column_exponents(np.vstack([X, self.mean_]))  # X - mean_ cannot overflow
        return (scale_down(X, e) - scale_down(self.mean_, e)) / scale_down(self.scale_, e)

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        Z = self._check_fitted(Z)
        return Z * self.scale_ + self.mean_

    def unscale_coefficients(self, w, b):
        """Map weights fitted on standardized features back to the original units.

        A model ``y = Z w + b`` with ``Z = (X - mean) / scale`` equals
        ``y = X (w / scale) + (b - mean . (w / scale))``.
        """
        if self.mean_ is None:
            raise ValueError("this Standardizer is not fitted yet; call fit(X_train) first")
        w = np.asarray(w, dtype=np.float64).reshape(-1)
        if w.shape[0] != self.mean_.shape[0]:
            raise ValueError(
                f"w has {w.shape[0]} entries but the Standardizer has {self.mean_.shape[0]} features"
            )
        w_orig = w / self.scale_
        return w_orig, float(b - self.mean_ @ w_orig)

    def __repr__(self):
        if self.mean_ is None:
            return "Standardizer(not fitted)"
        return f"Standardizer(n_features={self.mean_.shape[0]})"


def train_test_split(X, y, *, test_size, rng):
    """Shuffle the samples and split them into a training part and a test part.

    Derived in chapter 5 (real data).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, 1)
    test_size : float or int
        A fraction in (0, 1) of the samples (rounded up), or a count in [1, n_samples - 1].
    rng : int, np.random.Generator or np.random.RandomState
        Source of the shuffle; required so every split is reproducible. A
        ``np.random.RandomState(42)`` gives exactly the split of scikit-learn's
        ``train_test_split(..., random_state=42)``.

    Returns
    -------
    X_train, X_test, y_train, y_test : ndarray

    Examples
    --------
    >>> X = np.arange(10.0).reshape(5, 2)
    >>> X_tr, X_te, y_tr, y_te = train_test_split(X, np.arange(5.0), test_size=0.4, rng=0)
    >>> X_tr.shape, X_te.shape, y_tr.shape, y_te.shape
    ((3, 2), (2, 2), (3,), (2,))
    """
    X, y = check_X_y(X, y)
    n = X.shape[0]
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise TypeError(f"test_size must be a fraction or a count, got {test_size!r}")
    if isinstance(test_size, numbers.Integral):
        n_test = int(test_size)
        if not 1 <= n_test <= n - 1:
            raise ValueError(
                f"test_size={n_test} must be between 1 and {n - 1} for {n} samples"
            )
    else:
        if not 0.0 < test_size < 1.0:
            raise ValueError(f"test_size as a fraction must be in (0, 1), got {test_size}")
        n_test = math.ceil(test_size * n)
        if not 1 <= n_test <= n - 1:
            raise ValueError(
                f"test_size={test_size} leaves {n - n_test} training and {n_test} test "
                f"samples out of {n}; both parts need at least one"
            )
    if rng is None:
        raise TypeError("rng is required (an int seed or a numpy Generator) so the split is reproducible")
    gen = check_rng(rng)
    perm = gen.permutation(n)
    test, train = perm[:n_test], perm[n_test:]
    return X[train], X[test], y[train], y[test]
