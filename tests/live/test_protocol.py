"""The protocol's parsing never raises, codes are unambiguous, addresses parse, resume restores."""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.bank import Bank, load_bank
from quiz.errors import QuizError, StoreError
from quiz.live import protocol as p
from quiz.live.client import parse_address, url_for
from quiz.live.frames import Frame
from quiz.live.naming import CODE_ALPHABET, clean_name, new_code
from quiz.live.room import LiveError, LiveOptions
from quiz.live.server import is_loopback, serve
from quiz.live.session import LiveSession
from quiz.store import Store
from quiz.store.live import Newcomer, Seated
from tests.conftest import FIXTURES
from tests.questions import options

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(deadline=None)  # what is checked is the answer, never how fast a loaded machine gives it
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_frame_parses_to_a_message_or_an_error(frame: str | bytes) -> None:
    message = p.parse_client(frame)
    assert message.type in p.CLIENT_TYPES or isinstance(message, p.Error)


@settings(deadline=None)
@given(
    st.sampled_from([*p.CLIENT_TYPES, "nope"]),
    st.dictionaries(st.sampled_from(["code", "name", "position", "choices", "x", "token"]), json_values),
)
def test_any_object_with_a_type_parses_or_gets_a_precise_error(kind: str, fields: dict[str, object]) -> None:
    message = p.parse_client(json.dumps({"type": kind, **fields}))
    if isinstance(message, p.Error):
        expected = p.ErrorCode.unknown_type if kind == "nope" else p.ErrorCode.invalid
        assert message.code is expected
        assert message.message
    else:
        assert message.type == kind


def test_every_server_message_round_trips() -> None:
    settings = p.Settings(questions=2, time_limit=20, speed=True, streak=False, points=1000)
    entry = p.LeaderboardEntry(rank=1, id=3, name="[b]Ona[/b]", score=1500, correct=2)
    examples = [
        p.Joined(
            code="ABCDEF",
            participant=1,
            name="Ona",
            resume_token="t",
            rejoin_code="K7QX",
            resumed=False,
            bank_title="B",
            settings=settings,
            state=p.SessionState.lobby,
            score=0,
            correct_count=0,
        ),
        p.Lobby(count=3),
        p.Refused(position=0, reason=p.RefusalReason.late, message="too late"),
        p.Leaderboard(entries=[entry], final=True),
        p.Ended(leaderboard=[entry], asked=2, you=None, items=[]),
        p.Error(code=p.ErrorCode.bad_json, message="x"),
        p.Kicked(),
    ]
    for message in examples:
        assert p.parse_server(p.dump(message)) == message
    assert {m.model_fields["type"].default for m in p.SERVER_MODELS} == set(p.SERVER_TYPES)


def test_join_codes_use_only_unambiguous_characters() -> None:
    assert not set("0O1IL") & set(CODE_ALPHABET)
    codes = {new_code() for _ in range(200)}
    assert all(len(code) == 6 and set(code) <= set(CODE_ALPHABET) for code in codes)
    assert len(codes) > 190
    assert new_code(taken=codes) not in codes


def test_clean_name_keeps_emoji_sequences_and_drops_invisible_tricks() -> None:
    assert clean_name("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scot") == (
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f Scot"
    )
    assert clean_name("a\u200bb\ufeffc") == "abc"
    assert clean_name("x\u2066y\u2069") == "xy"


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("192.0.2.5", ("192.0.2.5", 8765)),
        ("192.0.2.5:9000", ("192.0.2.5", 9000)),
        ("class-laptop.local:80", ("class-laptop.local", 80)),
        ("[::1]:9000", ("::1", 9000)),
        ("::1", ("::1", 8765)),
        ("ws://127.0.0.1:1234/ws", ("127.0.0.1", 1234)),
    ],
)
def test_addresses(address: str, expected: tuple[str, int]) -> None:
    assert parse_address(address) == expected


def test_bad_addresses_and_urls() -> None:
    for bad in ("", ":80", "host:http", "host:70000"):
        with pytest.raises(QuizError):
            parse_address(bad)
    assert url_for("[::1]:9000") == "ws://[::1]:9000/ws"
    assert url_for("ws://127.0.0.1:1/ws") == "ws://127.0.0.1:1/ws"
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "[::1]", "localhost")] == [True] * 4
    assert [is_loopback(h) for h in ("0.0.0.0", "::", "192.0.2.5", "example.org")] == [False] * 4


class FakePeer:
    """A connection that only records what it is sent: enough to drive a session without sockets."""

    def __init__(self) -> None:
        self.frames: list[dict[str, object]] = []

    def write(self, frames: Sequence[Frame]) -> bool:
        self.frames += [json.loads(frame.text) for frame in frames]
        return True

    async def close(self, *, code: int = 1000, message: bytes = b"") -> bool:
        return True


