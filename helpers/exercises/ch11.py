"""Chapter 11, in production: the control limits of a residual monitor."""

from __future__ import annotations

import numpy as np

from ._core import ANY, Mistake, ValueExercise

# ---------------------------------------------------------------------------------------------
# level B: a residual monitor


def drift_limits():
    """3-sigma limit of a weekly mean residual (sd 4, 400 a week); orders to flag a 0.3 shift."""
    sigma, n_week, shift = 4.0, 400, 0.3
    se = sigma / np.sqrt(n_week)  # the spread of a weekly mean: 4 / 20 = 0.2
    upper = 3 * se  # the centre line is 0: least squares leaves a zero mean residual
    # the shift sits on the limit when shift = 3 sigma / sqrt(n): n = (3 sigma / shift)^2
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


EXERCISES = (DRIFT_LIMITS,)
