// @ts-check
// Lab 3, overfitting and ridge: drag the training points, raise the polynomial degree,
// and watch training and held-out MSE part ways; then let alpha pull the curve back.

import { Canvas, watchWidth } from "./canvas.js";
import { box, labelWidgetControls, readout, readoutGroup, textLine } from "./controls.js";
import { fmtSig, powerOfTen } from "./format.js";
import { askKernel } from "./kernel.js";
import { Lifetime } from "./lifetime.js";
import { clamp } from "./numerics.js";
import { PointEditor } from "./points.js";
import { fitPolyRidge, mseByDegree, polyMse, polyPredict, scaleToUnit } from "./polyridge.js";
import { drawAxes, drawLegend, lineSample, scale, setAttrs, svg } from "./svg.js";

export { fitPolyRidge, mseByDegree, polyMse, polyPredict, scaleToUnit };

/**
 * Lab 3's state: the traits of OverfitCanvas in helpers/labs/overfit_ridge.py.
 * @typedef OverfitModel
 * @property {number[][]} points  the training points, [[x, y], ...]
 * @property {number[][]} test_points  the held-out points (fixed), [[x, y], ...]
 * @property {number} degree  of the polynomial, 0 to max_degree
 * @property {number} alpha  the ridge penalty, > 0
 * @property {number} max_degree
 * @property {number[]} xlim  the view's x interval; it also fixes the feature scaling
 * @property {number[]} ylim  the view's y interval
 * @property {number[]} learner_w  from Python: the learner's weights, in the scaled features
 * @property {number} learner_b  from Python: the learner's intercept
 * @property {{ points?: number[][], degree?: number, alpha?: number }} learner_state
 *   from Python: the points, degree and alpha the learner's (w, b) was computed for
 * @property {string} learner_message  from Python: what it says of the learner's function
 */
/** @typedef {import("@anywidget/types").AnyModel<OverfitModel>} Model */
/** @typedef {import("./svg.js").Scale} Scale */
/** @typedef {import("./svg.js").Box} Box */
/** @typedef {Parameters<typeof drawLegend>[2]} LegendEntries */

const N_CURVE = 200; // samples of the fitted curve across the view
const FLOOR = -12; // log10 of the smallest MSE the summary shows: a near interpolation sits on it

/**
 * Sizes and margins in SVG pixels of the data plot and of the summary (MSE against
 * degree). Wide: the summary's legend on its right; narrow (a phone): under it.
 * @typedef Geometry
 * @property {number} W
 * @property {number} H
 * @property {Box} M
 * @property {number} IW
 * @property {number} IH
 * @property {Box} IM
 * @property {"right" | "below"} insetLegend
 * @property {number} ticks
 */
// A data table: the two layouts have the same fields by design, only their numbers differ.
/** @type {{ wide: Geometry, narrow: Geometry }} */
const GEOMETRY = {
  wide: {
    W: 640,
    H: 380,
    M: { left: 62, right: 16, top: 14, bottom: 46 },
    IW: 640,
    IH: 230,
    IM: { left: 62, right: 150, top: 14, bottom: 46 },
    insetLegend: "right",
    ticks: 6,
  },
  narrow: {
    W: 360,
    H: 304,
    M: { left: 52, right: 14, top: 14, bottom: 44 },
    IW: 360,
    IH: 250,
    IM: { left: 52, right: 10, top: 10, bottom: 86 },
    insetLegend: "below",
    ticks: 5,
  },
};

// Colours come from lab.css's palette variables (theme-aware), never literal values.
const STYLE = {
  train: "stroke: var(--lab-blue); stroke-width: 2; fill: none",
  trainDot: "fill: var(--lab-blue); stroke: var(--lab-bg); stroke-width: 1",
  test: "stroke: var(--lab-vermillion); stroke-width: 2; fill: none; stroke-dasharray: 6 4",
  // The legend's held-out sample: the look of .lab-point-test without the class (which marks the data).
  testPoint: "fill: none; stroke: var(--lab-vermillion); stroke-width: 2.5",
  testDot: "fill: var(--lab-bg); stroke: var(--lab-vermillion); stroke-width: 2",
};

