"""How a learner gives an answer, one widget per form: choose (``ChoiceList``), put in order
(``OrderList``), match (``MatchList``); ``AnswerBox`` holds the three and shows the one the
question's form asks for. The question screen and the live learner screen both use it.

Every widget speaks shown terms (positions in the order the learner sees) and posts
``AnswerSubmitted`` when the learner answers, ``AnswerNote`` to say in words what a key did or
what is still missing. A front end knows forms, never kinds: a new kind that reuses a form
needs nothing here.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quiz.frontends.tui.widgets.choices import AnswerNote, AnswerSubmitted, ChoiceList
from quiz.i18n import _
from quiz.kinds.kind import Form, Shown, prompt_label

__all__ = [
    "AnswerBox",
    "AnswerNote",
    "AnswerSubmitted",
    "ChoiceList",
    "MatchList",
    "OrderList",
    "instruction",
]


class _Keys(OptionList):
    """What the order and match lists share: locked after a final answer, no left/right scroll."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="answer")
        self.locked = False
        self.texts: list[str] = []

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Left and right belong to the screen (previous/next question), not to scrolling.
        if action in ("scroll_left", "scroll_right"):
            return False
        return super().check_action(action, parameters)

    def note(self, text: str, warning: bool = False) -> None:
        self.post_message(AnswerNote(text, warning))


