"""Labs 3 (overfitting and ridge) and 4 (penalty geometry).

Three layers: the Python widgets (no browser), the labs' own browser math against the
``helpers`` kernels on the same inputs (the lab's module loaded into a blank page), and
the built book's lab pages driven with the mouse and the keyboard, with every readout
compared with ``helpers`` on the points read back from the page.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose

import helpers
from helpers.labs.overfit_ridge import ALPHA_RANGE, MAX_DEGREE, OverfitRidge, default_data
from helpers.labs.penalty_geometry import PenaltyGeometry, design
from tests.book._support import keep_offline

from ._modules import exported_functions, module_page

# ---------------------------------------------------------------------------------------------
# Python side


def _ridge_reference(lab):
    """(w, b) of the lab's fit computed here, from helpers, without the lab's methods."""
    pts = lab.points
    x0, x1 = lab.canvas.xlim
    s = (2 * pts[:, 0] - (x0 + x1)) / (x1 - x0)
    return helpers.fit_ridge(helpers.polynomial_features(s, lab.degree), pts[:, 1], lab.alpha)


def test_overfit_ridge_default_is_chapter_5_setup_and_fits_by_helpers():
    lab = OverfitRidge()
    x, y, x_test, y_test = default_data(0)
    assert_allclose(lab.points, np.column_stack([x, y]))
    assert_allclose(lab.test_points, np.column_stack([x_test, y_test]))
    assert len(lab.points) == 10 and len(lab.test_points) == 30
    assert_allclose(x, np.linspace(0, 1, 10))
    # The source article's points, which Chapter 6 uses (its first noisy y, by hand).
    assert y[0] == pytest.approx(0.1 + 0.05 * 0.4967141530112327, rel=1e-12)
    assert lab.degree == 9 and lab.alpha == pytest.approx(1e-8)
    w, b = lab.fit()
    w_ref, b_ref = _ridge_reference(lab)
    assert_allclose(w, w_ref, rtol=1e-12)
    assert b == pytest.approx(b_ref, rel=1e-12)
    X = lab.features(lab.points[:, 0])
    assert np.abs(X).max() <= 1.0  # x is scaled to [-1, 1] before its powers are taken
    assert lab.train_mse() == pytest.approx(helpers.mse(y, X @ w + b), rel=1e-12)
    Xt = lab.features(x_test)
    assert lab.test_mse() == pytest.approx(helpers.mse(y_test, Xt @ w + b), rel=1e-12)
    # Chapter 6's lesson holds on these data: the high degree fits the training points
    # far better and the held-out points worse than a line.
    line = OverfitRidge(degree=1)
    assert lab.train_mse() < 0.01 * line.train_mse()
    assert lab.test_mse() > 1.5 * line.test_mse()


def test_overfit_ridge_repr_is_deterministic_and_has_no_address():
    text = repr(OverfitRidge())
    assert text == repr(OverfitRidge())
    assert "0x" not in text
    assert text.startswith("OverfitRidge lab: degree 9, alpha 1.0e-08; MSE training ")
    assert text.endswith("(10 and 30 points)") and len(text) <= 110  # ipywidgets cuts text/plain at 110


def test_overfit_ridge_controls_are_linked_labelled_sliders():
    lab = OverfitRidge()
    sliders = lab.children[0].children
    assert [type(s).__name__ for s in sliders] == ["IntSlider", "FloatLogSlider"]
    degree, alpha = sliders
    assert (degree.min, degree.max, degree.description) == (0, MAX_DEGREE, "degree")
    assert alpha.description == "alpha" and alpha.base == 10
    assert 10**alpha.min == pytest.approx(ALPHA_RANGE[0]) and 10**alpha.max == pytest.approx(ALPHA_RANGE[1])
    assert not degree.description_allow_html and not alpha.description_allow_html
    linked = {(link.source[0].model_id, link.source[1], link.target[1]) for link in lab._links}
    assert linked == {(degree.model_id, "value", "degree"), (alpha.model_id, "value", "alpha")}
    assert all(link.target[0] is lab.canvas for link in lab._links)


@pytest.mark.parametrize("bad", [0.0, -1.0, float("nan"), float("inf")])
def test_overfit_ridge_alpha_must_stay_positive(bad):
    lab = OverfitRidge()
    with pytest.raises(Exception, match="alpha must be a finite number > 0"):
        lab.alpha = bad
    assert lab.alpha == pytest.approx(1e-8)


def test_overfit_ridge_degree_range_and_points_in_view():
    lab = OverfitRidge()
    with pytest.raises(Exception):
        lab.degree = MAX_DEGREE + 1
    with pytest.raises(ValueError, match="must lie in the view"):
        lab.points = [[5.0, 0.3]]
    with pytest.raises(ValueError, match="n_points >= 1"):
        lab.points = np.empty((0, 2))


@pytest.mark.parametrize("pts", [[[0.5, 0.3]], [[0.4, 0.1], [0.4, 0.5], [0.4, 0.3]]],
                         ids=["one point", "same x"])
def test_overfit_ridge_degenerate_training_sets_give_the_flat_line(pts):
    lab = OverfitRidge(degree=12, alpha=1e-8)
    lab.points = pts
    w, b = lab.fit()
    assert_allclose(w, 0.0, atol=1e-12)  # the centered features are all 0
    assert b == pytest.approx(np.mean(np.array(pts)[:, 1]))
    assert np.isfinite(lab.test_mse())


def test_overfit_ridge_degree_0_is_the_mean():
    lab = OverfitRidge(degree=0)
    w, b = lab.fit()
    assert w.shape == (0,) and b == pytest.approx(lab.points[:, 1].mean())


def _centered_ridge(X, y, alpha):
    xm, ym = X.mean(axis=0), y.mean()
    Xc = X - xm
    w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ (y - ym))
    return w, ym - xm @ w


def test_overfit_ridge_learner_function_right_wrong_and_broken():
    lab = OverfitRidge(degree=3, alpha=0.01)
    lab.use_fit(_centered_ridge)
    assert "agrees with helpers.fit_ridge" in lab.canvas.learner_message
    assert len(lab.canvas.learner_w) == 3 and lab.canvas.learner_state["degree"] == 3
    lab.degree = 5  # the learner's curve follows the lab
    assert len(lab.canvas.learner_w) == 5 and "agrees" in lab.canvas.learner_message

    def uncentered(X, y, alpha):
        return np.linalg.solve(X.T @ X + alpha * np.eye(X.shape[1]), X.T @ y), y.mean()

    lab.use_fit(uncentered)
    assert "away from helpers.fit_ridge" in lab.canvas.learner_message

    def broken(X, y, alpha):
        return [1.0, 2.0]

    lab.use_fit(broken)
    assert "should return (w, b) with w of shape (5,)" in lab.canvas.learner_message
    assert lab.canvas.learner_w == [] and lab.canvas.learner_state == {}

    def raises(X, y, alpha):
        raise np.linalg.LinAlgError("Singular matrix")

    lab.use_fit(raises)
    assert lab.canvas.learner_message.startswith("raises raised LinAlgError: Singular matrix (line")
    lab.use_fit(None)
    assert lab.canvas.learner_message == "" and lab.canvas.learner_state == {}


def _enet(c, rho, alpha, penalty):
    X, y = design(c, rho)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a ConvergenceWarning would fail the comparison
        w, _ = helpers.fit_elastic_net(X, y, alpha, 1.0 if penalty == "l1" else 0.0,
                                       fit_intercept=False, tol=1e-12, max_iter=100_000)
    return w


@pytest.mark.parametrize("rho", [-0.95, -0.3, 0.0, 0.5, 0.95])
def test_penalty_design_reproduces_the_lab_objective(rho):
    c = np.array([1.7, -0.4])
    X, y = design(c, rho)
    H = np.array([[1.0, rho], [rho, 1.0]])
    assert_allclose(X.T @ X / 2, H, atol=1e-15)
    rng = np.random.default_rng(0)
    for w in rng.normal(size=(5, 2)):
        lab_loss = 0.5 * (w - c) @ H @ (w - c)
        assert (1 / (2 * 2)) * np.sum((y - X @ w) ** 2) == pytest.approx(lab_loss, rel=1e-12, abs=1e-14)


@pytest.mark.parametrize("c,rho,alpha", [((2.0, 0.6), 0.5, 1.0), ((-1.5, 2.5), -0.9, 0.7),
                                         ((0.3, -2.9), 0.95, 0.4), ((1.0, 1.0), 0.0, 0.0)])
def test_penalty_ridge_mean_form_equals_fit_ridge_with_n_alpha(c, rho, alpha):
    # ElasticNet with l1_ratio=0 minimizes (1/(2n))||y - Xw||^2 + (alpha/2)||w||^2; times 2n
    # that is helpers.fit_ridge's ||y - Xw||^2 + (n alpha)||w||^2.
    X, y = design(c, rho)
    w_ridge, _ = helpers.fit_ridge(X, y, 2 * alpha, fit_intercept=False)
    assert_allclose(_enet(c, rho, alpha, "l2"), w_ridge, atol=1e-10)
    H = np.array([[1.0, rho], [rho, 1.0]])
    assert_allclose(w_ridge, np.linalg.solve(H + alpha * np.eye(2), H @ np.array(c)), atol=1e-12)


def test_penalty_geometry_state_optimum_and_repr():
    lab = PenaltyGeometry()
    assert (lab.penalty, lab.alpha, lab.rho) == ("L1", 1.0, 0.5)
    assert_allclose(lab.c, [2.0, 0.6])
    w = lab.optimum()
    assert_allclose(w, [1.3, 0.0], atol=1e-10)  # S(c1 + rho c2, alpha) = S(2.3, 1) on a corner
    assert w[1] == 0.0
    text = repr(lab)
    assert text == repr(PenaltyGeometry()) and "0x" not in text
    assert text.endswith("w* (1.3000, 0.0000), 1 exact zero") and len(text) <= 110
    lab.penalty = "l2"
    assert lab.penalty == "L2" and lab.canvas.penalty_index == 1
    assert_allclose(lab.optimum(), np.linalg.solve(lab.H + np.eye(2), lab.H @ lab.c), atol=1e-10)
    lab.alpha = 10.0
    lab.penalty = "L1"
    assert_allclose(lab.optimum(), 0.0, atol=0)  # above ||Hc||_inf = 2.3 every weight is 0
    with pytest.raises(ValueError, match="penalty must be"):
        lab.penalty = "L3"
    with pytest.raises(ValueError, match="c must be two finite numbers"):
        lab.c = (4.0, 0.0)
    with pytest.raises(Exception, match="rho must be in"):
        lab.rho = 0.99
    with pytest.raises(Exception, match="alpha must be"):
        lab.alpha = -0.1


def test_penalty_geometry_controls_are_linked_and_labelled():
    lab = PenaltyGeometry()
    toggle, sliders, canvas = lab.children
    alpha, rho = sliders.children
    assert type(toggle).__name__ == "ToggleButtons" and toggle.description == "penalty"
    assert toggle._options_labels == ("L1 (lasso)", "L2 (ridge)") and toggle.value == "L1"
    assert alpha.description == "alpha" and rho.description == "correlation \u03c1"
    assert not alpha.description_allow_html and not rho.description_allow_html
    assert (rho.min, rho.max) == (-0.95, 0.95)
    linked = {(link.source[0].model_id, link.source[1], link.target[1]) for link in lab._links}
    assert linked == {(toggle.model_id, "index", "penalty_index"), (alpha.model_id, "value", "alpha"),
                      (rho.model_id, "value", "rho")}
    assert canvas is lab.canvas


def _coordinate_descent_lasso(X, y, alpha, n_sweeps=500):
    n, d = X.shape
    w = np.zeros(d)
    for _ in range(n_sweeps):
        for j in range(d):
            r = y - X @ w + X[:, j] * w[j]
            w[j] = helpers.soft_threshold(X[:, j] @ r, n * alpha) / (X[:, j] @ X[:, j])
    return w


def test_penalty_geometry_learner_function():
    lab = PenaltyGeometry()
    lab.use_fit(_coordinate_descent_lasso)
    assert "agrees with helpers.fit_elastic_net" in lab.canvas.learner_message
    assert lab.canvas.learner_state == {"c": [2.0, 0.6], "rho": 0.5, "alpha": 1.0, "penalty_index": 0}
    lab.alpha = 0.5
    assert lab.canvas.learner_state["alpha"] == 0.5 and "agrees" in lab.canvas.learner_message
    lab.use_fit(lambda X, y, alpha: _coordinate_descent_lasso(X, y, alpha / 2))
    assert "helpers.fit_elastic_net finds w* =" in lab.canvas.learner_message
    lab.use_fit(lambda X, y, alpha: (_coordinate_descent_lasso(X, y, alpha), 0.0))  # (w, b) is fine
    assert "agrees" in lab.canvas.learner_message
    lab.use_fit(lambda X, y, alpha: np.zeros(3))
    assert "should return w of shape (2,)" in lab.canvas.learner_message
    lab.use_fit(None)
    assert lab.canvas.learner_w == [] and lab.canvas.learner_message == ""


@pytest.mark.parametrize("make", [OverfitRidge, PenaltyGeometry], ids=["lab 3", "lab 4"])
def test_lab_close_closes_every_widget_it_made(make):
    lab = make()
    made = [lab.canvas, *lab._links]
    stack = list(lab.children)
    while stack:
        widget = stack.pop()
        made.append(widget)
        stack.extend(getattr(widget, "children", ()))
    assert "lab-layout" in lab._dom_classes  # how the front end finds the lab's controls
    lab.close()
    assert all(widget.comm is None for widget in made)


# ---------------------------------------------------------------------------------------------
# The labs' browser math, against helpers


@pytest.fixture(scope="module")
def labjs(browser):
    """Call a function exported by lab 3's or lab 4's bundle in Chromium: ``labjs("fn", ...)``.

    The bundles are the modules the widgets load (``helpers/labs/static``).
    """
    labs = ("overfit_ridge", "penalty_geometry")
    page = module_page(browser, {f"lab_{lab}": f"static/{lab}.js" for lab in labs})
    names = {name: lab for lab in labs for name in exported_functions(page, f"lab_{lab}")}

    def call(name, *args):
        assert name in names, f"no lab module exports {name!r}"
        return page.evaluate(f"([name, args]) => window.lab_{names[name]}[name](...args)", [name, list(args)])

    yield call
    page.close()


LAB3_XLIM = [-0.1, 1.1]


def _poly_ridge_helpers(x, y, degree, alpha, xlim=LAB3_XLIM):
    s = (2 * np.asarray(x) - (xlim[0] + xlim[1])) / (xlim[1] - xlim[0])
    return helpers.fit_ridge(helpers.polynomial_features(s, degree), y, alpha)


@pytest.mark.browser
@pytest.mark.parametrize("alpha", [ALPHA_RANGE[0], 1e-4, 1.0, ALPHA_RANGE[1]])
def test_lab3_mse_of_every_degree_equals_helpers(labjs, alpha):
    x, y, xt, yt = default_data(0)
    train = np.column_stack([x, y]).tolist()
    test = np.column_stack([xt, yt]).tolist()
    out = labjs("mseByDegree", train, test, alpha, LAB3_XLIM, MAX_DEGREE)
    for degree in range(MAX_DEGREE + 1):
        w, b = _poly_ridge_helpers(x, y, degree, alpha)
        s = lambda v: (2 * v - 1.0) / 1.2  # noqa: E731
        train_ref = helpers.mse(y, helpers.polynomial_features(s(x), degree) @ w + b)
        test_ref = helpers.mse(yt, helpers.polynomial_features(s(xt), degree) @ w + b)
        # Fitted values agree to ~1e-9 at the smallest alpha (condition ~1e9), so the MSE
        # agrees to that times the residual's size.
        assert out["train"][degree] == pytest.approx(train_ref, rel=1e-6, abs=1e-12), degree
        assert out["test"][degree] == pytest.approx(test_ref, rel=1e-6, abs=1e-12), degree


@pytest.mark.browser
@pytest.mark.parametrize("x", [[0.5], [0.4, 0.4, 0.4], [-0.1, 1.1]],
                         ids=["one point", "same x", "view edges"])
@pytest.mark.parametrize("degree", [0, 1, 12])
def test_lab3_degenerate_fits_equal_helpers(labjs, x, degree):
    y = np.linspace(0.1, 0.5, len(x))
    out = labjs("fitPolyRidge", x, y.tolist(), degree, 1e-8, LAB3_XLIM)
    w, b = _poly_ridge_helpers(np.array(x), y, degree, 1e-8)
    assert out is not None
    grid = np.linspace(-1, 1, 50)
    G = helpers.polynomial_features(grid, degree)
    assert_allclose(G @ np.array(out["w"]).reshape(-1) + out["b"], G @ w + b, atol=1e-8)
    assert labjs("polyPredict", list(w), b, 0.3) == pytest.approx(
        (helpers.polynomial_features([0.3], degree) @ w)[0] + b, abs=1e-12)


@pytest.mark.browser
@pytest.mark.parametrize("penalty", ["l1", "l2"])
@pytest.mark.parametrize("c,rho,alpha", [
    ((2.0, 0.6), 0.5, 1.0),      # L1: on a corner, w2 = 0
    ((2.0, 0.6), 0.5, 2.3),      # exactly at the all-zero threshold ||Hc||_inf
    ((2.0, 0.6), 0.5, 3.5),      # above it: every L1 weight is 0
    ((-1.5, 2.5), -0.9, 0.7),    # negative correlation, both weights non-zero
    ((0.3, -2.9), 0.95, 0.4),    # strong correlation
    ((2.5, 2.4), 0.95, 0.1),     # correlated features, nearly equal: L1 picks one
    ((-3.0, -3.0), 0.0, 4.0),    # orthogonal: soft-thresholding of each c_j
    ((1.0, -1.0), 0.3, 0.0),     # no penalty: w* = c
])
def test_lab4_optimum_equals_fit_elastic_net(labjs, c, rho, alpha, penalty):
    out = labjs("penalizedOptimum2d", list(c), rho, alpha, penalty)
    ref = _enet(c, rho, alpha, penalty)
    assert_allclose(out["w"], ref, rtol=0, atol=1e-8)
    zeros_js = sum(v == 0 for v in out["w"])
    assert zeros_js == int(np.sum(np.abs(ref) < 1e-12))
    if penalty == "l1":
        assert_allclose(labjs("lassoCoordinateDescent2d", list(c), rho, alpha), ref, atol=1e-8)
        if alpha >= max(abs(c[0] + rho * c[1]), abs(rho * c[0] + c[1])):
            assert out["w"] == [0, 0] and out["support"] == "none"


@pytest.mark.browser
def test_lab4_ellipse_is_the_level_set_of_the_loss(labjs):
    c, rho, r = [0.7, -1.2], -0.8, 1.5
    pts = np.array(labjs("ellipsePoints", c, rho, r, 60))
    H = np.array([[1.0, rho], [rho, 1.0]])
    d = pts - c
    assert_allclose(np.einsum("ij,jk,ik->i", d, H, d), r**2, rtol=1e-12)
    assert labjs("quadraticLoss", [0.0, 0.0], c, rho) == pytest.approx(0.5 * np.array(c) @ H @ np.array(c))


# ---------------------------------------------------------------------------------------------
# The built book's lab pages, driven like a reader

LAB3_PAGE = "labs/03_overfitting_and_ridge.html"
LAB4_PAGE = "labs/04_penalty_geometry.html"


@pytest.fixture
def open_lab(browser, book_server, html_dir):
    """Open a lab page of the built book; yield (page, problems) and check it stayed clean."""
    contexts = []
    problems: list[str] = []

    def open_(path, theme=None):
        if not (html_dir / path).exists():
            pytest.fail(f"{path} is not in the built book at {html_dir}: list it in _toc.yml and "
                        "build (or point BOOK_HTML at a build that has it)", pytrace=False)
        context = browser.new_context(service_workers="block", viewport={"width": 1200, "height": 1000})
        contexts.append(context)

        keep_offline(context, book_server,
                     lambda what: problems.append(f"request outside the origin: {what}"))
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
        page.goto(f"{book_server}/{path}", wait_until="load")
        page.wait_for_selector(".lab [data-readout]", timeout=30_000)
        if theme:
            page.evaluate("(t) => { document.documentElement.dataset.theme = t; }", theme)
        return page

    yield open_, problems
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


def _readout(page, name):
    return float(page.locator(f'.lab output[data-readout="{name}"]').get_attribute("data-value"))


def _drag(page, locator, dx, dy, steps=5):
    """Press the mouse on `locator`'s centre, move by (dx, dy) pixels in `steps`, release."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y + dy, steps=steps)
    page.mouse.up()


