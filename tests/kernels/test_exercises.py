"""The self-checking exercises: references pass, modelled mistakes are named, nothing escapes.

The catalogue is read programmatically (`list_exercises`, `mistakes`), so a new exercise or
a new mistake is tested without touching this file. The references themselves are checked
against independent code (the kernels, NumPy's lstsq, scikit-learn), never against their
own code path.
"""

from __future__ import annotations

import ast
import html.parser
import pathlib
import re
import warnings

import numpy as np
import pytest

import helpers
from helpers import exercises as ex

CHAPTERS = range(1, ex.LAST_CHAPTER + 1)  # every chapter of the book, 1 to 11

IDS = ex.list_exercises()
FUNCTION_IDS = [i for i in IDS if ex.get_exercise(i).kind == "function"]
VALUE_IDS = [i for i in IDS if ex.get_exercise(i).kind == "value"]
# answers that are partitions with many right forms are judged by properties, not shapes
COMPARED_IDS = [i for i in FUNCTION_IDS if ex.get_exercise(i).judge is None]
MISTAKES = [(i, name) for i in IDS for name in ex.mistakes(i)]


def _first_array_arg(exercise_id):
    case = ex.get_exercise(exercise_id).cases[0]
    for name, arg in zip(case.names, case.args):
        if isinstance(arg, np.ndarray):
            return case.names.index(name), name
    return None


# ---------------------------------------------------------------------------------------------
# the catalogue


def test_at_least_thirty_exercises_with_chapter_and_level():
    assert len(IDS) >= 30
    assert len(set(IDS)) == len(IDS)
    assert IDS == sorted(IDS)
    for exercise_id in IDS:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", exercise_id)
        d = ex.describe(exercise_id)
        assert d.chapter in CHAPTERS
        assert d.level in ("A", "B", "C")
        assert d.task and d.answer_format and d.title


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_has_at_least_four_exercises(chapter):
    ids = ex.list_exercises(chapter=chapter)
    assert len(ids) >= 4
    # calculations (A) and implementations (C) in every chapter; the book's concept
    # questions (B) are checked where they have a number for an answer
    assert {"A", "C"} <= {ex.describe(i).level for i in ids}


def test_implementations_are_level_c():
    # numbers may answer a derivation (level C) as well as a calculation (A) or concept (B)
    assert all(ex.describe(i).level == "C" for i in FUNCTION_IDS)
    assert all(ex.describe(i).level in ("A", "B", "C") for i in VALUE_IDS)


def test_list_exercises_filters_and_is_stable():
    assert ex.list_exercises() == ex.list_exercises()
    assert set(FUNCTION_IDS) <= set(ex.list_exercises(level="C"))
    assert sum(len(ex.list_exercises(chapter=c)) for c in CHAPTERS) == len(IDS)
    last = ex.LAST_CHAPTER
    with pytest.raises(ValueError, match=f"chapter must be an integer from 1 to {last}, got {last + 1}"):
        ex.list_exercises(chapter=last + 1)
    with pytest.raises(ValueError, match="level must be 'A', 'B' or 'C', got 'D'"):
        ex.list_exercises(level="D")


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_exercise_has_a_mistake_catalogue(exercise_id):
    catalogue = ex.mistakes(exercise_id)
    assert len(catalogue) >= (3 if exercise_id in FUNCTION_IDS else 1)
    messages = [m.message for m in ex.get_exercise(exercise_id).mistakes]
    assert len(set(messages)) == len(messages), "each mistake needs its own message"


# ---------------------------------------------------------------------------------------------
# references pass, mistakes are recognised


@pytest.mark.parametrize("exercise_id", IDS)
def test_reference_solution_passes(exercise_id):
    result = ex.check(exercise_id, ex.solution(exercise_id))
    assert result.passed, result.feedback
    assert result.mistake is None and result.hint is None
    assert repr(result).startswith(f"Correct: {exercise_id} (chapter ")


@pytest.mark.parametrize(("exercise_id", "name"), MISTAKES, ids=[f"{i}-{n}" for i, n in MISTAKES])
def test_each_modelled_mistake_is_recognised_with_its_own_message(exercise_id, name):
    answer, key = ex.mistakes(exercise_id)[name]
    result = ex.check(exercise_id, answer)
    assert not result.passed
    assert result.mistake == key, result.feedback
    mistake = next(m for m in ex.get_exercise(exercise_id).mistakes if m.key == key)
    assert mistake.message in result.feedback
    assert result.hint
    assert repr(result).startswith(f"Not yet: {exercise_id} (chapter ")


