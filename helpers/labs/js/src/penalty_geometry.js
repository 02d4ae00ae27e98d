// @ts-check
// Lab 4, penalty geometry: in the plane of two weights, the loss is a bowl with
// elliptical contours around its minimum c; a penalty pulls the optimum towards 0.
// The L1 penalty's diamond has corners on the axes, so the optimum often lands on one
// and a weight is exactly 0; the L2 penalty's circle has none.

import { Canvas, watchWidth } from "./canvas.js";
import { box, labelWidgetControls, readout, readoutGroup, textLine } from "./controls.js";
import { fmt } from "./format.js";
import { askKernel } from "./kernel.js";
import { Lifetime } from "./lifetime.js";
import { clamp } from "./numerics.js";
import { ellipsePoints, lassoCoordinateDescent2d, penalizedOptimum2d, quadraticLoss } from "./penalty.js";
import { dataAt, drawAxes, drawLegend, keyStep, lineSample, scale, setAttrs, svg } from "./svg.js";

export { ellipsePoints, lassoCoordinateDescent2d, penalizedOptimum2d, quadraticLoss };

/**
 * Lab 4's state: the traits of PenaltyCanvas in helpers/labs/penalty_geometry.py.
 * @typedef PenaltyModel
 * @property {number[]} c  the loss's minimum (c1, c2)
 * @property {number} rho  the correlation of the two features, in [-0.95, 0.95]
 * @property {number} alpha  the penalty's strength, >= 0
 * @property {number} penalty_index  0 for L1 (the lasso), 1 for L2 (ridge)
 * @property {number} lim  the view is [-lim, lim] on both axes
 * @property {number[]} learner_w  from Python: the learner's (w1, w2), or []
 * @property {{ c?: number[], rho?: number, alpha?: number, penalty_index?: number }} learner_state
 *   from Python: the c, rho, alpha and penalty the learner's w was computed for
 * @property {string} learner_message  from Python: what it says of the learner's function
 */
/** @typedef {import("@anywidget/types").AnyModel<PenaltyModel>} Model */
/** @typedef {import("./svg.js").Scale} Scale */
/** @typedef {import("./svg.js").Box} Box */

const CONTOURS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6]; // sqrt((w - c)^T H (w - c)) of each
const PENALTIES = /** @type {const} */ (["l1", "l2"]);

/**
 * The square plot area (P, equal scales on both axes) and its margins in SVG pixels.
 * Wide: the legend in a column on the right; narrow (a phone): two columns below.
 * @typedef Geometry
 * @property {number} P
 * @property {Box} M
 * @property {number} W
 * @property {number} H
 * @property {(i: number) => [number, number]} legendAt  where legend entry i goes
 * @property {number} ticks
 */
/** @type {{ wide: Geometry, narrow: Geometry }} */
const GEOMETRY = {
  wide: {
    P: 420,
    M: { left: 62, right: 190, top: 14, bottom: 46 },
    W: 672,
    H: 480,
    legendAt: (i) => [62 + 420 + 16, 14 + 12 + 22 * i],
    ticks: 6,
  },
  narrow: {
    P: 296,
    M: { left: 50, right: 14, top: 14, bottom: 44 },
    W: 360,
    H: 432,
    legendAt: (i) => [4 + 174 * (i % 2), 14 + 296 + 62 + 22 * Math.floor(i / 2)],
    ticks: 6,
  },
};

const STYLE = {
  axis: "stroke: var(--lab-muted); stroke-width: 1.2",
  learner: "fill: none; stroke: var(--lab-purple); stroke-width: 2.5; stroke-dasharray: 3 3",
  // The legend's sample of c: the look of .lab-point without the class (which marks what can be dragged).
  cSample: "fill: var(--lab-blue); stroke: var(--lab-bg); stroke-width: 1.5",
};

