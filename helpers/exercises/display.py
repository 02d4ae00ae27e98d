"""What a reader sees: the result of a check, a hint, an exercise's description.

Each object shows itself as text (a terminal, and the text/plain output nbval compares),
as Markdown and as HTML (JupyterLab, Colab and the HTML book all show the HTML). The text
is deterministic: notebooks that show results can be re-run and compared.

The HTML book is a static copy of the notebooks: no kernel runs there, and the check cell
of every exercise shows the book's stub, "Not answered yet". Advice such as "run the cell
again" would be wrong there, so that part of a not-attempted result comes twice: an
element of class ``lr-live`` (shown where a kernel runs the cell) and one of class
``lr-static`` with the ``hidden`` attribute, saying how to open the notebook. Notebook
front ends honour ``hidden``; its value is written out, ``hidden="hidden"``, because
JupyterLab's sanitizer of stored outputs drops it when empty (an inline ``display: none``
it would drop too). The book's stylesheet (book/_static/lrbook.css) shows ``lr-static``
and hides ``lr-live``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ._text import code_html
from .exercise import LEVELS
from .mistakes import NOT_ATTEMPTED

#: What a not-attempted result says in the HTML book, where no code runs.
STATIC_PAGE_NOTE = (
    "No code runs on this page of the book, so it cannot check an answer. To check yours, "
    "open this chapter as a notebook: in Binder or Colab (the launch button, a rocket, at "
    "the top of the page), or on your computer (the download button at the top of the page, "
    "then JupyterLab). There, fill in the cell above and run it; the hints are above it."
)

_PARAGRAPH = '<p style="margin: 0.4em 0 0 0;">{}</p>'


@dataclass(frozen=True)
class CheckResult:
    """The outcome of `check`: whether the answer passed, and feedback saying why.

    Attributes
    ----------
    exercise_id : str
    passed : bool
    message : str
        What is right, or what is wrong.
    mistake : str or None
        The key of the recognised mistake (for example ``"flipped_sign"``) or of the
        generic problem (``"raised"``, ``"wrong_shape"``, ``"wrong_value"``, ...);
        ``"not_attempted"`` for the book's stub (None, or a function that raises
        NotImplementedError); None when the answer passed.
    hint : str or None
        How to fix it; None when the answer passed or was not attempted.
    chapter : int
    level : str
    n_hints : int
        How many hints the exercise has.
    """

    exercise_id: str
    passed: bool
    message: str
    mistake: str | None = None
    hint: str | None = None
    chapter: int = 0
    level: str = ""
    n_hints: int = 0

    @property
    def feedback(self) -> str:
        """The message, followed by the hint when there is one."""
        if self.hint is None:
            return self.message
        return f"{self.message}\nHint: {self.hint}"

    @property
    def status(self) -> str:
        """In a word or three: "Correct", "Not yet" or "Not answered yet"."""
        # a word, not only a colour or a symbol, says whether the answer passed
        if self.passed:
            return "Correct"
        return "Not answered yet" if self.mistake == NOT_ATTEMPTED else "Not yet"

    def _where(self) -> str:
        return f"chapter {self.chapter}, level {self.level}"

    def _more(self) -> str | None:
        if self.passed or self.n_hints == 0:
            return None
        call = f'hint("{self.exercise_id}", '
        return f"More help: {call}1) to {call}{self.n_hints})."

    def __repr__(self) -> str:
        lines = [f"{self.status}: {self.exercise_id} ({self._where()})", self.feedback]
        more = self._more()
        if more:
            lines.append(more)
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.status}**: `{self.exercise_id}` ({self._where()})", "", self.message]
        if self.hint is not None:
            lines += ["", f"**Hint:** {self.hint}"]
        more = self._more()
        if more:
            lines += ["", more]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        # Theme-neutral: borders in the text colour, no background; passing and failing differ
        # in words ("Correct" / "Not yet"), in the symbol and in the border style (solid or
        # dashed), never in colour alone.
        if self.passed:
            icon, border, state = "&#10003;", "solid", "pass"
        elif self.mistake == NOT_ATTEMPTED:
            icon, border, state = "&#9998;", "dotted", "todo"
        else:
            icon, border, state = "&#10007;", "dashed", "fail"
        body = [_PARAGRAPH.format(code_html(para)) for para in self.message.split("\n")]
        if self.hint is not None:
            body.append(_PARAGRAPH.format(f"<strong>Hint:</strong> {code_html(self.hint)}"))
        more = self._more()
        if more:
            body.append(_PARAGRAPH.format(code_html(more)))
        if state == "todo":
            # the advice to run the cell holds only where a kernel runs it (see the module)
            body = [
                '<div class="lr-live">', *body, "</div>",
                '<div class="lr-static" hidden="hidden">',
                _PARAGRAPH.format(code_html(STATIC_PAGE_NOTE)), "</div>",
            ]
        return "\n".join([
            f'<div class="lr-exercise-check lr-exercise-check-{state}" role="status" '
            f'style="border: 1px {border} currentColor; border-left-width: 4px; '
            'border-radius: 4px; padding: 0.5em 0.8em; margin: 0.3em 0;">',
            f'<p style="margin: 0;"><span aria-hidden="true">{icon}</span> '
            f"<strong>{self.status}</strong>: <code>{html.escape(self.exercise_id)}</code> "
            f"({self._where()})</p>",
            *body,
            "</div>",
        ])


@dataclass(frozen=True)
class Hint:
    """One hint of an exercise; ``str(hint)`` is its text."""

    exercise_id: str
    number: int
    total: int
    text: str

    def __str__(self) -> str:
        return self.text

    def _next(self) -> str | None:
        if self.number < self.total:
            return f'Next: hint("{self.exercise_id}", {self.number + 1}).'
        return None

    def __repr__(self) -> str:
        head = f"Hint {self.number} of {self.total} for {self.exercise_id}: {self.text}"
        nxt = self._next()
        return head if nxt is None else f"{head}\n{nxt}"

    def _repr_markdown_(self) -> str:
        text = f"**Hint {self.number} of {self.total}** for `{self.exercise_id}`: {self.text}"
        nxt = self._next()
        return text if nxt is None else f"{text}\n\n{nxt}"


@dataclass(frozen=True)
class Description:
    """What an exercise asks: returned by `describe`."""

    exercise_id: str
    title: str
    chapter: int
    level: str
    task: str
    answer_format: str
    kind: str
    label: str | None
    n_hints: int

    @property
    def level_name(self) -> str:
        """The level in words, such as "concepts"."""
        return LEVELS[self.level]

    def _lines(self) -> list:
        lines = [
            f"{self.exercise_id}: {self.title}",
            f"Chapter {self.chapter}, level {self.level} ({self.level_name})",
            "",
            self.task,
            "",
            f"Answer with {self.answer_format}.",
            f'Check with check("{self.exercise_id}", answer); hints: '
            f'hint("{self.exercise_id}", 1) to hint("{self.exercise_id}", {self.n_hints}).',
        ]
        if self.label:
            lines.append(f"In the book: exercise {self.label}.")
        return lines

    def __repr__(self) -> str:
        return "\n".join(self._lines())

    def _repr_markdown_(self) -> str:
        call = f'hint("{self.exercise_id}", '
        parts = [
            f"**`{self.exercise_id}`: {self.title}**  \n"
            f"Chapter {self.chapter}, level {self.level} ({self.level_name})",
            self.task,
            f"Answer with {self.answer_format}.",
            f'Check with `check("{self.exercise_id}", answer)`; hints: `{call}1)` to '
            f"`{call}{self.n_hints})`.",
        ]
        if self.label:
            parts.append(f"In the book: exercise {self.label}.")
        return "\n\n".join(parts)
