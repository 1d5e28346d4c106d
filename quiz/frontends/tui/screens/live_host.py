"""The instructor's screen: lobby with the join code, then pacing, reveal and results.

The screen starts the session server in a process of its own (``quiz.live.hosting.serve_apart``:
Textual's redraws would otherwise hold up a room's answers) and drives it through a host
client, over the same protocol the learners use: what the host sees is what the server
decided, never a second opinion computed here; closing the screen stops the server. What it
shows is reactive state (the session's phase, the question, the reveal, the standings, the
room, the connection): each server event sets it, and the ``watch_`` methods draw what
changed. The room's fast figures (who joined, who answered, the countdown) are published to
it at most four times a second.

The participants stay in view beside the lobby, the question and the reveal, so a kick acts on
the list the host can see; during a question ``w`` narrows it to those who have not answered.
``v`` is the projector view: the countdown and the answer count in large figures, then the
distribution and the explanation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Label, ProgressBar, Static

from quiz.bank.models import plain_line
from quiz.engine.timing import Clock, utc_now
from quiz.errors import QuizError
from quiz.frontends.live_reasons import closed as closed_reason
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.launch import HostRequest
from quiz.frontends.tui.screens.live_common import (
    Countdown,
    Heard,
    Leaderboard,
    qr_text,
    question_heading,
    seconds_text,
    shown_of,
)
from quiz.frontends.tui.shown_keys import shown_key
from quiz.frontends.tui.styled import styled
from quiz.frontends.tui.widgets.bars import Bar, Bars
from quiz.frontends.tui.widgets.bigtext import BigText
from quiz.frontends.tui.widgets.footer import Footer
from quiz.frontends.tui.widgets.hanging import Hanging, Row
from quiz.frontends.tui.widgets.markdown import Markdown
from quiz.frontends.tui.widgets.participants import ParticipantList
from quiz.i18n import _, current_language, ngettext
from quiz.i18n.lists import together
from quiz.i18n.numbers import decimal, percent, signed_percent, unit_spaces, with_unit
from quiz.i18n.phrases import spaced
from quiz.i18n.width import cells
from quiz.kinds.kind import Form, prompt_label, shown_answer_lines
from quiz.live import protocol as p

if TYPE_CHECKING:
    from quiz.bank import Bank
    from quiz.live.client import Event, LiveClient
    from quiz.live.hosting import ServerProcess
    from quiz.live.questions import Paper
    from quiz.store import Store

OPEN = (p.SessionState.question, p.SessionState.paused)
ADD_SECONDS = 10.0
_SUFFIX = re.compile(r" \(\d+\)$")


BIG_ROOM = 500
"""A room larger than this has its list redrawn at most once a second and its counts twice:
the screen's redraws were half its process's CPU at 2,000 learners (benchmarks/live_load.py),
on the cores the session server and the room share."""


class Throttled:
    """An update that may be asked for ten times a second, done at most once a tick: at once
    when the last tick found nothing to do (a quiet room shows each change as it comes), and
    otherwise by the next tick, once for all the requests since; while ``every()`` says more
    than 1, only on every that many ticks."""

    def __init__(self, update: Callable[[], None], every: Callable[[], int] = lambda: 1) -> None:
        self.update = update
        self.every = every
        self.quiet = True
        self.pending = False
        self.ticks = 0

    def request(self) -> None:
        if self.quiet:
            self.quiet = False
            self.update()
        else:
            self.pending = True

    def tick(self) -> None:
        self.ticks += 1
        if self.ticks % self.every():
            return
        if self.pending:
            self.pending = False
            self.update()
        else:
            self.quiet = True


PANES = {
    p.SessionState.lobby: "host-lobby",
    p.SessionState.question: "host-question",
    p.SessionState.paused: "host-question",
    p.SessionState.revealed: "host-reveal",
    p.SessionState.ended: "host-ended",
}


class HostScreen(Screen[None]):
    CSS_PATH = "live.tcss"
    # At 80 columns these leave the footer first, in this order (help lists them all): the
    # keys that move the session on (start, reveal, next, end, quit) stay in view.
    FOOTER_SPARE = ("merge", "lock", "waiting", "projector", "kick", "skip", "add_time", "pause")
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

    state: var[p.SessionState] = var(p.SessionState.lobby, init=False, bindings=True)
    welcome: var[p.HostWelcome | None] = var(None, init=False, bindings=True)
    """The session as the server first described it; until then there is nothing to pace."""
    question: var[p.QuestionMessage | None] = var(None, init=False)
    reveal: var[p.RevealMessage | None] = var(None, init=False)
    preview: var[p.Preview | None] = var(None, init=False)
    ended: var[p.Ended | None] = var(None, init=False)
    board: var[list[p.LeaderboardEntry]] = var(list, init=False)
    """The standings after a reveal (bound to the reveal's leaderboard)."""
    final_board: var[list[p.LeaderboardEntry]] = var(list, init=False)
    roster: var[tuple[p.Participant, ...]] = var((), init=False, always_update=True)
    """Everyone in the session as last published (compared by nobody: 5,000 of them)."""
    answered: var[tuple[int, int]] = var((0, 0), init=False)
    """How many answered the open question, of how many participants."""
    seconds_left: var[int | None] = var(None, init=False)
    locked: var[bool] = var(False, init=False)
    waiting_only: var[bool] = var(False, init=False)
    """``w``: the list shows only who has not answered the open question."""
    projector: var[bool] = var(False, init=False, toggle_class="-projector")
    connection: var[str | None] = var(None, init=False)
    """Set while the connection to the server is down: shown until it changes."""
    status: var[str] = var("")

    def __init__(
        self,
        request: HostRequest,
        store: Store,
        bank: Callable[[str], Bank],
        *,
        bank_dirs: Sequence[Path] = (),
        clock: Clock = utc_now,
    ) -> None:
        super().__init__()
        self.request = request
        self.store = store
        self.bank = bank
        """Finds the bank a session asks for (``HostSpec.bank``, or a resumed session's)."""
        self.bank_dirs = bank_dirs
        """Where the server process finds a bank named by id, as ``bank`` does here."""
        self.hosted: ServerProcess | None = None
        self.paper: Paper | None = None
        """The session's questions as the server asks them, read from its record: the words
        of its frames in the host's language, the plan a skip changed."""
        self.client: LiveClient | None = None
        self.people: dict[int, p.Participant] = {}
        """Everyone in the session, kept from ``host_welcome`` and each ``participants`` change,
        and published to ``roster`` by the tick."""
        self.answered_ids: set[int] = set()
        """Who has answered the open question: emptied when one opens (a room of 5,000 would
        otherwise copy 5,000 participants to clear their flags), filled by ``participants``
        (its ``answered`` ids; the entries in ``people`` keep the flag they last came with)."""
        self.shown: list[p.Participant] = []
        """The list as drawn (filtered when ``waiting_only``): what ``k`` and ``m`` act on."""
        self.countdown = Countdown(clock)
        self._counted = (0, 0)
        """The latest answer count heard, published to ``answered`` by ``_counts``."""
        self._counts = Throttled(self._publish_counted, every=lambda: 2 if self._big_room() else 1)
        self._roster = Throttled(self._publish_roster, every=lambda: 4 if self._big_room() else 1)
        self._big: dict[str, str] = {}
        self._texts: dict[str, str] = {}

    def _big_room(self) -> bool:
        return len(self.people) > BIG_ROOM

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
                    yield Leaderboard(id="reveal-board").data_bind(entries=HostScreen.board)
                    yield Static("", id="reveal-next", classes="dim-label")
                with VerticalScroll(id="host-ended", can_focus=False):
                    yield Label(_("Final leaderboard"), classes="section-title")
                    yield Leaderboard(id="final-board").data_bind(entries=HostScreen.final_board)
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
        self.set_interval(0.25, self.tick)
        self.run_session()

    # -- the session ----------------------------------------------------------------------------

    @work(exclusive=True, group="host", exit_on_error=False)
    async def run_session(self) -> None:
        from quiz.live.client import Closed, LiveClient
        from quiz.live.hosting import serve_apart

        language = current_language()
        try:
            hosted = await serve_apart(self.store.path, self.request.spec, self.bank_dirs, language=language)
            # The session is in its record once the server says where it listens: its paper is
            # read with no await between it and ``hosted``, so that one never goes without the
            # other (a test that waited for ``hosted`` found no paper while the welcome was
            # slow, under load).
            self.hosted = hosted
            paper = self._read_paper()
            self.client = LiveClient(hosted.url, code=hosted.code, host_token=hosted.host_token)
            welcome = await self.client.connect()
        except (QuizError, OSError) as exc:
            self.query_one("#live-title", Label).update(
                Content("✗ " + _("Cannot host: {why}").format(why=exc))
            )
            self.notify(str(exc), title=_("Cannot host the session"), severity="error", timeout=15)
            self.connection = _("closed: {why}").format(why=exc)  # not "lobby: s starts"
            return
        from quiz.frontends.live_host_language import for_host

        self.post_message(Heard(for_host(welcome, paper, language)))
        async for event in self.client:
            if isinstance(event, p.Preview):
                paper = self._read_paper()  # a skip drops a question from the plan
            self.post_message(Heard(for_host(event, paper, language)))
            if isinstance(event, Closed):
                break

    def _read_paper(self) -> Paper:
        from quiz.live.session import LiveSession

        assert self.hosted is not None
        code = self.hosted.code
        bank = self.bank(self.request.spec.bank or LiveSession.stored_bank_ref(self.store, code))
        self.paper = LiveSession.stored_paper(self.store, code, bank)
        return self.paper

    def on_heard(self, message: Heard) -> None:
        self.handle(message.event)

    def handle(self, event: Event) -> None:
        """Every message from the server lands here and sets what the screen shows."""
        from quiz.live.client import Closed, Disconnected

        match event:
            case p.HostWelcome():
                self.people = {person.id: person for person in event.participants}
                self.answered_ids = {person.id for person in event.participants if person.answered}
                self._publish_roster()
                self.locked = event.locked
                self.connection = None
                self.welcome = event
                self.state = event.state
            case p.Participants(participants=changed, removed=removed, answered=answered):
                for person in changed:
                    self.people[person.id] = person
                    if person.answered:
                        self.answered_ids.add(person.id)
                    else:
                        self.answered_ids.discard(person.id)
                self.answered_ids.update(answered)  # answers come as ids, not entries
                for gone in removed:
                    self.people.pop(gone, None)
                    self.answered_ids.discard(gone)
                self._roster.request()  # joins come ten times a second
            case p.QuestionMessage():
                self.answered_ids = set()
                self._publish_roster()
                self._counted = (0, len(self.people))
                self._publish_counted()
                self._time(event.remaining, event.paused)
                self.question = event
                self.state = p.SessionState.paused if event.paused else p.SessionState.question
            case p.AnsweredCount(count=count, participants=people):
                self._counted = (count, people)
                self._counts.request()  # ten a second are too many to draw
            case p.Paused(remaining=left):
                self._time(left, paused=True)
                self.state = p.SessionState.paused
            case p.Resumed(remaining=left) | p.Extended(remaining=left):
                self._time(left)
                self.state = p.SessionState.question
            case p.RevealMessage():
                self._time(None)
                self.reveal = event
                self.state = p.SessionState.revealed
            case p.Leaderboard(entries=entries):
                self.board = entries
            case p.Preview():
                self.preview = event
            case p.Locked(locked=locked):
                self.locked = locked
                self.notify(_("Room locked: no new learners.") if locked else _("Room open to new learners."))
            case p.Ended():
                self._time(None)
                self.final_board = event.leaderboard
                self.ended = event
                self.state = p.SessionState.ended
            case p.Error(message=message):
                self.notify(message, title=_("The server refused"), severity="warning")
            case Disconnected(retry_in=wait):
                self.connection = "⚠ " + with_unit(
                    _("connection to the server lost: retrying (next in {seconds} s)"), seconds=f"{wait:.0f}"
                )
            case Closed():
                self.connection = _("closed: {why}").format(why=closed_reason(event))
            case _:
                pass

    def _time(self, remaining: float | None, paused: bool = False) -> None:
        if remaining is None:
            self.countdown.stop()
        else:
            self.countdown.start(remaining, paused)
        self.seconds_left = self.countdown.seconds

    def _publish_roster(self) -> None:
        self.roster = tuple(self.people.values())

    def _publish_counted(self) -> None:
        self.answered = self._counted

    def tick(self) -> None:
        """Four times a second: the countdown and the room's fast-changing figures published
        to the reactive state, so that a room of 5,000 that keeps joining and answering costs
        two redraws of its counts a second and one of its list."""
        self.seconds_left = self.countdown.seconds
        self._counts.tick()
        self._roster.tick()

    # -- drawing: each watcher draws what its state shows ---------------------------------------

    def compute_status(self) -> str:
        """The header's right side: a lost connection until it is back, never hidden by the clock."""
        if self.connection is not None:
            return self.connection
        state = self.state
        if state in OPEN:
            return seconds_text(self.seconds_left, paused=state is p.SessionState.paused)
        if state is p.SessionState.lobby:
            return _("lobby: {key} starts").format(key=shown_key(self, "host.start", "s")) + (
                " · " + _("room locked") if self.locked else ""
            )
        if state is p.SessionState.ended:
            return _("ended")
        return _("revealed: {key} for the next question").format(key=shown_key(self, "host.next", "n"))

    def watch_status(self, status: str) -> None:
        self._label("#live-status", status)

    def watch_state(self) -> None:
        self.query_one(ContentSwitcher).current = PANES[self.state]
        self._draw_list()

    def watch_projector(self) -> None:
        self._big.clear()
        self._draw_big()

    def watch_welcome(self, welcome: p.HostWelcome | None) -> None:
        if welcome is None:
            return
        total = welcome.settings.questions
        values = {
            "title": welcome.bank_title,
            "code": welcome.code,
            "n": total,
            "t": decimal(welcome.settings.time_limit),
        }
        message = unit_spaces(
            ngettext(
                "Live · code {code} · {title} · {n} question, {t} s each",
                "Live · code {code} · {title} · {n} questions, {t} s each",
                total,
            ),
            values,
        )
        self.query_one("#live-title", Label).update(
            styled(message, {"code": "bold", "title": "bold"}, **values)
        )
        self.query_one("#big-code", BigText).set_text(welcome.code)
        self.query_one("#join-how", Static).update(Content(self._join_how(welcome.code)))
        if self.request.web_url:
            self.query_one("#join-qr", Static).update(qr_text(self.request.web_url))

    def _join_how(self, code: str) -> str:
        assert self.hosted is not None
        addresses = self.request.join_hint or [f"{self.request.spec.bind}:{self.hosted.port}"]
        lines = [_("Learners join with:")]
        lines += [f"  quiz join {address} --code {code}" for address in addresses]
        lines.append(_("or from the app's home screen (j)."))
        if self.request.web_url:
            lines.append(_("In a browser (scan the code): {url}").format(url=self.request.web_url))
        return "\n".join(lines)

    def watch_roster(self) -> None:
        self._draw_list()

    def watch_waiting_only(self) -> None:
        self._draw_list()

    def watch_locked(self) -> None:
        self._draw_title()

    def _draw_list(self) -> None:
        """The participants as a list (it draws only the rows in view: a room of 5,000 costs
        what 20 rows cost)."""
        asking = self.state in OPEN
        everyone, answered = self.roster, self.answered_ids
        self.shown = (
            [x for x in everyone if x.id not in answered] if self.waiting_only and asking else list(everyone)
        )
        self.query_one("#participants", ParticipantList).show(self.shown, answered if asking else None)
        self._draw_title()

    def _draw_title(self) -> None:
        everyone = self.roster
        connected = sum(person.connected for person in everyone)
        title = _("Participants: {n} ({on} on)").format(n=len(everyone), on=connected)
        if self.state in OPEN:
            waiting = sum(person.id not in self.answered_ids for person in everyone)
            title += " · " + _("not answered: {n}").format(n=waiting)
            if self.waiting_only:
                title += " " + _("(shown)")
        if self.locked:
            title += " · " + _("locked")
        self._label("#participants-title", title)

    def watch_question(self, question: p.QuestionMessage | None) -> None:
        if question is None:
            return
        self.query_one("#host-q-counter", Label).update(question_heading(question))
        self.query_one("#host-prompt", Markdown).update(question.prompt)
        lines = [Content(f"{i + 1}. {text}") for i, text in enumerate(question.options)]
        if question.form is Form.match:
            lines = [
                *(Content(f"{prompt_label(i)}. {text}") for i, text in enumerate(question.prompts)),
                Content.styled(_("Answers:"), "bold"),
                *lines,
            ]
        self.query_one("#host-options", Static).update(Content("\n").join(lines))

    def watch_answered(self, answered: tuple[int, int]) -> None:
        count, people = answered
        self._label("#host-answered", _("{count} of {people} answered").format(count=count, people=people))
        self.query_one("#host-progress", ProgressBar).update(total=max(people, 1), progress=count)
        self._big_text("#big-answered", f"{count}/{people}")

    def watch_seconds_left(self, seconds: int | None) -> None:
        self._big_text("#big-countdown", "" if seconds is None else str(seconds))

    def _draw_big(self) -> None:
        count, people = self.answered
        self._big_text("#big-answered", f"{count}/{people}")
        self._big_text("#big-countdown", "" if self.seconds_left is None else str(self.seconds_left))

    def watch_reveal(self, reveal: p.RevealMessage | None) -> None:
        if reveal is None:
            return
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
            self.query_one("#reveal-answer", Static).update(Content(spaced(_("Answer:")) + together(right)))
            self.query_one("#reveal-bars", Bars).set_bars(
                [
                    Bar(part.label, part.right / total, _("{n} right").format(n=part.right), "$success")
                    for part in reveal.parts
                ]
            )
            self.query_one("#reveal-explanation", Markdown).update(reveal.explanation)
            return
        right = [f"✓ {i + 1}. {options[i]}" for i in reveal.correct if i < len(options)]
        self.query_one("#reveal-answer", Static).update(Content(spaced(_("Answer:")) + together(right)))
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

    def watch_preview(self, preview: p.Preview | None) -> None:
        if preview is None:
            return
        if preview.prompt:
            text = Content(
                _("Next ({n}): {prompt}").format(
                    n=preview.position + 1, prompt=plain_line(preview.prompt, 100)
                )
                + "  · "
                + _("{key} skips it").format(key=shown_key(self, "host.skip", "j"))
            )
        else:
            text = Content(_("Next: the end of the session"))
        for selector in ("#lobby-next", "#reveal-next"):
            self.query_one(selector, Static).update(text)

    def watch_ended(self, ended: p.Ended | None) -> None:
        if ended is None:
            return
        rows = []  # each question's lines wrap under its text, not under its number
        for item in ended.items or []:
            facility = "–" if item.facility is None else percent(100 * item.facility)
            discrimination = (
                _("not enough spread") if item.discrimination is None else signed_percent(item.discrimination)
            )
            people = len(self.people)
            figures = _(
                "facility {facility} · discrimination {discrimination} · {right} of {people} right "
                "({answered} answered)"
            ).format(
                facility=facility,
                discrimination=discrimination,
                right=item.correct,
                people=people,
                answered=item.answered,
            )
            rows.append(Row(Content(f"{item.position + 1:>2}. "), Content(plain_line(item.prompt, 60))))
            rows.append(Row(Content("    "), Content(figures)))
        self.query_one("#final-items", Static).update(Hanging(rows) if rows else "")

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

    def action_projector(self) -> None:
        self.projector = not self.projector

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
                _("No one else is called “{name}”.").format(name=_SUFFIX.sub("", person.name)),
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
                _("Merge “{name}” into “{first}”: one seat, one attempt, the scores counted again.").format(
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
        if self.hosted is not None:
            self.post_message(m.SessionResultsWanted(self.hosted.code))

    async def action_leave(self) -> None:
        from quiz.frontends.tui.screens.dialogs import ConfirmDialog

        async def decided(yes: bool | None) -> None:
            if yes:
                await self.shutdown()
                self.post_message(m.HostClosed())

        code = self.hosted.code if self.hosted else ""
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
        if self.welcome is None and action not in ("leave", "projector"):
            return False  # no session (yet, or it could not be hosted): nothing to pace
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
