"""No one where they don't belong: bad frames, host-only commands, leaks, refusals, names, codes."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from quiz.live import protocol as p
from quiz.live.client import Closed, JoinError, LiveClient
from quiz.live.clock import ManualClock
from quiz.live.server import JoinThrottle
from tests.live.conftest import WAIT, RoomFactory, expect, roster
from tests.questions import option_feedback, options


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def receive(ws: aiohttp.ClientWebSocketResponse) -> dict[str, Any]:
    frame = await ws.receive(timeout=WAIT)
    assert frame.type is aiohttp.WSMsgType.TEXT, frame
    data: dict[str, Any] = json.loads(frame.data)
    return data


async def test_malformed_frames_get_an_error_and_the_connection_lives_on(
    open_room: RoomFactory, http: aiohttp.ClientSession
) -> None:
    room = await open_room()
    async with http.ws_connect(room.url) as ws:
        cases = [
            ("{not json", "bad_json"),
            ("[1, 2]", "unknown_type"),
            ('"join"', "unknown_type"),
            ('{"type": "teleport"}', "unknown_type"),
            ('{"no": "type"}', "unknown_type"),
            ('{"type": "join"}', "invalid"),
            ('{"type": "join", "code": "ABCDEF", "sneaky": 1}', "invalid"),
            ('{"type": "answer", "position": "0", "choices": [0]}', "invalid"),
            ('{"type": "answer", "position": 0, "choices": [0]}', "not_joined"),
            ('{"type": "start"}', "not_joined"),
        ]
        for frame, code in cases:
            await ws.send_str(frame)
            reply = await receive(ws)
            assert (reply["type"], reply["code"]) == ("error", code), frame
        await ws.send_bytes(b"\x00\x01")
        assert (await receive(ws))["code"] == "binary"
        # After all that, the same connection can still join.
        await ws.send_str(p.dump(p.Join(code=room.session.code, name="Patient")))
        joined = await receive(ws)
        assert joined["type"] == "joined"
        await ws.send_str(p.dump(p.Join(code=room.session.code, name="Again")))
        assert (await receive(ws))["type"] == "lobby"
        assert (await receive(ws))["code"] == "already_joined"


async def test_a_frame_over_64_kib_closes_that_connection_only(
    open_room: RoomFactory, http: aiohttp.ClientSession
) -> None:
    room = await open_room()
    bystander = await room.join("Bystander")
    async with http.ws_connect(room.url, max_msg_size=0) as ws:
        await ws.send_str(p.dump(p.Join(code=room.session.code, name="Big")))
        assert (await receive(ws))["type"] == "joined"
        await ws.send_str('{"type": "answer", "position": 0, "choices": [0], "pad": "' + "x" * 70_000 + '"}')
        frame = await ws.receive(timeout=WAIT)
        while frame.type is aiohttp.WSMsgType.TEXT:  # the lobby update may come first
            assert json.loads(frame.data)["type"] == "lobby"
            frame = await ws.receive(timeout=WAIT)
        assert frame.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
        assert ws.close_code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
    # Just under the limit is only an invalid message, and the server carries on.
    async with http.ws_connect(room.url) as ws:
        await ws.send_str('{"type": "start", "pad": "' + "x" * 60_000 + '"}')
        assert (await receive(ws))["code"] == "invalid"
    await room.host.start()
    question = await expect(bystander, p.QuestionMessage)
    assert isinstance(await bystander.answer(question.position, [0]), p.Accepted)


async def test_a_learner_cannot_act_as_host(open_room: RoomFactory, http: aiohttp.ClientSession) -> None:
    room = await open_room()
    victim = await room.join("Victim")
    async with http.ws_connect(room.url) as ws:
        await ws.send_str(p.dump(p.Join(code=room.session.code, name="Mallory")))
        assert (await receive(ws))["type"] == "joined"
        assert (await receive(ws))["type"] == "lobby"
        for command in (
            p.Start(),
            p.Reveal(),
            p.Next(),
            p.Pause(),
            p.Resume(),
            p.Kick(participant=1),
            p.End(),
        ):
            await ws.send_str(p.dump(command))
            reply = await receive(ws)
            assert (reply["type"], reply["code"]) == ("error", "not_allowed"), command
        assert room.session.state is p.SessionState.lobby
        # Nor with a made-up or stolen-looking host token, on a fresh connection.
        async with http.ws_connect(room.url) as impostor:
            await impostor.send_str(p.dump(p.HostHello(code=room.session.code, token="guess")))
            reply = await receive(impostor)
            assert reply["code"] == "bad_token"
            assert (await impostor.receive(timeout=WAIT)).type is aiohttp.WSMsgType.CLOSE
    assert room.session.state is p.SessionState.lobby
    await room.host.start()
    assert (await expect(victim, p.QuestionMessage)).position == 0


async def test_the_host_cannot_answer(open_room: RoomFactory) -> None:
    room = await open_room()
    await room.join("Ona")
    await room.host.start()
    await room.host.send(p.AnswerMessage(position=0, choices=[0]))
    assert (await expect(room.host, p.Error)).code is p.ErrorCode.not_allowed


def _keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


BEFORE_REVEAL_SAFE = {"joined", "lobby", "question", "accepted", "refused", "paused", "resumed", "error"}


async def test_a_learner_never_receives_the_answer_before_the_reveal(
    open_room: RoomFactory, http: aiohttp.ClientSession
) -> None:
    """Inspect every raw frame a learner gets, through questions, answers, a pause and a reconnect."""
    room = await open_room(time_limit=30.0)
    bank = room.session.bank
    explanations = [room.session.question(i).explanation for i in range(5)]
    feedback = [f for q in bank.questions for i in range(len(options(q))) if (f := option_feedback(q, i))]
    await room.join("Other")
    frames: list[dict[str, Any]] = []
    revealed: set[int] = set()

    async def read(ws: aiohttp.ClientWebSocketResponse, until: str) -> dict[str, Any]:
        while True:
            frame = await ws.receive(timeout=WAIT)
            assert frame.type is aiohttp.WSMsgType.TEXT, frame
            data = json.loads(frame.data)
            frames.append(data)
            kind = data["type"]
            if kind == "reveal":
                revealed.add(data["position"])
            elif kind in ("result",):
                assert data["position"] in revealed, "a result before its reveal"
            else:
                assert kind in BEFORE_REVEAL_SAFE | {"leaderboard", "ended"}, kind
            if kind in BEFORE_REVEAL_SAFE:
                leaked = _keys(data) & {"correct", "explanation", "distribution", "credit", "feedback"}
                assert not leaked, (kind, leaked)
                unrevealed = [e for i, e in enumerate(explanations) if i not in revealed]
                assert not any(text in frame.data for text in unrevealed + feedback), kind
            if kind == until:
                return data

    async with http.ws_connect(room.url) as ws:
        await ws.send_str(p.dump(p.Join(code=room.session.code, name="Inspector")))
        joined = await read(ws, "joined")
        await room.host.start()
        await read(ws, "question")
        await ws.send_str(p.dump(p.AnswerMessage(position=0, choices=[1])))
        await read(ws, "accepted")
        await room.host.pause()
        await read(ws, "paused")
        await room.host.resume()
        await read(ws, "resumed")
    # Drop the connection mid-question and come back: the catch-up must not leak either.
    async with http.ws_connect(room.url) as ws:
        await ws.send_str(p.dump(p.Join(code=room.session.code, resume=joined["resume_token"])))
        await read(ws, "joined")
        question = await read(ws, "question")
        assert question["chosen"] == [1]
        await ws.send_str(p.dump(p.AnswerMessage(position=0, choices=[0])))
        assert (await read(ws, "refused"))["reason"] == "duplicate"
        await room.host.reveal()
        reveal = await read(ws, "reveal")
        assert reveal["correct"] == [0]
        result = await read(ws, "result")
        assert result["correct"] is False
        await read(ws, "leaderboard")
        await room.host.next()
        await read(ws, "question")
        await room.host.end()
        await read(ws, "ended")
    assert revealed == {0, 1}


async def test_late_duplicate_future_and_invalid_answers_are_refused(open_room: RoomFactory) -> None:
    room = await open_room()
    ona = await room.join("Ona")
    await room.join("Taro")
    early = await ona.answer(0, [0])
    assert isinstance(early, p.Refused)
    assert early.reason is p.RefusalReason.not_open
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    reasons = []
    for position, choices in [(1, [0]), (0, []), (0, [7]), (0, [-1]), (0, [0, 1])]:
        reply = await ona.answer(position, choices)
        assert isinstance(reply, p.Refused)
        reasons.append(reply.reason)
    assert reasons == [p.RefusalReason.not_open] + [p.RefusalReason.invalid] * 4
    assert isinstance(await ona.answer(0, [0]), p.Accepted)
    duplicate = await ona.answer(0, [1])
    assert isinstance(duplicate, p.Refused)
    assert duplicate.reason is p.RefusalReason.duplicate
    await room.host.reveal()
    await expect(ona, p.Leaderboard)
    await room.host.next()
    await expect(ona, p.QuestionMessage)
    taro = room.learners[1]
    late = await taro.answer(0, [0])  # Taro answers question 0 while question 1 is open
    assert isinstance(late, p.Refused)
    assert late.reason is p.RefusalReason.late
    # The refused answers left no trace: one stored answer for Ona, none for Taro.
    attempts = {
        a.learner.name: a for a in room.store.attempts(session_code=room.session.code, finished=False)
    }
    assert list(room.store.answers(attempts["Ona"].id)) == ["s1"]
    assert room.store.answers(attempts["Taro"].id) == {}


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("[b]Bold[/b] [link=x]me[/link]", "[b]Bold[/b] [link=x]me[/link]"),
        ("  Žemaitė   Šaltinė ", "Žemaitė Šaltinė"),
        ("Zoë 🚀👩‍💻", "Zoë 🚀👩‍💻"),
        ("李小龍", "李小龍"),
        ("Ona\x00\x07\x1b[31mRed", "Ona[31mRed"),
        ("tab\there\nnewline", "tab here newline"),
        ("evil\u202eegnahc", "evilegnahc"),
        ("Ze\u0301ro", "Zéro"),  # NFC: one character, as typed
        ("x" * 40, "x" * 32),
    ],
)
async def test_names_are_shown_as_typed_but_cleaned(open_room: RoomFactory, typed: str, shown: str) -> None:
    room = await open_room()
    client = await room.join(typed)
    assert client.joined is not None
    assert client.joined.name == shown
    people = await roster(room.host, lambda people: len(people) == 1)
    assert next(iter(people.values())).name == shown


async def test_clashing_names_get_a_suffix_and_blank_names_are_refused(open_room: RoomFactory) -> None:
    room = await open_room()
    names = []
    for typed in ["Ona", "ona", " ONA ", "x" * 32, "x" * 32]:
        client = await room.join(typed)
        assert client.joined is not None
        names.append(client.joined.name)
    assert names == ["Ona", "ona (2)", "ONA (3)", "x" * 32, "x" * 28 + " (2)"]
    assert all(len(name) <= p.NAME_MAX for name in names)
    for blank in ["", "   ", "\x00\x01", "\u200b"]:
        with pytest.raises(JoinError) as caught:
            await LiveClient(room.url, code=room.session.code, name=blank).connect()
        assert caught.value.error is not None
        assert caught.value.error.code is p.ErrorCode.bad_name


async def test_join_codes_ignore_case_and_dashes_but_wrong_ones_wait_longer_each_time(
    open_room: RoomFactory,
) -> None:
    clock = ManualClock()
    throttle = JoinThrottle(base=0.25, cap=8.0, clock=clock)
    room = await open_room(throttle=throttle)
    code = room.session.code
    ok = LiveClient(room.url, code=f"{code[:3].lower()}-{code[3:]}", name="Dash")
    assert isinstance(await ok.connect(), p.Joined)
    await ok.close()
    for wait in (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0):
        guess = asyncio.create_task(LiveClient(room.url, code="WRONG1", name="Guesser").connect())
        async with asyncio.timeout(WAIT):
            while not clock.slept:  # until the server has taken the guess
                await asyncio.sleep(0.01)
        assert clock.slept == [wait]
        assert clock.sleeping == (1 if wait else 0)  # its answer waits for the clock
        clock.advance(wait)
        with pytest.raises(JoinError) as caught:
            await guess
        assert caught.value.error is not None
        assert caught.value.error.code is p.ErrorCode.bad_code
        clock.slept.clear()
    assert throttle.failures("127.0.0.1") == 8


async def test_wrong_codes_never_delay_a_correct_join_or_the_host(open_room: RoomFactory) -> None:
    """40 guesses at once from the host's own address (as with --web): the room is not stalled."""
    clock = ManualClock()
    room = await open_room(throttle=JoinThrottle(clock=clock))
    guesses = [
        asyncio.create_task(LiveClient(room.url, code=f"WRONG{n}", name="G").connect()) for n in range(40)
    ]
    async with asyncio.timeout(WAIT):
        while clock.sleeping < 31:  # the first guess waits 0 s; 31 more wait; the rest are dropped
            await asyncio.sleep(0.01)
    learner = await room.join("Ona")  # at once, while 31 guesses from 127.0.0.1 wait
    assert learner.joined is not None
    host = LiveClient(room.url, code=room.session.code, host_token=room.session.host_token)
    assert isinstance(await host.connect(), p.HostWelcome)
    await host.close()
    assert sum(guess.done() for guess in guesses) <= 9  # the first, and the ones dropped unanswered
    clock.advance(8.0)
    results = await asyncio.gather(*guesses, return_exceptions=True)
    assert all(isinstance(result, JoinError) for result in results)
    answered = [r for r in results if isinstance(r, JoinError) and r.error is not None]
    assert {r.error.code for r in answered if r.error} == {p.ErrorCode.bad_code}
    assert len(answered) == 32