# ---------------------------------------------------------------------------------------------
# the mse_gradients checker, on answers written the way a learner would write them


def _learner_flipped(X, y, w, b):
    error = y - X.dot(w) - b
    return 2 * X.T.dot(error) / len(y), 2 * np.mean(error)


def _learner_no_two(X, y, w, b):
    r = X @ w + b - y
    return np.mean(X * r[:, None], axis=0), np.mean(r)


def _learner_sum(X, y, w, b):
    r = X @ w + b - y
    return 2 * X.T @ r, 2 * np.sum(r)


def _learner_column_y(X, y, w, b):
    y = y.reshape(-1, 1)  # "make it a column vector"
    r = X @ w + b - y
    return 2 / len(X) * X.T @ r, 2 / len(X) * np.sum(r)


def _learner_no_bias(X, y, w, b):
    r = X @ w - y
    return 2 / len(y) * X.T @ r, 2 / len(y) * r.sum()


def _learner_grad_b_vector(X, y, w, b):
    r = X @ w + b - y
    return 2 / len(y) * X.T @ r, 2 / len(y) * r


@pytest.mark.parametrize(
    ("answer", "key", "phrase"),
    [
        (_learner_flipped, "flipped_sign", "wrong sign"),
        (_learner_no_two, "missing_factor_two", "factor is 2/n"),
        (_learner_sum, "sum_not_mean", "n times too large"),
        (_learner_column_y, "broadcast_y_column", "(n, n)"),
        (_learner_no_bias, "bias_left_out", "leaves out the bias"),
        (_learner_grad_b_vector, "grad_b_not_summed", "one entry per example"),
    ],
)
def test_mse_gradients_names_each_mistake(answer, key, phrase):
    result = ex.check("mse_gradients", answer)
    assert (result.passed, result.mistake) == (False, key)
    assert phrase in result.feedback


def test_mse_gradients_reports_a_raise_on_a_single_sample():
    def fails_on_one_sample(X, y, w, b):
        if X.shape[0] == 1:
            raise ValueError("need at least two samples")
        return helpers.mse_gradients(X, y, w, b)

    result = ex.check("mse_gradients", fails_on_one_sample)
    assert result.mistake == "raised"
    assert "raised ValueError on the hidden case X of shape (1, 1)" in result.feedback
    assert "need at least two samples" in result.feedback


def test_mse_gradients_reports_wrong_shapes_with_expected_and_got():
    result = ex.check("mse_gradients", lambda X, y, w, b: (np.zeros((X.shape[1], 1)), 0.0))
    assert result.mistake == "wrong_shape"
    assert "`grad_w` should have shape (1,), but yours has shape (1, 1)" in result.feedback


def test_an_unmodelled_broadcast_is_explained_by_its_shape():
    def broadcast_then_mean(X, y, w, b):  # an (n, n) residual, and a mean over all n^2 pairs
        r = X @ w + b - y[:, None]
        return 2 / len(y) * X.T @ r, 2 * r.mean()

    result = ex.check("mse_gradients", broadcast_then_mean)
    assert result.mistake == "wrong_shape"
    assert "broadcast to an (n, n) matrix" in result.feedback


def test_a_constant_factor_is_pointed_out():
    def four_over_n(X, y, w, b):
        gw, gb = helpers.mse_gradients(X, y, w, b)
        return 2 * gw, gb

    result = ex.check("mse_gradients", four_over_n)
    assert result.mistake == "wrong_value"
    assert "Yours is 2 times the reference" in result.feedback


# ---------------------------------------------------------------------------------------------
# generic failures never propagate


@pytest.mark.parametrize("exercise_id", FUNCTION_IDS)
def test_a_raising_function_is_reported(exercise_id):
    def boom(*args):
        raise ZeroDivisionError("boom at step 3")

    result = ex.check(exercise_id, boom)
    assert (result.passed, result.mistake) == (False, "raised")
    assert "raised ZeroDivisionError on the hidden case" in result.feedback
    assert "boom at step 3" in result.feedback


