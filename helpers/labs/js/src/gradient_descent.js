// @ts-check
// Lab 2, gradient descent: choose a learning rate and momentum, step or run descent on
// the MSE of a one-feature line, and watch the path of (w, b) over the loss contours,
// the loss curve, and where the learning rate sits against 2 / lambda_max.

import { Canvas, watchWidth } from "./canvas.js";
import { box, button, labelWidgetControls, readout, textLine } from "./controls.js";
import { fmt } from "./format.js";
import { askKernel } from "./kernel.js";
import { Lifetime } from "./lifetime.js";
import { clamp, descend, leastSquaresLine, lineMse, mean, stabilityLimit1d } from "./numerics.js";
import { dataAt, drawAxes, keyStep, scale, setAttrs, svg } from "./svg.js";

/**
 * Lab 2's state: the traits of DescentCanvas in helpers/labs/gradient_descent.py.
 * @typedef DescentModel
 * @property {number[]} x  the feature
 * @property {number[]} y  the targets
 * @property {number} learning_rate  > 0
 * @property {number} momentum  the heavy-ball beta, in [0, 1)
 * @property {boolean} scale_features  standardize the feature before descending
 * @property {number[]} start  the starting (w, b)
 * @property {number} max_steps
 * @property {number} tol  converged when the gradient norm falls to tol times its first value
 * @property {number[][]} path  written by the view: the (w, b) shown so far
 * @property {number[]} losses  written by the view: their losses
 * @property {string} status  written by the view: ready, running, converged, diverging or stopped
 * @property {number} n_steps  written by the view: the steps shown
 * @property {number[][]} learner_path  from Python: the run with the learner's gradient, or []
 * @property {string} learner_message  from Python: what it says of the learner's gradient
 */
/** @typedef {import("@anywidget/types").AnyModel<DescentModel>} Model */
/** @typedef {import("./svg.js").Scale} Scale */
/** @typedef {import("./svg.js").Box} Box */
/** @typedef {import("./numerics.js").DescentRun} DescentRun */

const LR_RANGE = /** @type {[number, number]} */ ([1e-4, 10]); // the learning-rate strip and the slider share it
const N_CONTOURS = 8;

/**
 * The panels in SVG pixels. Wide: the contours and the loss curve side by side over the
 * learning-rate strip; narrow (a phone): all three stacked.
 * @typedef Geometry
 * @property {number} W
 * @property {number} H
 * @property {Box} contour  the (w, b) plane
 * @property {Box} loss  the loss curve
 * @property {{ left: number, right: number, y: number }} strip  the learning-rate scale
 * @property {string[]} stripLegend  the strip's caption, one string per line
 * @property {number} ticks  about this many ticks per axis
 */
// A data table: the two layouts have the same fields by design, only their numbers differ.
/** @type {{ wide: Geometry, narrow: Geometry }} */
const GEOMETRY = {
  wide: {
    W: 780,
    H: 470,
    contour: { left: 64, right: 420, top: 14, bottom: 318 },
    loss: { left: 496, right: 764, top: 14, bottom: 318 },
    strip: { left: 64, right: 764, y: 414 },
    stripLegend: [
      "learning rate \u03b7 (log scale); shaded: past the stability limit, where descent diverges",
    ],
    ticks: 6,
  },
  narrow: {
    W: 360,
    H: 654,
    contour: { left: 52, right: 346, top: 14, bottom: 274 },
    loss: { left: 52, right: 346, top: 330, bottom: 470 },
    strip: { left: 26, right: 338, y: 600 },
    stripLegend: [
      "learning rate \u03b7 (log scale); shaded: past the",
      "stability limit, where descent diverges",
    ],
    ticks: 5,
  },
};