async def test_resume_in_the_lobby_and_after_a_reveal(sample_bank: Bank, tmp_path: Path) -> None:
    with Store(tmp_path / "live.db") as store:
        session = await LiveSession.create(store, sample_bank, LiveOptions(seed=3, speed=False))
        assert LiveSession.stored_bank_ref(store, session.code.lower()) == "sample"
        again = await LiveSession.resume(store, sample_bank, session.code)
        assert (again.state, again.position, again.host_token != session.host_token) == (
            p.SessionState.lobby,
            None,
            True,
        )
        assert again.plan == session.plan
        shutil.copy(FIXTURES / "sample.toml", tmp_path / "other.toml")
        with pytest.raises(LiveError, match="bank"):
            await LiveSession.resume(store, load_bank(tmp_path / "other.toml"), session.code)

        peers = [FakePeer(), FakePeer()]
        ids = [
            await session.join(peer, p.Join(code=session.code, name=name))
            for peer, name in zip(peers, "AB", strict=True)
        ]
        assert ids == [1, 2]
        await session.command(p.Start())
        right = session.room.paper.shown_correct(0)
        session_answers = [right, [i for i in range(len(options(session.question(0)))) if i not in right][:1]]
        for pid, choices in zip(ids, session_answers, strict=True):
            assert isinstance(pid, int)
            await session.answer(pid, p.AnswerMessage(position=0, choices=choices))
        assert session.state is p.SessionState.revealed  # everyone answered
        before = session.standings()
        assert before[0] == ("A", 1000, 1)

        again = await LiveSession.resume(store, sample_bank, session.code)
        assert (again.state, again.position) == (p.SessionState.revealed, 0)
        assert again.standings() == before
        await again.command(p.Next())
        assert (again.state, again.position) == (p.SessionState.question, 1)
        await again.end()
        with pytest.raises(LiveError, match="has ended"):
            await LiveSession.resume(store, sample_bank, session.code)
        with pytest.raises(QuizError, match="no live session"):
            await LiveSession.resume(store, sample_bank, "ZZZZZZ")
        with pytest.raises(LiveError, match="more than 0"):
            await LiveSession.create(store, sample_bank, LiveOptions(time_limit=0))


async def test_a_busy_port_is_a_clear_error_and_the_index_says_how_to_join(
    sample_bank: Bank, tmp_path: Path
) -> None:
    with Store(tmp_path / "live.db") as store:
        session = await LiveSession.create(store, sample_bank)
        server = await serve(session, "127.0.0.1", 0)
        try:
            with pytest.raises(QuizError, match=r"cannot listen on 127\.0\.0\.1"):
                await serve(session, "127.0.0.1", server.port)
            async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{server.port}/") as reply:
                assert reply.status == 200
                assert f"quiz join 127.0.0.1:{server.port}" in await reply.text()
        finally:
            await server.stop()


