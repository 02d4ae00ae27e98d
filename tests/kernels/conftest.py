"""Shared data for the kernel tests: tall, wide and ill-conditioned problems, seeded."""

import numpy as np
import pytest


def make_problem(n, d, *, seed=0, cond=None, sparse=False, intercept=2.5, noise=0.5):
    """Random regression data; `cond` sets the condition number of X through its SVD."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    if cond is not None:
        U, _, Vt = np.linalg.svd(X, full_matrices=False)
        s = np.logspace(0, -np.log10(cond), min(n, d))
        X = (U * s) @ Vt * 10.0 + rng.standard_normal(d)  # shifted, so centering matters
    w = rng.standard_normal(d)
    if sparse:
        w[rng.permutation(d)[: max(1, d // 2)]] = 0.0
    y = X @ w + intercept + noise * rng.standard_normal(n)
    return X, y


SHAPES = {
    "tall": (200, 8),
    "square-ish": (30, 25),
    "wide": (20, 60),
    "single-feature": (15, 1),
}


@pytest.fixture(params=list(SHAPES), ids=list(SHAPES))
def problem(request):
    n, d = SHAPES[request.param]
    return make_problem(n, d, seed=len(request.param))


@pytest.fixture(scope="session")
def diabetes():
    from sklearn.datasets import load_diabetes

    data = load_diabetes()
    return data.data, data.target