/** @type {import("@anywidget/types").Render<DescentModel>} */
function render({ model, el }) {
  const life = new Lifetime();
  const ui = buildLayout(el, life);
  let geometry = GEOMETRY.wide;
  let startPt = model.get("start").slice();
  /** @type {Plane} */
  let plane = makePlane(model, startPt, geometry);
  const startLoss = () => lineMse(plane.feature.z, model.get("y"), startPt[0], startPt[1]);
  /** @type {DescentRun} */
  let run = { path: [[startPt[0], startPt[1]]], losses: [], status: "stopped" };
  let lossScales = { step: scale(0, 1, 0, 1), loss: scale(0, 1, 0, 1) };
  let shown = 0;
  const kernel = askKernel(model, life, drawLearner);

  button(
    ui.tools,
    "Step",
    () => {
      player.stop();
      show(Math.min(shown + 1, run.path.length - 1));
      commit();
    },
    life,
  );
  const runButton = button(ui.tools, "Run", () => player.toggle(), life);
  runButton.setAttribute("aria-pressed", "false");
  button(
    ui.tools,
    "Reset",
    () => {
      player.stop();
      show(0);
      commit();
    },
    life,
  );
  ui.tools.appendChild(ui.rate.label);
  const player = makePlayer(life, {
    step: (stride) => {
      show(Math.min(shown + stride, run.path.length - 1));
      return shown < run.path.length - 1;
    },
    started: () => {
      if (shown >= run.path.length - 1) show(0);
      runButton.textContent = "Pause";
      runButton.setAttribute("aria-pressed", "true");
    },
    stopped: (finished) => {
      runButton.textContent = "Run";
      runButton.setAttribute("aria-pressed", "false");
      if (finished) commit();
    },
  });
  const syncRate = rateSlider(ui.rate.input, model, life);

  const start = ui.canvas.mark(ui.canvas.marks, "lab-handle", {
    toData: (px, py) => dataAt(plane.sw, plane.sb, px, py),
    keyStep: (big) => keyStep(plane.sw, plane.sb, big, { fraction: 1 / 50, factor: 5 }),
    move: (w, b, final) => {
      player.stop();
      startPt = [w, b];
      drawContours(ui.g.contours, ui.optimum, plane, startLoss());
      descendNow();
      show(0);
      drawLearner();
      if (final) {
        model.set("start", startPt.slice());
        commit();
      }
    },
  });

  /** The whole run from the start, and the loss panel's axes for it. */
  function descendNow() {
    const [w0, b0] = startPt;
    run = descend(plane.feature.z, model.get("y"), {
      eta: model.get("learning_rate"),
      beta: model.get("momentum"),
      nIters: model.get("max_steps"),
      tol: model.get("tol"),
      w0,
      b0,
    });
    lossScales = drawLossAxes(ui.g.lossAxes, geometry, run, plane.bestLoss);
    const limit = stabilityLimit1d(plane.feature.z, model.get("momentum"));
    drawStrip(ui.g.strip, geometry, limit, model.get("learning_rate"));
    ui.readouts.limit(limit, fmt(limit, 4));
  }

  /**
   * Show the first k steps of the run.
   * @param {number} k
   */
  function show(k) {
    shown = k;
    drawRun(ui, plane, run, lossScales, k);
    placeStart(ui.canvas, start, plane, startPt);
    showStep(ui, run, k);
  }

  function drawLearner() {
    const lp = kernel() ? model.get("learner_path") : [];
    ui.learnerPath.setAttribute("points", polyline(lp, plane.sw, plane.sb));
    ui.learner.textContent = kernel() ? model.get("learner_message") : "";
  }

  /** Tell the model what is shown. */
  function commit() {
    model.set("path", run.path.slice(0, shown + 1));
    model.set("losses", run.losses.slice(0, Math.min(shown + 1, run.losses.length)));
    model.set("status", statusOf(run, shown));
    model.set("n_steps", shown);
    model.save_changes();
  }

  /** A new run from the start (the plane too when `relayout`), shown from step 0. */
  function refresh({ relayout = false } = {}) {
    player.stop();
    if (relayout) layoutPlane();
    descendNow();
    show(0);
    drawLearner();
  }

  /** The plane's window, axes and contours, for the data and the start. */
  function layoutPlane() {
    plane = makePlane(model, startPt, geometry);
    ui.g.contourAxes.replaceChildren();
    drawAxes(ui.g.contourAxes, plane.sw, plane.sb, {
      xlabel: model.get("scale_features") ? "w (per standard deviation of x)" : "w (slope)",
      ylabel: "b (intercept)",
      xticks: geometry.ticks,
      yticks: geometry.ticks,
    });
    drawContours(ui.g.contours, ui.optimum, plane, startLoss());
  }

  life.on(model, "change:learning_rate", () => {
    syncRate();
    refresh();
    commit();
  });
  life.on(model, "change:momentum", () => {
    refresh();
    commit();
  });
  life.on(model, "change:scale_features", () => {
    // The plane changes with the feature: start again from where the raw run started.
    refresh({ relayout: true });
    commit();
  });
  life.on(model, "change:start", () => {
    const [w, b] = model.get("start");
    if (w === startPt[0] && b === startPt[1]) return; // our own drag, already drawn
    startPt = [w, b];
    refresh({ relayout: true });
  });
  life.onChange(model, ["x", "y", "max_steps", "tol"], () => refresh({ relayout: true }));
  life.onChange(model, ["learner_path", "learner_message"], drawLearner);
  watchWidth(el, life, GEOMETRY, (layout) => {
    geometry = layout;
    sizeCanvas(ui, geometry);
    const k = shown;
    layoutPlane();
    descendNow();
    show(Math.min(k, run.path.length - 1));
    drawLearner();
  });

  labelWidgetControls(el, life);
  syncRate();
  sizeCanvas(ui, geometry);
  layoutPlane();
  descendNow();
  show(0);
  drawLearner();
  return life.dispose;
}

