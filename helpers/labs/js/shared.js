// Shared by every lab's front end: the small numerical kernels the labs compute in
// the browser (each mirrors a `helpers` function and is tested against it on the same
// inputs, see tests/labs/test_lab_math.py), SVG plotting, and draggable points.
// helpers/labs/_widget.py prepends this file to each lab's own .js, so everything
// here is in scope there; the `export`s are what the math tests call.

// ---------------------------------------------------------------- numerics

/** Mean of an array (0 for an empty one). */
export function mean(a) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return a.length ? s / a.length : 0;
}

/**
 * Least-squares line through (xs, ys), as helpers.fit_normal_equation on one feature.
 * When x has no spread (one point, or all points on one vertical line) the slope is
 * not determined; like helpers (the minimum-norm solution) it is then 0 and the line
 * is flat through the mean of y, and `degenerate` says so.
 */
export function leastSquaresLine(xs, ys) {
  const n = xs.length;
  if (n === 0) return { slope: NaN, intercept: NaN, degenerate: true };
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx;
    sxx += dx * dx;
    sxy += dx * (ys[i] - my);
    scale = Math.max(scale, Math.abs(xs[i]));
  }
  // The spread is zero up to rounding: helpers' rank test, for one column.
  if (sxx <= n * Number.EPSILON * (scale * scale + 1e-300) * 16) {
    return { slope: 0, intercept: my, degenerate: true };
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx, degenerate: false };
}

/** Mean squared error of the line y = slope x + intercept on (xs, ys), as helpers.mse. */
export function lineMse(xs, ys, slope, intercept) {
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = ys[i] - (slope * xs[i] + intercept);
    s += r * r;
  }
  return xs.length ? s / xs.length : NaN;
}

/**
 * Solve A x = b for a symmetric positive definite A (array of rows) by Cholesky.
 * Returns null when A is not numerically positive definite.
 */