@pytest.mark.parametrize("exercise_id", FUNCTION_IDS)
def test_the_books_stub_is_not_answered_yet_not_an_error(exercise_id):
    def stub(*args):
        raise NotImplementedError("replace this line with your code")

    stub.__name__ = ex.get_exercise(exercise_id).reference.__name__
    result = ex.check(exercise_id, stub)
    assert (result.passed, result.mistake, result.hint) == (False, "not_attempted", None)
    assert result.status == "Not answered yet"
    assert repr(result).startswith(f"Not answered yet: {exercise_id} ")
    assert f"Your `{stub.__name__}` still raises NotImplementedError" in result.message
    assert "lr-exercise-check-todo" in result._repr_html_()
    assert "<strong>Not answered yet</strong>" in result._repr_html_()


@pytest.mark.parametrize("exercise_id", VALUE_IDS)
def test_a_value_left_at_none_is_not_answered_yet(exercise_id):
    result = ex.check(exercise_id, None)
    assert (result.passed, result.mistake, result.hint) == (False, "not_attempted", None)
    assert result.message.startswith("Replace `None` with ")
    assert ex.get_exercise(exercise_id).answer_format in result.message


def test_a_different_exception_is_still_an_error_not_a_stub():
    def half_done(X, y, w, b):
        raise ValueError("shapes (3,) and (2,) not aligned")

    result = ex.check("mse_gradients", half_done)
    assert result.mistake == "raised" and result.status == "Not yet"


@pytest.mark.parametrize("exercise_id", COMPARED_IDS)
def test_wrong_output_shapes_are_reported(exercise_id):
    reference = ex.solution(exercise_id)

    def extra_axis(*args):  # a leading axis of length one on the (first) output
        out = reference(*args)
        if isinstance(out, tuple):
            return (np.asarray(out[0])[None, ...],) + out[1:]
        return np.asarray(out)[None, ...]

    result = ex.check(exercise_id, extra_axis)
    assert (result.passed, result.mistake) == (False, "wrong_shape"), result.feedback
    assert "but yours has shape" in result.feedback
    assert "should have shape" in result.feedback or "should be a single number" in result.feedback


@pytest.mark.parametrize(
    "exercise_id", [i for i in FUNCTION_IDS if _first_array_arg(i) is not None]
)
def test_input_mutation_is_reported(exercise_id):
    reference = ex.solution(exercise_id)
    position, name = _first_array_arg(exercise_id)

    def mutating(*args):
        out = reference(*args)  # the right answer, but the input is left changed
        args[position][...] = 0.0
        return out

    result = ex.check(exercise_id, mutating)
    assert (result.passed, result.mistake) == (False, "mutates_input")
    assert f"changed its input `{name}` in place" in result.feedback


def test_hidden_data_survive_a_mutating_answer():
    def vandal(X, y, w, b):
        X[...] = np.nan
        y[...] = np.nan
        return np.zeros(X.shape[1]), 0.0

    ex.check("mse_gradients", vandal)
    assert ex.check("mse_gradients", ex.solution("mse_gradients")).passed


@pytest.mark.parametrize(
    ("answer", "key"),
    [
        (lambda *args: None, "returned_none"),
        (lambda *args: "grad", "wrong_structure"),
        (lambda *args: np.zeros(3), "wrong_structure"),
        (lambda *args: (1.0, 2.0, 3.0), "wrong_structure"),
        (lambda *args: ({"a": 1}, 0.0), "not_numbers"),
        (lambda *args: (np.full(args[0].shape[1], np.nan), 0.0), "not_finite"),
        (3.0, "not_a_function"),
        ("mse_gradients", "not_a_function"),
    ],
)
def test_odd_answers_get_a_message_not_an_exception(answer, key):
    result = ex.check("mse_gradients", answer)
    assert (result.passed, result.mistake) == (False, key), result.feedback


def test_warnings_of_an_answer_do_not_escape():
    def divides_by_zero(X, y, w, b):
        return X.T @ (X @ w) / 0.0, np.log(-1.0)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = ex.check("mse_gradients", divides_by_zero)
    assert caught == []
    assert result.mistake == "not_finite"


# ---------------------------------------------------------------------------------------------
# value answers


@pytest.mark.parametrize(
    "answer", [(4.0, 2.0), [4, 2], np.array([4.0, 2.0]), (np.array([4.0]), 2.0), (4.004, 1.998)]
)
def test_values_are_read_leniently_within_the_stated_tolerance(answer):
    result = ex.check("tiny_gradient", answer)
    assert result.passed
    assert "rtol=0.002" in result.feedback


