"""The quiz app: one factory (``make_app``) that the CLI and the tests both call.

The app owns the services every screen needs (the store, the banks, the learner) and the
flows between screens: start or resume an attempt, finish it, go home. Screens never call
into it: they show what they are given and post messages (``messages.py``) that land in the
``on_...`` handlers below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from quiz.bank.summary import BankSummary, summarise_banks
from quiz.config.early import SettingsError
from quiz.engine.request import FEEDBACK_MODES, Mode, StartRequest
from quiz.engine.timing import Clock, clock_text, duration_text, utc_now
from quiz.errors import QuizError, StoreError
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.launch import AppSettings, HostRequest, JoinRequest
from quiz.frontends.tui.themes import HIGH_CONTRAST
from quiz.i18n import LANGUAGES, _, ngettext
from quiz.i18n.lists import alternatives, together
from quiz.i18n.numbers import day
from quiz.infra.gcpause import pause_until_first_frame, resume_after_first_frame
from quiz.store import AttemptInUseError, AttemptRow, Learner, Store

if TYPE_CHECKING:
    from quiz.bank import Bank, LoadResult
    from quiz.config.settings import UserSettings
    from quiz.frontends.tui.screens.home import HomeView
    from quiz.services.attempts import RecordedAttempt


__all__ = ["AppSettings", "HostRequest", "JoinRequest", "QuizApp", "StartRequest", "make_app"]


class QuizApp(App[None]):
    # The home screen's styles are read with the app's: read when it is first shown, they made
    # Textual parse all the CSS again from the start before the first frame (31 million of
    # 1,470 million instructions, benchmarks/startup.py). The screen still names its own file.
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    TITLE = "resilience-quiz"
    BINDINGS = [
        # No key_display: Textual gives it to each key of the binding, so F1 was shown as "?" too,
        # and the footer said "? Help" where a keymap had given ? to another action. Textual names
        # question_mark "?" by itself.
        Binding("question_mark,f1", "help", "Help", id="app.help"),
    ]

    store: Store
    """Opened on mount, closed on unmount: an app that never runs holds no database open."""

    def __init__(self, settings: AppSettings, clock: Clock = utc_now) -> None:
        super().__init__()
        from quiz.frontends.tui.language import translate_own_bindings

        translate_own_bindings(self)  # the palette's key, which Textual adds here
        self.settings = settings
        self.clock = clock
        """Where "now" comes from: exam deadlines, time per answer, what is due for review."""
        self.catalog: dict[str, BankSummary] = {}
        self.banks: dict[str, Bank] = {}
        self.banks_validating = False
        self.learner: Learner | None = None
        self.crashed_into: Path | None = None
        """The crash log written, once an unexpected error has stopped the app."""
        self.startup_error: QuizError | None = None
        """Why the database could not be opened or the settings file holds a wrong value; the CLI
        prints it once the screen is gone."""
        self.leave_ends_app = False
        """Started by ``quiz join``: leaving that session ends the program (until the learner
        goes to the home screen, from which a later session is joined)."""
        self.register_theme(HIGH_CONTRAST)
        user = settings.user or settings.early
        if user and user.theme in self.available_themes:
            # Here, before the stylesheet is first parsed: set on mount, the theme costs a second
            # parse of all the CSS and a restyle of every widget, some 30 ms of CPU before the
            # first frame (benchmarks/startup.py, with and without a theme in settings.toml).
            # Nor with ``self.theme =``, whose watcher queues that same second parse, which ran
            # before the first frame (29 M of 1,383 M instructions): what Textual's __init__
            # derives from the theme is derived again instead (pinned Textual; a test compares).
            self.set_reactive(App.theme, user.theme)
            dark = self.current_theme.dark
            self.stylesheet.set_variables(self.get_css_variables())
            self.set_class(dark, "-dark-mode", update=False)
            self.set_class(not dark, "-light-mode", update=False)
            self.set_class(True, f"-theme-{user.theme}", update=False)
            self._refresh_truecolor_filter(self.ansi_theme)

    # -- start-up -----------------------------------------------------------------------------

    def on_load(self) -> None:
        # Start-up makes some 50,000 objects that live as long as the app, none of them garbage:
        # the cyclic collector ran 40 times over them between here and the first frame (about
        # 35 ms of 600 on this machine, a gen-2 pass among them). The CLI pauses it before it
        # imports the app; it resumes once the first screen is drawn, or when the app stops
        # before that.
        pause_until_first_frame()

    def _resume_collector(self) -> None:
        resume_after_first_frame()

    def on_mount(self) -> None:
        self.call_after_refresh(self._resume_collector)  # after the first frame, whichever screen it is
        s = self.settings
        try:
            self.store = Store(s.db_path)
        except StoreError as exc:  # damaged, locked, in a folder that is a file...: said in one line
            self.startup_error = exc
            self.exit(return_code=1)
            return
        # The home screen lists summaries; the banks themselves are validated in a worker
        # right after start-up (see _validate_banks), or on demand when a quiz starts first.
        self.catalog = {b.id: b for b in summarise_banks(s.bank_dirs, s.summary_cache)}
        self._apply_user_settings()
        from quiz.frontends.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        self.refresh_home()
        self._identify_learner()

    def _apply_user_settings(self) -> None:
        user = self.settings.user or self.settings.early
        chosen = user.theme if user else None
        theme = chosen or self.store.get_pref("theme")  # the database kept it before settings.toml
        if theme and theme in self.available_themes:
            self.theme = theme
        elif chosen:
            self._settings_notice(
                _("settings.toml: theme “{theme}” is not one of {themes}").format(
                    theme=chosen, themes=alternatives(list(self.available_themes))
                )
            )
        self._saved_theme = self.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        from quiz.frontends.tui.language import translate_screen

        self.screen_change_signal.subscribe(self, translate_screen)
        if user and user.keymap:
            self.set_keymap(user.keymap)

    def on_home_shown(self, _: m.HomeShown) -> None:
        """Once the home screen is drawn, so that it never waits for validation."""
        if not self.banks_validating:
            self.banks_validating = True
            self.run_worker(self._validate_banks, thread=True, group="banks", exit_on_error=False)
            if self.settings.user is None and self.settings.early is not None:
                self.run_worker(self._check_settings, thread=True, group="settings", exit_on_error=False)
            self._check_keymap()

    def _check_settings(self) -> None:
        """The whole settings file against the model, after the first frame (see
        ``quiz.config.early``): a wrong value ends the app with the line that names it."""
        try:
            user = self.user_settings()
        except SettingsError as exc:
            self.call_from_thread(self._settings_refused, exc)
            return
        self.call_from_thread(setattr, self.settings, "user", user)

    def _settings_refused(self, exc: SettingsError) -> None:
        self.startup_error = exc
        self.exit(return_code=1)

    def user_settings(self) -> UserSettings:
        """The settings file, checked; the defaults when there is none."""
        from quiz.config.settings import UserSettings, load_settings

        if self.settings.user is not None:
            return self.settings.user
        path = self.settings.user_path
        return load_settings(path) if path is not None and self.settings.early is not None else UserSettings()

    def _check_keymap(self) -> None:
        from quiz.frontends.tui.keys import WHERE, binding_ids, clashes

        user = self.settings.user or self.settings.early
        keymap = user.keymap if user else {}
        unknown = sorted(set(keymap) - binding_ids(type(self)))
        if unknown:
            self._settings_notice(
                _("settings.toml: [keymap] names no action called {names}; the README lists the ids.").format(
                    names=together(unknown)
                )
            )
        shadowed: dict[tuple[str, str], list[str]] = {}
        for clash in clashes(type(self), self._keymap):
            key = self.get_key_display(Binding(clash.key, ""))
            places = [_(WHERE[screen]) for screen in clash.screens]
            if clash.taken:
                self._settings_notice(
                    _(
                        "settings.toml: [keymap] gives {key} to {taker}, so {where} “{action}” ({id}) no "
                        "longer has it: choose another key for one of them."
                    ).format(
                        key=key,
                        taker=clash.taker,
                        where=together(places),
                        action=_(clash.loser.description),
                        id=clash.loser.id or clash.loser.action,
                    )
                )
            else:
                shadowed.setdefault((key, clash.taker), []).append(
                    _("“{action}” ({id}) {where}").format(
                        action=_(clash.winner.description),
                        id=clash.winner.id or clash.winner.action,
                        where=together(places),
                    )
                )
        for (key, taker), actions in shadowed.items():
            self._settings_notice(
                _(
                    "settings.toml: [keymap] gives {key} to {taker}, but {key} goes first to {actions}: "
                    "there {taker} does not answer it. Choose another key for one of them."
                ).format(key=key, taker=taker, actions=together(actions))
            )

    def _settings_notice(self, message: str) -> None:
        """A warning about the user's settings.toml: shown as typed (it quotes the user's own
        text), long enough to read."""
        self.notify(message, title=_("Settings"), severity="warning", markup=False, timeout=10)

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
        broken = len({problem.file for problem in result.problems})
        if broken:
            self.notify(
                ngettext(
                    "{count} bank could not be loaded: run `quiz validate` to see why.",
                    "{count} banks could not be loaded: run `quiz validate` to see why.",
                    broken,
                ).format(count=broken),
                title=_("Banks left out"),
                severity="warning",
                timeout=10,
            )
        if withdrawn or result.problems or any(bank.translations for bank in result.banks):
            # Withdrawn banks leave the list; translated ones now show their title in the language.
            self.refresh_home()

    def _identify_learner(self) -> None:
        s = self.settings
        if s.host is not None:
            # The instructor's screen needs no learner: the learners are on the other end.
            from quiz.frontends.tui.screens.live_host import HostScreen

            self.push_screen(
                HostScreen(s.host, self.store, self.bank, bank_dirs=s.bank_dirs, clock=self.clock)
            )
            return
        if s.join is not None:
            self.learner = self.store.remembered_learner()
            self.leave_ends_app = True  # `quiz join` (or a browser's tab): the session is the program
            self.open_join(s.join)
            return
        if s.name:
            self.set_learner(s.name, s.email, s.username)
            self._after_learner()
            return
        if remembered := self.store.remembered_learner():
            self.learner = remembered  # already remembered: nothing to write
            self.refresh_home()
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
        try:
            self.learner = self.store.remember_learner(name, email, username)
        except StoreError as exc:
            if self.learner is None:  # nothing can be recorded for nobody: leave, saying why
                self.startup_error = exc
                self.exit(return_code=1)
                return
            self._not_saved(exc, _("Your name was not changed"))
            return
        self.refresh_home()

    def _not_saved(self, exc: StoreError, title: str) -> None:
        """A write the database refused: said on screen, and the app goes on where it can."""
        self.notify(str(exc), title=title, severity="error", timeout=15, markup=False)

    def _after_learner(self) -> None:
        if self.settings.start is not None:
            self.start(self.settings.start)
            return
        self.offer_resume()

    def offer_resume(self) -> None:
        """On start, unfinished attempts are offered first: a crash should cost nothing."""
        assert self.learner is not None
        rows = [r for r in self.store.unfinished(self.learner.id) if r.bank_id in self.catalog]
        if not rows:
            return
        from quiz.frontends.tui.screens.dialogs import ResumeDialog, Unfinished

        listed = [Unfinished(r, self.title_of(r.bank_id), len(self.store.answers(r.id))) for r in rows]

        def decided(choice: tuple[str, int] | None) -> None:
            if choice is None:
                return
            what, attempt_id = choice
            if what == "resume":
                self.resume(attempt_id)
                return
            try:
                self.store.discard_attempt(attempt_id)
            except StoreError as exc:
                self._not_saved(exc, _("The attempt was not discarded"))
                return
            self.notify(_("Unfinished attempt discarded."))
            self.refresh_home()
            self.offer_resume()  # the others are still waiting

        self.push_screen(ResumeDialog(listed, now=self.clock()), decided)

    # -- what screens ask for ---------------------------------------------------------------

    def on_start_quiz(self, message: m.StartQuiz) -> None:
        self.start(message.request)

    def on_choose_options(self, message: m.ChooseOptions) -> None:
        bank_id = message.bank_id
        if message.mode is Mode.discernment:
            bank_id = self._discernment_form()
            if bank_id is None:
                self.notify(_("No headline form (headlines_a, _b or _c) is installed."), severity="warning")
                return
            if (unfinished := self._unfinished_check(bank_id)) is not None:
                # Half a form already seen: finish it rather than start the same form afresh.
                title = self.title_of(bank_id)
                self.notify(_("Resuming your unfinished check on {title}.").format(title=title), markup=False)
                self.resume(unfinished)
                return
        if bank_id is None:
            self.notify(_("No bank is selected."), severity="warning")
            return
        try:
            bank = self.bank(bank_id)
        except QuizError as exc:
            self.notify(
                str(exc), title=_("This bank cannot be used"), severity="error", timeout=10, markup=False
            )
            return
        due = self._due_counts().get(bank.id, 0)
        if message.mode is Mode.review and not due:
            self._nothing_due(bank)  # one dialog, not an empty review's options and then this
            return
        self._ask_options(bank, message.mode, due)

    def _ask_options(self, bank: Bank, mode: Mode, due: int = 0) -> None:
        from quiz.frontends.tui.screens.options import OptionsDialog

        def chosen(request: StartRequest | None) -> None:
            if request is not None:
                self.start(request)

        shown = bank.in_language(self.settings.language)  # the same questions, the learner's words
        try:
            defaults = self.user_settings()
        except SettingsError as exc:  # asked for before the check after the first frame ended
            self._settings_refused(exc)
            return
        self.push_screen(OptionsDialog(shown, mode, due, defaults), chosen)

    def _nothing_due(self, bank: Bank) -> None:
        """Nothing to review: offer practice, with its usual options (how many, which topics)."""
        from quiz.frontends.tui.screens.dialogs import NothingDueDialog

        def practise(yes: bool | None) -> None:
            if yes:
                self._ask_options(bank, Mode.practice)

        self.push_screen(NothingDueDialog(bank.in_language(self.settings.language)), practise)

    def _discernment_form(self) -> str | None:
        """Forms A, B and C in turn, whichever bank is highlighted: before, after, and later."""
        from quiz.services.reporting import next_form_for

        return next_form_for(self.store, self.learner, self.catalog)

    def _unfinished_check(self, bank_id: str) -> int | None:
        if self.learner is None:
            return None
        rows = self.store.attempts(learner_id=self.learner.id, bank_id=bank_id, finished=False)
        return next((row.id for row in rows if row.mode == Mode.discernment.value), None)

    def on_attempt_over(self, message: m.AttemptOver) -> None:
        if message.timed_out:
            limit = clock_text(message.run.attempt.plan.time_limit_seconds or 0)
            late = message.late_by
            if late:
                said = _(
                    "Time is up (the limit was {limit}): this answer came {late} after it and was not "
                    "counted. Your answers so far are scored."
                ).format(limit=limit, late=duration_text(late))
            else:
                said = _("Time is up (the limit was {limit}). Your answers so far are scored.").format(
                    limit=limit
                )
            self.notify(
                said,
                severity="warning",
                timeout=8,
            )
        self.show_results(message.run)

    def on_go_home(self, _: m.GoHome) -> None:
        self.go_home()

    def on_show_history(self, message: m.ShowHistory) -> None:
        from quiz.frontends.tui.screens.history import HistoryScreen

        learner = self.learner
        rows = self.store.attempts(learner_id=learner.id) if learner else []
        titles = {bank_id: self.title_of(bank_id) for bank_id in self.catalog}
        sizes = {bank_id: summary.questions for bank_id, summary in self.catalog.items()}
        self.push_screen(
            HistoryScreen(learner.name if learner else "", rows, titles, message.bank_id, sizes=sizes)
        )

    def on_open_attempt(self, message: m.OpenAttempt) -> None:
        """A past attempt, read only: no claim, so it opens even while another quiz runs."""
        from quiz.engine import Attempt
        from quiz.frontends.tui.screens.attempt import AttemptScreen

        try:
            row = self.store.attempt(message.attempt_id)
            bank = self.bank(row.bank_id).in_language(row.language)  # as it was taken
            attempt = Attempt(bank, row.plan, self.store.answers(row.id), row.flagged)
        except QuizError as exc:
            self.notify(str(exc), title=_("Cannot open the attempt"), severity="error", markup=False)
            return
        self.push_screen(AttemptScreen(row, attempt, bank.info.title))

    def on_join_live(self, _: m.JoinLive) -> None:
        self.open_join()

    def on_resume_wanted(self, _: m.ResumeWanted) -> None:
        self.offer_resume()

    def on_rename_wanted(self, _: m.RenameWanted) -> None:
        from quiz.frontends.tui.screens.dialogs import NameDialog

        learner = self.learner

        def chosen(identity: tuple[str, str] | None) -> None:
            if identity:
                self.set_learner(identity[0], identity[1])

        self.push_screen(
            NameDialog(learner.name if learner else "", learner.email if learner else ""), chosen
        )

    def on_export_wanted(self, message: m.ExportWanted) -> None:
        from quiz.frontends.tui.screens.export import ExportDialog

        self.push_screen(ExportDialog(message.attempt_ids, message.stem))

    def on_export_requested(self, message: m.ExportRequested) -> None:
        from quiz.export import ExportOptions, export_attempts, registry

        try:
            export_attempts(
                self.store,
                message.attempt_ids,
                message.fmt,
                message.path,
                banks=self.banks,
                options=ExportOptions(**registry.FORMATS[message.fmt].app_options),
            )
        except QuizError as exc:
            message.reply.failed(str(exc))
            return
        self.notify(_("Saved {path}").format(path=message.path), title=_("Exported"), markup=False)
        message.reply.exported(message.path)

    def on_session_results_wanted(self, message: m.SessionResultsWanted) -> None:
        from quiz.export import export_attempts, registry

        code = message.code
        written = []
        try:
            ids = [row.id for row in self.store.attempts(session_code=code, finished=None)]
            for name in ("results", "results-json"):
                path = Path(f"session-{code}-results.{registry.FORMATS[name].extension}")
                export_attempts(self.store, ids, name, path, banks=self.banks)
                written.append(str(path.resolve()))
        except QuizError as exc:
            self.notify(
                str(exc), title=_("Cannot export the results"), severity="error", timeout=10, markup=False
            )
            return
        self.notify(
            _("Saved {files}. The attempts: quiz export --session {code}.").format(
                files=_(" and ").join(written), code=code
            ),
            title=_("Session results"),
            timeout=10,
            markup=False,
        )

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
            self.notify(str(exc), title=_("Cannot start"), severity="error", timeout=8, markup=False)

    def _start(self, request: StartRequest) -> None:
        from quiz.services.attempts import NothingDueError, start_attempt

        assert self.learner is not None
        bank = self.bank(request.bank)
        if request.language is None:
            request = replace(request, language=self.settings.language)
        try:
            run = start_attempt(self.store, bank, self.learner, request, clock=self.clock)
        except NothingDueError:
            self._nothing_due(bank)
            return
        self._open(run)
        from quiz.bank.translations import language_note

        note = language_note(run.bank, request.language)
        if note:
            self.notify(note, title=_("Language"), timeout=8, markup=False)

    def open_join(self, request: JoinRequest | None = None) -> None:
        from quiz.frontends.tui.screens.dialogs import JoinScreen

        request = request or JoinRequest()
        if not request.name and self.learner is not None:
            request = replace(request, name=self.learner.name)
        self.push_screen(JoinScreen(request))

    def on_join_session(self, message: m.JoinSession) -> None:
        from quiz.frontends.tui.screens.live_learner import LearnerScreen

        email = self.learner.email if self.learner else ""
        self.push_screen(
            LearnerScreen(message.request, email=email, language=self.settings.language, clock=self.clock)
        )

    def on_join_failed(self, message: m.JoinFailed) -> None:
        """Back to the join form (under the learner screen) with the reason, to fix the code or name."""
        from quiz.frontends.tui.screens.dialogs import JoinScreen
        from quiz.frontends.tui.screens.live_learner import LearnerScreen

        if isinstance(self.screen, LearnerScreen):
            self.pop_screen()
        if isinstance(self.screen, JoinScreen):
            self.screen.show_error(f"✗ {message.reason}")
        else:
            self.notify(message.reason, title=_("Cannot join"), severity="error", timeout=10)

    def on_session_left(self, _: m.SessionLeft) -> None:
        if self.leave_ends_app:
            self.exit()
        else:
            self.go_home()

    def on_host_closed(self, _: m.HostClosed) -> None:
        self.exit()

    def resume(self, attempt_id: int) -> None:
        from quiz.services.attempts import RecordedAttempt

        try:
            row = self.store.attempt(attempt_id)
            run = RecordedAttempt.resume(self.store, self.bank(row.bank_id), attempt_id, clock=self.clock)
        except AttemptInUseError:
            self._offer_new_attempt(row)
            return
        except QuizError as exc:
            self.notify(str(exc), title=_("Cannot resume"), severity="error", timeout=8, markup=False)
            return
        self._open(run)

    def _offer_new_attempt(self, row: AttemptRow) -> None:
        """The attempt is answered in another window: one writer, so a new attempt instead."""
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        def decided(yes: bool | None) -> None:
            if yes:
                self.start(StartRequest(bank=row.bank_id, mode=Mode(row.mode)))

        self.push_screen(
            ConfirmDialog(
                _("This attempt is open in another quiz"),
                _(
                    "Another window or process is answering in it, and only one may. Start a new "
                    "attempt on the same bank? The open one stays as it is."
                ),
                yes=_("New attempt"),
                no=_("Not now"),
            ),
            decided,
        )

    def _open(self, run: RecordedAttempt) -> None:
        from quiz.frontends.tui.screens.question import QuestionScreen

        self.go_home()
        if run.attempt.complete:
            self.show_results(run)
            return
        self.push_screen(QuestionScreen(run, feedback=Mode(run.mode) in FEEDBACK_MODES, clock=self.clock))

    def show_results(self, run: RecordedAttempt) -> None:
        from quiz.frontends.tui.screens.results import ResultsScreen

        try:
            score = run.finish()
        except StoreError as exc:  # the answers are stored; only the result is not yet
            self._not_saved(exc, _("Your answers are saved; the result is not"))
            return
        self.go_home()
        self.push_screen(ResultsScreen(run, score, self._before_after(run)))

    def _before_after(self, run: RecordedAttempt) -> str | None:
        """First discernment check against this one: form A before training, then B, then C."""
        if run.mode != Mode.discernment.value:
            return None
        from quiz.engine.discernment import FORMS
        from quiz.explain.discernment import change_text
        from quiz.services.reporting import before_after, discernment_history

        forms = {*FORMS, run.bank.id}
        history = discernment_history(self.store, run.row.learner, self.banks.get, tuple(forms))
        change = before_after(history)
        if change is None:
            return _("This is your first discernment check: take the next form after training to compare.")
        first = day(date.fromisoformat(history[0].attempt.started_at[:10]))
        return _("Before → after (your first check, {first}, against this one): {change}").format(
            first=first, change=change_text(change)
        )

    def go_home(self) -> None:
        from quiz.frontends.tui.screens.home import HomeScreen

        self.leave_ends_app = False
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        self.refresh_home()

    def refresh_home(self) -> None:
        """Hand the home screen what it shows: called whenever an attempt ends or the learner changes."""
        from quiz.frontends.tui.screens.home import HomeScreen

        homes = [screen for screen in self.screen_stack if isinstance(screen, HomeScreen)]
        if homes:
            view = self._home_view()
            for home in homes:
                home.view = view

    def _due_counts(self) -> dict[str, int]:
        return self.store.due_counts(self.learner.id, self.clock()) if self.learner else {}

    def _home_view(self) -> HomeView:
        from quiz.frontends.tui.screens.home import BankRow, HomeView

        learner = self.learner
        sizes = {summary.id: summary.questions for summary in self.catalog.values()}
        best = self.store.best_percents(learner.id, sizes) if learner else {}  # whole-bank attempts only
        due = self._due_counts()
        unfinished = len(self.store.unfinished(learner.id)) if learner else 0
        return HomeView(
            learner=learner.name if learner else None,
            banks=tuple(
                BankRow(self._in_language(s), best.get(s.id), due.get(s.id, 0)) for s in self.catalog.values()
            ),
            unfinished=unfinished,
        )

    def title_of(self, bank_id: str) -> str:
        """The bank's title in the app's language: its translation's where it has one (the
        resume dialog and History can open before the banks are validated)."""
        summary = self.catalog.get(bank_id)
        if summary is not None:
            return self._in_language(summary).title
        bank = self.banks.get(bank_id)
        return bank.in_language(self.settings.language).info.title if bank else bank_id

    def _in_language(self, summary: BankSummary) -> BankSummary:
        """The summary with the title and description of the bank's translation into the app's
        language: as the translation file says until the bank is validated, then as validated."""
        bank = self.banks.get(summary.id)
        if bank is None:
            return summary.in_language(self.settings.language)
        if not bank.translations:
            return summary
        shown = bank.in_language(self.settings.language)
        return replace(
            summary,
            title=shown.info.title,
            description=shown.info.description or summary.description,
            topics=tuple(map(shown.topic_label, bank.topics)),
        )

    # -- app-wide actions -------------------------------------------------------------------

    def action_help(self) -> None:
        from quiz.frontends.tui.screens.dialogs import HelpDialog

        if not isinstance(self.screen, HelpDialog):
            self.push_screen(HelpDialog(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # The screen's own actions first, those that apply now (Practice, Exam, History, Export...).
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if active.node is not screen or not binding.id or not active.enabled or binding.id in seen:
                continue
            seen.add(binding.id)
            run = partial(screen.run_action, binding.action)
            yield SystemCommand(binding.description, binding.tooltip or binding.description, run)
        for command in super().get_system_commands(screen):  # Textual's own, in the language
            yield command._replace(title=_(command.title), help=_(command.help))
        yield SystemCommand(_("High contrast"), _("Switch to the high-contrast theme"), self._high_contrast)
        yield SystemCommand(_("Help"), _("Show the keys of this screen"), self.action_help)
        for tag, name in LANGUAGES.items():
            if tag != self.settings.language:
                yield SystemCommand(
                    _("Language: {name}").format(name=name),
                    _("Show the app, and banks that have a translation, in {name}").format(name=name),
                    partial(self.change_language, tag),
                )

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from quiz.frontends.tui.palette import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(Palette(placeholder=_("Search for commands…"), id="--command-palette"))

    def search_themes(self) -> None:
        """Textual's theme search (the palette's Theme command), in the language."""
        from quiz.frontends.tui.palette import theme_palette

        self.push_screen(theme_palette())

    def change_language(self, language: str) -> None:
        """Speak ``language`` from now on, and remember it in the settings file.

        Screens show it at once; an open quiz keeps its answers and goes on in the language it
        was started in (its bank was planned and stored in it).
        """
        from quiz.config.settings import save_setting
        from quiz.i18n import set_language

        set_language(language)
        self.settings.language = language
        path = self.settings.user_path
        if path is not None:
            try:
                save_setting(path, "language", language)
            except OSError as exc:
                self.notify(_("The language is not remembered: {why}").format(why=exc), severity="warning")
        from quiz.frontends.tui.language import translate_bindings

        translate_bindings(self)
        self.refresh_home()

    def _high_contrast(self) -> None:
        self.theme = HIGH_CONTRAST.name

    def _remember_theme(self, theme: Theme) -> None:
        path = self.settings.user_path
        if path is None or theme.name == self._saved_theme:
            return
        from quiz.config.settings import save_theme

        try:
            save_theme(path, theme.name)
        except OSError as exc:
            self.notify(
                _("The theme is not remembered: {why}").format(why=exc), severity="warning", markup=False
            )
            return
        self._saved_theme = theme.name

    def action_help_quit(self) -> None:
        """Ctrl+C: Textual's notice that it does not quit, in the language and with the key as
        the footer shows it (Textual's own is English, and its ``[b]`` markup showed as typed
        since notices here are plain text)."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                key = self.get_key_display(active.binding)
                self.notify(
                    _("Press {key} to quit the app.").format(key=key), title=_("Do you want to quit?")
                )
                return

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice is plain text, whatever the caller asks: notices quote file names,
        bank values and errors, and ``[/]`` in any of them once crashed the app."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: keep its traceback in the crash log before Textual stops the app.

        Textual (pinned) then sets the return code to 1, which the CLI passes on.
        """
        log = self.settings.crash_log
        if log is not None and self.crashed_into is None:
            try:
                write_crash_log(log, error)
                self.crashed_into = log
            except OSError:
                pass  # no log to point at: Textual prints the traceback instead
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        """With the traceback in the crash log, the terminal gets one line (from the CLI), not a page."""
        if self.crashed_into is None:
            super()._print_error_renderables()
        else:
            self._exit_renderables.clear()

    def on_unmount(self) -> None:
        self._resume_collector()
        if hasattr(self, "store"):
            self.store.close()


def write_crash_log(path: Path, error: BaseException) -> None:
    import traceback

    from quiz import __version__
    from quiz.infra.files import write_text

    path.parent.mkdir(parents=True, exist_ok=True)
    when = datetime.now(UTC).isoformat(timespec="seconds")
    head = f"resilience-quiz {__version__} stopped on an unexpected error at {when}\n\n"
    write_text(path, head + "".join(traceback.format_exception(error)))


def make_app(settings: AppSettings, clock: Clock = utc_now) -> QuizApp:
    """The one way to build the app: the CLI and the tests both come through here."""
    from quiz.frontends.tui import linebreak, overlap
    from quiz.frontends.tui.language import translate_bindings
    from quiz.i18n import set_language

    linebreak.install()  # Japanese breaks between phrases (BudouX is loaded only when a line needs it)
    overlap.install()  # a notice over a line keeps its full-width characters whole
    set_language(settings.language)
    translate_bindings()  # before the app copies its classes' bindings
    return QuizApp(settings, clock)
