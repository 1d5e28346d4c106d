"""Options before an attempt: how many questions, which topics and levels, shuffle, confidence."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.validation import Integer, Number
from textual.widgets import Button, Checkbox, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from quiz.bank import Bank
from quiz.config.settings import UserSettings
from quiz.engine import Mode
from quiz.engine.request import MODE_NAMES, StartRequest
from quiz.frontends.tui.shown_keys import with_key
from quiz.frontends.tui.styled import styled
from quiz.frontends.tui.widgets.toggles import WrappingCheckbox
from quiz.i18n import _, ngettext
from quiz.i18n.numbers import decimal
from quiz.kinds.base import DIFFICULTY_WORDS

"""The difficulty levels a bank's questions carry, each an English msgid."""


class OptionsDialog(ModalScreen[StartRequest | None]):
    CSS_PATH = "options.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="options.cancel"),
        Binding("ctrl+s", "start", "Start", show=True, id="options.start"),
    ]

    def __init__(self, bank: Bank, mode: Mode, due: int = 0, defaults: UserSettings | None = None) -> None:
        super().__init__()
        self.bank = bank
        self.mode = mode
        self.due = due
        self.defaults = defaults or UserSettings()
        """The learner's settings: how many questions, time limit and confidence to offer first."""

    def compose(self) -> ComposeResult:
        total = len(self.bank.questions)
        with Vertical(classes="dialog options"):
            yield Label(
                styled(
                    _("{mode}: {title}"),
                    {"title": "bold"},
                    mode=_(MODE_NAMES[self.mode]),
                    title=self.bank.info.title,
                ),
                classes="dialog-title",
            )
            with VerticalScroll(id="option-fields"):
                yield Static(Content(self._intro()), classes="dialog-text")
                if self.mode in (Mode.practice, Mode.exam):
                    count = (
                        self.defaults.practice_count
                        if self.mode is Mode.practice
                        else self.defaults.exam_count
                    )
                    default = min(count, total)
                    yield Label(_("Number of questions (1 to {total})").format(total=total))
                    between = _("a whole number from 1 to {total}").format(total=total)
                    yield Input(
                        str(default),
                        id="count",
                        type="integer",
                        validators=[Integer(1, total, failure_description=between)],
                        compact=True,
                    )
                    yield Label(_("Topics (none ticked: all)"))
                    yield SelectionList[str](
                        *(Selection(Content(self.bank.topic_label(t)), t) for t in self.bank.topics),
                        id="topics",
                        compact=True,
                    )
                    yield Label(_("Difficulty (none ticked: all)"))
                    yield SelectionList[str](
                        *(Selection(_(word), level) for level, word in DIFFICULTY_WORDS.items()),
                        id="levels",
                        compact=True,
                    )
                if self.mode is Mode.exam:
                    limit = self.defaults.time_limit_minutes
                    if limit is None:
                        limit = self.bank.info.time_limit_minutes
                    yield Label(_("Time limit in minutes (empty: untimed)"))
                    yield Input(
                        f"{limit:g}" if limit else "",
                        id="minutes",
                        type="number",
                        validators=[
                            Number(
                                minimum=0.5,
                                maximum=600,
                                failure_description=_("a number of minutes from {low} to {high}").format(
                                    low=decimal(0.5), high=decimal(600)
                                ),
                            )
                        ],
                        valid_empty=True,
                        compact=True,
                    )
                if self.mode is not Mode.discernment:
                    yield WrappingCheckbox(
                        _("Shuffle questions and choices"), True, id="shuffle", compact=True
                    )
                    yield WrappingCheckbox(
                        _("Confidence mode: say how sure you are (certainty-based marking)"),
                        self.defaults.confidence,
                        id="confidence",
                        compact=True,
                    )
            with Horizontal(classes="buttons"):
                yield Button(
                    with_key(self, _("Start"), "options.start", "ctrl+s"),
                    variant="primary",
                    id="start",
                    compact=True,
                )
                yield Button(with_key(self, _("Cancel"), "options.cancel", "esc"), id="cancel", compact=True)

    def _intro(self) -> str:
        if self.mode is Mode.review:
            return ngettext(
                "{n} question due for review in this bank.",
                "{n} questions due for review in this bank.",
                self.due,
            ).format(n=self.due)
        if self.mode is Mode.discernment:
            n = len(self.bank.questions)
            return ngettext(
                "{n} headline or post: judge it as reliable or manipulative. Form A comes before training, "
                "B after and C weeks later; the results compare how well you tell them apart, not just how "
                "suspicious you are.",
                "{n} headlines and posts: judge each as reliable or manipulative, in a random order. Form A "
                "comes before training, B after and C weeks later; the results compare how well you tell "
                "them apart, not just how suspicious you are.",
                n,
            ).format(n=n)
        if self.mode is Mode.exam:
            return _("Feedback comes at the end. You can skip, flag and change answers until you finish.")
        return _("After each answer you see whether it was right, and why.")

    def on_mount(self) -> None:
        first = self.query("Input, Button")
        if first:
            first.first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_start(self) -> None:
        request = self._request()
        if request is not None:
            self.dismiss(request)

    def _request(self) -> StartRequest | None:
        count = None
        minutes = None
        topics: tuple[str, ...] = ()
        levels: tuple[str, ...] = ()
        if self.query("#count"):
            field = self.query_one("#count", Input)
            result = field.validate(field.value)
            if result is not None and not result.is_valid:
                self.notify(
                    _("Number of questions: {why}").format(why=result.failure_descriptions[0]),
                    severity="error",
                )
                field.focus()
                return None
            count = int(field.value)
            topics = tuple(self.query_one("#topics", SelectionList).selected)
            levels = tuple(self.query_one("#levels", SelectionList).selected)
        if self.query("#minutes"):
            field = self.query_one("#minutes", Input)
            minutes = 0.0  # an emptied field means untimed, not the bank's default
            if field.value.strip():
                result = field.validate(field.value)
                if result is not None and not result.is_valid:
                    self.notify(
                        _("Time limit: {why}").format(why=result.failure_descriptions[0]), severity="error"
                    )
                    field.focus()
                    return None
                minutes = float(field.value)
        shuffle = self.query_one("#shuffle", Checkbox).value if self.query("#shuffle") else True
        confidence = self.query_one("#confidence", Checkbox).value if self.query("#confidence") else False
        return StartRequest(
            bank=self.bank.id,
            mode=self.mode,
            count=count,
            topics=topics,
            difficulties=levels,
            shuffle=shuffle,
            confidence=confidence,
            time_limit_minutes=minutes,
        )