async def test_a_kicked_learner_is_out_for_good(open_room: RoomFactory) -> None:
    room = await open_room()
    troll = await room.join("Troll")
    await room.join("Ona")
    token = troll.resume_token
    people = await roster(room.host, lambda people: len(people) == 2)
    troll_id = next(x.id for x in people.values() if x.name == "Troll")
    await room.host.kick(troll_id)
    await expect(troll, p.Kicked)
    closed = await expect(troll, Closed)
    assert "kicked" in closed.reason
    with pytest.raises(JoinError) as caught:
        await LiveClient(room.url, code=room.session.code, resume_token=token).connect()
    assert caught.value.error is not None
    assert caught.value.error.code is p.ErrorCode.kicked
    await roster(room.host, lambda people: [x.name for x in people.values()] == ["Ona"])
    assert [a.learner.name for a in room.store.attempts(session_code=room.session.code, finished=None)] == [
        "Ona"
    ]


async def test_kicking_the_last_one_who_has_not_answered_closes_the_question(open_room: RoomFactory) -> None:
    room = await open_room()
    ona = await room.join("Ona")
    await room.join("Sleepy")
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    await ona.answer(0, [0])
    await room.host.kick(2)
    reveal = await expect(ona, p.RevealMessage)
    assert (reveal.answered, reveal.participants) == (1, 1)


