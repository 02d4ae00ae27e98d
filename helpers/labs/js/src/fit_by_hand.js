// @ts-check
// Lab 1, fit by hand: drag the points and the two handles of your line; watch the
// squared residuals and the MSE; compare with the least-squares line.

import { Canvas, watchWidth } from "./canvas.js";
import { box, button, readout, readoutGroup, textLine } from "./controls.js";
import { fmt } from "./format.js";
import { askKernel } from "./kernel.js";
import { Lifetime } from "./lifetime.js";
import { clamp, leastSquaresLine, lineMse, mean } from "./numerics.js";
import { PointEditor } from "./points.js";
import { dataAt, drawAxes, keyStep, scale, setAttrs, svg } from "./svg.js";

/**
 * Lab 1's state: the traits of FitCanvas in helpers/labs/fit_by_hand.py.
 * @typedef FitModel
 * @property {number[][]} points  the points, [[x, y], ...]
 * @property {number[]} line  the reader's line through two handles, [x1, y1, x2, y2]
 * @property {boolean} show_best_fit  draw the least-squares line
 * @property {boolean} show_squares  draw each squared residual as a square
 * @property {number[]} xlim  the view's x interval, [x0, x1]
 * @property {number[]} ylim  the view's y interval, [y0, y1]
 * @property {string} xlabel
 * @property {string} ylabel
 * @property {number[]} learner_line  [slope, intercept] of the learner's function, or []
 * @property {string} learner_message  what Python says of the learner's function
 */
/** @typedef {import("@anywidget/types").AnyModel<FitModel>} Model */
/** @typedef {import("./svg.js").Scale} Scale */
/** @typedef {{ slope: number, intercept: number }} Line */

/**
 * The plot's size and margins in SVG pixels: wide for the page's column, narrow for a
 * phone (its text then renders at about its nominal size).
 */
const GEOMETRY = {
  wide: { W: 640, H: 420, M: { left: 62, right: 16, top: 14, bottom: 46 }, ticks: 6 },
  narrow: { W: 360, H: 304, M: { left: 52, right: 14, top: 14, bottom: 44 }, ticks: 5 },
};
/** @typedef {typeof GEOMETRY.wide} Geometry */

/** @type {import("@anywidget/types").Render<FitModel>} */
function render({ model, el }) {
  const life = new Lifetime();
  const ui = buildLayout(el, life);
  let geometry = GEOMETRY.wide;
  let sx = scale(0, 1, 0, 1);
  let sy = scale(0, 1, 0, 1);
  const view = () => ({ sx, sy });
  // A local copy while dragging; the model hears of it at the end of the drag.
  let line = model.get("line").slice();
  const commitLine = () => {
    model.set("line", line.slice());
    model.save_changes();
  };
  const editor = new PointEditor({
    model,
    canvas: ui.canvas,
    life,
    layer: ui.canvas.layer("lab-points"),
    view,
    noun: "point",
    changed: update,
  });
  const handles = lineHandles(ui.canvas, view, {
    line: () => line,
    move: (next, final) => {
      line = next;
      update();
      if (final) commitLine();
    },
  });
  const kernel = askKernel(model, life, update);

  button(
    ui.tools,
    "Snap my line to least squares",
    () => {
      const { xs, ys } = editor.columns();
      const fit = leastSquaresLine(xs, ys);
      if (!Number.isFinite(fit.slope)) return;
      line = [line[0], at(fit, line[0]), line[2], at(fit, line[2])];
      update();
      commitLine();
    },
    life,
  );
  button(
    ui.tools,
    "Reset my line",
    () => {
      const { ys } = editor.columns();
      const m = ys.length ? mean(ys) : 0;
      line = [line[0], m, line[2], m];
      update();
      commitLine();
    },
    life,
  );

  // Everything that depends on the points and the line; runs on every drag event.
  function update() {
    const { xs, ys } = editor.columns();
    const mine = lineThrough(line);
    const fit = leastSquaresLine(xs, ys);
    const learner = kernel() ? model.get("learner_line") : [];
    drawLine(ui.lines.user, sx, sy, mine, true);
    drawLine(ui.lines.best, sx, sy, fit, model.get("show_best_fit") && xs.length > 0);
    const learnerShown = learner.length === 2 && learner.every(Number.isFinite);
    drawLine(ui.lines.learner, sx, sy, { slope: learner[0], intercept: learner[1] }, learnerShown);
    drawResiduals(ui.residuals, geometry, sx, sy, xs, ys, mine, model.get("show_squares"));
    editor.place();
    handles.place();
    showReadouts(ui.readouts, xs, ys, mine, fit);
    ui.verdict.textContent = verdict(xs, ys, mine, fit);
    ui.learner.textContent = kernel() ? model.get("learner_message") : "";
  }

  // The view's limits, labels or geometry changed: new scales, new axes.
  function redraw() {
    const { W, H, M, ticks } = geometry;
    const [x0, x1] = model.get("xlim");
    const [y0, y1] = model.get("ylim");
    sx = scale(x0, x1, M.left, W - M.right);
    sy = scale(y0, y1, H - M.bottom, M.top);
    ui.canvas.size(W, H);
    ui.axes.replaceChildren();
    drawAxes(ui.axes, sx, sy, {
      xlabel: model.get("xlabel"),
      ylabel: model.get("ylabel"),
      xticks: ticks,
      yticks: ticks,
    });
    update();
  }

  life.on(model, "change:line", () => {
    line = model.get("line").slice();
    update();
  });
  life.onChange(model, ["show_best_fit", "show_squares", "learner_line", "learner_message"], update);
  life.onChange(model, ["xlim", "ylim", "xlabel", "ylabel"], redraw);
  watchWidth(el, life, GEOMETRY, (layout) => {
    geometry = layout;
    redraw();
  });
  redraw();
  return life.dispose;
}