class OrderList(_Keys):
    """Items to put in order: ↑↓ highlight one, Space picks it up and ↑↓ then carry it (Space
    again puts it down), a number puts the highlighted item in that place, Enter answers.
    Every move is said in words (``AnswerNote``), so it is clear without seeing the list move."""

    BINDINGS = [
        Binding("space", "grab", "Pick up", tooltip="Pick the item up, or put it down"),
        Binding("enter", "submit", "Answer", show=False),
        Binding("shift+up,ctrl+up", "carry(-1)", "Move up", show=False),
        Binding("shift+down,ctrl+down", "carry(1)", "Move down", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.arrangement: list[int] = []
        """Shown positions, first place to last: the answer as it stands."""
        self.grabbed = False

    def show(self, shown: Shown, given: Sequence[int] | None = None) -> None:
        self.texts = list(shown.options)
        self.arrangement = list(given) if given else list(range(len(self.texts)))
        self.grabbed = False
        self._render_items(0)

    def _render_items(self, highlight: int | None = None) -> None:
        keep = self.highlighted if highlight is None else highlight
        self.set_options(Option(self._row(place)) for place in range(len(self.arrangement)))
        if self.arrangement:
            self.highlighted = keep if keep is not None and keep < len(self.arrangement) else 0

    def _row(self, place: int) -> Content:
        carried = self.grabbed and place == self.highlighted
        mark = "⇕ " if carried else "  "
        text = Content(self.texts[self.arrangement[place]])
        return Content.assemble((f"{place + 1}. ", "bold"), mark, text.stylize("bold") if carried else text)

    def _move(self, source: int, target: int) -> None:
        if self.locked or not 0 <= source < len(self.arrangement):
            return
        target = max(0, min(len(self.arrangement) - 1, target))
        item = self.arrangement.pop(source)
        self.arrangement.insert(target, item)
        self._render_items(target)
        self.note(
            _("Moved “{item}” to place {place} of {n}.").format(
                item=self.texts[item], place=target + 1, n=len(self.arrangement)
            )
        )

    def press(self, index: int | None) -> None:
        """A number key: the highlighted item goes to place ``index`` + 1."""
        if index is None or self.highlighted is None or not 0 <= index < len(self.arrangement):
            return
        self._move(self.highlighted, index)

    def action_grab(self) -> None:
        if self.locked or self.highlighted is None:
            return
        self.grabbed = not self.grabbed
        item = self.texts[self.arrangement[self.highlighted]]
        self._render_items()
        if self.grabbed:
            self.note(_("Picked up “{item}”: ↑ ↓ carry it, Space puts it down.").format(item=item))
        else:
            self.note(_("Put down “{item}” in place {place}.").format(item=item, place=self.highlighted + 1))

    def action_carry(self, step: int) -> None:
        if self.highlighted is not None:
            self._move(self.highlighted, self.highlighted + step)

    def action_cursor_up(self) -> None:
        if self.grabbed:
            self.action_carry(-1)
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.grabbed:
            self.action_carry(1)
        else:
            super().action_cursor_down()

    def action_submit(self) -> None:
        if self.locked:
            return
        self.grabbed = False
        self._render_items()
        self.post_message(AnswerSubmitted(self, list(self.arrangement)))

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("option")
        if isinstance(index, int) and not self.locked:
            self.highlighted = index


class MatchList(_Keys):
    """Prompts to give an answer each: ↑↓ highlight a prompt, a number gives it that answer
    (and moves on to the next prompt), Space gives it the next answer, Enter answers once every
    prompt has one. The answers are listed, numbered, under the prompts (``answers`` Static)."""

    BINDINGS = [
        Binding("space", "cycle", "Next answer", tooltip="Give the line the next answer"),
        Binding("enter", "submit", "Answer", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.prompts: list[str] = []
        self.matched: list[int | None] = []
        """The shown answer given to each prompt, or None."""

    def show(self, shown: Shown, given: Sequence[int] | None = None) -> None:
        self.texts = list(shown.options)
        self.prompts = list(shown.prompts)
        self.matched = list(given) if given else [None] * len(self.prompts)
        self._render_rows(0)

    def _render_rows(self, highlight: int | None = None) -> None:
        keep = self.highlighted if highlight is None else highlight
        self.set_options(Option(self._row(i)) for i in range(len(self.prompts)))
        if self.prompts:
            self.highlighted = keep if keep is not None and keep < len(self.prompts) else 0

    def _row(self, index: int) -> Content:
        answer = self.matched[index]
        given = (
            Content.assemble((f"{answer + 1}. ", "bold"), Content(self.texts[answer]))
            if answer is not None
            else Content.styled(_("(no answer yet: press its number)"), "italic")
        )
        return Content.assemble(
            (f"{prompt_label(index)}. ", "bold"), Content(self.prompts[index]), "\n    → ", given
        )

    def answers_text(self) -> Content:
        """The answers to choose from, numbered: shown under the prompts."""
        return Content.assemble(
            Content.styled(_("Answers: "), "bold"),
            Content("   ").join(
                Content.assemble((f"{n}. ", "bold"), Content(text))
                for n, text in enumerate(self.texts, start=1)
            ),
        )

    def _give(self, prompt: int, answer: int) -> None:
        self.matched[prompt] = answer
        following = next(
            (i for i in [*range(prompt + 1, len(self.prompts)), *range(prompt)] if self.matched[i] is None),
            prompt,
        )
        self._render_rows(following)
        self.note(_("{prompt} → {answer}").format(prompt=prompt_label(prompt), answer=self.texts[answer]))

    def press(self, index: int | None) -> None:
        """A number key: the highlighted prompt gets answer ``index`` + 1."""
        if self.locked or index is None or self.highlighted is None or not 0 <= index < len(self.texts):
            return
        self._give(self.highlighted, index)

    def action_cycle(self) -> None:
        if self.locked or self.highlighted is None:
            return
        current = self.matched[self.highlighted]
        answer = 0 if current is None else (current + 1) % len(self.texts)
        self.matched[self.highlighted] = answer
        self._render_rows()

    def action_submit(self) -> None:
        if self.locked:
            return
        missing = [i for i, a in enumerate(self.matched) if a is None]
        if missing:
            self.highlighted = missing[0]
            self.note(
                _("Give {prompt} an answer first (its number, 1-{n}), then press Enter.").format(
                    prompt=prompt_label(missing[0]), n=len(self.texts)
                ),
                warning=True,
            )
            return
        self.post_message(AnswerSubmitted(self, [a for a in self.matched if a is not None]))

    async def _on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("option")
        if isinstance(index, int) and not self.locked:
            self.highlighted = index


class AnswerBox(Vertical):
    """The answer widget for a question's form; the others stay hidden."""

    def __init__(self, *, prefix: str = "", id: str | None = None) -> None:
        super().__init__(id=id, classes="answer-box")
        self.prefix = prefix
        self.form = Form.choose_one

    def compose(self) -> ComposeResult:
        yield ChoiceList(id=f"{self.prefix}choices")
        yield OrderList(id=f"{self.prefix}order")
        yield MatchList(id=f"{self.prefix}match")
        yield Static("", id=f"{self.prefix}match-answers", classes="match-answers")

    @property
    def widget(self) -> ChoiceList | OrderList | MatchList:
        """The widget of the form shown now."""
        if self.form is Form.order:
            return self.query_one(OrderList)
        if self.form is Form.match:
            return self.query_one(MatchList)
        return self.query_one(ChoiceList)

    def show(self, shown: Shown, given: Sequence[int] | None = None) -> None:
        """Show ``shown`` in its form's widget; ``given`` (shown terms) is an answer given earlier."""
        self.form = shown.form
        for widget in (self.query_one(ChoiceList), self.query_one(OrderList), self.query_one(MatchList)):
            widget.display = False
        widget = self.widget
        widget.display = True
        if isinstance(widget, ChoiceList):
            widget.show(shown.options, shown.form is Form.choose_many, set(given or ()))
        else:
            widget.show(shown, given)
        answers = self.query_one(".match-answers", Static)
        answers.display = isinstance(widget, MatchList)
        if isinstance(widget, MatchList):
            answers.update(widget.answers_text())

    @property
    def locked(self) -> bool:
        return self.widget.locked

    @locked.setter
    def locked(self, value: bool) -> None:
        self.widget.locked = value

    def press(self, index: int) -> None:
        self.widget.press(index)

    def focus_answer(self) -> None:
        self.widget.focus()

    @property
    def count(self) -> int:
        """How many number keys mean something: the options (or places, or answers)."""
        return len(self.widget.texts)

    def hint(self) -> str:
        """The keys of this form, in one line."""
        n = self.count
        if self.form is Form.choose_many:
            return _("Tick with 1-{n} or Space, then Enter to submit").format(n=n)
        if self.form is Form.order:
            return _(
                "↑↓ choose, Space picks up and ↑↓ carry, 1-{n} puts in that place, Enter answers"
            ).format(n=n)
        if self.form is Form.match:
            return _(
                "↑↓ choose a line, 1-{n} gives it that answer (Space: the next one), Enter answers"
            ).format(n=n)
        return _("Press 1-{n}, or ↑↓ and Enter, or click").format(n=n)

    def help_rows(self) -> list[tuple[str, str]]:
        n = self.count
        if self.form is Form.order:
            return [
                ("↑ ↓", _("Highlight an item (or, once picked up, carry it)")),
                ("Space", _("Pick up the highlighted item, or put it down")),
                (f"1-{n}", _("Put the highlighted item in that place")),
                ("Shift+↑ ↓", _("Move the highlighted item up or down")),
                ("Enter", _("Answer with the order as it stands")),
            ]
        if self.form is Form.match:
            return [
                ("↑ ↓", _("Highlight a line")),
                (f"1-{n}", _("Give the highlighted line that answer")),
                ("Space", _("Give the highlighted line the next answer")),
                ("Enter", _("Answer, once every line has one")),
            ]
        if self.form is Form.choose_many:
            return [
                (f"1-{n}", _("Tick option 1 to {n}; Enter submits").format(n=n)),
                ("↑ ↓ Enter", _("Move between the options and choose")),
                ("Space", _("Tick the highlighted option")),
            ]
        return [
            (f"1-{n}", _("Answer with option 1 to {n}").format(n=n)),
            ("↑ ↓ Enter", _("Move between the options and choose")),
        ]


def instruction(text: str, form: Form) -> str:
    """The kind's instruction in the interface language. The form's keys are not repeated
    here: the line under the answers and the footer say them, and the instruction shares its
    line with the question's number and points on a live learner's screen."""
    return _(text)
