"""The instructor's screen: lobby with the join code, then pacing, reveal and results.

The screen runs the session server inside the app's own event loop and drives it through a
host client, over the same protocol the learners use: what the host sees is what the server
decided, never a second opinion computed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, Footer, Label, Markdown, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from quiz.bank.models import plain_line
from quiz.errors import QuizError
from quiz.frontends.tui.launch import HostRequest
from quiz.frontends.tui.screens.base import QuizScreen
from quiz.frontends.tui.screens.live_common import KINDS, Countdown, leaderboard_text
from quiz.frontends.tui.widgets.bars import Bar, Bars
from quiz.frontends.tui.widgets.bigtext import BigText
from quiz.live import protocol as p

if TYPE_CHECKING:
    from quiz.live.client import Event, LiveClient
    from quiz.live.hosting import Hosted
    from quiz.live.session import LiveSession


class HostScreen(QuizScreen):
    CSS_PATH = "live.tcss"
    BINDINGS = [
        Binding("s", "start", "Start", id="host.start"),
        Binding("k", "kick", "Kick", tooltip="Remove the highlighted participant", id="host.kick"),
        Binding(
            "r", "reveal", "Reveal", tooltip="Close the question now and show the answer", id="host.reveal"
        ),
        Binding("p", "pause", "Pause/resume", id="host.pause"),
        Binding("n", "next", "Next", tooltip="Open the next question", id="host.next"),
        Binding("e", "end", "End", tooltip="End the session for everyone", id="host.end"),
        Binding("x", "export", "Export", tooltip="Export the session's results", id="host.export"),
        Binding(
            "q",
            "leave",
            "Quit",
            tooltip="Close the host screen (the session stays resumable)",
            id="host.leave",
        ),
    ]

    def __init__(self, request: HostRequest) -> None:
        super().__init__()
        self.request = request
        self.hosted: Hosted | None = None
        self.client: LiveClient | None = None
        self.state = p.SessionState.lobby
        self.participants: list[p.Participant] = []
        self.question: p.QuestionMessage | None = None
        self.countdown = Countdown()
        self.total = 0

    @property
    def session(self) -> LiveSession | None:
        return self.hosted.session if self.hosted else None

    def compose(self) -> ComposeResult:
        with Horizontal(id="live-top"):
            yield Label("Live session: starting…", id="live-title")
            yield Label("", id="live-status")
        with ContentSwitcher(initial="host-lobby", id="host-panes"):
            with Horizontal(id="host-lobby"):
                with Vertical(id="lobby-left"):
                    yield Label("Join code", classes="section-title")
                    yield BigText(id="big-code")
                    yield Static("", id="join-how")
                with Vertical(id="lobby-right"):
                    yield Label("Participants: 0", id="participants-title", classes="section-title")
                    yield OptionList(id="participants")
            with VerticalScroll(id="host-question"):
                yield Label("", id="host-q-counter", classes="section-title")
                yield Markdown("", id="host-prompt")
                yield Static("", id="host-options")
                yield Label("", id="host-answered")
                yield ProgressBar(show_eta=False, id="host-progress")
            with VerticalScroll(id="host-reveal"):
                yield Label("", id="reveal-title", classes="section-title")
                yield Static("", id="reveal-answer")
                yield Bars(id="reveal-bars")
                yield Markdown("", id="reveal-explanation")
                yield Label("Leaderboard (top 10)", classes="section-title")
                yield Static("", id="reveal-board")
            with VerticalScroll(id="host-ended"):
                yield Label("Final leaderboard", classes="section-title")
                yield Static("", id="final-board")
                yield Label("Questions: facility and discrimination", classes="section-title")
                yield Static("", id="final-items")
                yield Static(
                    "x exports the session's results; they are also in `quiz export --session CODE` "
                    "and `quiz report --session CODE`.",
                    id="final-hint",
                    classes="dim-label",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(0.25, self._tick)
        self.run_session()

    # -- the session ----------------------------------------------------------------------------

    @work(exclusive=True, group="host", exit_on_error=False)
    async def run_session(self) -> None:
        from quiz.live.client import Closed, LiveClient
        from quiz.live.hosting import host

        try:
            self.hosted = await host(self.quiz.store, self.request.spec, self.quiz.bank)
            hosted = self.hosted
            self.client = LiveClient(hosted.url, code=hosted.code, host_token=hosted.session.host_token)
            welcome = await self.client.connect()
        except (QuizError, OSError) as exc:
            self.query_one("#live-title", Label).update(Content(f"✗ Cannot host: {exc}"))
            self.notify(str(exc), title="Cannot host the session", severity="error", timeout=15)
            return
        assert isinstance(welcome, p.HostWelcome)
        self._welcome(welcome)
        async for event in self.client:
            self.handle(event)
            if isinstance(event, Closed):
                break

    def _welcome(self, welcome: p.HostWelcome) -> None:
        self.total = welcome.settings.questions
        self.query_one("#live-title", Label).update(
            Content.from_markup(
                "Live · code [b]$code[/b] · [b]$title[/b] · $n questions, $t s each",
                title=welcome.bank_title,
                code=welcome.code,
                n=welcome.settings.questions,
                t=f"{welcome.settings.time_limit:g}",
            )
        )
        self.query_one("#big-code", BigText).set_text(welcome.code)
        self.query_one("#join-how", Static).update(Content(self._join_how(welcome.code)))
        self.participants = welcome.participants
        self._show_participants()
        self.state = welcome.state
        self._show_state()

    def _join_how(self, code: str) -> str:
        assert self.hosted is not None
        addresses = self.request.join_hint or [f"{self.request.spec.bind}:{self.hosted.server.port}"]
        lines = ["Learners join with:"]
        lines += [f"  quiz join {address} --code {code}" for address in addresses]
        lines.append("or from the app's home screen (j).")
        if self.request.web_url:
            lines.append(f"In a browser: {self.request.web_url}")
        return "\n".join(lines)

    def handle(self, event: Event) -> None:
        """Every message from the server lands here; the screen only ever shows them."""
        from quiz.live.client import Closed, Disconnected

        match event:
            case p.Participants(participants=people):
                self.participants = people
                self._show_participants()
            case p.QuestionMessage():
                self.question = event
                self.state = p.SessionState.paused if event.paused else p.SessionState.question
                self.countdown.start(event.remaining, event.paused)
                self._show_question(event)
            case p.AnsweredCount(count=count, participants=people):
                self._show_answered(count, people)
            case p.Paused(remaining=left):
                self.state = p.SessionState.paused
                self.countdown.start(left, paused=True)
            case p.Resumed(remaining=left):
                self.state = p.SessionState.question
                self.countdown.start(left)
            case p.RevealMessage():
                self.state = p.SessionState.revealed
                self.countdown.stop()
                self._show_reveal(event)
            case p.Leaderboard(entries=entries):
                self.query_one("#reveal-board", Static).update(leaderboard_text(entries))
            case p.Ended():
                self.state = p.SessionState.ended
                self.countdown.stop()
                self._show_ended(event)
            case p.Error(message=message):
                self.notify(message, title="The server refused", severity="warning")
            case Disconnected(retry_in=wait):
                self.query_one("#live-status", Label).update(f"connection lost, retrying in {wait:.0f} s")
            case Closed(reason=reason):
                self.query_one("#live-status", Label).update(Content(f"closed: {reason}"))
            case _:
                pass
        self._show_state()

    # -- drawing -----------------------------------------------------------------------------

    def _show_state(self) -> None:
        pane = {
            p.SessionState.lobby: "host-lobby",
            p.SessionState.question: "host-question",
            p.SessionState.paused: "host-question",
            p.SessionState.revealed: "host-reveal",
            p.SessionState.ended: "host-ended",
        }[self.state]
        self.query_one(ContentSwitcher).current = pane
        self.refresh_bindings()

    def _show_participants(self) -> None:
        shown = self.query_one("#participants", OptionList)
        keep = shown.highlighted
        shown.set_options(
            Option(
                Content.assemble(
                    "● " if person.connected else "○ ",
                    Content(person.name),
                    Content.styled("  (disconnected)", "dim") if not person.connected else "",
                ),
                id=str(person.id),
            )
            for person in self.participants
        )
        if self.participants:
            shown.highlighted = min(keep or 0, len(self.participants) - 1)
        connected = sum(person.connected for person in self.participants)
        self.query_one("#participants-title", Label).update(
            f"Participants: {len(self.participants)} ({connected} on)"
        )
        if self.question is not None and self.state in (p.SessionState.question, p.SessionState.paused):
            answered = sum(person.answered for person in self.participants)
            self._show_answered(answered, len(self.participants))

    def _show_question(self, question: p.QuestionMessage) -> None:
        self.query_one("#host-q-counter", Label).update(
            f"Question {question.position + 1} of {question.total} · {question.points} points · "
            + KINDS[question.kind]
        )
        self.query_one("#host-prompt", Markdown).update(question.prompt)
        lines = [Content(f"{i + 1}. {text}") for i, text in enumerate(question.options)]
        self.query_one("#host-options", Static).update(Content("\n").join(lines))
        self._show_answered(0, len(self.participants))

    def _show_answered(self, count: int, people: int) -> None:
        self.query_one("#host-answered", Label).update(f"{count} of {people} answered")
        self.query_one("#host-progress", ProgressBar).update(total=max(people, 1), progress=count)

    def _show_reveal(self, reveal: p.RevealMessage) -> None:
        question = self.question
        options = question.options if question else []
        self.query_one("#reveal-title", Label).update(
            f"Question {reveal.position + 1}: {reveal.answered} of {reveal.participants} answered"
        )
        right = [f"✓ {i + 1}. {options[i]}" for i in reveal.correct if i < len(options)]
        self.query_one("#reveal-answer", Static).update(Content("Answer: " + "; ".join(right)))
        total = max(1, reveal.answered)
        self.query_one("#reveal-bars", Bars).set_bars(
            [
                Bar(
                    f"{'✓' if i in reveal.correct else '✗'} {i + 1}. {text}",
                    count / total,
                    f"{count}",
                    "$success" if i in reveal.correct else "$error",
                )
                for i, (text, count) in enumerate(zip(options, reveal.distribution, strict=False))
            ]
        )
        self.query_one("#reveal-explanation", Markdown).update(reveal.explanation)

    def _show_ended(self, ended: p.Ended) -> None:
        self.query_one("#final-board", Static).update(leaderboard_text(ended.leaderboard))
        lines = []
        for item in ended.items or []:
            facility = "–" if item.facility is None else f"{item.facility:.0%}"
            discrimination = (
                "not enough spread" if item.discrimination is None else f"{item.discrimination:+.0f}%"
            )
            lines.append(
                Content(
                    f"{item.position + 1:>2}. {plain_line(item.prompt, 60)}\n"
                    f"    facility {facility} · discrimination {discrimination} · "
                    f"{item.correct} of {item.answered} right"
                )
            )
        self.query_one("#final-items", Static).update(Content("\n").join(lines) if lines else "")

    def _tick(self) -> None:
        text = self.countdown.text()
        if self.state in (p.SessionState.question, p.SessionState.paused):
            self.query_one("#live-status", Label).update(text)
        elif self.state is p.SessionState.lobby:
            self.query_one("#live-status", Label).update("lobby: waiting to start")
        elif self.state is p.SessionState.ended:
            self.query_one("#live-status", Label).update("ended")
        else:
            self.query_one("#live-status", Label).update("revealed: n for the next question")

    # -- host actions ----------------------------------------------------------------------------

    async def _command(self, name: str) -> None:
        if self.client is None:
            return
        try:
            await getattr(self.client, name)()
        except QuizError as exc:
            self.notify(str(exc), severity="error")

    async def action_start(self) -> None:
        await self._command("start")

    async def action_reveal(self) -> None:
        await self._command("reveal")

    async def action_next(self) -> None:
        await self._command("next")

    async def action_pause(self) -> None:
        await self._command("resume" if self.state is p.SessionState.paused else "pause")

    async def action_kick(self) -> None:
        shown = self.query_one("#participants", OptionList)
        if self.client is None or shown.highlighted is None:
            return
        person = self.participants[shown.highlighted]
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        async def decided(yes: bool | None) -> None:
            if yes and self.client is not None:
                await self.client.kick(person.id)

        self.app.push_screen(
            ConfirmDialog("Remove this participant?", person.name, yes="Kick", no="Keep"), decided
        )

    async def action_end(self) -> None:
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        async def decided(yes: bool | None) -> None:
            if yes:
                await self._command("end")

        self.app.push_screen(
            ConfirmDialog(
                "End the session for everyone?",
                "Every learner's attempt is finished and the final results are shown.",
                yes="End",
                no="Keep going",
            ),
            decided,
        )

    def action_export(self) -> None:
        if self.session is None:
            return
        from quiz.frontends.tui.screens.export import ExportDialog

        rows = self.quiz.store.attempts(session_code=self.session.code)
        self.app.push_screen(ExportDialog([row.id for row in rows], f"session-{self.session.code}"))

    async def action_leave(self) -> None:
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        async def decided(yes: bool | None) -> None:
            if yes:
                await self.shutdown()
                self.app.exit()

        code = self.session.code if self.session else ""
        text = (
            "Learners are disconnected. Resume later with "
            f"`quiz host --resume {code}`: answers and scores are kept."
            if self.state is not p.SessionState.ended
            else "The session has ended; its results stay in the database."
        )
        self.app.push_screen(ConfirmDialog("Close the host screen?", text, yes="Close", no="Stay"), decided)

    async def shutdown(self) -> None:
        if self.client is not None:
            await self.client.close()
            self.client = None
        if self.hosted is not None:
            await self.hosted.stop()
            self.hosted = None

    async def on_unmount(self) -> None:
        await self.shutdown()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        allowed = {
            "start": state is p.SessionState.lobby,
            "kick": state is not p.SessionState.ended and bool(self.participants),
            "reveal": state in (p.SessionState.question, p.SessionState.paused),
            "pause": state in (p.SessionState.question, p.SessionState.paused),
            "next": state is p.SessionState.revealed,
            "end": state is not p.SessionState.ended,
            "export": state is p.SessionState.ended,
        }
        return allowed.get(action, True)