/** @type {import("@anywidget/types").Render<OverfitModel>} */
function render({ model, el }) {
  const life = new Lifetime();
  const ui = buildLayout(el, life);
  let geometry = GEOMETRY.wide;
  let sx = scale(0, 1, 0, 1);
  let sy = scale(0, 1, 0, 1);
  /** @type {Inset} */
  let inset = makeInset(ui.inset, model, geometry);
  const editor = new PointEditor({
    model,
    canvas: ui.canvas,
    life,
    layer: ui.canvas.layer("lab-train-points"),
    view: () => ({ sx, sy }),
    noun: "training point",
    changed: update,
    fewest: 1,
    refused: () => {
      ui.status.textContent = "The last training point cannot be deleted: a fit needs at least one.";
    },
  });
  const kernel = askKernel(model, life, redrawLegend);

  // A learner's curve exists once Python has run their function (learner_state is set)
  // and is drawn only while the points, degree and alpha are the ones it was computed
  // for (a drag is committed at its end; Python then refits).
  const hasLearner = () => kernel() && model.get("learner_state").degree !== undefined;
  function learnerVisible() {
    if (!hasLearner()) return false;
    const w = model.get("learner_w");
    const state = model.get("learner_state");
    const alpha = model.get("alpha");
    if (w.length !== model.get("degree") || !Number.isFinite(model.get("learner_b"))) return false;
    if (!w.every(Number.isFinite) || state.degree !== model.get("degree")) return false;
    if (!(Math.abs((state.alpha ?? NaN) - alpha) <= 1e-12 * Math.abs(alpha))) return false;
    const sp = state.points || [];
    const points = editor.points;
    return sp.length === points.length && sp.every((p, i) => p[0] === points[i][0] && p[1] === points[i][1]);
  }

  // Everything that depends on the points, degree and alpha; runs on every drag event.
  function update() {
    const degree = model.get("degree");
    let alpha = model.get("alpha");
    const alphaOk = alpha > 0 && Number.isFinite(alpha);
    if (!alphaOk) alpha = Number.MIN_VALUE; // never reached from the slider (its minimum is > 0)
    const { xs, ys } = editor.columns();
    const test = model.get("test_points");
    editor.place();
    const fit = drawFit(ui, sx, sy, xs, ys, test, degree, alpha);
    const learnerShown = learnerVisible();
    ui.learnerCurve.style.display = learnerShown ? "" : "none";
    if (learnerShown)
      ui.learnerCurve.setAttribute("d", curvePath(model.get("learner_w"), model.get("learner_b"), sx, sy));
    const byDegree = mseByDegree(editor.points, test, alpha, sx.domain, model.get("max_degree"));
    inset = drawInset(ui.inset, inset, model, geometry, byDegree, degree, alpha);
    ui.status.textContent =
      (alphaOk ? "" : "alpha must be > 0. ") + statusText(fit, degree, xs, bestDegree(byDegree));
    ui.learner.textContent = kernel() ? model.get("learner_message") : "";
  }

  // The view's limits or geometry changed: new scales, axes, held-out points and summary.
  function redraw() {
    const { W, H, M } = geometry;
    const [x0, x1] = model.get("xlim");
    const [y0, y1] = model.get("ylim");
    sx = scale(x0, x1, M.left, W - M.right);
    sy = scale(y0, y1, H - M.bottom, M.top);
    ui.canvas.size(W, H);
    setAttrs(ui.clip, { x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom });
    drawMainFrame(ui.layers, geometry, sx, sy, hasLearner());
    drawTestPoints(ui.layers.test, model.get("test_points"), sx, sy);
    inset = makeInset(ui.inset, model, geometry);
    update();
  }

  // The learner's legend entry comes and goes with the learner.
  function redrawLegend() {
    drawMainFrame(ui.layers, geometry, sx, sy, hasLearner());
    update();
  }

  life.on(model, "change:test_points", () => {
    drawTestPoints(ui.layers.test, model.get("test_points"), sx, sy);
    update();
  });
  life.onChange(model, ["degree", "alpha"], update);
  life.onChange(model, ["learner_w", "learner_b", "learner_state", "learner_message"], redrawLegend);
  life.onChange(model, ["xlim", "ylim", "max_degree"], redraw);
  watchWidth(el, life, GEOMETRY, (layout) => {
    geometry = layout;
    redraw();
  });
  redraw();
  labelWidgetControls(el, life);
  return life.dispose;
}

