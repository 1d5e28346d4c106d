"""The host process is killed (SIGKILL) mid-question and resumed with `--resume CODE`: nothing lost."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from quiz.live import protocol as p
from quiz.live.client import Disconnected, JoinError, LiveClient
from quiz.store import Store
from quiz.store.live import LiveRecords, LogCheckpoints
from tests.conftest import FIXTURES
from tests.live.conftest import WAIT, RoomFactory, expect, free_port


class Launcher:
    """Starts ``quiz host --headless`` servers and remembers them and the clients, to tidy up."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.processes: list[asyncio.subprocess.Process] = []
        self.clients: list[LiveClient] = []

    async def start(self, *args: str) -> tuple[asyncio.subprocess.Process, dict[str, Any]]:
        """A running server and the JSON line it printed (code, port, url, host token)."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "quiz",
            "--db",
            str(self.db),
            "host",
            "--headless",
            *args,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        self.processes.append(process)
        assert process.stdout is not None
        async with asyncio.timeout(30):
            line = await process.stdout.readline()
        if not line:
            assert process.stderr is not None
            raise AssertionError((await process.stderr.read()).decode())
        return process, json.loads(line)

    def client(self, url: str, **kwargs: Any) -> LiveClient:
        client = LiveClient(url, **kwargs)
        self.clients.append(client)
        return client


@pytest.fixture
async def launcher(tmp_path: Path) -> AsyncIterator[Launcher]:
    launcher = Launcher(tmp_path / "live.db")
    yield launcher
    for client in launcher.clients:
        await client.close()
    for process in launcher.processes:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def test_host_killed_and_resumed_loses_nothing(launcher: Launcher) -> None:
    db = launcher.db
    port = free_port()
    common = ["--port", str(port)]
    first, info = await launcher.start(
        *common,
        str(FIXTURES / "sample.toml"),
        "--time",
        "300",  # far more than the test takes, however loaded the machine: the question stays open
        "--no-speed",
        "--no-shuffle",
        "--seed",
        "7",
    )
    code, url = info["code"], info["url"]
    host = launcher.client(url, code=code, host_token=info["host_token"], reconnect=False)
    await host.connect()
    learners = {}
    for name in ("Ona", "Taro", "Mia"):
        client = launcher.client(url, code=code, name=name, backoff=0.05, max_backoff=0.3)
        await client.connect()
        learners[name] = client
    ona, taro, mia = learners.values()

    await host.start()
    for client, choice in ((ona, [0]), (taro, [0]), (mia, [1])):
        await expect(client, p.QuestionMessage)
        assert isinstance(await client.answer(0, choice), p.Accepted)
    assert (await expect(host, p.RevealMessage)).answered == 3
    await host.next()
    for client, choice in ((ona, [0, 1]), (taro, [2])):
        await expect(client, p.QuestionMessage)
        assert isinstance(await client.answer(1, choice), p.Accepted)
    await expect(mia, p.QuestionMessage)

    first.send_signal(signal.SIGKILL)
    await first.wait()
    for client in learners.values():
        await expect(client, Disconnected)
    # What the killed host left on disk: the open question and its time left as last noted
    # (noted every second, so a crash loses at most that), which the resumed host gives back.
    with Store(db) as store:
        left = LiveRecords(store).session(code)
    assert (left.state, left.position) == (p.SessionState.question, 1)
    assert left.remaining is not None
    assert 0 < left.remaining <= 300

    second, resumed = await launcher.start(*common, "--resume", code)
    assert resumed["code"] == code
    assert resumed["host_token"] != info["host_token"]

    # Every learner is back by themselves, with the score of the revealed question and their
    # answer to the open one, which comes back paused.
    expected = {"Ona": (1000, [0, 1]), "Taro": (1000, [2]), "Mia": (0, None)}
    for name, client in learners.items():
        joined = await expect(client, p.Joined)
        assert joined.resumed
        assert (joined.name, joined.score) == (name, expected[name][0])
        question = await expect(client, p.QuestionMessage)
        assert (question.position, question.paused, question.chosen) == (1, True, expected[name][1])
        assert question.remaining == pytest.approx(max(1.0, left.remaining))

    # The old host token died with the old process; the new one drives the session on.
    with pytest.raises(JoinError):
        await LiveClient(url, code=code, host_token=info["host_token"]).connect()
    host = launcher.client(url, code=code, host_token=resumed["host_token"])
    welcome = await host.connect()
    assert isinstance(welcome, p.HostWelcome)
    assert (welcome.state, welcome.position) == (p.SessionState.paused, 1)
    assert [x.name for x in welcome.participants] == ["Ona", "Taro", "Mia"]
    await host.resume()
    await expect(mia, p.Resumed)
    assert isinstance(await mia.answer(1, [0]), p.Accepted)
    reveal = await expect(host, p.RevealMessage)
    assert (reveal.answered, reveal.distribution) == (3, [2, 1, 1, 0])
    board = await expect(host, p.Leaderboard)
    assert [(e.name, e.score, e.correct) for e in board.entries] == [
        ("Ona", 2100, 2),
        ("Taro", 1000, 1),
        ("Mia", 500, 0),
    ]
    await host.end()
    ended = await expect(ona, p.Ended)
    assert ended.you is not None
    assert (ended.you.score, ended.you.rank) == (2100, 1)
    for client in [*learners.values(), host]:
        await client.close()
    second.send_signal(signal.SIGTERM)
    assert await asyncio.wait_for(second.wait(), WAIT) == 0

    with Store(db) as store:
        attempts = {a.learner.name: a for a in store.attempts(session_code=code)}
        assert sorted(attempts) == ["Mia", "Ona", "Taro"]
        answers = {name: store.answers(a.id) for name, a in attempts.items()}
    assert {name: sorted(a) for name, a in answers.items()} == {n: ["m1", "s1"] for n in attempts}
    assert attempts["Ona"].percent == pytest.approx(100.0)
    assert attempts["Ona"].settings["live_score"] == 2100


PARENT = """
import asyncio, sys
from pathlib import Path
from quiz.live.hosting import HostSpec, serve_apart