/** @type {import("@anywidget/types").Render<PenaltyModel>} */
function render({ model, el }) {
  const life = new Lifetime();
  const ui = buildLayout(el, life);
  let geometry = GEOMETRY.wide;
  let sx = scale(-1, 1, 0, 1);
  let sy = scale(-1, 1, 0, 1);
  let c = model.get("c").slice();
  const point = ui.canvas.mark(ui.canvas.marks, "lab-point lab-point-large", {
    toData: (px, py) => dataAt(sx, sy, px, py),
    keyStep: (big) => keyStep(sx, sy, big),
    move: (x, y, final) => {
      c = [clamp(x, ...sx.domain), clamp(y, ...sy.domain)];
      update();
      if (final) {
        model.set("c", c.slice());
        model.save_changes();
      }
    },
  });
  point.dataset.mark = "c";
  /** @type {SVGTextElement | null} */
  let regionLabel = null;
  const kernel = askKernel(model, life, redrawFrame);

  // The learner's ring, once Python has run their function, while c, rho, alpha and the
  // penalty are those it was computed for (a drag is committed at its end; Python reruns).
  const hasLearner = () => kernel() && model.get("learner_state").rho !== undefined;
  function learnerVisible() {
    if (!hasLearner()) return false;
    const s = model.get("learner_state");
    const w = model.get("learner_w");
    return (
      w.length === 2 &&
      w.every(Number.isFinite) &&
      s.c?.[0] === c[0] &&
      s.c?.[1] === c[1] &&
      s.rho === model.get("rho") &&
      s.alpha === model.get("alpha") &&
      s.penalty_index === model.get("penalty_index")
    );
  }

  // Everything that depends on c, rho, alpha and the penalty; runs on every drag event.
  function update() {
    const rho = model.get("rho");
    const alpha = model.get("alpha");
    const penalty = PENALTIES[model.get("penalty_index")] || "l1";
    const { w } = penalizedOptimum2d(c, rho, alpha, penalty);
    const sizes = drawGeometry(ui, sx, sy, c, w, rho, penalty);
    if (regionLabel) {
      regionLabel.textContent =
        penalty === "l1"
          ? `|w\u2081| + |w\u2082| \u2264 ${fmt(sizes.l1, 2)}`
          : `\u221a(w\u2081\u00b2 + w\u2082\u00b2) \u2264 ${fmt(sizes.l2, 2)}`;
    }
    drawMarks(ui, sx, sy, c, w);
    ui.canvas.place(point, sx(c[0]), sy(c[1]));
    point.dataset.x = String(c[0]);
    point.dataset.y = String(c[1]);
    point.setAttribute("aria-label", `unconstrained optimum c: w1 ${fmt(c[0], 2)}, w2 ${fmt(c[1], 2)}`);
    const showLearner = learnerVisible();
    ui.learnerMark.style.display = showLearner ? "" : "none";
    if (showLearner) {
      const [lx, ly] = model.get("learner_w");
      setAttrs(ui.learnerMark, { cx: near(sx, lx), cy: near(sy, ly) });
    }
    const zeros = (w[0] === 0 ? 1 : 0) + (w[1] === 0 ? 1 : 0);
    ui.readouts.w1(w[0]);
    ui.readouts.w2(w[1]);
    ui.readouts.zeros(zeros, String(zeros));
    ui.status.textContent = statusText(c, w, rho, alpha, penalty);
    ui.learner.textContent = kernel() ? model.get("learner_message") : "";
  }

  // The axes and the legend (whose last entries depend on the penalty and the learner).
  function redrawFrame() {
    regionLabel = drawFrame(ui, geometry, sx, sy, hasLearner());
    update();
  }

  // The view's limit or geometry changed: new scales, then everything.
  function redraw() {
    const { P, M, W, H } = geometry;
    const lim = model.get("lim");
    sx = scale(-lim, lim, M.left, M.left + P);
    sy = scale(-lim, lim, M.top + P, M.top);
    ui.canvas.size(W, H);
    setAttrs(ui.clip, { x: M.left, y: M.top, width: P, height: P });
    redrawFrame();
  }

  life.on(model, "change:c", () => {
    c = model.get("c").slice();
    update();
  });
  life.onChange(model, ["rho", "alpha", "penalty_index"], update);
  life.onChange(model, ["learner_w", "learner_state", "learner_message"], redrawFrame);
  life.onChange(model, ["lim"], redraw);
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
 * The lab's elements: the plane (its clipped layer of regions and contours, the marks,
 * the legend), the readouts, the status line and the learner's note.
 * @param {HTMLElement} el
 * @param {Lifetime} life
 */
