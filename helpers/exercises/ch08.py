"""Chapter 8, the lasso: soft-thresholding, alpha_max and the lasso objective."""

from __future__ import annotations

import numpy as np

from .cases import Case, design_matrix, regression_data, SHAPES
from .compare import ANY
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake

# ---------------------------------------------------------------------------------------------
# level A

_Z_BY_HAND = np.array([2.5, -0.7, -4.0, 0.3, 1.0])
_T_BY_HAND = np.array([1.0, 1.0, 1.5, 0.0, 1.0])


def soft_by_hand():
    """S(z, t) for (2.5, 1), (-0.7, 1), (-4, 1.5), (0.3, 0) and (1, 1)."""
    z = np.array([2.5, -0.7, -4.0, 0.3, 1.0])
    t = np.array([1.0, 1.0, 1.5, 0.0, 1.0])
    # move t towards zero, and stop at zero: |z| <= t gives exactly 0
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)  # (1.5, 0, -2.5, 0.3, 0)


SOFT_BY_HAND = ValueExercise(
    id="soft_by_hand",
    chapter=8,
    level="A",
    title="Soft-thresholding by hand",
    label="ch08-ex-soft-by-hand",
    task=(
        "Compute S(z, t) = sign(z) max(|z| - t, 0) for (z, t) = (2.5, 1), (-0.7, 1), "
        "(-4, 1.5), (0.3, 0) and (1, 1)."
    ),
    answer_format="an array of 5 numbers, in the order given",
    outputs=("S",),
    reference=soft_by_hand,
    hints=(
        "If |z| <= t the answer is exactly 0.",
        "Otherwise move z by t towards zero: z - t for positive z, z + t for negative z.",
    ),
    mistakes=(
        Mistake(
            "plus_threshold",
            np.sign(_Z_BY_HAND) * (np.abs(_Z_BY_HAND) + _T_BY_HAND),
            "You moved z away from zero, sign(z) (|z| + t): soft-thresholding shrinks, so "
            "|z| loses t.",
            "S(z, t) = sign(z) max(|z| - t, 0).",
        ),
        Mistake(
            "no_dead_zone",
            _Z_BY_HAND - np.sign(_Z_BY_HAND) * _T_BY_HAND,
            "You shrank every value by t without stopping at zero: values with |z| <= t must "
            "become exactly 0, not cross over to the other sign. That dead zone is what makes "
            "lasso weights exactly zero.",
            "Take max(|z| - t, 0) before restoring the sign.",
        ),
        Mistake(
            "lost_sign",
            np.maximum(np.abs(_Z_BY_HAND) - _T_BY_HAND, 0.0),
            "Your results are all >= 0: S keeps the sign of z, so negative inputs give "
            "negative (or zero) outputs.",
            "Multiply by sign(z).",
        ),
    ),
)


def tiny_alpha_max():
    """alpha_max of the tiny lasso problem, and the alpha at which feature 2 enters."""
    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    y = np.array([1.0, 1.0, 3.0, 3.0])
    n = X.shape[0]
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alpha_max = np.max(np.abs(Xc.T @ yc)) / n  # 1: feature 1 enters first
    a1 = Xc[:, 0] @ Xc[:, 0] / n  # 1.25, not 1: the features are not standardized
    # with feature 1 alone, w1 = (1 - alpha) / a1, and feature 2 enters when
    # |x2 . (yc - x1 w1)| / n = alpha, i.e. w1 / 4 = alpha
    alpha_enter = 1.0 / (4.0 * a1 + 1.0)  # 1/6
    return float(alpha_max), float(alpha_enter)


