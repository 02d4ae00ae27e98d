"""Lab 1, fit by hand: drag the points and a line, and watch the squared residuals."""

from __future__ import annotations

import numpy as np
import traitlets as t
from ipywidgets import Checkbox, HBox, Layout, jslink

from .. import fit_normal_equation, mse, predict
from ._learner import LARGE, LearnerFunction, LearnerHook, real_numbers
from ._widget import Canvas, Lab, bundle
from ._points import check_point_rows, check_points, padded_limits


class FitCanvas(Canvas):
    """The drawing surface of :class:`FitByHand` (its traits are the lab's state)."""

    _esm = bundle("fit_by_hand")
    points = t.List(t.List(t.Float(), minlen=2, maxlen=2)).tag(sync=True)
    line = t.List(t.Float(), minlen=4, maxlen=4).tag(sync=True)
    show_best_fit = t.Bool(False).tag(sync=True)
    show_squares = t.Bool(True).tag(sync=True)
    xlim = t.List(t.Float(), minlen=2, maxlen=2).tag(sync=True)
    ylim = t.List(t.Float(), minlen=2, maxlen=2).tag(sync=True)
    xlabel = t.Unicode("x").tag(sync=True)
    ylabel = t.Unicode("y").tag(sync=True)
    learner_line = t.List(t.Float(), maxlen=2).tag(sync=True)
    learner_message = t.Unicode("").tag(sync=True)


