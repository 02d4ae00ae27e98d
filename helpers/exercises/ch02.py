"""Chapter 2, the loss and its geometry: gradients of the MSE, the normal equations and the
one-feature formulas."""

from __future__ import annotations

import numpy as np

from .cases import Case, regression_data, SHAPES
from .compare import ANY
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake

# ---------------------------------------------------------------------------------------------
# level A


def tiny_gradient():
    """Both gradients of the MSE at w = 2, b = 1 on the tiny example."""
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])
    n = X.shape[0]
    r = X @ np.array([2.0]) + 1.0 - y  # residuals (1, 1, 1)
    grad_w = (2.0 / n) * (X.T @ r)  # (2/3)(1 + 2 + 3) = 4
    grad_b = (2.0 / n) * r.sum()  # (2/3)(1 + 1 + 1) = 2
    return float(grad_w[0]), float(grad_b)


TINY_GRADIENT = ValueExercise(
    id="tiny_gradient",
    chapter=2,
    level="A",
    title="A gradient by hand",
    label="ch02-ex-tiny-gradient",
    task=(
        "For the tiny example (X = (1, 2, 3) as one feature column, y = (2, 4, 6)), compute "
        "the gradients of the MSE with respect to w and b at w = 2, b = 1."
    ),
    answer_format="a tuple `(grad_w, grad_b)` of two numbers",
    outputs=("grad_w", "grad_b"),
    reference=tiny_gradient,
    hints=(
        "Start with the residuals r = X w + b - y at w = 2, b = 1.",
        "grad_w = (2/n) sum_i x_i r_i and grad_b = (2/n) sum_i r_i, with n = 3.",
    ),
    mistakes=(
        Mistake(
            "flipped_sign",
            (-4.0, -2.0),
            "Both gradients have the wrong sign: you used y - y_hat where the residual is "
            "y_hat - y. The line sits above the points, so the loss grows with w and b and "
            "both gradients are positive.",
            "Compute r = X w + b - y (prediction minus target).",
        ),
        Mistake(
            "missing_factor_two",
            (2.0, 1.0),
            "Your gradients are half the right size: the derivative of r_i^2 is 2 r_i, so the "
            "factor in front is 2/n, not 1/n. (1/n is the gradient of the 1/(2n) convention.)",
            "Multiply by 2/n.",
        ),
        Mistake(
            "sum_not_mean",
            (12.0, 6.0),
            "Your gradients are n = 3 times too large: you differentiated the sum of squares, "
            "but the MSE is a mean, so the factor is 2/n.",
            "Divide by n = 3.",
        ),
        Mistake(
            "bias_left_out",
            (0.0, 0.0),
            "You left b out of the residual: at w = 2 the line 2x passes through every point, "
            "but with b = 1 it sits one unit above them, so the gradients are not zero.",
            "The residual is r = X w + b - y, with the bias.",
        ),
    ),
)


def tiny_normal_equations():
    """A^T A and A^T y for the tiny example, with A = [X, 1]."""
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])
    A = np.column_stack([X, np.ones(3)])  # the ones column last, as theta = (w, b)
    return A.T @ A, A.T @ y  # [[14, 6], [6, 3]] and (28, 12)


TINY_NORMAL_EQUATIONS = ValueExercise(
    id="tiny_normal_equations",
    chapter=2,
    level="A",
    title="The normal equations of the tiny example",
    label="ch02-ex-tiny-normal",
    task=(
        "Write A = [X, 1] for the tiny example (X = (1, 2, 3) as one feature column, "
        "y = (2, 4, 6)), with the column of ones last, and compute A^T A and A^T y by hand."
    ),
    answer_format="a tuple `(AtA, Aty)`: a 2 x 2 array and an array of 2 numbers",
    outputs=("AtA", "Aty"),
    reference=tiny_normal_equations,
    hints=(
        "Entry (j, k) of A^T A is the dot product of columns j and k of A.",
        "The entries are sum x_i^2, sum x_i, and the ones column dotted with itself.",
    ),
    mistakes=(
        Mistake(
            "ones_first",
            (np.array([[3.0, 6.0], [6.0, 14.0]]), np.array([12.0, 28.0])),
            "You put the column of ones first. The course appends it last, so that "
            "theta = (w, b) and the bias is the last unknown.",
            "Reorder: A = [X, 1].",
        ),
        Mistake(
            "no_ones_column",
            (np.array([[14.0]]), np.array([28.0])),
            "You used X alone, without the column of ones, so the system has no unknown for "
            "the bias b.",
            "Append a column of ones to X before forming A^T A.",
        ),
        Mistake(
            "corner_not_n",
            (np.array([[14.0, 6.0], [6.0, 1.0]]), ANY),
            "The bottom-right entry of A^T A is the ones column dotted with itself, "
            "1 + 1 + 1 = n = 3, not 1.",
            "Each of the n examples contributes 1 * 1 to that entry.",
        ),
    ),
)


