"""Dropped connections: a learner comes back with their answers and score intact."""

from __future__ import annotations

import logging
import socket

import pytest
from aiohttp import ClientConnectionResetError

from quiz.live import protocol as p
from quiz.live.client import Disconnected, LiveClient
from tests.live.conftest import RoomFactory, expect


def cut(client: LiveClient) -> None:
    """Drop the TCP connection under the client as a network failure would: no closing handshake."""
    assert client._ws is not None
    sock = client._ws.get_extra_info("socket")
    assert sock is not None
    sock.shutdown(socket.SHUT_RDWR)


async def test_a_learner_who_drops_mid_question_comes_back_intact(open_room: RoomFactory) -> None:
    room = await open_room(speed=False)
    ona = await room.join("Ona")
    await room.join("Taro")
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    await ona.answer(0, [0])
    await room.host.reveal()
    first = await expect(ona, p.Result)
    assert first.score == 1000
    await room.host.next()
    await expect(ona, p.QuestionMessage)
    room.clock.advance(0.3)

    cut(ona)
    dropped = await expect(ona, Disconnected)
    assert dropped.attempt == 1
    back = await expect(ona, p.Joined)
    assert back.resumed
    assert (back.name, back.score, back.correct_count) == ("Ona", 1000, 1)
    question = await expect(ona, p.QuestionMessage)
    assert (question.position, question.chosen) == (1, None)
    assert question.remaining == pytest.approx(question.time_limit - 0.3)
    accepted = await ona.answer(1, [0, 1])
    assert isinstance(accepted, p.Accepted)
    assert accepted.seconds == pytest.approx(0.3)  # the server's clock kept running while she was away

    # Drop again after answering: the answer is remembered, and the score still hides it.
    cut(ona)
    back = await expect(ona, p.Joined)
    assert back.score == 1000
    question = await expect(ona, p.QuestionMessage)
    assert question.chosen == [0, 1]
    again = await ona.answer(1, [0, 1])
    assert isinstance(again, p.Refused)
    assert again.reason is p.RefusalReason.duplicate

    await room.host.reveal()
    result = await expect(ona, p.Result)
    assert (result.correct, result.score, result.streak) == (True, 2100, 2)
    attempt = room.store.attempts(session_code=room.session.code, finished=False)[0]
    assert set(room.store.answers(attempt.id)) == {"s1", "m1"}


async def test_a_learner_who_drops_during_the_reveal_gets_it_on_return(open_room: RoomFactory) -> None:
    room = await open_room(speed=False)
    ona = await room.join("Ona")
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    cut(ona)
    await expect(ona, Disconnected)
    await room.host.reveal()  # while she is away (or just back): either way she must see it
    back = await expect(ona, p.Joined)
    assert back.resumed
    seen: list[object] = []
    reveal = await expect(ona, p.RevealMessage, seen=seen)
    assert reveal.position == 0
    result = await expect(ona, p.Result)
    assert (result.answered, result.score) == (False, 0)
    await expect(ona, p.Leaderboard)


async def test_a_host_screen_that_reconnects_sees_the_room(open_room: RoomFactory) -> None:
    room = await open_room()
    ona = await room.join("Ona")
    await room.join("Taro")
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    await ona.answer(0, [0])
    cut(room.host)
    await expect(room.host, Disconnected)
    welcome = await expect(room.host, p.HostWelcome)
    assert (welcome.state, welcome.position) == (p.SessionState.question, 0)
    assert {x.name: x.answered for x in welcome.participants} == {"Ona": True, "Taro": False}
    count = await expect(room.host, p.AnsweredCount)
    assert (count.count, count.participants) == (1, 2)
    await room.host.reveal()
    assert (await expect(room.host, p.RevealMessage)).answered == 1


def reset_on_next_receive(ws: object) -> None:
    """The next read of ``ws`` fails as aiohttp's does when it answers a ping on a socket that
    is already going: ``ClientConnectionResetError`` (a ``ConnectionResetError``)."""

    async def reset(*args: object, **kwargs: object) -> object:
        raise ClientConnectionResetError("Cannot write to closing transport")

    ws.receive = reset  # type: ignore[attr-defined]


async def test_a_reset_while_reading_is_a_drop_the_learner_comes_back_from(open_room: RoomFactory) -> None:
    # Seen with 5,000 learners on a loaded machine: the reset ended the client's reader, and
    # the learner waited for a server that had long forgotten the connection.
    room = await open_room()
    ona = await room.join("Ona")
    reset_on_next_receive(ona._ws)
    await room.host.start()
    await expect(ona, Disconnected)
    assert (await expect(ona, p.Joined)).resumed
    question = await expect(ona, p.QuestionMessage)
    assert isinstance(await ona.answer(question.position, [0]), p.Accepted)


async def test_a_reset_on_the_servers_side_is_a_departure_not_an_error(
    open_room: RoomFactory, caplog: pytest.LogCaptureFixture
) -> None:
    room = await open_room()
    ona = await room.join("Ona")
    assert ona.joined is not None
    peer = room.session.fanout.learners[ona.joined.participant]
    reset_on_next_receive(peer.ws)  # type: ignore[attr-defined]
    await room.host.start()
    question = await expect(ona, p.QuestionMessage)
    with caplog.at_level(logging.ERROR):
        await ona.send(p.AnswerMessage(position=question.position, choices=[0]))  # read, then the reset
        await expect(ona, Disconnected)
        assert (await expect(ona, p.Joined)).resumed
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert ona.joined.participant in room.session.fanout.learners
