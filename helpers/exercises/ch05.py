"""Chapter 5, real data: R^2, standardization and the spectral view of descent."""

from __future__ import annotations

import numpy as np

from .cases import Case, design_matrix
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake

# ---------------------------------------------------------------------------------------------
# level A


def r2_from_mse():
    """R^2 = 1 - MSE / Var(y) for y = (3, 5, 7, 9), MSE = 2; the MSE for R^2 = 0.5."""
    y_test = np.array([3.0, 5.0, 7.0, 9.0])
    test_mse = 2.0
    var_y = y_test.var()  # population variance, ddof=0: 5
    r2 = 1.0 - test_mse / var_y  # 0.6
    target_mse = (1.0 - 0.5) * var_y  # R^2 = 0.5 needs MSE = Var(y) / 2
    return float(r2), float(target_mse)


R2_FROM_MSE = ValueExercise(
    id="r2_from_mse",
    chapter=5,
    level="A",
    title="R^2 from the MSE",
    label="ch05-ex-r2-from-mse",
    task=(
        "A model has test MSE 2 on the test targets y = (3, 5, 7, 9). Using "
        "R^2 = 1 - MSE / Var(y), with Var the population variance, compute its test R^2, "
        "and the test MSE a model would need to reach R^2 = 0.5."
    ),
    answer_format="a tuple `(r2, target_mse)` of two numbers",
    outputs=("r2", "target_mse"),
    reference=r2_from_mse,
    hints=(
        "Var(y) = (1/n) sum (y_i - mean(y))^2: the mean is 6.",
        "Solve 1 - MSE / Var(y) = 0.5 for the MSE.",
    ),
    mistakes=(
        Mistake(
            "sample_variance",
            (1.0 - 2.0 / (20.0 / 3.0), 0.5 * 20.0 / 3.0),
            "You used the sample variance (dividing by n - 1 = 3). R^2 compares the MSE, a "
            "mean over n, with the mean squared deviation of y, also over n: the population "
            "variance (`np.var`'s default, ddof=0).",
            "Divide the sum of squared deviations by n = 4.",
        ),
        Mistake(
            "ratio_only",
            (0.4, 2.5),
            "Your R^2 is MSE / Var(y), the fraction of the variance the model leaves "
            "unexplained; R^2 is one minus it.",
            "R^2 = 1 - MSE / Var(y).",
        ),
        Mistake(
            "standard_deviation",
            (1.0 - 2.0 / np.sqrt(5.0), 0.5 * np.sqrt(5.0)),
            "You divided by the standard deviation of y: the MSE is in squared units, so it "
            "is compared with the variance.",
            "Use Var(y) = 5, not its square root.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level B


def spectral_remaining():
    """The fraction of the initial error left along each eigenvector after 25 steps."""
    learning_rate, n_steps = 0.1, 25
    eigenvalues = np.array([0.02, 1.0, 19.0])
    factors = 1.0 - learning_rate * eigenvalues  # 0.998, 0.9, -0.9 per step
    return factors**n_steps  # the last one is negative: an odd number of sign flips


SPECTRAL_REMAINING = ValueExercise(
    id="spectral_remaining",
    chapter=5,
    level="C",
    title="What is left after t steps",
    label="ch05-ex-spectral",
    task=(
        "Gradient descent on the MSE runs with learning rate 0.1 on a problem whose Hessian "
        "has the eigenvalues 0.02, 1 and 19. By the spectral formula, what multiple of its "
        "initial value is the error along each eigenvector after 25 steps?"
    ),
    answer_format="an array of 3 numbers, one per eigenvalue",
    outputs=("remaining",),
    reference=spectral_remaining,
    hints=(
        "Each step multiplies the error along eigenvector k by 1 - eta * lambda_k.",
        "After t steps the factor is (1 - eta * lambda_k)^t; mind its sign.",
    ),
    mistakes=(
        Mistake(
            "one_step_only",
            np.array([0.998, 0.9, -0.9]),
            "These are the factors of a single step; after 25 steps each has been applied "
            "25 times.",
            "Raise each factor to the power 25.",
        ),
        Mistake(
            "sign_lost",
            np.abs(1.0 - 0.1 * np.array([0.02, 1.0, 19.0])) ** 25,
            "The last factor, 1 - 0.1 * 19 = -0.9, is negative: the error along that direction "
            "flips sign at every step (it oscillates), and after an odd number of steps it "
            "points the other way.",
            "Keep the sign: (-0.9)^25 is negative.",
        ),
        Mistake(
            "linear_in_t",
            1.0 - 25 * 0.1 * np.array([0.02, 1.0, 19.0]),
            "You multiplied by the number of steps instead of raising to its power: the "
            "factors compound, (1 - eta * lambda)^t, not 1 - t * eta * lambda.",
            "Raise each factor to the power 25.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: R^2


def _r2_cases(rng):
    cases = []
    for n, noise in ((2, 0.5), (3, 1.0), (10, 0.3), (40, 2.0), (15, 8.0)):
        y_true = rng.normal(10.0, 3.0, size=n)
        y_pred = y_true + rng.normal(0.0, noise, size=n) + rng.normal(0.0, 0.5)
        cases.append(Case((y_true, y_pred), ("y_true", "y_pred"), n=n))
    return cases


def r2_score(y_true, y_pred):
    """Coefficient of determination 1 - SS_res / SS_tot of two vectors of shape (n,)."""
    ss_res = np.sum((y_true - y_pred) ** 2)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)  # spread of the targets
    return float(1.0 - ss_res / ss_tot)


def _r2_ratio_only(y_true, y_pred):
    return float(np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2))


def _r2_inverted(y_true, y_pred):
    return float(1.0 - np.sum((y_true - y_true.mean()) ** 2) / np.sum((y_true - y_pred) ** 2))


def _r2_prediction_variance(y_true, y_pred):
    return float(1.0 - np.sum((y_true - y_pred) ** 2) / np.sum((y_pred - y_pred.mean()) ** 2))


def _r2_around_prediction_mean(y_true, y_pred):
    return float(1.0 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_pred.mean()) ** 2))


R2_SCORE = FunctionExercise(
    id="r2_score",
    chapter=5,
    level="C",
    title="The coefficient of determination",
    label="ch05-ex-r2-score",
    task=(
        "Write `r2_score(y_true, y_pred)` returning R^2 = 1 - SS_res / SS_tot, with "
        "SS_res = sum (y_true - y_pred)^2 and SS_tot = sum (y_true - mean(y_true))^2. The "
        "hidden targets are never all equal."
    ),
    answer_format="a function `r2_score(y_true, y_pred)` returning a number",
    outputs=("r2",),
    reference=r2_score,
    make_cases=_r2_cases,
    cases_summary="n from 2 to 40, including predictions worse than the mean (R^2 < 0)",
    hints=(
        "SS_tot is the squared error of the model that always predicts the mean of y_true.",
        "R^2 = 1 - SS_res / SS_tot: 1 for a perfect fit, 0 for predicting the mean.",
    ),
    mistakes=(
        Mistake(
            "ratio_only",
            _r2_ratio_only,
            "Your function returns SS_res / SS_tot, the share of the variance left "
            "unexplained; R^2 is one minus it.",
            "Return 1 - SS_res / SS_tot.",
        ),
        Mistake(
            "inverted_ratio",
            _r2_inverted,
            "Your fraction is upside down: 1 - SS_tot / SS_res. The model's error goes on "
            "top, and the error of the mean-only model below.",
            "R^2 = 1 - SS_res / SS_tot.",
        ),
        Mistake(
            "prediction_variance",
            _r2_prediction_variance,
            "You divided by the spread of the predictions (or swapped the arguments): SS_tot "
            "measures how much the *targets* vary around their mean. R^2 is not symmetric: "
            "`r2_score(y_true, y_pred)` takes the targets first.",
            "SS_tot = sum (y_true - y_true.mean())^2.",
        ),
        Mistake(
            "wrong_mean",
            _r2_around_prediction_mean,
            "Your SS_tot measures the targets around the mean of the predictions; the "
            "baseline model predicts the mean of the targets.",
            "Use `y_true.mean()` in SS_tot.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: standardization


def _standardize_cases(rng):
    cases = []
    for n_train, n_test, d in ((2, 1, 1), (5, 3, 2), (3, 2, 5), (30, 10, 4), (8, 1, 3)):
        X_train = design_matrix(rng, n_train, d)
        X_test = design_matrix(rng, n_test, d)
        cases.append(Case((X_train, X_test), ("X_train", "X_test"), n=n_train))
    return cases


def standardize(X_train, X_test):
    """Standardize both sets with the training set's mean and std (ddof=0)."""
    mean = X_train.mean(axis=0)
    std = X_train.std(axis=0)  # population standard deviation, as helpers.Standardizer
    return (X_train - mean) / std, (X_test - mean) / std


def _standardize_own_stats(X_train, X_test):
    z = lambda X: (X - X.mean(axis=0)) / X.std(axis=0)  # noqa: E731
    return z(X_train), z(X_test)


def _standardize_all_data(X_train, X_test):
    X_all = np.vstack([X_train, X_test])
    mean, std = X_all.mean(axis=0), X_all.std(axis=0)
    return (X_train - mean) / std, (X_test - mean) / std


def _standardize_ddof1(X_train, X_test):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0, ddof=1)
    return (X_train - mean) / std, (X_test - mean) / std


def _standardize_variance(X_train, X_test):
    mean, var = X_train.mean(axis=0), X_train.var(axis=0)
    return (X_train - mean) / var, (X_test - mean) / var


def _standardize_center_only(X_train, X_test):
    mean = X_train.mean(axis=0)
    return X_train - mean, X_test - mean


def _standardize_scale_only(X_train, X_test):
    std = X_train.std(axis=0)
    return X_train / std, X_test / std


STANDARDIZE = FunctionExercise(
    id="standardize",
    chapter=5,
    level="C",
    title="Standardizing without a leak",
    label="ch05-ex-leak",
    task=(
        "Write `standardize(X_train, X_test)` returning `(Z_train, Z_test)`: both sets "
        "centered and scaled feature by feature, with the mean and the standard deviation "
        "of the training set only. The course uses the population standard deviation "
        "(ddof=0), as `helpers.Standardizer` and scikit-learn's StandardScaler do. No hidden "
        "feature is constant."
    ),
    answer_format="a function `standardize(X_train, X_test)` returning `(Z_train, Z_test)`, "
    "arrays of the shapes of the inputs",
    outputs=("Z_train", "Z_test"),
    reference=standardize,
    make_cases=_standardize_cases,
    cases_summary="2 to 30 training rows, 1 to 10 test rows, d from 1 to 5 (one with d > n)",
    hints=(
        "Compute `mean` and `std` of X_train along axis 0: one number per feature.",
        "Apply the same `mean` and `std` to both sets: the test set is new data, and its "
        "statistics must not be used.",
        "`np.std` uses ddof=0 by default, the convention of the course.",
    ),
    mistakes=(
        Mistake(
            "test_statistics",
            _standardize_own_stats,
            "You standardized the test set with its own mean and standard deviation. The "
            "model was fitted on features scaled by the training statistics, and new data "
            "must be mapped the same way (a single test row would even have zero spread).",
            "Compute the statistics on X_train once, and use them for both sets.",
        ),
        Mistake(
            "all_data_statistics",
            _standardize_all_data,
            "You computed the statistics on the training and test rows together: the test "
            "rows leak into the preprocessing, and the test score is no longer an honest "
            "estimate.",
            "Use X_train alone for the mean and the standard deviation.",
        ),
        Mistake(
            "ddof_one",
            _standardize_ddof1,
            "You used the sample standard deviation (ddof=1, pandas' default). The course, "
            "like `helpers.Standardizer` and scikit-learn's StandardScaler, divides by the "
            "population standard deviation, ddof=0 (`np.std`'s default).",
            "Use `X_train.std(axis=0)` without ddof.",
        ),
        Mistake(
            "divided_by_variance",
            _standardize_variance,
            "You divided by the variance: its units are squared, so the result does not "
            "have unit spread. Standardizing divides by the standard deviation.",
            "Divide by `X_train.std(axis=0)`.",
        ),
        Mistake(
            "center_only",
            _standardize_center_only,
            "Your features are centered but not scaled: each still has its own spread.",
            "Also divide by the training standard deviation.",
        ),
        Mistake(
            "scale_only",
            _standardize_scale_only,
            "Your features are scaled but not centered: subtract the training mean first.",
            "Z = (X - mean) / std.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: back to the original units


def _unscale_cases(rng):
    cases = []
    for d in (1, 3, 7, 2):
        w = rng.normal(size=d)
        b = float(rng.normal(5.0, 2.0))
        mean = rng.uniform(-3.0, 6.0, size=d)
        scale = rng.uniform(0.2, 5.0, size=d)
        cases.append(Case((w, b, mean, scale), ("w", "b", "mean", "scale")))
    return cases


def unscale_coefficients(w, b, mean, scale):
    """Coefficients fitted on Z = (X - mean) / scale, written for the original X."""
    w_orig = w / scale  # one unit of x_j is 1 / scale_j units of z_j
    b_orig = b - mean @ w_orig  # y = Z w + b = X w_orig + (b - mean . w_orig)
    return w_orig, float(b_orig)


def _unscale_multiplied(w, b, mean, scale):
    w_orig = w * scale
    return w_orig, float(b - mean @ w_orig)


def _unscale_b_kept(w, b, mean, scale):
    return w / scale, float(b)


def _unscale_b_plus(w, b, mean, scale):
    w_orig = w / scale
    return w_orig, float(b + mean @ w_orig)


def _unscale_b_standardized_w(w, b, mean, scale):
    return w / scale, float(b - mean @ w)


UNSCALE_COEFFICIENTS = FunctionExercise(
    id="unscale_coefficients",
    chapter=5,
    level="C",
    title="Coefficients in the original units",
    label="ch05-ex-unscale",
    task=(
        "A model y = Z w + b was fitted on standardized features Z = (X - mean) / scale. "
        "Write `unscale_coefficients(w, b, mean, scale)` returning `(w_orig, b_orig)` such "
        "that X w_orig + b_orig gives the same predictions."
    ),
    answer_format="a function `unscale_coefficients(w, b, mean, scale)` returning "
    "`(w_orig, b_orig)`, an array of shape (d,) and a number",
    outputs=("w_orig", "b_orig"),
    reference=unscale_coefficients,
    make_cases=_unscale_cases,
    cases_summary="d from 1 to 7",
    hints=(
        "Substitute Z = (X - mean) / scale into Z w + b and expand.",
        "The coefficient of x_j is w_j / scale_j; everything that does not multiply X "
        "belongs to the intercept.",
    ),
    mistakes=(
        Mistake(
            "multiplied_by_scale",
            _unscale_multiplied,
            "You multiplied the weights by the scale: z_j = (x_j - mean_j) / scale_j, so a "
            "weight on z_j becomes w_j / scale_j on x_j. A feature measured in larger units "
            "needs a smaller weight.",
            "w_orig = w / scale.",
        ),
        Mistake(
            "intercept_unchanged",
            _unscale_b_kept,
            "Your weights are right but the intercept is unchanged: the centering moved "
            "every prediction by -mean . w_orig, which the intercept must absorb.",
            "b_orig = b - mean @ w_orig.",
        ),
        Mistake(
            "intercept_sign",
            _unscale_b_plus,
            "Your intercept has the wrong sign on the correction: expanding "
            "((x - mean) / scale) . w gives x . w_orig - mean . w_orig.",
            "b_orig = b - mean @ w_orig.",
        ),
        Mistake(
            "intercept_standardized_w",
            _unscale_b_standardized_w,
            "Your intercept subtracts mean . w with the standardized weights; the expansion "
            "gives mean . w_orig, with the weights in the original units.",
            "b_orig = b - mean @ (w / scale).",
        ),
    ),
)


EXERCISES = (R2_FROM_MSE, SPECTRAL_REMAINING, R2_SCORE, STANDARDIZE, UNSCALE_COEFFICIENTS)
