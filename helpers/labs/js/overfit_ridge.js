// Lab 3, overfitting and ridge: drag the training points, raise the polynomial degree,
// and watch training and held-out MSE part ways; then let alpha pull the curve back.
// Model traits (see helpers/labs/overfit_ridge.py): points [[x, y], ...] (training),
// test_points [[x, y], ...] (held out, fixed), degree, alpha, xlim, ylim, max_degree,
// learner_w, learner_b, learner_state {points, degree, alpha}, learner_message.

const W = 640;
const H = 380;
const M = { left: 62, right: 16, top: 14, bottom: 46 };
const IW = 640; // the MSE-against-degree panel
const IH = 230;
const IM = { left: 62, right: 150, top: 14, bottom: 46 };
const N_CURVE = 200; // samples of the fitted curve across the view

// ---------------------------------------------------------------- math (tested)

/** `x` mapped to [-1, 1] by the view interval [lo, hi]: the powers of x stay in [-1, 1]. */
export function scaleToUnit(x, lo, hi) {
  return (2 * x - (lo + hi)) / (hi - lo);
}

/** b + w_1 s + w_2 s^2 + ... by Horner's rule. */
export function polyPredict(w, b, s) {
  let v = 0;
  for (let k = w.length - 1; k >= 0; k--) v = (v + w[k]) * s;
  return v + b;
}

/**
 * The lab's fit: helpers.fit_ridge(polynomial_features(scaled x, degree), y, alpha).
 * Returns {w, b} (w in the scaled features), or null when the system is singular.
 */
export function fitPolyRidge(xs, ys, degree, alpha, xlim) {
  const s = xs.map((x) => scaleToUnit(x, xlim[0], xlim[1]));
  return fitRidge(polynomialFeatures(s, degree), ys, alpha);
}

/** Mean squared error of the polynomial (w, b) in scaled x on (xs, ys); NaN when empty. */
export function polyMse(xs, ys, w, b, xlim) {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = ys[i] - polyPredict(w, b, scaleToUnit(xs[i], xlim[0], xlim[1]));
    sum += r * r;
  }
  return xs.length ? sum / xs.length : NaN;
}

/** Training and held-out MSE of the ridge fit of every degree 0..maxDegree, at one alpha. */
export function mseByDegree(train, test, alpha, xlim, maxDegree) {
  const [xs, ys] = [train.map((p) => p[0]), train.map((p) => p[1])];
  const [xt, yt] = [test.map((p) => p[0]), test.map((p) => p[1])];
  const out = { train: [], test: [] };
  for (let d = 0; d <= maxDegree; d++) {
    const fit = xs.length ? fitPolyRidge(xs, ys, d, alpha, xlim) : null;
    out.train.push(fit ? polyMse(xs, ys, fit.w, fit.b, xlim) : NaN);
    out.test.push(fit ? polyMse(xt, yt, fit.w, fit.b, xlim) : NaN);
  }
  return out;
}

// ---------------------------------------------------------------- drawing helpers

// Colours come from lab.css's palette variables (theme-aware), never literal values.
const STYLE = {
  train: "stroke: var(--lab-blue); stroke-width: 2; fill: none",
  trainDot: "fill: var(--lab-blue); stroke: var(--lab-bg); stroke-width: 1",
  test: "stroke: var(--lab-vermillion); stroke-width: 2; fill: none; stroke-dasharray: 6 4",
  // The legend's held-out sample: the look of .lab-point-test without the class (which marks the data).
  testPoint: "fill: none; stroke: var(--lab-vermillion); stroke-width: 2.5",
  testDot: "fill: var(--lab-bg); stroke: var(--lab-vermillion); stroke-width: 2",
};

const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3", 4: "\u2074",
  5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };
const powerOfTen = (k) => "10" + String(k).split("").map((ch) => SUPERSCRIPT[ch]).join("");

/** A readout's text: three significant digits (MSEs span many decades), a true minus sign. */
function fmtSig(v) {
  if (!Number.isFinite(v)) return "n/a";
  const s = v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5) ? v.toExponential(2) : v.toPrecision(3);
  return s.replace(/^-/, "\u2212");
}

function legendEntry(g, x, y, sample, text) {
  g.appendChild(sample);
  g.appendChild(svg("text", { x: x + 26, y: y + 4, class: "lab-legend" }, text));
}