function buildLayout(el, life) {
  const root = box(el, "lab lab-penalty-geometry");
  const canvas = new Canvas(root, life, {
    label:
      "The plane of the weights w1 and w2: loss contours around the draggable unconstrained optimum c, " +
      "the penalty's region and the penalized optimum w*",
    description:
      "The unconstrained optimum c can be focused with Tab and moved with the arrow keys (Shift for " +
      "larger steps), or dragged. The penalty, alpha and the correlation rho are set with the controls " +
      "above the plot. The readouts below give the penalized optimum w* and how many of its weights are " +
      "exactly 0.",
  });
  const group = readoutGroup(box(root, "lab-readouts"), "Penalized optimum w*");
  const readouts = {
    w1: readout(group, "w1", "w1"),
    w2: readout(group, "w2", "w2"),
    zeros: readout(group, "zeros", "weights exactly 0"),
  };
  const status = textLine(root, "lab-status", { readout: "status", live: true });
  const learner = textLine(root, "lab-learner", { readout: "learner" });

  const clip = canvas.clipRect();
  const layers = {
    axes: canvas.group(),
    clipped: canvas.group({ "clip-path": clip.url }),
    marks: canvas.group(),
    legend: canvas.group({ "aria-hidden": "true" }),
  };
  const zeroAxes = [svg("line", { style: STYLE.axis }), svg("line", { style: STYLE.axis })];
  const diamond = svg("polygon", { class: "lab-region", "data-region": "l1" });
  const circle = svg("circle", { class: "lab-region", "data-region": "l2" });
  const contours = CONTOURS.map(() => svg("path", { class: "lab-contour" }));
  const touching = svg("path", { class: "lab-curve", "data-contour": "through-optimum" });
  const shrink = svg("line", { class: "lab-residual", "stroke-dasharray": "4 3" });
  layers.clipped.append(...zeroAxes, diamond, circle, ...contours, touching, shrink);
  const optimum = svg("circle", { r: 6, class: "lab-optimum", "data-mark": "optimum" });
  const learnerMark = svg("circle", { r: 11, style: STYLE.learner, "data-mark": "learner" });
  const labelC = svg("text", { class: "lab-legend", "aria-hidden": "true" }, "c");
  const labelW = svg("text", { class: "lab-legend", "aria-hidden": "true" }, "w*");
  layers.marks.append(optimum, learnerMark, labelC, labelW);
  return {
    canvas,
    clip: clip.rect,
    layers,
    zeroAxes,
    diamond,
    circle,
    contours,
    touching,
    shrink,
    optimum,
    learnerMark,
    labelC,
    labelW,
    readouts,
    status,
    learner,
  };
}
/** @typedef {ReturnType<typeof buildLayout>} Layout */

// ---------------------------------------------------------------- drawing

/**
 * A mark's coordinate, held a little outside the frame when the point is outside it
 * (the marks' layer is not clipped), so it stays visible and never gets huge.
 * @param {Scale} s
 * @param {number} v
 */
const near = (s, v) => s(clamp(v, s.domain[0] * 1.03, s.domain[1] * 1.03));

/**
 * The axes, the zero lines and the legend; returns the legend's text for the penalty's
 * region, which `update` fills in.
 * @param {Layout} ui
 * @param {Geometry} geometry
 * @param {Scale} sx
 * @param {Scale} sy
 * @param {boolean} withLearner
 */
function drawFrame(ui, { legendAt, ticks }, sx, sy, withLearner) {
  ui.layers.axes.replaceChildren();
  drawAxes(ui.layers.axes, sx, sy, { xlabel: "w\u2081", ylabel: "w\u2082", xticks: ticks, yticks: ticks });
  const [x0, x1] = sx.domain;
  setAttrs(ui.zeroAxes[0], { x1: sx(x0), x2: sx(x1), y1: sy(0), y2: sy(0) });
  setAttrs(ui.zeroAxes[1], { x1: sx(0), x2: sx(0), y1: sy(x0), y2: sy(x1) });

  const g = ui.layers.legend;
  g.replaceChildren();
  /** @type {Parameters<typeof drawLegend>[2]} */
  const entries = [
    [(x, y) => svg("circle", { cx: x + 11, cy: y, r: 6, style: STYLE.cSample }), "c: loss minimum (drag)"],
    [(x, y) => svg("circle", { cx: x + 11, cy: y, r: 5, class: "lab-optimum" }), "w*: penalized optimum"],
    [lineSample({ class: "lab-contour" }, 22), "loss contours"],
    [lineSample({ class: "lab-curve" }, 22), "the contour through w*"],
    [(x, y) => svg("rect", { x: x + 3, y: y - 7, width: 16, height: 14, class: "lab-region" }), ""],
  ];
  if (withLearner) {
    entries.push([
      (x, y) => svg("circle", { cx: x + 11, cy: y, r: 7, style: STYLE.learner }),
      "your function's w",
    ]);
  }
  const region = drawLegend(g, legendAt, entries, 28)[4];
  return region;
}