def one_feature_fit():
    """Slope, intercept and R^2 of the least-squares line through four points."""
    x = np.array([1.0, 2.0, 3.0, 4.0])
    y = np.array([2.0, 3.0, 5.0, 6.0])
    dx, dy = x - x.mean(), y - y.mean()  # (-1.5, -0.5, 0.5, 1.5) and (-2, -1, 1, 2)
    slope = (dx @ dy) / (dx @ dx)  # cov(x, y) / var(x) = 7 / 5
    intercept = y.mean() - slope * x.mean()  # 4 - 1.4 * 2.5
    r2 = (dx @ dy) ** 2 / ((dx @ dx) * (dy @ dy))  # corr(x, y)^2 = 49 / 50
    return float(slope), float(intercept), float(r2)


ONE_FEATURE_FIT = ValueExercise(
    id="one_feature_fit",
    chapter=2,
    level="A",
    title="The one-feature formulas by hand",
    label="ch02-ex-one-feature",
    task=(
        "Fit y_hat = w x + b by least squares to x = (1, 2, 3, 4), y = (2, 3, 5, 6) with the "
        "one-feature formulas: the slope cov(x, y) / var(x), the intercept mean(y) - w "
        "mean(x), and R^2 = corr(x, y)^2."
    ),
    answer_format="a tuple `(w, b, r2)` of three numbers",
    outputs=("w", "b", "r2"),
    reference=one_feature_fit,
    hints=(
        "Center both: x - mean(x) = (-1.5, -0.5, 0.5, 1.5) and y - mean(y) = (-2, -1, 1, 2).",
        "The sums of products are 7 (x with y), 5 (x with x) and 10 (y with y); the factors "
        "1/n or 1/(n - 1) of cov and var cancel in the ratios.",
    ),
    mistakes=(
        Mistake(
            "divided_by_var_y",
            (0.7, 2.25, ANY),
            "Your slope is cov(x, y) / var(y): that is the least-squares slope of x on y, "
            "the line that minimizes horizontal misses. Predicting y from x divides by "
            "var(x).",
            "w = sum (x_i - mean x)(y_i - mean y) / sum (x_i - mean x)^2.",
        ),
        Mistake(
            "r2_is_corr",
            (ANY, ANY, 0.98995),
            "Your R^2 is the correlation itself. With one feature R^2 is its square, "
            "corr(x, y)^2 = 49 / 50: the share of the variance of y the line explains.",
            "Square the correlation.",
        ),
        Mistake(
            "intercept_mean_y",
            (ANY, 4.0, ANY),
            "Your intercept is mean(y), the value of the line at x = mean(x), not at x = 0. "
            "The line passes through the point of means, so b = mean(y) - w mean(x).",
            "Subtract the slope times mean(x) from mean(y).",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level B


def mean_median():
    """The constants b minimizing the MSE and the MAE of y = (1, 2, 3, 10, 100)."""
    y = np.array([1.0, 2.0, 3.0, 10.0, 100.0])
    return float(np.mean(y)), float(np.median(y))  # 23.2 and 3


MEAN_MEDIAN = ValueExercise(
    id="mean_median",
    chapter=2,
    level="B",
    title="Mean, median and the outlier",
    label="ch02-ex-mean-median",
    task=(
        "Take the model with no features, y_hat_i = b, and the targets y = (1, 2, 3, 10, 100). "
        "Which b minimizes the MSE, and which b minimizes the mean absolute error (MAE)?"
    ),
    answer_format="a tuple `(b_mse, b_mae)` of two numbers",
    outputs=("b_mse", "b_mae"),
    reference=mean_median,
    hints=(
        "Set the derivative of (1/n) sum (b - y_i)^2 with respect to b to zero.",
        "The slope of (1/n) sum |b - y_i| counts the points below b minus the points above.",
    ),
    mistakes=(
        Mistake(
            "swapped",
            (3.0, 23.2),
            "Your two answers are swapped: the MSE is minimized by the mean (which the "
            "outlier drags to 23.2) and the MAE by the median (which ignores it).",
            "Setting the MSE's derivative (2/n) sum (b - y_i) to zero gives the mean.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: the gradients


def _gradient_cases(rng):
    return [Case(regression_data(rng, n, d), ("X", "y", "w", "b"), n=n) for n, d in SHAPES]


def mse_gradients(X, y, w, b):
    """Gradients of the MSE (1/n) ||X w + b - y||^2 with respect to `w` (d,) and `b`."""
    n = X.shape[0]
    r = X @ w + b - y  # residuals, (n,)
    grad_w = (2.0 / n) * (X.T @ r)  # (d, n) @ (n,) -> (d,)
    grad_b = (2.0 / n) * r.sum()  # the ones vector: (n,) -> a number
    return grad_w, float(grad_b)


def _grad_flipped_sign(X, y, w, b):
    n = X.shape[0]
    r = y - (X @ w + b)  # target minus prediction
    return (2.0 / n) * (X.T @ r), float((2.0 / n) * r.sum())


def _grad_missing_two(X, y, w, b):
    n = X.shape[0]
    r = X @ w + b - y
    return (1.0 / n) * (X.T @ r), float((1.0 / n) * r.sum())


def _grad_sum_not_mean(X, y, w, b):
    r = X @ w + b - y
    return 2.0 * (X.T @ r), float(2.0 * r.sum())


def _grad_y_column(X, y, w, b):
    n = X.shape[0]
    r = X @ w + b - y.reshape(-1, 1)  # (n,) - (n, 1) -> (n, n): r[i, j] = y_hat_j - y_i
    return (2.0 / n) * (X.T @ r), float((2.0 / n) * r.sum())


def _grad_w_column(X, y, w, b):
    n = X.shape[0]
    r = X @ w.reshape(-1, 1) + b - y  # (n, 1) - (n,) -> (n, n): r[i, j] = y_hat_i - y_j
    return (2.0 / n) * (X.T @ r), float((2.0 / n) * r.sum())


def _grad_bias_left_out(X, y, w, b):
    n = X.shape[0]
    r = X @ w - y
    return (2.0 / n) * (X.T @ r), float((2.0 / n) * r.sum())


def _grad_b_not_summed(X, y, w, b):
    n = X.shape[0]
    r = X @ w + b - y
    return (2.0 / n) * (X.T @ r), (2.0 / n) * r  # one entry per example


_BROADCAST_MESSAGE = (
    "Your gradient is contaminated by an (n, n) matrix: {what}, and an (n, 1) column minus "
    "an (n,) vector broadcasts to every prediction minus every target. Your `grad_w` then "
    "has shape (d, n) instead of (d,), and `grad_b` mixes all n^2 pairs."
)

MSE_GRADIENTS = FunctionExercise(
    id="mse_gradients",
    chapter=2,
    level="C",
    title="The gradients of the MSE",
    label="ch02-ex-mse-gradients",
    task=(
        "Write `mse_gradients(X, y, w, b)` returning the gradients of the MSE "
        "L = (1/n) ||X w + b - y||^2 with respect to `w` and `b`, for `X` of shape (n, d), "
        "`y` of shape (n,), `w` of shape (d,) and a number `b`, with no Python loop."
    ),
    answer_format="a function `mse_gradients(X, y, w, b)` returning `(grad_w, grad_b)`, an "
    "array of shape (d,) and a number",
    outputs=("grad_w", "grad_b"),
    reference=mse_gradients,
    make_cases=_gradient_cases,
    hints=(
        "Compute the residual vector `r = X @ w + b - y` first, of shape (n,).",
        "The chain rule gives dL/dr = (2/n) r; then grad_w = X^T (dL/dr) and grad_b is the "
        "sum of dL/dr.",
        "Check the shapes: (d, n) @ (n,) -> (d,), and a sum over the n residuals for the bias.",
    ),
    mistakes=(
        Mistake(
            "flipped_sign",
            _grad_flipped_sign,
            "Your gradient has the wrong sign: you computed `y - y_hat` where the residual is "
            "`y_hat - y`. Gradient descent would then walk uphill.",
            "Use `r = X @ w + b - y` (prediction minus target).",
        ),
        Mistake(
            "missing_factor_two",
            _grad_missing_two,
            "Your gradient is half the right size: the derivative of r_i^2 is 2 r_i, so the "
            "factor is 2/n, not 1/n. (1/n is the gradient of the 1/(2n) convention.)",
            "Multiply by 2/n.",
        ),
        Mistake(
            "sum_not_mean",
            _grad_sum_not_mean,
            "Your gradient is n times too large: you differentiated the sum of squared "
            "residuals, but the MSE is their mean.",
            "Divide by n: the factor is 2/n.",
        ),
        Mistake(
            "broadcast_y_column",
            _grad_y_column,
            _BROADCAST_MESSAGE.format(what="`y` was treated as a column of shape (n, 1)"),
            "Keep `y` 1-D (`y = y.ravel()`) and check that `r.shape == (n,)`.",
        ),
        Mistake(
            "broadcast_w_column",
            _grad_w_column,
            _BROADCAST_MESSAGE.format(
                what="`w` was used as a column of shape (d, 1), so the predictions have "
                "shape (n, 1)"
            ),
            "Keep `w` 1-D, of shape (d,), so that `X @ w` has shape (n,).",
        ),
        Mistake(
            "bias_left_out",
            _grad_bias_left_out,
            "Your residual leaves out the bias: both gradients are computed from `X @ w - y`, "
            "but the model predicts `X @ w + b`.",
            "Use `r = X @ w + b - y`.",
        ),
        Mistake(
            "grad_b_not_summed",
            _grad_b_not_summed,
            "Your `grad_b` is a vector with one entry per example: the bias affects every "
            "prediction, so its derivative collects all the residuals into one number.",
            "Sum: `grad_b = (2 / n) * r.sum()`.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: the normal equations


def _normal_cases(rng):
    # full column rank with an intercept: n >= d + 2
    shapes = ((3, 1), (5, 2), (8, 3), (12, 1), (30, 4))
    cases = []
    for n, d in shapes:
        X, y, _, _ = regression_data(rng, n, d)
        cases.append(Case((X, y), ("X", "y"), n=n))
    return cases


def normal_equation(X, y):
    """Least-squares weights `w` (d,) and intercept `b` from the normal equations."""
    n = X.shape[0]
    A = np.column_stack([X, np.ones(n)])  # theta = (w, b): the ones column last
    # A^T A theta = A^T y, solved without forming an inverse
    theta = np.linalg.solve(A.T @ A, A.T @ y)
    return theta[:-1], float(theta[-1])


def _normal_no_intercept(X, y):
    return np.linalg.solve(X.T @ X, X.T @ y), 0.0


def _normal_b_is_mean(X, y):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    w = np.linalg.solve(Xc.T @ Xc, Xc.T @ yc)
    return w, float(y.mean())


def _normal_ones_first(X, y):
    A = np.column_stack([np.ones(X.shape[0]), X])
    theta = np.linalg.solve(A.T @ A, A.T @ y)
    return theta[:-1], float(theta[-1])  # read as if the ones were last


NORMAL_EQUATION = FunctionExercise(
    id="normal_equation",
    chapter=2,
    level="C",
    title="Least squares from the normal equations",
    label="ch02-ex-normal-equation",
    task=(
        "Write `normal_equation(X, y)` returning the least-squares weights `w` and "
        "intercept `b`, by solving the normal equations A^T A theta = A^T y with "
        "A = [X, 1] (or by centering X and y). The hidden cases have more samples than "
        "parameters and linearly independent columns."
    ),
    answer_format="a function `normal_equation(X, y)` returning `(w, b)`, an array of "
    "shape (d,) and a number",
    outputs=("w", "b"),
    reference=normal_equation,
    make_cases=_normal_cases,
    cases_summary="n from 3 to 30 and d from 1 to 4, all of full column rank",
    hints=(
        "Append a column of ones to X, so that theta = (w, b) and A theta = X w + b.",
        "Solve the linear system with `np.linalg.solve(A.T @ A, A.T @ y)`; never form an "
        "inverse.",
        "The last entry of theta is b; the others are w.",
    ),
    mistakes=(
        Mistake(
            "no_intercept",
            _normal_no_intercept,
            "Your fit has no intercept: you solved X^T X w = X^T y, which forces the line "
            "through the origin, and returned b = 0.",
            "Append a column of ones to X (or center X and y, then recover b).",
        ),
        Mistake(
            "intercept_not_recovered",
            _normal_b_is_mean,
            "Your weights are right but your intercept is the mean of y: after centering, "
            "b = mean(y) - mean(X) @ w, since the fitted line passes through the point of "
            "means.",
            "Subtract `X.mean(axis=0) @ w` from `y.mean()`.",
        ),
        Mistake(
            "ones_first",
            _normal_ones_first,
            "You put the column of ones first but read b from the last entry of theta: with "
            "the ones first, theta = (b, w_1, ..., w_d).",
            "Either append the ones last (the course's convention) or read b from theta[0].",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: weighted least squares


def _weighted_cases(rng):
    cases = []
    for n, d in SHAPES:
        X, y, w, b = regression_data(rng, n, d)
        s = rng.uniform(0.5, 2.0, size=n)
        cases.append(Case((X, y, w, b, s), ("X", "y", "w", "b", "s"), n=n))
    return cases


def weighted_gradients(X, y, w, b, s):
    """Gradients of the weighted MSE (1/n) sum_i s_i r_i^2 with respect to w and b."""
    n = X.shape[0]
    r = X @ w + b - y  # (n,)
    dL_dr = (2.0 / n) * s * r  # (n,): each residual scaled by its weight
    return X.T @ dL_dr, float(dL_dr.sum())


def _weighted_squared(X, y, w, b, s):
    n = X.shape[0]
    g = (2.0 / n) * s**2 * (X @ w + b - y)
    return X.T @ g, float(g.sum())


def _weighted_sqrt(X, y, w, b, s):
    n = X.shape[0]
    g = (2.0 / n) * np.sqrt(s) * (X @ w + b - y)
    return X.T @ g, float(g.sum())


def _weighted_b_unweighted(X, y, w, b, s):
    n = X.shape[0]
    r = X @ w + b - y
    return (2.0 / n) * (X.T @ (s * r)), float((2.0 / n) * r.sum())


def _weighted_by_weight_sum(X, y, w, b, s):
    g = (2.0 / s.sum()) * s * (X @ w + b - y)
    return X.T @ g, float(g.sum())


def _weighted_flipped(X, y, w, b, s):
    n = X.shape[0]
    g = (2.0 / n) * s * (y - X @ w - b)
    return X.T @ g, float(g.sum())


WEIGHTED_GRADIENTS = FunctionExercise(
    id="weighted_gradients",
    chapter=2,
    level="C",
    title="Weighted least squares",
    label="ch02-ex-weighted",
    task=(
        "Each example carries a weight s_i > 0. Write `weighted_gradients(X, y, w, b, s)` "
        "returning the gradients of L_s = (1/n) sum_i s_i r_i^2, with r = X w + b - y, with "
        "respect to `w` and `b`."
    ),
    answer_format="a function `weighted_gradients(X, y, w, b, s)` returning `(grad_w, "
    "grad_b)`, an array of shape (d,) and a number",
    outputs=("grad_w", "grad_b"),
    reference=weighted_gradients,
    make_cases=_weighted_cases,
    hints=(
        "Only the first step of the chain rule changes: dL_s/dr_i = (2/n) s_i r_i.",
        "Then grad_w = X^T (dL_s/dr) and grad_b = sum_i dL_s/dr_i, as for the plain MSE.",
    ),
    mistakes=(
        Mistake(
            "flipped_sign",
            _weighted_flipped,
            "Your gradient has the wrong sign: the residual is y_hat - y, not y - y_hat.",
            "Use r = X @ w + b - y.",
        ),
        Mistake(
            "weights_squared",
            _weighted_squared,
            "Your gradient uses s_i^2: the weight multiplies the squared residual once, and "
            "differentiating r_i^2 does not square it.",
            "dL_s/dr_i = (2/n) s_i r_i.",
        ),
        Mistake(
            "weights_square_root",
            _weighted_sqrt,
            "Your gradient uses sqrt(s_i). The square roots belong to the reformulation as "
            "ordinary least squares on rows scaled by sqrt(s_i), whose squared residuals carry "
            "s_i again.",
            "dL_s/dr_i = (2/n) s_i r_i.",
        ),
        Mistake(
            "bias_unweighted",
            _weighted_b_unweighted,
            "Your `grad_b` ignores the weights: the bias enters every residual, and each "
            "residual's contribution is scaled by its weight, as for `grad_w`.",
            "grad_b = (2/n) * (s * r).sum().",
        ),
        Mistake(
            "divided_by_weight_sum",
            _weighted_by_weight_sum,
            "You divided by the sum of the weights (a weighted mean). The exercise defines "
            "L_s with 1/n in front, so the factor is 2/n.",
            "Use 2/n.",
        ),
    ),
)


EXERCISES = (
    TINY_GRADIENT,
    TINY_NORMAL_EQUATIONS,
    ONE_FEATURE_FIT,
    MEAN_MEDIAN,
    MSE_GRADIENTS,
    NORMAL_EQUATION,
    WEIGHTED_GRADIENTS,
)
