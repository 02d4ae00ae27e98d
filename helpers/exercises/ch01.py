"""Chapter 1, the linear model: predictions, residuals, the MSE and the bias column."""

from __future__ import annotations

import numpy as np

from .cases import Case, regression_data, SHAPES
from .compare import ANY
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake

# ---------------------------------------------------------------------------------------------
# level A


def tiny_new_line():
    """Predictions, residuals and MSE of the line w = 2, b = -1 on the tiny example."""
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])
    y_hat = X @ np.array([2.0]) - 1.0  # (1, 3, 5)
    residuals = y_hat - y  # prediction minus target: (-1, -1, -1)
    mse = float(np.mean(residuals**2))  # 1.0
    return y_hat, residuals, mse


TINY_NEW_LINE = ValueExercise(
    id="tiny_new_line",
    chapter=1,
    level="A",
    title="The tiny example with a new line",
    label="ch01-ex-tiny-new-line",
    task=(
        "For the tiny example (X = (1, 2, 3) as one feature column, y = (2, 4, 6)), take "
        "w = 2 and b = -1. Compute the predictions y_hat, the residuals y_hat - y and the MSE."
    ),
    answer_format="a tuple `(y_hat, residuals, mse)`: two arrays of 3 numbers and one number",
    outputs=("y_hat", "residuals", "mse"),
    reference=tiny_new_line,
    hints=(
        "Each prediction is w * x_i + b: start with x = 1, which gives 2 * 1 - 1.",
        "The residual is the prediction minus the target, y_hat - y, in this order.",
        "The MSE is the mean of the squared residuals: add the three squares and divide by 3.",
    ),
    mistakes=(
        Mistake(
            "forgot_bias",
            (np.array([2.0, 4.0, 6.0]), np.zeros(3), 0.0),
            "You left out the bias: with b = -1 every prediction is one lower than w * x.",
            "Compute y_hat = X @ w + b, then the residuals and the MSE from it.",
        ),
        Mistake(
            "residual_sign",
            (ANY, np.array([1.0, 1.0, 1.0]), ANY),
            "Your residuals have the wrong sign: the course defines the residual as "
            "`y_hat - y` (prediction minus target), so a line below the points has negative "
            "residuals. (The MSE does not notice, because it squares them.)",
            "Subtract the targets from the predictions.",
        ),
        Mistake(
            "sum_not_mean",
            (ANY, ANY, 3.0),
            "Your MSE is the sum of the squared residuals; the M stands for mean.",
            "Divide the sum of squares by the number of examples, n = 3.",
        ),
        Mistake(
            "no_square",
            (ANY, ANY, -1.0),
            "Your MSE is the mean residual, and an MSE can never be negative: the residuals "
            "must be squared before averaging, so that errors of opposite signs cannot cancel.",
            "Average the squares of the residuals.",
        ),
    ),
)


def n_parameters():
    """The number of parameters of a linear model with 7 features."""
    d = 7
    return d + 1  # one weight per feature, shared by all 500 examples, plus the bias


