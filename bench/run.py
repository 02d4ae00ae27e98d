"""Speed of the `helpers` kernels, as ratios measured in one run (`make bench`).

For every kernel and shape: the time of `helpers` divided by the time of scikit-learn solving
the same problem to the same accuracy (coefficients within 1e-6 of each other; the table
prints the largest difference found). For gradient descent: the time of one full-batch
iteration divided by the time of the two matrix-vector products it cannot avoid
(``X @ w`` and ``X.T @ r``). A ratio below 1 means `helpers` is faster.

Times are the best of several repeats, which measures the code rather than the machine's
other work. Nothing here is asserted: timings belong in a benchmark, not in tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings

import numpy as np

import helpers

SHAPES = {"tall 20000x100": (20000, 100), "tall 100000x50": (100000, 50), "wide 500x2000": (500, 2000)}
AGREE = 1e-6


def best_time(fn, repeats):
    best = np.inf
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def best_times_interleaved(a, b, repeats):
    """Best-of-`repeats` times of `a` and `b`, alternating runs so both see the same load."""
    best = [np.inf, np.inf]
    outs = [None, None]
    for _ in range(repeats):
        for i, fn in enumerate((a, b)):
            t0 = time.perf_counter()
            outs[i] = fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return (best[0], outs[0]), (best[1], outs[1])


def make_data(n, d, seed=0):
    """Correlated Gaussian features and a sparse true weight vector (a realistic lasso case)."""
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((n, d))
    # neighbouring features share a common factor: correlation about 0.5
    X = base + 0.7 * np.roll(base, 1, axis=1)
    w_true = np.zeros(d)
    k = max(5, d // 10)
    w_true[rng.choice(d, size=k, replace=False)] = rng.standard_normal(k) * 3.0
    y = X @ w_true + 1.5 + rng.standard_normal(n)
    return X, y


def bench_kernels(repeats):
    from sklearn.linear_model import Lasso, LinearRegression, Ridge

    rows = []
    for label, (n, d) in SHAPES.items():
        X, y = make_data(n, d)
        alpha_max = helpers.lasso_alpha_max(X, y)
        cases = [
            ("fit_normal_equation", "LinearRegression",
             lambda: helpers.fit_normal_equation(X, y),
             lambda: _sk(LinearRegression().fit(X, y))),
            ("fit_ridge(alpha=1)", "Ridge(alpha=1)",
             lambda: helpers.fit_ridge(X, y, 1.0),
             lambda: _sk(Ridge(alpha=1.0).fit(X, y))),
            ("fit_lasso(0.05 alpha_max)", "Lasso",
             lambda: helpers.fit_lasso(X, y, 0.05 * alpha_max, tol=1e-10, max_iter=10000),
             lambda: _sk(Lasso(alpha=0.05 * alpha_max, tol=1e-10, max_iter=10000).fit(X, y))),
        ]
        for ours_name, sk_name, ours, theirs in cases:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # min-norm warning on wide data is expected
                (t_ours, (w1, b1)), (t_sk, (w2, b2)) = best_times_interleaved(ours, theirs, repeats)
            diff = max(float(np.max(np.abs(w1 - w2))), abs(b1 - b2))
            rows.append((label, ours_name, sk_name, t_ours, t_sk, diff))
    return rows


def _sk(model):
    return model.coef_, float(model.intercept_)


def bench_descent(repeats, n=200000, d=50, iters=(20, 120)):
    X, y = make_data(n, d, seed=1)
    X = helpers.Standardizer().fit_transform(X)
    eta = 0.5 * helpers.stability_limit(X)
    w = np.zeros(d)
    r = np.empty(n)

    def two_matvecs():
        for _ in range(iters[1] - iters[0]):
            np.matmul(X, w, out=r)
            X.T @ r

    def run(k):
        return lambda: helpers.gradient_descent(X, y, learning_rate=eta, n_iters=k, tol=0.0)

    t_short, _ = best_time(run(iters[0]), repeats)
    t_long, res = best_time(run(iters[1]), repeats)
    assert res.n_iter == iters[1], res
    # the difference of two run lengths isolates the per-iteration cost from the set-up
    per_iter = (t_long - t_short) / (iters[1] - iters[0])
    t_mv, _ = best_time(two_matvecs, repeats)
    per_mv = t_mv / (iters[1] - iters[0])
    return per_iter, per_mv


def bench_streaming(repeats, n=200000, d=50, rows=10000):
    """The normal equations streamed in chunks of `rows`, against the one Gram product
    ``X^T X`` that any normal-equation method must compute, and against scikit-learn."""
    from sklearn.linear_model import LinearRegression

    X, y = make_data(n, d, seed=2)

    def streamed():
        stats = helpers.NormalEquations(d)
        for start in range(0, n, rows):
            stats.update(X[start:start + rows], y[start:start + rows])
        return stats.solve()

    t_stream, (w, b) = best_time(streamed, repeats)
    t_gram, _ = best_time(lambda: X.T @ X, repeats)
    t_sk, ref = best_time(lambda: LinearRegression().fit(X, y), repeats)
    diff = float(np.max(np.abs(w - ref.coef_)))
    return t_stream, t_gram, t_sk, diff


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import sklearn

    return (f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, "
            f"NumPy {np.__version__}, scikit-learn {sklearn.__version__}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    print(f"times are the best of {args.repeats} repeats; ratio = helpers / reference\n")
    print("| data | helpers | scikit-learn | helpers (ms) | sklearn (ms) | ratio | max coef diff |")
    print("|---|---|---|---:|---:|---:|---:|")
    worst = 0.0
    for label, ours, sk, t1, t2, diff in bench_kernels(args.repeats):
        flag = "" if diff <= AGREE else "  (accuracy differs!)"
        worst = max(worst, diff)
        print(f"| {label} | {ours} | {sk} | {1e3 * t1:.1f} | {1e3 * t2:.1f} | "
              f"{t1 / t2:.2f}x | {diff:.1e}{flag} |")
    per_iter, per_mv = bench_descent(args.repeats)
    print(f"\ngradient descent, 200000x50, full batch: one iteration {1e3 * per_iter:.2f} ms, "
          f"two matrix-vector products {1e3 * per_mv:.2f} ms, ratio {per_iter / per_mv:.2f}x")
    t_stream, t_gram, t_sk, diff = bench_streaming(args.repeats)
    worst = max(worst, diff)
    print(f"NormalEquations, 200000x50 in chunks of 10000 rows: {1e3 * t_stream:.2f} ms, "
          f"one in-memory X^T X {1e3 * t_gram:.2f} ms (ratio {t_stream / t_gram:.2f}x), "
          f"LinearRegression {1e3 * t_sk:.2f} ms (ratio {t_stream / t_sk:.2f}x), "
          f"max coef diff {diff:.1e}")
    return 0 if worst <= AGREE else 1


if __name__ == "__main__":
    sys.exit(main())