async def main():
    served = await serve_apart(Path(sys.argv[1]), HostSpec(sys.argv[2], port=0), [])
    print(served.process.pid, served.url, served.code, flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


async def exited(pid: int) -> None:
    """Until process ``pid`` (not a child of this one) has ended: its pidfd becomes readable."""
    import os

    fd = os.pidfd_open(pid)
    ended = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_reader(fd, ended.set)
    try:
        async with asyncio.timeout(WAIT):
            await ended.wait()
    finally:
        loop.remove_reader(fd)
        os.close(fd)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pidfd_open is Linux's")
async def test_the_host_screens_server_dies_with_the_screens_process(launcher: Launcher) -> None:
    """The host screen serves from a process of its own: `kill -9` of the screen's process must
    not leave that server running, holding the port and the room, with nobody to pace it."""
    parent = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        PARENT,
        str(launcher.db),
        str(FIXTURES / "sample.toml"),
        stdout=asyncio.subprocess.PIPE,
    )
    launcher.processes.append(parent)
    assert parent.stdout is not None
    async with asyncio.timeout(WAIT):
        pid, url, code = (await parent.stdout.readline()).decode().split()
    learner = launcher.client(url, code=code, name="Ona", reconnect=False)
    await learner.connect()
    parent.send_signal(signal.SIGKILL)
    await parent.wait()
    await exited(int(pid))
    with pytest.raises(JoinError):  # nobody listens there any more
        await LiveClient(url, code=code, name="Taro", reconnect=False, connect_timeout=5).connect()


def test_the_store_of_a_live_session_commits_without_copying_its_log(tmp_path: Path) -> None:
    """SQLite copies its log into the file inside the commit that fills it (1,000 pages), and
    a live server commits on its event loop: ``LogCheckpoints`` does it apart instead."""
    with Store(tmp_path / "live.db") as store:
        checkpoints = LogCheckpoints(store)
        try:
            before = store.path.stat().st_size
            store.conn.execute("CREATE TABLE filler (text TEXT)")
            for _ in range(30):  # well past 1,000 pages of 4 KiB, one commit at a time
                store.conn.execute("INSERT INTO filler VALUES (?)", ("x" * 200_000,))
                store.conn.commit()
            assert store.path.stat().st_size == before  # all of it still in the log
            checkpoints.checkpoint()
            assert store.path.stat().st_size > before + 30 * 200_000
            rows = store.conn.execute("SELECT count(*) FROM filler").fetchone()[0]
            assert rows == 30
        finally:
            checkpoints.close()


async def test_a_served_session_copies_its_log_apart_until_it_stops(open_room: RoomFactory) -> None:
    room = await open_room()
    assert room.store.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    checkpointing = room.session._checkpointing
    assert checkpointing is not None
    assert not checkpointing.done()
    await room.server.stop()
    assert checkpointing.done()
    assert checkpointing.exception() is None
