"""The learner's side of a live session: join, wait, answer against the clock, see results.

Everything shown comes from the server: the question without its answer, then "locked in",
then at the reveal whether it was right, the points and the rank. The connection drops and
comes back by itself (the client reconnects with its resume token).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Label, Static

from quiz.bank.models import plain_line
from quiz.engine.timing import Clock, utc_now
from quiz.errors import QuizError
from quiz.frontends.live_reasons import closed, refused_answer
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.language import number_keys
from quiz.frontends.tui.launch import JoinRequest
from quiz.frontends.tui.screens.dialogs import join_failure
from quiz.frontends.tui.screens.live_common import (
    Countdown,
    Heard,
    Leaderboard,
    question_heading,
    shown_of,
)
from quiz.frontends.tui.styled import styled
from quiz.frontends.tui.widgets.answers import AnswerBox, AnswerNote, AnswerSubmitted
from quiz.frontends.tui.widgets.footer import Footer
from quiz.frontends.tui.widgets.hanging import Hanging, Row
from quiz.frontends.tui.widgets.markdown import Markdown
from quiz.i18n import _, ngettext
from quiz.i18n.lists import together
from quiz.i18n.numbers import with_unit
from quiz.i18n.phrases import spaced
from quiz.kinds.kind import Form, Shown, shown_answer_lines
from quiz.live import protocol as p

if TYPE_CHECKING:
    from quiz.live.client import Event, LiveClient


class LearnerScreen(Screen[None]):
    CSS_PATH = "live.tcss"
    BINDINGS = [
        *number_keys(),
        Binding("escape,q", "leave", "Leave", tooltip="Leave the session", id="learner.leave"),
    ]

    def __init__(
        self, request: JoinRequest, *, email: str = "", language: str = "en", clock: Clock = utc_now
    ) -> None:
        super().__init__()
        self.request = request
        self.email = email
        """The learner's, for gradebook exports on the host's side."""
        self.language = language
        """The learner's: the server sends the questions in it where the bank has it."""
        self.client: LiveClient | None = None
        self.joined: p.Joined | None = None
        self.question: p.QuestionMessage | None = None
        self.reveal: p.RevealMessage | None = None
        self.answer_text = Content("")
        self.locked = False
        self.countdown = Countdown(clock)
        self.finished = False
        self.connection: str | None = None
        """Set while the connection is down (or gone): shown until it changes, never hidden by
        the countdown."""
        self.rejoin_code = request.rejoin

    def compose(self) -> ComposeResult:
        with Horizontal(id="live-top"):
            yield Label(_("Connecting…"), id="live-title")
            yield Label("", id="live-status")
        with ContentSwitcher(initial="learner-lobby", id="learner-panes"):
            with Vertical(id="learner-lobby"):
                yield Static(_("Connecting to the session…"), id="lobby-text")
            with VerticalScroll(id="learner-question"):
                yield Label("", id="learner-q-counter", classes="section-title")
                yield Markdown("", id="learner-prompt")
                yield AnswerBox(prefix="learner-", id="learner-answer")
                yield Static("", id="learner-hint")
            with VerticalScroll(id="learner-reveal"):
                yield Label("", id="result-verdict")
                yield Static("", id="result-answer")
                yield Markdown("", id="result-explanation")
                yield Static("", id="result-score")
                yield Label(_("Leaderboard"), classes="section-title")
                yield Leaderboard(id="learner-board")
            with VerticalScroll(id="learner-ended"):
                yield Label("", id="final-verdict", classes="section-title")
                yield Static("", id="final-score")
                yield Label(_("Leaderboard"), classes="section-title")
                yield Leaderboard(id="final-learner-board")
                yield Label("", id="missed-title", classes="section-title")
                yield Static("", id="final-missed")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(0.25, self.tick)
        self.run_client()

    @work(exclusive=True, group="learner", exit_on_error=False)
    async def run_client(self) -> None:
        from quiz.live.client import Closed, JoinError, LiveClient, url_for

        try:
            self.client = LiveClient(
                url_for(self.request.address),
                code=self.request.code,
                name=self.request.name,
                email=self.email,
                rejoin_code=self.request.rejoin or None,
                language=self.language,
            )
            joined = await self.client.connect()
        except (JoinError, QuizError, OSError) as exc:
            await self._failed(join_failure(exc))
            return
        assert isinstance(joined, p.Joined)
        self.post_message(Heard(joined))
        async for event in self.client:
            self.post_message(Heard(event))
            if isinstance(event, Closed):
                break

    async def _failed(self, message: str) -> None:
        """Back to the join form with the reason, so the learner can fix the code or name."""
        if self.client is not None:
            await self.client.close()
        self.post_message(m.JoinFailed(message))

    def on_joined(self, joined: p.Joined) -> None:
        self.joined = joined
        self.connection = None
        self.rejoin_code = joined.rejoin_code or self.rejoin_code
        # Their own name first: at 80 columns a long bank title is what gets cut, not the name.
        self.query_one("#live-title", Label).update(
            styled(
                _("You: {name} · code {rejoin} · {title}"),
                {"name": "bold", "rejoin": "bold"},
                name=joined.name,
                rejoin=self.rejoin_code or "–",
                title=joined.bank_title,
            )
        )
        if joined.resumed:
            self.notify(_("Reconnected: your answers and score are intact."), timeout=4)
        if joined.state is p.SessionState.lobby:
            self._lobby(None)

    def on_heard(self, message: Heard) -> None:
        self.handle(message.event)

    def handle(self, event: Event) -> None:
        from quiz.live.client import Closed, Disconnected

        switcher = self.query_one(ContentSwitcher)
        match event:
            case p.Joined():
                self.on_joined(event)
            case p.Lobby(count=count):
                self._lobby(count)
                switcher.current = "learner-lobby"
            case p.QuestionMessage():
                self._show_question(event)
                switcher.current = "learner-question"
            case p.Accepted(choices=choices):
                self._locked(choices)
            case p.Refused():
                self.query_one("#learner-hint", Static).update(
                    Content("✗ " + _("Not accepted: {why}").format(why=refused_answer(event)))
                )
            case p.Paused(remaining=left):
                self.countdown.start(left, paused=True)
                self.query_one("#learner-hint", Static).update(_("Paused by the host."))
            case p.Resumed(remaining=left) | p.Extended(remaining=left):
                self.countdown.start(left)
                if not self.locked:
                    self._hint()
            case p.RevealMessage():
                self.countdown.stop()
                self._show_reveal(event)
                switcher.current = "learner-reveal"
            case p.Result():
                self._show_result(event)
            case p.Leaderboard(entries=entries):
                self._board("#learner-board", entries)
            case p.Ended():
                self.countdown.stop()
                self._show_ended(event)
                switcher.current = "learner-ended"
            case p.Kicked():
                self.finished = True
                self.query_one("#lobby-text", Static).update(_("The host removed you from this session."))
                switcher.current = "learner-lobby"
            case Disconnected(retry_in=wait):
                self.connection = "⚠ " + with_unit(_("connection lost ({seconds} s)"), seconds=f"{wait:.0f}")
            case Closed():
                self.finished = True
                self.connection = _("disconnected: {why}").format(why=closed(event))
            case _:
                pass
        self.tick()

    def _lobby(self, count: int | None) -> None:
        parts = [_("You are in. Waiting for the host to start…")]
        if count is not None:
            parts[0] += " " + ngettext("{n} joined so far.", "{n} joined so far.", count).format(n=count)
        if self.rejoin_code:
            parts.append(
                _(
                    "Your rejoin code is {code}: with your name, it brings you back as yourself from "
                    "another device."
                ).format(code=self.rejoin_code)
            )
        parts.append(_("Leave with Esc."))
        self.query_one("#lobby-text", Static).update(Content("\n\n".join(parts)))

    def _show_question(self, question: p.QuestionMessage) -> None:
        self.question = question
        self.countdown.start(question.remaining, question.paused)
        self.query_one("#learner-q-counter", Label).update(question_heading(question))
        self.query_one("#learner-prompt", Markdown).update(question.prompt)
        answer = self.query_one(AnswerBox)
        answer.show(shown_of(question), question.chosen)
        self.locked = question.chosen is not None
        answer.locked = self.locked
        if self.locked:
            self._locked(question.chosen or [])
        else:
            self._hint()
            answer.focus_answer()

    def _hint(self, text: str = "") -> None:
        if self.question is None:
            return
        self.query_one("#learner-hint", Static).update(
            Content(
                text or _("{keys} · your answer then locks in").format(keys=self.query_one(AnswerBox).hint())
            )
        )

    def _locked(self, choices: list[int]) -> None:
        self.locked = True
        self.query_one(AnswerBox).locked = True
        what = together(str(c + 1) for c in choices)
        if self.question is not None and self.question.form in (Form.order, Form.match):
            what = together(shown_answer_lines(shown_of(self.question), choices))
        self.query_one("#learner-hint", Static).update(
            Content("🔒 " + _("Locked in: {choices}. Waiting for the reveal…").format(choices=what))
        )

    def action_press(self, index: int) -> None:
        if self.query_one(ContentSwitcher).current == "learner-question":
            self.query_one(AnswerBox).press(index)

    async def on_answer_submitted(self, event: AnswerSubmitted) -> None:
        if self.client is None or self.question is None or self.locked:
            return
        answer = self.query_one(AnswerBox)
        self.locked = True  # one answer per question: no double sends while the first travels
        answer.locked = True
        try:
            reply = await self.client.answer(self.question.position, event.displayed)
        except (QuizError, TimeoutError) as exc:
            self.locked = False
            answer.locked = False
            self.query_one("#learner-hint", Static).update(
                Content("✗ " + _("Not sent ({why}); try again.").format(why=exc))
            )
            return
        if isinstance(reply, p.Refused) and reply.reason is not p.RefusalReason.duplicate:
            self.locked = reply.reason is p.RefusalReason.late
            answer.locked = self.locked

    def on_answer_note(self, event: AnswerNote) -> None:
        self._hint(event.text)

    def _show_reveal(self, reveal: p.RevealMessage) -> None:
        self.reveal = reveal
        lines = shown_answer_lines(shown_of(self.question), reveal.correct) if self.question else []
        if self.question is not None and self.question.form in (Form.order, Form.match):
            text = Content(_("The answer:") + "\n" + "\n".join(f"  {line}" for line in lines))
        else:
            text = Content(_("The answer: {answer}").format(answer=together(lines)))
        self.answer_text = text
        self.query_one("#result-answer", Static).update(text)
        self.query_one("#result-explanation", Markdown).update(reveal.explanation)
        self.query_one("#result-verdict", Label).update("")

    def _show_result(self, result: p.Result) -> None:
        verdict = self.query_one("#result-verdict", Label)
        if not result.answered:
            verdict.update("– " + _("No answer in time"))
        elif result.correct:
            if result.bonus:
                said = with_unit(
                    ngettext(
                        "Right! +{n} point, streak bonus +{bonus}",
                        "Right! +{n} points, streak bonus +{bonus}",
                        result.points,
                    ),
                    n=result.points,
                    bonus=result.bonus,
                )
            else:
                said = with_unit(
                    ngettext("Right! +{n} point", "Right! +{n} points", result.points), n=result.points
                )
            verdict.update(Content("✓ " + said))
        elif result.points > 0:
            said = with_unit(
                ngettext("Partly right: +{n} point", "Partly right: +{n} points", result.points),
                n=result.points,
            )
            verdict.update(Content("◐ " + said))
        else:
            verdict.update("✗ " + _("Not right"))
        verdict.set_classes("right" if result.correct else "wrong")
        if result.parts and self.reveal is not None and len(self.reveal.parts) == len(result.parts):
            if self.question is not None and self.question.form is Form.match and result.chosen:
                # Each prompt with the answer this learner gave it, right or not.
                given = shown_answer_lines(shown_of(self.question), result.chosen)
                heading = _("Yours:")
            else:
                # Each step of the right order, and whether this learner had its successor next.
                given = [part.label for part in self.reveal.parts]
                heading = _("The steps you had in a row:")
            marks = [f"  {'✓' if ok else '✗'} {line}" for line, ok in zip(given, result.parts, strict=True)]
            self.query_one("#result-answer", Static).update(
                Content.assemble(self.answer_text, f"\n\n{heading}\n", Content("\n".join(marks)))
            )
        self.query_one("#result-score", Static).update(
            Content(
                _("Score {score} · {right} right · rank {rank} of {total} · streak {streak}").format(
                    score=result.score,
                    right=result.correct_count,
                    rank=result.rank,
                    total=result.participants,
                    streak=result.streak,
                )
            )
        )

    def _board(self, selector: str, entries: list[p.LeaderboardEntry]) -> None:
        board = self.query_one(selector, Leaderboard)
        board.me = self.joined.participant if self.joined else None
        board.entries = entries

    def _show_ended(self, ended: p.Ended) -> None:
        self.finished = True
        self._board("#final-learner-board", ended.leaderboard)
        you = ended.you
        if you is None:
            self.query_one("#final-verdict", Label).update(_("The session has ended."))
            return
        self.query_one("#final-verdict", Label).update(
            _("The session has ended: you placed {rank} of {total}").format(
                rank=you.rank, total=you.participants
            )
        )
        self.query_one("#final-score", Static).update(
            Content(
                _("Score {score} · {right} of {asked} right · {answered} answered").format(
                    score=you.score, right=you.correct, asked=ended.asked, answered=you.answered
                )
            )
        )
        self.query_one("#missed-title", Label).update(
            _("Missed questions ({n})").format(n=len(you.missed))
            if you.missed
            else _("No missed questions. Well done!")
        )
        # Each question's lines wrap under its prompt, not back under its number: the answer and
        # the explanation of a long one ran on from the screen's left edge (Ukrainian, Japanese).
        rows: list[Row] = []
        for missed in you.missed:
            if missed.form in (Form.order, Form.match):
                shown = Shown(missed.form, tuple(missed.options), tuple(missed.prompts))
                right = together(shown_answer_lines(shown, missed.correct))
            else:
                right = together(missed.options[i] for i in missed.correct)
            number = Content.styled(f"{missed.position + 1}. ", "bold")
            indent = Content(" " * number.cell_length)
            if rows:
                rows.append(Row(Content(""), Content("")))
            rows += [
                Row(number, Content(plain_line(missed.prompt, 200))),
                Row(indent, Content(spaced(_("Answer:")) + right)),
                Row(indent, Content(spaced(_("Why:")) + " ".join(missed.explanation.split()))),
            ]
        self.query_one("#final-missed", Static).update(Hanging(rows))

    def tick(self) -> None:
        status = self.query_one("#live-status", Label)
        status.update(Content(self.connection) if self.connection else self.countdown.text())

    async def on_unmount(self) -> None:
        if self.client is not None:
            await self.client.close()
            self.client = None

    def action_leave(self) -> None:
        if self.finished:
            self._go()
            return
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        def decided(yes: bool | None) -> None:
            if yes:
                self._go()

        self.app.push_screen(
            ConfirmDialog(
                _("Leave the session?"),
                _(
                    "Your answers so far stay with the host. To come back as yourself, join again with "
                    "your name and the rejoin code {code}."
                ).format(code=self.rejoin_code or _("(shown at the top)")),
                yes=_("Leave"),
                no=_("Stay"),
            ),
            decided,
        )

    @work(group="learner-close")
    async def _go(self) -> None:
        if self.client is not None:
            await self.client.close()
            self.client = None
        self.post_message(m.SessionLeft())
