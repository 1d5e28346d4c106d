"""A real room over real sockets: idle connections, a full room, rejoining, merging, pacing, names."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from click.testing import CliRunner

from quiz.cli import cli
from quiz.errors import QuizError
from quiz.export import export_attempts
from quiz.live import protocol as p
from quiz.live.client import Closed, JoinError, LiveClient
from quiz.live.server import JOIN_WITHIN
from tests.conftest import FIXTURES
from tests.live.conftest import WAIT, RoomFactory, expect, roster


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def _strings(value: Any) -> set[str]:
    if isinstance(value, dict):
        return {s for v in value.values() for s in _strings(v)} | set(value)
    if isinstance(value, list):
        return {s for v in value for s in _strings(v)}
    return {value} if isinstance(value, str) else set()


async def test_a_connection_that_never_joins_is_closed(
    open_room: RoomFactory, http: aiohttp.ClientSession
) -> None:
    room = await open_room()
    async with http.ws_connect(room.url) as idle, http.ws_connect(room.url) as learner:
        await learner.send_str(p.dump(p.Join(code=room.session.code, name="Ona")))
        assert json.loads((await learner.receive(timeout=WAIT)).data)["type"] == "joined"
        room.clock.advance(JOIN_WITHIN - 0.1)
        assert not idle.closed
        room.clock.advance(0.1)
        reply = json.loads((await idle.receive(timeout=WAIT)).data)
        assert (reply["type"], reply["code"]) == ("error", "too_slow")
        assert (await idle.receive(timeout=WAIT)).type is aiohttp.WSMsgType.CLOSE
        assert not learner.closed  # a learner who joined is never timed out


async def test_a_full_room_refuses_politely_and_a_locked_one_too(open_room: RoomFactory) -> None:
    room = await open_room(max_participants=2)
    ona = await room.join("Ona")
    await room.join("Taro")
    with pytest.raises(JoinError) as caught:
        await LiveClient(room.url, code=room.session.code, name="Third").connect()
    assert caught.value.error is not None
    assert caught.value.error.code is p.ErrorCode.full
    assert "full (2 participants)" in caught.value.error.message
    # Someone already in still comes back; the room is full, not closed to them.
    again = LiveClient(room.url, code=room.session.code, resume_token=ona.resume_token)
    assert isinstance(await again.connect(), p.Joined)
    await again.close()

    open_ = await open_room()
    await open_.host.send(p.Lock(locked=True))
    assert (await expect(open_.host, p.Locked)).locked
    with pytest.raises(JoinError) as caught:
        await LiveClient(open_.url, code=open_.session.code, name="Late").connect()
    assert caught.value.error is not None
    assert caught.value.error.code is p.ErrorCode.locked
    await open_.host.send(p.Lock(locked=False))
    await expect(open_.host, p.Locked)
    assert (await open_.join("Late")).joined is not None


async def test_no_bank_question_id_reaches_a_learner(
    open_room: RoomFactory, http: aiohttp.ClientSession
) -> None:
    room = await open_room()
    ids = {q.id for q in room.session.bank.questions}
    seen: set[str] = set()
    async with http.ws_connect(room.url) as ws:
        await ws.send_str(p.dump(p.Join(code=room.session.code, name="Curious")))
        await room.host.start()
        for position in range(5):
            while True:
                data = json.loads((await ws.receive(timeout=WAIT)).data)
                seen |= _strings(data)
                if data["type"] == "question":
                    await ws.send_str(p.dump(p.AnswerMessage(position=position, choices=[1])))
                if data["type"] == "leaderboard":
                    break
            await room.host.next()
        while (data := json.loads((await ws.receive(timeout=WAIT)).data))["type"] != "ended":
            seen |= _strings(data)
        seen |= _strings(data)
    assert "question_id" not in seen
    assert not ids & seen, ids & seen


async def test_a_learner_whose_process_died_rejoins_as_themselves(open_room: RoomFactory) -> None:
    room = await open_room(speed=False)
    ona = await room.join("Ona Petraitė")
    await room.join("Taro")
    assert ona.joined is not None
    rejoin = ona.joined.rejoin_code
    assert len(rejoin) == 4
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    assert isinstance(await ona.answer(0, [0]), p.Accepted)
    await room.host.reveal()
    assert (await expect(ona, p.Result)).score == 1000
    await room.host.next()
    await expect(ona, p.QuestionMessage)
    await ona.close()  # the laptop dies: the resume token is gone with it

    # A wrong code, or the right code with another name, does not get anyone's seat.
    for name, code in (("Ona Petraitė", "ZZZZ"), ("Mallory", rejoin)):
        guess = asyncio.create_task(
            LiveClient(room.url, code=room.session.code, name=name, rejoin_code=code).connect()
        )
        async with asyncio.timeout(WAIT):
            while not guess.done() and not room.clock.sleeping:  # a guess: its answer waits
                await asyncio.sleep(0.01)
        room.clock.advance(1)
        with pytest.raises(JoinError) as caught:
            await guess
        assert caught.value.error is not None
        assert caught.value.error.code is p.ErrorCode.bad_token
    phone = LiveClient(room.url, code=room.session.code, name="ona petraitė", rejoin_code=rejoin.lower())
    back = await phone.connect()
    room.learners.append(phone)
    assert isinstance(back, p.Joined)
    assert (back.resumed, back.participant, back.name, back.score) == (True, 1, "Ona Petraitė", 1000)
    question = await expect(phone, p.QuestionMessage)
    assert question.position == 1
    assert isinstance(await phone.answer(1, [0, 1]), p.Accepted)
    # The old token stopped working; the new device is the one seat.
    with pytest.raises(JoinError):
        await LiveClient(room.url, code=room.session.code, resume_token=ona.resume_token).connect()
    await room.host.end()
    ended = await expect(phone, p.Ended)
    assert ended.you is not None
    assert ended.you.score == 2100
    people = await roster(room.host, lambda people: len(people) == 2)
    assert sorted(x.name for x in people.values()) == ["Ona Petraitė", "Taro"]
    attempts = [
        a for a in room.store.attempts(session_code=room.session.code) if a.learner.name == "Ona Petraitė"
    ]
    assert len(attempts) == 1
    assert sorted(room.store.answers(attempts[0].id)) == ["m1", "s1"]


async def test_the_host_merges_a_learner_who_joined_twice(open_room: RoomFactory) -> None:
    room = await open_room(speed=False)
    first = await room.join("Ona")
    await room.host.start()
    await expect(first, p.QuestionMessage)
    assert isinstance(await first.answer(0, [0]), p.Accepted)
    await room.host.reveal()
    await expect(first, p.Leaderboard)
    await first.close()
    second = await room.join("Ona")  # came back as someone else: "Ona (2)", 0 points
    assert second.joined is not None
    assert second.joined.name == "Ona (2)"
    await room.host.next()
    await expect(second, p.QuestionMessage)
    assert isinstance(await second.answer(1, [0, 1]), p.Accepted)
    await room.host.reveal()
    await expect(second, p.Leaderboard)
    await room.host.send(p.Merge(participant=2, into=1))
    board = await expect(room.host, p.Leaderboard)
    while [e.name for e in board.entries] != ["Ona"] or board.entries[0].score == 1000:
        board = await expect(room.host, p.Leaderboard)  # the two reveals' boards come first
    assert [(e.name, e.score, e.correct) for e in board.entries] == [("Ona", 2100, 2)]
    back = await expect(second, p.Joined)  # the client comes back by itself, as the first seat
    assert (back.participant, back.name, back.score) == (1, "Ona", 2100)
    await roster(room.host, lambda people: [x.name for x in people.values()] == ["Ona"])
    await room.host.end()
    ended = await expect(second, p.Ended)
    assert ended.you is not None
    assert (ended.you.score, ended.you.correct) == (2100, 2)
    attempts = room.store.attempts(session_code=room.session.code)
    assert [a.learner.name for a in attempts] == ["Ona"]
    assert sorted(room.store.answers(attempts[0].id)) == ["m1", "s1"]


async def test_the_question_closes_when_the_only_one_it_waits_for_drops(open_room: RoomFactory) -> None:
    room = await open_room()
    ona = await room.join("Ona")
    sleepy = await room.join("Sleepy")
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    await expect(sleepy, p.QuestionMessage)
    await ona.answer(0, [0])
    await sleepy.close()
    reveal = await expect(room.host, p.RevealMessage)
    assert (reveal.answered, reveal.participants) == (1, 2)


async def test_a_kicked_name_cannot_join_again(open_room: RoomFactory) -> None:
    room = await open_room()
    await room.join("Troll")
    await roster(room.host, lambda people: len(people) == 1)
    await room.host.kick(1)
    await roster(room.host, lambda people: not people)
    for name in ("Troll", "TROLL", "Ｔｒｏｌｌ"):
        with pytest.raises(JoinError) as caught:
            await LiveClient(room.url, code=room.session.code, name=name).connect()
        assert caught.value.error is not None
        assert caught.value.error.code is p.ErrorCode.kicked


@pytest.mark.parametrize("blank", ["\u3164", "\u2800\u2800", "\u115f\u1160", " \u3164 "])
async def test_invisible_names_are_refused(open_room: RoomFactory, blank: str) -> None:
    room = await open_room()
    with pytest.raises(JoinError) as caught:
        await LiveClient(room.url, code=room.session.code, name=blank).connect()
    assert caught.value.error is not None
    assert caught.value.error.code is p.ErrorCode.bad_name


async def test_look_alike_names_are_told_apart(open_room: RoomFactory) -> None:
    room = await open_room()
    await room.join("Ona")
    # Width, style, case, and letters of another script drawn the same: Cyrillic О and а.
    for number, typed in enumerate(("Ｏｎａ", "𝐎𝐧𝐚", "\u041ena", "On\u0430", "\u041eN\u0410"), start=2):
        client = await room.join(typed)
        assert client.joined is not None
        assert client.joined.name == f"{typed} ({number})"


async def test_names_in_one_script_are_their_own(open_room: RoomFactory) -> None:
    room = await open_room()
    # Ukrainian and Japanese names, and names that mix scripts but do not look alike
    # (Cyrillic "н" is no "n"); only the last is Latin "Ona" again, with a Cyrillic "О".
    typed = ["Олена", "Олег", "Оксана", "Їжак", "Іжак", "田中 愛子", "アイコ", "Aiko", "Ona", "Oна"]
    typed.append("\u041ena")
    joined = [await room.join(name) for name in typed]
    shown = [client.joined.name for client in joined if client.joined is not None]
    assert shown == [*typed[:-1], "\u041ena (2)"]


async def test_a_removed_name_cannot_come_back_in_another_script(open_room: RoomFactory) -> None:
    room = await open_room()
    troll = await room.join("Troll", reconnect=False)
    await roster(room.host, lambda people: len(people) == 1)
    await room.host.kick(1)
    await expect(troll, p.Kicked)
    with pytest.raises(JoinError) as caught:
        await LiveClient(room.url, code=room.session.code, name="\u0422r\u043e11").connect()  # Тrо11
    assert caught.value.error is not None
    assert caught.value.error.code is p.ErrorCode.kicked


async def test_pacing_more_time_skip_and_auto_advance(open_room: RoomFactory) -> None:
    room = await open_room(time_limit=20, auto_next=5, speed=False)
    ona = await room.join("Ona")
    preview = await expect(room.host, p.Preview)
    assert preview.position == 0
    await room.host.send(p.Skip())  # the first question is not wanted: skip it before it opens
    preview = await expect(room.host, p.Preview)
    assert preview.prompt == room.session.question(0).prompt  # the old second question, now first
    await room.host.start()
    question = await expect(ona, p.QuestionMessage)
    assert question.total == 4
    room.clock.advance(15)
    await room.host.send(p.AddTime(seconds=10))
    extended = await expect(ona, p.Extended)
    assert extended.remaining == pytest.approx(15)
    room.clock.advance(14)
    assert room.session.state is p.SessionState.question  # past its 20 s, but given 10 more
    room.clock.advance(1)
    await expect(ona, p.RevealMessage)
    room.clock.advance(4.9)
    assert room.session.state is p.SessionState.revealed
    room.clock.advance(0.1)  # auto_next: the next question opens by itself after 5 s
    assert (await expect(ona, p.QuestionMessage)).position == 1
    await ona.close()
    closed = await expect(ona, Closed)
    assert closed.reason == "closed"


async def test_session_results_as_the_room_saw_them(open_room: RoomFactory, quiz_home: Path) -> None:
    room = await open_room(speed=False, questions=2)
    paper = room.session.room.paper
    right = [paper.shown_correct(0), paper.shown_correct(1)]
    wrong = next(i for i in range(len(paper.shown_options(0))) if i not in right[0])
    ona, taro = await room.join("Ona"), await room.join("Taro")
    await room.host.start()
    for client, choice in ((ona, right[0]), (taro, [wrong])):
        await expect(client, p.QuestionMessage)
        assert isinstance(await client.answer(0, choice), p.Accepted)
    await expect(room.host, p.Leaderboard)
    await room.host.next()
    await expect(ona, p.QuestionMessage)
    assert isinstance(await ona.answer(1, right[1]), p.Accepted)
    await room.host.end()
    ended = await expect(ona, p.Ended)
    assert ended.you is not None
    (quiz_home / "banks").mkdir(parents=True)
    shutil.copy(FIXTURES / "sample.toml", quiz_home / "banks" / "sample.toml")
    db = str(room.store.path)
    run = CliRunner().invoke(
        cli, ["--db", db, "export", "--session", room.session.code, "--results", "--format", "json"]
    )
    assert run.exit_code == 0, run.output
    results = json.loads(run.stdout)
    first = [0] * len(paper.shown_options(0))
    for shown in [*right[0], wrong]:
        first[shown] += 1
    assert results["questions"][0]["counts"] == first
    assert [q["answered"] for q in results["questions"]] == [2, 1]
    assert [(x["name"], x["live_rank"], x["live_score"], x["live_correct"]) for x in results["learners"]] == [
        ("Ona", 1, ended.you.score, 2),
        ("Taro", 2, 0, 0),
    ]
    taro_answers = results["learners"][1]["answers"]
    assert [(a["chosen"], a["correct"]) for a in taro_answers] == [([wrong + 1], False), (None, False)]
    run = CliRunner().invoke(cli, ["--db", db, "export", "--session", room.session.code.lower(), "--results"])
    assert run.exit_code == 0, run.output
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == 4
    assert rows[0]["name"] == "Ona"
    expected = " ".join(str(c + 1) for c in right[0])
    assert (rows[0]["chosen"], rows[0]["right_answer"], rows[0]["correct"]) == (expected, expected, "1")
    # The same through the export registry, like any other format.
    via_format = CliRunner().invoke(
        cli, ["--db", db, "export", "--session", room.session.code, "--format", "results"]
    )
    assert via_format.exit_code == 0, via_format.output
    assert via_format.stdout == run.stdout
    assert "as results" in via_format.stderr
    refused = CliRunner().invoke(cli, ["--db", db, "export", "--results"])
    assert refused.exit_code == 2
    assert "--results needs --session CODE" in refused.output
    # Results need the attempts of one session: none (or several) is refused with the reason.
    with pytest.raises(QuizError, match="one live session's attempts"):
        export_attempts(room.store, [], "results-json", io.StringIO(), banks={})


class Listener:
    """A learner as raw frames: every text frame it is sent, kept in order (no client in between)."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.frames: list[dict[str, Any]] = []
        self.arrived = asyncio.Event()
        self.reader = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def join(cls, http: aiohttp.ClientSession, room_url: str, hello: p.Join) -> Listener:
        listener = cls(await http.ws_connect(room_url))
        await listener.ws.send_str(p.dump(hello))
        return listener

    async def _read(self) -> None:
        async for frame in self.ws:
            if frame.type is aiohttp.WSMsgType.TEXT:
                self.frames.append(json.loads(frame.data))
                self.arrived.set()

    async def until(self, kind: str) -> dict[str, Any]:
        """The first frame of type ``kind`` (waiting for it as the room runs)."""
        async with asyncio.timeout(WAIT):
            while not (found := [f for f in self.frames if f["type"] == kind]):
                self.arrived.clear()
                await self.arrived.wait()
        return found[0]

    async def close(self) -> None:
        await self.ws.close()
        await self.reader