export default { render };

// ---------------------------------------------------------------- layout

/**
 * The lab's elements: the tools row, the plot with its clipped layers, the readouts,
 * the status line and the learner's note.
 * @param {HTMLElement} el
 * @param {Lifetime} life
 */
function buildLayout(el, life) {
  const root = box(el, "lab lab-descent");
  const tools = box(root, "lab-tools");
  const canvas = new Canvas(root, life, {
    label: "Descent path over the loss contours, the loss curve, and the learning-rate scale",
    description:
      "The orange square is the starting point: focus it with Tab and move it with the arrow keys, " +
      "or drag it. Step, Run and Reset are buttons above the plot.",
  });
  const clips = { contour: canvas.clipRect(), loss: canvas.clipRect() };
  const g = {
    contourAxes: canvas.group(),
    contours: canvas.group({ "clip-path": clips.contour.url }),
    path: canvas.group({ "clip-path": clips.contour.url }),
    marks: canvas.group(),
    lossAxes: canvas.group(),
    loss: canvas.group({ "clip-path": clips.loss.url }),
    strip: canvas.group(),
  };
  const learnerPath = svg("polyline", { class: "lab-path-learner" });
  const path = svg("polyline", { class: "lab-path" });
  const dot = svg("circle", { r: 5, class: "lab-path-dot" });
  g.path.append(learnerPath, path, dot);
  const optimum = g.marks.appendChild(svg("path", { class: "lab-optimum" }));
  const lossLine = svg("polyline", { class: "lab-path" });
  const lossDot = svg("circle", { r: 4, class: "lab-path-dot" });
  g.loss.append(lossLine, lossDot);

  const panel = box(root, "lab-readouts");
  const readouts = {
    step: readout(panel, "step", "step"),
    loss: readout(panel, "loss", "loss (MSE)"),
    w: readout(panel, "w", "w"),
    b: readout(panel, "b", "b"),
    limit: readout(panel, "limit", "stability limit 2(1+\u03b2)/\u03bb_max"),
    status: readout(panel, "status", "status"),
  };
  const status = textLine(root, "lab-status", { live: true });
  const learner = textLine(root, "lab-learner", { readout: "learner" });

  // The log-scale learning-rate slider lives here rather than as an ipywidgets
  // FloatLogSlider, which snaps the value to its step grid (0.02 would become 0.01995)
  // and writes the snapped value back. This one writes only when the reader moves it.
  const label = document.createElement("label");
  label.className = "lab-range";
  label.textContent = "learning rate (log scale) ";
  const input = document.createElement("input");
  Object.assign(input, {
    type: "range",
    min: String(Math.log10(LR_RANGE[0])),
    max: String(Math.log10(LR_RANGE[1])),
    step: "0.01",
  });
  input.setAttribute("aria-valuetext", "");
  label.appendChild(input);
  return {
    tools,
    rate: { label, input },
    canvas,
    clips,
    g,
    path,
    learnerPath,
    dot,
    optimum,
    lossLine,
    lossDot,
    readouts,
    status,
    learner,
  };
}
/** @typedef {ReturnType<typeof buildLayout>} Layout */

