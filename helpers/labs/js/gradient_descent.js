// Lab 2, gradient descent: choose a learning rate and momentum, step or run descent
// on the MSE of a one-feature line, and watch the path of (w, b) over the loss
// contours, the loss curve, and where the learning rate sits against 2 / lambda_max.
// Model traits (see helpers/labs/gradient_descent.py): x, y, learning_rate, momentum,
// scale_features, start [w0, b0], max_steps, tol; written back by this view: path,
// losses, status, n_steps; from Python: learner_path, learner_message.

const W = 780;
const H = 470;
const CONTOUR = { left: 64, right: 420, top: 14, bottom: 318 };
const LOSS = { left: 496, right: 764, top: 14, bottom: 318 };
const STRIP = { left: 64, right: 764, y: 414 };
const LR_RANGE = [1e-4, 10]; // the learning-rate strip and the slider share it
const N_CONTOURS = 8;

/** The feature as descent sees it: raw, or standardized with the data's mean and sd. */
function featureFor(xs, standardize) {
  if (!standardize) return { z: xs.slice(), mu: 0, sd: 1 };
  const mu = mean(xs);
  const sd = Math.sqrt(mean(xs.map((v) => (v - mu) ** 2)));
  if (!(sd > 0)) return { z: xs.slice(), mu: 0, sd: 1 };
  return { z: xs.map((v) => (v - mu) / sd), mu, sd };
}

