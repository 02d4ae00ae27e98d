"""Chapter 6, overfitting: polynomial features, bias and variance, cross-validation."""

from __future__ import annotations

import numpy as np

from .cases import Case
from .compare import ANY
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake, Verdict as _Verdict
from ._kernels import helpers  # the original kernels, whatever a learner reassigns

# --------------------------------------------------------------------------------------
# level A


def feature_row():
    """The degree-3 feature row of x = 0.75 (u = 2x - 1), and the cubic's prediction."""
    u = 2 * 0.75 - 1  # 0.5
    row = np.array([u, u**2, u**3])  # no column of ones: the intercept is separate
    w, b = np.array([0.25, 0.02, -0.01]), 0.35
    prediction = float(row @ w + b)  # 0.47875
    return row, prediction


def _cubic(row):
    return float(np.asarray(row)[-3:] @ np.array([0.25, 0.02, -0.01]) + 0.35)


FEATURE_ROW = ValueExercise(
    id="feature_row",
    chapter=6,
    level="A",
    title="A row of polynomial features by hand",
    label="ch06-ex-feature-row",
    task=(
        "The input x = 0.75 is mapped to u = 2x - 1 and expanded to degree 3 as in "
        "`helpers.polynomial_features(u, 3)`. Write down the row of features, then the "
        "prediction of the cubic with intercept b = 0.35 and weights w = (0.25, 0.02, "
        "-0.01)."
    ),
    answer_format="a tuple `(row, prediction)`: an array of 3 numbers and a number",
    outputs=("row", "prediction"),
    reference=feature_row,
    hints=(
        "First compute u = 2 * 0.75 - 1.",
        "The row is (u, u^2, u^3): powers 1 to 3, with no column of ones.",
        "The prediction is b + w . row.",
    ),
    mistakes=(
        Mistake(
            "bias_column",
            (np.array([1.0, 0.5, 0.25, 0.125]), ANY),
            "Your row starts with a 1: `helpers.polynomial_features` leaves out the "
            "column "
            "of ones (u^0), because the intercept b is a separate parameter.",
            "The row is (u, u^2, u^3).",
        ),
        Mistake(
            "raw_input",
            (
                np.array([0.75, 0.5625, 0.421875]),
                _cubic(np.array([0.75, 0.5625, 0.421875])),
            ),
            "You expanded x = 0.75 itself; the features are powers of u = 2x - 1, "
            "which maps "
            "the inputs to [-1, 1] so that high powers stay small.",
            "Compute u = 2 * 0.75 - 1 = 0.5 first.",
        ),
        Mistake(
            "descending_powers",
            (np.array([0.125, 0.25, 0.5]), ANY),
            "Your powers are in descending order (as `np.vander` and `np.polyfit` "
            "use); the "
            "course's features go up: u, u^2, u^3, matching w = (w_1, w_2, w_3).",
            "Order the columns by increasing power.",
        ),
    ),
)


def bias_variance_sum():
    """Expected squared error at x0 (bias, variance, noise) and its removable share."""
    bias, spread, noise_sd = 0.02, 0.02, 0.05
    error = bias**2 + spread**2 + noise_sd**2  # 0.0033
    removable = (bias**2 + spread**2) / error  # the noise is irreducible: about 24 %
    return float(error), float(removable)


BIAS_VARIANCE_SUM = ValueExercise(
    id="bias_variance_sum",
    chapter=6,
    level="A",
    title="Adding up the error at a point",
    label="ch06-ex-add-up",
    task=(
        "At an input x0, a procedure has bias 0.02, its predictions have standard "
        "deviation "
        "0.02 across data sets, and the noise has standard deviation 0.05. What is the "
        "expected squared error of a new observation at x0, and what fraction of it "
        "could a "
        "better model remove at most?"
    ),
    answer_format="a tuple `(error, fraction)` of two numbers",
    outputs=("error", "fraction"),
    reference=bias_variance_sum,
    hints=(
        "Expected squared error = bias^2 + variance + noise variance.",
        "Standard deviations must be squared to become variances.",
        "No model can remove the noise term.",
    ),
    mistakes=(
        Mistake(
            "added_standard_deviations",
            (0.09, 0.04 / 0.09),
            "You added the standard deviations. The decomposition adds squared "
            "quantities: "
            "bias^2, the variance (the standard deviation squared) and the noise "
            "variance.",
            "Square each term before adding.",
        ),
        Mistake(
            "noise_share",
            (ANY, 0.0025 / 0.0033),
            "Your fraction is the share of the noise, which no model can remove; the "
            "question asks for the rest, bias^2 + variance, over the total.",
            "fraction = (bias^2 + variance) / error.",
        ),
        Mistake(
            "percentage",
            (ANY, 100 * 0.0008 / 0.0033),
            "Your fraction is a percentage: the answer asks for a number between 0 and "
            "1, "
            "the share itself rather than 100 times it.",
            "Divide by 100.",
        ),
    ),
)


