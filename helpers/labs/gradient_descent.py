"""Lab 2, gradient descent: the learning rate, the stability limit, scaling and momentum."""

from __future__ import annotations

import numpy as np
import traitlets as t
from ipywidgets import Checkbox, FloatSlider, FloatText, HBox, Layout, jslink

from .. import DescentResult, Standardizer, gradient_descent, mse_gradients, stability_limit
from ._learner import LearnerFunction, LearnerHook, real_numbers
from ._points import check_points
from ._widget import Canvas, Lab, bundle, canvas_trait



class DescentCanvas(Canvas):
    """The drawing surface of :class:`DescentLab` (its traits are the lab's state)."""

    _esm = bundle("gradient_descent")
    x = t.List(t.Float()).tag(sync=True)
    y = t.List(t.Float()).tag(sync=True)
    learning_rate = t.Float(0.01).tag(sync=True)
    momentum = t.Float(0.0).tag(sync=True)
    scale_features = t.Bool(False).tag(sync=True)
    start = t.List(t.Float(), minlen=2, maxlen=2).tag(sync=True)
    max_steps = t.Int(3000).tag(sync=True)
    tol = t.Float(1e-6).tag(sync=True)
    # Written by the front end after each step, run or reset.
    path = t.List(t.List(t.Float())).tag(sync=True)
    losses = t.List(t.Float()).tag(sync=True)
    status = t.Unicode("ready").tag(sync=True)
    n_steps = t.Int(0).tag(sync=True)
    # Written by Python when a learner's gradient function is in use.
    learner_path = t.List(t.List(t.Float())).tag(sync=True)
    learner_message = t.Unicode("").tag(sync=True)

    @t.validate("learning_rate")
    def _positive_rate(self, proposal):
        value = proposal["value"]
        if not value > 0:
            raise t.TraitError(f"learning_rate must be > 0, got {value}")
        return value

    @t.validate("momentum")
    def _momentum_range(self, proposal):
        value = proposal["value"]
        if not 0 <= value < 1:
            raise t.TraitError(f"momentum must be in [0, 1), got {value}")
        return value