/**
 * The canvas's size and the clip rectangles of its two panels, for `geometry`.
 * @param {Layout} ui
 * @param {Geometry} geometry
 */
function sizeCanvas(ui, { W, H, contour, loss }) {
  ui.canvas.size(W, H);
  for (const [rect, b] of /** @type {const} */ ([
    [ui.clips.contour.rect, contour],
    [ui.clips.loss.rect, loss],
  ])) {
    setAttrs(rect, { x: b.left, y: b.top, width: b.right - b.left, height: b.bottom - b.top });
  }
}

/**
 * Keep the model's learning rate and the log-scale slider `input` in step; returns the
 * function that shows the model's value on the slider.
 * @param {HTMLInputElement} input
 * @param {Model} model
 * @param {Lifetime} life
 */
function rateSlider(input, model, life) {
  life.listen(input, "input", () => {
    model.set("learning_rate", Number((10 ** Number(input.value)).toPrecision(3)));
    model.save_changes();
  });
  return () => {
    const lr = model.get("learning_rate");
    input.value = String(Math.log10(lr));
    input.setAttribute("aria-valuetext", fmt(lr, 4));
  };
}

// ---------------------------------------------------------------- the (w, b) plane

/**
 * The feature as descent sees it: raw, or standardized with the data's mean and sd.
 * @param {number[]} xs
 * @param {boolean} standardize
 */
function featureFor(xs, standardize) {
  if (!standardize) return { z: xs.slice(), mu: 0, sd: 1 };
  const mu = mean(xs);
  const sd = Math.sqrt(mean(xs.map((v) => (v - mu) ** 2)));
  if (!(sd > 0)) return { z: xs.slice(), mu: 0, sd: 1 };
  return { z: xs.map((v) => (v - mu) / sd), mu, sd };
}

/**
 * Half the Hessian of the MSE in (w, b), (1/n) [[sum z^2, sum z], [sum z, n]], eigen-decomposed.
 * @param {number[]} z
 */
function quadraticForm(z) {
  const a = mean(z.map((v) => v * v));
  const c = 1;
  const off = mean(z);
  const half = Math.sqrt(((a - c) / 2) ** 2 + off * off);
  const l1 = (a + c) / 2 + half;
  const l2 = Math.max((a + c) / 2 - half, 0);
  // Eigenvector of l1; the other is perpendicular.
  let v = Math.abs(off) > 1e-300 ? [l1 - c, off] : a >= c ? [1, 0] : [0, 1];
  const norm = Math.hypot(v[0], v[1]);
  v = [v[0] / norm, v[1] / norm];
  return { l1, l2, v1: v, v2: [-v[1], v[0]] };
}

