"""Chapter 7, ridge regression: the closed form, shrinkage and degrees of freedom."""

from __future__ import annotations

import numpy as np

from .cases import Case, design_matrix, regression_data, SHAPES
from .compare import ANY
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake

# --------------------------------------------------------------------------------------
# level A

_X4 = np.array([0.0, 1.0, 2.0, 3.0])
_Y4 = np.array([1.0, 3.0, 2.0, 6.0])


def ridge_by_hand():
    """Ridge, x = (0, 1, 2, 3), y = (1, 3, 2, 6), alpha = 2; the slope-halving alpha."""
    x = np.array([0.0, 1.0, 2.0, 3.0])
    y = np.array([1.0, 3.0, 2.0, 6.0])
    xc, yc = x - x.mean(), y - y.mean()  # the intercept is not penalized: center first
    sxx, sxy = xc @ xc, xc @ yc  # 5 and 7
    alpha = 2.0
    w = sxy / (sxx + alpha)  # 7 / 7 = 1 (least squares: 7 / 5 = 1.4)
    b = y.mean() - x.mean() * w  # the line still passes through the point of means
    alpha_half = sxx  # shrinkage factor sxx / (sxx + alpha) = 1/2
    return float(w), float(b), float(alpha_half)


def _ridge_penalized_intercept_1d(alpha):
    A = np.column_stack([_X4, np.ones(4)])
    theta = np.linalg.solve(A.T @ A + alpha * np.eye(2), A.T @ _Y4)
    return float(theta[0]), float(theta[1])


def _ridge_1d(alpha):
    xc, yc = _X4 - _X4.mean(), _Y4 - _Y4.mean()
    w = (xc @ yc) / (xc @ xc + alpha)
    return float(w), float(_Y4.mean() - _X4.mean() * w)


RIDGE_BY_HAND = ValueExercise(
    id="ridge_by_hand",
    chapter=7,
    level="A",
    title="A one-dimensional ridge fit by hand",
    label="ch07-ex-by-hand",
    task=(
        "Take four points with x = (0, 1, 2, 3) and y = (1, 3, 2, 6). Compute the "
        "ridge "
        "slope and intercept for alpha = 2 in the course's convention "
        "||y - X w - b||^2 + alpha ||w||^2 (the intercept is not penalized), and the "
        "value "
        "of alpha that halves the least-squares slope."
    ),
    answer_format="a tuple `(w, b, alpha_half)` of three numbers",
    outputs=("w", "b", "alpha_half"),
    reference=ridge_by_hand,
    hints=(
        "Center x and y; the slope is sum(x_c y_c) / (sum(x_c^2) + alpha).",
        "The intercept makes the line pass through (mean(x), mean(y)).",
        "The shrinkage factor is sum(x_c^2) / (sum(x_c^2) + alpha).",
    ),
    mistakes=(
        Mistake(
            "penalized_intercept",
            (*_ridge_penalized_intercept_1d(2.0), ANY),
            "You penalized the intercept too (alpha added to both diagonal entries of "
            "A^T A). Ridge shrinks the slope only: centering x and y first leaves b "
            "out of "
            "the penalty.",
            "Center, solve for w, then b = mean(y) - mean(x) * w.",
        ),
        Mistake(
            "alpha_mean_used",
            (*_ridge_1d(2.0 / 4), ANY),
            "You used alpha / n = 0.5, the penalty in the mean convention. In the "
            "course's "
            "sum convention alpha is added to sum(x_c^2) itself.",
            "w = 7 / (5 + 2).",
        ),
        Mistake(
            "intercept_not_recomputed",
            (1.0, 0.9, ANY),
            "Your slope is right but the intercept is the least-squares one: when the "
            "slope "
            "shrinks, b = mean(y) - mean(x) * w changes with it.",
            "Recompute b from the ridge slope.",
        ),
    ),
)


def shrinkage_factors():
    """Shrinkage factors s_j^2 / (s_j^2 + alpha), and their sum, for s = (3, 1, 0.1)."""
    s = np.array([3.0, 1.0, 0.1])  # singular values of the centered design
    alpha = 1.0
    factors = s**2 / (s**2 + alpha)  # 0.9, 0.5, 0.0099
    df = factors.sum()  # effective degrees of freedom
    return factors, float(df)


