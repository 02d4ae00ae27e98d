"""Chapter 11, in production: residual monitors, input checks, segments, t-values."""

from __future__ import annotations

import numpy as np

from .cases import Case
from .compare import ANY
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake

# ---------------------------------------------------------------------------------------------
# level A: the t-values of a quiet window, and an input check


def quiet_t_inflation():
    """The t-values' SD inflation for 4000 window orders after 16 000 in training."""
    n_train, n_window = 16_000, 4_000
    factor = np.sqrt(1 + n_window / n_train)  # the deployed coefficients' own error
    t_scaled = 2.4 / factor  # a quiet window's t on the scale of N(0, 1)
    n_for_two = (2.0**2 - 1) * n_train  # 1 + n / n_train = 4
    return float(factor), float(t_scaled), float(n_for_two)


QUIET_T_INFLATION = ValueExercise(
    id="quiet_t_inflation",
    chapter=11,
    level="A",
    title="The t-values of a quiet window",
    label="ch11-ex-inflation",
    task=(
        "A model is fitted on 16 000 orders and monitored on windows of 4000 orders; each "
        "window's residuals are regressed on the standardized features. Compute (a) the "
        "factor sqrt(1 + n_window / n_train) by which the sampling error of the deployed "
        "coefficients inflates the standard deviation of the t-values, (b) a quiet "
        "window's t = 2.4 divided by that factor, and (c) the window size, in orders, for "
        "which the factor reaches 2."
    ),
    answer_format="a tuple `(factor, t_scaled, n_window)` of three numbers",
    outputs=("factor", "t_scaled", "n_window"),
    reference=quiet_t_inflation,
    hints=(
        "The factor is sqrt(1 + 4000 / 16000).",
        "Solve 1 + n / 16000 = 2^2 for n.",
    ),
    mistakes=(
        Mistake(
            "ratio_inverted",
            (np.sqrt(5.0), ANY, ANY),
            "You used n_train / n_window. The window's own noise shrinks with n_window, "
            "the deployed coefficients' with n_train: the ratio is n_window / n_train.",
            "factor = sqrt(1 + 4000 / 16000).",
        ),
        Mistake(
            "not_squared",
            (ANY, ANY, 16_000.0),
            "You solved 1 + n / n_train = 2. The factor is a square root: set "
            "1 + n / n_train = 4.",
            "n = (2**2 - 1) * 16000.",
        ),
    ),
)


def input_check():
    """SMD limits for 2000 a week after 16 000; the SMD of a halved Beta(2, 5)."""
    n_week, n_train = 2000, 16_000
    limit = 3 * np.sqrt(1 / n_week + 1 / n_train)  # both means carry noise
    mean, var = 2 / 7, 2 * 5 / (7**2 * 8)  # of Beta(2, 5)
    smd = (mean / 2 - mean) / np.sqrt(var)  # the feed halves the index
    return float(limit), float(smd)


