// @ts-check
// SVG plotting: elements, linear scales, ticks and axes.

import { fmtTick } from "./format.js";
import { clamp } from "./numerics.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** @typedef {Record<string, string | number>} Attributes */

/**
 * Set the attributes of `el` (numbers are written as strings).
 * @param {Element} el
 * @param {Attributes} attrs
 */
export function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
}

/**
 * An SVG element with attributes; `text` sets its text content.
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag
 * @param {Attributes} [attrs]
 * @param {string | null} [text]
 * @returns {SVGElementTagNameMap[K]}
 */
export function svg(tag, attrs = {}, text = null) {
  const el = /** @type {SVGElementTagNameMap[K]} */ (document.createElementNS(SVG_NS, tag));
  setAttrs(el, attrs);
  if (text !== null) el.textContent = text;
  return el;
}

/**
 * A linear map from data to pixels, with its inverse and its two intervals.
 * @typedef {((v: number) => number) & {
 *   invert: (p: number) => number, domain: [number, number], range: [number, number]
 * }} Scale
 */

/**
 * A linear map from the data interval [d0, d1] to the pixel interval [p0, p1].
 * @param {number} d0
 * @param {number} d1
 * @param {number} p0
 * @param {number} p1
 * @returns {Scale}
 */
export function scale(d0, d1, p0, p1) {
  const k = (p1 - p0) / (d1 - d0);
  const f = (/** @type {number} */ v) => p0 + (v - d0) * k;
  return Object.assign(f, {
    invert: (/** @type {number} */ p) => d0 + (p - p0) / k,
    domain: /** @type {[number, number]} */ ([d0, d1]),
    range: /** @type {[number, number]} */ ([p0, p1]),
  });
}

/**
 * Round, readable tick values covering [lo, hi], about `count` of them.
 * @param {number} lo
 * @param {number} hi
 * @param {number} [count=6]
 */
export function ticks(lo, hi, count = 6) {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return out;
}

/**
 * A rectangle's four sides, in SVG pixels.
 * @typedef {{ left: number, right: number, top: number, bottom: number }} Box
 */

/**
 * Axes with ticks, grid and labels into `g`, for the scales `sx` and `sy`; about
 * `xticks` and `yticks` ticks (fewer on a narrow plot, so its labels do not crowd).
 * @param {SVGGElement} g
 * @param {Scale} sx
 * @param {Scale} sy
 * @param {{ xlabel?: string, ylabel?: string, xticks?: number, yticks?: number }} [options]
 */
export function drawAxes(g, sx, sy, { xlabel = "x", ylabel = "y", xticks = 6, yticks = 6 } = {}) {
  const [x0, x1] = sx.range;
  const [y0, y1] = sy.range; // y0 is the bottom
  g.appendChild(svg("rect", { x: x0, y: y1, width: x1 - x0, height: y0 - y1, class: "lab-frame" }));
  for (const t of ticks(...sx.domain, xticks)) {
    const p = sx(t);
    g.appendChild(svg("line", { x1: p, x2: p, y1: y0, y2: y1, class: "lab-grid" }));
    g.appendChild(svg("text", { x: p, y: y0 + 16, class: "lab-tick", "text-anchor": "middle" }, fmtTick(t)));
  }
  for (const t of ticks(...sy.domain, yticks)) {
    const p = sy(t);
    g.appendChild(svg("line", { x1: x0, x2: x1, y1: p, y2: p, class: "lab-grid" }));
    g.appendChild(svg("text", { x: x0 - 6, y: p + 4, class: "lab-tick", "text-anchor": "end" }, fmtTick(t)));
  }
  const mid = (y0 + y1) / 2;
  g.appendChild(
    svg("text", { x: (x0 + x1) / 2, y: y0 + 34, class: "lab-axis-label", "text-anchor": "middle" }, xlabel),
  );
  g.appendChild(
    svg(
      "text",
      {
        x: x0 - 40,
        y: mid,
        class: "lab-axis-label",
        "text-anchor": "middle",
        transform: `rotate(-90 ${x0 - 40} ${mid})`,
      },
      ylabel,
    ),
  );
}

/**
 * The data point under the plot's point (px, py), clamped to the view of `sx` and `sy`.
 * @param {Scale} sx
 * @param {Scale} sy
 * @param {number} px
 * @param {number} py
 * @returns {[number, number]}
 */
export function dataAt(sx, sy, px, py) {
  return [clamp(sx.invert(px), ...sx.domain), clamp(sy.invert(py), ...sy.domain)];
}

/**
 * The data step [dx, dy] of one arrow key: `fraction` of the view; `big` (Shift) moves
 * `factor` times further.
 * @param {Scale} sx
 * @param {Scale} sy
 * @param {boolean} big
 * @param {{ fraction?: number, factor?: number }} [options]
 * @returns {[number, number]}
 */
export function keyStep(sx, sy, big, { fraction = 0.01, factor = 10 } = {}) {
  const k = fraction * (big ? factor : 1);
  return [k * (sx.domain[1] - sx.domain[0]), k * (sy.domain[1] - sy.domain[0])];
}

/**
 * A legend into `g`: entry i's sample, drawn by `sample(x, y)`, at `at(i)`, and its text
 * `gap` pixels to the right. Returns the texts, in order.
 * @param {SVGGElement} g
 * @param {(i: number) => [number, number]} at
 * @param {Array<[(x: number, y: number) => SVGElement, string]>} entries
 * @param {number} [gap=26]
 */
export function drawLegend(g, at, entries, gap = 26) {
  return entries.map(([sample, text], i) => {
    const [x, y] = at(i);
    g.appendChild(sample(x, y));
    return g.appendChild(svg("text", { x: x + gap, y: y + 4, class: "lab-legend" }, text));
  });
}

/**
 * A legend's sample of a line, `length` pixels long from (x, y), with `attrs` (class or style).
 * @param {Attributes} attrs
 * @param {number} [length=20]
 * @returns {(x: number, y: number) => SVGLineElement}
 */
export const lineSample =
  (attrs, length = 20) =>
  (x, y) =>
    svg("line", { x1: x, x2: x + length, y1: y, y2: y, ...attrs });