def _drag_to(page, locator, x, y, steps=5):
    """Press the mouse on `locator`'s centre, move to the viewport point (x, y), release."""
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(x, y, steps=steps)
    page.mouse.up()


def _points(page, selector):
    return np.array(page.eval_on_selector_all(
        selector, "els => els.map(e => [Number(e.dataset.x), Number(e.dataset.y)])"))


def _lab3_state(page):
    train = _points(page, ".lab-overfit-ridge .lab-train-points .lab-point")
    test = _points(page, ".lab-overfit-ridge circle.lab-point-test")
    degree = int(page.locator(".widget-slider .widget-readout").first.text_content().strip())
    return train, test, degree


def _lab3_check(page, degree, alpha):
    train, test, _ = _lab3_state(page)
    w, b = _poly_ridge_helpers(train[:, 0], train[:, 1], degree, alpha)
    s = lambda v: (2 * v - 1.0) / 1.2  # noqa: E731
    train_mse = helpers.mse(train[:, 1], helpers.polynomial_features(s(train[:, 0]), degree) @ w + b)
    test_mse = helpers.mse(test[:, 1], helpers.polynomial_features(s(test[:, 0]), degree) @ w + b)
    assert _readout(page, "train-mse") == pytest.approx(train_mse, rel=1e-6, abs=1e-12)
    assert _readout(page, "test-mse") == pytest.approx(test_mse, rel=1e-6, abs=1e-12)
    return train


