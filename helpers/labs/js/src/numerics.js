// @ts-check
// The small numerical kernels the labs compute in the browser. Each mirrors a `helpers`
// function and is tested against it on the same inputs (tests/labs/test_lab_math.py).

/** Keep `v` within [lo, hi]. */
export function clamp(/** @type {number} */ v, /** @type {number} */ lo, /** @type {number} */ hi) {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * Mean of an array (0 for an empty one).
 * @param {ArrayLike<number>} a
 */
export function mean(a) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return a.length ? s / a.length : 0;
}

/**
 * Least-squares line through (xs, ys), as helpers.fit_normal_equation on one feature.
 * When x has no spread (one point, or all points on one vertical line) the slope is
 * not determined; like helpers (the minimum-norm solution) it is then 0 and the line
 * is flat through the mean of y, and `degenerate` says so.
 * @param {number[]} xs
 * @param {number[]} ys
 * @returns {{ slope: number, intercept: number, degenerate: boolean }}
 */
export function leastSquaresLine(xs, ys) {
  const n = xs.length;
  if (n === 0) return { slope: NaN, intercept: NaN, degenerate: true };
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    sxx += dx * dx;
    sxy += dx * (ys[i] - my);
    scale = Math.max(scale, Math.abs(xs[i]));
  }
  // The spread is zero up to rounding: helpers' rank test, for one column.
  if (sxx <= n * Number.EPSILON * (scale * scale + 1e-300) * 16) {
    return { slope: 0, intercept: my, degenerate: true };
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, degenerate: false };
}

/**
 * Mean squared error of the line y = slope x + intercept on (xs, ys), as helpers.mse.
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {number} slope
 * @param {number} intercept
 */
export function lineMse(xs, ys, slope, intercept) {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = ys[i] - (slope * xs[i] + intercept);
    s += r * r;
  }
  return xs.length ? s / xs.length : NaN;
}

/**
 * Solve A x = b for a symmetric positive definite A (array of rows) by Cholesky.
 * Returns null when A is not numerically positive definite.
 * @param {ArrayLike<number>[]} A
 * @param {number[]} b
 * @returns {number[] | null}
 */
