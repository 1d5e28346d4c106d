"""Small modal dialogs: name, resume, confirm, nothing due, help."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, Static

if TYPE_CHECKING:
    from quiz.bank import Bank
    from quiz.store import AttemptRow


class NameDialog(ModalScreen[tuple[str, str] | None]):
    """Asked once: exports and gradebooks identify the learner by name and email."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="name.cancel")]

    def __init__(self, name: str = "", email: str = "") -> None:
        super().__init__()
        self.initial = (name, email)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Welcome! What is your name?", classes="dialog-title")
            yield Static(
                "Your name labels your results. An email or username is optional: "
                "gradebook and LRS exports use it to identify you.",
                classes="dialog-text",
            )
            yield Input(self.initial[0], placeholder="Name", id="name", max_length=64)
            yield Input(
                self.initial[1], placeholder="Email or username (optional)", id="email", max_length=254
            )
            with Horizontal(classes="buttons"):
                yield Button("Continue", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "name" and event.value.strip():
            self.query_one("#email", Input).focus()
        else:
            self._done()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self._done()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _done(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.notify("Please type a name (any name you like).", severity="warning")
            self.query_one("#name", Input).focus()
            return
        self.dismiss((name, self.query_one("#email", Input).value.strip()))


def ago(iso: str, now: datetime) -> str:
    """'12 min ago', for humans deciding whether an attempt is worth resuming."""
    seconds = (now - datetime.fromisoformat(iso)).total_seconds()
    if seconds < 90:
        return "just now"
    if seconds < 3600 * 1.5:
        return f"{round(seconds / 60)} min ago"
    if seconds < 86400 * 1.5:
        return f"{round(seconds / 3600)} hours ago"
    return f"{round(seconds / 86400)} days ago"


class ResumeDialog(ModalScreen[str | None]):
    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="resume.resume"),
        Binding("d", "choose('discard')", "Discard", id="resume.discard"),
        Binding("escape,l", "choose('later')", "Later", id="resume.later"),
    ]

    def __init__(self, row: AttemptRow, title: str, answered: int, now: datetime | None = None) -> None:
        super().__init__()
        self.now = now or datetime.now(UTC)
        self.row = row
        self.bank_title = title
        self.answered = answered

    def compose(self) -> ComposeResult:
        text = Content.from_markup(
            "[b]$title[/b] ($mode), $answered of $total answered, started $when.",
            title=self.bank_title,
            mode=self.row.mode,
            answered=self.answered,
            total=len(self.row.plan),
            when=ago(self.row.started_at, self.now),
        )
        with Vertical(classes="dialog"):
            yield Label("You have an unfinished attempt", classes="dialog-title")
            yield Static(text, classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(Content("Resume [r]"), variant="primary", id="resume")
                yield Button(Content("Discard [d]"), variant="error", id="discard")
                yield Button(Content("Later [l]"), id="later")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, text: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.title_text, self.text, self.yes, self.no = title, text, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.title_text), classes="dialog-title")
            yield Static(Content(self.text), classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(Content(f"{self.yes} [y]"), variant="primary", id="yes")
                yield Button(Content(f"{self.no} [n]"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class NothingDueDialog(ConfirmDialog):
    def __init__(self, bank: Bank) -> None:
        super().__init__(
            "Nothing is due for review",
            f"No question of “{bank.info.title}” is due yet: questions come back for review "
            "a day or more after you answer them, sooner when you missed them. Practise anyway?",
            yes="Practise anyway",
            no="Back",
        )


class HelpDialog(ModalScreen[None]):
    """The keys of the screen underneath, read from its live bindings so it never goes stale."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,question_mark,f1,q", "close", "Close", id="help.close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Keys", classes="dialog-title")
            with VerticalScroll():
                yield DataTable(show_cursor=False, zebra_stripes=True)
            yield Static(
                "In lists: ↑ ↓ move, Enter chooses. Tab moves between parts of the screen. "
                "Ctrl+P opens the command palette (themes, including high contrast; quit). "
                "The mouse works too: click an option to answer.",
                classes="dialog-text",
            )
            with Horizontal(classes="buttons"):
                yield Button(Content("Close [esc]"), id="close")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Key", "Action")
        seen: set[tuple[str, str]] = set()
        # The screen's and the app's own keys; widgets' generic ones (scrolling, copy) are
        # summed up in the text below instead of drowning the useful ones.
        for key, active in self.under.active_bindings.items():
            binding = active.binding
            description = binding.tooltip or binding.description
            if not description or not active.enabled or not isinstance(active.node, (Screen, App)):
                continue
            if binding.system or binding.action.rsplit(".", 1)[-1] in ("focus_next", "focus_previous"):
                continue
            shown = self.app.get_key_display(binding)
            if (shown, description) in seen:
                continue
            seen.add((shown, description))
            table.add_row(Text(shown), Text(description), key=key)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