class DescentLab(Lab):
    """Gradient descent on the MSE of a line, step by step.

    The lab's run is what ``helpers.gradient_descent`` computes on the same data
    (:meth:`reference_run`); :meth:`use_gradients` runs descent with your own gradient
    function beside it.

    Parameters
    ----------
    x, y : array-like of shape (n_points,), optional
        One feature and the targets; by default 40 seeded points around y = 0.5 x + 2
        with x in [0, 10], whose raw feature makes descent slow.
    learning_rate : float, default=0.02
    momentum : float, default=0.0
    scale_features : bool, default=False
        Standardize the feature before descending.
    start : (float, float), default=(-1.0, 8.0)
        The starting (w, b).
    seed : int, default=0
        Seed of the default points.
    """

    def __init__(self, x=None, y=None, *, learning_rate=0.02, momentum=0.0,
                 scale_features=False, start=(-1.0, 8.0), seed=0):
        if x is None and y is None:
            rng = np.random.default_rng(seed)
            x = rng.uniform(0.0, 10.0, 40)
            y = 0.5 * x + 2.0 + rng.normal(0.0, 1.0, 40)
        pts = self._check_data(x, y)
        self.canvas = DescentCanvas(
            x=pts[:, 0].tolist(), y=pts[:, 1].tolist(), learning_rate=float(learning_rate),
            momentum=float(momentum), scale_features=bool(scale_features),
            start=[float(start[0]), float(start[1])], path=[[float(start[0]), float(start[1])]],
        )
        wide = Layout(width="auto")
        style = {"description_width": "initial"}
        rate_text = FloatText(value=learning_rate, step=0.001, description="learning rate",
                              style=style, layout=Layout(width="220px"))
        momentum_slider = FloatSlider(value=momentum, min=0.0, max=0.95, step=0.05,
                                      description="momentum \u03b2", style=style,
                                      layout=Layout(width="320px"))
        scaling = Checkbox(value=bool(scale_features), description="Standardize the feature",
                           indent=False, layout=wide)
        # Linked in the front end, so the controls drive the lab in the static book too.
        self._links = [
            jslink((rate_text, "value"), (self.canvas, "learning_rate")),
            jslink((momentum_slider, "value"), (self.canvas, "momentum")),
            jslink((scaling, "value"), (self.canvas, "scale_features")),
        ]
        self._hook = LearnerHook(
            self.canvas, ["learning_rate", "momentum", "scale_features", "start", "x", "y"],
            self._learner_update, lambda: self._show_learner([], ""))
        super().__init__([
            HBox([rate_text, momentum_slider, scaling], layout=Layout(flex_flow="row wrap")),
            self.canvas,
        ])

    @staticmethod
    def _check_data(x, y):
        pts = check_points(x, y)
        if len(np.unique(pts[:, 0])) < 2:
            raise ValueError(
                f"x needs at least two distinct values for the loss to have one minimum; got "
                f"{len(pts)} point(s) with {len(np.unique(pts[:, 0]))} distinct x")
        return pts

    # ---- state shared with the front end
    learning_rate = canvas_trait(
        "learning_rate", "The learning rate (linked to both learning-rate controls).", float)
    momentum = canvas_trait("momentum", "The heavy-ball coefficient beta, in [0, 1).", float)
    scale_features = canvas_trait(
        "scale_features", "Whether the feature is standardized before descending.", bool)

    def set_data(self, x, y):
        """Descend on other data: one feature `x` and targets `y`."""
        pts = self._check_data(x, y)
        self.canvas.x, self.canvas.y = pts[:, 0].tolist(), pts[:, 1].tolist()

    @property
    def history(self) -> dict:
        """What the lab shows: the path of (w, b) so far, its losses and its status."""
        return {
            "path": np.array(self.canvas.path, dtype=float).reshape(-1, 2),
            "losses": np.array(self.canvas.losses, dtype=float),
            "status": self.canvas.status,
        }

    def features(self) -> np.ndarray:
        """The feature as descent sees it, shape (n_points, 1): raw or standardized."""
        X = np.array(self.canvas.x, dtype=float)[:, None]
        return Standardizer().fit_transform(X) if self.canvas.scale_features else X

    def stability_limit(self) -> float:
        """2 (1 + beta) / lambda_max for the current data, by ``helpers.stability_limit``."""
        return stability_limit(self.features(), momentum=self.canvas.momentum)

    def reference_run(self) -> DescentResult:
        """The lab's whole run, computed by ``helpers.gradient_descent`` (warnings and all)."""
        w0, b0 = self.canvas.start
        return gradient_descent(
            self.features(), np.array(self.canvas.y), learning_rate=self.canvas.learning_rate,
            momentum=self.canvas.momentum, n_iters=self.canvas.max_steps, tol=self.canvas.tol,
            w_init=[w0], b_init=b0, record_path=True)

    # ---- the learner's gradient function
    def use_gradients(self, gradients):
        """Run descent with your gradient function too, and show where it departs.

        `gradients` takes ``(X, y, w, b)`` with `X` of shape (n_points, 1), `y` of shape
        (n_points,), `w` of shape (1,) and a float `b`, and returns ``(grad_w, grad_b)``
        of the 1/n mean squared error, as ``helpers.mse_gradients`` does. None removes it.
        """
        self._hook.use(gradients, "gradients")

    def _show_learner(self, path, message):
        with self.canvas.hold_sync():
            self.canvas.learner_path = path
            self.canvas.learner_message = message

    def _learner_update(self, learner):
        c = self.canvas
        key = (c.learning_rate, c.momentum, c.scale_features, tuple(c.start), tuple(c.x),
               tuple(c.y), c.max_steps, c.tol)
        result = learner.run(key, lambda: self._learner_run(learner),
                             f"a run of up to {c.max_steps} steps with X of shape ({len(c.x)}, 1)")
        self._show_learner(*(([], result) if isinstance(result, str) else result))

    def _learner_run(self, learner):
        """(path, message): descent driven by the learner's gradients, checked at each step."""
        X, y = self.features(), np.array(self.canvas.y)
        w = np.array(self.canvas.start[:1])
        b = float(self.canvas.start[1])
        eta, beta = self.canvas.learning_rate, self.canvas.momentum
        path, message = [[float(w[0]), b]], ""
        v_w, v_b, g0, loss0 = 0.0, 0.0, None, None
        for step in range(self.canvas.max_steps):
            ref_w, ref_b = mse_gradients(X, y, w, b)
            out, error = learner.call(X.copy(), y.copy(), w.copy(), b)
            if error:
                message = error
                break
            got = _as_gradients(out)
            if isinstance(got, str):
                message = (f"{learner.name} should return (grad_w, grad_b) with grad_w of "
                           f"shape (1,) and a number grad_b; it returned {got}")
                break
            g_w, g_b = got
            if not message and not np.allclose([g_w, g_b], [ref_w[0], ref_b], rtol=1e-7, atol=1e-10):
                message = (f"At step {step}, at w = {w[0]:.4g}, b = {b:.4g}, your gradient is "
                           f"({g_w:.6g}, {g_b:.6g}) but the MSE's is ({ref_w[0]:.6g}, {ref_b:.6g}). "
                           + diagnose_gradient(np.array([g_w, g_b]), np.array([ref_w[0], ref_b]), len(y)))
            loss = float(np.mean((X[:, 0] * w[0] + b - y) ** 2))
            loss0 = loss if loss0 is None else loss0
            if not np.isfinite(loss) or loss > 1e6 * max(loss0, 1e-300):
                path.pop()
                message = message or "Your run diverges, and so does the reference at this learning rate."
                break
            gnorm = float(np.hypot(g_w, g_b))
            g0 = gnorm if g0 is None else g0
            if gnorm <= self.canvas.tol * g0 or gnorm == 0:
                break
            v_w, v_b = beta * v_w - eta * g_w, beta * v_b - eta * g_b
            w, b = w + v_w, b + v_b
            if not (np.isfinite(w).all() and np.isfinite(b)):  # a step past float64's range
                message = message or "Your run diverges, and so does the reference at this learning rate."
                break
            path.append([float(w[0]), float(b)])
        return path, message or (
            f"{learner.name} agrees with helpers.mse_gradients at every one of the "
            f"{len(path)} points of its run.")

    def __repr__(self) -> str:
        feature = "standardized feature" if self.canvas.scale_features else "raw feature"
        return (f"DescentLab: {len(self.canvas.x)} points, {feature}, learning rate "
                f"{self.canvas.learning_rate:.4g} (stability limit {self.stability_limit():.4g}), "
                f"momentum {self.canvas.momentum:g}")