async def test_replies_keep_the_order_of_the_frames_sent_behind_an_answer(
    open_room: RoomFactory, http: aiohttp.ClientSession
) -> None:
    """The server reads a learner's next frame while their answer is being written: what it
    says to the frames behind the answer still comes after the answer's ``accepted``."""
    room = await open_room()
    await room.join("Slow")  # who has not answered: the question stays open
    async with http.ws_connect(room.url) as ws:
        await ws.send_str(p.dump(p.Join(code=room.session.code, name="Quick")))
        joined = await receive(ws)
        assert (await receive(ws))["type"] == "lobby"
        await room.host.start()
        assert (await receive(ws))["type"] == "question"
        for frame in (
            p.dump(p.AnswerMessage(position=0, choices=[0])),
            "{not json",
            p.dump(p.AnswerMessage(position=0, choices=[1])),
            p.dump(p.Start()),
        ):
            await ws.send_str(frame)
        accepted = await receive(ws)
        assert accepted["type"] == "accepted"
        assert room.session.room.stored(joined["participant"], 0)  # on disk before it was told
        assert (await receive(ws))["code"] == "bad_json"
        assert (await receive(ws))["reason"] == "duplicate"
        assert (await receive(ws))["code"] == "not_allowed"


async def test_a_learner_flooding_answers_gets_each_reply_in_order_and_holds_no_one_up(
    open_room: RoomFactory, http: aiohttp.ClientSession
) -> None:
    """3,000 answers in one burst from one learner: the first is taken, every other refused, in
    the order sent; one answer is stored; a learner answering meanwhile is acknowledged."""
    room = await open_room()
    bystander = await room.join("Bystander")
    async with http.ws_connect(room.url) as ws:
        await ws.send_str(p.dump(p.Join(code=room.session.code, name="Flood")))
        assert (await receive(ws))["type"] == "joined"
        await room.host.start()
        question = await expect(bystander, p.QuestionMessage)
        burst = 3_000
        frame = p.dump(p.AnswerMessage(position=question.position, choices=[0]))
        for _ in range(burst):
            await ws.send_str(frame)
        await bystander.send(p.AnswerMessage(position=question.position, choices=[1]))
        assert (await expect(bystander, p.Accepted)).position == question.position
        replies = []
        while len(replies) < burst:
            message = await receive(ws)
            if message["type"] in ("accepted", "refused"):
                replies.append(message["type"])
        assert replies == ["accepted"] + ["refused"] * (burst - 1)
    rows = room.store.conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    assert rows == 2
