"""The host screen as an instructor uses it (Pilot, real server on 127.0.0.1): the projector
view, the QR code, the pacing keys, who has not answered, and a lost connection kept in view."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import ContentSwitcher, Markdown

from quiz.frontends.tui import AppSettings, HostRequest, JoinRequest, QuizApp, make_app
from quiz.frontends.tui.screens.live_host import HostScreen
from quiz.frontends.tui.screens.live_learner import LearnerScreen
from quiz.frontends.tui.widgets.participants import ParticipantList
from quiz.i18n import set_language
from quiz.live import client as live_client
from quiz.live import protocol as p
from quiz.live.client import Closed, LiveClient, parse_address
from quiz.live.clock import ManualClock
from quiz.live.hosting import HostSpec
from quiz.live.room import LiveOptions
from tests.conftest import FIXTURES, FakeClock
from tests.live.conftest import RoomFactory, expect
from tests.live.test_screens import app_for, right_choice, text, until

WEB = "http://192.0.2.5:8766"


@pytest.fixture
async def learners() -> AsyncIterator[list[LiveClient]]:
    clients: list[LiveClient] = []
    yield clients
    for client in clients:
        await client.close()


async def hosting(app: QuizApp, pilot: object) -> HostScreen:
    await until(lambda: isinstance(app.screen, HostScreen) and app.screen.hosted is not None, pilot)
    screen = app.screen
    assert isinstance(screen, HostScreen)
    # The server is up; the screen's own client connects and is welcomed a moment later.
    await until(lambda: screen.paper is not None and text(screen, "#join-how") != "", pilot)
    return screen


async def seat(screen: HostScreen, learners: list[LiveClient], *names: str) -> list[LiveClient]:
    assert screen.hosted is not None
    for name in names:
        client = LiveClient(screen.hosted.url, code=screen.hosted.code, name=name, reconnect=False)
        await client.connect()
        learners.append(client)
    return learners


def request(**options: object) -> HostRequest:
    spec = HostSpec(
        str(FIXTURES / "sample.toml"), options=LiveOptions(time_limit=60, shuffle=False, **options), port=0
    )  # type: ignore[arg-type]
    return HostRequest(spec, web_url=WEB)


async def test_the_lobby_shows_a_qr_code_of_the_browser_address(tmp_path: Path) -> None:
    app = app_for(tmp_path, host=request())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await hosting(app, pilot)
        await until(lambda: "█" in text(screen, "#join-qr"), pilot)
        import segno

        drawn = text(screen, "#join-qr").splitlines()
        modules = segno.make(WEB, error="m").symbol_size(border=0)[0]
        assert len(drawn) == (modules + 4 + 1) // 2  # two modules a line, a quiet zone of 2
        assert all(len(line) == modules + 4 for line in drawn)
        assert WEB in text(screen, "#join-how")


async def test_not_answered_list_and_pacing_keys(tmp_path: Path, learners: list[LiveClient]) -> None:
    app = app_for(tmp_path, host=request())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await hosting(app, pilot)
        ona, taro, mia = await seat(screen, learners, "Ona", "Taro", "Mia")
        listed = screen.query_one("#participants", ParticipantList)
        await until(lambda: listed.row_count == 3, pilot)
        assert "Skip next" in str(screen.check_action("skip", ())) or screen.check_action("skip", ())
        await pilot.press("j")  # skip the first question before anyone sees it
        await until(lambda: "Next (1)" in text(screen, "#lobby-next"), pilot)
        await pilot.press("s")
        first = await expect(ona, p.QuestionMessage)
        assert first.total == 4
        for client in (taro, mia):
            await expect(client, p.QuestionMessage)
        await ona.answer(0, [0])
        await until(lambda: "not answered: 2" in text(screen, "#participants-title"), pilot)
        await pilot.press("w")  # only those who have not answered
        await until(lambda: listed.row_count == 2, pilot)
        shown = [str(listed.row(i)) for i in range(2)]
        assert [name.split()[-1] for name in shown] == ["Taro", "Mia"]
        await pilot.press("plus")  # ten more seconds, for everyone
        extended = await expect(taro, p.Extended)
        assert extended.remaining > 60
        await pilot.press("l")  # lock the room
        await until(lambda: "locked" in text(screen, "#participants-title"), pilot)
        await pilot.press("k", "y")  # kicks the one highlighted in the list shown: Taro
        await expect(taro, p.Kicked)
        await mia.answer(0, [1])  # the last one it waited for: the question closes
        await until(lambda: screen.query_one(ContentSwitcher).current == "host-reveal", pilot)


async def test_projector_view_shows_large_countdown_and_answer_count(
    tmp_path: Path, learners: list[LiveClient]
) -> None:
    app = app_for(tmp_path, host=request())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await hosting(app, pilot)
        ona, _ = await seat(screen, learners, "Ona", "Taro")
        await until(lambda: screen.query_one("#participants", ParticipantList).row_count == 2, pilot)
        await pilot.press("s", "v")
        await expect(ona, p.QuestionMessage)
        await ona.answer(0, [0])
        await until(lambda: "1 of 2" in text(screen, "#host-answered"), pilot)
        assert screen.has_class("-projector")
        assert (
            not screen.query_one("#host-side").display
            or screen.query_one("#host-side").styles.display == "none"
        )
        assert screen.query_one("#big-figures").styles.display == "block"
        assert len(text(screen, "#big-countdown").splitlines()) >= 3  # figures drawn large
        assert "1 of 2" in text(screen, "#host-answered")
        await pilot.press("r")
        await until(lambda: screen.query_one(ContentSwitcher).current == "host-reveal", pilot)
        assert "Answer:" in text(screen, "#reveal-answer")
        await until(lambda: screen.query_one("#reveal-explanation", Markdown).source != "", pilot)
        assert screen.has_class("-projector")  # the reveal stays in the projector view
        # The distribution: every option with its mark and its count (Ona chose 1, Taro nothing).
        reveal, right = await expect(ona, p.RevealMessage), right_choice(screen, 0)
        assert reveal.distribution == [1] + [0] * (len(reveal.distribution) - 1)
        bars = text(screen, "#reveal-bars").splitlines()
        assert len(bars) == len(reveal.distribution)
        for i, (line, count) in enumerate(zip(bars, reveal.distribution, strict=True)):
            assert line.startswith(f"{'✓' if i == right else '✗'} {i + 1}. ")
            assert line.rstrip().endswith(f" {count}")
        # The explanation, as the bank gives it, shown on the screen.
        assert screen.paper is not None
        item = screen.paper.plan.items[0]
        explanation = screen.paper.bank.by_id[item.question_id].explanation
        assert screen.query_one("#reveal-explanation", Markdown).source == explanation
        shown = " ".join(str(block.render()) for block in screen.query("#reveal-explanation MarkdownBlock"))
        assert " ".join(explanation.split()) in " ".join(shown.split())
        for selector in ("#reveal-bars", "#reveal-explanation"):  # in view at 120x40, no scrolling
            widget = screen.query_one(selector)
            assert widget.region.height, selector
            assert screen.region.contains_region(widget.region), selector
        await pilot.press("v")
        assert not screen.has_class("-projector")
        assert screen.query_one("#host-side").styles.display == "block"


async def test_a_lost_connection_stays_in_view_on_both_screens(
    open_room: RoomFactory, tmp_path: Path
) -> None:
    # The screens count down on the app's clock: the test moves it and ticks, never waits.
    clock = FakeClock()
    room = await open_room(time_limit=60)
    join = JoinRequest(f"127.0.0.1:{room.server.port}", room.session.code, "Ona")
    app = make_app(AppSettings(tmp_path / "screen.db", [FIXTURES / "sample.toml"], join=join), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(lambda: isinstance(app.screen, LearnerScreen) and app.screen.joined is not None, pilot)
        screen = app.screen
        assert isinstance(screen, LearnerScreen)
        assert "Ona" in text(screen, "#live-title")  # their own name leads the header at 80 columns
        await room.host.start()
        await until(lambda: "s left" in text(screen, "#live-status"), pilot)
        clock.advance(seconds=20)
        screen.tick()
        await pilot.pause()
        assert "40\N{NO-BREAK SPACE}s left" in text(screen, "#live-status")  # the tick draws it
        await room.server.stop()  # the host's machine is gone
        await until(lambda: "connection lost" in text(screen, "#live-status"), pilot)
        for _ in range(4):  # the countdown ticks on, and does not hide it
            clock.advance(seconds=1)
            screen.tick()
            await pilot.pause()
            assert "connection lost" in text(screen, "#live-status")

    host_app = make_app(
        AppSettings(tmp_path / "screen.db", [FIXTURES / "sample.toml"], host=request()), clock=clock
    )
    async with host_app.run_test(size=(120, 40)) as pilot:
        host = await hosting(host_app, pilot)
        assert host.hosted is not None
        host.hosted.process.kill()  # the server under the host screen dies
        await until(lambda: "connection to the server lost" in text(host, "#live-status"), pilot)
        for _ in range(4):
            clock.advance(seconds=1)
            host.tick()
            await pilot.pause()
            assert "lost" in text(host, "#live-status")


class Cutter:
    """A TCP relay on 127.0.0.1 whose connections can be cut at once: a connection lost that can
    come back (the relay still listens), for a server that itself stays up."""

    def __init__(self) -> None:
        self.target = 0
        """The port relayed to."""
        self.port = 0
        self._writers: list[asyncio.StreamWriter] = []
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._relay, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def relaying(self, url: str) -> str:
        """The relay's URL for ``url``, whose port it relays to from now on."""
        self.target = parse_address(url)[1]
        return f"ws://127.0.0.1:{self.port}/ws"

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        far_reader, far_writer = await asyncio.open_connection("127.0.0.1", self.target)
        self._writers += [writer, far_writer]

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, far_writer), pipe(far_reader, writer))

    def cut(self) -> None:
        for writer in self._writers:
            writer.transport.abort()
        self._writers = []

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


