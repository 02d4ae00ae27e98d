"""Chapter 10, larger than memory and distributed: streamed normal equations, mini-batches."""

from __future__ import annotations

import numpy as np

from .cases import Case, design_matrix, regression_data, SHAPES
from .compare import ANY
from .exercise import FunctionExercise, ValueExercise
from .mistakes import Mistake

# ---------------------------------------------------------------------------------------------
# level A: sizes


def memory_sizes():
    """MiB of a 4096-feature Gram matrix, GB of 1e9 x 100 data, rows in 64 MiB."""
    bytes_per_number = 8  # float64
    # d x d numbers, whatever n is: 128 MiB
    gram_mib = 4096 * 4096 * bytes_per_number / 2**20
    data_gb = 1e9 * 100 * bytes_per_number / 1e9  # n x d numbers: 800 GB
    row_bytes = (20 + 1) * bytes_per_number  # 20 features and the target
    chunk_rows = (64 * 2**20) // row_bytes  # whole rows only: round down
    return float(gram_mib), float(data_gb), int(chunk_rows)


MEMORY_SIZES = ValueExercise(
    id="memory_sizes",
    chapter=10,
    level="A",
    title="What fits where",
    label="ch10-ex-memory",
    task=(
        "In float64 (8 bytes a number), compute (a) the size in MiB (2^20 bytes) of the Gram "
        "matrix X^T X for d = 4096 features, (b) the size in GB (10^9 bytes) of a data set of "
        "10^9 rows and 100 features, and (c) the largest whole number of rows of 20 features "
        "plus their target that fit in a chunk of 64 MiB."
    ),
    answer_format="a tuple `(gram_mib, data_gb, chunk_rows)` of three numbers",
    outputs=("gram_mib", "data_gb", "chunk_rows"),
    reference=memory_sizes,
    hints=(
        "Count the numbers first (d^2 for the Gram matrix, n d for the data, 21 per row), "
        "then multiply by 8 bytes.",
        "1 MiB is 2^20 = 1 048 576 bytes; 1 GB is 10^9 bytes.",
        "The chunk holds 64 * 2^20 bytes; divide by the bytes of one row and round down.",
    ),
    mistakes=(
        Mistake(
            "numbers_not_bytes",
            (16.0, ANY, ANY),
            "Your Gram matrix size counts numbers, not bytes: 4096^2 is 16 Mi numbers, and each "
            "float64 takes 8 bytes.",
            "Multiply the count of numbers by 8 before converting to MiB.",
        ),
        Mistake(
            "megabytes_not_mebibytes",
            (4096 * 4096 * 8 / 1e6, ANY, ANY),
            "You divided by 10^6 (megabytes, MB) where the question asks for mebibytes (MiB, "
            "2^20 bytes): the two differ by about 5 %.",
            "Divide the bytes by 2^20 = 1 048 576.",
        ),
        Mistake(
            "target_forgotten",
            (ANY, ANY, (64 * 2**20) // (20 * 8)),
            "Your chunk counts 20 numbers a row, but each row also stores its target: 21 numbers, "
            "168 bytes.",
            "Divide 64 * 2^20 by (20 + 1) * 8.",
        ),
        Mistake(
            "decimal_budget",
            (ANY, ANY, 64_000_000 // (21 * 8)),
            "You took 64 MiB as 64 * 10^6 bytes; a mebibyte is 2^20 bytes, so the chunk holds "
            "64 * 1 048 576 bytes.",
            "Use 64 * 2**20 bytes for the budget.",
        ),
    ),
)


def merge_by_hand():
    """Pool two shards' (count, mean, M): 3, 2, 8 and 5, 6, 20."""
    n_a, mean_a, m_a = 3, 2.0, 8.0
    n_b, mean_b, m_b = 5, 6.0, 20.0
    n = n_a + n_b  # 8
    delta = mean_b - mean_a  # 4: the gap between the two means
    mean = mean_a + delta * n_b / n  # 2 + 4 * 5/8 = 4.5
    m = m_a + m_b + n_a * n_b / n * delta**2  # 28 + (15/8) * 16 = 58
    return float(mean), float(m), float(m / n)  # variance 58 / 8 = 7.25


MERGE_BY_HAND = ValueExercise(
    id="merge_by_hand",
    chapter=10,
    level="A",
    title="Two shards merged by hand",
    label="ch10-ex-merge-by-hand",
    task=(
        "One feature is split over two shards. Shard a has n_a = 3 values with mean 2 and sum "
        "of squared deviations from its mean M_a = 8; shard b has n_b = 5 values with mean 6 "
        "and M_b = 20. Compute, for all 8 values together, the mean, the sum of squared "
        "deviations M from that mean, and the population variance M / n."
    ),
    answer_format="a tuple `(mean, M, variance)` of three numbers",
    outputs=("mean", "M", "variance"),
    reference=merge_by_hand,
    hints=(
        "The pooled mean weights each shard's mean by its count.",
        "Each shard's squared deviations about the pooled mean are its own M plus its count "
        "times the squared distance from its mean to the pooled mean.",
        "Together the two extra terms are (n_a n_b / n) times the squared gap between the "
        "shard means.",
    ),
    mistakes=(
        Mistake(
            "cross_term_missing",
            (ANY, 28.0, 3.5),
            "You added M_a + M_b only. Each shard measured its deviations from its own mean, "
            "which is not the pooled mean: the spread between the two means (2 and 6) is "
            "missing.",
            "Add (n_a n_b / n) (mean_b - mean_a)^2 = (15 / 8) * 16.",
        ),
        Mistake(
            "means_averaged",
            (4.0, ANY, ANY),
            "You averaged the two means as if the shards were the same size: 3 values pull "
            "less than 5.",
            "mean = (n_a mean_a + n_b mean_b) / n = (6 + 30) / 8.",
        ),
        Mistake(
            "cross_term_not_divided",
            (ANY, 268.0, 33.5),
            "Your extra term is n_a n_b (mean_b - mean_a)^2 = 240: it must be divided by "
            "n = 8.",
            "The extra term is (n_a n_b / n) times the squared gap.",
        ),
        Mistake(
            "sample_variance",
            (ANY, ANY, 58.0 / 7.0),
            "You divided M by n - 1 = 7 (the sample variance); the question asks for the "
            "population variance M / n.",
            "Divide M by n = 8.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: the residual sum of squares from the statistics


def _statistics(X, y):
    """Count, means and centred sums of a data set, computed in two passes."""
    x_mean, y_mean = X.mean(axis=0), float(y.mean())
    Xc, yc = X - x_mean, y - y_mean
    return X.shape[0], x_mean, y_mean, Xc.T @ Xc, Xc.T @ yc, float(yc @ yc)


def _rss_cases(rng):
    cases = []
    for n, d in SHAPES:
        X, y, w, b = regression_data(rng, n, d)
        n_rows, x_mean, y_mean, gram, xty, yy = _statistics(X, y)
        cases.append(Case(
            (n_rows, x_mean, y_mean, gram, xty, yy, w, b),
            ("n", "x_mean", "y_mean", "gram", "xty", "yy", "w", "b"),
            n=n,
            label=f"statistics of n = {n} rows and d = {d} feature(s), and a random (w, b)",
        ))
    return cases


def rss_from_statistics(n, x_mean, y_mean, gram, xty, yy, w, b):
    """||y - X w - b||^2 from the count, the means and the centred sums alone."""
    c = y_mean - x_mean @ w - b  # the mean of the residuals, a number
    # the centred part of the residual, y_c - X_c w, has squared norm
    # yy - 2 w.xty + w.G w; the cross term with the constant c vanishes because
    # centred columns sum to zero
    return float(yy - 2.0 * (w @ xty) + w @ gram @ w + n * c**2)


def _rss_no_mean_term(n, x_mean, y_mean, gram, xty, yy, w, b):
    return float(yy - 2.0 * (w @ xty) + w @ gram @ w)


def _rss_mean_term_not_scaled(n, x_mean, y_mean, gram, xty, yy, w, b):
    c = y_mean - x_mean @ w - b
    return float(yy - 2.0 * (w @ xty) + w @ gram @ w + c**2)


def _rss_plus_cross(n, x_mean, y_mean, gram, xty, yy, w, b):
    c = y_mean - x_mean @ w - b
    return float(yy + 2.0 * (w @ xty) + w @ gram @ w + n * c**2)


def _rss_cross_once(n, x_mean, y_mean, gram, xty, yy, w, b):
    c = y_mean - x_mean @ w - b
    return float(yy - (w @ xty) + w @ gram @ w + n * c**2)


RSS_FROM_STATISTICS = FunctionExercise(
    id="rss_from_statistics",
    chapter=10,
    level="C",
    title="The residual sum of squares without the data",
    label="ch10-ex-rss",
    task=(
        "Write `rss_from_statistics(n, x_mean, y_mean, gram, xty, yy, w, b)` returning "
        "||y - X w - b||^2 for any weights `w` and intercept `b`, from the count n, the means, "
        "gram = X_c^T X_c, xty = X_c^T y_c and yy = y_c^T y_c (X_c and y_c centred on their "
        "means) alone."
    ),
    answer_format="a function `rss_from_statistics(n, x_mean, y_mean, gram, xty, yy, w, b)` "
    "returning a number",
    outputs=("rss",),
    reference=rss_from_statistics,
    make_cases=_rss_cases,
    cases_summary="statistics of n from 1 to 30 rows and d from 1 to 7 features, with (w, b) "
    "far from the least-squares fit",
    hints=(
        "Write each residual as (y_i - y_mean) - (x_i - x_mean)^T w + c, with the constant "
        "c = y_mean - x_mean^T w - b.",
        "Expand the square and sum over i: the terms linear in the centred data sum to zero.",
        "What is left: yy - 2 w^T xty + w^T gram w + n c^2.",
    ),
    mistakes=(
        Mistake(
            "mean_term_missing",
            _rss_no_mean_term,
            "Your RSS leaves out n c^2 with c = y_mean - x_mean^T w - b, the squared mean of "
            "the residuals. It is zero only when b is the least-squares intercept for this w; "
            "for any other (w, b) the residuals do not average to zero.",
            "Add n * (y_mean - x_mean @ w - b)**2.",
        ),
        Mistake(
            "mean_term_not_scaled",
            _rss_mean_term_not_scaled,
            "Your mean term is c^2, once: every one of the n residuals carries the constant c, "
            "so the sum of squares gains n c^2.",
            "Multiply c**2 by n.",
        ),
        Mistake(
            "cross_term_sign",
            _rss_plus_cross,
            "Your cross term has the wrong sign: the centred residual is y_c - X_c w, whose "
            "squared norm is yy - 2 w^T xty + w^T gram w.",
            "Subtract 2 * w @ xty.",
        ),
        Mistake(
            "cross_term_once",
            _rss_cross_once,
            "Your cross term is w^T xty once: (a - b)^2 = a^2 - 2ab + b^2 has it twice.",
            "Subtract 2 * w @ xty.",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: merging two summaries


def _merge_cases(rng):
    cases = []
    for n_a, n_b, d, offset in ((1, 1, 1, 0.0), (1, 6, 3, 0.0), (5, 2, 1, 4.0),
                                (4, 9, 2, -3.0), (12, 30, 4, 1e3), (40, 7, 5, 2.0)):
        # two data sets drawn from different places, so the two means differ
        X_a = design_matrix(rng, n_a, d) + offset
        X_b = design_matrix(rng, n_b, d) + offset + rng.normal(0.0, 2.0, size=d)
        parts = []
        for X in (X_a, X_b):
            mean = X.mean(axis=0)
            Xc = X - mean
            parts.append((X.shape[0], mean, Xc.T @ Xc))
        cases.append(Case(
            (parts[0], parts[1]),
            ("a", "b"),
            label=f"a = statistics of {n_a} row(s), b = of {n_b} row(s), d = {d} feature(s)"
            + (f", means near {offset:g}" if offset else ""),
        ))
    return cases


def merge_statistics(a, b):
    """Count, mean and centred Gram matrix of two data sets together (Chan et al.)."""
    n_a, mean_a, G_a = a
    n_b, mean_b, G_b = b
    n = n_a + n_b
    delta = mean_b - mean_a  # the gap between the two means, shape (d,)
    mean = mean_a + delta * (n_b / n)  # the pooled mean: weighted by the counts
    # each part's scatter about its own mean, plus the scatter of the two means about
    # the pooled one, which adds up to (n_a n_b / n) delta delta^T
    G = G_a + G_b + (n_a * n_b / n) * np.outer(delta, delta)
    return n, mean, G


def _merge_no_cross(a, b):
    n, mean, _ = merge_statistics(a, b)
    return n, mean, a[2] + b[2]


def _merge_swapped_weights(a, b):
    n, _, G = merge_statistics(a, b)
    return n, (a[0] * b[1] + b[0] * a[1]) / n, G


def _merge_variance_factor(a, b):
    n, mean, _ = merge_statistics(a, b)
    delta = b[1] - a[1]
    return n, mean, a[2] + b[2] + (a[0] * b[0] / n**2) * np.outer(delta, delta)


def _merge_uncentred(a, b):
    n, mean, _ = merge_statistics(a, b)
    raw = a[2] + a[0] * np.outer(a[1], a[1]) + b[2] + b[0] * np.outer(b[1], b[1])
    return n, mean, raw


MERGE_STATISTICS = FunctionExercise(
    id="merge_statistics",
    chapter=10,
    level="C",
    title="Merging two summaries",
    label="ch10-ex-merge",
    task=(
        "Write `merge_statistics(a, b)`. Each argument is a triple `(n, mean, G)` summarizing "
        "one data set: its number of rows, its mean (shape (d,)) and its centred Gram matrix "
        "G = sum_i (x_i - mean)(x_i - mean)^T (shape (d, d)). Return the triple of the two "
        "data sets together, without the rows."
    ),
    answer_format="a function `merge_statistics(a, b)` returning `(n, mean, G)`: a number, an "
    "array of shape (d,) and an array of shape (d, d)",
    outputs=("n", "mean", "G"),
    reference=merge_statistics,
    make_cases=_merge_cases,
    cases_summary="parts of 1 to 40 rows, d from 1 to 5 features, means near 0 and near 1000",
    hints=(
        "The pooled mean is the count-weighted average of the two means.",
        "Centred on the pooled mean, part a contributes G_a + n_a (mean_a - mean)(mean_a - "
        "mean)^T, and likewise part b.",
        "Writing delta = mean_b - mean_a, the two extra terms add up to "
        "(n_a n_b / n) delta delta^T: use `np.outer(delta, delta)`.",
    ),
    mistakes=(
        Mistake(
            "cross_term_missing",
            _merge_no_cross,
            "Your G is G_a + G_b. Each part is centred on its own mean, not on the pooled one, "
            "so the spread between the two means is missing.",
            "Add (n_a * n_b / n) * np.outer(delta, delta) with delta = mean_b - mean_a.",
        ),
        Mistake(
            "weights_swapped",
            _merge_swapped_weights,
            "Your pooled mean weights mean_a by n_b and mean_b by n_a: the larger part must "
            "pull harder, so mean_a goes with n_a.",
            "mean = (n_a * mean_a + n_b * mean_b) / n.",
        ),
        Mistake(
            "variance_factor",
            _merge_variance_factor,
            "Your extra term is (n_a n_b / n^2) delta delta^T, the factor for merging "
            "variances (sums divided by n). G is a sum of squares, not divided by n, so the "
            "factor is n_a n_b / n.",
            "Use (n_a * n_b / n) * np.outer(delta, delta).",
        ),
        Mistake(
            "uncentred",
            _merge_uncentred,
            "Your G is the uncentred sum of x x^T (each part's G plus n times its mean's outer "
            "product). The triple holds sums about the mean: subtract n mean mean^T, or better, "
            "never form the raw sum at all.",
            "G = G_a + G_b + (n_a * n_b / n) * np.outer(delta, delta).",
        ),
    ),
)


# ---------------------------------------------------------------------------------------------
# level C: one epoch of mini-batch descent


def _epoch_cases(rng):
    cases = []
    for (n, d), batch_size, learning_rate in zip(
        SHAPES, (1, 2, 2, 4, 3, 8), (0.01, 0.005, 0.01, 0.005, 0.002, 0.003)
    ):
        X, y, w, b = regression_data(rng, n, d)
        cases.append(Case(
            (X, y, w, b, learning_rate, batch_size),
            ("X", "y", "w", "b", "learning_rate", "batch_size"),
            n=n,
        ))
    return cases


def minibatch_epoch(X, y, w, b, learning_rate, batch_size):
    """One pass of mini-batch gradient descent on the MSE, batches in row order."""
    w = np.array(w, dtype=float)  # a copy: the caller's `w` stays as it was
    b = float(b)
    for start in range(0, X.shape[0], batch_size):
        Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
        m = yb.shape[0]  # the last batch may be shorter than batch_size
        r = Xb @ w + b - yb  # residuals of this batch, shape (m,)
        grad_w = 2.0 / m * (Xb.T @ r)  # gradient of this batch's MSE
        grad_b = 2.0 / m * r.sum()
        w = w - learning_rate * grad_w
        b = b - learning_rate * grad_b
    return w, b


def _epoch_generic(X, y, w, b, learning_rate, batch_size, *, divisor=None, sign=1.0,
                   factor=2.0, drop_last=False):
    w = np.array(w, dtype=float)
    b = float(b)
    n = X.shape[0]
    stop = n - n % batch_size if drop_last else n
    for start in range(0, stop, batch_size):
        Xb, yb = X[start:start + batch_size], y[start:start + batch_size]
        m = yb.shape[0] if divisor is None else divisor(yb.shape[0], batch_size)
        r = Xb @ w + b - yb
        w = w - sign * learning_rate * factor / m * (Xb.T @ r)
        b = b - sign * learning_rate * factor / m * r.sum()
    return w, b


def _epoch_summed(X, y, w, b, learning_rate, batch_size):
    return _epoch_generic(X, y, w, b, learning_rate, batch_size, divisor=lambda m, bs: 1.0)


def _epoch_ascent(X, y, w, b, learning_rate, batch_size):
    return _epoch_generic(X, y, w, b, learning_rate, batch_size, sign=-1.0)


def _epoch_no_two(X, y, w, b, learning_rate, batch_size):
    return _epoch_generic(X, y, w, b, learning_rate, batch_size, factor=1.0)


def _epoch_batch_size_divisor(X, y, w, b, learning_rate, batch_size):
    return _epoch_generic(X, y, w, b, learning_rate, batch_size, divisor=lambda m, bs: bs)


def _epoch_drop_last(X, y, w, b, learning_rate, batch_size):
    return _epoch_generic(X, y, w, b, learning_rate, batch_size, drop_last=True)


MINIBATCH_EPOCH = FunctionExercise(
    id="minibatch_epoch",
    chapter=10,
    level="C",
    title="One epoch of mini-batch descent",
    label="ch10-ex-minibatch",
    task=(
        "Write `minibatch_epoch(X, y, w, b, learning_rate, batch_size)`: one pass over the "
        "rows in the order given, in consecutive batches of `batch_size` rows (the last batch "
        "holds whatever is left). For each batch, compute the gradient of that batch's mean "
        "squared error at the current (w, b) and take one step w <- w - learning_rate * "
        "grad_w, b <- b - learning_rate * grad_b. Return the final `(w, b)`, leaving the "
        "arguments unchanged."
    ),
    answer_format="a function `minibatch_epoch(X, y, w, b, learning_rate, batch_size)` "
    "returning `(w, b)`, an array of shape (d,) and a number",
    outputs=("w", "b"),
    reference=minibatch_epoch,
    make_cases=_epoch_cases,
    cases_summary="n from 1 to 30 rows and d from 1 to 7 features, batch sizes from 1 to 8, "
    "including a batch size larger than n and a shorter last batch",
    hints=(
        "Loop `for start in range(0, n, batch_size)` and slice `X[start:start + batch_size]`: "
        "the last slice is automatically shorter.",
        "The gradient of the batch's MSE is (2/m) X_b^T r and (2/m) sum(r), with "
        "r = X_b w + b - y_b and m the number of rows in THIS batch.",
        "Update with `w = w - ...`, not `w -= ...`, so that the caller's array is not "
        "changed.",
    ),
    mistakes=(
        Mistake(
            "summed_not_averaged",
            _epoch_summed,
            "Your gradient sums over the batch instead of averaging: it grows with the batch "
            "size, so the same learning rate means a different step for every batch size (and "
            "diverges for large batches).",
            "Divide by m, the number of rows in the batch.",
        ),
        Mistake(
            "wrong_sign",
            _epoch_ascent,
            "Your steps go uphill: with r = X w + b - y, the gradient is +(2/m) X^T r and the "
            "step subtracts it.",
            "w = w - learning_rate * grad_w, with grad_w = 2 / m * Xb.T @ (Xb @ w + b - yb).",
        ),
        Mistake(
            "factor_two_missing",
            _epoch_no_two,
            "Your gradient is (1/m) X^T r, half the gradient of the MSE: the 2 of the square's "
            "derivative is missing (that is the gradient of the 1/(2m) convention).",
            "grad_w = 2 / m * Xb.T @ r and grad_b = 2 / m * r.sum().",
        ),
        Mistake(
            "batch_size_divisor",
            _epoch_batch_size_divisor,
            "You divided by `batch_size` in every batch, also in the last one, which is "
            "shorter: its rows then count less than the others'.",
            "Divide by `yb.shape[0]`, the rows the batch actually has.",
        ),
        Mistake(
            "last_batch_dropped",
            _epoch_drop_last,
            "Your epoch skips the last, shorter batch, so some rows are never seen (and with "
            "fewer rows than `batch_size`, nothing happens at all).",
            "Use `range(0, n, batch_size)`: slicing past the end gives the shorter last batch.",
        ),
    ),
)


EXERCISES = (
    MEMORY_SIZES,
    MERGE_BY_HAND,
    RSS_FROM_STATISTICS,
    MERGE_STATISTICS,
    MINIBATCH_EPOCH,
)