export default { render };

// ---------------------------------------------------------------- layout

/**
 * The lab's elements: the plot and its layers, the readouts, the verdict, the
 * learner's note and the tools row.
 * @param {HTMLElement} el
 * @param {Lifetime} life
 */
function buildLayout(el, life) {
  const root = box(el, "lab lab-fit-by-hand");
  const canvas = new Canvas(root, life, {
    label: "Scatter plot with draggable points and a draggable line",
    description:
      "Each point and each of the two line handles can be focused with Tab and moved with the arrow " +
      "keys (Shift for larger steps). Delete removes a focused point; double-click the plot to add one.",
  });
  const axes = canvas.group();
  const residuals = { squares: canvas.group({ class: "lab-squares" }), lines: canvas.group() };
  const linesLayer = canvas.group();
  const lines = {
    best: svg("line", { class: "lab-line-best" }),
    learner: svg("line", { class: "lab-line-learner" }),
    user: svg("line", { class: "lab-line-user" }),
  };
  linesLayer.append(lines.best, lines.learner, lines.user);

  const panel = box(root, "lab-readouts");
  const mine = readoutGroup(panel, "Your line");
  const best = readoutGroup(panel, "Least squares");
  const readouts = {
    slope: readout(mine, "slope", "slope"),
    intercept: readout(mine, "intercept", "intercept"),
    mse: readout(mine, "mse", "MSE"),
    bestSlope: readout(best, "best-slope", "slope"),
    bestIntercept: readout(best, "best-intercept", "intercept"),
    bestMse: readout(best, "best-mse", "MSE"),
  };
  const verdict = textLine(root, "lab-status", { readout: "verdict", live: true });
  const learner = textLine(root, "lab-learner", { readout: "learner" });
  const tools = box(root, "lab-tools");
  return { canvas, axes, residuals, lines, readouts, verdict, learner, tools };
}
/** @typedef {ReturnType<typeof buildLayout>} Layout */

// ---------------------------------------------------------------- the line and its handles

/**
 * The line through the handles [x1, y1, x2, y2].
 * @param {number[]} line
 * @returns {Line}
 */
function lineThrough([x1, y1, x2, y2]) {
  const slope = (y2 - y1) / (x2 - x1);
  return { slope, intercept: y1 - slope * x1 };
}

/** @param {Line} l @param {number} x */
const at = (l, x) => l.slope * x + l.intercept;

/**
 * The two handles of the reader's line. Their x is kept apart by a fiftieth of the view,
 * so the line never turns vertical.
 * @param {Canvas} canvas
 * @param {() => { sx: Scale, sy: Scale }} view
 * @param {{ line: () => number[], move: (line: number[], final: boolean) => void }} state
 */
