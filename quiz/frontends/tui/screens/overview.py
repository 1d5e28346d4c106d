"""All questions of the attempt at a glance: answered, flagged, skipped; jump to any."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from quiz.engine import Attempt
from quiz.i18n import _


class OverviewDialog(ModalScreen[int | None]):
    CSS_PATH = "overview.tcss"
    BINDINGS = [Binding("escape,o", "close", "Close", id="overview.close")]

    def __init__(self, attempt: Attempt) -> None:
        super().__init__()
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        attempt = self.attempt
        with Vertical(classes="dialog overview"):
            yield Label(
                _("{answered} of {total} answered · {flagged} flagged").format(
                    answered=len(attempt.answers), total=len(attempt), flagged=len(attempt.flagged)
                ),
                classes="dialog-title",
            )
            options = []
            for position, item in enumerate(attempt.plan.items):
                question = attempt.question_at(position)
                state = "✓" if attempt.is_answered(position) else "○"
                flag = " ⚑" if item.question_id in attempt.flagged else ""
                text = question.short_prompt(60)
                options.append(Option(Content(f"{state} {position + 1:>2}. {text}{flag}")))
            yield OptionList(*options, id="overview-list")
            yield Static(_("✓ answered · ○ not yet · ⚑ flagged · Enter jumps there"), classes="dim-label")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        option_list.highlighted = self.attempt.position
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_close(self) -> None:
        self.dismiss(None)
