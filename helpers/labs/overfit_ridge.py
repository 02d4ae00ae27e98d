"""Lab 3, overfitting and ridge: a polynomial's degree and ridge's alpha, against held-out data."""

from __future__ import annotations

import math

import numpy as np
import traitlets as t
from ipywidgets import FloatLogSlider, HBox, IntSlider, Layout, jslink

from .. import fit_ridge, mse, polynomial_features
from ._learner import LARGE, LearnerFunction, LearnerHook, real_numbers
from ._points import check_point_rows, check_points, padded_limits
from ._widget import Canvas, Lab, bundle, canvas_trait

MAX_DEGREE = 12
ALPHA_RANGE = (1e-8, 1e3)  # the slider's range; alpha is always > 0
X_VIEW = (-0.1, 1.1)  # the default data have x in [0, 1]


class OverfitCanvas(Canvas):
    """The drawing surface of :class:`OverfitRidge` (its traits are the lab's state)."""

    _esm = bundle("overfit_ridge")
    points = t.List(t.List(t.Float(), minlen=2, maxlen=2), minlen=1).tag(sync=True)
    test_points = t.List(t.List(t.Float(), minlen=2, maxlen=2)).tag(sync=True)
    degree = t.Int(1, min=0, max=MAX_DEGREE).tag(sync=True)
    alpha = t.Float(1e-3).tag(sync=True)
    max_degree = t.Int(MAX_DEGREE).tag(sync=True)
    xlim = t.List(t.Float(), minlen=2, maxlen=2).tag(sync=True)
    ylim = t.List(t.Float(), minlen=2, maxlen=2).tag(sync=True)
    learner_w = t.List(t.Float()).tag(sync=True)
    learner_b = t.Float(0.0).tag(sync=True)
    # The points, degree and alpha the learner's (w, b) was computed for: the front end
    # hides the curve when they no longer match (in the static book, after a drag).
    learner_state = t.Dict().tag(sync=True)
    learner_message = t.Unicode("").tag(sync=True)

    @t.validate("alpha")
    def _alpha_positive(self, proposal):
        alpha = proposal["value"]
        if not (alpha > 0 and math.isfinite(alpha)):
            raise t.TraitError(f"alpha must be a finite number > 0, got {alpha}")
        return alpha


def default_data(seed=0, n_test=30, noise=0.05):
    """Chapter 6's set-up: its ten training points and `n_test` held-out points.

    The training points are the source article's, which Chapter 6 uses:
    ``x = linspace(0, 1, 10)``, ``y = 0.5 x + 0.1 + noise`` with the noise drawn by
    ``np.random.RandomState(42).normal(0, 0.05, 10)``. The held-out points come from the
    same distribution, with x uniform on [0, 1], drawn by ``np.random.default_rng(seed)``.
    """
    x = np.linspace(0.0, 1.0, 10)
    y = 0.5 * x + 0.1 + np.random.RandomState(42).normal(0.0, noise, 10)
    rng = np.random.default_rng(seed)
    x_test = np.sort(rng.uniform(0.0, 1.0, n_test))
    y_test = 0.5 * x_test + 0.1 + rng.normal(0.0, noise, n_test)
    return x, y, x_test, y_test