INPUT_CHECK = ValueExercise(
    id="input_check",
    chapter=11,
    level="A",
    title="An input check on a halved feature",
    label="ch11-ex-input-check",
    task=(
        "A feature has the Beta(2, 5) distribution in training (16 000 orders; mean 2/7, "
        "variance 10/392). Each week 2000 orders arrive. Compute (a) the 3-standard-error "
        "limit 3 sqrt(1/n_week + 1/n_train) of the standardized mean difference (SMD), and "
        "(b) the SMD expected in a week when a broken feed sends half of every value."
    ),
    answer_format="a tuple `(limit, smd)` of two numbers",
    outputs=("limit", "smd"),
    reference=input_check,
    hints=(
        "The SMD is (weekly mean - training mean) / training standard deviation.",
        "Halving every value halves the mean: the shift is -(2/7)/2.",
    ),
    mistakes=(
        Mistake(
            "week_noise_only",
            (3 * np.sqrt(1 / 2000), ANY),
            "Your limit counts only the week's noise. The training mean is an estimate "
            "too: add 1/n_train under the root.",
            "limit = 3 * sqrt(1/2000 + 1/16000).",
        ),
        Mistake(
            "divided_by_variance",
            (ANY, -(1 / 7) / (10 / 392)),
            "You divided the shift by the variance; the SMD uses the standard deviation.",
            "smd = -(1/7) / sqrt(10/392).",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level B: a residual monitor


def drift_limits():
    """3-sigma limit of a weekly mean of 400 residuals (sd 4); orders to flag 0.3."""
    sigma, n_week, shift = 4.0, 400, 0.3
    se = sigma / np.sqrt(n_week)  # the spread of a weekly mean: 4 / 20 = 0.2
    upper = 3 * se  # the centre line is 0: least squares leaves a zero mean residual
    # the shift sits on the limit when shift = 3 sigma / sqrt(n)
    n_needed = (3 * sigma / shift) ** 2  # 1600
    return float(upper), float(n_needed)


DRIFT_LIMITS = ValueExercise(
    id="drift_limits",
    chapter=11,
    level="B",
    title="Control limits for a residual monitor",
    label="ch11-ex-drift-limits",
    task=(
        "A model's residuals on its training data have mean 0 and standard deviation 4 "
        "minutes. Each week 400 new labelled orders arrive, and the monitor plots the week's "
        "mean residual. Compute (a) the upper 3-sigma control limit of the weekly mean "
        "residual, and (b) how many orders a week are needed for a sustained shift of the mean "
        "residual by 0.3 minutes to sit exactly on the 3-sigma limit."
    ),
    answer_format="a tuple `(upper_limit, n_needed)` of two numbers",
    outputs=("upper_limit", "n_needed"),
    reference=drift_limits,
    hints=(
        "A mean of n independent residuals has standard deviation sigma / sqrt(n).",
        "Set 3 sigma / sqrt(n) equal to the shift and solve for n.",
    ),
    mistakes=(
        Mistake(
            "sd_not_standard_error",
            (12.0, ANY),
            "Your limit is 3 sigma = 12 minutes, the spread of single residuals. The monitor "
            "plots a mean of 400 residuals, whose spread is sigma / sqrt(400).",
            "upper = 3 * 4 / sqrt(400).",
        ),
        Mistake(
            "n_not_squared",
            (ANY, 40.0),
            "You solved 3 sigma / n = shift. The standard error shrinks with the square root of "
            "n, so n = (3 sigma / shift)^2.",
            "Square 3 * 4 / 0.3.",
        ),
        Mistake(
            "three_forgotten",
            (0.2, 4.0**2 / 0.3**2),
            "You used one standard error (a 1-sigma limit). Such a limit is crossed by chance "
            "in about one week out of three; the question asks for 3-sigma limits.",
            "Multiply the standard error by 3, in both parts.",
        ),
    ),
)


def zone_bias():
    """Mean residuals by zone when the model has no zone feature."""
    share = np.array([0.5, 0.35, 0.15])  # centre, inner ring, suburbs
    extra = np.array([0.0, 0.5, 5.0])  # minutes each zone adds
    absorbed = share @ extra  # the intercept takes the average extra: 0.925
    return float(extra[2] - absorbed), float(extra[0] - absorbed)


ZONE_BIAS = ValueExercise(
    id="zone_bias",
    chapter=11,
    level="B",
    title="What the intercept absorbs",
    label="ch11-ex-zone-bias",
    task=(
        "Half the orders go to the centre, 35 % to the inner ring and 15 % to the suburbs, "
        "which add 0, 0.5 and 5 minutes to the delivery time. The zone is independent of "
        "the features and the model has no zone feature. With many training orders, what "
        "is the mean residual (a) in the suburbs and (b) in the centre?"
    ),
    answer_format="a tuple `(suburbs, centre)` of two numbers",
    outputs=("suburbs", "centre"),
    reference=zone_bias,
    hints=(
        "The intercept makes the overall mean residual zero: it absorbs the average extra.",
        "The average extra is 0.5 * 0 + 0.35 * 0.5 + 0.15 * 5.",
    ),
    mistakes=(
        Mistake(
            "no_absorption",
            (5.0, 0.0),
            "You left the extra minutes in the residuals, but the intercept absorbs their "
            "average, so the overall mean residual is zero.",
            "Subtract 0.925 from each zone's extra.",
        ),
        Mistake(
            "suburbs_only",
            (5.0 - 0.75, -0.75),
            "You left out the inner ring's half minute: the intercept absorbs all zones'.",
            "The average extra is 0.35 * 0.5 + 0.15 * 5 = 0.925.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: a control chart in code


def _chart_cases(rng):
    cases = []
    for n_train, n_features, n_weeks, n_week in [
        (5, 1, 1, 1), (12, 2, 3, 4), (30, 3, 4, 9), (40, 1, 2, 25), (9, 4, 5, 2),
    ]:
        train_resid = rng.normal(0.0, 2.0, n_train)
        week_resid = rng.normal(0.5, 2.0, (n_weeks, n_week))
        cases.append(Case(
            (train_resid, week_resid, n_features),
            ("train_resid", "week_resid", "n_features"),
            n=n_train,
            label=f"{n_train} training residuals, {n_features} feature(s), "
            f"{n_weeks} week(s) of {n_week}",
        ))
    return cases


def control_chart(train_resid, week_resid, n_features):
    """Each week's mean residual in units of its 3-standard-error control limit."""
    dof = train_resid.shape[0] - n_features - 1  # the fit used d + 1 parameters
    sigma_hat = np.sqrt(np.sum(train_resid**2) / dof)  # training residuals: mean 0
    limit = 3 * sigma_hat / np.sqrt(week_resid.shape[1])
    return week_resid.mean(axis=1) / limit  # an alarm where the size exceeds 1


def _chart_biased_sigma(train_resid, week_resid, n_features):
    sigma_hat = np.sqrt(np.mean(train_resid**2))
    return week_resid.mean(axis=1) / (3 * sigma_hat / np.sqrt(week_resid.shape[1]))


def _chart_no_root(train_resid, week_resid, n_features):
    dof = train_resid.shape[0] - n_features - 1
    sigma_hat = np.sqrt(np.sum(train_resid**2) / dof)
    return week_resid.mean(axis=1) / (3 * sigma_hat)


def _chart_one_se(train_resid, week_resid, n_features):
    return 3 * control_chart(train_resid, week_resid, n_features)


CONTROL_CHART = FunctionExercise(
    id="control_chart",
    chapter=11,
    level="C",
    title="A control chart of weekly residuals",
    label="ch11-ex-control-chart",
    task=(
        "Write `control_chart(train_resid, week_resid, n_features)`. `train_resid` holds the "
        "training residuals of a least-squares fit with an intercept and `n_features` "
        "features; row k of `week_resid` holds the residuals of week k. Estimate sigma from "
        "the training residuals with n - d - 1 degrees of freedom, and return each week's "
        "mean residual divided by its control limit 3 sigma / sqrt(n_week)."
    ),
    answer_format="a function `control_chart(train_resid, week_resid, n_features)` "
    "returning an array of shape (n_weeks,)",
    outputs=("scaled_means",),
    reference=control_chart,
    make_cases=_chart_cases,
    cases_summary="5 to 40 training residuals, 1 to 4 features, 1 to 5 weeks of 1 to 25",
    hints=(
        "The training residuals have mean zero (the intercept): sigma^2 is their sum of "
        "squares over n - d - 1.",
        "A week's mean of n_week residuals has standard error sigma / sqrt(n_week).",
    ),
    mistakes=(
        Mistake(
            "biased_sigma",
            _chart_biased_sigma,
            "You divided the sum of squares by n. The fit used d + 1 parameters, so the "
            "unbiased estimate divides by n - d - 1.",
            "dof = len(train_resid) - n_features - 1.",
        ),
        Mistake(
            "no_root_n",
            _chart_no_root,
            "Your limit is 3 sigma, the spread of single residuals; a mean of n_week "
            "residuals scatters sigma / sqrt(n_week).",
            "limit = 3 * sigma_hat / np.sqrt(week_resid.shape[1]).",
        ),
        Mistake(
            "one_standard_error",
            _chart_one_se,
            "You divided by one standard error; the control limit is three of them.",
            "Multiply the standard error by 3.",
        ),
    ),
)


EXERCISES = (QUIET_T_INFLATION, INPUT_CHECK, DRIFT_LIMITS, ZONE_BIAS, CONTROL_CHART)
