// @ts-check
// Lab 4's math: the penalized optimum of a quadratic loss in two weights, and the loss's
// level sets (tested against helpers in tests/labs/test_lab3_lab4.py).

import { softThreshold, solveSPD } from "./numerics.js";

/** @typedef {"none" | "w1" | "w2" | "both"} Support which weights are non-zero */

/**
 * The minimizer of 0.5 (w - c)^T H (w - c) + penalty(w), H = [[1, rho], [rho, 1]], with
 * penalty alpha ||w||_1 ("l1") or (alpha / 2) ||w||^2 ("l2"). The L1 case is solved
 * exactly by its optimality (KKT) conditions, trying the sparsest supports first: the
 * objective is strictly convex (|rho| < 1), so exactly one candidate satisfies them.
 * @param {number[]} c
 * @param {number} rho
 * @param {number} alpha
 * @param {"l1" | "l2"} penalty
 * @returns {{ w: number[], support: Support }}
 */
export function penalizedOptimum2d(c, rho, alpha, penalty) {
  const g = [c[0] + rho * c[1], rho * c[0] + c[1]]; // H c, minus the loss's gradient at w = 0
  if (penalty === "l2") {
    // (H + alpha I) w = H c
    const w = solveSPD(
      [
        [1 + alpha, rho],
        [rho, 1 + alpha],
      ],
      g,
    ) ?? [NaN, NaN];
    return { w, support: supportOf(w) };
  }
  const tol = 1e-12 * (Math.abs(alpha) + Math.abs(g[0]) + Math.abs(g[1]));
  // w = 0: the loss's gradient at 0 is within the penalty's reach, |(Hc)_j| <= alpha.
  if (Math.abs(g[0]) <= alpha + tol && Math.abs(g[1]) <= alpha + tol) return { w: [0, 0], support: "none" };
  // One weight: w_j = S((Hc)_j, alpha) and the other's gradient, |rho w_j - (Hc)_k| <= alpha.
  for (const j of [0, 1]) {
    const wj = softThreshold(g[j], alpha);
    if (wj !== 0 && Math.abs(rho * wj - g[1 - j]) <= alpha + tol) {
      const w = [0, 0];
      w[j] = wj;
      return { w, support: j === 0 ? "w1" : "w2" };
    }
  }
  // Both weights, with signs s: H (w - c) + alpha s = 0, so w = c - alpha H^-1 s.
  const det = 1 - rho * rho;
  for (const s of [
    [1, 1],
    [1, -1],
    [-1, 1],
    [-1, -1],
  ]) {
    const w = [c[0] - (alpha * (s[0] - rho * s[1])) / det, c[1] - (alpha * (s[1] - rho * s[0])) / det];
    if (Math.sign(w[0]) === s[0] && Math.sign(w[1]) === s[1]) return { w, support: "both" };
  }
  // Unreachable for |rho| < 1; coordinate descent as a safety net.
  const w = lassoCoordinateDescent2d(c, rho, alpha);
  return { w, support: supportOf(w) };
}

/**
 * The same L1 problem by coordinate descent, w_j <- S((Hc)_j - rho w_k, alpha), to a change < 1e-13.
 * @param {number[]} c
 * @param {number} rho
 * @param {number} alpha
 * @param {number} [maxSweeps=100000]
 */
export function lassoCoordinateDescent2d(c, rho, alpha, maxSweeps = 100000) {
  const g = [c[0] + rho * c[1], rho * c[0] + c[1]];
  const w = [0, 0];
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    const w0 = softThreshold(g[0] - rho * w[1], alpha);
    const w1 = softThreshold(g[1] - rho * w0, alpha);
    const change = Math.max(Math.abs(w0 - w[0]), Math.abs(w1 - w[1]));
    w[0] = w0;
    w[1] = w1;
    if (change < 1e-13) break;
  }
  return w;
}

/**
 * The loss 0.5 (w - c)^T H (w - c).
 * @param {number[]} w
 * @param {number[]} c
 * @param {number} rho
 */
export function quadraticLoss(w, c, rho) {
  const d0 = w[0] - c[0];
  const d1 = w[1] - c[1];
  return 0.5 * (d0 * d0 + 2 * rho * d0 * d1 + d1 * d1);
}

/**
 * Points of the ellipse (w - c)^T H (w - c) = r^2. H's eigenvectors are (1, 1)/sqrt 2
 * and (1, -1)/sqrt 2 with eigenvalues 1 + rho and 1 - rho, so its semi-axes are
 * r / sqrt(1 + rho) and r / sqrt(1 - rho) along them.
 * @param {number[]} c
 * @param {number} rho
 * @param {number} r
 * @param {number} [n=120]
 */
export function ellipsePoints(c, rho, r, n = 120) {
  const a = r / Math.sqrt(1 + rho);
  const b = r / Math.sqrt(1 - rho);
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    const u = a * Math.cos(t) * Math.SQRT1_2;
    const v = b * Math.sin(t) * Math.SQRT1_2;
    out.push([c[0] + u + v, c[1] + u - v]);
  }
  return out;
}

/**
 * @param {number[]} w
 * @returns {Support}
 */
function supportOf(w) {
  const nz = w.map((v) => v !== 0);
  return nz[0] && nz[1] ? "both" : nz[0] ? "w1" : nz[1] ? "w2" : "none";
}
