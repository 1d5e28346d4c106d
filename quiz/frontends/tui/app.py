"""The quiz app: one factory (``make_app``) that the CLI and the tests both call.

The app owns the services every screen needs (the store, the banks, the learner) and the
flows between screens: start or resume an attempt, finish it, go home.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from quiz.bank.summary import BankSummary, summarise_banks
from quiz.engine.request import FEEDBACK_MODES, Mode, StartRequest
from quiz.errors import QuizError
from quiz.frontends.tui.themes import HIGH_CONTRAST
from quiz.store import Learner, Store

if TYPE_CHECKING:
    from quiz.bank import Bank, LoadResult
    from quiz.services.attempts import RecordedAttempt


__all__ = ["AppSettings", "HostRequest", "JoinRequest", "QuizApp", "StartRequest", "make_app"]


@dataclass(frozen=True)
class HostRequest:
    """`quiz host`'s options: the app opens on the host screen."""

    bank: str | None
    questions: int | None = None
    time_limit: float = 20.0
    speed: bool = True
    streak: bool = True
    bind: str = "127.0.0.1"
    port: int = 8765
    resume: str | None = None
    join_hint: tuple[str, ...] = ()
    """Addresses learners can use, when the server is bound beyond this machine."""
    web_url: str | None = None


@dataclass(frozen=True)
class JoinRequest:
    """`quiz join`'s arguments; whatever is missing is asked on the join form."""

    address: str = ""
    code: str = ""
    name: str = ""


@dataclass
class AppSettings:
    db_path: Path
    bank_dirs: list[Path] = field(default_factory=list)
    name: str | None = None
    email: str = ""
    username: str = ""
    start: StartRequest | None = None
    host: HostRequest | None = None
    join: JoinRequest | None = None
    summary_cache: Path | None = None
    """Where to remember bank summaries between starts; None reads every bank each time."""


class QuizApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "resilience-quiz"
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", key_display="?", id="help"),
    ]

    def __init__(self, settings: AppSettings) -> None:
        super().__init__()
        self.settings = settings
        self.store = Store(settings.db_path)
        # The home screen lists summaries; the banks themselves are validated in a worker
        # right after start-up (see _validate_banks), or on demand when a quiz starts first.
        summaries = summarise_banks(settings.bank_dirs, settings.summary_cache)
        self.catalog: dict[str, BankSummary] = {b.id: b for b in summaries}
        self.banks: dict[str, Bank] = {}
        self.banks_validating = False
        self.learner: Learner | None = None
        self.register_theme(HIGH_CONTRAST)

    # -- start-up -----------------------------------------------------------------------------

    def on_mount(self) -> None:
        saved_theme = self.store.get_pref("theme")
        if saved_theme and saved_theme in self.available_themes:
            self.theme = saved_theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        from quiz.frontends.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        self._identify_learner()

    def validate_banks_in_background(self) -> None:
        """Called once the home screen has been drawn, so that it never waits for validation."""
        if not self.banks_validating:
            self.banks_validating = True
            self.run_worker(self._validate_banks, thread=True, group="banks", exit_on_error=False)

    def _validate_banks(self) -> None:
        from quiz.bank import load_banks

        result = load_banks(self.settings.bank_dirs)
        self.call_from_thread(self._banks_validated, result)

    def _banks_validated(self, result: LoadResult) -> None:
        for bank in result.banks:
            self.banks.setdefault(bank.id, bank)
        valid = {b.id for b in result.banks} | set(self.banks)
        withdrawn = [bank_id for bank_id in self.catalog if bank_id not in valid]
        for bank_id in withdrawn:
            del self.catalog[bank_id]
        for problem in result.problems[:3]:
            self.notify(str(problem), title="A bank could not be loaded", severity="warning", timeout=10)
        if withdrawn or result.problems:
            self.refresh_home()

    def _identify_learner(self) -> None:
        s = self.settings
        if s.host is not None:
            # The instructor's screen needs no learner: the learners are on the other end.
            from quiz.frontends.tui.screens.live_host import HostScreen

            self.push_screen(HostScreen(s.host))
            return
        if s.join is not None:
            self.learner = self.store.remembered_learner()
            self.open_join(s.join)
            return
        if s.name:
            self.set_learner(s.name, s.email, s.username)
            self._after_learner()
            return
        if remembered := self.store.remembered_learner():
            self.learner = remembered  # already remembered: nothing to write
            self._after_learner()
            return
        from quiz.frontends.tui.screens.dialogs import NameDialog

        def chosen(identity: tuple[str, str] | None) -> None:
            if identity is None:
                self.exit()
                return
            self.set_learner(identity[0], identity[1], "")
            self._after_learner()

        self.push_screen(NameDialog(), chosen)

    def set_learner(self, name: str, email: str = "", username: str = "") -> None:
        self.learner = self.store.remember_learner(name, email, username)
        self.refresh_home()

    def _after_learner(self) -> None:
        if self.settings.start is not None:
            self.start(self.settings.start)
            return
        self.offer_resume()

    def offer_resume(self) -> None:
        """On start, an unfinished attempt is offered first: a crash should cost nothing."""
        assert self.learner is not None
        unfinished = [r for r in self.store.unfinished(self.learner.id) if r.bank_id in self.catalog]
        if not unfinished:
            return
        from quiz.frontends.tui.screens.dialogs import ResumeDialog

        row = unfinished[0]
        answered = len(self.store.answers(row.id))

        def decided(choice: str | None) -> None:
            if choice == "resume":
                self.resume(row.id)
            elif choice == "discard":
                self.store.discard_attempt(row.id)
                self.notify("Unfinished attempt discarded.")
                self.refresh_home()

        self.push_screen(ResumeDialog(row, self.catalog[row.bank_id].title, answered), decided)

    # -- flows ----------------------------------------------------------------------------------

    def bank(self, name: str) -> Bank:
        """A validated bank by id (or path): from the background load, or loaded now."""
        if name in self.banks:
            return self.banks[name]
        from quiz.bank.catalog import find_bank

        summary = self.catalog.get(name)
        bank = find_bank(str(summary.path) if summary else name, self.settings.bank_dirs)
        self.banks[bank.id] = bank
        return bank

    def start(self, request: StartRequest) -> None:
        """Plan and open a new attempt; a problem (no such bank, nothing due) is a notice."""
        try:
            self._start(request)
        except QuizError as exc:
            self.notify(str(exc), title="Cannot start", severity="error", timeout=8)

    def _start(self, request: StartRequest) -> None:
        from quiz.services.attempts import NothingDueError, start_attempt

        assert self.learner is not None
        bank = self.bank(request.bank)
        try:
            run = start_attempt(self.store, bank, self.learner, request)
        except NothingDueError:
            from quiz.frontends.tui.screens.dialogs import NothingDueDialog

            def practise(yes: bool | None) -> None:
                if yes:
                    self.start(replace(request, mode=Mode.practice))

            self.push_screen(NothingDueDialog(bank), practise)
            return
        self._open(run)

    def open_join(self, request: JoinRequest | None = None) -> None:
        from quiz.frontends.tui.screens.live_learner import JoinScreen

        self.push_screen(JoinScreen(request or JoinRequest()))

    def resume(self, attempt_id: int) -> None:
        from quiz.services.attempts import RecordedAttempt

        try:
            row = self.store.attempt(attempt_id)
            run = RecordedAttempt.resume(self.store, self.bank(row.bank_id), attempt_id)
        except QuizError as exc:
            self.notify(str(exc), title="Cannot resume", severity="error", timeout=8)
            return
        self._open(run)

    def _open(self, run: RecordedAttempt) -> None:
        from quiz.frontends.tui.screens.question import QuestionScreen

        self.go_home()
        if run.attempt.complete:
            self.show_results(run)
            return
        self.push_screen(QuestionScreen(run, feedback=Mode(run.mode) in FEEDBACK_MODES))

    def show_results(self, run: RecordedAttempt) -> None:
        from quiz.frontends.tui.screens.results import ResultsScreen

        score = run.finish()
        self.go_home()
        self.push_screen(ResultsScreen(run, score))

    def go_home(self) -> None:
        from quiz.frontends.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.refresh_home()

    def refresh_home(self) -> None:
        from quiz.frontends.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.refresh_banks()

    # -- app-wide actions -------------------------------------------------------------------

    def action_help(self) -> None:
        from quiz.frontends.tui.screens.dialogs import HelpDialog

        if not isinstance(self.screen, HelpDialog):
            self.push_screen(HelpDialog(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("High contrast", "Switch to the high-contrast theme", self._high_contrast)
        yield SystemCommand("Help", "Show the keys of this screen", self.action_help)

    def _high_contrast(self) -> None:
        self.theme = HIGH_CONTRAST.name

    def _remember_theme(self, theme: Theme) -> None:
        self.store.set_pref("theme", theme.name)

    def on_unmount(self) -> None:
        self.store.close()


def make_app(settings: AppSettings) -> QuizApp:
    return QuizApp(settings)