@pytest.mark.parametrize(
    ("answer", "key", "phrase"),
    [
        ((4.1, 2.0), "wrong_value", "`grad_w` (yours is too large). Right already: `grad_b`"),
        ((4.0, 2.0, 1.0), "wrong_structure", "2 number(s) in all"),
        ("four", "not_numbers", "a string"),
        (lambda: (4.0, 2.0), "not_a_value", "you passed a function"),
        ((None, 2.0), "not_numbers", ""),
    ],
)
def test_wrong_values_are_explained(answer, key, phrase):
    result = ex.check("tiny_gradient", answer)
    assert (result.passed, result.mistake) == (False, key)
    assert phrase in result.feedback


def test_the_stability_limit_is_stated_when_a_rate_is_past_it():
    limit = helpers.stability_limit(np.array([[1.0], [2.0], [3.0], [4.0]]))
    result = ex.check("stable_learning_rate", 2.5 * limit)
    assert result.mistake == "past_limit"
    assert f"{limit:.4g}" in result.feedback
    for eta in (0.01, 0.5 * limit, 0.99 * limit):
        assert ex.check("stable_learning_rate", eta).passed
    assert "% of the stability limit" in ex.check("stable_learning_rate", 0.05).feedback


# ---------------------------------------------------------------------------------------------
# k-fold: many right answers, judged by properties


def test_kfold_reference_matches_scikit_learn_and_says_so():
    from sklearn.model_selection import KFold

    for n, k, seed in [(10, 5, 0), (12, 5, 1), (23, 4, 4)]:
        ours = ex.solution("kfold_indices")(n, k, np.random.RandomState(seed))
        theirs = [test for _, test in KFold(k, shuffle=True, random_state=seed).split(np.zeros(n))]
        # KFold lists each test fold in increasing order; the folds themselves are the same
        assert [sorted(f.tolist()) for f in ours] == [f.tolist() for f in theirs]
    assert "exactly the folds of scikit-learn's KFold" in ex.check(
        "kfold_indices", ex.solution("kfold_indices")
    ).feedback


def test_kfold_accepts_another_valid_shuffle():
    def strided(n_samples, k, rng):
        perm = rng.permutation(n_samples)
        return [perm[i::k] for i in range(k)]

    result = ex.check("kfold_indices", strided)
    assert result.passed
    assert "both are valid" in result.feedback


# ---------------------------------------------------------------------------------------------
# what a reader sees: deterministic, accessible


def _sample_results():
    return [
        ex.check("mse_gradients", ex.solution("mse_gradients")),
        ex.check("mse_gradients", _learner_flipped),
        ex.check("mse_gradients", lambda *a: 1 / 0),
        ex.check("one_step", (1.87, 0.8, 0.296)),
        ex.check("one_step", (1.0, 0.8, 0.3)),
        ex.check("stable_learning_rate", 0.05),
        ex.check("kfold_indices", ex.solution("kfold_indices")),
    ]


def test_renderings_are_deterministic_and_free_of_addresses():
    first, second = _sample_results(), _sample_results()
    for a, b in zip(first, second):
        for render in (repr, lambda r: r._repr_html_(), lambda r: r._repr_markdown_()):
            assert render(a) == render(b)
            assert not re.search(r"0x[0-9a-f]{6,}", render(a))


def test_pass_and_fail_are_told_in_words_not_only_colour():
    passed, failed = _sample_results()[:2]
    assert repr(passed).startswith("Correct: ") and repr(failed).startswith("Not yet: ")
    assert passed._repr_markdown_().startswith("**Correct**")
    assert failed._repr_markdown_().startswith("**Not yet**")
    for result in (passed, failed):
        page = result._repr_html_()
        assert 'role="status"' in page and f"<strong>{result.status}</strong>" in page
        assert "color:" not in page.replace("currentColor", "")  # theme-neutral
        assert "background" not in page
    assert "<code>y - y_hat</code>" not in passed._repr_html_()
    assert "<code>y - y_hat</code>" in failed._repr_html_()  # backticks become <code>


class _TextByClass(html.parser.HTMLParser):
    """The text inside each element of class `lr-live` or `lr-static`, and its attributes."""

    WATCHED = ("lr-live", "lr-static")

    def __init__(self):
        super().__init__()
        self.found = {}  # class -> (attributes, text)
        self._open = []  # (class or None) for each open element

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        watched = next((c for c in self.WATCHED if c in classes), None)
        if watched:
            self.found[watched] = (dict(attrs), "")
        self._open.append(watched)

    def handle_endtag(self, tag):
        self._open.pop()

    def handle_data(self, data):
        for name in {c for c in self._open if c}:
            attrs, text = self.found[name]
            self.found[name] = (attrs, text + data)