class FitByHand(Lab):
    """Fit a line by eye: drag the points and the line's two handles.

    In a running notebook the lab's state is Python's too: :attr:`points`,
    :attr:`slope`, :attr:`intercept` and :meth:`mse` follow the drags, and
    :meth:`use_fit` draws the line your own fitting function returns.

    Parameters
    ----------
    x, y : array-like of shape (n_points,), optional
        The points to start from; by default 10 seeded noisy points around y = 0.5 x + 2.
    seed : int, default=0
        Seed of the default points.
    show_best_fit : bool, default=False
        Start with the least-squares line shown.
    """

    def __init__(self, x=None, y=None, *, seed=0, show_best_fit=False):
        if x is None and y is None:
            rng = np.random.default_rng(seed)
            x = np.sort(rng.uniform(0.5, 9.5, 10))
            y = 0.5 * x + 2.0 + rng.normal(0.0, 1.0, 10)
        pts = check_points(x, y)
        xlim = padded_limits(pts[:, 0], (0.0, 10.0))
        ylim = padded_limits(pts[:, 1], (0.0, 10.0))
        y_mean = float(pts[:, 1].mean()) if len(pts) else float(np.mean(ylim))
        span = xlim[1] - xlim[0]
        x1, x2 = xlim[0] + 0.2 * span, xlim[1] - 0.2 * span
        self.canvas = FitCanvas(
            points=pts.tolist(),
            line=[x1, y_mean, x2, y_mean],  # start flat at the mean: the no-slope baseline
            xlim=list(xlim),
            ylim=list(ylim),
            show_best_fit=bool(show_best_fit),
        )
        best = Checkbox(value=bool(show_best_fit), description="Show the least-squares line",
                        indent=False, layout=Layout(width="auto"))
        squares = Checkbox(value=True, description="Show the squared residuals", indent=False,
                           layout=Layout(width="auto"))
        # Linked in the front end: the toggles work in the static HTML book too.
        self._links = [jslink((best, "value"), (self.canvas, "show_best_fit")),
                       jslink((squares, "value"), (self.canvas, "show_squares"))]
        self._hook = LearnerHook(self.canvas, ["points"], self._learner_update,
                                 lambda: self._show_learner([], ""))
        super().__init__([self.canvas, HBox([best, squares], layout=Layout(flex_flow="row wrap"))])

    # ---- the lab's state, in Python
    @property
    def points(self) -> np.ndarray:
        """The points as shown, an array of shape (n_points, 2) of (x, y)."""
        return np.array(self.canvas.points, dtype=float).reshape(-1, 2)

    @points.setter
    def points(self, value):
        self.canvas.points = check_point_rows(value).tolist()

    @property
    def slope(self) -> float:
        """Slope of your line (through its two handles)."""
        x1, y1, x2, y2 = self.canvas.line
        return (y2 - y1) / (x2 - x1)

    @property
    def intercept(self) -> float:
        """Intercept of your line."""
        x1, y1, _, _ = self.canvas.line
        return y1 - self.slope * x1

    def set_line(self, slope, intercept):
        """Move your line to ``y = slope x + intercept`` (the handles keep their x)."""
        x1, _, x2, _ = self.canvas.line
        self.canvas.line = [x1, slope * x1 + intercept, x2, slope * x2 + intercept]

    def mse(self) -> float:
        """Mean squared error of your line on the points, by ``helpers.mse``."""
        pts = self.points
        return mse(pts[:, 1], predict(pts[:, :1], np.array([self.slope]), self.intercept))

    def least_squares(self) -> tuple[float, float]:
        """(slope, intercept) of the least-squares line, by ``helpers.fit_normal_equation``."""
        pts = self.points
        w, b = fit_normal_equation(pts[:, :1], pts[:, 1])
        return float(w[0]), float(b)

    def use_fit(self, fit):
        """Draw the line your function fits to the points, live as they move.

        `fit` takes ``(X, y)`` with `X` of shape (n_points, 1) and returns ``(w, b)``
        (as ``helpers.fit_normal_equation`` does); None removes it. The lab draws
        your line dotted and says how far it is from least squares.
        """
        self._hook.use(fit, "fit")

    def _show_learner(self, line, message):
        with self.canvas.hold_sync():
            self.canvas.learner_line = line
            self.canvas.learner_message = message

    def _learner_update(self, learner):
        pts = self.points
        result = learner.run(pts.tobytes(), lambda: self._learner_result(learner, pts),
                             f"X of shape ({len(pts)}, 1)")
        self._show_learner(*(([], result) if isinstance(result, str) else result))

    def _learner_result(self, learner, pts):
        """(line, message) for the learner's fit to `pts`."""
        X, y = pts[:, :1], pts[:, 1]
        out, error = learner.call(X.copy(), y.copy())
        if error:
            return [], error
        wrong = (f"{learner.name} should return (w, b) with w of shape (1,) for one "
                 f"feature, got {LearnerFunction.describe(out)}")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            return [], wrong
        (w, w_problem), (b, b_problem) = real_numbers(out[0]), real_numbers(out[1])
        problem = w_problem or b_problem
        if problem:
            return [], f"{learner.name} returned {problem}; it should return (w, b), real numbers"
        if w.size != 1 or b.size != 1:
            return [], wrong
        slope, intercept = float(w.reshape(-1)[0]), float(b.reshape(-1)[0])
        if max(abs(slope), abs(intercept)) > LARGE:
            return [], (f"{learner.name} returned a line with slope {slope:.3g} and intercept "
                        f"{intercept:.3g}, far outside the view")
        ref_slope, ref_intercept = self.least_squares()
        gap = max(abs(slope - ref_slope), abs(intercept - ref_intercept))
        tol = 1e-8 * (1 + abs(ref_slope) + abs(ref_intercept))
        return [slope, intercept], (
            f"{learner.name}: slope {slope:.4f}, intercept {intercept:.4f}. "
            + ("It agrees with least squares." if gap <= tol else
               f"Least squares has slope {ref_slope:.4f}, intercept {ref_intercept:.4f}: "
               f"yours differs by up to {gap:.3g}.")
        )

    def __repr__(self) -> str:
        pts = self.points
        text = (f"FitByHand lab: {len(pts)} points; your line y = {self.slope:.3f} x + "
                f"{self.intercept:.3f}")
        if len(pts):
            text += f", MSE {self.mse():.3f}"
        return text