export function solveSPD(A, b) {
  const n = b.length;
  const L = A.map(() => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    let d = A[j][j];
    for (let k = 0; k < j; k++) d -= L[j][k] * L[j][k];
    if (!(d > 1e-14 * Math.abs(A[j][j]) && d > 0)) return null;
    L[j][j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = s / L[j][j];
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
    z[i] = s / L[i][i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= L[k][i] * x[k];
    x[i] = s / L[i][i];
  }
  return Array.from(x);
}

/** Rows [x, x^2, ..., x^degree], as helpers.polynomial_features(x, degree). */
export function polynomialFeatures(xs, degree) {
  return xs.map((x) => {
    const row = [];
    let p = 1;
    for (let k = 1; k <= degree; k++) {
      p *= x;
      row.push(p);
    }
    return row;
  });
}

/**
 * Ridge regression with an unpenalized intercept, as helpers.fit_ridge(X, y, alpha):
 * minimizes ||y - X w - b||^2 + alpha ||w||^2 on centered data,
 * w = (Xc^T Xc + alpha I)^-1 Xc^T yc, b = mean(y) - mean(X) w.
 * `X` is an array of rows; alpha must be > 0 when Xc^T Xc is singular.
 */
export function fitRidge(X, y, alpha) {
  const n = y.length;
  const d = n ? X[0].length : 0;
  const ym = mean(y);
  const xm = new Float64Array(d);
  for (const row of X) for (let j = 0; j < d; j++) xm[j] += row[j] / n;
  const A = Array.from({ length: d }, () => new Float64Array(d));
  const rhs = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    const yi = y[i] - ym;
    for (let j = 0; j < d; j++) {
      const xij = X[i][j] - xm[j];
      rhs[j] += xij * yi;
      for (let k = 0; k <= j; k++) A[j][k] += xij * (X[i][k] - xm[k]);
    }
  }
  for (let j = 0; j < d; j++) {
    A[j][j] += alpha;
    for (let k = 0; k < j; k++) A[k][j] = A[j][k];
  }
  const w = d ? solveSPD(A, Array.from(rhs)) : [];
  if (w === null) return null;
  let b = ym;
  for (let j = 0; j < d; j++) b -= xm[j] * w[j];
  return { w, b };
}

/** Gradient of the 1/n MSE at (w, b) for one feature, as helpers.mse_gradients. */
export function mseGradients1d(xs, ys, w, b) {
  const n = xs.length;
  let gw = 0;
  let gb = 0;
  for (let i = 0; i < n; i++) {
    const r = w * xs[i] + b - ys[i];
    gw += r * xs[i];
    gb += r;
  }
  return [(2 / n) * gw, (2 / n) * gb];
}

/**
 * Full-batch gradient descent with heavy-ball momentum on one feature, step for step
 * as helpers.gradient_descent(record_path=True): v <- beta v - eta grad, w <- w + v.
 * Stops when the gradient norm falls to `tol` times its first value (converged), when
 * the loss is not finite or exceeds `divergenceFactor` times its first value (diverged;
 * like helpers the diverging iterate is dropped, so no NaN reaches a drawing), or
 * after `nIters` steps. `gradient(w, b)` may replace the reference gradient.
 */
export function descend(xs, ys, opts) {
  const { eta, beta = 0, nIters = 1000, tol = 1e-6, divergenceFactor = 1e6 } = opts;
  const grad = opts.gradient || ((w, b) => mseGradients1d(xs, ys, w, b));
  let w = opts.w0 || 0;
  let b = opts.b0 || 0;
  let vw = 0;
  let vb = 0;
  const path = [[w, b]];
  const losses = [];
  let g0 = null;
  let status = "stopped";
  for (let k = 0; ; k++) {
    const loss = lineMse(xs, ys, w, b);
    if (!Number.isFinite(loss) || (k > 0 && loss > divergenceFactor * Math.max(losses[0], 1e-300))) {
      status = "diverging";
      if (path.length > 1) path.pop();
      break;
    }
    losses.push(loss);
    const [gw, gb] = grad(w, b);
    const gnorm = Math.hypot(gw, gb);
    if (g0 === null) g0 = gnorm;
    if (gnorm <= tol * g0 || gnorm === 0) {
      status = "converged";
      break;
    }
    if (k === nIters) break;
    vw = beta * vw - eta * gw;
    vb = beta * vb - eta * gb;
    w += vw;
    b += vb;
    path.push([w, b]);
  }
  return { path, losses, status };
}

/**
 * The learning rate below which full-batch descent on the 1/n MSE of one feature with
 * an intercept is stable: 2 (1 + beta) / lambda_max of the Hessian
 * (2/n) [[sum x^2, sum x], [sum x, n]], as helpers.stability_limit.
 */
export function stabilityLimit1d(xs, beta = 0) {
  const n = xs.length;
  let sxx = 0;
  let sx = 0;
  for (const x of xs) {
    sxx += x * x;
    sx += x;
  }
  const a = (2 / n) * sxx;
  const c = 2;
  const off = (2 / n) * sx;
  const lambdaMax = (a + c) / 2 + Math.sqrt(((a - c) / 2) ** 2 + off * off);
  return (2 * (1 + beta)) / lambdaMax;
}

/** Soft-thresholding S(z, t) = sign(z) max(|z| - t, 0), as helpers.soft_threshold. */
export function softThreshold(z, t) {
  return Math.sign(z) * Math.max(Math.abs(z) - t, 0);
}

// ---------------------------------------------------------------- formatting

/** A number for a readout: fixed decimals, a true minus sign, "n/a" for NaN. */
export function fmt(v, digits = 3) {
  if (!Number.isFinite(v)) return "n/a";
  const s = Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 10 ** -digits)
    ? v.toExponential(2)
    : v.toFixed(digits);
  return s.replace(/^-/, "\u2212");
}

// ---------------------------------------------------------------- SVG plotting

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element with attributes; `text` sets its text content. */
export function svg(tag, attrs = {}, text = null) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== null) el.textContent = text;
  return el;
}