/**
 * The (w, b) plane: the feature as descent sees it, the loss's quadratic form and its
 * minimum, and the window shown, around the minimum and the start.
 * @typedef Plane
 * @property {{ z: number[], mu: number, sd: number }} feature
 * @property {ReturnType<typeof quadraticForm>} form
 * @property {{ slope: number, intercept: number }} best  the minimum (w, b)
 * @property {number} bestLoss
 * @property {Scale} sw  w to SVG pixels
 * @property {Scale} sb  b to SVG pixels
 */

/**
 * @param {Model} model
 * @param {number[]} startPt
 * @param {Geometry} geometry
 * @returns {Plane}
 */
function makePlane(model, [w0, b0], { contour }) {
  const feature = featureFor(model.get("x"), model.get("scale_features"));
  const ys = model.get("y");
  const form = quadraticForm(feature.z);
  const best = leastSquaresLine(feature.z, ys);
  const bestLoss = lineMse(feature.z, ys, best.slope, best.intercept);
  const spanW = Math.max(Math.abs(w0 - best.slope), 0.5) * 1.35;
  const spanB = Math.max(Math.abs(b0 - best.intercept), 0.5) * 1.35;
  const sw = scale(best.slope - spanW, best.slope + spanW, contour.left, contour.right);
  const sb = scale(best.intercept - spanB, best.intercept + spanB, contour.bottom, contour.top);
  return { feature, form, best, bestLoss, sw, sb };
}

/**
 * The loss's contours, spaced geometrically down from the start's loss (so the start is
 * on the outermost), and the minimum's diamond.
 * @param {SVGGElement} g
 * @param {SVGPathElement} optimum
 * @param {Plane} plane
 * @param {number} startLoss
 */
function drawContours(g, optimum, { form, best, bestLoss, sw, sb }, startLoss) {
  g.replaceChildren();
  const top = Math.max(startLoss - bestLoss, 1e-12);
  for (let k = 0; k < N_CONTOURS; k++) {
    const c = top * 0.4 ** k;
    const r1 = Math.sqrt(c / form.l1);
    const r2 = form.l2 > 1e-12 * form.l1 ? Math.sqrt(c / form.l2) : 1e6;
    const pts = [];
    for (let i = 0; i <= 120; i++) {
      const t = (2 * Math.PI * i) / 120;
      const u = r1 * Math.cos(t);
      const v = Math.min(r2, 1e6) * Math.sin(t);
      pts.push([
        best.slope + u * form.v1[0] + v * form.v2[0],
        best.intercept + u * form.v1[1] + v * form.v2[1],
      ]);
    }
    g.appendChild(svg("polyline", { points: polyline(pts, sw, sb), class: "lab-contour" }));
  }
  optimum.setAttribute("d", `M${sw(best.slope)},${sb(best.intercept) - 7} l6,7 l-6,7 l-6,-7 z`);
}

// ---------------------------------------------------------------- the loss curve and the strip

/**
 * The loss panel's axes for `run` (log10 of the loss against the step); returns its scales.
 * @param {SVGGElement} g
 * @param {Geometry} geometry
 * @param {DescentRun} run
 * @param {number} bestLoss
 */
function drawLossAxes(g, { loss: panel, ticks }, run, bestLoss) {
  const maxLoss = Math.max(...run.losses);
  const minLoss = Math.max(Math.min(...run.losses, bestLoss), 1e-12);
  const lo = Math.log10(minLoss);
  const hi = Math.max(Math.log10(maxLoss), lo + 1);
  const step = scale(0, Math.max(run.losses.length - 1, 10), panel.left, panel.right);
  const loss = scale(lo, hi + 0.05 * (hi - lo), panel.bottom, panel.top);
  g.replaceChildren();
  drawAxes(g, step, loss, { xlabel: "step", ylabel: "log10 loss", xticks: ticks, yticks: ticks });
  return { step, loss };
}