SHRINKAGE_FACTORS = ValueExercise(
    id="shrinkage_factors",
    chapter=7,
    level="A",
    title="Shrinkage factors",
    label="ch07-ex-factors",
    task=(
        "A centered design matrix has singular values s = (3, 1, 0.1). For alpha = 1, "
        "compute the three ridge shrinkage factors and the effective degrees of "
        "freedom."
    ),
    answer_format="a tuple `(factors, df)`: an array of 3 numbers and a number",
    outputs=("factors", "df"),
    reference=shrinkage_factors,
    hints=(
        "Along the j-th singular direction ridge multiplies the least-squares "
        "coordinate by "
        "s_j^2 / (s_j^2 + alpha).",
        "The effective degrees of freedom are the sum of the factors.",
    ),
    mistakes=(
        Mistake(
            "singular_values_not_squared",
            (np.array([0.75, 0.5, 0.1 / 1.1]), 0.75 + 0.5 + 0.1 / 1.1),
            "You used s_j / (s_j + alpha): the eigenvalues of X_c^T X_c are the "
            "squared "
            "singular values s_j^2.",
            "factor_j = s_j^2 / (s_j^2 + alpha).",
        ),
        Mistake(
            "share_removed",
            (np.array([0.1, 0.5, 1.0 / 1.01]), 0.1 + 0.5 + 1.0 / 1.01),
            "Your factors are alpha / (s_j^2 + alpha), the share that ridge removes; "
            "the "
            "shrinkage factor is the share it keeps.",
            "factor_j = s_j^2 / (s_j^2 + alpha) = 1 - alpha / (s_j^2 + alpha).",
        ),
    ),
)


# --------------------------------------------------------------------------------------
# level B


def alpha_scaling():
    """alpha_mean for alpha = 10 on n = 100, and the alpha keeping it on n = 10 000."""
    alpha, n_old, n_new = 10.0, 100, 10_000
    alpha_mean = alpha / n_old  # 0.1: the penalty per sample
    alpha_new = alpha_mean * n_new  # 1000 keeps the balance of loss and penalty
    return alpha_mean, alpha_new


ALPHA_SCALING = ValueExercise(
    id="alpha_scaling",
    chapter=7,
    level="B",
    title="Should alpha grow with the sample size?",
    label="ch07-ex-sample-size",
    task=(
        "You tuned alpha = 10 for `fit_ridge` (sum convention, ||y - X w - b||^2 + "
        "alpha ||w||^2) on 100 samples. What is alpha_mean = alpha / n? A colleague "
        "refits "
        "on 10 000 samples from the same source: which `alpha` keeps alpha_mean, and "
        "so the "
        "balance between loss and penalty, the same?"
    ),
    answer_format="a tuple `(alpha_mean, alpha_new)` of two numbers",
    outputs=("alpha_mean", "alpha_new"),
    reference=alpha_scaling,
    hints=(
        "The sum of squared errors grows roughly in proportion to n; the penalty does "
        "not.",
        "Dividing the objective by n gives the mean convention with penalty alpha / n.",
    ),
    mistakes=(
        Mistake(
            "alpha_unchanged",
            (ANY, 10.0),
            "Keeping alpha = 10 keeps the penalty fixed while the loss grows a "
            "hundredfold: "
            "the penalty becomes relatively 100 times weaker. (That is what the "
            "Bayesian view "
            "recommends, but the question asks for the alpha that keeps alpha_mean "
            "fixed.)",
            "alpha_new = alpha_mean * 10 000.",
        ),
        Mistake(
            "divided",
            (ANY, 0.1),
            "You scaled alpha the wrong way: with more samples the loss grows, so the "
            "same "
            "balance needs a larger alpha, not a smaller one.",
            "alpha_new = alpha_mean * n_new.",
        ),
        Mistake(
            "alpha_mean_multiplied",
            (1000.0, ANY),
            "alpha_mean is alpha divided by n, the penalty per sample: 10 / 100.",
            "alpha_mean = alpha / n.",
        ),
    ),
)