class OverfitRidge(Lab):
    """Polynomial ridge regression on draggable training points, scored on held-out points.

    The fit is ``helpers.fit_ridge(polynomial_features(s, degree), y, alpha)``, the
    lab's browser computes the same. In a running notebook :attr:`points`,
    :attr:`degree`, :attr:`alpha`, :meth:`fit`, :meth:`train_mse` and :meth:`test_mse`
    follow the lab, and :meth:`use_fit` draws your own ridge function's curve.

    Parameters
    ----------
    x, y : array-like of shape (n_points,), optional
        Training points; by default Chapter 6's ten noisy points of y = 0.5 x + 0.1
        (see :func:`default_data`).
    x_test, y_test : array-like of shape (n_test,), optional
        Held-out points (fixed in the lab); by default 30 from the same distribution.
    degree : int, default=9
        Polynomial degree, 0 to 12.
    alpha : float, default=1e-8
        Ridge penalty, > 0 (the slider spans 1e-8 to 1e3).
    seed : int, default=0
        Seed of the default held-out points.
    xlim : (float, float), optional
        The view's x range: (-0.1, 1.1) for the default data, else the training and
        held-out x with a margin. It also fixes the feature scaling: x is mapped to
        ``s = (2 x - (x0 + x1)) / (x1 - x0)``, which is in [-1, 1], before its powers are
        taken, so that every power stays in [-1, 1] (see :meth:`scaled`).
    """

    def __init__(self, x=None, y=None, x_test=None, y_test=None, *, degree=9, alpha=1e-8,
                 seed=0, xlim=None):
        default = default_data(seed)
        train = check_points(default[0] if x is None else x, default[1] if y is None else y)
        test = check_points(default[2] if x_test is None else x_test,
                            default[3] if y_test is None else y_test, x_name="x_test", y_name="y_test")
        if len(train) == 0:
            raise ValueError("the lab needs at least one training point")
        if xlim is None:
            xlim = X_VIEW if x is None else padded_limits(
                np.concatenate([train[:, 0], test[:, 0]]), X_VIEW, pad=0.1)
        xlim = tuple(float(v) for v in xlim)
        if not xlim[0] < xlim[1]:
            raise ValueError(f"xlim must be increasing, got {xlim}")
        ylim = padded_limits(np.concatenate([train[:, 1], test[:, 1]]), (0.0, 1.0), pad=0.2)
        self.canvas = OverfitCanvas(points=train.tolist(), test_points=test.tolist(),
                                    xlim=list(xlim), ylim=list(ylim))
        self._check_in_view(train, "points")
        self.canvas.degree = degree
        self.canvas.alpha = alpha
        lo, hi = ALPHA_RANGE
        degree_slider = IntSlider(value=self.canvas.degree, min=0, max=MAX_DEGREE, step=1,
                                  description="degree", description_allow_html=False,
                                  continuous_update=True, style={"description_width": "initial"},
                                  layout=Layout(width="280px"))
        alpha_slider = FloatLogSlider(value=self.canvas.alpha, base=10, min=math.log10(lo),
                                      max=math.log10(hi), step=0.1, description="alpha",
                                      description_allow_html=False, readout_format=".1e",
                                      continuous_update=True, style={"description_width": "initial"},
                                      layout=Layout(width="340px"))
        # Linked in the front end: the sliders work in the static HTML book too.
        self._links = [jslink((degree_slider, "value"), (self.canvas, "degree")),
                       jslink((alpha_slider, "value"), (self.canvas, "alpha"))]
        self._hook = LearnerHook(self.canvas, ["points", "degree", "alpha"],
                                 self._learner_update, lambda: self._set_learner([], 0.0, {}, ""))
        super().__init__([HBox([degree_slider, alpha_slider],
                               layout=Layout(flex_flow="row wrap")),
                          self.canvas])

    # ---- the lab's state, in Python
    def _check_in_view(self, pts, name):
        (x0, x1), (y0, y1) = self.canvas.xlim, self.canvas.ylim
        inside = (pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1)
        if not inside.all():
            raise ValueError(f"{name} must lie in the view, x in [{x0:.3g}, {x1:.3g}] and "
                             f"y in [{y0:.3g}, {y1:.3g}]; point {int(np.argmin(inside))} does not")

    @property
    def points(self) -> np.ndarray:
        """The training points as shown, an array of shape (n_points, 2) of (x, y)."""
        return np.array(self.canvas.points, dtype=float).reshape(-1, 2)

    @points.setter
    def points(self, value):
        pts = check_point_rows(value, min_points=1)
        self._check_in_view(pts, "points")
        self.canvas.points = pts.tolist()

    @property
    def test_points(self) -> np.ndarray:
        """The held-out points, an array of shape (n_test, 2) of (x, y)."""
        return np.array(self.canvas.test_points, dtype=float).reshape(-1, 2)

    degree = canvas_trait("degree", "Degree of the polynomial, 0 to 12.")

    alpha = canvas_trait("alpha", "Ridge penalty, > 0.")

    def scaled(self, x) -> np.ndarray:
        """`x` mapped to [-1, 1] by the view's x range, the input the powers are taken of."""
        x0, x1 = self.canvas.xlim
        return (2.0 * np.asarray(x, dtype=float) - (x0 + x1)) / (x1 - x0)

    def features(self, x) -> np.ndarray:
        """The model's features of `x`: ``polynomial_features(scaled(x), degree)``."""
        return polynomial_features(self.scaled(x), self.degree)

    def fit(self) -> tuple[np.ndarray, float]:
        """(w, b) of the ridge fit to the training points, by ``helpers.fit_ridge``."""
        pts = self.points
        return fit_ridge(self.features(pts[:, 0]), pts[:, 1], self.alpha)

    def predict(self, x) -> np.ndarray:
        """The ridge fit's predictions at `x`."""
        w, b = self.fit()
        return self.features(np.atleast_1d(x)) @ w + b

    def train_mse(self) -> float:
        """MSE of the ridge fit on the training points, by ``helpers.mse``."""
        pts = self.points
        return mse(pts[:, 1], self.predict(pts[:, 0]))

    def test_mse(self) -> float:
        """MSE of the ridge fit on the held-out points, by ``helpers.mse``."""
        pts = self.test_points
        return mse(pts[:, 1], self.predict(pts[:, 0])) if len(pts) else float("nan")

    def use_fit(self, fit):
        """Draw the curve your own ridge function fits, live as the lab changes.

        `fit` takes ``(X, y, alpha)``, with `X` the features of the training points
        (shape (n_points, degree), see :meth:`features`), and returns ``(w, b)`` minimizing
        ``||y - X w - b||^2 + alpha ||w||^2``, as ``helpers.fit_ridge`` does; None removes it.
        The lab draws your curve dotted and says how far it is from ``helpers.fit_ridge``.
        """
        self._hook.use(fit, "fit")

    def _set_learner(self, w, b, state, message):
        with self.canvas.hold_sync():
            self.canvas.learner_w = list(w)
            self.canvas.learner_b = b
            self.canvas.learner_state = state
            self.canvas.learner_message = message

    def _learner_update(self, learner):
        pts = self.points
        key = (pts.tobytes(), self.degree, self.alpha)
        result = learner.run(key, lambda: self._learner_result(learner, pts),
                             f"X of shape ({len(pts)}, {self.degree}) and alpha {self.alpha:.1e}")
        self._set_learner(*(([], 0.0, {}, result) if isinstance(result, str) else result))

    def _learner_result(self, learner, pts):
        """(w, b, state, message) for the learner's ridge fit in the current state."""
        X, y = self.features(pts[:, 0]), pts[:, 1]
        name = learner.name
        out, error = learner.call(X.copy(), y.copy(), self.alpha)
        if error:
            return [], 0.0, {}, error
        d = X.shape[1]
        wrong = (f"{name} should return (w, b) with w of shape ({d},) for degree {d}, "
                 f"got {LearnerFunction.describe(out)}")
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            return [], 0.0, {}, wrong
        (w, w_problem), (b, b_problem) = real_numbers(out[0]), real_numbers(out[1])
        problem = w_problem or b_problem
        if problem:
            return [], 0.0, {}, f"{name} returned {problem}; it should return (w, b), real numbers"
        if w.size != d or b.size != 1:
            return [], 0.0, {}, wrong
        w, b = w.reshape(-1), float(b.reshape(-1)[0])
        if max(float(np.max(np.abs(w), initial=0.0)), abs(b)) > LARGE:
            return [], 0.0, {}, (f"{name} returned weights up to "
                                 f"{max(float(np.max(np.abs(w), initial=0.0)), abs(b)):.3g}, "
                                 "far outside the view")
        # Compared through the curves over the view: high-degree coefficients are
        # ill-conditioned, the curve the lab draws is not.
        grid = np.linspace(*self.canvas.xlim, 200)
        G = self.features(grid)
        w_ref, b_ref = self.fit()
        gap = float(np.max(np.abs(G @ w + b - (G @ w_ref + b_ref))))
        scale = 1.0 + float(np.max(np.abs(G @ w_ref + b_ref)))
        state = {"points": self.canvas.points, "degree": self.degree, "alpha": self.alpha}
        verdict = ("It agrees with helpers.fit_ridge." if gap <= 1e-6 * scale else
                   f"Its curve is up to {gap:.3g} away from helpers.fit_ridge's (solid).")
        return w.tolist(), b, state, (
            f"{name} (dotted), degree {d}, alpha {self.alpha:.1e}: training MSE "
            f"{mse(y, X @ w + b):.4g}. {verdict}")

    def __repr__(self) -> str:
        # Short enough (under 110 characters) that ipywidgets' text/plain shows it whole.
        return (f"OverfitRidge lab: degree {self.degree}, alpha {self.alpha:.1e}; MSE training "
                f"{self.train_mse():.3g}, held-out {self.test_mse():.3g} ({len(self.points)} and "
                f"{len(self.test_points)} points)")
