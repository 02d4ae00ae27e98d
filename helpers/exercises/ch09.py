"""Chapter 9, the probabilistic view: likelihood, priors, standard errors and intervals."""

from __future__ import annotations

import numpy as np

from .cases import Case, design_matrix, regression_data, SHAPES
from .compare import ANY
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake

# ---------------------------------------------------------------------------------------------
# level A: from a prior's scale to alpha


def prior_to_alpha():
    """Ridge and lasso alphas of a Gaussian and a Laplace prior (sigma = 3, n = 60)."""
    sigma, tau, beta, n = 3.0, 0.5, 0.5, 60
    # ridge, ||y - Xw - b||^2 + alpha ||w||^2: multiply the negative log posterior
    # RSS / (2 sigma^2) + ||w||^2 / (2 tau^2) by 2 sigma^2
    alpha_ridge = sigma**2 / tau**2  # 36
    # lasso, (1/(2n)) ||y - Xw - b||^2 + alpha ||w||_1: multiply
    # RSS / (2 sigma^2) + ||w||_1 / beta by sigma^2 / n
    alpha_lasso = sigma**2 / (n * beta)  # 0.3
    return alpha_ridge, alpha_lasso


PRIOR_TO_ALPHA = ValueExercise(
    id="prior_to_alpha",
    chapter=9,
    level="A",
    title="From a prior's scale to alpha",
    label="ch09-ex-prior-to-alpha",
    task=(
        "The noise is Gaussian with sigma = 3 and there are n = 60 samples. Give the alpha of "
        "`fit_ridge` (||y - Xw - b||^2 + alpha ||w||^2) whose solution is the MAP estimate "
        "under the prior w_j ~ N(0, tau^2) with tau = 0.5, and the alpha of `fit_lasso` "
        "((1/(2n)) ||y - Xw - b||^2 + alpha ||w||_1) whose solution is the MAP estimate under "
        "the Laplace prior p(w_j) = exp(-|w_j| / beta) / (2 beta) with beta = 0.5. The "
        "intercept has a flat prior in both."
    ),
    answer_format="a tuple `(alpha_ridge, alpha_lasso)` of two numbers",
    outputs=("alpha_ridge", "alpha_lasso"),
    reference=prior_to_alpha,
    hints=(
        "Write the negative log posterior: RSS / (2 sigma^2) plus the negative log prior, "
        "which is ||w||^2 / (2 tau^2) for the Gaussian prior and ||w||_1 / beta for the "
        "Laplace prior (constants dropped).",
        "Multiply the whole expression by the number that makes the squared error look like "
        "the helper's: by 2 sigma^2 for ridge's plain sum, by sigma^2 / n for the lasso's "
        "1/(2n).",
        "The alpha is then the factor in front of the penalty: sigma^2 / tau^2 and "
        "sigma^2 / (n beta).",
    ),
    mistakes=(
        Mistake(
            "ridge_inverted",
            (0.5**2 / 3.0**2, ANY),
            "Your ridge alpha is upside down: you computed tau^2 / sigma^2. The penalty must "
            "grow with the noise (noisy data deserve less trust) and shrink as the prior "
            "widens (a vague prior constrains less), so alpha = sigma^2 / tau^2.",
            "Multiply RSS / (2 sigma^2) + ||w||^2 / (2 tau^2) by 2 sigma^2 and read off the "
            "factor in front of ||w||^2.",
        ),
        Mistake(
            "ridge_sigma_not_squared",
            (3.0 / 0.5, ANY),
            "Your ridge alpha is sigma / tau: the ratio of the variances, sigma^2 / tau^2, is "
            "what appears, because both the log likelihood and the log prior have squares in "
            "their exponents.",
            "Square both scales: alpha = sigma^2 / tau^2.",
        ),
        Mistake(
            "lasso_forgot_n",
            (ANY, 3.0**2 / 0.5),
            "Your lasso alpha is n times too large: you matched the penalty to a plain sum of "
            "squares, but the lasso's squared error is divided by 2n, so the whole negative "
            "log posterior is multiplied by sigma^2 / n, not sigma^2.",
            "alpha = sigma^2 / (n beta), with n = 60.",
        ),
        Mistake(
            "lasso_sigma_not_squared",
            (ANY, 3.0 / (60 * 0.5)),
            "Your lasso alpha uses sigma where sigma^2 belongs: the Gaussian log likelihood "
            "is RSS / (2 sigma^2), so turning it into (1/(2n)) RSS multiplies everything by "
            "sigma^2 / n.",
            "alpha = sigma^2 / (n beta) = 9 / 30.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level A: two estimates of the noise variance


def sigma_estimates():
    """sigma^2 by maximum likelihood and unbiased; E[RSS/n] / sigma^2 (n=12, d=3)."""
    n, d, rss = 12, 3, 18.0
    sigma2_mle = rss / n  # 1.5: maximizes the Gaussian likelihood
    sigma2_unbiased = rss / (n - d - 1)  # 2.25: d weights and the intercept were fitted
    mle_bias_factor = (n - d - 1) / n  # E[RSS / n] = (n - d - 1) / n * sigma^2
    return sigma2_mle, sigma2_unbiased, mle_bias_factor


SIGMA_ESTIMATES = ValueExercise(
    id="sigma_estimates",
    chapter=9,
    level="A",
    title="Two estimates of the noise variance",
    label="ch09-ex-sigma-estimates",
    task=(
        "A least-squares fit with an intercept on n = 12 samples and d = 3 features leaves a "
        "residual sum of squares RSS = 18. Give the maximum-likelihood estimate of sigma^2, "
        "the unbiased estimate of sigma^2, and the expected value of the maximum-likelihood "
        "estimate as a fraction of the true sigma^2."
    ),
    answer_format=(
        "a tuple `(sigma2_mle, sigma2_unbiased, mle_bias_factor)` of three numbers"
    ),
    outputs=("sigma2_mle", "sigma2_unbiased", "mle_bias_factor"),
    reference=sigma_estimates,
    hints=(
        "Setting the derivative of the negative log-likelihood in sigma to zero gives "
        "sigma^2 = RSS / n.",
        "E[RSS] = (n - p) sigma^2, where p counts every fitted parameter: the d weights and "
        "the intercept.",
    ),
    mistakes=(
        Mistake(
            "forgot_intercept",
            (ANY, 18.0 / 9.0, ANY),
            "Your unbiased estimate divides by n - d = 9: the intercept is a fitted parameter "
            "too and uses up a degree of freedom, so the divisor is n - d - 1 = 8.",
            "Count the parameters: 3 weights and 1 intercept.",
        ),
        Mistake(
            "forgot_intercept_factor",
            (ANY, ANY, 9.0 / 12.0),
            "Your bias factor is (n - d) / n: the residuals live in a space of dimension "
            "n - d - 1, because the intercept's column of ones is one more direction the fit "
            "removes from the noise.",
            "E[RSS / n] = (n - d - 1) / n * sigma^2.",
        ),
        Mistake(
            "swapped",
            (18.0 / 8.0, 18.0 / 12.0, ANY),
            "You swapped the two estimates: the maximum-likelihood one divides by n and is "
            "the smaller; dividing by n - d - 1 corrects its downward bias.",
            "sigma2_mle = RSS / n.",
        ),
        Mistake(
            "inverted_factor",
            (ANY, ANY, 12.0 / 8.0),
            "Your factor is above 1, but RSS / n underestimates sigma^2: the fit chases the "
            "noise, so the residuals are smaller than the noise itself.",
            "The factor is (n - d - 1) / n, below 1.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level B: is a coverage of 93.1 % a problem?


def coverage_check():
    """Coverage, its Monte Carlo SE at 0.95, and the gap in standard errors."""
    n_sets, covered, level = 2000, 1862, 0.95
    coverage = covered / n_sets  # 0.931
    # if the intervals were right, `covered` would be binomial(n_sets, 0.95)
    mc_se = np.sqrt(level * (1 - level) / n_sets)  # 0.00487
    z = (coverage - level) / mc_se  # about -3.9 standard errors
    return coverage, float(mc_se), float(z)


COVERAGE_CHECK = ValueExercise(
    id="coverage_check",
    chapter=9,
    level="B",
    title="Is a coverage of 93.1 % a problem?",
    label="ch09-ex-coverage-check",
    task=(
        "In a simulation of N = 2000 data sets, a 95 % confidence interval covered the true "
        "coefficient in 1862 of them. Give the estimated coverage (a fraction), its Monte "
        "Carlo standard error computed at the nominal level, sqrt(0.95 * 0.05 / N), and the "
        "number of standard errors between the estimate and 0.95 (negative when below)."
    ),
    answer_format="a tuple `(coverage, mc_se, z)` of three numbers",
    outputs=("coverage", "mc_se", "z"),
    reference=coverage_check,
    hints=(
        "Each data set is a coin flip that covers with probability 0.95 if the intervals are "
        "right: the count of covers is binomial.",
        "The standard deviation of a fraction of N independent flips is sqrt(p (1 - p) / N).",
        "z = (coverage - 0.95) / mc_se.",
    ),
    mistakes=(
        Mistake(
            "percent",
            (93.1, ANY, ANY),
            "Your coverage is a percentage; the exercise asks for a fraction (0.931, not 93.1), "
            "on the same scale as 0.95.",
            "Divide the count by N.",
        ),
        Mistake(
            "variance_not_sd",
            (ANY, 0.95 * 0.05 / 2000, ANY),
            "Your standard error is the variance p (1 - p) / N: take its square root.",
            "mc_se = sqrt(0.95 * 0.05 / 2000).",
        ),
        Mistake(
            "divided_by_n",
            (ANY, np.sqrt(0.95 * 0.05) / 2000, ANY),
            "Your standard error divides by N instead of sqrt(N): the spread of an average of "
            "N independent flips falls like 1 / sqrt(N).",
            "mc_se = sqrt(p (1 - p)) / sqrt(N).",
        ),
        Mistake(
            "estimated_p",
            (ANY, np.sqrt(0.931 * 0.069 / 2000), ANY),
            "You computed the standard error at the estimated coverage 0.931. That is the "
            "right error bar for the estimate, but the question is whether the intervals "
            "could be right, so the exercise measures the gap in the units the coverage would "
            "have if they were: at the nominal 0.95.",
            "Use p = 0.95 in sqrt(p (1 - p) / N).",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: the Gaussian negative log-likelihood


def _nll_cases(rng):
    cases = []
    for (n, d), sigma in zip(SHAPES, (0.7, 2.0, 1.0, 0.3, 1.5, 0.8)):
        X, y, w, b = regression_data(rng, n, d)
        cases.append(Case((X, y, w, b, sigma), ("X", "y", "w", "b", "sigma"), n=n))
    return cases


def gaussian_nll(X, y, w, b, sigma):
    """-log p(y | w, b, sigma) for independent y_i ~ N(x_i^T w + b, sigma^2)."""
    n = X.shape[0]
    r = y - X @ w - b  # residuals, shape (n,)
    return float(n / 2 * np.log(2 * np.pi) + n * np.log(sigma) + r @ r / (2 * sigma**2))


def _nll_no_log_sigma(X, y, w, b, sigma):
    r = y - X @ w - b
    return float(X.shape[0] / 2 * np.log(2 * np.pi) + r @ r / (2 * sigma**2))


def _nll_no_half(X, y, w, b, sigma):
    n = X.shape[0]
    r = y - X @ w - b
    return float(n / 2 * np.log(2 * np.pi) + n * np.log(sigma) + r @ r / sigma**2)


def _nll_no_constant(X, y, w, b, sigma):
    r = y - X @ w - b
    return float(X.shape[0] * np.log(sigma) + r @ r / (2 * sigma**2))


def _nll_mean(X, y, w, b, sigma):
    r = y - X @ w - b
    return float(0.5 * np.log(2 * np.pi) + np.log(sigma) + r @ r / (2 * sigma**2 * X.shape[0]))


GAUSSIAN_NLL = FunctionExercise(
    id="gaussian_nll",
    chapter=9,
    level="C",
    title="The Gaussian negative log-likelihood",
    label="ch09-ex-gaussian-nll",
    task=(
        "Write `gaussian_nll(X, y, w, b, sigma)` returning the negative log-likelihood "
        "-log p(y | w, b, sigma) of the model y_i = x_i^T w + b + eps_i with independent "
        "eps_i ~ N(0, sigma^2), as a number, with every constant included: "
        "(n/2) log(2 pi) + n log(sigma) + RSS / (2 sigma^2)."
    ),
    answer_format="a function `gaussian_nll(X, y, w, b, sigma)` returning a number",
    outputs=("nll",),
    reference=gaussian_nll,
    make_cases=_nll_cases,
    hints=(
        "Take minus the log of the product of n normal densities: the log turns the product "
        "into a sum.",
        "Each density is exp(-r_i^2 / (2 sigma^2)) / sqrt(2 pi sigma^2), with "
        "r_i = y_i - x_i^T w - b.",
        "-log of one density is (1/2) log(2 pi) + log(sigma) + r_i^2 / (2 sigma^2); add the "
        "n of them.",
    ),
    mistakes=(
        Mistake(
            "no_log_sigma",
            _nll_no_log_sigma,
            "Your negative log-likelihood lacks the n log(sigma) term, the log of the "
            "normalizing factor 1 / sqrt(2 pi sigma^2). It does not depend on w or b, but it "
            "is what stops sigma from growing without bound: without it, a larger sigma "
            "always looks better.",
            "Add `n * np.log(sigma)`.",
        ),
        Mistake(
            "no_half",
            _nll_no_half,
            "Your squared-error term is RSS / sigma^2: the normal density has "
            "exp(-r^2 / (2 sigma^2)), so the term is RSS / (2 sigma^2).",
            "Divide the sum of squares by 2 sigma^2.",
        ),
        Mistake(
            "dropped_constant",
            _nll_no_constant,
            "Your value is the negative log-likelihood without the constant (n/2) log(2 pi). "
            "Dropping it does not move the minimizer, and many texts drop it, but this "
            "exercise asks for the full value: it matters when likelihoods of different noise "
            "models (Gaussian and Laplace, say) are compared.",
            "Add `n / 2 * np.log(2 * np.pi)`.",
        ),
        Mistake(
            "mean_not_sum",
            _nll_mean,
            "Your value is n times too small: the log-likelihood of independent samples is "
            "the sum of their log densities, not their mean.",
            "Sum over the samples instead of averaging.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: standard errors of the coefficients


def _se_cases(rng):
    cases = []
    # (n, d): the fewest samples that leave one degree of freedom, a single feature, a tall one
    for n, d in ((3, 1), (5, 2), (8, 3), (12, 1), (30, 4), (9, 6)):
        X = design_matrix(rng, n, d)
        y = X @ rng.standard_normal(d) + rng.normal(0.0, 3.0) + 0.7 * rng.standard_normal(n)
        cases.append(Case((X, y), ("X", "y"), n=n))
    return cases


def standard_errors(X, y):
    """Classical standard errors of the least-squares weights and intercept."""
    n, d = X.shape
    A = np.column_stack([X, np.ones(n)])  # the intercept is the last column
    theta, *_ = np.linalg.lstsq(A, y, rcond=None)
    r = y - A @ theta
    sigma2 = (r @ r) / (n - d - 1)  # unbiased: d weights and one intercept were fitted
    # the diagonal of (A^T A)^-1 is needed itself here, so solve against the identity
    cov = sigma2 * np.linalg.solve(A.T @ A, np.eye(d + 1))
    se = np.sqrt(np.diag(cov))
    return se[:d], float(se[d])


def _se_parts(X, y, divisor):
    n, d = X.shape
    A = np.column_stack([X, np.ones(n)])
    theta, *_ = np.linalg.lstsq(A, y, rcond=None)
    r = y - A @ theta
    cov = (r @ r) / divisor * np.linalg.solve(A.T @ A, np.eye(d + 1))
    return cov


def _se_divide_by_n(X, y):
    se = np.sqrt(np.diag(_se_parts(X, y, X.shape[0])))
    return se[: X.shape[1]], float(se[-1])


def _se_n_minus_d(X, y):
    se = np.sqrt(np.diag(_se_parts(X, y, X.shape[0] - X.shape[1])))
    return se[: X.shape[1]], float(se[-1])


def _se_variances(X, y):
    n, d = X.shape
    var = np.diag(_se_parts(X, y, n - d - 1))
    return var[:d], float(var[d])


def _se_no_ones_column(X, y):
    n, d = X.shape
    A = np.column_stack([X, np.ones(n)])
    theta, *_ = np.linalg.lstsq(A, y, rcond=None)
    r = y - A @ theta
    sigma2 = (r @ r) / (n - d - 1)
    coef_se = np.sqrt(np.diag(sigma2 * np.linalg.solve(X.T @ X, np.eye(d))))
    return coef_se, float(np.sqrt(sigma2 / n))


STANDARD_ERRORS = FunctionExercise(
    id="standard_errors",
    chapter=9,
    level="C",
    title="Standard errors of the coefficients",
    label="ch09-ex-standard-errors",
    task=(
        "Write `standard_errors(X, y)` returning the classical standard errors of the "
        "least-squares weights and intercept, the square roots of the diagonal of "
        "sigma_hat^2 (A^T A)^-1 with A = [X, 1] and sigma_hat^2 = RSS / (n - d - 1)."
    ),
    answer_format=(
        "a function `standard_errors(X, y)` returning a tuple `(coef_se, intercept_se)`: an "
        "array of shape (d,) and a number"
    ),
    outputs=("coef_se", "intercept_se"),
    reference=standard_errors,
    make_cases=_se_cases,
    cases_summary=(
        "n from 3 to 30 samples and d from 1 to 6 features, always n >= d + 2, including "
        "a single degree of freedom and features far from zero"
    ),
    hints=(
        "Append a column of ones to X (`np.column_stack([X, np.ones(n)])`) and fit by least "
        "squares on that matrix A.",
        "Estimate sigma^2 by RSS / (n - d - 1): d weights and the intercept were fitted.",
        "The covariance is sigma^2 (A^T A)^-1; `np.linalg.solve(A.T @ A, np.eye(d + 1))` gives "
        "the inverse. The standard errors are the square roots of its diagonal, the last one "
        "the intercept's.",
    ),
    mistakes=(
        Mistake(
            "divide_by_n",
            _se_divide_by_n,
            "Your standard errors use sigma^2 = RSS / n, the maximum-likelihood estimate, "
            "which is biased low: the fit has used d + 1 degrees of freedom to chase the "
            "noise, so the residuals are smaller than the noise.",
            "Divide the RSS by n - d - 1.",
        ),
        Mistake(
            "n_minus_d",
            _se_n_minus_d,
            "Your standard errors use RSS / (n - d): the intercept is fitted too and takes "
            "one more degree of freedom, so the divisor is n - d - 1.",
            "Count the intercept among the fitted parameters.",
        ),
        Mistake(
            "variances",
            _se_variances,
            "You returned the variances, the diagonal of the covariance matrix itself: a "
            "standard error is a standard deviation, in the units of the coefficient.",
            "Take `np.sqrt` of the diagonal.",
        ),
        Mistake(
            "no_ones_column",
            _se_no_ones_column,
            "Your weights' standard errors come from (X^T X)^-1, without the column of ones, "
            "and the intercept's from sigma / sqrt(n), the standard error of a mean. With "
            "features away from zero the intercept and the weights are estimated together "
            "and are correlated; only the inverse of A^T A with A = [X, 1] accounts for that.",
            "Build A = [X, 1] and take the whole diagonal of sigma^2 (A^T A)^-1.",
        ),
    ),
)


EXERCISES = (
    PRIOR_TO_ALPHA,
    SIGMA_ESTIMATES,
    COVERAGE_CHECK,
    GAUSSIAN_NLL,
    STANDARD_ERRORS,
)