# --------------------------------------------------------------------------------------
# level B


def average_variance():
    """Average variance of a least-squares fit at its inputs: sigma^2 (p + 1) / n."""
    sigma, n, p = 0.1, 20, 4
    # the hat matrix projects onto p + 1 columns (p powers and the ones)
    return sigma**2 * (p + 1) / n


AVERAGE_VARIANCE = ValueExercise(
    id="average_variance",
    chapter=6,
    level="C",
    title="The price of each parameter",
    label="ch06-ex-derive-bv",
    task=(
        "A polynomial of degree p = 4 (with an intercept) is fitted by least squares "
        "to "
        "n = 20 points with noise standard deviation sigma = 0.1. What is the variance "
        "of "
        "the fitted values, averaged over the training inputs?"
    ),
    answer_format="one number",
    reference=average_variance,
    hints=(
        "The fitted values are H y, with H the hat matrix; their variances add up to "
        "sigma^2 trace(H).",
        "H projects onto the span of the columns: how many columns does a degree-4 "
        "polynomial with an intercept have?",
    ),
    mistakes=(
        Mistake(
            "forgot_intercept",
            0.1**2 * 4 / 20,
            "You counted p = 4 parameters: the intercept is a column too (the ones), "
            "so the "
            "hat matrix has trace p + 1 = 5.",
            "sigma^2 (p + 1) / n.",
        ),
        Mistake(
            "sigma_not_squared",
            0.1 * 5 / 20,
            "You used sigma where the noise variance sigma^2 belongs.",
            "sigma^2 = 0.01.",
        ),
        Mistake(
            "total_not_average",
            0.1**2 * 5,
            "That is the total over the 20 training inputs, sigma^2 (p + 1); the "
            "average "
            "divides by n.",
            "Divide by n = 20.",
        ),
    ),
)


# --------------------------------------------------------------------------------------
# level C: polynomial features


def _poly_cases(rng):
    cases = []
    for n, degree in ((1, 3), (4, 1), (7, 2), (20, 5), (6, 4), (5, 0)):
        x = rng.uniform(-1.5, 1.5, size=n)
        cases.append(Case((x, degree), ("x", "degree"), n=n))
    return cases


def polynomial_features(x, degree):
    """Columns x, x^2, ..., x^degree of `x` of shape (n,): an array (n, degree)."""
    powers = np.arange(1, degree + 1)  # no x^0: the intercept is fitted separately
    return x[:, None] ** powers[None, :]  # (n, 1) ** (1, degree) -> (n, degree)


def _poly_with_bias(x, degree):
    return x[:, None] ** np.arange(0, degree + 1)[None, :]


def _poly_from_zero(x, degree):
    return x[:, None] ** np.arange(0, degree)[None, :]


def _poly_descending(x, degree):
    return x[:, None] ** np.arange(degree, 0, -1)[None, :]


def _poly_times(x, degree):
    return x[:, None] * np.arange(1, degree + 1)[None, :]


