// Lab 1, fit by hand: drag the points and the two handles of your line; watch the
// squared residuals and the MSE; compare with the least-squares line.
// Model traits (see helpers/labs/fit_by_hand.py): points [[x, y], ...],
// line [x1, y1, x2, y2], show_best_fit, show_squares, xlim, ylim,
// learner_line [slope, intercept] or [], learner_message.

const W = 640;
const H = 420;
const M = { left: 62, right: 16, top: 14, bottom: 46 };

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "lab lab-fit-by-hand";
  el.appendChild(root);

  const plot = svg("svg", {
    viewBox: `0 0 ${W} ${H}`, class: "lab-svg", role: "group",
    "aria-label": "Scatter plot with draggable points and a draggable line",
  });
  const desc = svg("desc", {}, "Each point and each of the two line handles can be focused with Tab and "
    + "moved with the arrow keys (Shift for larger steps). Delete removes a focused point; "
    + "double-click the plot to add one.");
  plot.appendChild(desc);
  root.appendChild(plot);

  const panel = document.createElement("div");
  panel.className = "lab-readouts";
  root.appendChild(panel);
  const mine = document.createElement("div");
  mine.className = "lab-readout-group";
  mine.innerHTML = "<strong>Your line</strong> ";
  const best = document.createElement("div");
  best.className = "lab-readout-group";
  best.innerHTML = "<strong>Least squares</strong> ";
  panel.append(mine, best);
  const setSlope = readout(mine, "slope", "slope");
  const setIntercept = readout(mine, "intercept", "intercept");
  const setMse = readout(mine, "mse", "MSE");
  const setBestSlope = readout(best, "best-slope", "slope");
  const setBestIntercept = readout(best, "best-intercept", "intercept");
  const setBestMse = readout(best, "best-mse", "MSE");
  const verdict = textLine(root, "lab-status", { readout: "verdict", live: true });
  const learnerNote = textLine(root, "lab-learner", { readout: "learner" });

  const tools = document.createElement("div");
  tools.className = "lab-tools";
  root.appendChild(tools);
  button(tools, "Snap my line to least squares", () => {
    const { xs, ys } = data();
    const fit = leastSquaresLine(xs, ys);
    if (!Number.isFinite(fit.slope)) return;
    const [x1, , x2] = model.get("line");
    model.set("line", [x1, fit.slope * x1 + fit.intercept, x2, fit.slope * x2 + fit.intercept]);
    model.save_changes();
  });
  button(tools, "Reset my line", () => {
    const { ys } = data();
    const [x1, , x2] = model.get("line");
    const m = ys.length ? mean(ys) : 0;
    model.set("line", [x1, m, x2, m]);
    model.save_changes();
  });

  const layers = {
    axes: svg("g"), squares: svg("g", { class: "lab-squares" }), residuals: svg("g"),
    lines: svg("g"), points: svg("g"), handles: svg("g"),
  };
  for (const g of Object.values(layers)) plot.appendChild(g);

  let sx;
  let sy;
  function scales() {
    const [x0, x1] = model.get("xlim");
    const [y0, y1] = model.get("ylim");
    sx = scale(x0, x1, M.left, W - M.right);
    sy = scale(y0, y1, H - M.bottom, M.top);
  }
  const toData = (px, py) => [
    clamp(sx.invert(px), ...sx.domain),
    clamp(sy.invert(py), ...sy.domain),
  ];
  const keyStep = (big) => [
    ((sx.domain[1] - sx.domain[0]) / 100) * (big ? 10 : 1),
    ((sy.domain[1] - sy.domain[0]) / 100) * (big ? 10 : 1),
  ];

  // Work on a local copy while dragging; the model hears of it at the end of the drag.
  let points = model.get("points").map((p) => p.slice());
  let line = model.get("line").slice();
  const data = () => ({ xs: points.map((p) => p[0]), ys: points.map((p) => p[1]) });

  // Our own commits come back as change events: the DOM is already right, and
  // rebuilding it would take the keyboard focus away from the point being moved.
  let committing = false;
  function commitPoints() {
    committing = true;
    model.set("points", points.map((p) => p.slice()));
    model.save_changes();
    committing = false;
  }

  function drawAxes_() {
    layers.axes.replaceChildren();
    drawAxes(layers.axes, sx, sy, { xlabel: model.get("xlabel"), ylabel: model.get("ylabel") });
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

  const handles = [0, 1].map((k) => {
    const h = svg("rect", { width: 14, height: 14, rx: 3, class: "lab-handle", tabindex: 0, role: "button" });
    draggable(h, {
      toData, keyStep,
      move: (x, y, final) => {
        // Keep the two handles apart so the line never turns vertical.
        const other = line[2 * (1 - k)];
        const gap = (sx.domain[1] - sx.domain[0]) / 50;
        x = k === 0 ? Math.min(x, other - gap) : Math.max(x, other + gap);
        line[2 * k] = clamp(x, ...sx.domain);
        line[2 * k + 1] = y;
        update();
        if (final) {
          model.set("line", line.slice());
          model.save_changes();
        }
      },
    });
    layers.handles.appendChild(h);
    return h;
  });

  const userLine = svg("line", { class: "lab-line-user" });
  const bestLine = svg("line", { class: "lab-line-best" });
  const learnerLine = svg("line", { class: "lab-line-learner" });
  layers.lines.append(bestLine, learnerLine, userLine);

  function setLine(el_, slope, intercept, visible) {
    el_.style.display = visible ? "" : "none";
    if (!visible) return;
    const [x0, x1] = sx.domain;
    el_.setAttribute("x1", sx(x0));
    el_.setAttribute("x2", sx(x1));
    el_.setAttribute("y1", sy(slope * x0 + intercept));
    el_.setAttribute("y2", sy(slope * x1 + intercept));
  }

  // Everything that depends on the points and the line; runs on every drag event.
  function update() {
    const { xs, ys } = data();
    const [x1, y1, x2, y2] = line;
    const slope = (y2 - y1) / (x2 - x1);
    const intercept = y1 - slope * x1;
    const fit = leastSquaresLine(xs, ys);
    const userMse = lineMse(xs, ys, slope, intercept);
    const bestMse = lineMse(xs, ys, fit.slope, fit.intercept);

    setLine(userLine, slope, intercept, true);
    setLine(bestLine, fit.slope, fit.intercept, model.get("show_best_fit") && xs.length > 0);
    const ll = model.get("learner_line");
    setLine(learnerLine, ll[0], ll[1], ll.length === 2 && Number.isFinite(ll[0]) && Number.isFinite(ll[1]));

    const squares = model.get("show_squares");
    const sqEls = layers.squares.children;
    const resEls = layers.residuals.children;
    while (sqEls.length < xs.length) layers.squares.appendChild(svg("rect", { class: "lab-square" }));
    while (resEls.length < xs.length) layers.residuals.appendChild(svg("line", { class: "lab-residual" }));
    const pxPerY = Math.abs(sy(1) - sy(0));
    for (let i = 0; i < sqEls.length; i++) {
      const on = i < xs.length;
      resEls[i].style.display = on ? "" : "none";
      sqEls[i].style.display = on && squares ? "" : "none";
      if (!on) continue;
      const fitted = slope * xs[i] + intercept;
      const px = sx(xs[i]);
      const top = Math.min(sy(ys[i]), sy(fitted));
      const side = Math.abs(ys[i] - fitted) * pxPerY; // a square of area r^2 in y units
      resEls[i].setAttribute("x1", px);
      resEls[i].setAttribute("x2", px);
      resEls[i].setAttribute("y1", sy(ys[i]));
      resEls[i].setAttribute("y2", sy(fitted));
      // Drawn towards the middle of the plot so it stays on the canvas.
      const left = px > (M.left + W - M.right) / 2 ? px - side : px;
      sqEls[i].setAttribute("x", left);
      sqEls[i].setAttribute("y", top);
      sqEls[i].setAttribute("width", side);
      sqEls[i].setAttribute("height", side);
    }

    const circles = layers.points.children;
    for (let i = 0; i < circles.length; i++) {
      const c = circles[i];
      c.setAttribute("cx", sx(xs[i]));
      c.setAttribute("cy", sy(ys[i]));
      c.dataset.x = String(xs[i]);
      c.dataset.y = String(ys[i]);
      c.setAttribute("aria-label", `point ${i + 1} of ${xs.length}: x ${fmt(xs[i], 2)}, y ${fmt(ys[i], 2)}`);
    }
    handles.forEach((h, k) => {
      const hx = line[2 * k];
      const hy = line[2 * k + 1];
      h.setAttribute("x", sx(hx) - 7);
      h.setAttribute("y", sy(clamp(hy, ...sy.domain)) - 7);
      h.dataset.x = String(hx);
      h.dataset.y = String(hy);
      h.setAttribute("aria-label", `line handle ${k + 1}: x ${fmt(hx, 2)}, y ${fmt(hy, 2)}`);
    });

    setSlope(slope);
    setIntercept(intercept);
    setMse(userMse);
    setBestSlope(fit.slope);
    setBestIntercept(fit.intercept);
    setBestMse(bestMse);
    if (!xs.length) {
      verdict.textContent = "No points: double-click the plot to add some.";
    } else if (fit.degenerate) {
      verdict.textContent = "Every point has the same x, so no slope is better than another: "
        + "least squares (like helpers.fit_normal_equation) returns the flat line through the mean of y.";
    } else {
      const excess = bestMse > 0 ? (userMse / bestMse - 1) * 100 : (userMse > 0 ? Infinity : 0);
      verdict.textContent = excess < 0.5
        ? "Your line is as good as least squares (within 0.5% of the smallest MSE)."
        : `Your MSE is ${Number.isFinite(excess) ? excess.toFixed(0) + "%" : "far"} above the smallest possible.`;
    }
    learnerNote.textContent = model.get("learner_message");
  }

  function redrawAll() {
    scales();
    drawAxes_();
    pointElements();
    update();
  }

  plot.addEventListener("dblclick", (event) => {
    if (event.target.closest(".lab-point, .lab-handle")) return;
    const p = svgPoint(plot, event);
    points.push(toData(p.x, p.y));
    pointElements();
    update();
    commitPoints();
  });

  model.on("change:points", () => {
    if (committing) return;
    points = model.get("points").map((p) => p.slice());
    pointElements();
    update();
  });
  model.on("change:line", () => {
    line = model.get("line").slice();
    update();
  });
  for (const name of ["show_best_fit", "show_squares", "learner_line", "learner_message"]) {
    model.on(`change:${name}`, update);
  }
  for (const name of ["xlim", "ylim"]) model.on(`change:${name}`, redrawAll);

  redrawAll();
  // For the performance measurement in bench/labs.py: one drag event's work.
  root.labUpdate = update;
}

export default { render };