# --------------------------------------------------------------------------------------
# level C: the closed form


def _ridge_cases(rng):
    cases = []
    for (n, d), alpha in zip(SHAPES, (0.5, 2.0, 1.0, 3.0, 0.7, 10.0)):
        X, y, _, _ = regression_data(rng, n, d)
        cases.append(Case((X, y, alpha), ("X", "y", "alpha"), n=n))
    return cases


def ridge_closed_form(X, y, alpha):
    """Ridge weights and unpenalized intercept for ||y - X w - b||^2 + alpha ||w||^2."""
    X_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - X_mean, y - y_mean  # centering keeps the intercept out of the penalty
    d = X.shape[1]
    # w = (Xc^T Xc + alpha I)^-1 Xc^T yc, solved without forming an inverse
    w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(d), Xc.T @ yc)
    return w, float(y_mean - X_mean @ w)


def _ridge_penalized_intercept(X, y, alpha):
    A = np.column_stack([X, np.ones(X.shape[0])])
    theta = np.linalg.solve(A.T @ A + alpha * np.eye(A.shape[1]), A.T @ y)
    return theta[:-1], float(theta[-1])


def _ridge_scaled_alpha(X, y, alpha, factor):
    X_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - X_mean, y - y_mean
    w = np.linalg.solve(Xc.T @ Xc + factor * alpha * np.eye(X.shape[1]), Xc.T @ yc)
    return w, float(y_mean - X_mean @ w)


def _ridge_alpha_times_n(X, y, alpha):
    return _ridge_scaled_alpha(X, y, alpha, X.shape[0])


def _ridge_alpha_over_n(X, y, alpha):
    return _ridge_scaled_alpha(X, y, alpha, 1.0 / X.shape[0])


def _ridge_not_centered(X, y, alpha):
    return np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y), 0.0


def _ridge_b_is_mean(X, y, alpha):
    w, _ = ridge_closed_form(X, y, alpha)
    return w, float(y.mean())


RIDGE_CLOSED_FORM = FunctionExercise(
    id="ridge_closed_form",
    chapter=7,
    level="C",
    title="Ridge in closed form",
    label="ch07-ex-augment",
    task=(
        "Write `ridge_closed_form(X, y, alpha)` returning the minimizer `(w, b)` of "
        "the "
        "course's ridge objective ||y - X w - b||^2 + alpha ||w||^2 (the sum "
        "convention of "
        "`helpers.fit_ridge`, with an unpenalized intercept), for alpha > 0."
    ),
    answer_format=(
        "a function `ridge_closed_form(X, y, alpha)` returning `(w, b)`, an array "
        "of shape (d,) and a number"
    ),
    outputs=("w", "b"),
    reference=ridge_closed_form,
    make_cases=_ridge_cases,
    hints=(
        "Center X and y: the intercept drops out of the problem and stays unpenalized.",
        "On centered data, w solves (Xc^T Xc + alpha I) w = Xc^T yc; use "
        "`np.linalg.solve`.",
        "Recover the intercept: b = mean(y) - mean(X) @ w.",
    ),
    mistakes=(
        Mistake(
            "penalized_intercept",
            _ridge_penalized_intercept,
            "Your intercept is penalized: adding alpha to every diagonal entry of A^T "
            "A with "
            "A = [X, 1] shrinks b towards 0 as well, so the fit depends on where the "
            "origin "
            "of y is. The course (and scikit-learn) never penalize the intercept.",
            "Center X and y, solve for w, then set b = mean(y) - mean(X) @ w.",
        ),
        Mistake(
            "alpha_times_n",
            _ridge_alpha_times_n,
            "You added n * alpha to the diagonal, the conversion from the mean "
            "convention. "
            "In the sum convention ||y - X w - b||^2 + alpha ||w||^2 the matrix is "
            "Xc^T Xc + alpha I.",
            "Add alpha itself.",
        ),
        Mistake(
            "alpha_over_n",
            _ridge_alpha_over_n,
            "You added alpha / n to the diagonal, as if the loss were the MSE. The "
            "course's "
            "ridge objective sums the squared errors, so the matrix is Xc^T Xc + alpha "
            "I.",
            "Add alpha itself.",
        ),
        Mistake(
            "not_centered",
            _ridge_not_centered,
            "Your fit has no intercept: solving (X^T X + alpha I) w = X^T y on "
            "uncentered "
            "data forces the model through the origin.",
            "Center X and y first, then recover b.",
        ),
        Mistake(
            "intercept_not_recovered",
            _ridge_b_is_mean,
            "Your weights are right but your intercept is mean(y): the fitted line "
            "passes "
            "through the point of means, so b = mean(y) - mean(X) @ w.",
            "Subtract `X.mean(axis=0) @ w`.",
        ),
    ),
)


