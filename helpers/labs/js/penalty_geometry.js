// Lab 4, penalty geometry: in the plane of two weights, the loss is a bowl with
// elliptical contours around its minimum c; a penalty pulls the optimum towards 0.
// The L1 penalty's diamond has corners on the axes, so the optimum often lands on
// one and a weight is exactly 0; the L2 penalty's circle has none.
// Model traits (see helpers/labs/penalty_geometry.py): c [c1, c2], rho, alpha,
// penalty_index (0 = L1, 1 = L2), lim (the view is [-lim, lim] on both axes),
// learner_w [w1, w2] or [], learner_state {c, rho, alpha, penalty_index}, learner_message.

const P = 420; // the square plot area, in SVG pixels: equal scales on both axes
const M = { left: 62, right: 190, top: 14, bottom: 46 };
const W = M.left + P + M.right;
const H = M.top + P + M.bottom;
const CONTOURS = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6]; // sqrt((w - c)^T H (w - c)) of each
const N_ELLIPSE = 120;
const PENALTIES = ["l1", "l2"];

// ---------------------------------------------------------------- math (tested)

/**
 * The minimizer of 0.5 (w - c)^T H (w - c) + penalty(w), H = [[1, rho], [rho, 1]], with
 * penalty alpha ||w||_1 ("l1") or (alpha / 2) ||w||^2 ("l2"). The L1 case is solved
 * exactly by its optimality (KKT) conditions, trying the sparsest supports first: the
 * objective is strictly convex (|rho| < 1), so exactly one candidate satisfies them.
 * Returns {w, support} (support: which coordinates are non-zero, "none", "w1", "w2", "both").
 */
