"""The host and learner screens driven with Pilot against a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import functools
import json
import shlex
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TypeVar

import pytest
from aiohttp import web
from click.testing import CliRunner
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Input

from quiz.cli import cli
from quiz.commands.context import Config
from quiz.frontends.tui import AppSettings, HostRequest, JoinRequest, QuizApp, make_app
from quiz.frontends.tui.screens.dialogs import JoinScreen
from quiz.frontends.tui.screens.live_common import Heard as ScreenHeard
from quiz.frontends.tui.screens.live_host import HostScreen
from quiz.frontends.tui.screens.live_learner import LearnerScreen
from quiz.frontends.tui.widgets.participants import ParticipantList
from quiz.frontends.web import join_command
from quiz.kinds.kind import Form
from quiz.live import client as live_client
from quiz.live import protocol as p
from quiz.live.client import Event, JoinError, LiveClient
from quiz.live.hosting import HostSpec
from quiz.live.room import LiveOptions
from tests.conftest import FIXTURES
from tests.live.conftest import WAIT, RoomFactory, expect
from tests.questions import right

T = TypeVar("T")


async def until(condition: Callable[[], bool], pilot: object, ceiling: float = WAIT) -> None:
    """Let the app run until ``condition`` holds, checked each time the app is idle again.

    The ceiling only stops a test that would hang; what the test waits for is the condition (a
    5 s budget ran out at load 15, where the same steps take seconds instead of milliseconds).
    """
    async with asyncio.timeout(ceiling):
        while not condition():
            await pilot.pause()  # type: ignore[attr-defined]


def app_for(tmp_path: Path, **settings: object) -> QuizApp:
    return make_app(AppSettings(tmp_path / "screen.db", [FIXTURES / "sample.toml"], **settings))  # type: ignore[arg-type]


def text(screen: object, selector: str) -> str:
    return str(screen.query_one(selector).render())  # type: ignore[attr-defined]


def right_choice(screen: HostScreen, position: int) -> int:
    """The shown position of the right option (single-answer questions), from the server's plan."""
    assert screen.paper is not None
    item = screen.paper.plan.items[position]
    question = screen.paper.bank.by_id[item.question_id]
    return item.order.index(min(right(question)))


async def test_host_screen_runs_a_session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    request = HostRequest(HostSpec(str(FIXTURES / "sample.toml"), options=LiveOptions(2, 30), port=0))
    app = app_for(tmp_path, host=request)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await until(lambda: isinstance(app.screen, HostScreen) and app.screen.hosted is not None, pilot)
        screen = app.screen
        assert isinstance(screen, HostScreen)
        # The server is up; the screen's own client is told the code a moment later.
        await until(lambda: text(screen, "#join-how") != "", pilot)
        assert screen.paper is not None
        assert screen.hosted is not None
        code = screen.hosted.code
        assert f"--code {code}" in text(screen, "#join-how")
        assert code in text(screen, "#live-title")
        learners = [
            LiveClient(screen.hosted.url, code=code, name=name) for name in ("[b]Ona[/b]", "Aiko 田中")
        ]
        try:
            await run_host_session(app, pilot, screen, learners)
        finally:
            for learner in learners:
                await learner.close()