/**
 * The learning-rate strip: a log scale from LR_RANGE[0] to LR_RANGE[1], shaded past the
 * stability limit, with the limit and the current rate marked.
 * @param {SVGGElement} g
 * @param {Geometry} geometry
 * @param {number} limit
 * @param {number} lr
 */
function drawStrip(g, { strip, stripLegend }, limit, lr) {
  const [e0, e1] = LR_RANGE.map(Math.log10);
  const at = (/** @type {number} */ rate) =>
    strip.left + ((Math.log10(rate) - e0) / (e1 - e0)) * (strip.right - strip.left);
  // A label centred on `x`, kept inside the strip.
  const centred = (/** @type {number} */ x, /** @type {number} */ half) =>
    clamp(x, strip.left + half, strip.right - half);
  const y = strip.y;
  const xl = at(clamp(limit, ...LR_RANGE));
  g.replaceChildren();
  g.appendChild(
    svg("rect", {
      x: xl,
      y: y - 12,
      width: Math.max(strip.right - xl, 0),
      height: 24,
      class: "lab-diverge-zone",
    }),
  );
  g.appendChild(svg("line", { x1: strip.left, x2: strip.right, y1: y, y2: y, class: "lab-frame" }));
  for (let e = e0; e <= e1; e++) {
    const p = at(10 ** e);
    const label = e === 0 ? "1" : e === 1 ? "10" : `1e${e}`.replace("-", "\u2212");
    g.appendChild(svg("line", { x1: p, x2: p, y1: y - 4, y2: y + 4, class: "lab-frame" }));
    g.appendChild(svg("text", { x: p, y: y + 20, class: "lab-tick", "text-anchor": "middle" }, label));
  }
  stripLegend.forEach((text, i) => {
    const dy = 40 + 16 * (stripLegend.length - 1 - i);
    g.appendChild(svg("text", { x: strip.left, y: y - dy, class: "lab-legend" }, text));
  });
  g.appendChild(svg("line", { x1: xl, x2: xl, y1: y - 16, y2: y + 16, class: "lab-marker lab-limit" }));
  g.appendChild(
    svg(
      "text",
      { x: centred(xl, 66), y: y + 34, class: "lab-legend", "text-anchor": "middle" },
      `2(1+\u03b2)/\u03bb_max = ${fmt(limit, 4)}`,
    ),
  );
  const pl = at(clamp(lr, ...LR_RANGE));
  g.appendChild(svg("path", { d: `M${pl},${y - 3} l-7,-12 l14,0 z`, class: "lab-optimum lab-lr-marker" }));
  g.appendChild(
    svg(
      "text",
      { x: centred(pl, 40), y: y - 18, class: "lab-legend", "text-anchor": "middle" },
      `\u03b7 = ${fmt(lr, 4)}`,
    ),
  );
}

// ---------------------------------------------------------------- a step of the run

/**
 * The run's first k steps: the path over the contours and the loss curve, each with a
 * dot at step k.
 * @param {Layout} ui
 * @param {Plane} plane
 * @param {DescentRun} run
 * @param {{ step: Scale, loss: Scale }} lossScales
 * @param {number} k
 */
function drawRun(ui, { sw, sb }, run, { step, loss }, k) {
  const [w, b] = run.path[k];
  ui.path.setAttribute("points", polyline(run.path.slice(0, k + 1), sw, sb));
  setAttrs(ui.dot, { cx: px(sw(w)), cy: px(sb(b)) });
  const logLoss = (/** @type {number} */ l) => Math.log10(Math.max(l, 1e-300));
  const lossPoints = run.losses.slice(0, k + 1).map((l, i) => [i, logLoss(l)]);
  ui.lossLine.setAttribute("points", polyline(lossPoints, step, loss));
  setAttrs(ui.lossDot, {
    cx: step(k),
    cy: px(loss(logLoss(run.losses[Math.min(k, run.losses.length - 1)]))),
  });
}