POLYNOMIAL_FEATURES = FunctionExercise(
    id="polynomial_features",
    chapter=6,
    level="C",
    title="Polynomial features",
    label="ch06-ex-polynomial-features",
    task=(
        "Write `polynomial_features(x, degree)` returning the matrix whose columns are "
        "x, x^2, ..., x^degree, for `x` of shape (n,), as "
        "`helpers.polynomial_features` "
        "does: no column of ones, powers in increasing order."
    ),
    answer_format="a function `polynomial_features(x, degree)` returning an array of "
    "shape (n, degree)",
    outputs=("features",),
    reference=polynomial_features,
    make_cases=_poly_cases,
    cases_summary="n from 1 to 20 and degrees 0 to 5 (degree 0: no columns at all)",
    hints=(
        "Broadcasting builds the table of powers at once: an (n, 1) column raised to a "
        "(1, degree) row of exponents.",
        "The exponents are 1, 2, ..., degree: `np.arange(1, degree + 1)`.",
    ),
    mistakes=(
        Mistake(
            "bias_column",
            _poly_with_bias,
            "Your first column is all ones (x^0). The course fits the intercept "
            "separately, "
            "so the features start at x^1; a ones column would duplicate the intercept "
            "and "
            "make the least-squares problem singular.",
            "Start the exponents at 1.",
        ),
        Mistake(
            "starts_at_zero",
            _poly_from_zero,
            "Your columns are x^0, ..., x^(degree - 1): the exponents start at 0 and "
            "stop one "
            "short. `np.arange(degree)` gives 0, ..., degree - 1.",
            "Use `np.arange(1, degree + 1)`.",
        ),
        Mistake(
            "descending_powers",
            _poly_descending,
            "Your powers are in descending order (as `np.vander` builds them); the "
            "course's "
            "columns go up, x, x^2, ..., so that w_k multiplies x^k.",
            "Order the exponents 1, 2, ..., degree.",
        ),
        Mistake(
            "multiplied",
            _poly_times,
            "Your columns are x, 2x, 3x, ...: you multiplied by the exponents instead "
            "of "
            "raising to them.",
            "Use `**`, not `*`.",
        ),
    ),
)


# --------------------------------------------------------------------------------------
# level C: k-fold indices

_KFOLD_SETTINGS = ((10, 5, 0), (12, 5, 1), (7, 7, 2), (1, 1, 3), (23, 4, 4), (5, 2, 5))


def _kfold_cases(rng):
    return [
        Case(
            (n, k, np.random.RandomState(seed)),
            ("n_samples", "k", "rng"),
            label=f"n_samples = {n}, k = {k}, rng = np.random.RandomState({seed})",
        )
        for n, k, seed in _KFOLD_SETTINGS
    ]