def _as_gradients(out):
    """(grad_w, grad_b) as two floats for one feature, or what is wrong with `out`."""
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        return LearnerFunction.describe(out)
    (grad_w, w_problem), (grad_b, b_problem) = real_numbers(out[0]), real_numbers(out[1])
    if w_problem or b_problem:
        return w_problem or b_problem
    if grad_w.shape != (1,) or grad_b.size != 1:
        return LearnerFunction.describe(out)
    return float(grad_w[0]), float(grad_b.reshape(-1)[0])


def diagnose_gradient(got: np.ndarray, ref: np.ndarray, n: int) -> str:
    """A hint naming the usual mistake when `got` is a simple multiple of `ref`."""
    if np.allclose(got, -ref, rtol=1e-6):
        return "It has the wrong sign: the residual is y_hat - y (or descent subtracts the gradient)."
    if np.allclose(got, ref / 2, rtol=1e-6):
        return "It is half the gradient: the derivative of r^2 is 2r, so a factor 2 is missing."
    if np.allclose(got, ref * n, rtol=1e-6):
        return f"It is {n} times the gradient: a sum where the mean (divide by n) belongs."
    if np.allclose(got, ref * n / 2, rtol=1e-6):
        return "It is n/2 times the gradient: a sum instead of a mean, and the factor 2 is missing."
    return "Check each factor of 2/n X^T (X w + b - y) against your code."