export function solveSPD(A, b) {
  const n = b.length;
  const L = A.map(() => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    let d = A[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    if (!(d > 1e-14 * Math.abs(A[j][j]) && d > 0)) return null;
    L[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / L[j][j];
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return Array.from(x);
}

/**
 * Rows [x, x^2, ..., x^degree], as helpers.polynomial_features(x, degree).
 * @param {number[]} xs
 * @param {number} degree
 */
export function polynomialFeatures(xs, degree) {
  return xs.map((x) => {
    const row = [];
    let p = 1;
    for (let k = 1; k <= degree; k++) {
      p *= x;
      row.push(p);
    }
    return row;
  });
}

/**
 * Ridge regression with an unpenalized intercept, as helpers.fit_ridge(X, y, alpha):
 * minimizes ||y - X w - b||^2 + alpha ||w||^2 on centered data,
 * w = (Xc^T Xc + alpha I)^-1 Xc^T yc, b = mean(y) - mean(X) w.
 * `X` is an array of rows; alpha must be > 0 when Xc^T Xc is singular.
 * @param {number[][]} X
 * @param {number[]} y
 * @param {number} alpha
 * @returns {{ w: number[], b: number } | null}
 */
export function fitRidge(X, y, alpha) {
  const n = y.length;
  const d = n ? X[0].length : 0;
  const ym = mean(y);
  const xm = new Float64Array(d);
  for (const row of X) for (let j = 0; j < d; j++) xm[j] += row[j] / n;
  const A = Array.from({ length: d }, () => new Float64Array(d));
  const rhs = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const yi = y[i] - ym;
    for (let j = 0; j < d; j++) {
      const xij = X[i][j] - xm[j];
      rhs[j] += xij * yi;
      for (let k = 0; k <= j; k++) A[j][k] += xij * (X[i][k] - xm[k]);
    }
  }
  for (let j = 0; j < d; j++) {
    A[j][j] += alpha;
    for (let k = 0; k < j; k++) A[k][j] = A[j][k];
  }
  const w = d ? solveSPD(A, Array.from(rhs)) : [];
  if (w === null) return null;
  let b = ym;
  for (let j = 0; j < d; j++) b -= xm[j] * w[j];
  return { w, b };
}

/**
 * Gradient of the 1/n MSE at (w, b) for one feature, as helpers.mse_gradients.
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {number} w
 * @param {number} b
 * @returns {[number, number]}
 */
export function mseGradients1d(xs, ys, w, b) {
  const n = xs.length;
  let gw = 0;
  let gb = 0;
  for (let i = 0; i < n; i++) {
    const r = w * xs[i] + b - ys[i];
    gw += r * xs[i];
    gb += r;
  }
  return [(2 / n) * gw, (2 / n) * gb];
}

/**
 * @typedef DescentOptions
 * @property {number} eta  the learning rate
 * @property {number} [beta=0]  the heavy-ball coefficient
 * @property {number} [nIters=1000]
 * @property {number} [tol=1e-6]  stop when the gradient norm falls to `tol` times its first value
 * @property {number} [divergenceFactor=1e6]
 * @property {number} [w0=0]
 * @property {number} [b0=0]
 * @property {(w: number, b: number) => [number, number]} [gradient]  replaces the reference gradient
 */

/**
 * @typedef DescentRun
 * @property {[number, number][]} path  (w, b) at every step, the start first
 * @property {number[]} losses  the loss at every point of the path that was evaluated
 * @property {"converged" | "diverging" | "stopped"} status
 */

/**
 * Full-batch gradient descent with heavy-ball momentum on one feature, step for step
 * as helpers.gradient_descent(record_path=True): v <- beta v - eta grad, w <- w + v.
 * Stops when the gradient norm falls to `tol` times its first value (converged), when
 * the loss is not finite or exceeds `divergenceFactor` times its first value (diverged;
 * like helpers the diverging iterate is dropped, so no NaN reaches a drawing), or
 * after `nIters` steps.
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {DescentOptions} opts
 * @returns {DescentRun}
 */
export function descend(xs, ys, opts) {
  const { eta, beta = 0, nIters = 1000, tol = 1e-6, divergenceFactor = 1e6 } = opts;
  const grad = opts.gradient || ((w, b) => mseGradients1d(xs, ys, w, b));
  let w = opts.w0 || 0;
  let b = opts.b0 || 0;
  let vw = 0;
  let vb = 0;
  /** @type {[number, number][]} */
  const path = [[w, b]];
  /** @type {number[]} */
  const losses = [];
  /** @type {number | null} */
  let g0 = null;
  /** @type {DescentRun["status"]} */
  let status = "stopped";
  for (let k = 0; ; k++) {
    const loss = lineMse(xs, ys, w, b);
    if (!Number.isFinite(loss) || (k > 0 && loss > divergenceFactor * Math.max(losses[0], 1e-300))) {
      status = "diverging";
      if (path.length > 1) path.pop();
      break;
    }
    losses.push(loss);
    const [gw, gb] = grad(w, b);
    const gnorm = Math.hypot(gw, gb);
    if (g0 === null) g0 = gnorm;
    if (gnorm <= tol * g0 || gnorm === 0) {
      status = "converged";
      break;
    }
    if (k === nIters) break;
    vw = beta * vw - eta * gw;
    vb = beta * vb - eta * gb;
    w += vw;
    b += vb;
    path.push([w, b]);
  }
  return { path, losses, status };
}

/**
 * The learning rate below which full-batch descent on the 1/n MSE of one feature with
 * an intercept is stable: 2 (1 + beta) / lambda_max of the Hessian
 * (2/n) [[sum x^2, sum x], [sum x, n]], as helpers.stability_limit.
 * @param {number[]} xs
 * @param {number} [beta=0]
 */
export function stabilityLimit1d(xs, beta = 0) {
  const n = xs.length;
  let sxx = 0;
  let sx = 0;
  for (const x of xs) {
    sxx += x * x;
    sx += x;
  }
  const a = (2 / n) * sxx;
  const c = 2;
  const off = (2 / n) * sx;
  const lambdaMax = (a + c) / 2 + Math.sqrt(((a - c) / 2) ** 2 + off * off);
  return (2 * (1 + beta)) / lambdaMax;
}

/**
 * Soft-thresholding S(z, t) = sign(z) max(|z| - t, 0), as helpers.soft_threshold.
 * @param {number} z
 * @param {number} t
 */
export function softThreshold(z, t) {
  return Math.sign(z) * Math.max(Math.abs(z) - t, 0);
}