/**
 * The starting point's mark at the start, with its data and its accessible name.
 * @param {Canvas} canvas
 * @param {HTMLElement} mark
 * @param {Plane} plane
 * @param {number[]} startPt
 */
function placeStart(canvas, mark, { sw, sb }, [w0, b0]) {
  canvas.place(mark, sw(w0), sb(b0));
  mark.dataset.x = String(w0);
  mark.dataset.y = String(b0);
  mark.setAttribute("aria-label", `starting point: w ${fmt(w0, 2)}, b ${fmt(b0, 2)}`);
}

/**
 * The readouts and the status line at step k.
 * @param {Layout} ui
 * @param {DescentRun} run
 * @param {number} k
 */
function showStep(ui, run, k) {
  const [w, b] = run.path[k];
  const status = statusOf(run, k);
  ui.readouts.step(k, String(k));
  ui.readouts.loss(run.losses[Math.min(k, run.losses.length - 1)]);
  ui.readouts.w(w);
  ui.readouts.b(b);
  ui.readouts.status(status, status);
  ui.status.textContent = statusText(status, k);
}

// ---------------------------------------------------------------- running

/**
 * Run and pause: one step per animation frame at first, then faster, so that long runs
 * finish in a few seconds. The frames belong to the view's lifetime, so a removed view
 * stops running.
 * @param {Lifetime} life
 * @param {{ step: (stride: number) => boolean, started: () => void, stopped: (finished: boolean) => void }} hooks
 *   `step` shows `stride` more steps and says whether any are left; `stopped(true)`
 *   after a pause or the last step, `stopped(false)` when something else stops the run
 */
function makePlayer(life, { step, started, stopped }) {
  /** @type {number | null} */
  let timer = null;
  const halt = (/** @type {boolean} */ finished) => {
    if (timer !== null) life.cancelFrame(timer);
    timer = null;
    stopped(finished);
  };
  return {
    stop: () => halt(false),
    toggle() {
      if (timer !== null) {
        halt(true);
        return;
      }
      started();
      let frame = 0;
      const tick = () => {
        frame += 1;
        if (step(frame < 40 ? 1 : Math.ceil(frame / 20))) timer = life.frame(tick);
        else halt(true);
      };
      timer = life.frame(tick);
    },
  };
}

/**
 * The status at step k: ready, running, or how the run ended.
 * @param {DescentRun} run
 * @param {number} k
 */
function statusOf(run, k) {
  if (k < run.path.length - 1) return k === 0 ? "ready" : "running";
  return run.status; // converged, diverging, or stopped (the step budget ran out)
}

/**
 * The status line under the plot.
 * @param {string} status
 * @param {number} k
 */
function statusText(status, k) {
  switch (status) {
    case "ready":
      return "Press Step or Run.";
    case "running":
      return `Step ${k} of the run.`;
    case "converged":
      return `Converged after ${k} steps: the gradient is a millionth of its first size.`;
    case "diverging":
      return (
        "Diverging: each step overshoots further. The learning rate is past the stability limit; " +
        "the run was stopped before the numbers overflow."
      );
    default:
      return (
        `Stopped after ${k} steps without converging: raise the learning rate, add momentum, ` +
        "or standardize the feature."
      );
  }
}

// ---------------------------------------------------------------- helpers

/** A coordinate far outside the view pulled in, so a diverging path draws (clipped), never NaN. */
const px = (/** @type {number} */ p) => (Number.isFinite(p) ? clamp(p, -1e5, 1e5) : 0);

/**
 * The `points` attribute of a polyline through `pts` (data pairs) under the scales.
 * @param {number[][]} pts
 * @param {Scale} sx
 * @param {Scale} sy
 */
const polyline = (pts, sx, sy) => pts.map(([a, b]) => `${px(sx(a))},${px(sy(b))}`).join(" ");