export default { render };

// ---------------------------------------------------------------- layout

/**
 * The lab's elements: the data plot (clipped curves, held-out points, legend), the
 * readouts and status, the summary plot and the learner's note.
 * @param {HTMLElement} el
 * @param {Lifetime} life
 */
function buildLayout(el, life) {
  const root = box(el, "lab lab-overfit-ridge");
  const canvas = new Canvas(root, life, {
    label: "Training points, held-out points and the fitted polynomial curve",
    description:
      "Each training point (filled) can be focused with Tab and moved with the arrow keys (Shift for " +
      "larger steps); Delete removes a focused point and a double-click on the plot adds one. Held-out " +
      "points (hollow) are fixed. The degree and alpha sliders above the plot change the fit.",
  });
  const clip = canvas.clipRect();
  const layers = {
    axes: canvas.group(),
    curves: canvas.group({ "clip-path": clip.url }),
    test: canvas.group({ "aria-hidden": "true" }),
    legend: canvas.group({ "aria-hidden": "true" }),
  };
  const curve = svg("path", { class: "lab-curve", "data-curve": "ridge" });
  const learnerCurve = svg("path", { class: "lab-path-learner", "data-curve": "learner" });
  layers.curves.append(curve, learnerCurve);

  const group = readoutGroup(box(root, "lab-readouts"));
  const readouts = {
    train: readout(group, "train-mse", "training MSE"),
    test: readout(group, "test-mse", "held-out MSE"),
    norm: readout(group, "w-norm", "\u2016w\u2016"),
  };
  const status = textLine(root, "lab-status", { readout: "status", live: true });

  const plot = root.appendChild(
    svg("svg", {
      class: "lab-svg",
      role: "group",
      "aria-label": "Training and held-out MSE of every degree at the current alpha, log scale",
    }),
  );
  plot.appendChild(
    svg(
      "desc",
      {},
      "A summary, not interactive: the training and held-out mean squared errors of the ridge fits of " +
        "degree 0 to 12 at the current alpha; the shaded band marks the current degree.",
    ),
  );
  const insetLayers = {
    axes: plot.appendChild(svg("g")),
    band: plot.appendChild(svg("g")),
    series: plot.appendChild(svg("g")),
    legend: plot.appendChild(svg("g", { "aria-hidden": "true" })),
  };
  const band = insetLayers.band.appendChild(svg("rect", { class: "lab-region" }));
  const trainLine = svg("polyline", { style: STYLE.train, "data-series": "train" });
  const testLine = svg("polyline", { style: STYLE.test, "data-series": "test" });
  insetLayers.series.append(trainLine, testLine);
  const learner = textLine(root, "lab-learner", { readout: "learner" });
  return {
    canvas,
    clip: clip.rect,
    layers,
    curve,
    learnerCurve,
    readouts,
    status,
    inset: { plot, layers: insetLayers, band, trainLine, testLine },
    learner,
  };
}
/** @typedef {ReturnType<typeof buildLayout>} Layout */

// ---------------------------------------------------------------- the data plot

/**
 * The data plot's axes, and its legend on a veil in the page's background colour (so a
 * wild curve under it stays readable), with an entry for the learner's curve if any.
 * @param {Layout["layers"]} layers
 * @param {Geometry} geometry
 * @param {Scale} sx
 * @param {Scale} sy
 * @param {boolean} withLearner
 */