N_PARAMETERS = ValueExercise(
    id="n_parameters",
    chapter=1,
    level="A",
    title="How many numbers does the model learn?",
    label="ch01-ex-shapes",
    task=(
        "A data set has 500 examples and 7 features. How many numbers does the linear model "
        "y_hat = X w + b have to learn?"
    ),
    answer_format="one whole number",
    reference=n_parameters,
    hints=(
        "Write down the shapes of X, w and b. Which of them are learned, and which are data?",
        "w has one entry per feature and is the same for every example; b is a single number.",
    ),
    mistakes=(
        Mistake(
            "forgot_bias",
            7,
            "You counted the weights but not the bias b, which is learned too.",
            "Count one weight per feature, then add the bias.",
        ),
        Mistake(
            "per_example",
            3500,
            "You counted numbers per example: the weights are shared by all examples, which "
            "is what lets the model predict for an example it has never seen. The 500 x 7 "
            "numbers of X are data, not parameters.",
            "The parameters are w, of shape (d,), and b.",
            matches=lambda v: round(v) in (3500, 3507, 3501, 4000),
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level B


def broadcast_trap():
    """What `np.mean((y_col - y_hat) ** 2)` prints, and the true MSE."""
    y_col = np.array([[1.0], [2.0], [3.0], [4.0]])  # shape (4, 1)
    y_hat = np.array([1.5, 1.5, 3.5, 3.5])  # shape (4,)
    printed = float(np.mean((y_col - y_hat) ** 2))  # the mean of a (4, 4) matrix
    true_mse = float(np.mean((y_col[:, 0] - y_hat) ** 2))  # flatten first: (4,)
    return printed, true_mse


BROADCAST_TRAP = ValueExercise(
    id="broadcast_trap",
    chapter=1,
    level="B",
    title="A plausible wrong number",
    label="ch01-ex-broadcast",
    task=(
        "A colleague has targets read as a column, `y_col = np.array([[1.0], [2.0], [3.0], "
        "[4.0]])` of shape (4, 1), and predictions `y_hat = np.array([1.5, 1.5, 3.5, 3.5])` "
        "of shape (4,). What number does `np.mean((y_col - y_hat) ** 2)` print, and what is "
        "the true MSE of these predictions?"
    ),
    answer_format="a tuple `(printed, true_mse)` of two numbers",
    outputs=("printed", "true_mse"),
    reference=broadcast_trap,
    hints=(
        "What is the shape of `y_col - y_hat`? Work it out before computing anything.",
        "A (4, 1) array minus a (4,) array broadcasts to (4, 4): entry (i, j) is y_i - y_hat_j.",
        "The true MSE pairs each target with its own prediction only: (1/4) sum (y_i - y_hat_i)^2.",
    ),
    mistakes=(
        Mistake(
            "no_broadcast",
            (0.25, 0.25),
            "You gave the true MSE twice: the code does not compute it. `y_col - y_hat` "
            "broadcasts to a (4, 4) matrix whose entries y_i - y_hat_j pair every target with "
            "every prediction, and the code averages all 16 squares.",
            "Compute the (4, 4) matrix of differences y_i - y_hat_j and average its squares.",
        ),
        Mistake(
            "swapped",
            (0.25, 2.25),
            "Your two numbers are swapped: the broadcast value is the larger one here, since "
            "for predictions that rise and fall with the targets it adds twice their covariance.",
            "Give the printed (wrong) value first, then the true MSE.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: implementations


def _linear_cases(rng):
    return [
        Case(regression_data(rng, n, d), ("X", "y", "w", "b"), n=n) for n, d in SHAPES
    ]


def _predict_cases(rng):
    cases = []
    for case in _linear_cases(rng):
        X, _, w, b = case.args
        cases.append(Case((X, w, b), ("X", "w", "b"), n=case.n))
    return cases


def predict(X, w, b):
    """Predictions of the linear model: `X` (n, d), `w` (d,), a float `b` -> (n,)."""
    return X @ w + b


def _predict_no_bias(X, w, b):
    return X @ w


def _predict_w_column(X, w, b):
    return X @ w.reshape(-1, 1) + b  # (n, 1)


def _predict_summed_all(X, w, b):
    return float((X * w).sum() + b)


PREDICT = FunctionExercise(
    id="predict",
    chapter=1,
    level="C",
    title="Vectorized predictions",
    label="ch01-ex-predict",
    task=(
        "Write `predict(X, w, b)` returning the predictions y_hat = X w + b of the linear "
        "model, for `X` of shape (n, d), `w` of shape (d,) and a number `b`, without a "
        "Python loop."
    ),
    answer_format="a function `predict(X, w, b)` returning an array of shape (n,)",
    outputs=("y_hat",),
    reference=predict,
    make_cases=_predict_cases,
    hints=(
        "Row i of X dotted with w is the weighted sum for example i; the matrix product "
        "`X @ w` computes all n of them at once.",
        "Adding the number b to an array adds it to every entry (broadcasting).",
        "Check the shape: (n, d) @ (d,) gives (n,).",
    ),
    mistakes=(
        Mistake(
            "forgot_bias",
            _predict_no_bias,
            "Your predictions leave out the bias: they equal `X @ w`, without `+ b`.",
            "Add b to the matrix product.",
        ),
        Mistake(
            "w_column",
            _predict_w_column,
            "Your predictions have shape (n, 1): `w` was used as a column of shape (d, 1). "
            "An (n, 1) array of predictions later meets targets of shape (n,) and broadcasts "
            "to (n, n) without an error.",
            "Keep `w` 1-D, of shape (d,), so that `X @ w` has shape (n,).",
        ),
        Mistake(
            "summed_all",
            _predict_summed_all,
            "Your function returns one number: it sums the weighted features of all examples "
            "together. Each example needs its own prediction.",
            "Sum over the features only, one sum per row: `X @ w` (or `(X * w).sum(axis=1)`).",
        ),
    ),
)


def _mse_cases(rng):
    cases = []
    for n in (1, 2, 5, 12, 40):
        y_true = rng.normal(3.0, 2.0, size=n)
        y_pred = y_true + rng.normal(0.5, 1.5, size=n)
        cases.append(Case((y_true, y_pred), ("y_true", "y_pred"), n=n))
    return cases


def mse(y_true, y_pred):
    """Mean squared error of two vectors of shape (n,)."""
    residuals = y_pred - y_true
    return float(np.mean(residuals**2))


def _mse_no_square(y_true, y_pred):
    return float(np.mean(y_pred - y_true))


def _mse_abs(y_true, y_pred):
    return float(np.mean(np.abs(y_pred - y_true)))


def _mse_sum(y_true, y_pred):
    return float(np.sum((y_pred - y_true) ** 2))


def _mse_root(y_true, y_pred):
    return float(np.sqrt(np.mean((y_pred - y_true) ** 2)))


def _mse_broadcast(y_true, y_pred):
    return float(np.mean((y_true.reshape(-1, 1) - y_pred) ** 2))  # (n, 1) - (n,) -> (n, n)


MSE = FunctionExercise(
    id="mse",
    chapter=1,
    level="C",
    title="The mean squared error",
    label="ch01-ex-mse",
    task=(
        "Write `mse(y_true, y_pred)` returning the mean squared error "
        "(1/n) sum_i (y_pred_i - y_true_i)^2 of two vectors of shape (n,), as a number."
    ),
    answer_format="a function `mse(y_true, y_pred)` returning a number",
    outputs=("mse",),
    reference=mse,
    make_cases=_mse_cases,
    cases_summary="n from 1 to 40",
    hints=(
        "Compute the residuals first, as one vector operation.",
        "Square each residual, then take the mean (`np.mean`), not the sum.",
    ),
    mistakes=(
        Mistake(
            "no_square",
            _mse_no_square,
            "Your function returns the mean residual: without squaring, positive and negative "
            "errors cancel, and a terrible model can score 0.",
            "Square the residuals before averaging.",
        ),
        Mistake(
            "absolute",
            _mse_abs,
            "Your function returns the mean absolute error (MAE), the mean of |residual|. "
            "It is a fine loss (chapter 2 compares the two), but the MSE squares the residuals.",
            "Replace `np.abs(r)` by `r ** 2`.",
        ),
        Mistake(
            "sum_not_mean",
            _mse_sum,
            "Your function returns the sum of squared residuals, which grows with the number "
            "of examples; the MSE is their mean.",
            "Divide by n, or use `np.mean`.",
        ),
        Mistake(
            "root",
            _mse_root,
            "Your function returns the root of the MSE (the RMSE). It has the units of y, "
            "which is handy for reporting, but the exercise asks for the MSE itself.",
            "Leave out the square root.",
        ),
        Mistake(
            "broadcast",
            _mse_broadcast,
            "Your result is the mean over an (n, n) matrix: one of the vectors was made a "
            "column of shape (n, 1), and `(n, 1) - (n,)` broadcasts to every target minus "
            "every prediction.",
            "Keep both vectors 1-D (`y_true.ravel()`), and check that the residual has shape (n,).",
        ),
    ),
)


def _bias_column_cases(rng):
    shapes = ((1, 1), (1, 3), (5, 2), (4, 7), (30, 4))
    return [Case((rng.normal(size=(n, d)),), ("X",), n=n) for n, d in shapes]


def add_bias_column(X):
    """`X` (n, d) with a column of ones appended last: shape (n, d + 1)."""
    return np.hstack([X, np.ones((X.shape[0], 1))])


def _bias_column_first(X):
    return np.hstack([np.ones((X.shape[0], 1)), X])


def _bias_column_zeros(X):
    return np.hstack([X, np.zeros((X.shape[0], 1))])


def _bias_column_overwrite(X):
    X_tilde = X.copy()
    X_tilde[:, -1] = 1.0
    return X_tilde


ADD_BIAS_COLUMN = FunctionExercise(
    id="add_bias_column",
    chapter=1,
    level="C",
    title="Absorbing the bias into the weights",
    label="ch01-ex-bias-column",
    task=(
        "Write `add_bias_column(X)` returning X with a column of ones appended as its last "
        "column, so that X_tilde @ np.append(w, b) equals X @ w + b."
    ),
    answer_format="a function `add_bias_column(X)` returning an array of shape (n, d + 1)",
    outputs=("X_tilde",),
    reference=add_bias_column,
    make_cases=_bias_column_cases,
    cases_summary="n from 1 to 30 and d from 1 to 7",
    hints=(
        "`np.ones((n, 1))` is a column of ones; `np.hstack` joins arrays side by side.",
        "The course writes w_tilde = (w_1, ..., w_d, b), so the ones go last.",
    ),
    mistakes=(
        Mistake(
            "ones_first",
            _bias_column_first,
            "Your column of ones comes first. That works with w_tilde = (b, w_1, ..., w_d), "
            "but the course puts b last, w_tilde = (w_1, ..., w_d, b), and so must the ones.",
            "Append the ones after the features: `np.hstack([X, ones])`.",
        ),
        Mistake(
            "zeros",
            _bias_column_zeros,
            "Your extra column holds zeros: multiplied by b it contributes nothing, so b "
            "would vanish from the model.",
            "The column must be ones, so that its weight b is added to every prediction.",
        ),
        Mistake(
            "overwrote_last_feature",
            _bias_column_overwrite,
            "Your result has d columns, not d + 1: you overwrote the last feature with ones "
            "instead of appending a new column.",
            "Build a new, wider array: `np.hstack([X, np.ones((X.shape[0], 1))])`.",
        ),
    ),
)


EXERCISES = (TINY_NEW_LINE, N_PARAMETERS, BROADCAST_TRAP, PREDICT, MSE, ADD_BIAS_COLUMN)