def _slider_handle(page, name):
    """The handle of the slider named `name`: found by role and accessible name, as assistive
    technology finds it (the lab names ipywidgets' handles after their descriptions)."""
    return page.get_by_role("slider", name=name, exact=True)


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.timeout(180)
def test_lab3_page_drag_keys_and_sliders_match_helpers(open_lab):
    open_, _ = open_lab
    page = open_(LAB3_PAGE)
    train, test, degree = _lab3_state(page)
    assert (len(train), len(test), degree) == (10, 30, 9)
    assert page.locator(".lab-overfit-ridge circle.lab-point-test[tabindex]").count() == 0
    assert page.locator(".lab-overfit-ridge .lab-point[tabindex='0']").count() == 10
    svg = page.locator(".lab-overfit-ridge svg.lab-svg").first
    assert svg.get_attribute("role") == "group" and svg.get_attribute("aria-label")
    assert "arrow keys" in svg.locator("desc").text_content()
    _lab3_check(page, 9, 1e-8)

    # Drag the fourth training point with the mouse, far up.
    point = page.locator(".lab-overfit-ridge .lab-train-points .lab-point").nth(3)
    before = _points(page, ".lab-overfit-ridge .lab-train-points .lab-point")[3]
    _drag(page, point, 20, -100)
    after = _lab3_check(page, 9, 1e-8)[3]
    assert after[1] > before[1] + 0.1 and after[0] > before[0]

    # Move it with the keyboard: ArrowDown steps 1/100 of the view's height.
    point.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+ArrowLeft")
    moved = _lab3_check(page, 9, 1e-8)[3]
    (x0, x1), (y0, y1) = OverfitRidge().canvas.xlim, OverfitRidge().canvas.ylim
    assert moved[0] == pytest.approx(after[0] - (x1 - x0) / 10, abs=1e-12)
    assert moved[1] == pytest.approx(after[1] - (y1 - y0) / 100, abs=1e-12)

    # Off the canvas: a drag to the window's top-left corner, beyond the plot, is clamped
    # to the view's top-left corner.
    _drag_to(page, point, 1, 1)
    clamped = _lab3_check(page, 9, 1e-8)[3]
    assert_allclose(clamped, [x0, y1], rtol=0, atol=1e-12)

    # The degree slider by keyboard: two steps down.
    handle = _slider_handle(page, "degree")
    handle.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => document.querySelector('.widget-slider .widget-readout').textContent.trim() === '7'")
    _lab3_check(page, 7, 1e-8)
    band = page.locator(".lab-overfit-ridge rect.lab-region").first
    dots = page.locator(".lab-overfit-ridge circle[data-series=train]")
    assert float(band.get_attribute("x")) < float(dots.nth(7).get_attribute("cx")) < \
        float(band.get_attribute("x")) + float(band.get_attribute("width"))

    # The alpha slider by keyboard: End jumps to its largest value, 1e3.
    handle = _slider_handle(page, "alpha")
    assert handle.get_attribute("aria-valuetext") == "1.0e-8"  # the value, not its exponent
    handle.focus()
    page.keyboard.press("End")
    page.wait_for_function(
        "() => Number(document.querySelector('output[data-readout=w-norm]').dataset.value) < 0.05")
    page.wait_for_function(
        "() => document.querySelectorAll('.noUi-handle')[1].getAttribute('aria-valuetext') === '1.0e+3'")
    train = _lab3_check(page, 7, 1e3)
    w, _ = _poly_ridge_helpers(train[:, 0], train[:, 1], 7, 1e3)
    assert _readout(page, "w-norm") == pytest.approx(np.linalg.norm(w), rel=1e-9)

    # Delete points down to one with the keyboard: the fit is the flat line through it.
    for _ in range(9):
        page.locator(".lab-overfit-ridge .lab-point").first.focus()
        page.keyboard.press("Delete")
    assert page.locator(".lab-overfit-ridge .lab-point").count() == 1
    page.locator(".lab-overfit-ridge .lab-point").first.focus()
    page.keyboard.press("Delete")  # the last one stays
    assert page.locator(".lab-overfit-ridge .lab-point").count() == 1
    assert _readout(page, "train-mse") == 0.0
    _lab3_check(page, 7, 1e3)


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.timeout(180)
def test_lab3_page_same_x_is_the_flat_line(open_lab):
    open_, _ = open_lab
    page = open_(LAB3_PAGE)
    points = page.locator(".lab-overfit-ridge .lab-train-points .lab-point")
    # Drag three points off the left of the canvas, at different heights: each is clamped
    # to the view's left edge, so all three have exactly the same x. Delete the others.
    for i in (0, 1, 2):
        box = points.nth(i).bounding_box()
        _drag_to(page, points.nth(i), 1, box["y"] + box["height"] / 2 - 25 * i)
    for _ in range(7):
        points.nth(3).focus()
        page.keyboard.press("Delete")
    train = _points(page, ".lab-overfit-ridge .lab-train-points .lab-point")
    assert len(train) == 3 and (train[:, 0] == -0.1).all() and np.ptp(train[:, 1]) > 0
    _lab3_check(page, 9, 1e-8)
    w, b = _poly_ridge_helpers(train[:, 0], train[:, 1], 9, 1e-8)
    assert_allclose(w, 0.0, atol=1e-12)
    assert b == pytest.approx(train[:, 1].mean())
    assert _readout(page, "w-norm") < 1e-12
    assert "same x" in page.locator('.lab-overfit-ridge [data-readout="status"]').text_content()