function drawMainFrame(layers, { M, ticks }, sx, sy, withLearner) {
  layers.axes.replaceChildren();
  drawAxes(layers.axes, sx, sy, { xlabel: "x", ylabel: "y", xticks: ticks, yticks: ticks });
  const g = layers.legend;
  g.replaceChildren();
  const lx = M.left + 8;
  /** @type {LegendEntries} */
  const entries = [
    [(x, y) => svg("circle", { cx: x + 10, cy: y, r: 5, style: STYLE.trainDot }), "training (drag me)"],
    [(x, y) => svg("circle", { cx: x + 10, cy: y, r: 5, style: STYLE.testPoint }), "held out (fixed)"],
    [lineSample({ class: "lab-curve" }), "ridge fit"],
  ];
  if (withLearner) entries.push([lineSample({ class: "lab-path-learner" }), "your function"]);
  g.appendChild(
    svg("rect", {
      x: lx - 4,
      y: M.top + 4,
      width: 158,
      height: 18 * entries.length + 6,
      rx: 3,
      style: "fill: var(--lab-bg); opacity: 0.85",
    }),
  );
  drawLegend(g, (i) => [lx, M.top + 16 + 18 * i], entries);
}

/**
 * The held-out points, fixed and not interactive.
 * @param {SVGGElement} g
 * @param {number[][]} test
 * @param {Scale} sx
 * @param {Scale} sy
 */
function drawTestPoints(g, test, sx, sy) {
  g.replaceChildren();
  for (const [x, y] of test) {
    g.appendChild(
      svg("circle", { r: 5, cx: sx(x), cy: sy(y), class: "lab-point-test", "data-x": x, "data-y": y }),
    );
  }
}

/**
 * The curve y = b + sum w_k s^k across the view, as a path; far values are held just
 * outside the frame (the clip path hides them) so no coordinate is ever huge.
 * @param {number[]} w
 * @param {number} b
 * @param {Scale} sx
 * @param {Scale} sy
 */
function curvePath(w, b, sx, sy) {
  const [x0, x1] = sx.domain;
  const [y0, y1] = sy.domain;
  const pad = 2 * (y1 - y0);
  let d = "";
  for (let i = 0; i < N_CURVE; i++) {
    const x = x0 + ((x1 - x0) * i) / (N_CURVE - 1);
    const y = clamp(polyPredict(w, b, scaleToUnit(x, x0, x1)), y0 - pad, y1 + pad);
    d += `${i ? "L" : "M"}${sx(x).toFixed(2)},${sy(y).toFixed(2)}`;
  }
  return d;
}

/**
 * The ridge fit's curve and readouts; returns the fit (null when the system is singular).
 * @param {Layout} ui
 * @param {Scale} sx
 * @param {Scale} sy
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {number[][]} test
 * @param {number} degree
 * @param {number} alpha
 */
function drawFit(ui, sx, sy, xs, ys, test, degree, alpha) {
  const xlim = sx.domain;
  const fit = xs.length ? fitPolyRidge(xs, ys, degree, alpha, xlim) : null;
  ui.curve.style.display = fit ? "" : "none";
  if (!fit) {
    ui.readouts.train(NaN);
    ui.readouts.test(NaN);
    ui.readouts.norm(NaN);
    return null;
  }
  ui.curve.setAttribute("d", curvePath(fit.w, fit.b, sx, sy));
  const trainMse = polyMse(xs, ys, fit.w, fit.b, xlim);
  const testMse = polyMse(
    test.map((p) => p[0]),
    test.map((p) => p[1]),
    fit.w,
    fit.b,
    xlim,
  );
  const norm = Math.hypot(...fit.w);
  ui.readouts.train(trainMse, fmtSig(trainMse));
  ui.readouts.test(testMse, fmtSig(testMse));
  ui.readouts.norm(norm, fmtSig(norm));
  return fit;
}

/**
 * What the reader is looking at, in words.
 * @param {{ w: number[], b: number } | null} fit
 * @param {number} degree
 * @param {number[]} xs
 * @param {number} best  the degree of lowest held-out MSE
 */
