"""Chapter 4, gradient descent: steps, the stability limit, the best rate and momentum."""

from __future__ import annotations

import numpy as np

from ..descent import stability_limit
from .cases import Case, design_matrix, regression_data, SHAPES
from .compare import ANY
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake

# ---------------------------------------------------------------------------------------------
# level A


def _tiny_step(sign=1.0, factor=2.0, learning_rate=0.1):
    """One step from w = 0, b = 0 on the tiny example, with a sign and a factor to vary."""
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])
    n = 3
    r = sign * (X[:, 0] * 0.0 + 0.0 - y)
    w = 0.0 - learning_rate * (factor / n) * float(X[:, 0] @ r)
    b = 0.0 - learning_rate * (factor / n) * float(r.sum())
    return w, b, float(np.mean((X[:, 0] * w + b - y) ** 2))


def one_step():
    """One step of gradient descent with learning rate 0.1 from w = 0, b = 0."""
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])
    n, learning_rate = 3, 0.1
    w, b = np.zeros(1), 0.0
    r = X @ w + b - y  # (-2, -4, -6)
    grad_w = (2.0 / n) * (X.T @ r)  # -56/3
    grad_b = (2.0 / n) * r.sum()  # -8
    w, b = w - learning_rate * grad_w, b - learning_rate * grad_b  # 1.8667 and 0.8
    new_mse = np.mean((X @ w + b - y) ** 2)  # 0.2963, down from 18.67
    return float(w[0]), float(b), float(new_mse)


ONE_STEP = ValueExercise(
    id="one_step",
    chapter=4,
    level="A",
    title="One step by hand",
    label="ch04-ex-one-step",
    task=(
        "For the tiny example (X = (1, 2, 3) as one feature column, y = (2, 4, 6)), start at "
        "w = 0, b = 0 and take one step of gradient descent on the MSE with learning rate "
        "0.1. Give the new w, the new b and the MSE after the step."
    ),
    answer_format="a tuple `(w, b, mse)` of three numbers",
    outputs=("w", "b", "mse"),
    reference=one_step,
    hints=(
        "At the start every prediction is 0, so the residuals are -y.",
        "grad_w = (2/n) sum x_i r_i and grad_b = (2/n) sum r_i; step against them: "
        "w_new = w - 0.1 * grad_w.",
        "The new MSE uses the new w and b: recompute the predictions first.",
    ),
    mistakes=(
        Mistake(
            "flipped_sign",
            _tiny_step(sign=-1.0),
            "You stepped uphill: with the residual taken as y - y_hat the gradient has the "
            "wrong sign, and the step moves w and b away from the data (the MSE grew).",
            "The residual is y_hat - y, and the step subtracts the gradient.",
        ),
        Mistake(
            "missing_factor_two",
            _tiny_step(factor=1.0),
            "Your step is half as long as it should be: the gradient of the MSE has the "
            "factor 2/n, not 1/n.",
            "grad_w = (2/n) X^T r.",
        ),
        Mistake(
            "mse_before_step",
            (ANY, ANY, 56.0 / 3.0),
            "Your MSE is the one before the step (56/3): the question asks for the loss at "
            "the new parameters.",
            "Recompute the predictions with the new w and b, then their MSE.",
        ),
    ),
)


def _rate_factors(lam):
    return 2.0 / lam, 1.0 - np.array([0.05, 0.15, 0.25]) * lam


def classify_rates():
    """The stability limit, and the factor 1 - eta * lambda for three learning rates."""
    X = np.array([[1.0], [2.0], [3.0]])
    n = 3
    lam = (2.0 / n) * float(X[:, 0] @ X[:, 0])  # the Hessian is one number: 28/3
    limit = 2.0 / lam  # 3/14
    factors = 1.0 - np.array([0.05, 0.15, 0.25]) * lam  # smooth, oscillating, diverging
    return limit, factors