def _lab4_check(page, rho, alpha, penalty):
    c = _points(page, ".lab-penalty-geometry .lab-point")[0]
    ref = _enet(tuple(c), rho, alpha, penalty)
    w = [_readout(page, "w1"), _readout(page, "w2")]
    assert_allclose(w, ref, atol=1e-8)
    assert _readout(page, "zeros") == int(np.sum(np.abs(ref) < 1e-12))
    return c, np.array(w)


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.timeout(180)
def test_lab4_page_drag_keys_and_controls_match_helpers(open_lab):
    open_, _ = open_lab
    page = open_(LAB4_PAGE)
    svg = page.locator(".lab-penalty-geometry svg.lab-svg")
    assert svg.get_attribute("role") == "group" and "arrow keys" in svg.locator("desc").text_content()
    c, w = _lab4_check(page, 0.5, 1.0, "l1")
    assert_allclose(c, [2.0, 0.6])
    assert w[1] == 0.0
    assert "corner" in page.locator('.lab-penalty-geometry [data-readout="status"]').text_content()

    # Drag c with the mouse, up and left.
    point = page.locator(".lab-penalty-geometry .lab-point")
    _drag(page, point, -150, -120)
    c2, _ = _lab4_check(page, 0.5, 1.0, "l1")
    assert c2[0] < c[0] - 0.5 and c2[1] > c[1] + 0.5

    # Then with the keyboard.
    point.focus()
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("ArrowUp")
    c3, _ = _lab4_check(page, 0.5, 1.0, "l1")
    assert c3[0] == pytest.approx(c2[0] + 0.6, abs=1e-12) and c3[1] == pytest.approx(c2[1] + 0.06, abs=1e-12)

    # The penalty toggle by keyboard: from "L1 (lasso)", Tab to "L2 (ridge)" and press Space.
    group = page.get_by_role("group", name="penalty", exact=True)
    lasso = group.get_by_role("button", name="L1 (lasso)")
    ridge = group.get_by_role("button", name="L2 (ridge)")
    assert (lasso.get_attribute("aria-pressed"), ridge.get_attribute("aria-pressed")) == ("true", "false")
    lasso.focus()
    page.keyboard.press("Tab")
    assert ridge.evaluate("b => b === document.activeElement")
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => document.querySelector('.lab-penalty-geometry [data-region=l2]').style.display === ''")
    assert ridge.get_attribute("aria-pressed") == "true"
    _lab4_check(page, 0.5, 1.0, "l2")

    # rho by keyboard: End goes to 0.95; alpha: Home to 0 then four steps up, 0.2.
    _slider_handle(page, "correlation \u03c1").focus()
    page.keyboard.press("End")
    alpha_handle = _slider_handle(page, "alpha")
    alpha_handle.focus()
    page.keyboard.press("Home")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(100)
    _lab4_check(page, 0.95, 0.2, "l2")

    # Back to L1 by mouse, and alpha up to its maximum: above ||Hc||_inf, every weight is 0.
    lasso.click()
    alpha_handle.focus()
    page.keyboard.press("End")
    page.wait_for_timeout(100)
    c4, w4 = _lab4_check(page, 0.95, 4.0, "l1")
    if 4.0 >= np.abs(np.array([[1, 0.95], [0.95, 1]]) @ c4).max():
        assert list(w4) == [0.0, 0.0] and _readout(page, "zeros") == 2

    # c dragged off the canvas is clamped to the view's corner.
    _drag_to(page, point, 1, 1)
    c5, _ = _lab4_check(page, 0.95, 4.0, "l1")
    assert_allclose(c5, [-3.0, 3.0])