function statusText(fit, degree, xs, best) {
  const spread = xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
  if (!fit) return "The ridge system is numerically singular here: raise alpha.";
  if (degree === 0)
    return "Degree 0: the fit is the flat line at the mean of y, and alpha has no weight to shrink.";
  if (xs.length === 1) {
    return (
      "One training point: its centered features are all 0, so ridge sets every weight to 0 and the fit " +
      "is the flat line through the point."
    );
  }
  if (spread === 0) {
    return (
      "Every training point has the same x: the centered features are all 0, so ridge (alpha > 0) sets " +
      "every weight to 0 and draws the flat line through the mean of y."
    );
  }
  if (degree + 1 >= xs.length) {
    return (
      `Degree ${degree} has ${degree + 1} coefficients for ${xs.length} training points: with a tiny ` +
      "alpha the curve can pass through every one of them. Lowest held-out MSE at this alpha: " +
      `degree ${best}.`
    );
  }
  return `Lowest held-out MSE at this alpha: degree ${best}.`;
}

// ---------------------------------------------------------------- the summary: MSE against degree

/**
 * The summary's scales and marks. Its log axis is redrawn only when its decades change.
 * @typedef Inset
 * @property {Scale} ix  degree to SVG pixels
 * @property {Scale | null} iy  log10 MSE to SVG pixels, once drawn
 * @property {[number, number] | null} decades  the exponents the log axis spans
 * @property {SVGCircleElement[]} trainDots
 * @property {SVGRectElement[]} testDots
 * @property {SVGTextElement | null} caption  "all at alpha ..."
 */

/**
 * A fresh summary for the geometry: its size, its degree scale and a dot per degree.
 * @param {Layout["inset"]} inset
 * @param {Model} model
 * @param {Geometry} geometry
 * @returns {Inset}
 */
function makeInset({ plot, layers }, model, { IW, IH, IM }) {
  plot.setAttribute("viewBox", `0 0 ${IW} ${IH}`);
  const maxDegree = model.get("max_degree");
  layers.series.querySelectorAll("circle, rect").forEach((e) => {
    e.remove();
  });
  const trainDots = [];
  const testDots = [];
  for (let d = 0; d <= maxDegree; d++) {
    const a = svg("circle", { r: 3.5, style: STYLE.trainDot, "data-degree": d, "data-series": "train" });
    const b = svg("rect", {
      width: 7,
      height: 7,
      style: STYLE.testDot,
      "data-degree": d,
      "data-series": "test",
    });
    layers.series.append(a, b);
    trainDots.push(a);
    testDots.push(b);
  }
  const ix = scale(-0.5, maxDegree + 0.5, IM.left, IW - IM.right);
  return { ix, iy: null, decades: null, trainDots, testDots, caption: null };
}

/**
 * The summary's axes for log10 MSE in [lo, hi], and its legend.
 * @param {Layout["inset"]} inset
 * @param {Inset} state
 * @param {Geometry} geometry
 * @param {number} maxDegree
 * @param {number} lo
 * @param {number} hi
 * @returns {Inset}
 */
function drawInsetAxes({ layers }, state, { IH, IM, insetLegend }, maxDegree, lo, hi) {
  const g = layers.axes;
  g.replaceChildren();
  const { ix } = state;
  const iy = scale(lo, hi, IH - IM.bottom, IM.top);
  const [x0, x1] = ix.range;
  const [y0, y1] = iy.range;
  g.appendChild(svg("rect", { x: x0, y: y1, width: x1 - x0, height: y0 - y1, class: "lab-frame" }));
  for (let d = 0; d <= maxDegree; d++) {
    g.appendChild(
      svg("text", { x: ix(d), y: y0 + 16, class: "lab-tick", "text-anchor": "middle" }, String(d)),
    );
  }
  const every = Math.ceil((hi - lo) / 6);
  for (let k = lo; k <= hi; k++) {
    g.appendChild(svg("line", { x1: x0, x2: x1, y1: iy(k), y2: iy(k), class: "lab-grid" }));
    if ((k - lo) % every === 0) {
      g.appendChild(
        svg("text", { x: x0 - 6, y: iy(k) + 4, class: "lab-tick", "text-anchor": "end" }, powerOfTen(k)),
      );
    }
  }
  g.appendChild(
    svg(
      "text",
      { x: (x0 + x1) / 2, y: y0 + 34, class: "lab-axis-label", "text-anchor": "middle" },
      "polynomial degree",
    ),
  );
  const mid = (y0 + y1) / 2;
  g.appendChild(
    svg(
      "text",
      {
        x: x0 - 44,
        y: mid,
        class: "lab-axis-label",
        "text-anchor": "middle",
        transform: `rotate(-90 ${x0 - 44} ${mid})`,
      },
      "MSE",
    ),
  );
  // The legend: a column right of the plot, or (narrow) a row under its axis label.
  const leg = layers.legend;
  leg.replaceChildren();
  const right = insetLegend === "right";
  /** @type {(i: number) => [number, number]} where entry i goes */
  const spot = (i) => (right ? [x1 + 12, y1 + 10 + 20 * i] : [x0 - 36 + 100 * i, y0 + 56]);
  drawLegend(leg, spot, [
    [lineSample({ style: STYLE.train }), "training"],
    [lineSample({ style: STYLE.test }), "held out"],
    [
      (x, y) => svg("rect", { x: x + 4, y: y - 7, width: 12, height: 14, class: "lab-region" }),
      "current degree",
    ],
  ]);
  const caption = svg(
    "text",
    right ? { x: x1 + 12, y: y1 + 80, class: "lab-legend" } : { x: x0 - 36, y: y0 + 78, class: "lab-legend" },
  );
  leg.appendChild(caption);
  return { ...state, iy, decades: [lo, hi], caption };
}

