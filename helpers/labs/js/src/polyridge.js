// @ts-check
// Lab 3's math: polynomial ridge regression in a feature scaled to [-1, 1], and its MSE
// at every degree (tested against helpers in tests/labs/test_lab3_lab4.py).

import { fitRidge, polynomialFeatures } from "./numerics.js";

/**
 * `x` mapped to [-1, 1] by the view interval [lo, hi]: the powers of x stay in [-1, 1].
 * @param {number} x
 * @param {number} lo
 * @param {number} hi
 */
export function scaleToUnit(x, lo, hi) {
  return (2 * x - (lo + hi)) / (hi - lo);
}

/**
 * b + w_1 s + w_2 s^2 + ... by Horner's rule.
 * @param {number[]} w
 * @param {number} b
 * @param {number} s
 */
export function polyPredict(w, b, s) {
  let v = 0;
  for (let k = w.length - 1; k >= 0; k--) v = (v + w[k]) * s;
  return v + b;
}

/**
 * The lab's fit: helpers.fit_ridge(polynomial_features(scaled x, degree), y, alpha).
 * Returns {w, b} (w in the scaled features), or null when the system is singular.
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {number} degree
 * @param {number} alpha
 * @param {number[]} xlim  the view's x interval, which fixes the scaling
 */
export function fitPolyRidge(xs, ys, degree, alpha, xlim) {
  const s = xs.map((x) => scaleToUnit(x, xlim[0], xlim[1]));
  return fitRidge(polynomialFeatures(s, degree), ys, alpha);
}

/**
 * Mean squared error of the polynomial (w, b) in scaled x on (xs, ys); NaN when empty.
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {number[]} w
 * @param {number} b
 * @param {number[]} xlim
 */
export function polyMse(xs, ys, w, b, xlim) {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = ys[i] - polyPredict(w, b, scaleToUnit(xs[i], xlim[0], xlim[1]));
    sum += r * r;
  }
  return xs.length ? sum / xs.length : NaN;
}

/**
 * Training and held-out MSE of the ridge fit of every degree 0..maxDegree, at one alpha.
 * @param {number[][]} train  [[x, y], ...]
 * @param {number[][]} test  [[x, y], ...]
 * @param {number} alpha
 * @param {number[]} xlim
 * @param {number} maxDegree
 */
export function mseByDegree(train, test, alpha, xlim, maxDegree) {
  const [xs, ys] = [train.map((p) => p[0]), train.map((p) => p[1])];
  const [xt, yt] = [test.map((p) => p[0]), test.map((p) => p[1])];
  /** @type {{ train: number[], test: number[] }} */
  const out = { train: [], test: [] };
  for (let d = 0; d <= maxDegree; d++) {
    const fit = xs.length ? fitPolyRidge(xs, ys, d, alpha, xlim) : null;
    out.train.push(fit ? polyMse(xs, ys, fit.w, fit.b, xlim) : NaN);
    out.test.push(fit ? polyMse(xt, yt, fit.w, fit.b, xlim) : NaN);
  }
  return out;
}