function lineHandles(canvas, view, state) {
  const layer = canvas.layer("lab-handles");
  const marks = [0, 1].map((k) =>
    canvas.mark(layer, "lab-handle", {
      toData: (px, py) => dataAt(view().sx, view().sy, px, py),
      keyStep: (big) => keyStep(view().sx, view().sy, big),
      move: (x, y, final) => {
        const { sx } = view();
        const line = state.line().slice();
        const other = line[2 * (1 - k)];
        const gap = (sx.domain[1] - sx.domain[0]) / 50;
        line[2 * k] = clamp(k === 0 ? Math.min(x, other - gap) : Math.max(x, other + gap), ...sx.domain);
        line[2 * k + 1] = y;
        state.move(line, final);
      },
    }),
  );
  return {
    place() {
      const { sx, sy } = view();
      const line = state.line();
      marks.forEach((mark, k) => {
        const [x, y] = [line[2 * k], line[2 * k + 1]];
        canvas.place(mark, sx(x), sy(clamp(y, ...sy.domain)));
        mark.dataset.x = String(x);
        mark.dataset.y = String(y);
        mark.setAttribute("aria-label", `line handle ${k + 1}: x ${fmt(x, 2)}, y ${fmt(y, 2)}`);
      });
    },
  };
}

// ---------------------------------------------------------------- drawing

/**
 * Draw `l` across the view in the SVG line `el`, or hide it.
 * @param {SVGLineElement} el
 * @param {Scale} sx
 * @param {Scale} sy
 * @param {Line} l
 * @param {boolean} visible
 */
function drawLine(el, sx, sy, l, visible) {
  el.style.display = visible ? "" : "none";
  if (!visible) return;
  const [x0, x1] = sx.domain;
  setAttrs(el, { x1: sx(x0), x2: sx(x1), y1: sy(at(l, x0)), y2: sy(at(l, x1)) });
}

/**
 * Each residual as a vertical segment from the point to the line and, when `squares`,
 * as a square of area r^2 in y units, drawn towards the middle of the plot so that it
 * stays on the canvas. The elements are reused from one drag event to the next.
 * @param {{ squares: SVGGElement, lines: SVGGElement }} layers
 * @param {Geometry} geometry
 * @param {Scale} sx
 * @param {Scale} sy
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {Line} l
 * @param {boolean} squares
 */
function drawResiduals(layers, { W, M }, sx, sy, xs, ys, l, squares) {
  const rects = /** @type {HTMLCollectionOf<SVGRectElement>} */ (layers.squares.children);
  const segments = /** @type {HTMLCollectionOf<SVGLineElement>} */ (layers.lines.children);
  while (rects.length < xs.length) layers.squares.appendChild(svg("rect", { class: "lab-square" }));
  while (segments.length < xs.length) layers.lines.appendChild(svg("line", { class: "lab-residual" }));
  const pxPerY = Math.abs(sy(1) - sy(0));
  const middle = (M.left + W - M.right) / 2;
  for (let i = 0; i < rects.length; i++) {
    const on = i < xs.length;
    segments[i].style.display = on ? "" : "none";
    rects[i].style.display = on && squares ? "" : "none";
    if (!on) continue;
    const fitted = at(l, xs[i]);
    const px = sx(xs[i]);
    const side = Math.abs(ys[i] - fitted) * pxPerY;
    setAttrs(segments[i], { x1: px, x2: px, y1: sy(ys[i]), y2: sy(fitted) });
    setAttrs(rects[i], {
      x: px > middle ? px - side : px,
      y: Math.min(sy(ys[i]), sy(fitted)),
      width: side,
      height: side,
    });
  }
}

// ---------------------------------------------------------------- readouts

/**
 * @param {Layout["readouts"]} set
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {Line} mine
 * @param {Line} fit
 */
function showReadouts(set, xs, ys, mine, fit) {
  set.slope(mine.slope);
  set.intercept(mine.intercept);
  set.mse(lineMse(xs, ys, mine.slope, mine.intercept));
  set.bestSlope(fit.slope);
  set.bestIntercept(fit.intercept);
  set.bestMse(lineMse(xs, ys, fit.slope, fit.intercept));
}

/**
 * How the reader's line compares with least squares, in words.
 * @param {number[]} xs
 * @param {number[]} ys
 * @param {Line} mine
 * @param {Line & { degenerate: boolean }} fit
 */
function verdict(xs, ys, mine, fit) {
  if (!xs.length) return "No points: double-click the plot to add some.";
  if (fit.degenerate) {
    return (
      "Every point has the same x, so no slope is better than another: least squares (like " +
      "helpers.fit_normal_equation) returns the flat line through the mean of y."
    );
  }
  const userMse = lineMse(xs, ys, mine.slope, mine.intercept);
  const bestMse = lineMse(xs, ys, fit.slope, fit.intercept);
  const excess = bestMse > 0 ? (userMse / bestMse - 1) * 100 : userMse > 0 ? Infinity : 0;
  if (excess < 0.5) return "Your line is as good as least squares (within 0.5% of the smallest MSE).";
  return `Your MSE is ${Number.isFinite(excess) ? `${excess.toFixed(0)}%` : "far"} above the smallest possible.`;
}