/**
 * The summary: training and held-out MSE of every degree on a log axis, the band of
 * the current degree, the alpha they share. Returns its updated state.
 * @param {Layout["inset"]} inset
 * @param {Inset} state
 * @param {Model} model
 * @param {Geometry} geometry
 * @param {{ train: number[], test: number[] }} byDegree
 * @param {number} degree
 * @param {number} alpha
 * @returns {Inset}
 */
function drawInset(inset, state, model, geometry, byDegree, degree, alpha) {
  const maxDegree = model.get("max_degree");
  const all = byDegree.train.concat(byDegree.test).filter((v) => v > 0 && Number.isFinite(v));
  const lo = Math.max(FLOOR, Math.floor(Math.log10(all.length ? Math.min(...all) : 1e-3)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(all.length ? Math.max(...all) : 1)));
  const fresh =
    state.decades && state.decades[0] === lo && state.decades[1] === hi
      ? state
      : drawInsetAxes(inset, state, geometry, maxDegree, lo, hi);
  const { ix, iy, trainDots, testDots, caption } = fresh;
  if (!iy) return fresh;
  const yOf = (/** @type {number} */ v) => iy(clamp(Math.log10(Math.max(v, 10 ** FLOOR)), lo, hi));
  const line = (/** @type {number[]} */ vals) =>
    vals
      .map((v, d) => (Number.isFinite(v) ? `${ix(d).toFixed(2)},${yOf(v).toFixed(2)}` : ""))
      .filter(Boolean)
      .join(" ");
  inset.trainLine.setAttribute("points", line(byDegree.train));
  inset.testLine.setAttribute("points", line(byDegree.test));
  for (let d = 0; d <= maxDegree; d++) {
    const [a, b] = [byDegree.train[d], byDegree.test[d]];
    trainDots[d].style.display = Number.isFinite(a) ? "" : "none";
    testDots[d].style.display = Number.isFinite(b) ? "" : "none";
    if (Number.isFinite(a)) setAttrs(trainDots[d], { cx: ix(d), cy: yOf(a), "data-value": a });
    if (Number.isFinite(b)) setAttrs(testDots[d], { x: ix(d) - 3.5, y: yOf(b) - 3.5, "data-value": b });
  }
  if (caption) caption.textContent = `all at alpha ${fmtSig(alpha)}`;
  const half = (ix(1) - ix(0)) / 2;
  setAttrs(inset.band, {
    x: ix(degree) - half,
    width: 2 * half,
    y: iy.range[1],
    height: iy.range[0] - iy.range[1],
  });
  return fresh;
}

/**
 * The degree of lowest held-out MSE (-1 when none is finite).
 * @param {{ test: number[] }} byDegree
 */
function bestDegree({ test }) {
  let best = -1;
  test.forEach((v, d) => {
    if (Number.isFinite(v) && (best < 0 || v < test[best])) best = d;
  });
  return best;
}
