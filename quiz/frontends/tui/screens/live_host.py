"""The instructor's screen: lobby with the join code, then pacing, reveal and results.

The screen runs the session server inside the app's own event loop and drives it through a
host client, over the same protocol the learners use: what the host sees is what the server
decided, never a second opinion computed here. The participants stay in view beside the
lobby, the question and the reveal, so a kick acts on the list the host can see; during a
question ``w`` narrows it to those who have not answered. ``v`` is the projector view: the
countdown and the answer count in large figures, then the distribution and the explanation.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import ContentSwitcher, Footer, Label, Markdown, ProgressBar, Static

from quiz.bank.models import plain_line
from quiz.errors import QuizError
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.launch import HostRequest
from quiz.frontends.tui.screens.base import QuizScreen
from quiz.frontends.tui.screens.live_common import (
    Countdown,
    Leaderboard,
    live_instruction,
    qr_text,
    shown_of,
)
from quiz.frontends.tui.widgets.bars import Bar, Bars
from quiz.frontends.tui.widgets.bigtext import BigText
from quiz.frontends.tui.widgets.participants import ParticipantList
from quiz.i18n import _, ngettext
from quiz.i18n.numbers import decimal, percent
from quiz.i18n.width import cells
from quiz.kinds.kind import Form, prompt_label, shown_answer_lines
from quiz.live import protocol as p

if TYPE_CHECKING:
    from quiz.live.client import Event, LiveClient
    from quiz.live.hosting import Hosted
    from quiz.live.session import LiveSession

OPEN = (p.SessionState.question, p.SessionState.paused)
ADD_SECONDS = 10.0
_SUFFIX = re.compile(r" \(\d+\)$")


class HostScreen(QuizScreen):
    CSS_PATH = "live.tcss"
    BINDINGS = [
        Binding("s", "start", "Start", id="host.start"),
        Binding("k", "kick", "Kick", tooltip="Remove the highlighted participant", id="host.kick"),
        Binding(
            "m",
            "merge",
            "Merge",
            tooltip="The highlighted participant joined twice: merge into the first seat",
            id="host.merge",
        ),
        Binding(
            "r", "reveal", "Reveal", tooltip="Close the question now and show the answer", id="host.reveal"
        ),
        Binding("p", "pause", "Pause/resume", id="host.pause"),
        Binding(
            "plus",
            "add_time",
            "+10 s",
            key_display="+",
            tooltip="More time for this question",
            id="host.add_time",
        ),
        Binding("n", "next", "Next", tooltip="Open the next question", id="host.next"),
        Binding("j", "skip", "Skip next", tooltip="Drop the next question (shown as 'Next')", id="host.skip"),
        Binding("w", "waiting", "Not answered", tooltip="Show only who has not answered", id="host.waiting"),
        Binding("l", "lock", "Lock", tooltip="Lock or open the room to new learners", id="host.lock"),
        Binding("v", "projector", "Projector", tooltip="Large figures for a projector", id="host.projector"),
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
        self.people: dict[int, p.Participant] = {}
        """Everyone in the session, kept from ``host_welcome`` and each ``participants`` change."""
        self.shown: list[p.Participant] = []
        """The list as drawn (filtered when ``waiting_only``): what ``k`` and ``m`` act on."""
        self.waiting_only = False
        self.projector = False
        self.locked = False
        self.question: p.QuestionMessage | None = None
        self.countdown = Countdown()
        self.connection: str | None = None
        """Set while the connection to the server is down: shown until it changes."""
        self.answered = (0, 0)
        self.total = 0
        self._list_dirty = False
        self._drawn_state: tuple[p.SessionState, bool] | None = None
        self._big: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    @property
    def session(self) -> LiveSession | None:
        return self.hosted.session if self.hosted else None

    @property
    def participants(self) -> list[p.Participant]:
        return list(self.people.values())

    def compose(self) -> ComposeResult:
        with Horizontal(id="live-top"):
            yield Label(_("Live session: starting…"), id="live-title")
            yield Label("", id="live-status")
        with Horizontal(id="host-body"):
            with ContentSwitcher(initial="host-lobby", id="host-panes"):
                with VerticalScroll(id="host-lobby", can_focus=False):
                    yield Label(_("Join code"), classes="section-title")
                    yield BigText(id="big-code")
                    yield Static("", id="join-how")
                    yield Static("", id="join-qr")
                    yield Static("", id="lobby-next", classes="dim-label")
                with VerticalScroll(id="host-question", can_focus=False):
                    yield Label("", id="host-q-counter", classes="section-title")
                    with Horizontal(id="big-figures"):
                        yield BigText(id="big-countdown")
                        yield BigText(id="big-answered")
                    yield Markdown("", id="host-prompt")
                    yield Static("", id="host-options")
                    yield Label("", id="host-answered")
                    yield ProgressBar(show_eta=False, id="host-progress")
                with VerticalScroll(id="host-reveal", can_focus=False):
                    yield Label("", id="reveal-title", classes="section-title")
                    yield Static("", id="reveal-answer")
                    yield Bars(id="reveal-bars")
                    yield Markdown("", id="reveal-explanation")
                    yield Label(_("Leaderboard (top 10)"), classes="section-title")
                    yield Leaderboard(id="reveal-board")
                    yield Static("", id="reveal-next", classes="dim-label")
                with VerticalScroll(id="host-ended", can_focus=False):
                    yield Label(_("Final leaderboard"), classes="section-title")
                    yield Leaderboard(id="final-board")
                    yield Label(_("Questions: facility and discrimination"), classes="section-title")
                    yield Static("", id="final-items")
                    yield Static(
                        _(
                            "x exports the session's results; they are also in `quiz export --session CODE` "
                            "and `quiz report --session CODE`."
                        ),
                        id="final-hint",
                        classes="dim-label",
                    )
            with Vertical(id="host-side"):
                yield Label(
                    _("Participants: {n} ({on} on)").format(n=0, on=0),
                    id="participants-title",
                    classes="section-title",
                )
                yield ParticipantList(id="participants")
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
            self.query_one("#live-title", Label).update(
                Content("✗ " + _("Cannot host: {why}").format(why=exc))
            )
            self.notify(str(exc), title=_("Cannot host the session"), severity="error", timeout=15)
            return
        assert isinstance(welcome, p.HostWelcome)
        self.handle(welcome)
        async for event in self.client:
            self.handle(event)
            if isinstance(event, Closed):
                break

    def _welcome(self, welcome: p.HostWelcome) -> None:
        self.total = welcome.settings.questions
        self.locked = welcome.locked
        self._title(welcome)
        self.query_one("#big-code", BigText).set_text(welcome.code)
        self.query_one("#join-how", Static).update(Content(self._join_how(welcome.code)))
        if self.request.web_url:
            self.query_one("#join-qr", Static).update(qr_text(self.request.web_url))
        self.people = {person.id: person for person in welcome.participants}
        self._list_dirty = True
        self.state = welcome.state

    def _title(self, welcome: p.HostWelcome) -> None:
        self.query_one("#live-title", Label).update(
            Content.from_markup(
                ngettext(
                    "Live · code [b]$code[/b] · [b]$title[/b] · $n question, $t s each",
                    "Live · code [b]$code[/b] · [b]$title[/b] · $n questions, $t s each",
                    self.total,
                ),
                title=welcome.bank_title,
                code=welcome.code,
                n=self.total,
                t=decimal(welcome.settings.time_limit),
            )
        )

    def _join_how(self, code: str) -> str:
        assert self.hosted is not None
        addresses = self.request.join_hint or [f"{self.request.spec.bind}:{self.hosted.server.port}"]
        lines = [_("Learners join with:")]
        lines += [f"  quiz join {address} --code {code}" for address in addresses]
        lines.append(_("or from the app's home screen (j)."))
        if self.request.web_url:
            lines.append(_("In a browser (scan the code): {url}").format(url=self.request.web_url))
        return "\n".join(lines)

    def handle(self, event: Event) -> None:
        """Every message from the server lands here; the screen only ever shows them."""
        from quiz.live.client import Closed, Disconnected

        match event:
            case p.HostWelcome():
                self.connection = None
                self._welcome(event)
            case p.Participants(participants=changed, removed=removed):
                for person in changed:
                    self.people[person.id] = person
                for gone in removed:
                    self.people.pop(gone, None)
                self._list_dirty = True
            case p.QuestionMessage():
                self.question = event
                self.total = event.total
                self.state = p.SessionState.paused if event.paused else p.SessionState.question
                self.countdown.start(event.remaining, event.paused)
                self.people = {i: x.model_copy(update={"answered": False}) for i, x in self.people.items()}
                self._list_dirty = True
                self._show_question(event)
            case p.AnsweredCount(count=count, participants=people):
                self.answered = (count, people)  # drawn by the next tick: 10 a second is too many
            case p.Paused(remaining=left):
                self.state = p.SessionState.paused
                self.countdown.start(left, paused=True)
            case p.Resumed(remaining=left) | p.Extended(remaining=left):
                self.state = p.SessionState.question
                self.countdown.start(left)
            case p.RevealMessage():
                self.state = p.SessionState.revealed
                self.countdown.stop()
                self._show_reveal(event)
            case p.Leaderboard(entries=entries):
                self.query_one("#reveal-board", Leaderboard).entries = entries
            case p.Preview():
                self._show_preview(event)
            case p.Locked(locked=locked):
                self.locked = locked
                self._list_dirty = True
                self.notify(_("Room locked: no new learners.") if locked else _("Room open to new learners."))
            case p.Ended():
                self.state = p.SessionState.ended
                self.countdown.stop()
                self._show_ended(event)
            case p.Error(message=message):
                self.notify(message, title=_("The server refused"), severity="warning")
            case Disconnected(retry_in=wait):
                self.connection = "⚠ " + _(
                    "connection to the server lost: retrying (next in {seconds} s)"
                ).format(seconds=f"{wait:.0f}")
            case Closed(reason=reason):
                self.connection = _("closed: {why}").format(why=reason)
            case _:
                pass
        self._show_state()
        if isinstance(event, Disconnected | Closed | p.HostWelcome):
            self._tick()

    # -- drawing -----------------------------------------------------------------------------

    def _show_state(self) -> None:
        pane = {
            p.SessionState.lobby: "host-lobby",
            p.SessionState.question: "host-question",
            p.SessionState.paused: "host-question",
            p.SessionState.revealed: "host-reveal",
            p.SessionState.ended: "host-ended",
        }[self.state]
        if self._drawn_state == (self.state, self.projector):
            return  # nothing to redo: this runs after every message
        self._drawn_state = (self.state, self.projector)
        self.query_one(ContentSwitcher).current = pane
        self.set_class(self.projector, "-projector")
        self.refresh_bindings()

    def _draw_list(self) -> None:
        """The participants as a list (it draws only the rows in view: a room of 5,000 costs
        what 20 rows cost)."""
        self._list_dirty = False
        asking = self.state in OPEN
        everyone = list(self.people.values())
        self.shown = [x for x in everyone if not x.answered] if self.waiting_only and asking else everyone
        self.query_one("#participants", ParticipantList).show(self.shown, asking)
        self._draw_title()

    def _draw_title(self) -> None:
        everyone = self.people.values()
        connected = sum(person.connected for person in everyone)
        title = _("Participants: {n} ({on} on)").format(n=len(everyone), on=connected)
        if self.state in OPEN:
            waiting = sum(not person.answered for person in everyone)
            title += " · " + _("not answered: {n}").format(n=waiting)
            if self.waiting_only:
                title += " " + _("(shown)")
        if self.locked:
            title += " · " + _("locked")
        self._label("#participants-title", title)

    def _show_question(self, question: p.QuestionMessage) -> None:
        self.query_one("#host-q-counter", Label).update(
            _("Question {n} of {total}").format(n=question.position + 1, total=question.total)
            + " · "
            + ngettext("{n} point", "{n} points", question.points).format(n=question.points)
            + " · "
            + live_instruction(question)
        )
        self.query_one("#host-prompt", Markdown).update(question.prompt)
        lines = [Content(f"{i + 1}. {text}") for i, text in enumerate(question.options)]
        if question.form is Form.match:
            lines = [
                *(Content(f"{prompt_label(i)}. {text}") for i, text in enumerate(question.prompts)),
                Content.styled(_("Answers:"), "bold"),
                *lines,
            ]
        self.query_one("#host-options", Static).update(Content("\n").join(lines))
        self._show_answered(0, len(self.people))

    def _show_answered(self, count: int, people: int) -> None:
        self.answered = (count, people)
        self._label("#host-answered", _("{count} of {people} answered").format(count=count, people=people))
        self.query_one("#host-progress", ProgressBar).update(total=max(people, 1), progress=count)
        self._big_text("#big-answered", f"{count}/{people}")

    def _show_reveal(self, reveal: p.RevealMessage) -> None:
        question = self.question
        options = question.options if question else []
        self.query_one("#reveal-title", Label).update(
            _("Question {n}: {count} of {people} answered").format(
                n=reveal.position + 1, count=reveal.answered, people=reveal.participants
            )
        )
        total = max(1, reveal.answered)
        if reveal.parts and question is not None:
            # An order or a match: how many got each pair of neighbours, or each line, right.
            right = shown_answer_lines(shown_of(question), reveal.correct)
            self.query_one("#reveal-answer", Static).update(Content(_("Answer:") + " " + "; ".join(right)))
            self.query_one("#reveal-bars", Bars).set_bars(
                [
                    Bar(part.label, part.right / total, _("{n} right").format(n=part.right), "$success")
                    for part in reveal.parts
                ]
            )
            self.query_one("#reveal-explanation", Markdown).update(reveal.explanation)
            return
        right = [f"✓ {i + 1}. {options[i]}" for i in reveal.correct if i < len(options)]
        self.query_one("#reveal-answer", Static).update(Content(_("Answer:") + " " + "; ".join(right)))
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

    def _show_preview(self, preview: p.Preview) -> None:
        if preview.prompt:
            text = Content(
                _("Next ({n}): {prompt}").format(
                    n=preview.position + 1, prompt=plain_line(preview.prompt, 100)
                )
                + "  · "
                + _("j skips it")
            )
        else:
            text = Content(_("Next: the end of the session"))
        for selector in ("#lobby-next", "#reveal-next"):
            self.query_one(selector, Static).update(text)

    def _show_ended(self, ended: p.Ended) -> None:
        self.query_one("#final-board", Leaderboard).entries = ended.leaderboard
        lines = []
        for item in ended.items or []:
            facility = "–" if item.facility is None else percent(100 * item.facility)
            discrimination = (
                _("not enough spread")
                if item.discrimination is None
                else ("+" if item.discrimination >= 0 else "-") + percent(abs(item.discrimination))
            )
            people = len(self.people)
            lines.append(
                Content(
                    f"{item.position + 1:>2}. {plain_line(item.prompt, 60)}\n    "
                    + _(
                        "facility {facility} · discrimination {discrimination} · {right} of {people} right "
                        "({answered} answered)"
                    ).format(
                        facility=facility,
                        discrimination=discrimination,
                        right=item.correct,
                        people=people,
                        answered=item.answered,
                    )
                )
            )
        self.query_one("#final-items", Static).update(Content("\n").join(lines) if lines else "")

    def _tick(self) -> None:
        """Four times a second: what changed since, drawn once (the screen shares its loop with
        the server, and every redrawn label costs a layout of the whole screen)."""
        if self._list_dirty:
            self._draw_list()
        if self.state in OPEN:
            self._show_answered(*self.answered)
        if self.connection is not None:
            self._label("#live-status", self.connection)  # until it changes: never hidden by the clock
            return
        if self.state in OPEN:
            self._label("#live-status", self.countdown.text())
            left = self.countdown.left
            self._big_text("#big-countdown", "" if left is None else f"{int(left + 0.999)}")
        elif self.state is p.SessionState.lobby:
            self._label(
                "#live-status", _("lobby: s starts") + (" · " + _("room locked") if self.locked else "")
            )
        elif self.state is p.SessionState.ended:
            self._label("#live-status", _("ended"))
        else:
            self._label("#live-status", _("revealed: n for the next question"))

    def _label(self, selector: str, text: str) -> None:
        """Update a label only when its text changes, and lay the screen out again only when
        its length does (a countdown's "28 s" for "29 s" cannot change its size)."""
        old = self._texts.get(selector)
        if old != text:
            self._texts[selector] = text
            layout = old is None or cells(old) != cells(text)
            self.query_one(selector, Label).update(Content(text), layout=layout)

    def _big_text(self, selector: str, text: str) -> None:
        """Large figures, drawn only in the projector view and only when they change."""
        if self.projector and self._big.get(selector) != text:
            self._big[selector] = text
            self.query_one(selector, BigText).set_text(text)

    # -- host actions ----------------------------------------------------------------------------

    async def _send(self, message: p.ClientMessage) -> None:
        if self.client is None:
            return
        try:
            await self.client.send(message)
        except QuizError as exc:
            self.notify(str(exc), severity="error")

    async def action_start(self) -> None:
        await self._send(p.Start())

    async def action_reveal(self) -> None:
        await self._send(p.Reveal())

    async def action_next(self) -> None:
        await self._send(p.Next())

    async def action_pause(self) -> None:
        await self._send(p.Resume() if self.state is p.SessionState.paused else p.Pause())

    async def action_add_time(self) -> None:
        await self._send(p.AddTime(seconds=ADD_SECONDS))

    async def action_skip(self) -> None:
        await self._send(p.Skip())

    async def action_lock(self) -> None:
        await self._send(p.Lock(locked=not self.locked))

    def action_waiting(self) -> None:
        self.waiting_only = not self.waiting_only
        self._draw_list()

    def action_projector(self) -> None:
        self.projector = not self.projector
        self._big.clear()
        self._show_state()
        self._show_answered(*self.answered)
        self._tick()

    def _highlighted(self) -> p.Participant | None:
        listed = self.query_one("#participants", ParticipantList)
        if listed.highlighted is None or listed.highlighted >= len(self.shown):
            return None
        return self.shown[listed.highlighted]

    async def action_kick(self) -> None:
        person = self._highlighted()
        if self.client is None or person is None:
            return
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        async def decided(yes: bool | None) -> None:
            if yes:
                await self._send(p.Kick(participant=person.id))

        self.app.push_screen(
            ConfirmDialog(_("Remove this participant?"), person.name, yes=_("Kick"), no=_("Keep")), decided
        )

    async def action_merge(self) -> None:
        person = self._highlighted()
        if person is None:
            return
        base = _SUFFIX.sub("", person.name).casefold()
        first = next(
            (x for x in self.people.values() if x.id != person.id and x.name.casefold() == base), None
        )
        if first is None:
            self.notify(
                _("No one else is called {name!r}.").format(name=_SUFFIX.sub("", person.name)),
                severity="warning",
            )
            return
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        async def decided(yes: bool | None) -> None:
            if yes:
                await self._send(p.Merge(participant=person.id, into=first.id))

        self.app.push_screen(
            ConfirmDialog(
                _("The same learner twice?"),
                _("Merge {name!r} into {first!r}: one seat, one attempt, the scores counted again.").format(
                    name=person.name, first=first.name
                ),
                yes=_("Merge"),
                no=_("Keep both"),
            ),
            decided,
        )

    async def action_end(self) -> None:
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        async def decided(yes: bool | None) -> None:
            if yes:
                await self._send(p.End())

        self.app.push_screen(
            ConfirmDialog(
                _("End the session for everyone?"),
                _("Every learner's attempt is finished and the final results are shown."),
                yes=_("End"),
                no=_("Keep going"),
            ),
            decided,
        )

    def action_export(self) -> None:
        """The session's results as the room saw them, as csv and json in the current folder."""
        if self.session is not None:
            self.post_message(m.SessionResultsWanted(self.session.code))

    async def action_leave(self) -> None:
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        async def decided(yes: bool | None) -> None:
            if yes:
                await self.shutdown()
                self.app.exit()

        code = self.session.code if self.session else ""
        text = (
            _(
                "Learners are disconnected. Resume later with `quiz host --resume {code}`: answers and "
                "scores are kept."
            ).format(code=code)
            if self.state is not p.SessionState.ended
            else _("The session has ended; its results stay in the database.")
        )
        self.app.push_screen(
            ConfirmDialog(_("Close the host screen?"), text, yes=_("Close"), no=_("Stay")), decided
        )

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
        running = state is not p.SessionState.ended
        allowed = {
            "start": state is p.SessionState.lobby,
            "kick": running and bool(self.people),
            "merge": running and len(self.people) > 1,
            "reveal": state in OPEN,
            "pause": state in OPEN,
            "add_time": state in OPEN,
            "next": state is p.SessionState.revealed,
            "skip": state in (p.SessionState.lobby, p.SessionState.revealed),
            "waiting": state in OPEN,
            "lock": running,
            "end": running,
            "export": state is p.SessionState.ended,
        }
        return allowed.get(action, True)
