"""The live screens as Textual screens: what they show is reactive state (set it, and the
screen shows it), and what the app owns (the store, exports, which screen comes next) they ask
for with messages that the app handles. Every wait is on a message or a condition the screen
reaches, never on the clock."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher

from quiz.frontends.tui import AppSettings, HostRequest, JoinRequest, QuizApp, make_app
from quiz.frontends.tui import messages as m
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.live_common import Heard
from quiz.frontends.tui.screens.live_host import HostScreen, Throttled
from quiz.frontends.tui.screens.live_learner import LearnerScreen
from quiz.frontends.tui.widgets.bigtext import big
from quiz.live import protocol as p
from quiz.live.client import LiveClient
from quiz.live.hosting import HostSpec
from quiz.live.room import LiveOptions
from quiz.store import Store
from tests.conftest import FIXTURES
from tests.live.conftest import RoomFactory, expect
from tests.live.test_screens import text

T = TypeVar("T")
HANG = 120.0
"""Only a guard against a test that would hang: each step waits for a message, not for time."""


class Messages:
    """Every message the app's screens post, as ``run_test``'s ``message_hook`` sees them."""

    def __init__(self) -> None:
        self.seen: list[Message] = []
        self.arrived = asyncio.Event()

    def __call__(self, message: Message) -> None:
        self.seen.append(message)
        self.arrived.set()

    async def until(self, pilot: Pilot[None], found: Callable[[Message], bool]) -> Message:
        """The first message (seen already or to come) for which ``found`` holds, once the app
        has handled it."""
        async with asyncio.timeout(HANG):
            start = 0
            while True:
                for message in self.seen[start:]:
                    if found(message):
                        await pilot.pause()  # the queues are drained: its handler has run
                        return message
                start = len(self.seen)
                self.arrived.clear()
                await self.arrived.wait()

    async def heard(self, pilot: Pilot[None], kind: type[T]) -> T:
        """The next server event of ``kind`` a live screen has taken up and shown."""
        message = await self.until(
            pilot,
            lambda msg: isinstance(msg, Heard) and isinstance(msg.event, kind),
        )
        event = message.event  # type: ignore[attr-defined]
        assert isinstance(event, kind)
        return event

    async def posted(self, pilot: Pilot[None], kind: type[T]) -> T:
        message = await self.until(pilot, lambda msg: isinstance(msg, kind))
        assert isinstance(message, kind)
        return message


def host_app(tmp_path: Path) -> QuizApp:
    spec = HostSpec(str(FIXTURES / "sample.toml"), options=LiveOptions(time_limit=60, shuffle=False), port=0)
    return make_app(AppSettings(tmp_path / "host.db", [FIXTURES / "sample.toml"], host=HostRequest(spec)))


async def welcomed(app: QuizApp, pilot: Pilot[None], seen: Messages) -> HostScreen:
    await seen.heard(pilot, p.HostWelcome)
    screen = app.screen
    assert isinstance(screen, HostScreen)
    assert screen.hosted is not None
    return screen


async def test_setting_the_host_screens_state_shows_it(tmp_path: Path) -> None:
    app, seen = host_app(tmp_path), Messages()
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await welcomed(app, pilot, seen)
        assert "s starts" in text(screen, "#live-status")
        screen.state = p.SessionState.revealed
        await pilot.pause()
        assert screen.query_one(ContentSwitcher).current == "host-reveal"
        assert "n for the next question" in text(screen, "#live-status")
        assert screen.check_action("next", ())
        assert not screen.check_action("start", ())
        screen.connection = "⚠ connection to the server lost"
        await pilot.pause()
        assert text(screen, "#live-status") == "⚠ connection to the server lost"
        screen.connection = None
        await pilot.pause()
        assert "n for the next question" in text(screen, "#live-status")
        screen.board = [p.LeaderboardEntry(rank=1, id=1, name="Aiko 田中", score=900, correct=1)]
        await pilot.pause()
        assert "Aiko 田中" in text(screen, "#reveal-board")
        screen.locked = True
        await pilot.pause()
        assert "locked" in text(screen, "#participants-title")
        screen.state = p.SessionState.question
        screen.answered = (3, 7)
        screen.projector = True
        await pilot.pause()
        assert screen.query_one(ContentSwitcher).current == "host-question"
        assert "3 of 7 answered" in text(screen, "#host-answered")
        assert screen.has_class("-projector")
        assert text(screen, "#big-answered") == big("3/7")


async def test_the_host_screens_words_name_the_keys_the_keymap_gives(tmp_path: Path) -> None:
    # "lobby: s starts" stayed with "host.start" = "b", where s did nothing.
    from dataclasses import replace

    from quiz.config.settings import UserSettings

    keymap = {"host.start": "b", "host.next": "t"}
    app, seen = host_app(tmp_path), Messages()
    app.settings = replace(app.settings, user=UserSettings(keymap=keymap))
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await welcomed(app, pilot, seen)
        assert "lobby: b starts" in text(screen, "#live-status")
        screen.state = p.SessionState.revealed
        await pilot.pause()
        assert "revealed: t for the next question" in text(screen, "#live-status")


async def test_the_not_answered_count_goes_with_the_question(tmp_path: Path) -> None:
    """It once stayed in the list's title after the reveal and at the end."""
    app, seen = host_app(tmp_path), Messages()
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await welcomed(app, pilot, seen)
        assert screen.hosted is not None
        ona = LiveClient(screen.hosted.url, code=screen.hosted.code, name="Ona", reconnect=False)
        try:
            await ona.connect()
            await seen.heard(pilot, p.Participants)
            await pilot.press("s")
            await seen.heard(pilot, p.QuestionMessage)
            assert "not answered: 1" in text(screen, "#participants-title")
            await pilot.press("r")
            await seen.heard(pilot, p.RevealMessage)
            assert "not answered" not in text(screen, "#participants-title")
        finally:
            await ona.close()