def kfold_indices(n_samples, k, rng):
    """`k` folds of shuffled indices: larger folds first, as scikit-learn's KFold."""
    perm = rng.permutation(n_samples)
    fold_sizes = np.full(k, n_samples // k)
    fold_sizes[: n_samples % k] += 1  # the first n_samples % k folds get one extra
    return np.split(perm, np.cumsum(fold_sizes)[:-1])


def _kfold_overlapping(n_samples, k, rng):
    perm = rng.permutation(n_samples)
    size = -(-n_samples // k)  # ceil
    return [perm[i * size : (i + 1) * size + 1] for i in range(k)]  # one index too many


def _kfold_dropped_remainder(n_samples, k, rng):
    perm = rng.permutation(n_samples)
    size = n_samples // k
    return [perm[i * size : (i + 1) * size] for i in range(k)]


def _kfold_remainder_last(n_samples, k, rng):
    perm = rng.permutation(n_samples)
    size = n_samples // k
    return [perm[i * size : (i + 1) * size] for i in range(k - 1)] + [
        perm[(k - 1) * size :]
    ]


def _kfold_global_random(n_samples, k, rng):
    return np.array_split(np.random.permutation(n_samples), k)


def _kfold_fixed_seed(n_samples, k, rng):
    return np.array_split(np.random.RandomState(0).permutation(n_samples), k)


def _kfold_unshuffled(n_samples, k, rng):
    return np.array_split(np.arange(n_samples), k)


def _as_folds(out, k):
    """The answer as a list of 1-D integer arrays, or a sentence saying why not."""
    if isinstance(out, np.ndarray) and out.ndim == 2:
        out = list(out)
    if not isinstance(out, (list, tuple)):
        return (
            f"it should return a list of {k} index arrays, but it returned a non-list"
        )
    if len(out) != k:
        return f"it returned {len(out)} fold(s) for k = {k}"
    folds = []
    for fold in out:
        arr = np.asarray(fold)
        if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
            return "each fold should be a 1-D array of integer indices"
        folds.append(arr.astype(np.int64))
    return folds


_KFOLD_MISTAKES = {
    # key: (model of the mistake, message, hint)
    "overlapping_folds": (
        _kfold_overlapping,
        "Your folds overlap: each sample must be held out exactly once, or the "
        "cross-validation error counts some samples twice.",
        "Cut one permutation into consecutive, non-overlapping blocks.",
    ),
    "missing_samples": (
        _kfold_dropped_remainder,
        "Your folds do not cover every sample: when k does not divide n, the remaining "
        "n % k samples still need a fold.",
        "Give the first n % k folds one extra sample each.",
    ),
    "unbalanced_folds": (
        _kfold_remainder_last,
        "Your fold sizes are unbalanced: they should differ by at most one, so that "
        "every "
        "fold's error is estimated from about as many samples.",
        "Spread the remainder over the first n % k folds, one sample each.",
    ),
    "unseeded": (
        _kfold_global_random,
        "Your folds change from one call to the next with the same `rng`: the shuffle "
        "does "
        "not use it (is it `np.random.permutation`, or a fresh generator?). "
        "Cross-validation must be reproducible from its seed.",
        "Draw the permutation from the argument: `rng.permutation(n_samples)`.",
    ),
    "not_shuffled": (
        _kfold_unshuffled,
        "Your folds are consecutive blocks of 0, 1, ..., n - 1: the samples are not "
        "shuffled, so any order in the data (sorted by date, by target, ...) would end "
        "up "
        "in separate folds.",
        "Cut `rng.permutation(n_samples)` into blocks instead of "
        "`np.arange(n_samples)`.",
    ),
    "ignores_rng": (
        _kfold_fixed_seed,
        "Your folds are shuffled, but the same for every `rng`: the shuffle uses a "
        "fixed "
        "generator of its own instead of the argument.",
        "Draw the permutation from the argument: `rng.permutation(n_samples)`.",
    ),
}


def _kfold_fail(ex, key, detail=""):
    _, message, hint = _KFOLD_MISTAKES[key]
    return ex.fail(key, message + (" " + detail if detail else ""), hint)


def _same_folds(a, b) -> bool:
    return [np.asarray(f).tolist() for f in a] == [np.asarray(f).tolist() for f in b]


def _judge_kfold(ex, fn, cases, outputs, run_case):
    """Folds are right when they partition the samples, balanced, shuffled by `rng`.

    Many answers are right (any shuffle will do), so the folds are judged by these
    properties rather than compared with the reference; each property that fails names
    its modelled mistake.
    """
    for case, out in zip(cases, outputs):
        n, k, _ = case.args
        folds = _as_folds(out, k)
        if isinstance(folds, str):
            return ex.fail(
                "wrong_structure", f"On the hidden case {case.describe()}, {folds}."
            )
        joined = np.concatenate(folds)
        counts = np.bincount(joined[(joined >= 0) & (joined < n)], minlength=n)
        if (counts > 1).any():
            index = int(np.argmax(counts > 1))
            return _kfold_fail(
                ex,
                "overlapping_folds",
                f"On the hidden case {case.describe()}, "
                f"sample {index} is in {int(counts[index])} folds.",
            )
        if (counts == 0).any() or joined.size != n:
            missing = np.flatnonzero(counts == 0)
            detail = (
                f"On the hidden case {case.describe()}, "
                f"{missing.size} sample(s) are in no fold"
            )
            detail += f" (for example {int(missing[0])})." if missing.size else "."
            return _kfold_fail(ex, "missing_samples", detail)
        sizes = [f.size for f in folds]
        if max(sizes) - min(sizes) > 1:
            return _kfold_fail(
                ex,
                "unbalanced_folds",
                f"On the hidden case {case.describe()}, the sizes are {sizes}.",
            )
    # randomness: the same `rng` state must give the same folds, another state others
    n, k, seed = 23, 4, 4
    runs = []
    for s in (seed, seed, seed + 1):
        case = Case((n, k, np.random.RandomState(s)), ("n_samples", "k", "rng"))
        out, trouble = run_case(fn, case)
        if trouble is not None:
            return trouble
        runs.append(out)
    if not _same_folds(runs[0], runs[1]):
        return _kfold_fail(ex, "unseeded")
    if [i for f in runs[0] for i in np.asarray(f).tolist()] == list(range(n)):
        return _kfold_fail(ex, "not_shuffled")
    if _same_folds(runs[0], runs[2]):
        return _kfold_fail(ex, "ignores_rng")
    message = (
        f"Your folds partition the samples into balanced, shuffled folds on all "
        f"{len(cases)} hidden cases ({ex.cases_summary}), reproducibly from `rng`."
    )
    if all(_same_folds(out, ref) for out, ref in zip(outputs, ex.reference_outputs)):
        message += " They are exactly the folds of scikit-learn's KFold(shuffle=True)."
    else:
        message += (
            " They differ from scikit-learn's KFold(shuffle=True), which cuts "
            "`rng.permutation(n_samples)` into consecutive blocks, larger folds first; "
            "both "
            "are valid."
        )
    return _Verdict(True, message)


KFOLD_INDICES = FunctionExercise(
    id="kfold_indices",
    chapter=6,
    level="C",
    title="k-fold from scratch",
    label="ch06-ex-kfold",
    task=(
        "Write `kfold_indices(n_samples, k, rng)` returning a list of k arrays of "
        "indices "
        "that together hold every sample exactly once, with fold sizes differing by at "
        "most "
        "one, shuffled with the random generator `rng` (a `np.random.RandomState`)."
    ),
    answer_format="a function `kfold_indices(n_samples, k, rng)` returning a list of k "
    "integer arrays",
    outputs=("folds",),
    reference=kfold_indices,
    make_cases=_kfold_cases,
    cases_summary="n_samples from 1 to 23 and k from 1 to 7, including k = n",
    judge=_judge_kfold,
    hints=(
        "Shuffle once: `perm = rng.permutation(n_samples)`.",
        "Cut `perm` into k consecutive blocks. When k does not divide n_samples, give "
        "the "
        "first n_samples % k blocks one extra index.",
        "`np.split(perm, cut_points)` splits at the given positions; `np.cumsum` of "
        "the "
        "fold sizes gives them.",
    ),
    mistakes=tuple(
        Mistake(key, model, message, hint)
        for key, (model, message, hint) in _KFOLD_MISTAKES.items()
    ),
)


# --------------------------------------------------------------------------------------
# level C: the cross-validation error
def _cv_cases(rng):
    cases = []
    for n, k, degree in ((10, 5, 1), (11, 4, 2), (13, 3, 3), (9, 9, 1), (20, 6, 2)):
        x = np.sort(rng.uniform(-1.0, 1.0, size=n))
        y = 1.0 + 0.5 * x + 0.3 * x**2 + 0.2 * rng.standard_normal(n)
        folds = kfold_indices(n, k, np.random.RandomState(int(rng.integers(1000))))
        cases.append(Case((x, y, degree, folds), ("x", "y", "degree", "folds"), n=n))
    return cases


def cv_error(x, y, degree, folds):
    """Mean over the folds of the validation MSE of a least-squares polynomial fit."""
    errors = []
    for fold in folds:
        train = np.setdiff1d(np.arange(y.size), fold)  # every sample not held out
        w, b = helpers.fit_normal_equation(
            helpers.polynomial_features(x[train], degree), y[train]
        )
        y_hat = helpers.predict(helpers.polynomial_features(x[fold], degree), w, b)
        errors.append(helpers.mse(y[fold], y_hat))
    return float(np.mean(errors))


def _fit_and_predict(x, y, degree, fit_on, predict_on):
    w, b = helpers.fit_normal_equation(
        helpers.polynomial_features(x[fit_on], degree), y[fit_on]
    )
    return helpers.predict(helpers.polynomial_features(x[predict_on], degree), w, b)


def _cv_training_error(x, y, degree, folds):
    errors = []
    for fold in folds:
        train = np.setdiff1d(np.arange(y.size), fold)
        errors.append(
            helpers.mse(y[train], _fit_and_predict(x, y, degree, train, train))
        )
    return float(np.mean(errors))


def _cv_swapped(x, y, degree, folds):
    errors = []
    for fold in folds:
        train = np.setdiff1d(np.arange(y.size), fold)
        errors.append(
            helpers.mse(y[train], _fit_and_predict(x, y, degree, fold, train))
        )
    return float(np.mean(errors))


def _cv_pooled(x, y, degree, folds):
    squared = []
    for fold in folds:
        train = np.setdiff1d(np.arange(y.size), fold)
        squared.extend((y[fold] - _fit_and_predict(x, y, degree, train, fold)) ** 2)
    return float(np.mean(squared))


def _cv_fitted_on_everything(x, y, degree, folds):
    everything = np.arange(y.size)
    return float(
        np.mean(
            [
                helpers.mse(y[fold], _fit_and_predict(x, y, degree, everything, fold))
                for fold in folds
            ]
        )
    )


CV_ERROR = FunctionExercise(
    id="cv_error",
    chapter=6,
    level="C",
    title="The cross-validation error",
    label="ch06-ex-kfold",
    task=(
        "Write `cv_error(x, y, degree, folds)` returning the k-fold cross-validation "
        "error "
        "of a least-squares polynomial of the given degree: for each fold, fit on all "
        "the "
        "other samples (with `helpers.polynomial_features` and "
        "`helpers.fit_normal_equation`) and compute the MSE on the fold; return the "
        "mean of "
        "the k fold errors."
    ),
    answer_format="a function `cv_error(x, y, degree, folds)` returning a number",
    outputs=("cv_error",),
    reference=cv_error,
    make_cases=_cv_cases,
    cases_summary="n from 9 to 20, k from 3 to n (leave-one-out), degrees 1 to 3, "
    "unequal fold sizes",
    hints=(
        "The training indices of a fold are all the others: "
        "`np.setdiff1d(np.arange(n), fold)`.",
        "Fit on the training indices, predict the held-out fold, and keep that fold's "
        "MSE.",
        "Average the k fold errors with equal weight, whatever the fold sizes.",
    ),
    mistakes=(
        Mistake(
            "training_error",
            _cv_training_error,
            "Your error is measured on the samples each model was fitted on: that is "
            "the "
            "training error, which only falls as the degree grows. Cross-validation "
            "scores "
            "each model on the fold it has not seen.",
            "Predict `x[fold]` and compare with `y[fold]`.",
        ),
        Mistake(
            "swapped_roles",
            _cv_swapped,
            "You fitted on the held-out fold and scored on the rest: the roles are "
            "swapped. "
            "Each model is fitted on k - 1 folds and scored on the remaining one.",
            "Fit on `np.setdiff1d(np.arange(n), fold)`, score on `fold`.",
        ),
        Mistake(
            "pooled",
            _cv_pooled,
            "You pooled the squared errors of all held-out samples into one mean: that "
            "is "
            "a legitimate definition of the CV error (Hastie, Tibshirani and "
            "Friedman's, "
            "in The Elements of Statistical Learning), and it equals the other one "
            "when the "
            "folds have equal sizes. This exercise asks for the other convention, the "
            "chapter's and scikit-learn's `cross_val_score(...).mean()`: the mean of "
            "the k "
            "fold MSEs, each fold weighted equally whatever its size.",
            "Compute one MSE per fold, then `np.mean` of the k values.",
        ),
        Mistake(
            "fitted_on_everything",
            _cv_fitted_on_everything,
            "Your model is fitted on all the samples, including the fold it is scored "
            "on: "
            "the held-out fold leaks into the fit.",
            "Leave the fold out of the fit.",
        ),
    ),
)


EXERCISES = (
    FEATURE_ROW,
    BIAS_VARIANCE_SUM,
    AVERAGE_VARIANCE,
    POLYNOMIAL_FEATURES,
    KFOLD_INDICES,
    CV_ERROR,
)
