"""Home: who is training, the banks with their progress, and the ways to train on them."""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from quiz.bank.summary import BankSummary
from quiz.engine.request import Mode
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.shown_keys import shown_key
from quiz.frontends.tui.styled import styled
from quiz.frontends.tui.widgets.footer import Footer
from quiz.frontends.tui.widgets.hanging import Hanging, Row
from quiz.i18n import N_, _, current_language, ngettext
from quiz.i18n.lists import together
from quiz.i18n.numbers import day, percent, percent_as_given

MODES = (
    ("practice", N_("Practice"), "p", N_("feedback and the why after each answer")),
    ("exam", N_("Exam"), "e", N_("scored at the end, optional time limit")),
    ("review", N_("Review"), "r", N_("the questions due for spaced review")),
    ("discernment", N_("Discernment check"), "d", N_("20 headlines: A before training, B after, C later")),
)
"""English msgids, translated when the list is drawn (the language can change while it is shown)."""


class BankRow(NamedTuple):
    # NamedTuples, not frozen dataclasses, whose methods are compiled when the module is
    # imported: about 2 M instructions more each at every start-up (these two and
    # quiz.i18n.numbers' _Written, 5.7 M; benchmarks/startup.py --instructions).
    summary: BankSummary
    best: float | None
    due: int


class HomeView(NamedTuple):
    """Everything the home screen shows, handed down by the app."""

    learner: str | None = None
    banks: tuple[BankRow, ...] = ()
    unfinished: int = 0