@pytest.fixture
async def cutter() -> AsyncIterator[Cutter]:
    relay = Cutter()
    await relay.start()
    yield relay
    await relay.close()


def clients_through(monkeypatch: pytest.MonkeyPatch, relay: Cutter, clock: ManualClock) -> None:
    """The screens' clients connect through ``relay`` and wait on ``clock`` to reconnect, so a
    test says when the connection comes back instead of waiting for a backoff to pass."""

    def client(url: str, **options: Any) -> LiveClient:
        return LiveClient(relay.relaying(url), clock=clock, **options)

    monkeypatch.setattr(live_client, "LiveClient", client)


async def test_a_lost_connection_clears_once_it_is_back_on_both_screens(
    open_room: RoomFactory, tmp_path: Path, cutter: Cutter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other half of keeping a lost connection in view: once the client is back in, the
    screens show the session again. No time has to pass: the countdown reads the room's clock,
    and the clients wait on a clock of their own to reconnect."""
    reconnects = ManualClock()
    clients_through(monkeypatch, cutter, reconnects)
    room = await open_room(time_limit=60)
    await room.join("Taro")  # still waiting for an answer: the question stays open while Ona is away
    app = app_for(tmp_path, join=JoinRequest(f"127.0.0.1:{room.server.port}", room.session.code, "Ona"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(lambda: isinstance(app.screen, LearnerScreen) and app.screen.joined is not None, pilot)
        screen = app.screen
        assert isinstance(screen, LearnerScreen)
        screen.countdown.now = room.clock.now
        await room.host.start()
        await until(lambda: text(screen, "#live-status") == "60\xa0s left", pilot)
        cutter.cut()
        await until(lambda: "connection lost" in text(screen, "#live-status"), pilot)
        await until(lambda: reconnects.sleeping == 1, pilot)  # the client waits to try again
        assert "connection lost" in text(screen, "#live-status")
        reconnects.advance(10)  # past the backoff: it joins again, through the relay
        await until(lambda: "connection lost" not in text(screen, "#live-status"), pilot)
        assert text(screen, "#live-status") == "60\xa0s left"  # the open question's countdown again
        assert screen.query_one(ContentSwitcher).current == "learner-question"

    host_app = app_for(tmp_path, host=request())
    async with host_app.run_test(size=(120, 40)) as pilot:
        host = await hosting(host_app, pilot)
        assert text(host, "#live-status").startswith("lobby: s starts")
        cutter.cut()
        await until(lambda: "connection to the server lost" in text(host, "#live-status"), pilot)
        await until(lambda: reconnects.sleeping == 1, pilot)
        assert "lost" in text(host, "#live-status")
        reconnects.advance(10)
        await until(lambda: "lost" not in text(host, "#live-status"), pilot)
        assert text(host, "#live-status").startswith("lobby: s starts")


async def test_quitting_the_host_screen_stops_its_server(tmp_path: Path, learners: list[LiveClient]) -> None:
    """The server runs in a process of its own: closing the screen must end it, learners told."""
    app = app_for(tmp_path, host=request())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await hosting(app, pilot)
        assert screen.hosted is not None
        server = screen.hosted.process
        (ona,) = await seat(screen, learners, "Ona")
        await pilot.press("q", "y")
        await until(lambda: server.returncode is not None, pilot)
    assert server.returncode == 0  # stopped as asked (stdin closed), not killed
    await expect(ona, Closed)


async def test_after_a_skip_a_host_in_another_language_reads_the_question_that_opens(
    tmp_path: Path, learners: list[LiveClient]
) -> None:
    """The screen once kept the plan it started with: after ``j``, a host reading the session in
    a translation saw the skipped question's words, in the preview and when the next one opened."""
    mini = FIXTURES / "translated" / "mini.toml"
    spec = HostSpec(str(mini), options=LiveOptions(time_limit=60, shuffle=False), port=0)
    app = make_app(AppSettings(tmp_path / "host.db", [mini], host=HostRequest(spec), language="lt"))
    try:
        await skip_and_open(app, learners)
    finally:
        set_language("en")  # the app spoke Lithuanian for the whole process: not for the next test


async def skip_and_open(app: QuizApp, learners: list[LiveClient]) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await hosting(app, pilot)
        assert screen.hosted is not None
        ona = LiveClient(
            screen.hosted.url, code=screen.hosted.code, name="Ona", language="lt", reconnect=False
        )
        await ona.connect()
        learners.append(ona)
        await until(lambda: screen.preview is not None, pilot)
        skipped = screen.preview
        await pilot.press("j")
        await until(lambda: screen.preview is not skipped, pilot)
        await pilot.press("s")
        opened = await expect(ona, p.QuestionMessage)  # in Lithuanian, from the server
        await until(lambda: screen.query_one(ContentSwitcher).current == "host-question", pilot)
        assert skipped is not None
        assert opened.prompt != skipped.prompt
        assert opened.prompt.split()[0] in text(screen, "#lobby-next")
        assert all(option in text(screen, "#host-options") for option in opened.options)


async def test_the_final_item_line_counts_everyone_once(tmp_path: Path, learners: list[LiveClient]) -> None:
    """The item line once read "facility 33% · 1 of 2 right": the facility over the room, the
    right ones over those who answered. Both are over the room now, the answers beside them."""
    app = app_for(tmp_path, host=request())
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await hosting(app, pilot)
        ona, taro, mia, kai = await seat(screen, learners, "Ona", "Taro", "Mia", "Kai")
        await until(lambda: screen.query_one("#participants", ParticipantList).row_count == 4, pilot)
        await pilot.press("s")
        right = right_choice(screen, 0)
        shown = [await expect(client, p.QuestionMessage) for client in (ona, taro, mia, kai)]
        wrong = (right + 1) % len(shown[0].options)
        for client, choice in ((ona, right), (taro, wrong), (kai, right)):
            assert isinstance(await client.answer(0, [choice]), p.Accepted)
        await until(lambda: "3 of 4 answered" in text(screen, "#host-answered"), pilot)
        assert screen.client is not None
        assert kai.joined is not None
        await screen.client.kick(kai.joined.participant)  # a right answer, gone with its learner
        await expect(kai, p.Kicked)
        await until(lambda: screen.query_one("#participants", ParticipantList).row_count == 3, pilot)
        await pilot.press("r")  # Mia has not answered
        await until(lambda: screen.query_one(ContentSwitcher).current == "host-reveal", pilot)
        await pilot.press("e", "y")
        await until(lambda: "facility" in text(screen, "#final-items"), pilot)
        line = " ".join(text(screen, "#final-items").split())
        assert "facility 33% ·" in line  # Ona's mark over the three of the room: 1 of 3
        assert "· 1 of 3 right (2 answered)" in line
