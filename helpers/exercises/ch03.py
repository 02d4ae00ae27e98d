"""Chapter 3, solving the normal equations well: conditioning, QR, conventions, Newton."""

from __future__ import annotations

import numpy as np

from .cases import Case
from .compare import Tolerance
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake
from .ch02 import _normal_cases

# ---------------------------------------------------------------------------------------------
# level A


def condition_squared():
    """Condition numbers of A and of A^T A when A has singular values 100, 1 and 0.1."""
    s = np.array([100.0, 1.0, 0.1])  # the singular values of A
    kappa_A = s.max() / s.min()  # 1e3
    kappa_gram = kappa_A**2  # A^T A has singular values s^2: 1e6
    return float(kappa_A), float(kappa_gram)


CONDITION_SQUARED = ValueExercise(
    id="condition_squared",
    chapter=3,
    level="A",
    title="The condition number, squared",
    label="ch03-ex-condition",
    task=(
        "A tall matrix A has singular values 100, 1 and 0.1. What are the condition "
        "numbers kappa(A) and kappa(A^T A)?"
    ),
    answer_format="a tuple `(kappa_A, kappa_gram)` of two numbers",
    outputs=("kappa_A", "kappa_gram"),
    reference=condition_squared,
    # the answers differ by orders of magnitude: a relative tolerance only
    tolerance=Tolerance(rtol=2e-3, atol=1e-12),
    hints=(
        "The condition number is the largest singular value divided by the smallest.",
        "If A = U S V^T, then A^T A = V S^2 V^T: its singular values are the squares.",
    ),
    mistakes=(
        Mistake(
            "gram_doubled",
            (1e3, 2e3),
            "You doubled kappa(A) for A^T A. Forming A^T A squares the singular values, "
            "so it squares the condition number: the digits lost double, not the number.",
            "A^T A = V S^2 V^T.",
        ),
        Mistake(
            "gram_unchanged",
            (1e3, 1e3),
            "You gave A^T A the condition number of A. Its singular values are the squares "
            "of A's, 10^4, 1 and 10^-2, so their ratio is squared too.",
            "A^T A = V S^2 V^T.",
        ),
        Mistake(
            "ratio_of_neighbours",
            (100.0, 1e4),
            "You divided the largest singular value by the next one. The condition number "
            "is the largest divided by the smallest, 100 / 0.1.",
            "Use the smallest singular value, 0.1.",
        ),
    ),
)


def newton_one_step():
    """One Newton step on the MSE of the tiny example, from w = 1, b = 0."""
    X = np.array([[1.0], [2.0], [3.0]])
    y = np.array([2.0, 4.0, 6.0])
    n = X.shape[0]
    A = np.column_stack([X, np.ones(n)])  # theta = (w, b)
    theta = np.array([1.0, 0.0])
    grad = (2.0 / n) * A.T @ (A @ theta - y)  # (-28/3, -4)
    hessian = (2.0 / n) * A.T @ A  # [[28/3, 4], [4, 2]]
    theta = theta - np.linalg.solve(hessian, grad)  # lands on the minimum (2, 0)
    return float(theta[0]), float(theta[1])