/** A linear map from the data interval [d0, d1] to the pixel interval [p0, p1]. */
export function scale(d0, d1, p0, p1) {
  const k = (p1 - p0) / (d1 - d0);
  const f = (v) => p0 + (v - d0) * k;
  f.invert = (p) => d0 + (p - p0) / k;
  f.domain = [d0, d1];
  f.range = [p0, p1];
  return f;
}

/** Round, readable tick values covering [lo, hi]. */
export function ticks(lo, hi, count = 6) {
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  }
  return out;
}

/** Axes with ticks, grid and labels into `g`, for the scales `sx` and `sy`. */
export function drawAxes(g, sx, sy, { xlabel = "x", ylabel = "y" } = {}) {
  const [x0, x1] = sx.range;
  const [y0, y1] = sy.range; // y0 is the bottom
  g.appendChild(svg("rect", { x: x0, y: y1, width: x1 - x0, height: y0 - y1, class: "lab-frame" }));
  for (const t of ticks(...sx.domain)) {
    const p = sx(t);
    g.appendChild(svg("line", { x1: p, x2: p, y1: y0, y2: y1, class: "lab-grid" }));
    g.appendChild(svg("text", { x: p, y: y0 + 16, class: "lab-tick", "text-anchor": "middle" }, fmtTick(t)));
  }
  for (const t of ticks(...sy.domain)) {
    const p = sy(t);
    g.appendChild(svg("line", { x1: x0, x2: x1, y1: p, y2: p, class: "lab-grid" }));
    g.appendChild(svg("text", { x: x0 - 6, y: p + 4, class: "lab-tick", "text-anchor": "end" }, fmtTick(t)));
  }
  g.appendChild(svg("text", { x: (x0 + x1) / 2, y: y0 + 34, class: "lab-axis-label", "text-anchor": "middle" }, xlabel));
  g.appendChild(svg("text", {
    x: x0 - 40, y: (y0 + y1) / 2, class: "lab-axis-label", "text-anchor": "middle",
    transform: `rotate(-90 ${x0 - 40} ${(y0 + y1) / 2})`,
  }, ylabel));
}

function fmtTick(t) {
  const s = Math.abs(t) >= 1000 || (t !== 0 && Math.abs(t) < 0.01) ? t.toExponential(0) : String(+t.toFixed(6));
  return s.replace(/^-/, "\u2212");
}

/** Keep v within [lo, hi]. */
export function clamp(v, lo, hi) {
  return Math.min(hi, Math.max(lo, v));
}

/** The position of a pointer event in the coordinates of the SVG element `root`. */
export function svgPoint(root, event) {
  const pt = root.createSVGPoint();
  pt.x = event.clientX;
  pt.y = event.clientY;
  return pt.matrixTransform(root.getScreenCTM().inverse());
}

/**
 * Make an SVG element draggable with the mouse, touch or pen, and movable with the
 * arrow keys when focused (Shift for larger steps). `toData(px, py)` maps pixels to
 * data coordinates; `move(x, y, final)` receives the new data position (`final` is
 * true at the end of a drag and after each key press). `keyStep()` gives the data
 * step [dx, dy] of one key press.
 */
export function draggable(el, { toData, move, keyStep, onDelete }) {
  const toSvg = (event) => svgPoint(el.ownerSVGElement, event);
  let dragging = false;
  el.addEventListener("pointerdown", (event) => {
    dragging = true;
    el.setPointerCapture(event.pointerId);
    el.classList.add("lab-dragging");
    el.focus({ preventScroll: true });
    event.preventDefault();
  });
  el.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    const p = toSvg(event);
    const [x, y] = toData(p.x, p.y);
    move(x, y, false);
  });
  const end = (event) => {
    if (!dragging) return;
    dragging = false;
    el.classList.remove("lab-dragging");
    const p = toSvg(event);
    const [x, y] = toData(p.x, p.y);
    move(x, y, true);
  };
  el.addEventListener("pointerup", end);
  el.addEventListener("pointercancel", end);
  el.addEventListener("keydown", (event) => {
    const [dx, dy] = keyStep(event.shiftKey);
    const delta = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy] }[event.key];
    if (delta) {
      const x = Number(el.dataset.x) + delta[0];
      const y = Number(el.dataset.y) + delta[1];
      move(x, y, true);
      event.preventDefault();
    } else if (onDelete && (event.key === "Delete" || event.key === "Backspace")) {
      onDelete();
      event.preventDefault();
    }
  });
  el.style.touchAction = "none";
}