def test_headless_hosting_reports_mistakes_in_one_line(tmp_path: Path) -> None:
    db = str(tmp_path / "live.db")
    for args, message in [
        (["--resume", "NOPE42"], "no live session “NOPE42”"),
        ([], "name a BANK to host, or --resume CODE"),
        (["no-such-bank"], "no bank called “no-such-bank”"),
    ]:
        run = subprocess.run(
            [sys.executable, "-m", "quiz", "--db", db, "host", "--headless", "--port", "0", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode != 0
        assert message in run.stderr
        assert "Traceback" not in run.stderr


async def test_joins_that_arrive_together_are_written_together_or_not_at_all(
    sample_bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "live.db") as store:
        session = await LiveSession.create(store, sample_bank, LiveOptions(seed=3))
        records = session.room.records
        batches: list[list[str]] = []
        write = records.add_participants

        def counted(code: str, newcomers: Sequence[Newcomer], **kwargs: Any) -> list[Seated]:
            batches.append([n.name for n in newcomers])
            return write(code, newcomers, **kwargs)

        monkeypatch.setattr(records, "add_participants", counted)
        peers = [FakePeer() for _ in range(3)]
        joins = [
            session.join(peer, p.Join(code=session.code, name=n))
            for peer, n in zip(peers, "ABC", strict=True)
        ]
        assert await asyncio.gather(*joins) == [1, 2, 3]
        assert batches == [["A", "B", "C"]]  # one transaction for the three
        assert len(store.attempts(session_code=session.code, finished=False)) == 3
        assert [peer.frames[0]["type"] for peer in peers] == ["joined"] * 3  # each welcomed once written

        def full(*args: object, **kwargs: object) -> list[Seated]:
            raise StoreError("the disk is full")

        monkeypatch.setattr(records, "add_participants", full)
        with pytest.raises(StoreError, match="disk is full"):
            await session.join(FakePeer(), p.Join(code=session.code, name="D"))
        assert [seat.name for seat in session.room.active()] == ["A", "B", "C"]  # D is forgotten
        monkeypatch.setattr(records, "add_participants", write)
        again = FakePeer()
        assert await session.join(again, p.Join(code=session.code, name="D")) == 5
        assert again.frames[0]["name"] == "D"  # the name is free again, not "D (2)"


class DiskCheckingPeer(FakePeer):
    """A learner's connection that, the moment an ``accepted`` is written to it, looks in the
    database from a connection of its own (as a process started after a crash would)."""

    def __init__(self, db: Path, attempt: int) -> None:
        super().__init__()
        self.db = db
        self.attempt = attempt
        self.on_disk_when_acked: list[bool] = []

    def write(self, frames: Sequence[Frame]) -> bool:
        for frame in frames:
            message = json.loads(frame.text)
            if message["type"] == "accepted":
                with sqlite3.connect(self.db) as other:
                    row = other.execute(
                        "SELECT 1 FROM answers WHERE attempt_id = ? AND position = ?",
                        (self.attempt, message["position"]),
                    ).fetchone()
                self.on_disk_when_acked.append(row is not None)
        return super().write(frames)


async def test_answers_of_one_turn_are_one_commit_and_none_is_acknowledged_before_it(
    sample_bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "live.db"
    with Store(db) as store:
        session = await LiveSession.create(store, sample_bank, LiveOptions(seed=3, shuffle=False))
        ids = [await session.join(FakePeer(), p.Join(code=session.code, name=n)) for n in "ABCD"]
        assert all(isinstance(pid, int) for pid in ids)
        peers = {}
        for pid in ids:
            assert isinstance(pid, int)
            seat = session.room.seat(pid)
            assert seat.attempt_id is not None
            peers[pid] = DiskCheckingPeer(db, seat.attempt_id)
            session.fanout.attach(pid, peers[pid])
        await session.command(p.Start())
        records = session.room.records
        batches: list[int] = []
        write = records.record_answers

        def counted(answers: Sequence[Any]) -> None:
            batches.append(len(answers))
            write(answers)

        monkeypatch.setattr(records, "record_answers", counted)
        answering = [
            asyncio.ensure_future(session.answer(pid, p.AnswerMessage(position=0, choices=[0])))
            for pid in ids[:3]
        ]
        await asyncio.sleep(0)  # each handler has taken its answer; the commit is still to come
        assert [seat.name for seat in session.room.waiting()] == ["D"]  # counted at once...
        assert all(not peer.frames or peer.frames[-1]["type"] != "accepted" for peer in peers.values())
        with sqlite3.connect(db) as other:  # ...but a crash now loses only answers never acknowledged
            assert other.execute("SELECT count(*) FROM answers").fetchone() == (0,)
        await asyncio.gather(*answering)
        assert batches == [3]  # one transaction for the three
        assert [peers[pid].on_disk_when_acked for pid in ids[:3]] == [[True]] * 3

        # The last answer closes the question: its ack, then the reveal, each after the commit.
        await session.answer(ids[3], p.AnswerMessage(position=0, choices=[1]))
        last = [frame["type"] for frame in peers[ids[3]].frames]
        assert last[-4:] == ["accepted", "reveal", "result", "leaderboard"]
        assert peers[ids[3]].on_disk_when_acked == [True]
        assert session.state is p.SessionState.revealed


async def test_an_answer_that_cannot_be_stored_is_not_acknowledged_and_can_be_given_again(
    sample_bank: Bank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "live.db") as store:
        session = await LiveSession.create(store, sample_bank, LiveOptions(seed=3, shuffle=False))
        peers = [FakePeer(), FakePeer()]
        ids = [
            await session.join(peer, p.Join(code=session.code, name=n))
            for peer, n in zip(peers, "AB", strict=True)
        ]
        await session.command(p.Start())
        records = session.room.records
        write = records.record_answers

        def full(answers: Sequence[Any]) -> None:
            raise StoreError("the disk is full")

        monkeypatch.setattr(records, "record_answers", full)
        closed: list[int] = []

        async def close(*, code: int = 1000, message: bytes = b"") -> bool:
            closed.append(code)
            return True

        monkeypatch.setattr(peers[0], "close", close)
        assert isinstance(ids[0], int)
        await session.answer(ids[0], p.AnswerMessage(position=0, choices=[0]))
        await asyncio.sleep(0)  # the close is a task of the fan-out's
        assert "accepted" not in [frame["type"] for frame in peers[0].frames]
        assert closed == [1011]  # the client comes back and is asked again
        assert len(session.room.waiting()) == 2  # not counted
        assert session.state is p.SessionState.question

        monkeypatch.setattr(records, "record_answers", write)
        await session.answer(ids[0], p.AnswerMessage(position=0, choices=[0]))
        assert peers[0].frames[-1]["type"] == "accepted"  # not refused as a duplicate
        assert len(store.answers(session.room.seat(ids[0]).attempt_id or 0)) == 1