NEWTON_ONE_STEP = ValueExercise(
    id="newton_one_step",
    chapter=3,
    level="A",
    title="One Newton step",
    label="ch03-ex-newton",
    task=(
        "On the tiny example (X = (1, 2, 3) as one feature column, y = (2, 4, 6)), start at "
        "w = 1, b = 0, where the gradient of the MSE is (-28/3, -4), and take one Newton "
        "step theta - H^{-1} grad with the Hessian H = (2/n) A^T A, A = [X, 1]. Where do "
        "you land?"
    ),
    answer_format="a tuple `(w, b)` of two numbers",
    outputs=("w", "b"),
    reference=newton_one_step,
    hints=(
        "H = (2/3) [[14, 6], [6, 3]]; solve H step = grad rather than inverting H.",
        "For a quadratic loss one Newton step reaches the minimum: the answer solves the "
        "normal equations.",
    ),
    mistakes=(
        Mistake(
            "gradient_step",
            (1.0 + 28.0 / 3.0, 4.0),
            "You took a gradient step with learning rate 1: theta - grad. Newton's step "
            "multiplies the gradient by the inverse Hessian first, which rescales each "
            "direction by its curvature.",
            "Solve H step = grad, then subtract the step.",
        ),
        Mistake(
            "gram_not_hessian",
            (5.0 / 3.0, 0.0),
            "You used (A^T A)^{-1} instead of H^{-1} = (n/2) (A^T A)^{-1}: the factor 2/n of "
            "the Hessian is missing, so your step is 2/n = 2/3 of Newton's.",
            "H = (2/n) A^T A, the same factor as in the gradient.",
        ),
        Mistake(
            "step_added",
            (0.0, 0.0),
            "You added the Newton step instead of subtracting it: from (1, 0) you went away "
            "from the minimum (2, 0) by the same distance.",
            "theta_new = theta - H^{-1} grad.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level B


def conventions_learning_rate():
    """Learning rates on the MSE that reproduce runs in two other conventions."""
    n = 400
    # a step with rate eta on c ||r||^2 equals a step with rate eta c n on the MSE
    eta_half_mse = 0.05 * (1 / 2)  # J = (1/(2n)) ||r||^2: c = 1/(2n)
    eta_sum = 1e-4 * 1.0 * n  # J = ||r||^2: c = 1
    return eta_half_mse, eta_sum


CONVENTIONS_LEARNING_RATE = ValueExercise(
    id="conventions_learning_rate",
    chapter=3,
    level="B",
    title="Porting a learning rate",
    label="ch03-ex-conventions",
    task=(
        "(1) A blog post runs gradient descent on J = (1/(2n)) ||X w + b - y||^2 with "
        "learning rate 0.05. Which learning rate on the course's MSE, (1/n) ||r||^2, gives "
        "the same iterates? (2) A statistics text minimizes the plain sum ||r||^2 on n = 400 "
        "examples with learning rate 1e-4. Which learning rate on the MSE corresponds to it?"
    ),
    answer_format="a tuple `(eta_1, eta_2)` of two numbers",
    outputs=("eta_1", "eta_2"),
    reference=conventions_learning_rate,
    # the answers differ by orders of magnitude: a relative tolerance only
    tolerance=Tolerance(rtol=2e-3, atol=1e-12),
    hints=(
        "A step is learning rate times gradient. Write the gradient of each loss in terms "
        "of the gradient of the MSE.",
        "The gradient of c ||r||^2 is c n times the gradient of the MSE, so the rates "
        "convert by that factor.",
    ),
    mistakes=(
        Mistake(
            "unchanged",
            (0.05, 1e-4),
            "You kept the learning rates as they were, but the losses differ by a constant "
            "factor and so do their gradients: the same rate gives different steps.",
            "Find c in J = c ||r||^2; then eta_MSE = eta * c * n.",
        ),
        Mistake(
            "inverted",
            (0.1, 2.5e-7),
            "You converted in the wrong direction: the MSE's gradient is twice that of "
            "(1/(2n)) ||r||^2, so its learning rate must be half as large, not twice; and "
            "the sum's gradient is n times the MSE's, so the MSE needs an n times larger rate.",
            "Equal steps need eta_MSE * grad(MSE) = eta_other * grad(other).",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: least squares by QR


def _qr_cases(rng):
    # the cases of chapter 2's normal_equation (full column rank with an intercept), and one
    # ill-conditioned design: a polynomial of degree 9 on [0, 1], where the normal equations
    # lose about twice the digits QR loses
    x = np.linspace(0.0, 1.0, 40)
    X_poly = x[:, None] ** np.arange(1, 10)  # (40, 9): x, x^2, ..., x^9
    y_poly = X_poly @ np.ones(9) + 1.0  # exact data: every coefficient 1
    poly = Case((X_poly, y_poly), ("X", "y"), n=40, label="a degree-9 polynomial design")
    return [*_normal_cases(rng), poly]


def qr_least_squares(X, y):
    """Least-squares `w` (d,) and `b` from the QR factorization of A = [X, 1]."""
    A = np.column_stack([X, np.ones(X.shape[0])])  # (n, d + 1), theta = (w, b)
    Q, R = np.linalg.qr(A)  # Q (n, d + 1) orthonormal columns, R upper triangular
    theta = np.linalg.solve(R, Q.T @ y)  # R theta = Q^T y; A^T A is never formed
    return theta[:-1], float(theta[-1])


def _qr_normal_equations(X, y):
    A = np.column_stack([X, np.ones(X.shape[0])])
    theta = np.linalg.solve(A.T @ A, A.T @ y)
    return theta[:-1], float(theta[-1])


def _qr_no_intercept(X, y):
    Q, R = np.linalg.qr(X)
    return np.linalg.solve(R, Q.T @ y), 0.0


def _qr_R_transposed(X, y):
    A = np.column_stack([X, np.ones(X.shape[0])])
    Q, R = np.linalg.qr(A)
    theta = np.linalg.solve(R.T, Q.T @ y)
    return theta[:-1], float(theta[-1])


QR_LEAST_SQUARES = FunctionExercise(
    id="qr_least_squares",
    chapter=3,
    level="C",
    title="Least squares by QR",
    label="ch03-ex-qr",
    task=(
        "Write `qr_least_squares(X, y)` returning the least-squares weights `w` and "
        "intercept `b` from the QR factorization of A = [X, 1] (np.linalg.qr), by solving "
        "R theta = Q^T y, without forming A^T A. The hidden cases have linearly independent "
        "columns; one of them is an ill-conditioned polynomial design."
    ),
    answer_format="a function `qr_least_squares(X, y)` returning `(w, b)`, an array of "
    "shape (d,) and a number",
    outputs=("w", "b"),
    reference=qr_least_squares,
    make_cases=_qr_cases,
    cases_summary="n from 3 to 40 and d from 1 to 9, all of full column rank, one of them "
    "ill-conditioned",
    # the polynomial case has kappa(A) about 3.5e6: QR is accurate to about 1e-9 there
    tolerance=Tolerance(rtol=1e-6, atol=1e-6),
    hints=(
        "Append a column of ones to X, then `Q, R = np.linalg.qr(A)` (reduced mode: Q is "
        "(n, d + 1)).",
        "A^T A theta = A^T y becomes R^T R theta = R^T Q^T y; R is invertible, so "
        "R theta = Q^T y.",
        "The last entry of theta is b; the others are w.",
    ),
    mistakes=(
        Mistake(
            "normal_equations",
            _qr_normal_equations,
            "Your answer is right on the well-conditioned cases and off on the polynomial "
            "one: it matches solving the normal equations A^T A theta = A^T y, which squares "
            "the condition number (about 3.5e6 for A, 1.2e13 for A^T A) and loses the digits QR "
            "keeps.",
            "Use `Q, R = np.linalg.qr(A)` and solve R theta = Q^T y.",
        ),
        Mistake(
            "no_intercept",
            _qr_no_intercept,
            "Your fit has no intercept: you factored X alone, which forces the line "
            "through the origin, and returned b = 0.",
            "Factor A = [X, 1], with the ones column last.",
        ),
        Mistake(
            "R_transposed",
            _qr_R_transposed,
            "You solved R^T theta = Q^T y. From A = QR, A theta = y projected gives "
            "Q R theta = Q Q^T y, so R itself (upper triangular) multiplies theta.",
            "Solve R theta = Q^T y.",
        ),
    ),
)


EXERCISES = (
    CONDITION_SQUARED,
    NEWTON_ONE_STEP,
    CONVENTIONS_LEARNING_RATE,
    QR_LEAST_SQUARES,
)