def _live_and_static(page):
    parser = _TextByClass()
    parser.feed(page)
    return parser.found


@pytest.mark.parametrize("exercise_id", ["tiny_gradient", "mse_gradients"])
def test_a_stub_result_says_how_to_check_where_no_kernel_runs(exercise_id):
    """The book's static page shows `lr-static` (how to open the notebook); a notebook
    front end hides it by its `hidden` attribute and shows `lr-live` ("run the cell
    again"). Text and Markdown, for terminals and nbval, keep the live advice alone."""

    def stub(*args):
        raise NotImplementedError("replace this line with your code")

    exercise = ex.get_exercise(exercise_id)
    stub.__name__ = exercise.reference.__name__
    result = ex.check(exercise_id, stub if exercise.kind == "function" else None)
    assert result.mistake == "not_attempted"
    found = _live_and_static(result._repr_html_())
    assert set(found) == {"lr-live", "lr-static"}
    (live_attrs, live), (static_attrs, static) = found["lr-live"], found["lr-static"]
    assert "hidden" not in live_attrs
    # with a value: JupyterLab's sanitizer of stored outputs drops an empty `hidden`
    assert static_attrs.get("hidden") == "hidden"
    assert result.message.replace("`", "") in " ".join(live.split())  # backticks: <code>
    assert f'hint("{exercise_id}", 1)' in live
    assert "run the cell again" not in static
    for where in ("Binder", "Colab", "launch button", "download", "JupyterLab"):
        assert where in static, where
    for text in (repr(result), result._repr_markdown_()):
        assert "run the cell again" in text and "Binder" not in text


def test_only_a_stub_result_has_a_static_alternative():
    for result in _sample_results():
        assert result.mistake != "not_attempted"
        assert _live_and_static(result._repr_html_()) == {}
        assert not re.search(r"<[^>]*\shidden[\s>=]", result._repr_html_())


def test_feedback_is_the_message_and_the_hint():
    result = ex.check("mse_gradients", _learner_flipped)
    assert result.feedback == f"{result.message}\nHint: {result.hint}"
    assert 'hint("mse_gradients", 1) to hint("mse_gradients", 3)' in repr(result)


@pytest.mark.parametrize("exercise_id", FUNCTION_IDS)
def test_hidden_cases_are_deterministic(exercise_id):
    exercise = ex.get_exercise(exercise_id)
    again = list(exercise.make_cases(np.random.default_rng(exercise.seed)))
    assert [c.describe() for c in again] == [c.describe() for c in exercise.cases]
    for c1, c2 in zip(again, exercise.cases):
        for a1, a2 in zip(c1.args, c2.args):
            if isinstance(a1, np.ndarray):
                np.testing.assert_array_equal(a1, a2)


@pytest.mark.parametrize(
    "exercise_id", ["predict", "mse_gradients", "gd_step", "ridge_closed_form"]
)
def test_hidden_cases_include_a_single_sample_and_a_wide_problem(exercise_id):
    shapes = [c.args[0].shape for c in ex.get_exercise(exercise_id).cases]
    assert any(n == 1 for n, _ in shapes)
    assert any(d > n for n, d in shapes)


# ---------------------------------------------------------------------------------------------
# hints, descriptions, solutions, unknown ids


def test_hints_reveal_one_at_a_time():
    total = len(ex.get_exercise("mse_gradients").hints)
    hints = [ex.hint("mse_gradients", n) for n in range(1, total + 1)]
    assert [h.number for h in hints] == list(range(1, total + 1))
    assert len({str(h) for h in hints}) == total
    assert repr(hints[0]).startswith(f"Hint 1 of {total} for mse_gradients: ")
    assert 'Next: hint("mse_gradients", 2).' in repr(hints[0])
    assert "Next" not in repr(hints[-1])
    for bad in (0, total + 1, 1.5, True):
        with pytest.raises(ValueError, match=f"mse_gradients has {total} hint"):
            ex.hint("mse_gradients", bad)


def test_describe_gives_task_chapter_and_level():
    d = ex.describe("mse_gradients")
    assert (d.chapter, d.level, d.kind) == (2, "C", "function")
    text = repr(d)
    assert "Chapter 2, level C (derivation and implementation)" in text
    assert "(1/n) ||X w + b - y||^2" in text
    assert d._repr_markdown_().startswith("**`mse_gradients`")
    assert ex.describe("tiny_gradient").label == "ch02-ex-tiny-gradient"