/**
 * The loss's contours around c, the one through w*, and the penalty's region through
 * w*; returns the region's size, ||w*||_1 and ||w*||_2.
 * @param {Layout} ui
 * @param {Scale} sx
 * @param {Scale} sy
 * @param {number[]} c
 * @param {number[]} w
 * @param {number} rho
 * @param {"l1" | "l2"} penalty
 */
function drawGeometry(ui, sx, sy, c, w, rho, penalty) {
  const pathOf = (/** @type {number[][]} */ pts) =>
    `M${pts.map(([x, y]) => `${sx(x).toFixed(2)},${sy(y).toFixed(2)}`).join("L")}Z`;
  CONTOURS.forEach((r, k) => {
    ui.contours[k].setAttribute("d", pathOf(ellipsePoints(c, rho, r)));
  });
  const rStar = Math.sqrt(2 * quadraticLoss(w, c, rho));
  ui.touching.style.display = rStar > 0 ? "" : "none";
  if (rStar > 0) ui.touching.setAttribute("d", pathOf(ellipsePoints(c, rho, rStar)));
  const l1 = Math.abs(w[0]) + Math.abs(w[1]);
  const l2 = Math.hypot(w[0], w[1]);
  ui.diamond.style.display = penalty === "l1" ? "" : "none";
  ui.circle.style.display = penalty === "l2" ? "" : "none";
  const [ox, oy] = [sx(0), sy(0)];
  const t = l1 * (sx(1) - sx(0)); // pixels per unit, the same on both axes
  ui.diamond.setAttribute("points", `${ox + t},${oy} ${ox},${oy - t} ${ox - t},${oy} ${ox},${oy + t}`);
  setAttrs(ui.circle, { cx: ox, cy: oy, r: l2 * (sx(1) - sx(0)) });
  return { l1, l2 };
}

/**
 * w*, the shrinkage from c to it, and the labels of c and w* on the far side of each
 * mark from the other, so that they do not collide.
 * @param {Layout} ui
 * @param {Scale} sx
 * @param {Scale} sy
 * @param {number[]} c
 * @param {number[]} w
 */
function drawMarks(ui, sx, sy, c, w) {
  setAttrs(ui.shrink, { x1: sx(c[0]), y1: sy(c[1]), x2: near(sx, w[0]), y2: near(sy, w[1]) });
  setAttrs(ui.optimum, { cx: near(sx, w[0]), cy: near(sy, w[1]), "data-x": w[0], "data-y": w[1] });
  const side = c[0] >= w[0] ? 1 : -1;
  setAttrs(ui.labelC, {
    x: sx(c[0]) + side * 12,
    y: sy(c[1]) - 10,
    "text-anchor": side > 0 ? "start" : "end",
  });
  setAttrs(ui.labelW, {
    x: near(sx, w[0]) - side * 10,
    y: near(sy, w[1]) + 18,
    "text-anchor": side > 0 ? "end" : "start",
  });
}

/**
 * What the reader is looking at, in words.
 * @param {number[]} c
 * @param {number[]} w
 * @param {number} rho
 * @param {number} alpha
 * @param {"l1" | "l2"} penalty
 */
function statusText(c, w, rho, alpha, penalty) {
  const zeros = (w[0] === 0 ? 1 : 0) + (w[1] === 0 ? 1 : 0);
  const hc = Math.max(Math.abs(c[0] + rho * c[1]), Math.abs(rho * c[0] + c[1]));
  const zeroName = w[0] === 0 ? "w\u2081" : "w\u2082";
  const allZeroAt = `Every weight is 0 once alpha reaches \u2016Hc\u2016\u221e = ${fmt(hc, 2)}.`;
  if (alpha === 0) return "alpha = 0: no penalty, so w* = c.";
  if (penalty === "l1") {
    if (zeros === 2) {
      return (
        `alpha is at least \u2016Hc\u2016\u221e = ${fmt(hc, 2)}: the optimum is the centre of the diamond ` +
        "and every weight is exactly 0."
      );
    }
    if (zeros === 1)
      return `The optimum sits on a corner of the diamond: ${zeroName} = 0 exactly (sparse). ${allZeroAt}`;
    return `The optimum sits on an edge of the diamond: both weights are non-zero, each pulled towards 0. ${allZeroAt}`;
  }
  if (zeros) {
    return (
      `${zeroName} = 0 only because c sits on one particular line through the origin (it moves ` +
      "with alpha and \u03c1); move c slightly and it is no longer 0."
    );
  }
  return (
    "The optimum sits where an ellipse touches the circle: the weights shrink towards 0 overall, but " +
    "the circle has no corners, so a weight is exactly 0 only for c on one of two particular lines."
  );
}