# --------------------------------------------------------------------------------------
# level C: effective degrees of freedom


def _df_cases(rng):
    cases = []
    for (n, d), alpha in zip(SHAPES, (1.0, 0.5, 2.0, 3.0, 0.3, 25.0)):
        cases.append(Case((design_matrix(rng, n, d), alpha), ("X", "alpha"), n=n))
    return cases


def effective_df(X, alpha):
    """Effective degrees of freedom sum_j s_j^2 / (s_j^2 + alpha); X centered."""
    Xc = X - X.mean(axis=0)  # the unpenalized intercept is handled by centering
    s = np.linalg.svd(Xc, compute_uv=False)  # singular values of the centered design
    return float(np.sum(s**2 / (s**2 + alpha)))


def _df_not_centered(X, alpha):
    s = np.linalg.svd(X, compute_uv=False)
    return float(np.sum(s**2 / (s**2 + alpha)))


def _df_not_squared(X, alpha):
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return float(np.sum(s / (s + alpha)))


def _df_with_intercept(X, alpha):
    return effective_df(X, alpha) + 1.0


def _df_complement(X, alpha):
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return float(np.sum(alpha / (s**2 + alpha)))


EFFECTIVE_DF = FunctionExercise(
    id="effective_df",
    chapter=7,
    level="C",
    title="Effective degrees of freedom",
    label="ch07-ex-effective-df",
    task=(
        "Write `effective_df(X, alpha)` returning the effective degrees of freedom of "
        "ridge "
        "(with an unpenalized intercept, sum convention), df(alpha) = sum_j s_j^2 / "
        "(s_j^2 + alpha), where the s_j are the singular values of the centered X. "
        "Count the "
        "weights only, not the intercept."
    ),
    answer_format="a function `effective_df(X, alpha)` returning a number",
    outputs=("df",),
    reference=effective_df,
    make_cases=_df_cases,
    hints=(
        "Center the columns of X first: the intercept is not part of the penalty.",
        "`np.linalg.svd(Xc, compute_uv=False)` returns the singular values.",
    ),
    mistakes=(
        Mistake(
            "not_centered",
            _df_not_centered,
            "You used the singular values of X itself. With an unpenalized intercept, "
            "ridge "
            "works on the centered columns; without centering, the column means add a "
            "large "
            "spurious direction.",
            "Use `X - X.mean(axis=0)`.",
        ),
        Mistake(
            "singular_values_not_squared",
            _df_not_squared,
            "You used s_j / (s_j + alpha): the eigenvalues of Xc^T Xc, which alpha is "
            "added "
            "to, are the squared singular values.",
            "Square the singular values.",
        ),
        Mistake(
            "counted_intercept",
            _df_with_intercept,
            "You added one for the intercept. That is the trace of the whole smoother; "
            "the "
            "exercise asks for the weights' degrees of freedom alone.",
            "Leave out the + 1.",
        ),
        Mistake(
            "share_removed",
            _df_complement,
            "You summed alpha / (s_j^2 + alpha), the shares that ridge removes; the "
            "degrees "
            "of freedom sum the shares it keeps.",
            "Sum s_j^2 / (s_j^2 + alpha).",
        ),
    ),
)


EXERCISES = (
    RIDGE_BY_HAND,
    SHRINKAGE_FACTORS,
    ALPHA_SCALING,
    RIDGE_CLOSED_FORM,
    EFFECTIVE_DF,
)