@pytest.mark.parametrize("exercise_id", IDS)
def test_solution_source_is_the_reference_code(exercise_id):
    source = ex.solution_source(exercise_id)
    assert source.startswith("def ")
    assert "return" in source


def test_solutions_are_functions_or_values():
    assert callable(ex.solution("mse_gradients"))
    assert ex.solution("tiny_gradient") == (4.0, 2.0)


@pytest.mark.parametrize(
    ("bad_id", "pattern"),
    [
        ("mse_gradient", r"unknown exercise id 'mse_gradient': did you mean 'mse_gradients'"),
        ("MSE_Gradients", r"did you mean 'mse_gradients'"),
        ("ridge_closed", r"did you mean 'ridge_closed_form'"),
        ("zzz", r"unknown exercise id 'zzz': no id is close to it\. list_exercises\(\) gives all"),
    ],
)
def test_unknown_ids_list_close_matches(bad_id, pattern):
    calls = (lambda: ex.check(bad_id, 1.0), lambda: ex.hint(bad_id), lambda: ex.describe(bad_id))
    for call in calls:
        with pytest.raises(ValueError, match=pattern):
            call()


def test_a_non_string_id_is_a_type_error():
    with pytest.raises(TypeError, match="exercise_id must be a string"):
        ex.check(3, 1.0)


# ---------------------------------------------------------------------------------------------
# the references against independent code


def test_function_references_agree_with_independent_implementations():
    from sklearn.linear_model import Ridge
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler

    sol = ex.solution
    for case in ex.get_exercise("mse_gradients").cases:
        X, y, w, b = case.args
        np.testing.assert_allclose(sol("predict")(X, w, b), helpers.predict(X, w, b), rtol=1e-12)
        for got, want in zip(sol("mse_gradients")(X, y, w, b), helpers.mse_gradients(X, y, w, b)):
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(sol("mse")(y, X @ w), helpers.mse(y, X @ w), rtol=1e-12)
        res = helpers.gradient_descent(
            X, y, learning_rate=0.01, n_iters=1, tol=0.0, w_init=w, b_init=b
        )
        np.testing.assert_allclose(sol("gd_step")(X, y, w, b, 0.01)[0], res.w, rtol=1e-10)
        for alpha in (0.5, 5.0):
            w_ref, b_ref = sol("ridge_closed_form")(X, y, alpha)
            sk = Ridge(alpha=alpha).fit(X, y)
            np.testing.assert_allclose(w_ref, sk.coef_, rtol=1e-7, atol=1e-9)
            np.testing.assert_allclose(b_ref, sk.intercept_, rtol=1e-7, atol=1e-9)
            # df(alpha) is the trace of the ridge smoother on centered data
            Xc = X - X.mean(axis=0)
            trace = np.trace(Xc @ np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T))
            np.testing.assert_allclose(sol("effective_df")(X, alpha), trace, rtol=1e-9, atol=1e-12)
        if X.shape[0] > 1:
            np.testing.assert_allclose(
                sol("r2_score")(y, X @ w), helpers.r2_score(y, X @ w), rtol=1e-12
            )
            np.testing.assert_allclose(
                sol("lasso_alpha_max")(X, y), helpers.lasso_alpha_max(X, y), rtol=1e-12
            )
        if X.shape[0] > X.shape[1] + 1:
            A = np.column_stack([X, np.ones(len(y))])
            theta = np.linalg.lstsq(A, y, rcond=None)[0]
            w_ne, b_ne = sol("normal_equation")(X, y)
            np.testing.assert_allclose(np.append(w_ne, b_ne), theta, rtol=1e-8)
            Z_train, Z_test = sol("standardize")(X, X[:2] + 1.0)
            scaler = StandardScaler().fit(X)
            np.testing.assert_allclose(Z_train, scaler.transform(X), rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(
                Z_test, scaler.transform(X[:2] + 1.0), rtol=1e-12, atol=1e-12
            )
    for case in ex.get_exercise("soft_threshold").cases:
        z, t = case.args
        np.testing.assert_array_equal(sol("soft_threshold")(z, t), helpers.soft_threshold(z, t))
    for case in ex.get_exercise("polynomial_features").cases:
        x, degree = case.args
        if degree == 0:  # scikit-learn refuses an empty output; ours is (n, 0)
            assert sol("polynomial_features")(x, degree).shape == (len(x), 0)
            continue
        sk = PolynomialFeatures(degree, include_bias=False).fit_transform(x[:, None])
        np.testing.assert_allclose(sol("polynomial_features")(x, degree), sk, rtol=1e-12)


def test_chapter_2_and_3_references_agree_with_independent_routes():
    sol = ex.solution
    # the one-feature formulas against NumPy's polynomial fit and correlation
    x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 3.0, 5.0, 6.0])
    slope, intercept = np.polyfit(x, y, 1)
    expected = (slope, intercept, np.corrcoef(x, y)[0, 1] ** 2)
    np.testing.assert_allclose(sol("one_feature_fit"), expected, rtol=1e-12)
    # condition numbers of a matrix built with the stated singular values
    rng = np.random.default_rng(3)
    U, _ = np.linalg.qr(rng.standard_normal((6, 3)))
    V, _ = np.linalg.qr(rng.standard_normal((3, 3)))
    A = U @ np.diag([100.0, 1.0, 0.1]) @ V.T
    np.testing.assert_allclose(
        sol("condition_squared"), (np.linalg.cond(A), np.linalg.cond(A.T @ A)), rtol=1e-8
    )
    # one Newton step lands on the least-squares fit of the tiny example
    A_tiny = np.column_stack([[1.0, 2.0, 3.0], np.ones(3)])
    theta = np.linalg.lstsq(A_tiny, [2.0, 4.0, 6.0], rcond=None)[0]
    np.testing.assert_allclose(sol("newton_one_step"), theta, atol=1e-12)
    # QR least squares against the SVD route of np.linalg.lstsq, on every hidden case
    for case in ex.get_exercise("qr_least_squares").cases:
        X, y = case.args
        A = np.column_stack([X, np.ones(len(y))])
        theta = np.linalg.lstsq(A, y, rcond=None)[0]
        w, b = sol("qr_least_squares")(X, y)
        np.testing.assert_allclose(np.append(w, b), theta, rtol=1e-7, atol=1e-9)