class HomeScreen(Screen[None]):
    CSS_PATH = "home.tcss"
    BINDINGS = [
        # The modes' keys are shown in the list of modes itself: the footer keeps room for the rest.
        Binding("p", "mode('practice')", "Practice", show=False, id="home.practice"),
        Binding("e", "mode('exam')", "Exam", show=False, id="home.exam"),
        Binding("r", "mode('review')", "Review", show=False, id="home.review"),
        Binding("d", "mode('discernment')", "Discernment", show=False, id="home.discernment"),
        Binding("h", "history", "History", id="home.history"),
        Binding(
            "j",
            "join",
            "Join live",
            tooltip="Join a live session an instructor is hosting",
            id="home.join",
        ),
        Binding("u", "resume", "Resume", id="home.resume"),
        Binding(
            "n",
            "rename",
            "Change name",
            tooltip="Change the learner's name or email",
            show=False,
            id="home.rename",
        ),
        Binding("q", "app.quit", "Quit", id="home.quit"),
    ]

    view: reactive[HomeView] = reactive(HomeView, init=False, always_update=True)
    _language = current_language()
    """The language the list of modes was drawn in."""

    def compose(self) -> ComposeResult:
        self._language = current_language()
        with Horizontal(id="home-top"):
            yield Label("resilience-quiz", id="app-title")
            yield Label("", id="learner")
        with Horizontal(id="home-body"):
            with Vertical(id="bank-pane"):
                yield Label(_("Banks"), classes="pane-title", id="banks-title")
                yield OptionList(id="banks")
            with VerticalScroll(id="detail-pane"):
                yield Static("", id="waiting")
                yield Label("", id="bank-title", classes="pane-title")
                yield Static("", id="bank-stats")
                # One list rather than four buttons: as clickable, and a third of the start-up cost.
                yield OptionList(*(self._mode_option(*mode) for mode in MODES), id="modes")
                yield Static("", id="bank-description")
                yield Static("", id="bank-topics")
        yield Footer()

    def on_mount(self) -> None:
        self.watch_view(self.view)
        self.query_one("#banks", OptionList).focus()
        self.call_after_refresh(self.post_message, m.HomeShown())

    def watch_view(self, view: HomeView) -> None:
        if not self.query("#banks"):
            return  # not composed yet: on_mount draws it
        # The view is handed down again when the language changes: every word is drawn here.
        if self._language != current_language():
            self._language = current_language()
            self.query_one("#banks-title", Label).update(_("Banks"))
            modes = self.query_one("#modes", OptionList)
            chosen = modes.highlighted
            modes.set_options(self._mode_option(*mode) for mode in MODES)
            modes.highlighted = chosen
        self.query_one("#learner", Label).update(
            Content.assemble(
                styled(_("Learner: {name}"), {"name": "bold"}, name=view.learner),
                "  ",
                (_("({key} to change)").format(key=shown_key(self, "home.rename", "n")), "dim"),
            )
            if view.learner
            else Content("")
        )
        waiting = self.query_one("#waiting", Static)
        waiting.display = view.unfinished > 0
        n = view.unfinished
        waiting.update(
            Content(
                "⏸ "
                + ngettext(
                    "{n} unfinished attempt waiting: {key}", "{n} unfinished attempts waiting: {key}", n
                ).format(n=n, key=shown_key(self, "home.resume", "u"))
            )
        )
        self.refresh_bindings()
        option_list = self.query_one("#banks", OptionList)
        keep = option_list.highlighted
        option_list.set_options(self._bank_option(row) for row in view.banks)
        if view.banks:
            option_list.highlighted = keep if keep is not None and keep < option_list.option_count else 0
            self._show_detail()
        else:
            self.query_one("#bank-title", Label).update(_("No banks found"))
            self.query_one("#bank-description", Static).update(
                Content(_("Add .toml banks to the banks folder; see `quiz banks --help`."))
            )

    def _mode_option(self, mode: str, title: str, key: str, what: str) -> Option:
        # What the mode does wraps beside its name, not back under it: Lithuanian's and
        # Ukrainian's run onto a second line at 80 columns, which began under the name.
        key = shown_key(self, f"home.{mode}", key)
        name = Content.assemble((f"{_(title)} [{key}]", "bold"), "  ")
        return Option(Hanging([Row(name, Content.styled(_(what), "dim"))]), id=mode)

    @staticmethod
    def _bank_option(row: BankRow) -> Option:
        bank = row.summary
        facts = [ngettext("{n} question", "{n} questions", bank.questions).format(n=bank.questions)]
        if row.best is not None:
            facts.append(_("best {percent}").format(percent=percent(row.best)))
        if row.due:
            facts.append(_("{n} due").format(n=row.due))
        return Option(
            Content.assemble((bank.title, "bold"), "\n", ("  " + " · ".join(facts), "dim")),
            id=bank.id,
        )

    @property
    def selected(self) -> BankRow | None:
        option_list = self.query_one("#banks", OptionList)
        if option_list.highlighted is None or option_list.highlighted >= len(self.view.banks):
            return None
        return self.view.banks[option_list.highlighted]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "banks":
            self._show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "modes":
            self.action_mode(event.option.id or "practice")
        else:
            self.action_mode("practice")

    def _show_detail(self) -> None:
        row = self.selected
        if row is None:
            return
        bank = row.summary
        self.query_one("#bank-title", Label).update(Content(bank.title))
        self.query_one("#bank-description", Static).update(Content(bank.description))
        questions = ngettext("{n} question", "{n} questions", bank.questions).format(n=bank.questions)
        lines = [
            questions + " · " + _("pass mark {percent}").format(percent=percent_as_given(bank.pass_mark)),
            # Only attempts that asked the whole bank set its best (quiz.engine.coverage).
            (
                _("Best score {percent} (all questions)").format(percent=percent(row.best))
                if row.best is not None
                else _("No whole-bank score yet")
            )
            + " · "
            + _("{n} due for review").format(n=row.due),
        ]
        if bank.facts_as_of:
            lines.append(_("Facts as of {day}").format(day=day(bank.facts_as_of)))
        self.query_one("#bank-stats", Static).update(Content("\n".join(lines)))
        self.query_one("#bank-topics", Static).update(
            Content(_("Topics: {topics}").format(topics=together(bank.topics) or _("(none)")))
        )

    def action_mode(self, mode: str) -> None:
        row = self.selected
        self.post_message(m.ChooseOptions(row.summary.id if row else None, Mode(mode)))

    def action_history(self) -> None:
        row = self.selected
        self.post_message(m.ShowHistory(row.summary.id if row else None))

    def action_join(self) -> None:
        self.post_message(m.JoinLive())

    def action_resume(self) -> None:
        self.post_message(m.ResumeWanted())

    def action_rename(self) -> None:
        self.post_message(m.RenameWanted())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.view.unfinished > 0
        return True