CLASSIFY_RATES = ValueExercise(
    id="classify_rates",
    chapter=4,
    level="A",
    title="Smooth, oscillating or diverging?",
    label="ch04-ex-classify-rates",
    task=(
        "For the tiny example (X = (1, 2, 3) as one feature column) without an intercept, "
        "the Hessian of the MSE is the single number (2/3)(1 + 4 + 9). Compute the stability "
        "limit of gradient descent, and the factor 1 - eta * lambda for the learning rates "
        "eta = 0.05, 0.15 and 0.25."
    ),
    answer_format="a tuple `(limit, factors)`: a number and an array of 3 numbers",
    outputs=("limit", "factors"),
    reference=classify_rates,
    hints=(
        "lambda = (2/n) sum x_i^2 with n = 3.",
        "Descent converges exactly when |1 - eta * lambda| < 1, that is eta < 2 / lambda.",
    ),
    mistakes=(
        Mistake(
            "hessian_without_two_over_n",
            _rate_factors(14.0),
            "You used lambda = sum x_i^2 = 14, the second derivative of the sum of squares. "
            "The MSE is a mean with a square: its Hessian is (2/n) sum x_i^2 = 28/3.",
            "lambda = (2/3) * 14.",
        ),
        Mistake(
            "hessian_without_two",
            _rate_factors(14.0 / 3.0),
            "You used lambda = (1/n) sum x_i^2 = 14/3, leaving out the 2 that comes from "
            "differentiating a square twice.",
            "lambda = (2/n) sum x_i^2 = 28/3.",
        ),
        Mistake(
            "limit_one_over_lambda",
            (1.0 / (28.0 / 3.0), ANY),
            "Your limit is 1/lambda, the learning rate that converges in one step here. "
            "Descent stays stable up to 2/lambda, where the factor 1 - eta * lambda reaches -1.",
            "|1 - eta * lambda| < 1 gives eta < 2/lambda.",
        ),
        Mistake(
            "factor_sign",
            (ANY, -(1.0 - np.array([0.05, 0.15, 0.25]) * 28.0 / 3.0)),
            "Your factors have the wrong sign: each step multiplies the error by "
            "1 - eta * lambda, which is positive for small steps (smooth) and negative for "
            "large ones (oscillating).",
            "The error e_{t+1} = e_t - eta * lambda * e_t = (1 - eta * lambda) e_t.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level B: a stable learning rate for given data

_X_STABLE = np.array([[1.0], [2.0], [3.0], [4.0]])
_LIMIT = stability_limit(_X_STABLE)
_LIMIT_NO_INTERCEPT = stability_limit(_X_STABLE, fit_intercept=False)
_A_STABLE = np.column_stack([_X_STABLE, np.ones(4)])
_LAM = np.linalg.eigvalsh((2.0 / 4) * _A_STABLE.T @ _A_STABLE)
_BEST = 2.0 / (_LAM[0] + _LAM[-1])


def stable_learning_rate():
    """A learning rate that converges on X = (1, 2, 3, 4), with the intercept fitted."""
    X = np.array([[1.0], [2.0], [3.0], [4.0]])
    n = X.shape[0]
    A = np.column_stack([X, np.ones(n)])  # the intercept is a parameter too
    lam = np.linalg.eigvalsh((2.0 / n) * A.T @ A)  # Hessian eigenvalues, ascending
    limit = 2.0 / lam[-1]  # stable for every rate below this
    best = 2.0 / (lam[0] + lam[-1])  # the fastest fixed rate, 98 % of the limit here
    assert best < limit
    return float(best)


def _close(a, b):
    return abs(a - b) <= 2e-3 * abs(b)


def _praise_rate(answer):
    eta = float(np.ravel(answer)[0])
    text = (
        f"Your rate is {100 * eta / _LIMIT:.0f} % of the stability limit "
        f"2 / lambda_max = {_LIMIT:.4g}. The fastest fixed rate for these data is "
        f"2 / (lambda_min + lambda_max) = {_BEST:.4g}."
    )
    if eta < 0.01 * _LIMIT:
        text += " A rate this small is stable but makes descent crawl."
    return text


STABLE_LEARNING_RATE = ValueExercise(
    id="stable_learning_rate",
    chapter=4,
    level="B",
    title="A learning rate that converges",
    label="ch04-ex-stable-rate",
    task=(
        "Full-batch gradient descent on the MSE, with the intercept fitted, runs on the data "
        "X = (1, 2, 3, 4) as one feature column. Give a learning rate for which it converges "
        "(any such rate is accepted)."
    ),
    answer_format="one positive number",
    reference=stable_learning_rate,
    accept=lambda eta: 0.0 < eta < _LIMIT * (1 - 2e-3),
    praise=_praise_rate,
    hints=(
        "Descent converges when eta < 2 / lambda_max, with lambda_max the largest eigenvalue "
        "of the Hessian H = (2/n) A^T A.",
        "With the intercept fitted, A = [X, 1]: the column of ones belongs in the Hessian.",
        "`np.linalg.eigvalsh` gives the eigenvalues of a symmetric matrix in ascending order; "
        "`helpers.stability_limit(X)` computes the limit.",
    ),
    mistakes=(
        Mistake(
            "not_positive",
            0.0,
            "A learning rate must be positive: with eta <= 0 descent stands still or walks "
            "uphill.",
            "Pick a positive number below 2 / lambda_max.",
            matches=lambda eta: eta <= 0.0,
        ),
        Mistake(
            "at_limit",
            _LIMIT,
            f"Your rate is at the stability limit 2 / lambda_max = {_LIMIT:.4g}: there the "
            "error along the steepest direction flips sign at every step without shrinking, "
            "so descent never converges.",
            "Take a rate strictly below the limit, for example half of it.",
            matches=lambda eta: _close(eta, _LIMIT),
        ),
        Mistake(
            "limit_without_intercept",
            _LIMIT_NO_INTERCEPT,
            "Your rate is the limit of the model without an intercept "
            f"({_LIMIT_NO_INTERCEPT:.4g}). "
            "With the intercept, the column of ones enters the Hessian and raises lambda_max, "
            f"so the limit is lower, {_LIMIT:.4g}, and your rate diverges.",
            "Use A = [X, 1] in H = (2/n) A^T A.",
            matches=lambda eta: _close(eta, _LIMIT_NO_INTERCEPT),
        ),
        Mistake(
            "hessian_without_two",
            2.0 * _LIMIT,
            "Your rate is twice the stability limit: it is 2 / lambda_max for A^T A / n, but "
            f"the Hessian of the MSE is (2/n) A^T A, whose limit is {_LIMIT:.4g}.",
            "Keep the factor 2 in the Hessian.",
            matches=lambda eta: _close(eta, 2.0 * _LIMIT),
        ),
        Mistake(
            "past_limit",
            1.5 * _LIMIT,
            f"Your rate is past the stability limit 2 / lambda_max = {_LIMIT:.4g} of these "
            "data: the error along the steepest direction grows by |1 - eta * lambda_max| > 1 "
            "at every step, and descent diverges.",
            "Compute lambda_max of H = (2/n) A^T A with A = [X, 1], and stay below 2 / lambda_max.",
            matches=lambda eta: eta > _LIMIT,
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: one step, the best rate, momentum


def _step_cases(rng):
    rates = (0.05, 0.1, 0.02, 0.01, 0.003, 0.2)
    cases = []
    for (n, d), eta in zip(SHAPES, rates):
        X, y, w, b = regression_data(rng, n, d)
        cases.append(Case((X, y, w, b, eta), ("X", "y", "w", "b", "learning_rate"), n=n))
    return cases


def gd_step(X, y, w, b, learning_rate):
    """One gradient-descent step on the MSE from (`w`, `b`): returns the new (w, b)."""
    n = X.shape[0]
    r = X @ w + b - y  # both gradients come from the same residual
    grad_w = (2.0 / n) * (X.T @ r)
    grad_b = (2.0 / n) * r.sum()
    return w - learning_rate * grad_w, float(b - learning_rate * grad_b)


def _step_uphill(X, y, w, b, learning_rate):
    n = X.shape[0]
    r = X @ w + b - y
    return w + learning_rate * (2.0 / n) * (X.T @ r), float(b + learning_rate * (2.0 / n) * r.sum())


def _step_missing_two(X, y, w, b, learning_rate):
    n = X.shape[0]
    r = X @ w + b - y
    return w - learning_rate * (X.T @ r) / n, float(b - learning_rate * r.sum() / n)


def _step_sum_not_mean(X, y, w, b, learning_rate):
    r = X @ w + b - y
    return w - learning_rate * 2.0 * (X.T @ r), float(b - learning_rate * 2.0 * r.sum())


def _step_rate_twice(X, y, w, b, learning_rate):
    n = X.shape[0]
    r = X @ w + b - y
    grad_w = learning_rate * (2.0 / n) * (X.T @ r)  # the rate is already in the "gradient"
    grad_b = learning_rate * (2.0 / n) * r.sum()
    return w - learning_rate * grad_w, float(b - learning_rate * grad_b)


def _step_sequential(X, y, w, b, learning_rate):
    n = X.shape[0]
    w_new = w - learning_rate * (2.0 / n) * (X.T @ (X @ w + b - y))
    r_new = X @ w_new + b - y  # the bias gradient from the already-updated w
    return w_new, float(b - learning_rate * (2.0 / n) * r_new.sum())


def _step_bias_frozen(X, y, w, b, learning_rate):
    n = X.shape[0]
    return w - learning_rate * (2.0 / n) * (X.T @ (X @ w + b - y)), float(b)


GD_STEP = FunctionExercise(
    id="gd_step",
    chapter=4,
    level="C",
    title="One step of gradient descent",
    label="ch04-ex-gd-step",
    task=(
        "Write `gd_step(X, y, w, b, learning_rate)` that takes one step of full-batch "
        "gradient descent on the MSE from the point (w, b) and returns the new (w, b). Both "
        "gradients are computed at the old point."
    ),
    answer_format="a function `gd_step(X, y, w, b, learning_rate)` returning `(w_new, b_new)`, "
    "an array of shape (d,) and a number",
    outputs=("w_new", "b_new"),
    reference=gd_step,
    make_cases=_step_cases,
    hints=(
        "Compute the residual r = X w + b - y once, and both gradients from it.",
        "grad_w = (2/n) X^T r, grad_b = (2/n) sum(r); then w - learning_rate * grad_w and "
        "b - learning_rate * grad_b.",
    ),
    mistakes=(
        Mistake(
            "flipped_sign",
            _step_uphill,
            "Your step goes uphill: you added the gradient instead of subtracting it (or took "
            "the residual as y - y_hat). The loss grows after your step.",
            "w_new = w - learning_rate * grad_w, with r = X w + b - y.",
        ),
        Mistake(
            "missing_factor_two",
            _step_missing_two,
            "Your step is half as long as it should be: the gradient of the MSE has the "
            "factor 2/n, not 1/n.",
            "grad_w = (2/n) X^T r.",
        ),
        Mistake(
            "sum_not_mean",
            _step_sum_not_mean,
            "Your step is n times too long: you used the gradient of the sum of squares, "
            "but the loss is the MSE, a mean.",
            "The gradient has the factor 2/n.",
        ),
        Mistake(
            "learning_rate_twice",
            _step_rate_twice,
            "Your step applies the learning rate twice (it moves by learning_rate^2 times the "
            "gradient): it is already inside your gradient, then multiplied in again.",
            "Compute the plain gradient, then multiply by the learning rate once.",
        ),
        Mistake(
            "sequential_update",
            _step_sequential,
            "Your bias step uses the residual after `w` has already moved. Gradient descent "
            "computes both gradients at the old point and then moves both parameters at once.",
            "Compute grad_w and grad_b from the same residual, before changing w.",
        ),
        Mistake(
            "bias_not_updated",
            _step_bias_frozen,
            "Your step leaves the bias b unchanged: it is a parameter too, and it moves "
            "against its own gradient (2/n) sum(r).",
            "b_new = b - learning_rate * grad_b.",
        ),
    ),
)


def _best_rate_cases(rng):
    shapes = ((1, 2), (5, 1), (6, 2), (4, 7), (30, 4), (50, 3))
    return [Case((design_matrix(rng, n, d),), ("X",), n=n) for n, d in shapes]


def best_learning_rate(X):
    """The fixed rate 2 / (lambda_min + lambda_max) for the MSE with an intercept."""
    n = X.shape[0]
    A = np.column_stack([X, np.ones(n)])  # the intercept is a parameter too
    lam = np.linalg.eigvalsh((2.0 / n) * A.T @ A)  # Hessian eigenvalues, ascending
    # with more parameters than samples lambda_min is 0, computed as +-1e-15 or so:
    # anything that small next to lambda_max is rounding, and counts as 0
    lam_min = lam[0] if lam[0] > lam.size * np.finfo(float).eps * lam[-1] else 0.0
    return float(2.0 / (lam_min + lam[-1]))


def _hessian_eigenvalues(X, intercept=True, factor=2.0):
    n = X.shape[0]
    A = np.column_stack([X, np.ones(n)]) if intercept else X
    return np.linalg.eigvalsh((factor / n) * A.T @ A)


def _rate_stability_limit(X):
    return float(2.0 / _hessian_eigenvalues(X)[-1])


def _rate_inverse_lambda_max(X):
    return float(1.0 / _hessian_eigenvalues(X)[-1])


def _rate_no_intercept(X):
    lam = _hessian_eigenvalues(X, intercept=False)
    return float(2.0 / (lam[0] + lam[-1]))


def _rate_without_two(X):
    lam = _hessian_eigenvalues(X, factor=1.0)
    return float(2.0 / (lam[0] + lam[-1]))


BEST_LEARNING_RATE = FunctionExercise(
    id="best_learning_rate",
    chapter=4,
    level="C",
    title="The best fixed learning rate",
    label="ch04-ex-best-rate",
    task=(
        "Write `best_learning_rate(X)` returning the fixed learning rate "
        "2 / (lambda_min + lambda_max) for full-batch gradient descent on the MSE with the "
        "intercept fitted, where the lambdas are the extreme eigenvalues of the Hessian."
    ),
    answer_format="a function `best_learning_rate(X)` returning a number",
    outputs=("learning_rate",),
    reference=best_learning_rate,
    make_cases=_best_rate_cases,
    cases_summary="n from 1 to 50 and d from 1 to 7, including d > n",
    hints=(
        "The Hessian of the MSE in theta = (w, b) is H = (2/n) A^T A with A = [X, 1].",
        "`np.linalg.eigvalsh(H)` returns the eigenvalues in ascending order: the first and "
        "the last are lambda_min and lambda_max.",
    ),
    mistakes=(
        Mistake(
            "stability_limit",
            _rate_stability_limit,
            "Your rate is the stability limit 2 / lambda_max, the edge of divergence, not the "
            "best rate. At the limit the steepest direction oscillates without shrinking.",
            "The best rate balances the slowest and the steepest directions: "
            "2 / (lambda_min + lambda_max).",
        ),
        Mistake(
            "inverse_lambda_max",
            _rate_inverse_lambda_max,
            "Your rate is 1 / lambda_max, which removes the steepest direction in one step but "
            "leaves the slowest one decaying at 1 - lambda_min / lambda_max per step.",
            "Use 2 / (lambda_min + lambda_max), which makes both ends decay at the same rate.",
        ),
        Mistake(
            "no_intercept_column",
            _rate_no_intercept,
            "Your Hessian leaves out the intercept: with b fitted, the column of ones is part "
            "of A = [X, 1], and it changes both extreme eigenvalues.",
            "Append a column of ones to X before forming (2/n) A^T A.",
        ),
        Mistake(
            "hessian_without_two",
            _rate_without_two,
            "Your rate is twice the right one: you took the eigenvalues of A^T A / n, but the "
            "Hessian of the MSE is (2/n) A^T A.",
            "Keep the factor 2 that comes from differentiating a square.",
        ),
    ),
)


def _momentum_cases(rng):
    settings = (  # (n, d, momentum, n_steps)
        (1, 1, 0.5, 3),
        (5, 1, 0.9, 1),
        (6, 2, 0.5, 8),
        (4, 7, 0.3, 5),
        (30, 4, 0.9, 20),
    )
    cases = []
    for n, d, beta, n_steps in settings:
        X, y, _, _ = regression_data(rng, n, d)
        # half the stability limit of heavy ball: every case converges
        eta = 0.5 * stability_limit(X, momentum=beta)
        cases.append(
            Case(
                (X, y, eta, beta, n_steps),
                ("X", "y", "learning_rate", "momentum", "n_steps"),
                n=n,
            )
        )
    return cases


def descend_momentum(X, y, learning_rate, momentum, n_steps):
    """`n_steps` of heavy-ball descent on the MSE from w = 0, b = 0: returns (w, b)."""
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    v_w, v_b = np.zeros(d), 0.0  # the velocity starts at rest
    for _ in range(n_steps):
        r = X @ w + b - y
        grad_w, grad_b = (2.0 / n) * (X.T @ r), (2.0 / n) * r.sum()
        v_w = momentum * v_w - learning_rate * grad_w
        v_b = momentum * v_b - learning_rate * grad_b
        w, b = w + v_w, b + v_b
    return w, float(b)


def _heavy_ball(X, y, learning_rate, momentum, n_steps, *, sign=-1.0, damp=False,
                rate_twice=False, bias_momentum=True):
    """Heavy ball with one of the modelled mistakes switched on."""
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    v_w, v_b = np.zeros(d), 0.0
    for _ in range(n_steps):
        r = X @ w + b - y
        grad_w, grad_b = (2.0 / n) * (X.T @ r), (2.0 / n) * r.sum()
        if damp:  # an exponential average of the gradients, as some libraries do
            v_w = momentum * v_w + (1 - momentum) * grad_w
            v_b = momentum * v_b + (1 - momentum) * grad_b
            w, b = w - learning_rate * v_w, b - learning_rate * v_b
            continue
        v_w = momentum * v_w + sign * learning_rate * grad_w
        v_b = momentum * v_b + sign * learning_rate * grad_b
        step = learning_rate if rate_twice else 1.0
        w = w + step * v_w
        b = b + step * v_b if bias_momentum else b - learning_rate * grad_b
    return w, float(b)


def _momentum_uphill(X, y, learning_rate, momentum, n_steps):
    return _heavy_ball(X, y, learning_rate, momentum, n_steps, sign=1.0)


def _momentum_ignored(X, y, learning_rate, momentum, n_steps):
    return _heavy_ball(X, y, learning_rate, 0.0, n_steps)


def _momentum_dampened(X, y, learning_rate, momentum, n_steps):
    return _heavy_ball(X, y, learning_rate, momentum, n_steps, damp=True)


def _momentum_rate_twice(X, y, learning_rate, momentum, n_steps):
    return _heavy_ball(X, y, learning_rate, momentum, n_steps, rate_twice=True)


def _momentum_off_by_one(X, y, learning_rate, momentum, n_steps):
    return _heavy_ball(X, y, learning_rate, momentum, n_steps - 1)


def _momentum_bias_plain(X, y, learning_rate, momentum, n_steps):
    return _heavy_ball(X, y, learning_rate, momentum, n_steps, bias_momentum=False)


DESCEND_MOMENTUM = FunctionExercise(
    id="descend_momentum",
    chapter=4,
    level="C",
    title="Heavy ball from scratch",
    label="ch04-ex-momentum-scratch",
    task=(
        "Write `descend_momentum(X, y, learning_rate, momentum, n_steps)` that starts at "
        "w = 0, b = 0 with velocity 0 and takes `n_steps` steps of heavy-ball descent on the "
        "MSE, v <- momentum * v - learning_rate * grad, then (w, b) <- (w, b) + v, for the "
        "weights and the bias alike. Return the final (w, b)."
    ),
    answer_format="a function `descend_momentum(X, y, learning_rate, momentum, n_steps)` "
    "returning `(w, b)`, an array of shape (d,) and a number",
    outputs=("w", "b"),
    reference=descend_momentum,
    make_cases=_momentum_cases,
    cases_summary="n from 1 to 30, d from 1 to 7 (one case with d > n), 1 to 20 steps",
    hints=(
        "Keep a velocity for w (shape (d,)) and one for b, both starting at zero.",
        "In each step: the gradients at the current point, then the velocities, then the "
        "parameters.",
        "`for _ in range(n_steps)` runs exactly n_steps steps.",
    ),
    mistakes=(
        Mistake(
            "flipped_sign",
            _momentum_uphill,
            "Your iterates move uphill: the velocity must accumulate minus the learning rate "
            "times the gradient (v <- momentum * v - learning_rate * grad).",
            "Subtract the gradient term when updating the velocity, then add the velocity.",
        ),
        Mistake(
            "momentum_ignored",
            _momentum_ignored,
            "Your iterates are those of plain gradient descent: the velocity does not carry "
            "over from one step to the next (is it reset inside the loop, or is `momentum` "
            "unused?).",
            "Initialise the velocity once, before the loop, and multiply it by `momentum` "
            "in every step.",
        ),
        Mistake(
            "dampened_velocity",
            _momentum_dampened,
            "Your velocity is an exponential average, momentum * v + (1 - momentum) * grad, "
            "as some libraries write it. The course's heavy ball adds the full step: "
            "v <- momentum * v - learning_rate * grad.",
            "Drop the (1 - momentum) factor and put the learning rate in the velocity.",
        ),
        Mistake(
            "learning_rate_twice",
            _momentum_rate_twice,
            "Your update applies the learning rate twice: it is in the velocity already, so "
            "the parameters move by the velocity itself, w <- w + v.",
            "Update w and b by adding v, without another learning_rate factor.",
        ),
        Mistake(
            "off_by_one",
            _momentum_off_by_one,
            "Your function takes one step fewer than `n_steps`.",
            "`for _ in range(n_steps)` runs exactly n_steps steps.",
        ),
        Mistake(
            "bias_without_momentum",
            _momentum_bias_plain,
            "Your bias moves by plain gradient descent while the weights use momentum: the "
            "bias needs its own velocity, updated the same way.",
            "Keep v_b alongside v_w and update b with it.",
        ),
    ),
)


EXERCISES = (
    ONE_STEP,
    CLASSIFY_RATES,
    STABLE_LEARNING_RATE,
    GD_STEP,
    BEST_LEARNING_RATE,
    DESCEND_MOMENTUM,
)