def test_qr_polynomial_case_is_conditioned_as_chapter_3_says():
    # chapter 3 and the mistake message say the hidden polynomial case has kappa(A) about
    # 3.5e6, like the degree-9 row of the chapter's table (30 points on [0, 1])
    (case,) = [
        c
        for c in ex.get_exercise("qr_least_squares").cases
        if c.label == "a degree-9 polynomial design"
    ]
    X, y = case.args
    kappa = np.linalg.cond(np.column_stack([X, np.ones(len(y))]))
    x_table = np.linspace(0.0, 1.0, 30)
    A_table = np.column_stack([np.ones(30), helpers.polynomial_features(x_table, 9)])
    for k in (kappa, np.linalg.cond(A_table)):
        assert 3.45e6 < k < 3.55e6


def test_descent_references_agree_with_the_kernel():
    for case in ex.get_exercise("descend_momentum").cases:
        X, y, eta, beta, n_steps = case.args
        w, b = ex.solution("descend_momentum")(X, y, eta, beta, n_steps)
        res = helpers.gradient_descent(
            X, y, learning_rate=eta, momentum=beta, n_iters=n_steps, tol=0.0
        )
        np.testing.assert_allclose(w, res.w, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(b, res.b, rtol=1e-9, atol=1e-12)
    for case in ex.get_exercise("best_learning_rate").cases:
        (X,) = case.args
        limit = helpers.stability_limit(X)
        best = ex.solution("best_learning_rate")(X)
        assert limit / 2 <= best <= limit * (1 + 1e-9)


def test_cv_error_reference_agrees_with_scikit_learn():
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import cross_val_score

    for case in ex.get_exercise("cv_error").cases:
        x, y, degree, folds = case.args
        n = y.size
        splits = [(np.setdiff1d(np.arange(n), f), f) for f in folds]
        sk = -cross_val_score(
            LinearRegression(), helpers.polynomial_features(x, degree), y,
            cv=splits, scoring="neg_mean_squared_error",
        ).mean()
        np.testing.assert_allclose(ex.solution("cv_error")(x, y, degree, folds), sk, rtol=1e-8)


def test_value_references_agree_with_the_kernels():
    X_tiny, y_tiny = np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 4.0, 6.0])
    gw, gb = helpers.mse_gradients(X_tiny, y_tiny, [2.0], 1.0)
    assert ex.solution("tiny_gradient") == pytest.approx((gw[0], gb))
    res = helpers.gradient_descent(X_tiny, y_tiny, learning_rate=0.1, n_iters=1, tol=0.0)
    assert ex.solution("one_step") == pytest.approx((res.w[0], res.b, res.loss_history[-1]))
    limit, _ = ex.solution("classify_rates")
    assert limit == pytest.approx(helpers.stability_limit(X_tiny, fit_intercept=False))
    w, b = helpers.fit_ridge([[0.0], [1.0], [2.0], [3.0]], [1.0, 3.0, 2.0, 6.0], 2.0)
    assert ex.solution("ridge_by_hand")[:2] == pytest.approx((w[0], b))
    X7 = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
    y7 = np.array([1.0, 1.0, 3.0, 3.0])
    alpha_max, alpha_enter = ex.solution("tiny_alpha_max")
    assert alpha_max == pytest.approx(helpers.lasso_alpha_max(X7, y7))
    above = helpers.fit_lasso(X7, y7, alpha_enter * 1.05, tol=1e-12)[0]
    below = helpers.fit_lasso(X7, y7, alpha_enter * 0.95, tol=1e-12)[0]
    assert above[1] == 0.0 and below[1] != 0.0
    pairs = [(2.5, 1), (-0.7, 1), (-4, 1.5), (0.3, 0), (1, 1)]
    expected = [helpers.soft_threshold(z, t) for z, t in pairs]
    np.testing.assert_allclose(ex.solution("soft_by_hand"), expected)