let clipCount = 0;

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "lab lab-overfit-ridge";
  el.appendChild(root);

  // ---- the data plot
  const plot = svg("svg", {
    viewBox: `0 0 ${W} ${H}`, class: "lab-svg", role: "group",
    "aria-label": "Training points, held-out points and the fitted polynomial curve",
  });
  plot.appendChild(svg("desc", {}, "Each training point (filled) can be focused with Tab and moved "
    + "with the arrow keys (Shift for larger steps); Delete removes a focused point and a "
    + "double-click on the plot adds one. Held-out points (hollow) are fixed. The degree and alpha "
    + "sliders above the plot change the fit."));
  root.appendChild(plot);

  const panel = document.createElement("div");
  panel.className = "lab-readouts";
  root.appendChild(panel);
  const group = document.createElement("div");
  group.className = "lab-readout-group";
  panel.appendChild(group);
  const setTrain = readout(group, "train-mse", "training MSE");
  const setTest = readout(group, "test-mse", "held-out MSE");
  const setNorm = readout(group, "w-norm", "\u2016w\u2016");
  const status = textLine(root, "lab-status", { readout: "status", live: true });

  // ---- the MSE-against-degree panel
  const inset = svg("svg", {
    viewBox: `0 0 ${IW} ${IH}`, class: "lab-svg", role: "group",
    "aria-label": "Training and held-out MSE of every degree at the current alpha, log scale",
  });
  inset.appendChild(svg("desc", {}, "A summary, not interactive: the training and held-out mean "
    + "squared errors of the ridge fits of degree 0 to 12 at the current alpha; the shaded band "
    + "marks the current degree."));
  root.appendChild(inset);

  const learnerNote = textLine(root, "lab-learner", { readout: "learner" });

  const clipId = `lab-overfit-clip-${++clipCount}-${Math.random().toString(36).slice(2, 8)}`;
  const defs = svg("defs");
  const clipRect = svg("rect");
  const clip = svg("clipPath", { id: clipId });
  clip.appendChild(clipRect);
  defs.appendChild(clip);
  plot.appendChild(defs);

  const layers = {
    axes: svg("g"),
    curves: svg("g", { "clip-path": `url(#${clipId})` }),
    test: svg("g", { "aria-hidden": "true" }),
    points: svg("g", { class: "lab-train-points" }), legend: svg("g", { "aria-hidden": "true" }),
  };
  for (const g of Object.values(layers)) plot.appendChild(g);
  const curve = svg("path", { class: "lab-curve", "data-curve": "ridge" });
  const learnerCurve = svg("path", { class: "lab-path-learner", "data-curve": "learner" });
  layers.curves.append(curve, learnerCurve);

  const insetLayers = {
    axes: svg("g"), band: svg("g"), series: svg("g"), legend: svg("g", { "aria-hidden": "true" }),
  };
  for (const g of Object.values(insetLayers)) inset.appendChild(g);
  const band = svg("rect", { class: "lab-region" });
  insetLayers.band.appendChild(band);
  const trainLine = svg("polyline", { style: STYLE.train, "data-series": "train" });
  const testLine = svg("polyline", { style: STYLE.test, "data-series": "test" });
  insetLayers.series.append(trainLine, testLine);
  let trainDots = [];
  let testDots = [];

  let sx;
  let sy;
  let ix;
  let iy;
  let decades = null; // [lo, hi] exponents of the inset's log axis, redrawn when they change
  function scales() {
    const [x0, x1] = model.get("xlim");
    const [y0, y1] = model.get("ylim");
    sx = scale(x0, x1, M.left, W - M.right);
    sy = scale(y0, y1, H - M.bottom, M.top);
    clipRect.setAttribute("x", M.left);
    clipRect.setAttribute("y", M.top);
    clipRect.setAttribute("width", W - M.left - M.right);
    clipRect.setAttribute("height", H - M.top - M.bottom);
    ix = scale(-0.5, model.get("max_degree") + 0.5, IM.left, IW - IM.right);
  }
  const toData = (px, py) => [clamp(sx.invert(px), ...sx.domain), clamp(sy.invert(py), ...sy.domain)];
  const keyStep = (big) => [
    ((sx.domain[1] - sx.domain[0]) / 100) * (big ? 10 : 1),
    ((sy.domain[1] - sy.domain[0]) / 100) * (big ? 10 : 1),
  ];

  // A local copy while dragging; the model hears of it at the end of the drag.
  let points = model.get("points").map((p) => p.slice());
  const commitPoints = () => {
    model.set("points", points.map((p) => p.slice()));
    model.save_changes();
  };

  function drawMainAxes() {
    layers.axes.replaceChildren();
    drawAxes(layers.axes, sx, sy, { xlabel: "x", ylabel: "y" });
    layers.legend.replaceChildren();
    const lx = M.left + 8;
    let ly = M.top + 16;
    const n = hasLearner() ? 4 : 3;
    // A veil behind the legend, in the page's background colour, so a wild curve stays readable under it.
    layers.legend.appendChild(svg("rect", {
      x: lx - 4, y: M.top + 4, width: 158, height: 18 * n + 6, rx: 3,
      style: "fill: var(--lab-bg); opacity: 0.85",
    }));
    const lineSample = (cls) => svg("line", { x1: lx, x2: lx + 20, y1: ly, y2: ly, class: cls });
    legendEntry(layers.legend, lx, ly, svg("circle", { cx: lx + 10, cy: ly, r: 5, style: STYLE.trainDot }),
      "training (drag me)");
    ly += 18;
    legendEntry(layers.legend, lx, ly, svg("circle", { cx: lx + 10, cy: ly, r: 5, style: STYLE.testPoint }),
      "held out (fixed)");
    ly += 18;
    legendEntry(layers.legend, lx, ly, lineSample("lab-curve"), "ridge fit");
    if (hasLearner()) {
      ly += 18;
      legendEntry(layers.legend, lx, ly, lineSample("lab-path-learner"), "your function");
    }
  }

  function drawTestPoints() {
    layers.test.replaceChildren();
    for (const [x, y] of model.get("test_points")) {
      layers.test.appendChild(svg("circle", {
        r: 5, cx: sx(x), cy: sy(y), class: "lab-point-test", "data-x": String(x), "data-y": String(y),
      }));
    }
  }

  function pointElements() {
    layers.points.replaceChildren();
    points.forEach((p, i) => {
      const c = svg("circle", { r: 7, class: "lab-point", tabindex: 0, role: "button" });
      draggable(c, {
        toData, keyStep,
        move: (x, y, final) => {
          points[i] = [clamp(x, ...sx.domain), clamp(y, ...sy.domain)];
          update();
          if (final) commitPoints();
        },
        onDelete: () => {
          if (points.length <= 1) {
            status.textContent = "The last training point cannot be deleted: a fit needs at least one.";
            return;
          }
          points.splice(i, 1);
          pointElements();
          update();
          commitPoints();
          const next = layers.points.children[Math.min(i, points.length - 1)];
          if (next) next.focus();
        },
      });
      layers.points.appendChild(c);
    });
  }

  function drawInsetAxes(lo, hi) {
    const g = insetLayers.axes;
    g.replaceChildren();
    iy = scale(lo, hi, IH - IM.bottom, IM.top);
    const [x0, x1] = ix.range;
    const [y0, y1] = iy.range;
    g.appendChild(svg("rect", { x: x0, y: y1, width: x1 - x0, height: y0 - y1, class: "lab-frame" }));
    const maxDegree = model.get("max_degree");
    for (let d = 0; d <= maxDegree; d++) {
      g.appendChild(svg("text", { x: ix(d), y: y0 + 16, class: "lab-tick", "text-anchor": "middle" }, String(d)));
    }
    const every = Math.ceil((hi - lo) / 6);
    for (let k = lo; k <= hi; k++) {
      g.appendChild(svg("line", { x1: x0, x2: x1, y1: iy(k), y2: iy(k), class: "lab-grid" }));
      if ((k - lo) % every === 0) {
        const attrs = { x: x0 - 6, y: iy(k) + 4, class: "lab-tick", "text-anchor": "end" };
        g.appendChild(svg("text", attrs, powerOfTen(k)));
      }
    }
    g.appendChild(svg("text", {
      x: (x0 + x1) / 2, y: y0 + 34, class: "lab-axis-label", "text-anchor": "middle",
    }, "polynomial degree"));
    g.appendChild(svg("text", {
      x: x0 - 44, y: (y0 + y1) / 2, class: "lab-axis-label", "text-anchor": "middle",
      transform: `rotate(-90 ${x0 - 44} ${(y0 + y1) / 2})`,
    }, "MSE"));
    const leg = insetLayers.legend;
    leg.replaceChildren();
    const lx = x1 + 12;
    const trainSample = svg("line", { x1: lx, x2: lx + 20, y1: y1 + 10, y2: y1 + 10, style: STYLE.train });
    legendEntry(leg, lx, y1 + 10, trainSample, "training");
    const testSample = svg("line", { x1: lx, x2: lx + 20, y1: y1 + 30, y2: y1 + 30, style: STYLE.test });
    legendEntry(leg, lx, y1 + 30, testSample, "held out");
    const bandSample = svg("rect", { x: lx + 4, y: y1 + 43, width: 12, height: 14, class: "lab-region" });
    legendEntry(leg, lx, y1 + 50, bandSample, "current degree");
    alphaCaption = svg("text", { x: lx, y: y1 + 80, class: "lab-legend" }, "");
    leg.appendChild(alphaCaption);
  }
  let alphaCaption = null;

  function insetDots() {
    const maxDegree = model.get("max_degree");
    insetLayers.series.querySelectorAll("circle, rect").forEach((e) => e.remove());
    trainDots = [];
    testDots = [];
    for (let d = 0; d <= maxDegree; d++) {
      const a = svg("circle", { r: 3.5, style: STYLE.trainDot, "data-degree": d, "data-series": "train" });
      const b = svg("rect", { width: 7, height: 7, style: STYLE.testDot, "data-degree": d, "data-series": "test" });
      insetLayers.series.append(a, b);
      trainDots.push(a);
      testDots.push(b);
    }
  }

  // A learner's curve exists once Python has run their function (learner_state is set);
  // it is drawn only while the points, degree and alpha are the ones it was computed for.
  const hasLearner = () => (model.get("learner_state") || {}).degree !== undefined;
  const learnerVisible = () => {
    if (!hasLearner()) return false;
    const w = model.get("learner_w");
    const state = model.get("learner_state");
    if (w.length !== model.get("degree") || !Number.isFinite(model.get("learner_b"))) return false;
    if (!w.every(Number.isFinite) || state.degree !== model.get("degree")) return false;
    if (!(Math.abs(state.alpha - model.get("alpha")) <= 1e-12 * Math.abs(model.get("alpha")))) return false;
    const sp = state.points || [];
    return sp.length === points.length
      && sp.every((p, i) => p[0] === points[i][0] && p[1] === points[i][1]);
  };

  // The curve y = b + sum w_k s^k across the view, as a path; far values are held just
  // outside the frame (the clip path hides them) so no coordinate is ever huge.
  function curvePath(w, b) {
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

  // Everything that depends on the points, degree and alpha; runs on every drag event.
  function update() {
    const xlim = sx.domain;
    const degree = model.get("degree");
    const maxDegree = model.get("max_degree");
    let alpha = model.get("alpha");
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const test = model.get("test_points");
    const xt = test.map((p) => p[0]);
    const yt = test.map((p) => p[1]);

    const circles = layers.points.children;
    for (let i = 0; i < circles.length; i++) {
      const c = circles[i];
      c.setAttribute("cx", sx(xs[i]));
      c.setAttribute("cy", sy(ys[i]));
      c.dataset.x = String(xs[i]);
      c.dataset.y = String(ys[i]);
      c.setAttribute("aria-label", `training point ${i + 1} of ${xs.length}: x ${fmt(xs[i], 2)}, y ${fmt(ys[i], 2)}`);
    }

    const alphaOk = alpha > 0 && Number.isFinite(alpha);
    if (!alphaOk) alpha = Number.MIN_VALUE; // never reached from the slider (its minimum is > 0)
    const fit = xs.length ? fitPolyRidge(xs, ys, degree, alpha, xlim) : null;
    if (fit) {
      curve.style.display = "";
      curve.setAttribute("d", curvePath(fit.w, fit.b));
      const trainMse = polyMse(xs, ys, fit.w, fit.b, xlim);
      const testMse = polyMse(xt, yt, fit.w, fit.b, xlim);
      const norm = Math.hypot(...fit.w);
      setTrain(trainMse, fmtSig(trainMse));
      setTest(testMse, fmtSig(testMse));
      setNorm(norm, fmtSig(norm));
    } else {
      curve.style.display = "none";
      setTrain(NaN);
      setTest(NaN);
      setNorm(NaN);
    }
    if (learnerVisible()) {
      learnerCurve.style.display = "";
      learnerCurve.setAttribute("d", curvePath(model.get("learner_w"), model.get("learner_b")));
    } else {
      learnerCurve.style.display = "none";
    }

    // The MSE of every degree at this alpha.
    const byDegree = mseByDegree(points, test, alpha, xlim, maxDegree);
    const all = byDegree.train.concat(byDegree.test).filter((v) => v > 0 && Number.isFinite(v));
    const floor = -12; // 1e-12: a training MSE of a near interpolation sits on the floor
    const lo = Math.max(floor, Math.floor(Math.log10(all.length ? Math.min(...all) : 1e-3)));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(all.length ? Math.max(...all) : 1)));
    if (!decades || decades[0] !== lo || decades[1] !== hi) {
      decades = [lo, hi];
      drawInsetAxes(lo, hi);
    }
    const yOf = (v) => iy(clamp(Math.log10(Math.max(v, 10 ** floor)), lo, hi));
    const line = (vals) => vals
      .map((v, d) => (Number.isFinite(v) ? `${ix(d).toFixed(2)},${yOf(v).toFixed(2)}` : ""))
      .filter(Boolean)
      .join(" ");
    trainLine.setAttribute("points", line(byDegree.train));
    testLine.setAttribute("points", line(byDegree.test));
    for (let d = 0; d <= maxDegree; d++) {
      const [a, b] = [byDegree.train[d], byDegree.test[d]];
      trainDots[d].style.display = Number.isFinite(a) ? "" : "none";
      testDots[d].style.display = Number.isFinite(b) ? "" : "none";
      if (Number.isFinite(a)) {
        trainDots[d].setAttribute("cx", ix(d));
        trainDots[d].setAttribute("cy", yOf(a));
        trainDots[d].dataset.value = String(a);
      }
      if (Number.isFinite(b)) {
        testDots[d].setAttribute("x", ix(d) - 3.5);
        testDots[d].setAttribute("y", yOf(b) - 3.5);
        testDots[d].dataset.value = String(b);
      }
    }
    alphaCaption.textContent = `all at alpha ${fmtSig(alpha)}`;
    const half = (ix(1) - ix(0)) / 2;
    band.setAttribute("x", ix(degree) - half);
    band.setAttribute("width", 2 * half);
    band.setAttribute("y", iy.range[1]);
    band.setAttribute("height", iy.range[0] - iy.range[1]);

    // What the reader is looking at, in words.
    const spread = xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
    let best = -1;
    byDegree.test.forEach((v, d) => {
      if (Number.isFinite(v) && (best < 0 || v < byDegree.test[best])) best = d;
    });
    let text;
    if (!fit) {
      text = "The ridge system is numerically singular here: raise alpha.";
    } else if (degree === 0) {
      text = "Degree 0: the fit is the flat line at the mean of y, and alpha has no weight to shrink.";
    } else if (xs.length === 1) {
      text = "One training point: its centered features are all 0, so ridge sets every weight to 0 "
        + "and the fit is the flat line through the point.";
    } else if (spread === 0) {
      text = "Every training point has the same x: the centered features are all 0, so ridge "
        + "(alpha > 0) sets every weight to 0 and draws the flat line through the mean of y.";
    } else if (degree + 1 >= xs.length) {
      text = `Degree ${degree} has ${degree + 1} coefficients for ${xs.length} training points: with a `
        + "tiny alpha the curve can pass through every one of them. Lowest held-out MSE at this alpha: "
        + `degree ${best}.`;
    } else {
      text = `Lowest held-out MSE at this alpha: degree ${best}.`;
    }
    if (!alphaOk) text = "alpha must be > 0. " + text;
    status.textContent = text;
    learnerNote.textContent = model.get("learner_message")
      + (hasLearner() && !learnerVisible()
        ? " (The dotted curve is hidden: it was computed for other points, degree or alpha; "
          + "in a running notebook it follows every change.)"
        : "");
  }

  function redrawAll() {
    scales();
    decades = null;
    drawMainAxes();
    drawTestPoints();
    pointElements();
    insetDots();
    update();
  }

  plot.addEventListener("dblclick", (event) => {
    if (event.target.closest(".lab-point")) return;
    const p = svgPoint(plot, event);
    points.push(toData(p.x, p.y));
    pointElements();
    update();
    commitPoints();
  });

  // Our own commits come back as changes too: rebuilding the circles then would drop the
  // keyboard focus after every arrow key, so they are rebuilt only when their number changes.
  model.on("change:points", () => {
    const next = model.get("points");
    const rebuild = next.length !== points.length;
    points = next.map((p) => p.slice());
    if (rebuild) pointElements();
    update();
  });
  model.on("change:test_points", () => {
    drawTestPoints();
    update();
  });
  for (const name of ["degree", "alpha"]) model.on(`change:${name}`, update);
  for (const name of ["learner_w", "learner_b", "learner_state", "learner_message"]) {
    model.on(`change:${name}`, () => {
      drawMainAxes();
      update();
    });
  }
  for (const name of ["xlim", "ylim", "max_degree"]) model.on(`change:${name}`, redrawAll);

  redrawAll();
  labelWidgetControls(el);
  root.labUpdate = update;
}

export default { render };