async def test_the_next_questions_preview_reaches_the_host_only(
    open_room: RoomFactory, http: aiohttp.ClientSession
) -> None:
    """Through a skip in the lobby, in a reveal and during a question, the reveal's preview, an
    auto-advance, a late join and a resume, no learner frame carries a question before it opens."""
    room = await open_room(time_limit=20, auto_next=5, speed=False)
    code = room.session.code
    planned = [room.session.question(i).prompt for i in range(len(room.session.plan.items))]
    ona = await Listener.join(http, room.url, p.Join(code=code, name="Ona"))
    joined = await ona.until("joined")
    previews = [await expect(room.host, p.Preview)]
    await room.host.send(p.Skip())  # in the lobby
    previews.append(await expect(room.host, p.Preview))
    await room.host.start()
    await expect(room.host, p.QuestionMessage)
    room.clock.advance(20)  # time is up: the reveal, and the host's preview of the next
    previews.append(await expect(room.host, p.Preview))
    taro = await Listener.join(http, room.url, p.Join(code=code, name="Taro"))  # joins during a reveal
    await taro.until("leaderboard")
    await room.host.send(p.Skip())  # during a reveal
    previews.append(await expect(room.host, p.Preview))
    room.clock.advance(5)  # auto-advance
    assert (await expect(room.host, p.QuestionMessage)).position == 1
    await room.host.send(p.Skip())  # during a question
    previews.append(await expect(room.host, p.Preview))
    await room.host.send(p.Reveal())
    previews.append(await expect(room.host, p.Preview))
    await ona.close()  # Ona's connection drops in the reveal; she comes back with her token
    ona_again = await Listener.join(http, room.url, p.Join(code=code, resume=joined["resume_token"]))
    await ona_again.until("leaderboard")
    await room.host.end()
    for listener in (taro, ona_again):
        await listener.until("ended")
    assert [preview.position for preview in previews] == [0, 0, 1, 1, 2, 2]
    assert {planned[0], planned[2]} <= {preview.prompt for preview in previews}  # skipped once shown
    seen_by = {"Ona": ona.frames + ona_again.frames, "Taro": taro.frames}
    for frames in seen_by.values():
        assert "preview" not in {frame["type"] for frame in frames}
        for prompt in planned:
            carrying = [f for f in frames if prompt in _strings(f)]
            # A prompt reaches a learner first in the question that opens it, or never (skipped).
            assert not carrying or (carrying[0]["type"], carrying[0].get("prompt")) == ("question", prompt)
    opened = [f["prompt"] for f in taro.frames if f["type"] == "question"]
    assert opened == [planned[1], planned[3]]  # the three skipped (0, 2 and 4) reached no learner
    shown = {prompt for frames in seen_by.values() for f in frames for prompt in _strings(f)}
    assert shown.isdisjoint({planned[0], planned[2], planned[4]})