async def test_the_hosts_export_and_close_reach_the_app(tmp_path: Path, monkeypatch: object) -> None:
    monkeypatch.chdir(tmp_path)  # type: ignore[attr-defined]
    app, seen = host_app(tmp_path), Messages()
    async with app.run_test(size=(120, 40), message_hook=seen) as pilot:
        screen = await welcomed(app, pilot, seen)
        assert screen.hosted is not None
        code = screen.hosted.code
        ona = LiveClient(screen.hosted.url, code=code, name="Ona", reconnect=False)
        await ona.connect()
        await seen.heard(pilot, p.Participants)
        await pilot.press("s")
        await expect(ona, p.QuestionMessage)
        await ona.answer(0, [0])  # the only learner: the room reveals by itself
        await seen.heard(pilot, p.RevealMessage)
        await pilot.press("e", "y")
        await seen.heard(pilot, p.Ended)
        await pilot.press("x")
        wanted = await seen.posted(pilot, m.SessionResultsWanted)
        assert wanted.code == code
        assert (tmp_path / f"session-{code}-results.json").is_file()  # written by the app's handler
        await ona.close()
        await pilot.press("q", "y")
        await seen.posted(pilot, m.HostClosed)
        assert screen.hosted is None  # the server stopped before the app was told
        assert app.return_code == 0


def join_app(tmp_path: Path, address: str, code: str, **settings: object) -> QuizApp:
    request = JoinRequest(address, code, "Ona")
    return make_app(
        AppSettings(tmp_path / "learner.db", [FIXTURES / "sample.toml"], join=request, **settings)
    )  # type: ignore[arg-type]


async def test_the_learner_screen_is_given_who_joins_and_in_which_language(
    open_room: RoomFactory, tmp_path: Path
) -> None:
    with Store(tmp_path / "learner.db") as store:
        store.remember_learner("Ona", "ona@example.lt", "")
    room = await open_room()
    app, seen = (
        join_app(tmp_path, f"127.0.0.1:{room.server.port}", room.session.code, language="lt"),
        Messages(),
    )
    async with app.run_test(size=(80, 24), message_hook=seen) as pilot:
        await seen.heard(pilot, p.Joined)
        screen = app.screen
        assert isinstance(screen, LearnerScreen)
        assert (screen.email, screen.language) == ("ona@example.lt", "lt")
        assert screen.client is not None
        assert screen.client.language == "lt"  # sent with every join: the room shows the bank in it
    (attempt,) = room.store.attempts(session_code=room.session.code, finished=None)
    assert attempt.learner.email == "ona@example.lt"  # the remembered learner's, through the screen


