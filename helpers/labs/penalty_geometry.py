"""Lab 4, penalty geometry: why the L1 penalty makes weights exactly zero and L2 does not."""

from __future__ import annotations

import math

import numpy as np
import traitlets as t
from ipywidgets import FloatSlider, HBox, Layout, ToggleButtons, jslink

from .. import fit_elastic_net
from ._learner import LARGE, LearnerFunction, LearnerHook, real_numbers
from ._widget import Canvas, Lab, bundle, canvas_trait

PENALTIES = ("L1", "L2")
RHO_LIMIT = 0.95
ALPHA_MAX = 4.0
VIEW = 3.0  # the plane shown is [-3, 3] x [-3, 3]


class PenaltyCanvas(Canvas):
    """The drawing surface of :class:`PenaltyGeometry` (its traits are the lab's state)."""

    _esm = bundle("penalty_geometry")
    c = t.List(t.Float(), minlen=2, maxlen=2).tag(sync=True)
    rho = t.Float(0.5).tag(sync=True)
    alpha = t.Float(1.0).tag(sync=True)
    # The penalty as an index into ("L1", "L2"): ipywidgets' selection widgets (the
    # toggle buttons) sync their `index`, not their value, so that is what jslink links.
    penalty_index = t.Int(0, min=0, max=len(PENALTIES) - 1).tag(sync=True)
    lim = t.Float(VIEW).tag(sync=True)
    learner_w = t.List(t.Float(), maxlen=2).tag(sync=True)
    # The c, rho, alpha and penalty the learner's w was computed for: the front end hides
    # the learner's mark when they no longer match (in the static book, after a drag).
    learner_state = t.Dict().tag(sync=True)
    learner_message = t.Unicode("").tag(sync=True)

    @t.validate("rho")
    def _rho_in_range(self, proposal):
        rho = proposal["value"]
        if not -RHO_LIMIT - 1e-12 <= rho <= RHO_LIMIT + 1e-12:
            raise t.TraitError(f"rho must be in [-{RHO_LIMIT}, {RHO_LIMIT}], got {rho}")
        return rho

    @t.validate("alpha")
    def _alpha_nonnegative(self, proposal):
        alpha = proposal["value"]
        if not (alpha >= 0 and math.isfinite(alpha)):
            raise t.TraitError(f"alpha must be a finite number >= 0, got {alpha}")
        return alpha


def design(c, rho):
    """Two samples whose least-squares loss is the lab's: (X, y) with X^T X / 2 = H and y = X c.

    With H = L L^T (Cholesky) and X = sqrt(2) L^T, the mean-squared loss
    ``(1/(2n)) ||y - X w||^2`` with n = 2 equals ``0.5 (w - c)^T H (w - c)``, so
    ``helpers.fit_elastic_net`` (l1_ratio 1 or 0, no intercept) solves the lab's problems.
    """
    H = np.array([[1.0, rho], [rho, 1.0]])
    X = math.sqrt(2.0) * np.linalg.cholesky(H).T
    return X, X @ np.asarray(c, dtype=float)


