"""The answer options of one question, chosen by number, arrows and Enter, or the mouse.

One widget serves both choose forms: in single mode picking an option submits it; in
multiple mode Space, a click or a number toggles an option and Enter submits the set.
Selection is shown by a symbol, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quiz.frontends.tui.widgets.hanging import Hanging, Row
from quiz.i18n import _


class AnswerSubmitted(Message):
    """The learner's response, as positions in the shown order (read as its form says)."""

    def __init__(self, widget: Widget, displayed: list[int]) -> None:
        self.widget = widget
        self.displayed = displayed
        super().__init__()


class AnswerNote(Message):
    """What a key did, or what is still missing, in words: the screen shows it as its hint."""

    def __init__(self, text: str, warning: bool = False) -> None:
        self.text = text
        self.warning = warning
        super().__init__()


class ChoiceList(OptionList):
    BINDINGS = [
        Binding("enter", "select", "Answer", show=False),
        Binding("space", "tick", "Tick", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="answer")
        self.multiple = False
        self.locked = False
        self.texts: list[str] = []
        self.ticked: set[int] = set()

    def show(self, texts: Sequence[str], multiple: bool, ticked: set[int] | None = None) -> None:
        """Replace the options; ``ticked`` pre-selects (an answer given earlier)."""
        self.texts = list(texts)
        self.multiple = multiple
        self.ticked = set(ticked or ())
        self._render_options(highlight=min(self.ticked) if self.ticked else 0)

    def _render_options(self, highlight: int | None = None) -> None:
        keep = self.highlighted if highlight is None else highlight
        self.set_options(Option(self._prompt(i, text)) for i, text in enumerate(self.texts))
        if self.texts:
            self.highlighted = keep if keep is not None and keep < len(self.texts) else 0

    def _prompt(self, index: int, text: str) -> Hanging:
        if self.multiple:
            mark = "☑ " if index in self.ticked else "☐ "
        else:
            mark = "● " if index in self.ticked else "○ "
        return Hanging([Row(Content.assemble((f"{index + 1}. ", "bold"), mark), Content(text))])

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Left and right belong to the screen (previous/next question), not to scrolling.
        if action in ("scroll_left", "scroll_right"):
            return False
        return super().check_action(action, parameters)

    def press(self, index: int | None) -> None:
        """A number key, Space or a click on option ``index``: tick it, or answer with it."""
        if self.locked or index is None or not 0 <= index < len(self.texts):
            return
        self.highlighted = index
        if self.multiple:
            self.ticked ^= {index}
            self._render_options()
        else:
            self._submit([index])

    def action_tick(self) -> None:
        self.press(self.highlighted)

    def action_select(self) -> None:
        if self.locked or self.highlighted is None:
            return
        if not self.multiple:
            self._submit([self.highlighted])
        elif self.ticked:
            self._submit(sorted(self.ticked))
        else:
            self.post_message(
                AnswerNote(
                    _("Tick at least one option (Space or its number), then press Enter."), warning=True
                )
            )

    async def _on_click(self, event: events.Click) -> None:
        self.press(event.style.meta.get("option"))

    def _submit(self, displayed: list[int]) -> None:
        if not self.multiple:
            self.ticked = set(displayed)
            self._render_options()
        self.post_message(AnswerSubmitted(self, displayed))