/** A labelled readout: `<span>label <output data-readout=name></output></span>`. */
export function readout(parent, name, label) {
  const wrap = document.createElement("span");
  wrap.className = "lab-readout";
  const lab = document.createElement("span");
  lab.className = "lab-readout-label";
  lab.textContent = label;
  const out = document.createElement("output");
  out.dataset.readout = name;
  out.setAttribute("aria-label", label);
  wrap.append(lab, " ", out);
  parent.appendChild(wrap);
  return (value, text) => {
    out.dataset.value = String(value);
    out.textContent = text === undefined ? fmt(value) : text;
  };
}

/**
 * A line of text under the plot: `<p class=className>`, with `data-readout` when named,
 * announced politely to screen readers when `live` (status lines, not every readout).
 */
export function textLine(parent, className, { readout = null, live = false } = {}) {
  const p = document.createElement("p");
  p.className = className;
  if (live) p.setAttribute("aria-live", "polite");
  if (readout) p.dataset.readout = readout;
  parent.appendChild(p);
  return p;
}

/** A button with a visible text label. */
export function button(parent, text, onClick, attrs = {}) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "lab-button";
  b.textContent = text;
  for (const [k, v] of Object.entries(attrs)) b.setAttribute(k, v);
  b.addEventListener("click", onClick);
  parent.appendChild(b);
  return b;
}

/**
 * Give the stock ipywidgets controls of this lab what assistive technology needs:
 * each slider handle is named by its description label and reads its value as shown
 * (a log slider would otherwise read out its exponent); toggle buttons become a named
 * group with aria-pressed. Runs wherever the lab runs (the book, JupyterLab); the view
 * is attached to the page after render returns, so it waits for the lab's layout and
 * then follows its changes.
 */
export function labelWidgetControls(el) {
  const sync = (box) => {
    for (const slider of box.querySelectorAll(".widget-slider")) {
      const label = slider.querySelector(".widget-label");
      const handle = slider.querySelector(".noUi-handle");
      const value = slider.querySelector(".widget-readout");
      if (!label || !handle) continue;
      const name = label.textContent.trim();
      if (name && handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
      const text = value ? value.textContent.trim() : "";
      if (text && handle.getAttribute("aria-valuetext") !== text) handle.setAttribute("aria-valuetext", text);
    }
    for (const row of box.querySelectorAll(".widget-toggle-buttons")) {
      const label = row.querySelector(".widget-label");
      if (label && label.textContent.trim() && !row.getAttribute("role")) {
        row.setAttribute("role", "group");
        row.setAttribute("aria-label", label.textContent.trim());
      }
      for (const b of row.querySelectorAll("button")) {
        const pressed = String(b.classList.contains("mod-active"));
        if (b.getAttribute("aria-pressed") !== pressed) b.setAttribute("aria-pressed", pressed);
      }
    }
  };
  let frames = 0;
  const find = () => {
    // The view is attached to the page after render returns; wait for its widget box.
    const box = el.isConnected ? el.closest(".lab-layout") || el.closest(".widget-vbox") : null;
    if (!box) {
      if (++frames < 600) requestAnimationFrame(find);
      return;
    }
    sync(box);
    new MutationObserver(() => sync(box)).observe(box, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["class"],
    });
  };
  find();
}