/** Half the Hessian of the MSE in (w, b): (1/n) [[sum z^2, sum z], [sum z, n]], eigen-decomposed. */
function quadraticForm(z) {
  const n = z.length;
  const a = mean(z.map((v) => v * v));
  const c = 1;
  const off = mean(z);
  const half = Math.sqrt(((a - c) / 2) ** 2 + off * off);
  const l1 = (a + c) / 2 + half;
  const l2 = Math.max((a + c) / 2 - half, 0);
  // Eigenvector of l1; the other is perpendicular.
  let v = Math.abs(off) > 1e-300 ? [l1 - c, off] : (a >= c ? [1, 0] : [0, 1]);
  const norm = Math.hypot(v[0], v[1]);
  v = [v[0] / norm, v[1] / norm];
  return { l1, l2, v1: v, v2: [-v[1], v[0]], n };
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "lab lab-descent";
  el.appendChild(root);

  const tools = document.createElement("div");
  tools.className = "lab-tools";
  root.appendChild(tools);
  button(tools, "Step", () => { stop(); show(Math.min(shown + 1, run.path.length - 1)); commit(); });
  const runBtn = button(tools, "Run", () => toggleRun());
  button(tools, "Reset", () => { stop(); show(0); commit(); });
  runBtn.setAttribute("aria-pressed", "false");
  // The log-scale learning-rate slider lives here rather than as an ipywidgets
  // FloatLogSlider, which snaps the value to its step grid (0.02 would become 0.01995)
  // and writes the snapped value back. This one writes only when the reader moves it.
  const rateLabel = document.createElement("label");
  rateLabel.className = "lab-range";
  rateLabel.textContent = "learning rate (log scale) ";
  const rate = document.createElement("input");
  Object.assign(rate, { type: "range", min: String(Math.log10(LR_RANGE[0])), max: String(Math.log10(LR_RANGE[1])), step: "0.01" });
  rate.setAttribute("aria-valuetext", "");
  rateLabel.appendChild(rate);
  tools.appendChild(rateLabel);
  const syncRate = () => {
    const lr = model.get("learning_rate");
    rate.value = String(Math.log10(lr));
    rate.setAttribute("aria-valuetext", fmt(lr, 4));
  };
  rate.addEventListener("input", () => {
    model.set("learning_rate", Number((10 ** Number(rate.value)).toPrecision(3)));
    model.save_changes();
  });

  const plot = svg("svg", {
    viewBox: `0 0 ${W} ${H}`, class: "lab-svg", role: "group",
    "aria-label": "Descent path over the loss contours, the loss curve, and the learning-rate scale",
  });
  plot.appendChild(svg("desc", {}, "The orange square is the starting point: focus it with Tab and "
    + "move it with the arrow keys, or drag it. Step, Run and Reset are buttons above the plot."));
  root.appendChild(plot);
  const clipId = `lab-clip-${Math.random().toString(36).slice(2)}`;
  const lossClipId = `${clipId}-loss`;
  const defs = svg("defs");
  const clip = svg("clipPath", { id: clipId });
  clip.appendChild(svg("rect", {
    x: CONTOUR.left, y: CONTOUR.top, width: CONTOUR.right - CONTOUR.left, height: CONTOUR.bottom - CONTOUR.top,
  }));
  const lossClip = svg("clipPath", { id: lossClipId });
  lossClip.appendChild(svg("rect", {
    x: LOSS.left, y: LOSS.top, width: LOSS.right - LOSS.left, height: LOSS.bottom - LOSS.top,
  }));
  defs.append(clip, lossClip);
  plot.appendChild(defs);

  const g = {
    contourAxes: svg("g"), contours: svg("g", { "clip-path": `url(#${clipId})` }),
    path: svg("g", { "clip-path": `url(#${clipId})` }), marks: svg("g"),
    lossAxes: svg("g"), loss: svg("g", { "clip-path": `url(#${lossClipId})` }), strip: svg("g"),
  };
  for (const layer of Object.values(g)) plot.appendChild(layer);

  const panel = document.createElement("div");
  panel.className = "lab-readouts";
  root.appendChild(panel);
  const setStep = readout(panel, "step", "step");
  const setLoss = readout(panel, "loss", "loss (MSE)");
  const setW = readout(panel, "w", "w");
  const setB = readout(panel, "b", "b");
  const setLimit = readout(panel, "limit", "stability limit 2(1+\u03b2)/\u03bb_max");
  const setStatus = readout(panel, "status", "status");
  const statusLine = textLine(root, "lab-status", { live: true });
  const learnerNote = textLine(root, "lab-learner", { readout: "learner" });

  const pathLine = svg("polyline", { class: "lab-path" });
  const learnerLine = svg("polyline", { class: "lab-path-learner" });
  const dot = svg("circle", { r: 5, class: "lab-path-dot" });
  const optimum = svg("path", { class: "lab-optimum" });
  g.path.append(learnerLine, pathLine, dot);
  const start = svg("rect", { width: 14, height: 14, rx: 3, class: "lab-handle", tabindex: 0, role: "button" });
  g.marks.append(optimum, start);
  const lossLine = svg("polyline", { class: "lab-path" });
  const lossDot = svg("circle", { r: 4, class: "lab-path-dot" });
  g.loss.append(lossLine, lossDot);

  let sw; let sb; let sStep; let sLoss; let sLr;
  let startPt = model.get("start").slice();
  let feat; let form; let best; let bestLoss; let run; let lossPts = []; let shown = 0; let timer = null;

  const lrScale = (lr) => STRIP.left + (Math.log10(lr) - Math.log10(LR_RANGE[0]))
    / (Math.log10(LR_RANGE[1]) - Math.log10(LR_RANGE[0])) * (STRIP.right - STRIP.left);

  // The contour plane: a window around the optimum and the starting point.
  function layoutPlane() {
    const xs = model.get("x");
    const ys = model.get("y");
    feat = featureFor(xs, model.get("scale_features"));
    form = quadraticForm(feat.z);
    best = leastSquaresLine(feat.z, ys);
    bestLoss = lineMse(feat.z, ys, best.slope, best.intercept);
    const [w0, b0] = startPt;
    const spanW = Math.max(Math.abs(w0 - best.slope), 0.5) * 1.35;
    const spanB = Math.max(Math.abs(b0 - best.intercept), 0.5) * 1.35;
    sw = scale(best.slope - spanW, best.slope + spanW, CONTOUR.left, CONTOUR.right);
    sb = scale(best.intercept - spanB, best.intercept + spanB, CONTOUR.bottom, CONTOUR.top);
    g.contourAxes.replaceChildren();
    drawAxes(g.contourAxes, sw, sb, {
      xlabel: model.get("scale_features") ? "w (per standard deviation of x)" : "w (slope)",
      ylabel: "b (intercept)",
    });
    drawContours();
  }

  function drawContours() {
    g.contours.replaceChildren();
    const [w0, b0] = startPt;
    const top = Math.max(lineMse(feat.z, model.get("y"), w0, b0) - bestLoss, 1e-12);
    // Levels spaced geometrically down from the starting loss, so the start is on the outermost.
    for (let k = 0; k < N_CONTOURS; k++) {
      const c = top * 0.4 ** k;
      const r1 = Math.sqrt(c / form.l1);
      const r2 = form.l2 > 1e-12 * form.l1 ? Math.sqrt(c / form.l2) : 1e6;
      const pts = [];
      for (let i = 0; i <= 120; i++) {
        const t = (2 * Math.PI * i) / 120;
        const u = r1 * Math.cos(t);
        const v = Math.min(r2, 1e6) * Math.sin(t);
        const w = best.slope + u * form.v1[0] + v * form.v2[0];
        const b = best.intercept + u * form.v1[1] + v * form.v2[1];
        pts.push(`${clampPx(sw(w))},${clampPx(sb(b))}`);
      }
      g.contours.appendChild(svg("polyline", { points: pts.join(" "), class: "lab-contour" }));
    }
    optimum.setAttribute("d", `M${sw(best.slope)},${sb(best.intercept) - 7} l6,7 l-6,7 l-6,-7 z`);
  }

  // Coordinates far outside the view are pulled in so a diverging path draws (clipped), never NaN.
  const clampPx = (p) => (Number.isFinite(p) ? clamp(p, -1e5, 1e5) : 0);

  function descendNow() {
    const [w0, b0] = startPt;
    run = descend(feat.z, model.get("y"), {
      eta: model.get("learning_rate"), beta: model.get("momentum"),
      nIters: model.get("max_steps"), tol: model.get("tol"), w0, b0,
    });
    const maxLoss = Math.max(...run.losses);
    const minLoss = Math.max(Math.min(...run.losses, bestLoss), 1e-12);
    const lo = Math.log10(minLoss);
    const hi = Math.max(Math.log10(maxLoss), lo + 1);
    sStep = scale(0, Math.max(run.losses.length - 1, 10), LOSS.left, LOSS.right);
    sLoss = scale(lo, hi + 0.05 * (hi - lo), LOSS.bottom, LOSS.top);
    g.lossAxes.replaceChildren();
    drawAxes(g.lossAxes, sStep, sLoss, { xlabel: "step", ylabel: "log10 loss" });
    lossPts = run.losses.map((l, k) => `${sStep(k)},${clampPx(sLoss(Math.log10(Math.max(l, 1e-300))))}`);
    drawStrip();
  }

  function drawStrip() {
    g.strip.replaceChildren();
    const limit = stabilityLimit1d(feat.z, model.get("momentum"));
    const lr = model.get("learning_rate");
    const y = STRIP.y;
    const xl = lrScale(clamp(limit, ...LR_RANGE));
    g.strip.appendChild(svg("rect", {
      x: xl, y: y - 12, width: Math.max(STRIP.right - xl, 0), height: 24, class: "lab-diverge-zone",
    }));
    g.strip.appendChild(svg("line", { x1: STRIP.left, x2: STRIP.right, y1: y, y2: y, class: "lab-frame" }));
    for (let e = Math.log10(LR_RANGE[0]); e <= Math.log10(LR_RANGE[1]); e++) {
      const p = lrScale(10 ** e);
      g.strip.appendChild(svg("line", { x1: p, x2: p, y1: y - 4, y2: y + 4, class: "lab-frame" }));
      g.strip.appendChild(svg("text", { x: p, y: y + 20, class: "lab-tick", "text-anchor": "middle" },
        e === 0 ? "1" : e === 1 ? "10" : `1e${e}`.replace("-", "\u2212")));
    }
    g.strip.appendChild(svg("text", { x: STRIP.left, y: y - 40, class: "lab-legend" },
      "learning rate \u03b7 (log scale); shaded: past the stability limit, where descent diverges"));
    g.strip.appendChild(svg("line", { x1: xl, x2: xl, y1: y - 16, y2: y + 16, class: "lab-marker lab-limit" }));
    g.strip.appendChild(svg("text", { x: xl, y: y + 34, class: "lab-legend", "text-anchor": "middle" },
      `2(1+\u03b2)/\u03bb_max = ${fmt(limit, 4)}`));
    const pl = lrScale(clamp(lr, ...LR_RANGE));
    g.strip.appendChild(svg("path", { d: `M${pl},${y - 3} l-7,-12 l14,0 z`, class: "lab-optimum lab-lr-marker" }));
    g.strip.appendChild(svg("text", { x: pl, y: y - 18, class: "lab-legend", "text-anchor": "middle" },
      `\u03b7 = ${fmt(lr, 4)}`));
    setLimit(limit, fmt(limit, 4));
  }

  function statusOf(k) {
    if (k < run.path.length - 1) return k === 0 ? "ready" : "running";
    return run.status; // converged, diverging, or stopped (the step budget ran out)
  }

  // Show the first k steps of the current run.
  function show(k) {
    shown = k;
    const pts = run.path.slice(0, k + 1);
    pathLine.setAttribute("points", pts.map(([w, b]) => `${clampPx(sw(w))},${clampPx(sb(b))}`).join(" "));
    const [w, b] = run.path[k];
    dot.setAttribute("cx", clampPx(sw(w)));
    dot.setAttribute("cy", clampPx(sb(b)));
    const loss = run.losses[Math.min(k, run.losses.length - 1)];
    lossLine.setAttribute("points", lossPts.slice(0, k + 1).join(" "));
    lossDot.setAttribute("cx", sStep(k));
    lossDot.setAttribute("cy", clampPx(sLoss(Math.log10(Math.max(loss, 1e-300)))));
    const [w0, b0] = startPt;
    start.setAttribute("x", sw(w0) - 7);
    start.setAttribute("y", sb(b0) - 7);
    start.dataset.x = String(w0);
    start.dataset.y = String(b0);
    start.setAttribute("aria-label", `starting point: w ${fmt(w0, 2)}, b ${fmt(b0, 2)}`);
    const status = statusOf(k);
    setStep(k, String(k));
    setLoss(loss);
    setW(w);
    setB(b);
    setStatus(status, status);
    statusLine.textContent = {
      ready: "Press Step or Run.",
      running: `Step ${k} of the run.`,
      converged: `Converged after ${k} steps: the gradient is a millionth of its first size.`,
      diverging: "Diverging: each step overshoots further. The learning rate is past the stability limit; "
        + "the run was stopped before the numbers overflow.",
      stopped: `Stopped after ${k} steps without converging: raise the learning rate, add momentum, `
        + "or standardize the feature.",
    }[status];
  }

  function drawLearner() {
    const lp = model.get("learner_path");
    learnerLine.setAttribute("points", lp.map(([w, b]) => `${clampPx(sw(w))},${clampPx(sb(b))}`).join(" "));
    learnerNote.textContent = model.get("learner_message");
  }

  function commit() {
    model.set("path", run.path.slice(0, shown + 1));
    model.set("losses", run.losses.slice(0, Math.min(shown + 1, run.losses.length)));
    model.set("status", statusOf(shown));
    model.set("n_steps", shown);
    model.save_changes();
  }

  function stop() {
    if (timer !== null) cancelAnimationFrame(timer);
    timer = null;
    runBtn.textContent = "Run";
    runBtn.setAttribute("aria-pressed", "false");
  }

  function toggleRun() {
    if (timer !== null) { stop(); commit(); return; }
    if (shown >= run.path.length - 1) show(0);
    runBtn.textContent = "Pause";
    runBtn.setAttribute("aria-pressed", "true");
    let frame = 0;
    const tick = () => {
      frame += 1;
      // One step per frame at first, then faster, so long runs finish in a few seconds.
      const stride = frame < 40 ? 1 : Math.ceil(frame / 20);
      const k = Math.min(shown + stride, run.path.length - 1);
      show(k);
      if (k >= run.path.length - 1) { stop(); commit(); return; }
      timer = requestAnimationFrame(tick);
    };
    timer = requestAnimationFrame(tick);
  }

  draggable(start, {
    toData: (px, py) => [clamp(sw.invert(px), ...sw.domain), clamp(sb.invert(py), ...sb.domain)],
    keyStep: (big) => [(sw.domain[1] - sw.domain[0]) / 50 * (big ? 5 : 1),
      (sb.domain[1] - sb.domain[0]) / 50 * (big ? 5 : 1)],
    move: (w, b, final) => {
      stop();
      startPt = [w, b];
      drawContours();
      descendNow();
      show(0);
      drawLearner();
      if (final) {
        model.set("start", startPt.slice());
        commit();
      }
    },
  });

  function refresh({ relayout = false } = {}) {
    stop();
    if (relayout) layoutPlane();
    descendNow();
    show(0);
    drawLearner();
  }

  model.on("change:learning_rate", () => { syncRate(); refresh(); commit(); });
  model.on("change:momentum", () => { refresh(); commit(); });
  model.on("change:scale_features", () => {
    // The plane changes with the feature: start again from where the raw run started.
    refresh({ relayout: true });
    commit();
  });
  model.on("change:start", () => {
    const [w, b] = model.get("start");
    if (w === startPt[0] && b === startPt[1]) return; // our own drag, already drawn
    startPt = [w, b];
    refresh({ relayout: true });
  });
  for (const name of ["x", "y", "max_steps", "tol"]) {
    model.on(`change:${name}`, () => refresh({ relayout: true }));
  }
  model.on("change:learner_path", drawLearner);
  model.on("change:learner_message", drawLearner);

  labelWidgetControls(el);
  syncRate();
  layoutPlane();
  descendNow();
  show(0);
  drawLearner();
}

export default { render };
