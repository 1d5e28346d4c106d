"""Small dialogs: name, resume, confirm, nothing due, help, and the form to join a live session."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.validation import Regex
from textual.widgets import Button, DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from quiz.engine.request import MODE_NAMES
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.launch import JoinRequest
from quiz.frontends.tui.shown_keys import shown_key, with_key
from quiz.frontends.tui.styled import styled
from quiz.i18n import N_, _, ngettext
from quiz.i18n.numbers import with_unit
from quiz.store.names import visible_name

if TYPE_CHECKING:
    from quiz.bank import Bank
    from quiz.store import AttemptRow


class NameDialog(ModalScreen[tuple[str, str] | None]):
    """Asked once: exports and gradebooks identify the learner by name and email."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="name.cancel")]

    def __init__(self, name: str = "", email: str = "") -> None:
        super().__init__()
        self.initial = (name, email)

    def compose(self) -> ComposeResult:
        renaming = bool(self.initial[0])
        # A VerticalScroll and compact fields: on a 40x10 terminal the name field still shows.
        with VerticalScroll(classes="dialog name"):
            yield Label(
                _("Change your name or email") if renaming else _("Welcome! What is your name?"),
                classes="dialog-title",
            )
            yield Static(
                _(
                    "Your name labels your results. An email or username is optional: "
                    "gradebook and LRS exports use it to identify you."
                ),
                classes="dialog-text",
            )
            yield Input(self.initial[0], placeholder=_("Name"), id="name", max_length=64, compact=True)
            yield Input(
                self.initial[1],
                placeholder=_("Email or username (optional)"),
                id="email",
                max_length=254,
                compact=True,
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Continue"), variant="primary", id="ok", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()  # typing starts at once, whatever the size

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
        if not visible_name(name):  # nothing the store would keep (zero-width spaces)
            self.notify(_("Please type a name (any name you like)."), severity="warning")
            self.query_one("#name", Input).focus()
            return
        self.dismiss((name, self.query_one("#email", Input).value.strip()))


LEAVE_TEXT = N_("Your answers are saved. You can resume it from the home screen ({key}).")
"""An English msgid: shown through ``_``."""


def ago(iso: str, now: datetime) -> str:
    """'12 min ago', for humans deciding whether an attempt is worth resuming."""
    seconds = (now - datetime.fromisoformat(iso)).total_seconds()
    if seconds < 90:
        return _("just now")
    if seconds < 3600 * 1.5:
        n = round(seconds / 60)
        return with_unit(ngettext("{n} min ago", "{n} min ago", n), n=n)
    if seconds < 86400 * 1.5:
        n = round(seconds / 3600)
        return with_unit(ngettext("{n} hour ago", "{n} hours ago", n), n=n)
    n = round(seconds / 86400)
    return with_unit(ngettext("{n} day ago", "{n} days ago", n), n=n)


@dataclass(frozen=True)
class Unfinished:
    """One unfinished attempt as the resume list shows it."""

    row: AttemptRow
    title: str
    answered: int

    def describe(self, now: datetime) -> Content:
        return styled(
            _("{title} ({mode}), {answered} of {total} answered, started {when}."),
            {"title": "bold"},
            title=self.title,
            mode=_(MODE_NAMES.get(self.row.mode, self.row.mode)),
            answered=self.answered,
            total=len(self.row.plan),
            when=ago(self.row.started_at, now),
        )


class ResumeDialog(ModalScreen[tuple[str, int] | None]):
    """Every unfinished attempt, newest first: resume one, or discard it after a yes."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("r", "choose('resume')", "Resume", id="resume.resume"),
        Binding("d", "choose('discard')", "Discard", id="resume.discard"),
        Binding("escape,l", "later", "Later", id="resume.later"),
    ]

    def __init__(self, attempts: list[Unfinished], now: datetime | None = None) -> None:
        super().__init__()
        self.now = now or datetime.now(UTC)
        self.attempts = attempts

    def compose(self) -> ComposeResult:
        count = len(self.attempts)
        title = ngettext("You have an unfinished attempt", "You have {n} unfinished attempts", count).format(
            n=count
        )
        with Vertical(classes="dialog resume"):
            yield Label(title, classes="dialog-title")
            yield OptionList(
                *(Option(a.describe(self.now), id=str(a.row.id)) for a in self.attempts), id="unfinished"
            )
            yield Static(self.attempts[0].describe(self.now), classes="dialog-text")
            with Horizontal(classes="buttons"):
                yield Button(
                    with_key(self, _("Resume"), "resume.resume", "r"),
                    variant="primary",
                    id="resume",
                    compact=True,
                )
                yield Button(
                    with_key(self, _("Discard"), "resume.discard", "d"),
                    variant="error",
                    id="discard",
                    compact=True,
                )
                yield Button(with_key(self, _("Later"), "resume.later", "l"), id="later", compact=True)

    def on_mount(self) -> None:
        listed = self.query_one(OptionList)
        listed.display = len(self.attempts) > 1  # one attempt: its line below says it all
        listed.focus()

    @property
    def chosen(self) -> Unfinished:
        highlighted = self.query_one(OptionList).highlighted
        return self.attempts[highlighted or 0]

    def on_option_list_option_highlighted(self, _: OptionList.OptionHighlighted) -> None:
        self.query_one(".dialog-text", Static).update(self.chosen.describe(self.now))

    def on_option_list_option_selected(self, _: OptionList.OptionSelected) -> None:
        self.action_choose("resume")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "later":
            self.action_later()
        else:
            self.action_choose(event.button.id or "resume")

    def action_later(self) -> None:
        self.dismiss(None)

    def action_choose(self, choice: str) -> None:
        attempt = self.chosen
        if choice != "discard":
            self.dismiss((choice, attempt.row.id))
            return

        def decided(yes: bool | None) -> None:
            if yes:
                self.dismiss(("discard", attempt.row.id))

        text = Content.assemble(
            attempt.describe(self.now), "\n" + _("Its answers are deleted; this cannot be undone.")
        )
        self.app.push_screen(
            ConfirmDialog(_("Discard this attempt?"), text, yes=_("Discard"), no=_("Keep it")), decided
        )


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self, title: str, text: str | Content, yes: str | None = None, no: str | None = None
    ) -> None:
        super().__init__()
        self.title_text, self.text = title, text
        self.yes, self.no = yes or _("Yes"), no or _("No")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.title_text), classes="dialog-title")
            yield Static(
                Content(self.text) if isinstance(self.text, str) else self.text, classes="dialog-text"
            )
            with Horizontal(classes="buttons"):
                yield Button(with_key(self, self.yes, "confirm.yes", "y"), variant="primary", id="yes")
                yield Button(with_key(self, self.no, "confirm.no", "n"), id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def leave_dialog(node: DOMNode) -> ConfirmDialog:
    """ "Leave this attempt?", as a question and its feedback ask it before leaving."""
    return ConfirmDialog(
        _("Leave this attempt?"),
        _(LEAVE_TEXT).format(key=shown_key(node, "home.resume", "u")),
        yes=_("Leave"),
        no=_("Stay"),
    )


class NothingDueDialog(ConfirmDialog):
    def __init__(self, bank: Bank) -> None:
        super().__init__(
            _("Nothing is due for review"),
            _(
                "No question of “{title}” is due yet: questions come back for review "
                "a day or more after you answer them, sooner when you missed them. Practise anyway?"
            ).format(title=bank.info.title),
            yes=_("Practise anyway"),
            no=_("Back"),
        )


class HelpDialog(ModalScreen[None]):
    """The keys of the screen underneath, read from its live bindings so it never goes stale.

    Only the app's own keys are listed (those with an id, the ids ``[keymap]`` remaps), and
    only those that apply now; a screen adds what no single binding says (``help_rows``).
    """

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape,question_mark,f1,q", "close", "Close", id="help.close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label(_("Keys"), classes="dialog-title")
            with VerticalScroll(id="help-scroll"):
                yield DataTable(show_cursor=False, zebra_stripes=True)
                yield Static(
                    _(
                        "Tab moves between parts of the screen. Ctrl+P opens the command palette "
                        "(every action of this screen, themes including high contrast, quit). "
                        "The mouse works too: click an option to answer."
                    ),
                    classes="dialog-text",
                )
            with Horizontal(classes="buttons"):
                yield Button(with_key(self, _("Close"), "help.close", "esc"), id="close", compact=True)

    def rows(self) -> list[tuple[str, str]]:
        rows: list[tuple[str, str]] = []
        extra = getattr(self.under, "help_rows", None)
        if callable(extra):
            rows += extra()
        keys: dict[str, list[str]] = {}  # one row per action: "esc q  Leave"
        for active in self.under.active_bindings.values():
            binding = active.binding
            if not binding.id or not active.enabled or not isinstance(active.node, (Screen, App)):
                continue
            shown = keys.setdefault(binding.tooltip or binding.description, [])
            display = self.app.get_key_display(binding)
            if display not in shown:
                shown.append(display)
        return rows + [(" ".join(shown), what) for what, shown in keys.items()]

    def keys_text(self) -> str:
        return "\n".join(f"{key}  {what}" for key, what in self.rows())

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Key"), _("Action"))
        for key, what in self.rows():
            table.add_row(Text(key), Text(what))
        self.query_one("#help-scroll").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


CODE_PATTERN = r"[A-Za-z0-9]{4,12}"


def join_failure(exc: Exception) -> str:
    """Why joining failed, in the learner's words: no library's error text."""
    cause = exc.__cause__ or exc
    if isinstance(cause, OSError | TimeoutError) or getattr(exc, "unreachable", False):
        return _(
            "Nothing answers at that address. Check it against the instructor's screen "
            "(host:port), and that the session is still running."
        )
    from quiz.live.client import AddressError, JoinError

    if isinstance(exc, AddressError):
        if exc.part == "host":
            return _("“{address}” names no host: type host:port, as the instructor's screen shows.").format(
                address=exc.address
            )
        return _("The port in “{address}” is not a number from 1 to 65535.").format(address=exc.address)
    if isinstance(exc, JoinError) and exc.error is not None:
        from quiz.frontends.live_reasons import refusal

        return refusal(exc.error)
    return str(exc)


class JoinScreen(Screen[None]):
    """The join form: code, name and address. Joins straight away when all three are known."""

    BINDINGS = [Binding("escape", "back", "Back", id="join.back")]
    CSS_PATH = "dialogs.tcss"

    def __init__(self, request: JoinRequest) -> None:
        super().__init__()
        self.request = request

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog join"):
            yield Label(_("Join a live session"), classes="dialog-title")
            yield Label(_("Join code (six letters and digits, on the instructor's screen)"))
            yield Input(
                self.request.code,
                placeholder=_("for example {code}").format(code="K7QXPM"),
                id="code",
                max_length=64,
                validators=[Regex(CODE_PATTERN, failure_description=_("letters and digits only"))],
                compact=True,
            )
            yield Label(_("Your name, as others will see it"))
            yield Input(self.request.name, id="name", max_length=64, compact=True)
            if self.request.fixed_address:  # the browser page: the host's own address, not asked
                yield Label(
                    Content(_("Session at {address}").format(address=self.request.address)),
                    classes="dim-label",
                )
            else:
                yield Label(_("Address (host:port, as the instructor shows it)"))
            yield Input(self.request.address or "127.0.0.1:8765", id="address", compact=True)
            yield Label(_("Rejoin code (only to come back from another device)"))
            yield Input(self.request.rejoin, id="rejoin", max_length=16, compact=True)
            yield Static("", id="join-error")
            with Horizontal(classes="buttons"):
                yield Button(Content(_("Join") + " [Enter]"), variant="primary", id="join", compact=True)
                yield Button(with_key(self, _("Back"), "join.back", "esc"), id="back", compact=True)

    FIELDS = ("code", "name", "address")
    FIELD_MISSING = {
        "code": N_("Please fill in the join code."),
        "name": N_("Please fill in the name."),
        "address": N_("Please fill in the address."),
    }

    def on_mount(self) -> None:
        self.query_one("#address", Input).display = not self.request.fixed_address
        for field in self.FIELDS:
            widget = self.query_one(f"#{field}", Input)
            if not widget.value.strip():
                widget.focus()
                return
        self.action_join()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_join()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "join":
            self.action_join()
        else:
            self.action_back()

    def action_join(self) -> None:
        values = {f: self.query_one(f"#{f}", Input).value.strip() for f in self.FIELDS}
        missing = [f for f, v in values.items() if not v]
        if missing:
            self.query_one(f"#{missing[0]}", Input).focus()
            self.show_error(_(self.FIELD_MISSING[missing[0]]))
            return
        if not re.fullmatch(CODE_PATTERN, values["code"]):
            self.query_one("#code", Input).focus()
            if ":" in values["code"]:
                said = _(
                    "A join code is letters and digits, like {code} (that looks like an address: it goes "
                    "in the last field)."
                )
            else:
                said = _("A join code is letters and digits, like {code}.")
            self.show_error("✗ " + said.format(code="K7QXPM"))
            return
        self.show_error("")
        rejoin = self.query_one("#rejoin", Input).value.strip()
        request = JoinRequest(
            values["address"], values["code"].upper(), values["name"], rejoin, self.request.fixed_address
        )
        self.post_message(m.JoinSession(request))

    def show_error(self, text: str) -> None:
        self.query_one("#join-error", Static).update(Content(text))
        self.query_one("#join-error").scroll_visible(animate=False)

    def action_back(self) -> None:
        self.post_message(m.GoHome())