export function penalizedOptimum2d(c, rho, alpha, penalty) {
  const g = [c[0] + rho * c[1], rho * c[0] + c[1]]; // H c, minus the loss's gradient at w = 0
  if (penalty === "l2") {
    // (H + alpha I) w = H c
    const w = solveSPD([[1 + alpha, rho], [rho, 1 + alpha]], g);
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
  for (const s of [[1, 1], [1, -1], [-1, 1], [-1, -1]]) {
    const w = [c[0] - (alpha * (s[0] - rho * s[1])) / det, c[1] - (alpha * (s[1] - rho * s[0])) / det];
    if (Math.sign(w[0]) === s[0] && Math.sign(w[1]) === s[1]) return { w, support: "both" };
  }
  // Unreachable for |rho| < 1; coordinate descent as a safety net.
  const w = lassoCoordinateDescent2d(c, rho, alpha);
  return { w, support: supportOf(w) };
}

/** The same L1 problem by coordinate descent, w_j <- S((Hc)_j - rho w_k, alpha), to a change < 1e-13. */
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

/** The loss 0.5 (w - c)^T H (w - c). */
export function quadraticLoss(w, c, rho) {
  const d0 = w[0] - c[0];
  const d1 = w[1] - c[1];
  return 0.5 * (d0 * d0 + 2 * rho * d0 * d1 + d1 * d1);
}

/**
 * Points of the ellipse (w - c)^T H (w - c) = r^2. H's eigenvectors are (1, 1)/sqrt 2
 * and (1, -1)/sqrt 2 with eigenvalues 1 + rho and 1 - rho, so its semi-axes are
 * r / sqrt(1 + rho) and r / sqrt(1 - rho) along them.
 */
export function ellipsePoints(c, rho, r, n = N_ELLIPSE) {
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

function supportOf(w) {
  const nz = w.map((v) => v !== 0);
  return nz[0] && nz[1] ? "both" : nz[0] ? "w1" : nz[1] ? "w2" : "none";
}

// ---------------------------------------------------------------- the lab

const STYLE = {
  veil: "fill: var(--lab-bg); opacity: 0.85",
  axis: "stroke: var(--lab-muted); stroke-width: 1.2",
  learner: "fill: none; stroke: var(--lab-purple); stroke-width: 2.5; stroke-dasharray: 3 3",
  // The legend's sample of c: the look of .lab-point without the class (which marks what can be dragged).
  cSample: "fill: var(--lab-blue); stroke: var(--lab-bg); stroke-width: 1.5",
};

let clipCount = 0;

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "lab lab-penalty-geometry";
  el.appendChild(root);

  const plot = svg("svg", {
    viewBox: `0 0 ${W} ${H}`, class: "lab-svg", role: "group",
    "aria-label": "The plane of the weights w1 and w2: loss contours around the draggable "
      + "unconstrained optimum c, the penalty's region and the penalized optimum w*",
  });
  plot.appendChild(svg("desc", {}, "The unconstrained optimum c can be focused with Tab and moved "
    + "with the arrow keys (Shift for larger steps), or dragged. The penalty, alpha and the "
    + "correlation rho are set with the controls above the plot. The readouts below give the "
    + "penalized optimum w* and how many of its weights are exactly 0."));
  root.appendChild(plot);

  const panel = document.createElement("div");
  panel.className = "lab-readouts";
  root.appendChild(panel);
  const group = document.createElement("div");
  group.className = "lab-readout-group";
  group.innerHTML = "<strong>Penalized optimum w*</strong> ";
  panel.appendChild(group);
  const setW1 = readout(group, "w1", "w1");
  const setW2 = readout(group, "w2", "w2");
  const setZeros = readout(group, "zeros", "weights exactly 0");
  const status = textLine(root, "lab-status", { readout: "status", live: true });
  const learnerNote = textLine(root, "lab-learner", { readout: "learner" });

  const clipId = `lab-penalty-clip-${++clipCount}-${Math.random().toString(36).slice(2, 8)}`;
  const defs = svg("defs");
  const clip = svg("clipPath", { id: clipId });
  clip.appendChild(svg("rect", { x: M.left, y: M.top, width: P, height: P }));
  defs.appendChild(clip);
  plot.appendChild(defs);

  const layers = {
    axes: svg("g"), clipped: svg("g", { "clip-path": `url(#${clipId})` }),
    marks: svg("g"), legend: svg("g", { "aria-hidden": "true" }),
  };
  for (const g of Object.values(layers)) plot.appendChild(g);
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
  const point = svg("circle", { r: 8, class: "lab-point", tabindex: 0, role: "button", "data-mark": "c" });
  layers.marks.append(optimum, learnerMark, labelC, labelW, point);

  let sx;
  let sy;
  let regionLabel = null;
  function scales() {
    const lim = model.get("lim");
    sx = scale(-lim, lim, M.left, M.left + P);
    sy = scale(-lim, lim, M.top + P, M.top);
  }
  const toData = (px, py) => [clamp(sx.invert(px), ...sx.domain), clamp(sy.invert(py), ...sy.domain)];
  const keyStep = (big) => {
    const step = ((sx.domain[1] - sx.domain[0]) / 100) * (big ? 10 : 1);
    return [step, step];
  };
  let c = model.get("c").slice();

  draggable(point, {
    toData, keyStep,
    move: (x, y, final) => {
      c = [clamp(x, ...sx.domain), clamp(y, ...sy.domain)];
      update();
      if (final) {
        model.set("c", c.slice());
        model.save_changes();
      }
    },
  });

  const hasLearner = () => (model.get("learner_state") || {}).rho !== undefined;
  function learnerVisible() {
    if (!hasLearner()) return false;
    const s = model.get("learner_state");
    const w = model.get("learner_w");
    return w.length === 2 && w.every(Number.isFinite) && s.c[0] === c[0] && s.c[1] === c[1]
      && s.rho === model.get("rho") && s.alpha === model.get("alpha")
      && s.penalty_index === model.get("penalty_index");
  }

  function drawFrame() {
    layers.axes.replaceChildren();
    drawAxes(layers.axes, sx, sy, { xlabel: "w\u2081", ylabel: "w\u2082" });
    const [x0, x1] = sx.domain;
    zeroAxes[0].setAttribute("x1", sx(x0));
    zeroAxes[0].setAttribute("x2", sx(x1));
    zeroAxes[0].setAttribute("y1", sy(0));
    zeroAxes[0].setAttribute("y2", sy(0));
    zeroAxes[1].setAttribute("x1", sx(0));
    zeroAxes[1].setAttribute("x2", sx(0));
    zeroAxes[1].setAttribute("y1", sy(x0));
    zeroAxes[1].setAttribute("y2", sy(x1));

    const g = layers.legend;
    g.replaceChildren();
    const lx = M.left + P + 16;
    let ly = M.top + 12;
    const entry = (sample, text) => {
      g.appendChild(sample);
      const t = svg("text", { x: lx + 28, y: ly + 4, class: "lab-legend" }, text);
      g.appendChild(t);
      ly += 22;
      return t;
    };
    entry(svg("circle", { cx: lx + 11, cy: ly, r: 6, style: STYLE.cSample }), "c: loss minimum (drag)");
    entry(svg("circle", { cx: lx + 11, cy: ly, r: 5, class: "lab-optimum" }), "w*: penalized optimum");
    entry(svg("line", { x1: lx, x2: lx + 22, y1: ly, y2: ly, class: "lab-contour" }), "loss contours");
    entry(svg("line", { x1: lx, x2: lx + 22, y1: ly, y2: ly, class: "lab-curve" }), "the contour through w*");
    regionLabel = entry(svg("rect", { x: lx + 3, y: ly - 7, width: 16, height: 14, class: "lab-region" }), "");
    if (hasLearner()) {
      entry(svg("circle", { cx: lx + 11, cy: ly, r: 7, style: STYLE.learner }), "your function's w");
    }
  }

  const pathOf = (pts) => "M" + pts.map(([x, y]) => `${sx(x).toFixed(2)},${sy(y).toFixed(2)}`).join("L") + "Z";
  // Marks held a little outside the frame when the point is outside it (the plot clips nothing
  // on this layer), so they stay visible and never get huge coordinates.
  const px = (v) => sx(clamp(v, sx.domain[0] * 1.03, sx.domain[1] * 1.03));
  const py = (v) => sy(clamp(v, sy.domain[0] * 1.03, sy.domain[1] * 1.03));

  // Everything that depends on c, rho, alpha and the penalty; runs on every drag event.
  function update() {
    const rho = model.get("rho");
    const alpha = model.get("alpha");
    const penalty = PENALTIES[model.get("penalty_index")] || "l1";
    const { w } = penalizedOptimum2d(c, rho, alpha, penalty);
    const zeros = (w[0] === 0 ? 1 : 0) + (w[1] === 0 ? 1 : 0);

    CONTOURS.forEach((r, k) => contours[k].setAttribute("d", pathOf(ellipsePoints(c, rho, r))));
    const rStar = Math.sqrt(2 * quadraticLoss(w, c, rho));
    touching.style.display = rStar > 0 ? "" : "none";
    if (rStar > 0) touching.setAttribute("d", pathOf(ellipsePoints(c, rho, rStar)));

    const l1 = Math.abs(w[0]) + Math.abs(w[1]);
    const l2 = Math.hypot(w[0], w[1]);
    diamond.style.display = penalty === "l1" ? "" : "none";
    circle.style.display = penalty === "l2" ? "" : "none";
    const ox = sx(0);
    const oy = sy(0);
    const k = sx(1) - sx(0); // pixels per unit, the same on both axes
    const t = l1 * k;
    diamond.setAttribute("points", `${ox + t},${oy} ${ox},${oy - t} ${ox - t},${oy} ${ox},${oy + t}`);
    circle.setAttribute("cx", ox);
    circle.setAttribute("cy", oy);
    circle.setAttribute("r", l2 * k);
    if (regionLabel) {
      regionLabel.textContent = penalty === "l1"
        ? `|w\u2081| + |w\u2082| \u2264 ${fmt(l1, 2)}`
        : `\u221a(w\u2081\u00b2 + w\u2082\u00b2) \u2264 ${fmt(l2, 2)}`;
    }

    shrink.setAttribute("x1", sx(c[0]));
    shrink.setAttribute("y1", sy(c[1]));
    shrink.setAttribute("x2", px(w[0]));
    shrink.setAttribute("y2", py(w[1]));
    optimum.setAttribute("cx", px(w[0]));
    optimum.setAttribute("cy", py(w[1]));
    optimum.dataset.x = String(w[0]);
    optimum.dataset.y = String(w[1]);
    point.setAttribute("cx", sx(c[0]));
    point.setAttribute("cy", sy(c[1]));
    point.dataset.x = String(c[0]);
    point.dataset.y = String(c[1]);
    point.setAttribute("aria-label", `unconstrained optimum c: w1 ${fmt(c[0], 2)}, w2 ${fmt(c[1], 2)}`);
    // Labels on the far side of each mark from the other, so they do not collide.
    const side = c[0] >= w[0] ? 1 : -1;
    labelC.setAttribute("x", sx(c[0]) + side * 12);
    labelC.setAttribute("y", sy(c[1]) - 10);
    labelC.setAttribute("text-anchor", side > 0 ? "start" : "end");
    labelW.setAttribute("x", px(w[0]) - side * 10);
    labelW.setAttribute("y", py(w[1]) + 18);
    labelW.setAttribute("text-anchor", side > 0 ? "end" : "start");

    const showLearner = learnerVisible();
    learnerMark.style.display = showLearner ? "" : "none";
    if (showLearner) {
      const lw = model.get("learner_w");
      learnerMark.setAttribute("cx", px(lw[0]));
      learnerMark.setAttribute("cy", py(lw[1]));
    }

    setW1(w[0]);
    setW2(w[1]);
    setZeros(zeros, String(zeros));

    const hc = Math.max(Math.abs(c[0] + rho * c[1]), Math.abs(rho * c[0] + c[1]));
    const zeroName = w[0] === 0 ? "w\u2081" : "w\u2082";
    let text;
    if (alpha === 0) {
      text = "alpha = 0: no penalty, so w* = c.";
    } else if (penalty === "l1") {
      text = zeros === 2
        ? `alpha is at least \u2016Hc\u2016\u221e = ${fmt(hc, 2)}: the optimum is the centre of the `
          + "diamond and every weight is exactly 0."
        : zeros === 1
          ? `The optimum sits on a corner of the diamond: ${zeroName} = 0 exactly (sparse). `
            + `Every weight is 0 once alpha reaches \u2016Hc\u2016\u221e = ${fmt(hc, 2)}.`
          : "The optimum sits on an edge of the diamond: both weights are non-zero, each pulled "
            + `towards 0. Every weight is 0 once alpha reaches \u2016Hc\u2016\u221e = ${fmt(hc, 2)}.`;
    } else {
      text = zeros
        ? `${zeroName} = 0 only because of where c sits (ridge maps a zero of Hc to a zero of w*); `
          + "move c slightly and it is no longer 0."
        : "The optimum sits where an ellipse touches the circle: both weights shrink towards 0, "
          + "but the circle has no corners, so neither becomes exactly 0.";
    }
    status.textContent = text;
    learnerNote.textContent = model.get("learner_message")
      + (hasLearner() && !showLearner
        ? " (Its ring is hidden: it was computed for another c, alpha, rho or penalty; in a "
          + "running notebook it follows every change.)"
        : "");
  }

  function redrawAll() {
    scales();
    drawFrame();
    update();
  }

  model.on("change:c", () => {
    c = model.get("c").slice();
    update();
  });
  for (const name of ["rho", "alpha", "penalty_index"]) model.on(`change:${name}`, update);
  for (const name of ["learner_w", "learner_state", "learner_message"]) {
    model.on(`change:${name}`, () => {
      drawFrame();
      update();
    });
  }
  model.on("change:lim", redrawAll);

  redrawAll();
  labelWidgetControls(el);
  root.labUpdate = update;
}

export default { render };
