"""One question at a time: prompt, options, progress, time left, skip, flag, confidence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Label, ProgressBar, Static

from quiz.engine import Confidence, InvalidResponseError
from quiz.engine.request import MODE_NAMES
from quiz.engine.scoring import CONFIDENCE_WORDS
from quiz.engine.timing import clock_text
from quiz.errors import StoreError
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.language import number_keys
from quiz.frontends.tui.shown_keys import shown_key
from quiz.frontends.tui.widgets.answers import AnswerBox, AnswerNote, AnswerSubmitted, instruction
from quiz.frontends.tui.widgets.footer import Footer
from quiz.frontends.tui.widgets.markdown import Markdown
from quiz.i18n import _, ngettext
from quiz.kinds.kind import Look
from quiz.kinds.registry import kind_of
from quiz.services.attempts import RecordedAttempt, TimeUpError


class QuestionBody(VerticalScroll, can_focus=False, inherit_bindings=False):
    """The prompt and the answer, scrolled together when they are taller than the screen, so
    the confidence line, the key hint and the footer below them stay in view. It takes no keys:
    the arrows stay the answer's and the screen's (→ is the next question).

    It is as tall as what it holds, so the hint follows a short question (at 120x40 a hint
    pinned above the footer stood 20 rows below a two-line question), and no taller than the
    rows the lines below it leave: CSS has no "the rest, at most", so ``fit`` sets it."""

    def fit(self) -> None:
        screen = self.screen
        below = [widget for widget in screen.query("#confidence, #hint, Footer") if widget.display]
        taken = sum(widget.outer_size.height + widget.styles.margin.height for widget in below)
        room = screen.size.height - self.region.y - self.styles.margin.height - taken
        self.styles.max_height = max(3, room)


class QuestionScreen(Screen[None]):
    CSS_PATH = "question.tcss"
    # Most important first: the footer shows what fits at 80 columns, the help (?) shows all.
    # The confidence keys are on the confidence line, the number keys on the options.
    BINDINGS = [
        *number_keys(),
        Binding(
            "escape,q", "leave", "Leave", tooltip="Leave (the attempt stays resumable)", id="question.leave"
        ),
        Binding("ctrl+e", "end", "End", tooltip="End the attempt and see the results", id="question.end"),
        Binding("s", "skip", "Skip", id="question.skip"),
        Binding("f", "flag", "Flag", id="question.flag"),
        Binding(
            "o",
            "overview",
            "Overview",
            tooltip="Overview: every question, to jump to one",
            id="question.overview",
        ),
        Binding(
            "left", "move(-1)", "Prev", tooltip="Previous question", key_display="←", id="question.previous"
        ),
        Binding("right", "move(1)", "Next", tooltip="Next question", key_display="→", id="question.next"),
        Binding("l", "confidence(1)", "Low", tooltip="Confidence: low", show=False, id="question.low"),
        Binding("m", "confidence(2)", "Mid", tooltip="Confidence: mid", show=False, id="question.mid"),
        Binding("h", "confidence(3)", "High", tooltip="Confidence: high", show=False, id="question.high"),
    ]

    confidence: reactive[Confidence | None] = reactive(None, init=False)
    """How sure the learner said they are about this question (confidence mode only)."""
    left: reactive[float | None] = reactive(None, init=False)
    """Seconds until the exam's time limit; None when untimed."""

    def __init__(self, run: RecordedAttempt, feedback: bool, clock: Callable[[], datetime]) -> None:
        super().__init__()
        self.run = run
        self.feedback = feedback
        self.clock = clock
        """The app's clock: times each answer and tells when the time limit is reached."""
        self.confidence_mode = run.attempt.plan.marking.certainty
        self.shown_at = clock()
        self.timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="question-top"):
            yield Label("", id="where")
            yield Label("", id="counter")
            yield Label("", id="time-left")
        yield ProgressBar(total=len(self.run.attempt), show_eta=False, id="progress")
        with QuestionBody(id="question-body"):
            with VerticalScroll(id="prompt-box"):
                yield Label("", id="kind")
                yield Markdown("", id="prompt")
            yield AnswerBox(id="answer")
        yield Static("", id="confidence")
        yield Static("", id="hint")
        yield Footer()

    async def on_mount(self) -> None:
        if self.run.deadline is not None:
            self.timer = self.set_interval(1, self.tick)
            self.tick()
        await self.show_question()

    async def show_question(self) -> None:
        attempt = self.run.attempt
        question = attempt.question
        item = attempt.item
        position = attempt.position
        title = self.run.bank.info.title
        self.query_one("#where", Label).update(
            Content.from_markup(
                "[b]$title[/b] · $mode", title=title, mode=_(MODE_NAMES.get(self.run.mode, ""))
            )
        )
        marks = []
        if attempt.is_answered(position):
            marks.append("✓ " + _("answered"))
        if item.question_id in attempt.flagged:
            marks.append("⚑ " + _("flagged"))
        counter = _("Question {n} of {total}").format(n=position + 1, total=len(attempt))
        self.query_one("#counter", Label).update(" · ".join([counter, *marks]))
        self.query_one("#progress", ProgressBar).update(progress=len(attempt.answers))
        kind = kind_of(question)
        self.query_one("#kind", Label).update(instruction(kind.instruction, kind.form))
        self.query_one("#prompt-box").set_class(kind.look is Look.post, "post")
        await self.query_one("#prompt", Markdown).update(question.prompt)
        self.query_one("#prompt-box", VerticalScroll).scroll_home(animate=False)
        given = attempt.answers.get(question.id)
        answer = self.query_one(AnswerBox)
        shown = kind.to_shown(question, item.order, given.response) if given else None
        answer.show(kind.shown(question, item.order), shown)
        # After feedback the answer is known, so it is final; in an exam it can change until the end.
        answer.locked = self.feedback and given is not None
        answer.focus_answer()
        self.confidence = given.confidence if given else None
        self.watch_confidence()
        self.shown_at = self.clock()
        self.refresh_bindings()

    def watch_confidence(self) -> None:
        self._show_confidence()
        self._hint()

    def _show_confidence(self) -> None:
        widget = self.query_one("#confidence", Static)
        widget.display = self.confidence_mode
        if not self.confidence_mode:
            return
        parts: list[Content | str] = [Content(_("How sure are you?") + "  ")]
        for level, key in self._confidence_keys().items():
            mark = "●" if self.confidence is level else "○"
            style = "bold reverse" if self.confidence is level else ""
            parts += [Content.styled(f"{mark} {_(CONFIDENCE_WORDS[level])} [{key}]", style), "   "]
        parts.append(Content.styled(_("right: +1/+2/+3 · wrong: 0/-2/-6"), "dim"))
        widget.update(Content.assemble(*parts))

    def _confidence_keys(self) -> dict[Confidence, str]:
        """Each confidence's key as the hints name it (settings.toml may move them)."""
        return {
            Confidence.low: shown_key(self, "question.low", "l"),
            Confidence.mid: shown_key(self, "question.mid", "m"),
            Confidence.high: shown_key(self, "question.high", "h"),
        }

    def _confidence_names(self) -> dict[str, str]:
        return {level.name: key for level, key in self._confidence_keys().items()}

    def _hint(self, text: str = "") -> None:
        answer = self.query_one(AnswerBox)
        if not text and answer.locked:
            text = _("Answered already · {next} next · {skip} next unanswered · {overview} overview").format(
                next=shown_key(self, "question.next", "→"),
                skip=shown_key(self, "question.skip", "s"),
                overview=shown_key(self, "question.overview", "o"),
            )
        if not text:
            text = _("{keys} · {skip} skip · {flag} flag").format(
                keys=answer.hint(),
                skip=shown_key(self, "question.skip", "s"),
                flag=shown_key(self, "question.flag", "f"),
            )
            if self.confidence_mode and self.confidence is None:
                text = (
                    _("First say how sure you are ({low}, {mid}, {high}), then answer").format(
                        **self._confidence_names()
                    )
                    + " · "
                    + text
                )
        self.query_one("#hint", Static).update(Content(text))
        self.call_after_refresh(self.query_one(QuestionBody).fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self.query_one(QuestionBody).fit)

    # -- answering ---------------------------------------------------------------------------

    def action_press(self, index: int) -> None:
        self.query_one(AnswerBox).press(index)

    def on_answer_note(self, event: AnswerNote) -> None:
        self._hint(event.text)

    async def on_answer_submitted(self, event: AnswerSubmitted) -> None:
        if self.confidence_mode and self.confidence is None:
            keys = self._confidence_names()
            self.notify(
                _("How sure are you? Press {low} (low), {mid} (mid) or {high} (high) first.").format(**keys),
                severity="warning",
            )
            self._hint(_("Say how sure you are first: {low}, {mid} or {high}.").format(**keys))
            return
        seconds = (self.clock() - self.shown_at).total_seconds()
        try:
            self.run.answer(event.displayed, seconds, self.confidence)
        except TimeUpError as late:
            self.time_up(late.late_by)  # the service kept it out: the results say so
            return
        except InvalidResponseError as exc:
            self.notify(str(exc), severity="error")
            return
        except StoreError as exc:  # not stored, so not given: the learner can answer again
            self.notify(
                str(exc), title=_("Your answer was not saved"), severity="error", timeout=15, markup=False
            )
            return
        if self.feedback:
            from quiz.frontends.tui.screens.feedback import FeedbackScreen

            position = self.run.attempt.position
            self.app.push_screen(FeedbackScreen(self.run.attempt, position), self._after_feedback)
        else:
            await self.advance()

    async def _after_feedback(self, leave: bool | None) -> None:
        if leave:
            self._leave_now()
        else:
            await self.advance()

    async def advance(self) -> None:
        """Next unanswered question; when none is left, the end."""
        following = self.run.attempt.next_unanswered()
        if following is None:
            if self.feedback:
                self.post_message(m.AttemptOver(self.run))
            else:
                self._confirm_end(_("All questions are answered."))
            return
        self._go_to(following)
        await self.show_question()

    def action_confidence(self, level: int) -> None:
        if self.confidence_mode:
            self.confidence = Confidence(level)

    # -- moving around -----------------------------------------------------------------------

    async def action_skip(self) -> None:
        attempt = self.run.attempt
        following = attempt.next_unanswered()
        if following is None or following == attempt.position:
            self.notify(_("No other question is left unanswered."))
            return
        self._go_to(following)
        await self.show_question()

    async def action_move(self, step: int) -> None:
        target = self.run.attempt.position + step
        if 0 <= target < len(self.run.attempt):
            self._go_to(target)
            await self.show_question()

    async def action_flag(self) -> None:
        try:
            flagged = self.run.toggle_flag()
        except StoreError as exc:
            self._place_not_saved(exc)
            flagged = self.run.attempt.question.id in self.run.attempt.flagged
        self.notify(_("Flagged for later.") if flagged else _("Flag removed."), timeout=2)
        await self.show_question()

    def _go_to(self, position: int) -> None:
        """Move; the place is saved for resuming, and a database that refuses it is said."""
        try:
            self.run.go_to(position)
        except StoreError as exc:  # the move itself happened: only resuming would start elsewhere
            self._place_not_saved(exc)

    def _place_not_saved(self, exc: StoreError) -> None:
        self.notify(
            str(exc), title=_("Your place and flags were not saved"), severity="warning", markup=False
        )

    def action_overview(self) -> None:
        from quiz.frontends.tui.screens.overview import OverviewDialog

        async def jump(position: int | None) -> None:
            if position is not None:
                self._go_to(position)
                await self.show_question()

        self.app.push_screen(OverviewDialog(self.run.attempt), jump)

    def action_end(self) -> None:
        left = len(self.run.attempt.unanswered)
        said = ngettext(
            "{n} question is unanswered and will score 0.",
            "{n} questions are unanswered and will score 0.",
            left,
        )
        self._confirm_end(said.format(n=left) if left else "")

    def _confirm_end(self, why: str) -> None:
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        def decided(yes: bool | None) -> None:
            if yes:
                self.post_message(m.AttemptOver(self.run))

        self.app.push_screen(
            ConfirmDialog(_("Finish and see the results?"), why, yes=_("Finish"), no=_("Keep going")), decided
        )

    def action_leave(self) -> None:
        from quiz.frontends.tui.screens.dialogs import leave_dialog

        def decided(yes: bool | None) -> None:
            if yes:
                self._leave_now()

        self.app.push_screen(leave_dialog(self), decided)

    def _leave_now(self) -> None:
        try:
            self.run.leave()
        except StoreError as exc:
            self._place_not_saved(exc)
        self.post_message(m.GoHome())

    # -- time --------------------------------------------------------------------------------

    def tick(self) -> None:
        """Asks the attempt how long is left (its deadline, its clock: the app's); the 1-second
        interval calls it, and so can a test."""
        self.left = self.run.seconds_left()

    def watch_left(self, left: float | None) -> None:
        if left is None:
            return
        label = self.query_one("#time-left", Label)
        label.update(Content("⏱ " + _("{time} left").format(time=clock_text(left))))
        label.set_class(left < 60, "urgent")
        if left <= 0:
            self.time_up()

    def time_up(self, late_by: float | None = None) -> None:
        """The limit is reached; ``late_by``: an answer came that many seconds after it."""
        if self.timer is None:
            return  # once: the results are on their way
        self.timer.stop()
        self.timer = None
        self.post_message(m.AttemptOver(self.run, timed_out=True, late_by=late_by))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "confidence":
            return self.confidence_mode
        if action == "end":
            return not self.feedback
        if action == "move":
            target = self.run.attempt.position + int(str(parameters[0]))
            return 0 <= target < len(self.run.attempt)
        if action == "press":
            return int(str(parameters[0])) < self.query_one(AnswerBox).count
        return True

    def help_rows(self) -> list[tuple[str, str]]:
        """Keys the help lists that are no single binding: those of the answer's form."""
        return self.query_one(AnswerBox).help_rows()