TINY_ALPHA_MAX = ValueExercise(
    id="tiny_alpha_max",
    chapter=8,
    level="A",
    title="alpha_max for a tiny data set",
    label="ch08-ex-tiny-alpha-max",
    task=(
        "Take four samples with two features, x1 = (0, 1, 2, 3), x2 = (1, 0, 1, 0), and "
        "y = (1, 1, 3, 3). For the lasso (1/(2n)) ||y - X w - b||^2 + alpha ||w||_1, find "
        "alpha_max, and the alpha at which the second feature enters the model."
    ),
    answer_format="a tuple `(alpha_max, alpha_enter)` of two numbers",
    outputs=("alpha_max", "alpha_enter"),
    reference=tiny_alpha_max,
    hints=(
        "Center the columns and y, then compute (1/n) x_j^T y_c for both features.",
        "Just below alpha_max only feature 1 is in the model, with "
        "w1 = ((1/n) x1^T y_c - alpha) / a1 and a1 = (1/n) ||x1_c||^2 = 1.25.",
        "Feature 2 enters when |(1/n) x2^T (y_c - x1 w1)| reaches alpha.",
    ),
    mistakes=(
        Mistake(
            "no_one_over_n",
            (4.0, ANY),
            "Your alpha_max is n = 4 times too large: the lasso objective has 1/(2n) in front "
            "of the squared error, so the threshold is (1/n) max_j |x_j^T y_c|.",
            "Divide by n = 4.",
        ),
        Mistake(
            "forgot_a1",
            (ANY, 0.2),
            "You took w1 = 1 - alpha, as if the feature were standardized (a1 = 1). Here "
            "a1 = (1/4)(2.25 + 0.25 + 0.25 + 2.25) = 1.25, so w1 = 0.8 (1 - alpha).",
            "Redo the last step with w1 = (1 - alpha) / 1.25.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level B


def rescaled_feature():
    """What happens when a feature is multiplied by c = 4, for the same fit."""
    c = 4.0
    coef_factor = 1.0 / c  # w_j x_j = (w_j / c)(c x_j)
    penalty_factor = 1.0 / c  # alpha |w_j / c| = alpha |w_j| / c
    alpha_max_factor = c  # (1/n) |(c x_j)^T y_c| grows with c (if x_j attains the max)
    return coef_factor, penalty_factor, alpha_max_factor


RESCALED_FEATURE = ValueExercise(
    id="rescaled_feature",
    chapter=8,
    level="B",
    title="Why standardize before the lasso",
    label="ch08-ex-standardize",
    task=(
        "A feature x_j is replaced by 4 x_j (say, measured in quarters instead of units). "
        "By what factor does (1) the coefficient giving the same fit change, (2) its lasso "
        "penalty alpha |w_j| change, and (3) alpha_max change, if x_j is the feature that "
        "attains it?"
    ),
    answer_format="a tuple `(coef_factor, penalty_factor, alpha_max_factor)` of three numbers",
    outputs=("coef_factor", "penalty_factor", "alpha_max_factor"),
    reference=rescaled_feature,
    hints=(
        "The fit depends on the product w_j x_j only.",
        "alpha_max = (1/n) max_j |x_j^T y_c| is a covariance: it carries the units of x_j.",
    ),
    mistakes=(
        Mistake(
            "reversed",
            (4.0, 4.0, ANY),
            "Larger numbers in the feature need a smaller coefficient for the same fit: "
            "w_j x_j = (w_j / 4)(4 x_j). A feature in small units is cheap for the lasso.",
            "The coefficient, and with it the penalty, shrink by 4.",
        ),
        Mistake(
            "penalty_unchanged",
            (ANY, 1.0, ANY),
            "The penalty alpha |w_j| is paid on the coefficient, which shrank by 4, so the "
            "same fit now costs 4 times less: the penalty reflects the units, not the evidence.",
            "alpha |w_j / 4| = alpha |w_j| / 4.",
        ),
        Mistake(
            "alpha_max_unchanged",
            (ANY, ANY, 1.0),
            "alpha_max = (1/n) max_j |x_j^T y_c| is a covariance with the feature, so it "
            "grows with the feature's scale.",
            "Multiplying x_j by 4 multiplies x_j^T y_c by 4.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: soft-thresholding


def _soft_cases(rng):
    zs = (
        np.array([0.3]),
        np.array([-3.0, -2.25, -1.5, -1.0, -0.75, 0.0, 0.75, 1.0, 1.5, 2.25, 3.0]),
        rng.normal(0.0, 2.0, size=12),
        np.array([-0.4, 0.2, 5.0, -6.0, 0.0]),
        rng.normal(0.0, 1.0, size=7),
    )
    ts = (0.5, 1.0, 0.7, 0.0, 1.3)
    return [Case((z, t), ("z", "t"), n=z.size) for z, t in zip(zs, ts)]


def soft_threshold(z, t):
    """The soft-thresholding operator sign(z) max(|z| - t, 0), entry by entry."""
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def _soft_plus(z, t):
    return np.sign(z) * (np.abs(z) + t)


def _soft_negative_shift(z, t):
    return np.where(z > t, z - t, np.where(z < -t, z - t, 0.0))  # z - t for negative z too


def _soft_no_dead_zone(z, t):
    return z - np.sign(z) * t


def _soft_hard(z, t):
    return np.where(np.abs(z) > t, z, 0.0)


def _soft_clip(z, t):
    return np.clip(z, -t, t)


def _soft_lost_sign(z, t):
    return np.maximum(np.abs(z) - t, 0.0)


SOFT_THRESHOLD = FunctionExercise(
    id="soft_threshold",
    chapter=8,
    level="C",
    title="The soft-thresholding operator",
    label="ch08-ex-derive-soft",
    task=(
        "Write `soft_threshold(z, t)` returning S(z, t) = sign(z) max(|z| - t, 0) entry by "
        "entry, for an array `z` of shape (n,) and a threshold t >= 0, without a Python loop."
    ),
    answer_format="a function `soft_threshold(z, t)` returning an array of the shape of `z`",
    outputs=("S",),
    reference=soft_threshold,
    make_cases=_soft_cases,
    cases_summary="1 to 12 values, thresholds 0 to 1.3, values exactly at +-t",
    hints=(
        "Values with |z| <= t become exactly 0; the others move t towards zero.",
        "`np.sign(z) * np.maximum(np.abs(z) - t, 0.0)` does all three cases at once.",
    ),
    mistakes=(
        Mistake(
            "plus_threshold",
            _soft_plus,
            "Your operator moves values away from zero, sign(z) (|z| + t), and never gives "
            "0: soft-thresholding shrinks |z| by t.",
            "Use max(|z| - t, 0).",
        ),
        Mistake(
            "negative_side_shift",
            _soft_negative_shift,
            "Your operator returns z - t for negative z as well: below -t, shrinking towards "
            "zero means adding t, S(z, t) = z + t.",
            "Handle the sign: sign(z) max(|z| - t, 0).",
        ),
        Mistake(
            "no_dead_zone",
            _soft_no_dead_zone,
            "Your operator does not zero the middle: values with |z| <= t must become "
            "exactly 0, but z - sign(z) t carries them across zero. The dead zone is what "
            "makes lasso weights exactly zero.",
            "Clamp at zero: max(|z| - t, 0).",
        ),
        Mistake(
            "hard_threshold",
            _soft_hard,
            "That is hard thresholding: small values are zeroed but the others are kept as "
            "they are. Soft-thresholding also shrinks the survivors by t.",
            "Subtract t from |z| for the values that survive.",
        ),
        Mistake(
            "clip",
            _soft_clip,
            "You clipped z to [-t, t], which is the projection that soft-thresholding "
            "removes: S(z, t) = z - clip(z, -t, t).",
            "Subtract the clipped value from z, or use sign(z) max(|z| - t, 0).",
        ),
        Mistake(
            "lost_sign",
            _soft_lost_sign,
            "Your results are never negative: S keeps the sign of z.",
            "Multiply max(|z| - t, 0) by `np.sign(z)`.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: alpha_max


def _alpha_max_cases(rng):
    cases = []
    for i, (n, d) in enumerate(SHAPES):
        X = design_matrix(rng, n, d)
        coef = rng.normal(size=d)
        coef[0] = -3.0 if i % 2 else 3.0  # a strongly negative correlation in some cases
        y = (X - X.mean(axis=0)) @ coef + rng.normal(5.0, 1.0) + 0.3 * rng.standard_normal(n)
        cases.append(Case((X, y), ("X", "y"), n=n))
    return cases


def lasso_alpha_max(X, y):
    """Smallest alpha with every lasso weight zero: (1/n) max_j |x_j^T y_c|."""
    Xc = X - X.mean(axis=0)
    yc = y - y.mean()
    return float(np.max(np.abs(Xc.T @ yc)) / X.shape[0])


def _alpha_max_no_n(X, y):
    return float(np.max(np.abs((X - X.mean(axis=0)).T @ (y - y.mean()))))


def _alpha_max_not_centered(X, y):
    return float(np.max(np.abs(X.T @ y)) / X.shape[0])


def _alpha_max_no_abs(X, y):
    return float(np.max((X - X.mean(axis=0)).T @ (y - y.mean())) / X.shape[0])


def _alpha_max_two(X, y):
    return float(2.0 * np.max(np.abs((X - X.mean(axis=0)).T @ (y - y.mean()))) / X.shape[0])


LASSO_ALPHA_MAX = FunctionExercise(
    id="lasso_alpha_max",
    chapter=8,
    level="C",
    title="alpha_max of the lasso",
    label="ch08-ex-lasso-alpha-max",
    task=(
        "Write `lasso_alpha_max(X, y)` returning the smallest alpha at which every weight of "
        "the lasso (1/(2n)) ||y - X w - b||^2 + alpha ||w||_1 (unpenalized intercept) is "
        "exactly zero."
    ),
    answer_format="a function `lasso_alpha_max(X, y)` returning a number",
    outputs=("alpha_max",),
    reference=lasso_alpha_max,
    make_cases=_alpha_max_cases,
    hints=(
        "At w = 0 the fitted intercept is mean(y), and the residual is y_c = y - mean(y).",
        "w = 0 is optimal when |(1/n) x_j^T y_c| <= alpha for every feature j (centered x_j).",
    ),
    mistakes=(
        Mistake(
            "no_one_over_n",
            _alpha_max_no_n,
            "Your alpha_max is n times too large: the squared error has 1/(2n) in front, so "
            "the optimality condition is |(1/n) x_j^T y_c| <= alpha.",
            "Divide by n.",
        ),
        Mistake(
            "not_centered",
            _alpha_max_not_centered,
            "You did not center: with an unpenalized intercept, the residual at w = 0 is "
            "y - mean(y), and the features enter through their deviations from their means.",
            "Use `X - X.mean(axis=0)` and `y - y.mean()` (centering either one is enough).",
        ),
        Mistake(
            "no_absolute_value",
            _alpha_max_no_abs,
            "You took the largest correlation, not the largest in absolute value: a feature "
            "strongly *negatively* correlated with y enters the model just as early.",
            "Use `np.max(np.abs(...))`.",
        ),
        Mistake(
            "factor_two",
            _alpha_max_two,
            "Your alpha_max is twice too large: you used the 2/n of the MSE's gradient, but "
            "the lasso's squared error is scaled by 1/(2n), whose gradient has 1/n.",
            "alpha_max = (1/n) max_j |x_j^T y_c|.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: the objective


def _objective_cases(rng):
    cases = []
    for (n, d), alpha in zip(SHAPES, (0.1, 0.5, 1.0, 0.05, 0.3, 2.0)):
        X, y, w, b = regression_data(rng, n, d)
        cases.append(Case((X, y, w, b, alpha), ("X", "y", "w", "b", "alpha"), n=n))
    return cases


def lasso_objective(X, y, w, b, alpha):
    """scikit-learn's lasso objective (1/(2n)) ||y - X w - b||^2 + alpha ||w||_1."""
    n = X.shape[0]
    r = y - X @ w - b
    # the intercept is not penalized
    return float(r @ r / (2 * n) + alpha * np.abs(w).sum())


def _objective_one_over_n(X, y, w, b, alpha):
    r = y - X @ w - b
    return float(r @ r / X.shape[0] + alpha * np.abs(w).sum())


def _objective_sum(X, y, w, b, alpha):
    r = y - X @ w - b
    return float(r @ r / 2 + alpha * np.abs(w).sum())


def _objective_l2(X, y, w, b, alpha):
    r = y - X @ w - b
    return float(r @ r / (2 * X.shape[0]) + alpha * (w @ w))


def _objective_penalized_b(X, y, w, b, alpha):
    r = y - X @ w - b
    return float(r @ r / (2 * X.shape[0]) + alpha * (np.abs(w).sum() + abs(b)))


def _objective_no_b(X, y, w, b, alpha):
    r = y - X @ w
    return float(r @ r / (2 * X.shape[0]) + alpha * np.abs(w).sum())


LASSO_OBJECTIVE = FunctionExercise(
    id="lasso_objective",
    chapter=8,
    level="C",
    title="The lasso objective",
    label="ch08-ex-lasso-objective",
    task=(
        "Write `lasso_objective(X, y, w, b, alpha)` returning the value of the lasso "
        "objective in scikit-learn's convention, (1/(2n)) ||y - X w - b||^2 + alpha ||w||_1, "
        "at the point (w, b)."
    ),
    answer_format="a function `lasso_objective(X, y, w, b, alpha)` returning a number",
    outputs=("objective",),
    reference=lasso_objective,
    make_cases=_objective_cases,
    hints=(
        "The residual includes the intercept: r = y - X w - b.",
        "||w||_1 is the sum of the absolute values of the weights; b is not in it.",
    ),
    mistakes=(
        Mistake(
            "one_over_n",
            _objective_one_over_n,
            "Your squared-error term has 1/n (the MSE); the lasso convention of the course "
            "and of scikit-learn uses 1/(2n), which changes the meaning of alpha by a factor 2.",
            "Divide the sum of squares by 2n.",
        ),
        Mistake(
            "sum_not_mean",
            _objective_sum,
            "Your squared-error term is (1/2) ||r||^2, without the 1/n: it grows with the "
            "number of samples while the penalty does not.",
            "Divide by 2n.",
        ),
        Mistake(
            "l2_penalty",
            _objective_l2,
            "Your penalty is alpha ||w||^2, the ridge penalty. The lasso penalizes the sum "
            "of absolute values, alpha ||w||_1, whose corners produce exact zeros.",
            "Use `alpha * np.abs(w).sum()`.",
        ),
        Mistake(
            "penalized_intercept",
            _objective_penalized_b,
            "Your penalty includes |b|: the intercept is never penalized, or the fit would "
            "depend on where the origin of y is.",
            "Penalize `w` only.",
        ),
        Mistake(
            "bias_left_out",
            _objective_no_b,
            "Your residual leaves out the intercept: r = y - X w - b.",
            "Subtract b in the residual.",
        ),
    ),
)


EXERCISES = (
    SOFT_BY_HAND,
    TINY_ALPHA_MAX,
    RESCALED_FEATURE,
    SOFT_THRESHOLD,
    LASSO_ALPHA_MAX,
    LASSO_OBJECTIVE,
)
