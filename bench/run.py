"""Speed of the `helpers` kernels, as ratios measured in one run (`make bench`).

For every kernel and shape: the time of `helpers` divided by the time of scikit-learn solving
the same problem (a ratio below 1 means `helpers` is faster), the largest coefficient
difference between the two, and, for the iterative solvers, the duality gap each one reached,
computed by one function for both (:func:`certified_gap`), relative to ``||y_c||^2``: both
solvers stop once it is at most `tol`, so the comparison is at an equal certified gap. For
gradient descent: the time of one full-batch iteration divided by the time of the two
matrix-vector products it cannot avoid; for the normal equations, the time divided by one
``X.T @ X``.

Two modes: ``cpu1`` runs every BLAS call on one thread and measures CPU time
(``time.process_time``), which is the least disturbed by other work on the machine;
``default`` measures wall-clock time with the default number of threads, what a user sees.
Times are the best of several repeats, the two sides interleaved so both see the same load
(fewer repeats when a single run takes seconds). Nothing here is asserted: timings belong
in a benchmark, not in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import sys
import time
import warnings

import numpy as np
from threadpoolctl import threadpool_limits

import helpers

# existing shapes: least squares, ridge and the lasso at 0.05 alpha_max
SHAPES = {"tall 20000x100": (20000, 100), "tall 100000x50": (100000, 50),
          "wide 500x2000": (500, 2000)}
# the sparse solvers on every kind of shape
SPARSE_SHAPES = {"wide 200x5000": (200, 5000), "square 1000x1000": (1000, 1000),
                 "wide 50x10000": (50, 10000), "tall 5000x500": (5000, 500)}
FRACTIONS = (0.5, 0.1, 0.01)  # alpha / alpha_max
TOLS = (1e-4, 1e-10)
ENET_SHAPES = ("wide 200x5000", "wide 50x10000")
L1_RATIO = 0.5
RIDGE_ALPHAS = np.logspace(-3, 3, 30)
AGREE = 1e-6  # exact solvers must agree to this; iterative ones are judged by their gaps
TIME_BUDGET = 2.0  # seconds: fewer repeats for slower cases


class Clock:
    """The timer and thread setting of one mode."""

    def __init__(self, mode):
        self.mode = mode
        self.now = time.process_time if mode == "cpu1" else time.perf_counter

    def threads(self):
        return threadpool_limits(1) if self.mode == "cpu1" else contextlib.nullcontext()


def best_times(clock, fns, repeats):
    """Best-of-`repeats` times of each function in `fns`, run in turn so all see the same
    load; one run only when the first round already took more than `TIME_BUDGET`."""
    best = [np.inf] * len(fns)
    outs = [None] * len(fns)
    for rep in range(repeats):
        for i, fn in enumerate(fns):
            t0 = clock.now()
            outs[i] = fn()
            best[i] = min(best[i], clock.now() - t0)
        if rep == 0 and sum(best) * repeats > TIME_BUDGET:
            repeats = max(1, int(TIME_BUDGET / sum(best)))
            if repeats == 1:
                break
    return best, outs


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


def certified_gap(X, y, w, alpha, l1_ratio=1.0):
    """The duality gap of scikit-learn's (n-scaled) elastic net at `w`, over ``||y_c||^2``.

    The primal ``P(w) = 1/2 ||R||^2 + l1 ||w||_1 + l2/2 ||w||^2`` with ``R = y_c - X_c w``,
    ``l1 = n alpha l1_ratio``, ``l2 = n alpha (1 - l1_ratio)``, against the dual at the
    residual rescaled into the feasible set ``|X_c^T theta - l2 w| <= l1`` (the certificate
    scikit-learn's coordinate descent stops on); with an L2 part, also against the
    unconstrained dual at the residual itself, and the smaller gap is reported. Any dual
    point certifies, and the same function serves both solvers.
    """
    n = X.shape[0]
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    R = yc - Xc @ w
    l1, l2 = n * alpha * l1_ratio, n * alpha * (1.0 - l1_ratio)
    RR, Ry, ww, w1 = R @ R, R @ yc, w @ w, np.abs(w).sum()
    primal = 0.5 * RR + l1 * w1 + 0.5 * l2 * ww
    XtR = Xc.T @ R
    dual_norm = np.max(np.abs(XtR - l2 * w))
    scale = min(1.0, l1 / dual_norm) if dual_norm > 0 else 1.0
    gap = primal - (-0.5 * scale**2 * (RR + l2 * ww) + scale * Ry)
    if l2 > 0:
        excess = np.maximum(np.abs(XtR) - l1, 0.0)
        dual_b = 0.5 * (yc @ yc) - 0.5 * ((yc - R) @ (yc - R)) - 0.5 * (excess @ excess) / l2
        gap = min(gap, primal - dual_b)
    return max(gap, 0.0) / (yc @ yc)


def _sk(model):
    return model.coef_, float(model.intercept_)


def bench_exact(clock, repeats):
    """Least squares, ridge and the lasso at 0.05 alpha_max (tol 1e-10) on the original shapes."""
    from sklearn.linear_model import Lasso, LinearRegression, Ridge

    rows = []
    for label, (n, d) in SHAPES.items():
        X, y = make_data(n, d)
        alpha = 0.05 * helpers.lasso_alpha_max(X, y)
        cases = [
            ("fit_normal_equation", "LinearRegression",
             lambda: helpers.fit_normal_equation(X, y),
             lambda: _sk(LinearRegression().fit(X, y))),
            ("fit_ridge(alpha=1)", "Ridge(alpha=1)",
             lambda: helpers.fit_ridge(X, y, 1.0),
             lambda: _sk(Ridge(alpha=1.0).fit(X, y))),
            ("fit_lasso(0.05 alpha_max)", "Lasso",
             lambda: helpers.fit_lasso(X, y, alpha, tol=1e-10, max_iter=10000),
             lambda: _sk(Lasso(alpha=alpha, tol=1e-10, max_iter=10000).fit(X, y))),
        ]
        for ours_name, sk_name, ours, theirs in cases:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # min-norm warning on wide data is expected
                (t_ours, t_sk), ((w1, b1), (w2, b2)) = best_times(clock, (ours, theirs), repeats)
            diff = max(float(np.max(np.abs(w1 - w2))), abs(b1 - b2))
            rows.append((label, ours_name, sk_name, t_ours, t_sk, diff))
    return rows


def bench_sparse(clock, repeats):
    """The lasso on every shape, alpha fraction and tolerance."""
    from sklearn.linear_model import Lasso

    rows = []
    for label, (n, d) in SPARSE_SHAPES.items():
        X, y = make_data(n, d)
        alpha_max = helpers.lasso_alpha_max(X, y)
        for frac in FRACTIONS:
            for tol in TOLS:
                alpha = frac * alpha_max
                (t_ours, t_sk), ((w1, _), (w2, _)) = best_times(clock, (
                    lambda: helpers.fit_lasso(X, y, alpha, tol=tol, max_iter=100000),
                    lambda: _sk(Lasso(alpha=alpha, tol=tol, max_iter=100000).fit(X, y)),
                ), repeats)
                rows.append((label, f"{frac:g}", f"{tol:g}", t_ours, t_sk,
                             float(np.max(np.abs(w1 - w2))),
                             certified_gap(X, y, w1, alpha), certified_gap(X, y, w2, alpha)))
    return rows


def bench_enet(clock, repeats):
    """The elastic net (l1_ratio 0.5) on wide data; alpha_max is the lasso's over l1_ratio."""
    from sklearn.linear_model import ElasticNet

    rows = []
    for label in ENET_SHAPES:
        X, y = make_data(*SPARSE_SHAPES[label])
        alpha_max = helpers.lasso_alpha_max(X, y) / L1_RATIO
        for frac in FRACTIONS:
            for tol in TOLS:
                alpha = frac * alpha_max
                (t_ours, t_sk), ((w1, _), (w2, _)) = best_times(clock, (
                    lambda: helpers.fit_elastic_net(X, y, alpha, L1_RATIO, tol=tol,
                                                    max_iter=100000),
                    lambda: _sk(ElasticNet(alpha=alpha, l1_ratio=L1_RATIO, tol=tol,
                                           max_iter=100000).fit(X, y)),
                ), repeats)
                rows.append((label, f"{frac:g}", f"{tol:g}", t_ours, t_sk,
                             float(np.max(np.abs(w1 - w2))),
                             certified_gap(X, y, w1, alpha, L1_RATIO),
                             certified_gap(X, y, w2, alpha, L1_RATIO)))
    return rows


def bench_paths(clock, repeats):
    """`lasso_path` (100 alphas down to 1e-3 alpha_max) against scikit-learn's `lasso_path`
    on the same alphas; scikit-learn's has no intercept, so it is given centred data and
    the centring is timed with it. The gaps are the worst along the path."""
    from sklearn.linear_model import lasso_path

    rows = []
    for label, (n, d) in SPARSE_SHAPES.items():
        X, y = make_data(n, d)
        alphas = helpers.lasso_alpha_max(X, y) * np.logspace(0, -3, 100)
        for tol in TOLS:
            (t_ours, t_sk), ((_, c1, _), (_, c2, _)) = best_times(clock, (
                lambda: helpers.lasso_path(X, y, alphas, tol=tol, max_iter=100000),
                lambda: lasso_path(X - X.mean(axis=0), y - y.mean(), alphas=alphas, tol=tol,
                                   max_iter=100000),
            ), repeats)
            c2 = c2.T
            gaps = [max(certified_gap(X, y, coefs[k], alphas[k]) for k in range(alphas.size))
                    for coefs in (c1, c2)]
            rows.append((label, "path", f"{tol:g}", t_ours, t_sk,
                         float(np.max(np.abs(c1 - c2))), *gaps))
    return rows


def bench_ridge_path(clock, repeats):
    """`ridge_path` over 30 alphas against a loop of scikit-learn's Ridge, one fit per alpha."""
    from sklearn.linear_model import Ridge

    def loop(X, y):
        fits = [Ridge(alpha=a).fit(X, y) for a in RIDGE_ALPHAS]
        return np.array([m.coef_ for m in fits]), np.array([m.intercept_ for m in fits])

    rows = []
    for label, (n, d) in {**SPARSE_SHAPES, "tall 20000x100": SHAPES["tall 20000x100"]}.items():
        X, y = make_data(n, d)
        (t_ours, t_sk), ((c1, b1), (c2, b2)) = best_times(clock, (
            lambda: helpers.ridge_path(X, y, RIDGE_ALPHAS), lambda: loop(X, y)), repeats)
        diff = max(float(np.max(np.abs(c1 - c2))), float(np.max(np.abs(b1 - b2))))
        rows.append((label, t_ours, t_sk, diff))
    return rows


def bench_descent(clock, repeats, n=200000, d=50, iters=(20, 120)):
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

    (t_short, t_long, t_mv), (_, res, _) = best_times(
        clock, (run(iters[0]), run(iters[1]), two_matvecs), repeats)
    assert res.n_iter == iters[1], res
    # the difference of two run lengths isolates the per-iteration cost from the set-up
    steps = iters[1] - iters[0]
    return (t_long - t_short) / steps, t_mv / steps


def bench_normal_equations(clock, repeats, rows=10000):
    """`fit_normal_equation` in memory and `NormalEquations` streamed in chunks of `rows`,
    each against the one Gram product ``X^T X`` that any normal-equation method must
    compute, and against scikit-learn."""
    from sklearn.linear_model import LinearRegression

    out = []
    for n, d in ((20000, 100), (200000, 50)):
        X, y = make_data(n, d, seed=2)

        def streamed():
            stats = helpers.NormalEquations(d)
            for start in range(0, n, rows):
                stats.update(X[start:start + rows], y[start:start + rows])
            return stats.solve()

        (t_fit, t_stream, t_gram, t_sk), ((w, _), (w_s, _), _, ref) = best_times(clock, (
            lambda: helpers.fit_normal_equation(X, y), streamed, lambda: X.T @ X,
            lambda: LinearRegression().fit(X, y)), repeats)
        diff = max(float(np.max(np.abs(w - ref.coef_))), float(np.max(np.abs(w_s - ref.coef_))))
        out.append((f"{n}x{d}", t_fit, t_stream, t_gram, t_sk, diff))
    return out


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


def load_average():
    try:
        return "load average %.2f, %.2f, %.2f (1, 5, 15 min)" % os.getloadavg()
    except OSError:  # pragma: no cover - not on every platform
        return "load average unavailable"


def _ms(t):
    return f"{1e3 * t:.1f}"


def run_mode(mode, repeats):
    clock = Clock(mode)
    what = ("one BLAS thread, CPU time" if mode == "cpu1"
            else "default threads, wall-clock time")
    print(f"\n## mode {mode}: {what}; {load_average()}\n")
    worst = 0.0
    with clock.threads():
        print("| data | helpers | scikit-learn | helpers (ms) | sklearn (ms) | ratio | "
              "max coef diff |")
        print("|---|---|---|---:|---:|---:|---:|")
        for label, ours, sk, t1, t2, diff in bench_exact(clock, repeats):
            flag = "" if diff <= AGREE else "  (accuracy differs!)"
            worst = max(worst, diff)
            print(f"| {label} | {ours} | {sk} | {_ms(t1)} | {_ms(t2)} | {t1 / t2:.2f}x | "
                  f"{diff:.1e}{flag} |")

        print("\nThe lasso (`fit_lasso` against `Lasso`), the path (`lasso_path`, 100 alphas, "
              "against `lasso_path`) and the elastic net (`fit_elastic_net`, l1_ratio 0.5, "
              "against `ElasticNet`); gaps relative to ||y_c||^2, the path's the worst of its "
              "100:\n")
        print("| data | solver | alpha / alpha_max | tol | helpers (ms) | sklearn (ms) | ratio | "
              "max coef diff | gap helpers | gap sklearn |")
        print("|---|---|---|---|---:|---:|---:|---:|---:|---:|")
        sparse = ([("lasso", row) for row in bench_sparse(clock, repeats)]
                  + [("lasso_path", row) for row in bench_paths(clock, repeats)]
                  + [("elastic net", row) for row in bench_enet(clock, repeats)])
        for solver, (label, frac, tol, t1, t2, diff, g1, g2) in sparse:
            print(f"| {label} | {solver} | {frac} | {tol} | {_ms(t1)} | {_ms(t2)} | "
                  f"{t1 / t2:.2f}x | {diff:.1e} | {g1:.1e} | {g2:.1e} |")

        print(f"\n`ridge_path` over {RIDGE_ALPHAS.size} alphas against one `Ridge` fit per "
              "alpha:\n")
        print("| data | helpers (ms) | sklearn (ms) | ratio | max coef diff |")
        print("|---|---:|---:|---:|---:|")
        for label, t1, t2, diff in bench_ridge_path(clock, repeats):
            worst = max(worst, diff)
            print(f"| {label} | {_ms(t1)} | {_ms(t2)} | {t1 / t2:.2f}x | {diff:.1e} |")

        per_iter, per_mv = bench_descent(clock, repeats)
        print(f"\ngradient descent, 200000x50, full batch: one iteration {1e3 * per_iter:.2f} "
              f"ms, two matrix-vector products {1e3 * per_mv:.2f} ms, ratio "
              f"{per_iter / per_mv:.2f}x")
        for shape, t_fit, t_stream, t_gram, t_sk, diff in bench_normal_equations(clock, repeats):
            worst = max(worst, diff)
            print(f"normal equations, {shape}: one X^T X {_ms(t_gram)} ms; fit_normal_equation "
                  f"{_ms(t_fit)} ms ({t_fit / t_gram:.2f}x X^T X, {t_fit / t_sk:.2f}x "
                  f"LinearRegression); NormalEquations in chunks of 10000 rows "
                  f"{_ms(t_stream)} ms ({t_stream / t_gram:.2f}x X^T X, "
                  f"{t_stream / t_sk:.2f}x LinearRegression); max coef diff {diff:.1e}")
    print(f"\n{load_average()}")
    return worst


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--modes", default="cpu1,default",
                        help="comma-separated: cpu1 (one thread, CPU time), default")
    args = parser.parse_args(argv)
    print(f"machine: {machine()}")
    print(f"times are the best of up to {args.repeats} repeats; ratio = helpers / reference")
    worst = max(run_mode(mode, args.repeats) for mode in args.modes.split(","))
    return 0 if worst <= AGREE else 1


if __name__ == "__main__":
    sys.exit(main())