# ---------------------------------------------------------------------------------------------
# the house rule


def test_exercise_modules_import_numpy_and_the_kernels_only():
    stdlib = {"__future__", "copy", "difflib", "functools", "html", "importlib", "inspect",
              "numbers", "pathlib", "pkgutil", "re", "textwrap", "types",
              "warnings", "zlib", "dataclasses", "typing"}
    folder = pathlib.Path(ex.__file__).parent
    for path in sorted(folder.glob("*.py")):
        imported = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
        assert imported <= stdlib | {"numpy", "helpers"}, f"{path.name} imports {sorted(imported)}"


def _rate_from_eigenvalues(lam):
    return float(2.0 / (lam[0] + lam[-1]))


@pytest.mark.parametrize("variant", ["eigvals of the unsymmetrized product", "eigenvalues clipped at 0",
                                     "SVD of the padded A", "lambda_min of -1e-12 lambda_max"])
def test_best_learning_rate_accepts_correct_answers_when_d_exceeds_n(variant):
    """With more parameters than samples lambda_min is 0, and a correct answer computes it
    as anything within rounding of 0 (or as exactly 0): all of them are right."""

    def answer(X):
        n, d = X.shape
        A = np.column_stack([X, np.ones(n)])
        if variant == "eigvals of the unsymmetrized product":
            lam = np.sort(np.linalg.eigvals(2.0 * A.T @ A / n).real)
        elif variant == "eigenvalues clipped at 0":
            lam = np.maximum(np.linalg.eigvalsh((2.0 / n) * A.T @ A), 0.0)
        elif variant == "SVD of the padded A":
            s = np.linalg.svd(np.vstack([A, np.zeros((max(0, d + 1 - n), d + 1))]),
                              compute_uv=False)
            lam = np.sort(2.0 * s**2 / n)
        else:
            lam = np.linalg.eigvalsh((2.0 / n) * A.T @ A)
            if n < d + 1:
                lam[0] = -1e-12 * lam[-1]  # rounding far worse than LAPACK's, still zero
        return _rate_from_eigenvalues(lam)

    assert ex.check("best_learning_rate", answer).passed


def test_best_learning_rate_reference_never_exceeds_the_stability_limit():
    for case in ex.get_exercise("best_learning_rate").cases:
        (X,) = case.args
        best = ex.solution("best_learning_rate")(X)
        limit = helpers.stability_limit(X)
        if X.shape[0] < X.shape[1] + 1:  # singular Hessian: the best rate is the limit itself
            assert best == pytest.approx(limit, rel=1e-12)
        assert best <= limit * (1 + 1e-12)


def test_the_pooled_cv_mean_is_a_convention_not_a_slip():
    from helpers.exercises.ch06 import _cv_pooled

    result = ex.check("cv_error", _cv_pooled)
    assert not result.passed and result.mistake == "pooled"
    assert "legitimate definition" in result.message and "Elements of Statistical" in result.message
    assert "This exercise asks for the other convention" in result.message
    assert "slip" not in result.message and "mistake" not in result.message.lower()