# The lab's text colours and the background actually behind the lab (the first opaque
# ancestor), as sRGB triples.
COLOURS_JS = """() => {
  const lab = document.querySelector('.lab');
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  let e = lab, bg = null;
  while (e && !bg) {
    const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) bg = c.slice(0, 3);
    e = e.parentElement;
  }
  return {
    background: bg || [255, 255, 255],
    text: rgb(getComputedStyle(lab.querySelector('.lab-readout output')).color).slice(0, 3),
    tick: rgb(getComputedStyle(lab.querySelector('.lab-tick')).fill).slice(0, 3),
    legend: rgb(getComputedStyle(lab.querySelector('.lab-legend') || lab.querySelector('.lab-axis-label')).fill).slice(0, 3),
  };
}"""


def _contrast(a, b):
    """WCAG 2 contrast ratio of two sRGB colours (0-255 triples)."""
    def luminance(c):
        c = np.asarray(c, dtype=float) / 255
        c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]
    hi, lo = sorted([luminance(a), luminance(b)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.timeout(180)
@pytest.mark.parametrize("path", ["labs/01_fit_by_hand.html", "labs/02_gradient_descent.html", LAB3_PAGE, LAB4_PAGE])
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_lab_pages_text_is_legible_in_both_themes(open_lab, tmp_path_factory, path, theme):
    open_, _ = open_lab
    page = open_(path, theme=theme)
    lab = page.locator(".lab").first
    lab.scroll_into_view_if_needed()
    out = tmp_path_factory.mktemp("screens") / f"{path.split('/')[-1]}-{theme}.png"
    lab.screenshot(path=str(out))
    colours = page.evaluate(COLOURS_JS)
    # WCAG AA: 4.5 for body text; 3 for the (larger, secondary) tick and legend text.
    assert _contrast(colours["text"], colours["background"]) >= 4.5, colours
    assert _contrast(colours["tick"], colours["background"]) >= 3.0, colours
    assert _contrast(colours["legend"], colours["background"]) >= 4.5, colours


@pytest.mark.browser
@pytest.mark.book
@pytest.mark.timeout(180)
@pytest.mark.parametrize("path", [LAB3_PAGE, LAB4_PAGE])
def test_every_control_of_labs_3_and_4_is_named_and_reachable_by_tab(open_lab, path):
    open_, _ = open_lab
    page = open_(path)
    page.wait_for_function("() => document.querySelectorAll('.lab-layout .noUi-handle[aria-label]').length"
                           " === document.querySelectorAll('.lab-layout .noUi-handle').length")
    controls = page.evaluate("""() => [...document.querySelectorAll(
        '.lab-layout button, .lab-layout input, .lab-layout [tabindex="0"], .lab-layout .noUi-handle')]
      .map(c => ({name: c.getAttribute('aria-label') || c.textContent.trim(), tab: c.tabIndex}))""")
    assert controls and all(c["name"] for c in controls), controls
    assert all(c["tab"] >= 0 for c in controls), controls
    # Held-out points, readouts and the summary panel are not tab stops.
    assert page.locator(".lab-layout .lab-point-test[tabindex], .lab-layout output[tabindex]").count() == 0