class PenaltyGeometry(Lab):
    """The loss's elliptical contours and the L1 diamond or L2 circle, in the plane of two weights.

    The loss is ``0.5 (w - c)^T H (w - c)`` with ``H = [[1, rho], [rho, 1]]``: a bowl whose
    lowest point is `c`, with contours stretched along a diagonal when rho is not 0. The
    lab minimizes it plus ``alpha ||w||_1`` (L1, the lasso) or ``(alpha / 2) ||w||^2``
    (L2, ridge), and draws the penalty's region through that optimum.

    In a running notebook :attr:`c`, :attr:`rho`, :attr:`alpha` and :attr:`penalty`
    follow the lab; :meth:`optimum` solves the same problem with
    ``helpers.fit_elastic_net`` on the two samples of :func:`design`, and
    :meth:`use_fit` marks the optimum your own solver finds.

    Parameters
    ----------
    c : (float, float), default=(2.0, 0.6)
        The loss's minimum, in [-3, 3] on each axis (drag it in the lab).
    rho : float, default=0.5
        Correlation of the two features, in [-0.95, 0.95].
    alpha : float, default=1.0
        Penalty strength, 0 to 4.
    penalty : {"L1", "L2"}, default="L1"
    """

    def __init__(self, c=(2.0, 0.6), *, rho=0.5, alpha=1.0, penalty="L1"):
        self.canvas = PenaltyCanvas(c=[0.0, 0.0])
        self.c = c
        self.rho = rho
        self.alpha = alpha
        self.penalty = penalty
        toggle = ToggleButtons(options=[("L1 (lasso)", "L1"), ("L2 (ridge)", "L2")],
                               value=self.penalty, description="penalty",
                               style={"description_width": "initial", "button_width": "7.5em"},
                               layout=Layout(width="auto"),
                               tooltips=["alpha times the sum of |w_j|",
                                         "alpha / 2 times the sum of w_j squared"])
        alpha_slider = FloatSlider(value=self.alpha, min=0.0, max=ALPHA_MAX, step=0.05,
                                   description="alpha", description_allow_html=False,
                                   readout_format=".2f", continuous_update=True,
                                   style={"description_width": "initial"}, layout=Layout(width="300px"))
        rho_slider = FloatSlider(value=self.rho, min=-RHO_LIMIT, max=RHO_LIMIT, step=0.05,
                                 description="correlation \u03c1", description_allow_html=False,
                                 readout_format=".2f", continuous_update=True,
                                 style={"description_width": "initial"}, layout=Layout(width="340px"))
        # Linked in the front end: the controls work in the static HTML book too.
        self._links = [jslink((toggle, "index"), (self.canvas, "penalty_index")),
                       jslink((alpha_slider, "value"), (self.canvas, "alpha")),
                       jslink((rho_slider, "value"), (self.canvas, "rho"))]
        self._hook = LearnerHook(self.canvas, ["c", "rho", "alpha", "penalty_index"],
                                 self._learner_update, lambda: self._set_learner([], {}, ""))
        super().__init__([toggle,
                          HBox([alpha_slider, rho_slider], layout=Layout(flex_flow="row wrap")),
                          self.canvas])

    # ---- the lab's state, in Python
    @property
    def c(self) -> np.ndarray:
        """The loss's minimum (the unconstrained optimum), shape (2,)."""
        return np.array(self.canvas.c, dtype=float)

    @c.setter
    def c(self, value):
        value = np.asarray(value, dtype=float).reshape(-1)
        lim = self.canvas.lim
        if value.shape != (2,) or not np.isfinite(value).all() or np.abs(value).max() > lim:
            raise ValueError(f"c must be two finite numbers in [-{lim:g}, {lim:g}], got {value.tolist()}")
        self.canvas.c = value.tolist()

    rho = canvas_trait("rho", "Correlation of the two features: H = [[1, rho], [rho, 1]].")

    alpha = canvas_trait("alpha", "Penalty strength, >= 0.")

    @property
    def penalty(self) -> str:
        """"L1" (the lasso) or "L2" (ridge)."""
        return PENALTIES[self.canvas.penalty_index]

    @penalty.setter
    def penalty(self, value):
        name = str(value).upper()
        if name not in PENALTIES:
            raise ValueError(f"penalty must be 'L1' or 'L2', got {value!r}")
        self.canvas.penalty_index = PENALTIES.index(name)

    @property
    def H(self) -> np.ndarray:
        """The loss's Hessian [[1, rho], [rho, 1]]."""
        return np.array([[1.0, self.rho], [self.rho, 1.0]])

    def design(self) -> tuple[np.ndarray, np.ndarray]:
        """(X, y): two samples whose mean-squared loss is the lab's (see :func:`design`)."""
        return design(self.c, self.rho)

    def loss(self, w) -> float:
        """The loss 0.5 (w - c)^T H (w - c)."""
        d = np.asarray(w, dtype=float) - self.c
        return 0.5 * float(d @ self.H @ d)

    def objective(self, w) -> float:
        """The loss plus the current penalty at `w`."""
        w = np.asarray(w, dtype=float)
        penalty = np.abs(w).sum() if self.penalty == "L1" else 0.5 * float(w @ w)
        return self.loss(w) + self.alpha * penalty

    def optimum(self) -> np.ndarray:
        """The penalized optimum w*, by ``helpers.fit_elastic_net`` (l1_ratio 1 for L1, 0 for L2)."""
        X, y = self.design()
        w, _ = fit_elastic_net(X, y, self.alpha, 1.0 if self.penalty == "L1" else 0.0,
                               fit_intercept=False, tol=1e-12, max_iter=100_000)
        return w

    def use_fit(self, fit):
        """Mark the optimum your own solver finds, live as the lab changes.

        `fit` takes ``(X, y, alpha)`` (see :meth:`design`) and returns `w` of shape (2,)
        minimizing scikit-learn's objective for the current penalty, without an intercept:
        ``(1/(2n)) ||y - X w||^2 + alpha ||w||_1`` for L1, or
        ``(1/(2n)) ||y - X w||^2 + (alpha / 2) ||w||^2`` for L2; returning ``(w, b)`` is
        accepted too. None removes it. The lab rings your w in dashed purple and says how
        far it is from :meth:`optimum`.
        """
        self._hook.use(fit, "fit")

    def _set_learner(self, w, state, message):
        with self.canvas.hold_sync():
            self.canvas.learner_w = list(w)
            self.canvas.learner_state = state
            self.canvas.learner_message = message

    def _learner_update(self, learner):
        key = (tuple(self.canvas.c), self.rho, self.alpha, self.canvas.penalty_index)
        result = learner.run(key, lambda: self._learner_result(learner),
                             f"X of shape (2, 2) and alpha {self.alpha:.2f}")
        self._set_learner(*(([], {}, result) if isinstance(result, str) else result))

    def _learner_result(self, learner):
        """(w, state, message) for the learner's solver in the current state."""
        X, y = self.design()
        name = learner.name
        out, error = learner.call(X.copy(), y.copy(), self.alpha)
        if error:
            return [], {}, error
        if isinstance(out, tuple) and len(out) == 2 and np.ndim(out[0]) == 1:
            out = out[0]  # (w, b): the intercept is 0 here
        w, problem = real_numbers(out)
        if problem:
            return [], {}, f"{name} returned {problem}; it should return w, two real numbers"
        if w.size != 2:
            return [], {}, (f"{name} should return w of shape (2,), got "
                            f"{LearnerFunction.describe(out)}")
        w = w.reshape(-1)
        if float(np.max(np.abs(w))) > LARGE:
            return [], {}, (f"{name} returned w = ({w[0]:.3g}, {w[1]:.3g}), far outside the "
                            "view")
        ref = self.optimum()
        gap = float(np.max(np.abs(w - ref)))
        zeros = int(np.sum(w == 0.0))
        zeros_text = ["no weight", "1 weight", "2 weights"][zeros]
        excess = self.objective(w) - self.objective(ref)
        verdict = ("It agrees with helpers.fit_elastic_net." if gap <= 1e-6 else
                   f"helpers.fit_elastic_net finds w* = ({ref[0]:.4f}, {ref[1]:.4f}): yours is "
                   f"{gap:.3g} away, and its objective is {excess:.3g} higher.")
        state = {"c": self.canvas.c, "rho": self.rho, "alpha": self.alpha,
                 "penalty_index": self.canvas.penalty_index}
        return w.tolist(), state, (
            f"{name} ({self.penalty}, alpha {self.alpha:.2f}): w = ({w[0]:.4f}, {w[1]:.4f}), "
            f"{zeros_text} exactly 0. {verdict}")

    def __repr__(self) -> str:
        # Short enough (under 110 characters) that ipywidgets' text/plain shows it whole.
        w = self.optimum()
        zeros = int(np.sum(w == 0.0))
        return (f"PenaltyGeometry lab: {self.penalty}, alpha {self.alpha:.2f}, rho {self.rho:.2f}, "
                f"c ({self.c[0]:.2f}, {self.c[1]:.2f}); w* ({w[0]:.4f}, {w[1]:.4f}), "
                f"{zeros} exact zero{'' if zeros == 1 else 's'}")
