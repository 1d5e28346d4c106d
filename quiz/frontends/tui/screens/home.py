"""Home: who is training, the banks with their progress, and the ways to train on them."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from quiz.bank.models import as_of_text
from quiz.bank.summary import BankSummary
from quiz.engine.request import Mode, StartRequest
from quiz.errors import QuizError
from quiz.frontends.tui.screens.base import QuizScreen

DISCERNMENT_FORMS = ("headlines_a", "headlines_b")

MODES = (
    ("practice", "Practice", "p", "feedback and the why after each answer"),
    ("exam", "Exam", "e", "scored at the end, optional time limit"),
    ("review", "Review", "r", "the questions due for spaced review"),
    ("discernment", "Discernment check", "d", "20 headlines: A before training, B after"),
)


class HomeScreen(QuizScreen):
    BINDINGS = [
        Binding("p", "mode('practice')", "Practice", id="practice"),
        Binding("e", "mode('exam')", "Exam", id="exam"),
        Binding("r", "mode('review')", "Review", id="review"),
        Binding("d", "mode('discernment')", "Discernment", id="discernment"),
        Binding("h", "history", "History", id="history"),
        Binding("j", "join", "Join live", tooltip="Join a live session an instructor is hosting", id="join"),
        Binding("u", "resume", "Resume", id="resume"),
        Binding("n", "rename", "Name", tooltip="Change the learner's name or email", show=False, id="rename"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-top"):
            yield Label("resilience-quiz", id="app-title")
            yield Label("", id="learner")
        with Horizontal(id="home-body"):
            with Vertical(id="bank-pane"):
                yield Label("Banks", classes="pane-title")
                yield OptionList(id="banks")
            with VerticalScroll(id="detail-pane"):
                yield Label("", id="bank-title", classes="pane-title")
                yield Static("", id="bank-stats")
                # One list rather than four buttons: as clickable, and a third of the start-up cost.
                yield OptionList(*(self._mode_option(*mode) for mode in MODES), id="modes")
                yield Static("", id="bank-description")
                yield Static("", id="bank-topics")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_banks()
        self.query_one("#banks", OptionList).focus()
        self.call_after_refresh(self.quiz.validate_banks_in_background)

    def refresh_banks(self) -> None:
        """Reload per-bank progress; called whenever an attempt ends or the learner changes."""
        if not self.query("#banks"):
            return  # not composed yet: on_mount will call again
        learner = self.quiz.learner
        self.query_one("#learner", Label).update(
            Content.from_markup("Learner: [b]$name[/b]  [dim](n to change)[/dim]", name=learner.name)
            if learner
            else Content("")
        )
        self._best = self.quiz.store.best_percents(learner.id) if learner else {}
        self._due = self.quiz.store.due_counts(learner.id, datetime.now(UTC)) if learner else {}
        can_resume = bool(learner and self.quiz.store.unfinished(learner.id))
        if can_resume != getattr(self, "_can_resume", False):
            self._can_resume = can_resume
            self.refresh_bindings()  # only then: every refresh rebuilds the footer
        option_list = self.query_one("#banks", OptionList)
        keep = option_list.highlighted
        option_list.set_options(self._bank_option(bank) for bank in self.quiz.catalog.values())
        if self.quiz.catalog:
            option_list.highlighted = keep if keep is not None and keep < option_list.option_count else 0
            self._show_detail()
        else:
            self.query_one("#bank-title", Label).update("No banks found")
            self.query_one("#bank-description", Static).update(
                Content("Add .toml banks to the banks folder; see `quiz banks --help`.")
            )

    @staticmethod
    def _mode_option(mode: str, title: str, key: str, what: str) -> Option:
        return Option(Content.assemble((f"{title} [{key}]", "bold"), "  ", (what, "dim")), id=mode)

    def _bank_option(self, bank: BankSummary) -> Option:
        facts = [f"{bank.questions} questions"]
        if bank.id in self._best:
            facts.append(f"best {self._best[bank.id]:.0f}%")
        if self._due.get(bank.id):
            facts.append(f"{self._due[bank.id]} due")
        return Option(
            Content.assemble((bank.title, "bold"), "\n", ("  " + " · ".join(facts), "dim")),
            id=bank.id,
        )

    @property
    def selected(self) -> BankSummary | None:
        option_list = self.query_one("#banks", OptionList)
        if option_list.highlighted is None:
            return None
        option_id = option_list.get_option_at_index(option_list.highlighted).id
        return self.quiz.catalog.get(option_id or "")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "banks":
            self._show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "modes":
            self.action_mode(event.option.id or "practice")
        else:
            self.action_mode("practice")

    def _show_detail(self) -> None:
        bank = self.selected
        if bank is None:
            return
        self.query_one("#bank-title", Label).update(Content(bank.title))
        self.query_one("#bank-description", Static).update(Content(bank.description))
        best = self._best.get(bank.id)
        lines = [
            f"{bank.questions} questions · pass mark {bank.pass_mark:g}%",
            (f"Best score {best:.0f}%" if best is not None else "Not taken yet")
            + f" · {self._due.get(bank.id, 0)} due for review",
        ]
        if bank.facts_as_of:
            lines.append(as_of_text(bank.facts_as_of))
        self.query_one("#bank-stats", Static).update(Content("\n".join(lines)))
        self.query_one("#bank-topics", Static).update(
            Content(f"Topics: {', '.join(bank.topics) or '(none)'}")
        )

    def action_mode(self, mode: str) -> None:
        summary = self.selected
        if mode == Mode.discernment.value:
            summary = self._discernment_form()
        if summary is None:
            self.notify("No bank is selected.", severity="warning")
            return
        try:
            bank = self.quiz.bank(summary.id)
        except QuizError as exc:
            self.notify(str(exc), title="This bank cannot be used", severity="error", timeout=10)
            return
        from quiz.frontends.tui.screens.options import OptionsDialog

        def chosen(request: StartRequest | None) -> None:
            if request is not None:
                self.quiz.start(request)

        self.app.push_screen(OptionsDialog(bank, Mode(mode), self._due.get(bank.id, 0)), chosen)

    def _discernment_form(self) -> BankSummary | None:
        """Form A until the learner has taken it, then form B: before and after training."""
        forms = [self.quiz.catalog[f] for f in DISCERNMENT_FORMS if f in self.quiz.catalog]
        if not forms:
            return None
        learner = self.quiz.learner
        taken = {
            row.bank_id
            for row in self.quiz.store.attempts(learner_id=learner.id if learner else -1)
            if row.mode == Mode.discernment.value
        }
        return next((f for f in forms if f.id not in taken), forms[-1])

    def action_history(self) -> None:
        from quiz.frontends.tui.screens.history import HistoryScreen

        bank = self.selected
        self.app.push_screen(HistoryScreen(bank.id if bank else None))

    def action_join(self) -> None:
        self.quiz.open_join()

    def action_resume(self) -> None:
        self.quiz.offer_resume()

    def action_rename(self) -> None:
        from quiz.frontends.tui.screens.dialogs import NameDialog

        learner = self.quiz.learner

        def chosen(identity: tuple[str, str] | None) -> None:
            if identity:
                self.quiz.set_learner(identity[0], identity[1])

        self.app.push_screen(
            NameDialog(learner.name if learner else "", learner.email if learner else ""), chosen
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return getattr(self, "_can_resume", False)
        return True