async def test_leaving_a_session_quiz_join_started_ends_the_program(
    open_room: RoomFactory, tmp_path: Path
) -> None:
    room = await open_room()
    app, seen = join_app(tmp_path, f"127.0.0.1:{room.server.port}", room.session.code), Messages()
    async with app.run_test(size=(80, 24), message_hook=seen) as pilot:
        await seen.heard(pilot, p.Joined)
        await room.host.end()
        await seen.heard(pilot, p.Ended)
        await pilot.press("q")
        await seen.posted(pilot, m.SessionLeft)
        assert app.return_code == 0


async def test_leaving_a_session_joined_from_home_goes_home(open_room: RoomFactory, tmp_path: Path) -> None:
    room = await open_room()
    app = make_app(AppSettings(tmp_path / "learner.db", [FIXTURES / "sample.toml"], name="Ona"))
    seen = Messages()
    async with app.run_test(size=(80, 24), message_hook=seen) as pilot:
        await seen.posted(pilot, m.HomeShown)
        await pilot.press("j")
        form = app.screen
        assert form.query_one("#name").value == "Ona"  # type: ignore[attr-defined]  # given by the app
        form.query_one("#code").value = room.session.code  # type: ignore[attr-defined]
        form.query_one("#address").value = f"127.0.0.1:{room.server.port}"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await seen.heard(pilot, p.Joined)
        await room.host.end()
        await seen.heard(pilot, p.Ended)
        await pilot.press("q")
        await seen.posted(pilot, m.SessionLeft)
        assert isinstance(app.screen, HomeScreen)
        assert app.return_code is None


async def test_a_refused_join_reaches_the_form_through_the_app(
    open_room: RoomFactory, tmp_path: Path
) -> None:
    room = await open_room()
    app, seen = join_app(tmp_path, f"127.0.0.1:{room.server.port}", "ZZZZZZ"), Messages()
    async with app.run_test(size=(80, 24), message_hook=seen) as pilot:
        failed = await seen.posted(pilot, m.JoinFailed)
        assert "✗ " + failed.reason == text(app.screen, "#join-error")


def test_room_updates_are_drawn_at_once_when_quiet_and_once_a_tick_when_busy() -> None:
    done: list[int] = []
    throttled = Throttled(lambda: done.append(len(done)))
    throttled.request()
    assert done == [0]  # a quiet room: at once
    throttled.request()
    throttled.request()
    assert done == [0]  # busy: the two wait for the tick
    throttled.tick()
    assert done == [0, 1]  # once, for both
    throttled.tick()
    assert done == [0, 1]  # nothing asked: nothing done, and the room is quiet again
    throttled.request()
    assert done == [0, 1, 2]


def test_a_big_rooms_list_is_drawn_once_in_four_ticks() -> None:
    done: list[int] = []
    big = [True]
    throttled = Throttled(lambda: done.append(len(done)), every=lambda: 4 if big[0] else 1)
    throttled.request()
    throttled.request()
    for _ in range(3):
        throttled.tick()
    assert done == [0]  # three ticks of four pass
    throttled.tick()
    assert done == [0, 1]
    throttled.request()
    for _ in range(4):
        throttled.tick()
    assert done == [0, 1, 2]  # at most once a second
    big[0] = False
    throttled.request()
    throttled.tick()
    assert done == [0, 1, 2, 3]  # a small room: every tick


async def test_a_session_that_cannot_be_hosted_offers_nothing_to_pace(tmp_path: Path) -> None:
    """It once said "lobby: s starts" and offered Start, Skip and Lock for a server that never ran."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        spec = HostSpec(str(FIXTURES / "sample.toml"), options=LiveOptions(time_limit=60), port=port)
        app = make_app(AppSettings(tmp_path / "host.db", [FIXTURES / "sample.toml"], host=HostRequest(spec)))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.screen
            assert isinstance(screen, HostScreen)
            await screen.workers.wait_for_complete()
            await pilot.pause()
            assert "Cannot host" in text(screen, "#live-title")
            assert text(screen, "#live-status").startswith("closed: ")
            assert not any(screen.check_action(name, ()) for name in ("start", "skip", "lock", "end"))
            assert screen.check_action("leave", ())