async def run_host_session(
    app: QuizApp, pilot: object, screen: HostScreen, learners: list[LiveClient]
) -> None:
    assert screen.paper is not None
    code = screen.hosted.code
    for learner in learners:
        await learner.connect()
    participants = screen.query_one("#participants", ParticipantList)
    await until(lambda: participants.row_count == 2, pilot)
    assert "[b]Ona[/b]" in str(participants.row(0))
    await pilot.press("s")
    await until(lambda: screen.query_one(ContentSwitcher).current == "host-question", pilot)
    first = [await expect(learner, p.QuestionMessage) for learner in learners]
    right = right_choice(screen, 0)
    await learners[0].answer(0, [right])
    await until(lambda: "1 of 2 answered" in text(screen, "#host-answered"), pilot)
    await learners[1].answer(0, [(right + 1) % len(first[1].options)])
    # Everyone answered: the server reveals by itself.
    await until(lambda: screen.query_one(ContentSwitcher).current == "host-reveal", pilot)
    assert "2 of 2 answered" in text(screen, "#reveal-title")
    bars = text(screen, "#reveal-bars").splitlines()
    assert bars[right].startswith(f"✓ {right + 1}. ")
    assert bars[right].rstrip().endswith(" 1")
    await until(lambda: "[b]Ona[/b]" in text(screen, "#reveal-board"), pilot)
    board = text(screen, "#reveal-board").splitlines()
    assert board[1].split()[:2] == ["1", "[b]Ona[/b]"]
    await pilot.press("n")
    await until(lambda: screen.query_one(ContentSwitcher).current == "host-question", pilot)
    await pilot.press("p")  # pause
    await until(lambda: "paused" in text(screen, "#live-status"), pilot)
    await pilot.press("p", "r")  # resume, then reveal without waiting for answers
    await until(lambda: screen.query_one(ContentSwitcher).current == "host-reveal", pilot)
    await pilot.press("e", "y")
    await until(lambda: screen.query_one(ContentSwitcher).current == "host-ended", pilot)
    assert "facility" in text(screen, "#final-items")
    final = text(screen, "#final-board")
    assert "[b]Ona[/b]" in final
    assert "Aiko 田中" in final
    # The session's attempts are ordinary attempts: export and report read them.
    stored = app.store.attempts(session_code=code)
    assert sorted(row.learner.name for row in stored) == ["Aiko 田中", "[b]Ona[/b]"]
    # x: the session's results, through the export registry, as csv and json here.
    await pilot.press("x")
    await pilot.pause()
    results = json.loads(Path(f"session-{code}-results.json").read_text(encoding="utf-8"))
    assert sorted(learner["name"] for learner in results["learners"]) == ["Aiko 田中", "[b]Ona[/b]"]
    rows = Path(f"session-{code}-results.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 2 * 2  # a header, then each learner's row for each question asked


async def test_host_kicks_a_participant(tmp_path: Path) -> None:
    request = HostRequest(HostSpec(str(FIXTURES / "sample.toml"), options=LiveOptions(time_limit=30), port=0))
    app = app_for(tmp_path, host=request)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(lambda: isinstance(app.screen, HostScreen) and app.screen.hosted is not None, pilot)
        screen = app.screen
        assert isinstance(screen, HostScreen)
        assert screen.hosted
        assert screen.paper
        learner = LiveClient(screen.hosted.url, code=screen.hosted.code, name="Troll", reconnect=False)
        await learner.connect()
        participants = screen.query_one("#participants", ParticipantList)
        await until(lambda: participants.row_count == 1, pilot)
        await pilot.press("k", "y")
        await expect(learner, p.Kicked)
        await until(lambda: participants.row_count == 0, pilot)
        await learner.close()


class Heard:
    """What the learner screen has been told by the session, in order: ``run_test``'s
    ``message_hook`` sees each ``Heard`` as the screen takes it up."""

    HANG = 120.0
    """Only a guard against a test that would hang: no step waits for time to pass (the
    room's clock is manual, so no question can run out)."""

    def __init__(self) -> None:
        self.events: asyncio.Queue[Event] = asyncio.Queue()

    def __call__(self, message: Message) -> None:
        if isinstance(message, ScreenHeard):
            self.events.put_nowait(message.event)

    async def until(self, kind: type[T], pilot: Pilot[None]) -> T:
        """The next event of ``kind`` the screen hears, once the screen has shown it."""
        async with asyncio.timeout(self.HANG):
            while not isinstance(event := await self.events.get(), kind):
                pass
            await pilot.pause()  # the screen's queue is drained: its handler has run
        return event


async def test_learner_screen_joins_answers_and_sees_results(open_room: RoomFactory, tmp_path: Path) -> None:
    room = await open_room(questions=2)
    address = f"127.0.0.1:{room.server.port}"
    app = app_for(tmp_path, join=JoinRequest(address, room.session.code.lower(), "Ona [red]P[/red]"))
    heard = Heard()
    async with app.run_test(size=(80, 24), message_hook=heard) as pilot:
        await heard.until(p.Joined, pilot)
        screen = app.screen
        assert isinstance(screen, LearnerScreen)
        assert "Ona [red]P[/red]" in text(screen, "#live-title")
        assert "Waiting for the host" in text(screen, "#lobby-text")
        screen.countdown.now = room.clock.now  # the room's clock moves only when told
        await room.host.start()
        question = await heard.until(p.QuestionMessage, pilot)
        switcher = screen.query_one(ContentSwitcher)
        assert switcher.current == "learner-question"
        assert "30\xa0s left" in text(screen, "#live-status")
        item = room.session.plan.items[0]
        keys = [str(item.order.index(i) + 1) for i in right(room.session.bank.by_id[item.question_id])]
        await pilot.press(*keys, *(["enter"] if question.form is Form.choose_many else []))
        await heard.until(p.Accepted, pilot)
        assert "Locked in" in text(screen, "#learner-hint")
        await pilot.press("1")  # a second answer is not sent: the choice is locked
        await heard.until(p.Result, pilot)  # the only learner answered: the room reveals by itself
        assert "Right!" in text(screen, "#result-verdict")
        assert "rank 1 of 1" in text(screen, "#result-score")
        await room.host.next()
        await heard.until(p.QuestionMessage, pilot)
        assert switcher.current == "learner-question"
        await room.host.end()
        await heard.until(p.Ended, pilot)
        assert switcher.current == "learner-ended"
        assert "you placed 1 of 1" in text(screen, "#final-verdict")
        assert "Missed questions (1)" in text(screen, "#missed-title")
        assert "Why:" in text(screen, "#final-missed")
    # The second key press sent nothing: the one answer stored is the one locked in, and right.
    (attempt,) = room.store.attempts(session_code=room.session.code)
    stored = {key: answer.response for key, answer in room.store.answers(attempt.id).items()}
    assert list(stored.values()) == [right(room.session.bank.by_id[item.question_id])]


async def test_wrong_code_returns_to_the_form_with_the_reason(open_room: RoomFactory, tmp_path: Path) -> None:
    room = await open_room()
    app = app_for(tmp_path, join=JoinRequest(f"127.0.0.1:{room.server.port}", "ZZZZZZ", "Ona"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            lambda: isinstance(app.screen, JoinScreen) and "✗" in text(app.screen, "#join-error"), pilot
        )
        assert "code" in text(app.screen, "#join-error").lower()


async def test_the_browser_join_form_shows_the_hosts_address_and_does_not_ask_for_it(
    open_room: RoomFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every browser learner joins the host's own session: the page's form cannot be pointed
    elsewhere, by typing, tabbing or after a refused join."""
    room = await open_room()
    address = f"127.0.0.1:{room.server.port}"
    asked: list[JoinRequest] = []
    monkeypatch.setattr(Config, "run_app", lambda self, **settings: asked.append(settings["join"]))
    # What each browser tab runs (`quiz host --web`), as the command line reads it.
    run = CliRunner().invoke(cli, shlex.split(join_command(address, str(tmp_path / "tab.db")))[3:])
    assert run.exit_code == 0, run.output
    (request,) = asked
    assert (request.address, request.fixed_address) == (address, True)
    app = app_for(tmp_path, join=request)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(lambda: isinstance(app.screen, JoinScreen), pilot)
        form = app.screen
        assert f"Session at {address}" in " ".join(str(label.render()) for label in form.query("Label"))
        field = form.query_one("#address", Input)
        assert not field.display
        assert field not in form.focus_chain
        for _ in range(len(form.focus_chain) + 1):  # round every field once: never on the address
            await pilot.press("tab")
            assert app.focused is not field
        form.query_one("#code", Input).focus()
        await pilot.press(*"ZZZZZZ", "tab", *"Ona", "enter")
        await until(
            lambda: isinstance(app.screen, JoinScreen) and "✗" in text(app.screen, "#join-error"), pilot
        )
        assert "code" in text(app.screen, "#join-error").lower()  # the host's server refused the code
        assert field.value == address
        assert field not in form.focus_chain  # and it is still not asked after the refusal
        form.query_one("#code", Input).clear()
        form.query_one("#code", Input).focus()
        await pilot.press(*room.session.code, "enter")
        await until(lambda: isinstance(app.screen, LearnerScreen) and app.screen.joined is not None, pilot)
        assert app.screen.request.address == address


@pytest.fixture
async def silent_server() -> AsyncIterator[str]:
    """A WebSocket server on 127.0.0.1 that takes the connection and the join, and never answers."""

    async def silent(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for _ in ws:
            pass
        return ws

    app = web.Application()
    app.router.add_get("/ws", silent)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield f"{host}:{port}"
    await runner.cleanup()


async def test_a_join_that_times_out_says_why(
    silent_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A join nobody answers once failed with an empty reason (a TimeoutError has no text).

    A timeout of 0 s runs out at the first wait for the reply: no time has to pass."""
    client = LiveClient(live_client.url_for(silent_server), code="ABCDEF", name="Ona", connect_timeout=0)
    with pytest.raises(JoinError) as caught:
        await client.connect()
    assert str(caught.value).startswith(
        f"cannot reach the session at ws://{silent_server}/ws: no answer within 0 s"
    )
    assert "is the address right" in str(caught.value)
    # What the learner sees: the join form again, with the reason in their words.
    monkeypatch.setattr(live_client, "LiveClient", functools.partial(LiveClient, connect_timeout=0))
    app = app_for(tmp_path, join=JoinRequest(silent_server, "ABCDEF", "Ona"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(
            lambda: isinstance(app.screen, JoinScreen) and "✗" in text(app.screen, "#join-error"), pilot
        )
        shown = " ".join(text(app.screen, "#join-error").split())
        assert shown.startswith("✗ Nothing answers at that address. Check it against the instructor's screen")


async def test_host_screen_resumes_a_session_with_nothing_lost(tmp_path: Path) -> None:
    db = tmp_path / "resume.db"
    request = HostRequest(HostSpec(str(FIXTURES / "sample.toml"), options=LiveOptions(time_limit=60), port=0))
    first = make_app(AppSettings(db, [FIXTURES / "sample.toml"], host=request))
    async with first.run_test(size=(100, 30)) as pilot:
        await until(lambda: isinstance(first.screen, HostScreen) and first.screen.hosted is not None, pilot)
        screen = first.screen
        assert isinstance(screen, HostScreen)
        assert screen.paper is not None
        assert screen.hosted is not None
        code = screen.hosted.code
        learners = [
            LiveClient(screen.hosted.url, code=code, name=name, reconnect=False) for name in ("Ona", "Jonas")
        ]
        for learner in learners:
            await learner.connect()
        # As an instructor does: press once the screen offers the key (the screen's own client
        # may not have its welcome yet; before it, "s" starts nothing).
        await until(lambda: screen.check_action("start", ()) is True, pilot)
        await pilot.press("s")
        await expect(learners[0], p.QuestionMessage)
        await learners[0].answer(0, [right_choice(screen, 0)])  # one answers, the other not yet
        await learners[0].close()  # she may go: the question still waits for Jonas
    await learners[1].close()  # after the host's process is gone: the question is still open
    # The host's process is gone; a new one resumes the session from the database.
    resumed = make_app(
        AppSettings(db, [FIXTURES / "sample.toml"], host=HostRequest(HostSpec(resume=code, port=0)))
    )
    async with resumed.run_test(size=(100, 30)) as pilot:
        await until(
            lambda: isinstance(resumed.screen, HostScreen) and resumed.screen.hosted is not None, pilot
        )
        screen = resumed.screen
        assert isinstance(screen, HostScreen)
        assert screen.paper is not None
        assert screen.hosted.code == code
        await until(lambda: screen.query_one(ContentSwitcher).current == "host-question", pilot)
        await until(lambda: "paused" in text(screen, "#live-status"), pilot)  # it comes back paused
        # The count comes in a frame after the question's, and the question's sets it to 0.
        await until(lambda: "1 of 2 answered" in text(screen, "#host-answered"), pilot)
        assert [person.name for person in screen.participants] == ["Ona", "Jonas"]
