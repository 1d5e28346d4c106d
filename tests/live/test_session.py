"""A whole session over real sockets: join, pace, reveal, leaderboard, end, stored results."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.cli import cli
from quiz.engine.live_scoring import speed_points
from quiz.live import protocol as p
from quiz.live.client import Closed, LiveClient
from tests.conftest import FIXTURES
from tests.live.conftest import RoomFactory, expect, roster

# The sample bank in bank order (no shuffling): s1, m1, tf1, h1, h2; right answers as shown.
RIGHT = [[0], [0, 1], [1], [1], [0]]

# What each learner answers at each position (None: no answer).
PLAN: dict[str, list[list[int] | None]] = {
    "Ona": [[0], [0, 1], [1], [1], [0]],  # all right: 1000, 1100, 1200, 1300, 1400
    "Taro": [[0], [2], [1], [1], None],  # 1000, 0, 1000, 1100, 0
    "Mia": [[1], [0], [1], [1], [0]],  # 0, 500 (half of m1), 1000, 1100, 1200
    "Lukas": [[2], [2], [0], [0], [1]],  # nothing right
}


async def test_a_session_from_join_to_end(open_room: RoomFactory, quiz_home: Path) -> None:
    room = await open_room(speed=False, streak=True)
    learners = {name: await room.join(name, email=f" {name.lower()}@example.lt\x07") for name in PLAN}
    lobby = await roster(room.host, lambda people: len(people) == len(PLAN))
    assert [x.name for x in lobby.values()] == list(PLAN)

    await room.host.start()
    for position in range(5):
        for name, client in learners.items():
            question = await expect(client, p.QuestionMessage)
            assert (question.position, question.total) == (position, 5)
            choice = PLAN[name][position]
            if choice is not None:
                reply = await client.answer(position, choice)
                assert isinstance(reply, p.Accepted), reply
        if position == 4:
            await room.host.reveal()  # Taro never answers the last one: the host closes it
        reveal = await expect(room.host, p.RevealMessage)
        assert reveal.correct == RIGHT[position]
        assert reveal.answered == (3 if position == 4 else 4)
        answers = [PLAN[name][position] for name in PLAN]
        expected_chart = [sum(1 for a in answers if a and i in a) for i in range(len(reveal.distribution))]
        assert reveal.distribution == expected_chart
        board = await expect(room.host, p.Leaderboard)
        assert board.entries[0].name == "Ona"  # right every time (tied with Taro after the first)
        await room.host.next()

    ended = await expect(room.host, p.Ended)
    standings = [(e.rank, e.name, e.score, e.correct) for e in ended.leaderboard]
    assert standings == [(1, "Ona", 6000, 5), (2, "Mia", 3800, 3), (3, "Taro", 3100, 3), (4, "Lukas", 0, 0)]
    assert ended.asked == 5
    assert ended.items is not None
    assert [item.question_id for item in ended.items] == ["s1", "m1", "tf1", "h1", "h2"]
    assert [item.correct for item in ended.items] == [2, 1, 3, 3, 2]
    assert ended.items[0].facility == pytest.approx(0.5)
    assert ended.items[1].facility == pytest.approx((1 + 0 + 0.5 + 0) / 4)

    # Each learner saw their own result after every reveal, and their summary at the end.
    mia = learners["Mia"]
    summary = await expect(mia, p.Ended)
    assert summary.you is not None
    assert (summary.you.score, summary.you.correct, summary.you.rank) == (3800, 3, 2)
    assert [(m.position, m.chosen, m.correct) for m in summary.you.missed] == [
        (0, [1], [0]),
        (1, [0], [0, 1]),
    ]
    taro = await expect(learners["Taro"], p.Ended)
    assert taro.you is not None
    assert [(m.position, m.chosen) for m in taro.you.missed] == [(1, [2]), (4, None)]

    # The attempts are ordinary attempts: finished, mode live, tagged with the session code.
    attempts = room.store.attempts(session_code=room.session.code)
    assert sorted(a.learner.name for a in attempts) == sorted(PLAN)
    assert {a.mode for a in attempts} == {"live"}
    by_name = {a.learner.name: a for a in attempts}
    assert by_name["Ona"].learner.email == "ona@example.lt"
    assert by_name["Ona"].percent == pytest.approx(100.0)
    assert by_name["Mia"].points == pytest.approx(3.5)
    assert by_name["Taro"].settings["live_score"] == 3100
    assert len(room.store.answers(by_name["Taro"].id)) == 4
    # Export and report work on the session, from the command line, like any attempts.
    (quiz_home / "banks").mkdir(parents=True)
    shutil.copy(FIXTURES / "sample.toml", quiz_home / "banks" / "sample.toml")
    db = str(room.store.path)
    exported = CliRunner().invoke(
        cli, ["--db", db, "export", "--session", room.session.code, "--format", "csv"]
    )
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert len(rows) == 4
    report = CliRunner().invoke(
        cli, ["--db", db, "report", "--session", room.session.code, "--format", "json"]
    )
    assert report.exit_code == 0, report.output
    figures = json.loads(report.stdout)
    assert figures["session"] == room.session.code


async def test_the_host_hears_who_answered_as_ids_not_as_entries(open_room: RoomFactory) -> None:
    room = await open_room()
    ona, taro = await room.join("Ona"), await room.join("Taro")
    await roster(room.host, lambda people: len(people) == 2)
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    assert isinstance(await ona.answer(0, [0]), p.Accepted)
    update = await expect(room.host, p.Participants)
    assert ona.joined is not None
    assert update.answered == [ona.joined.participant]
    assert update.participants == []  # no entry for her: her name and connection did not change
    await taro.close()  # a change that is not an answer still comes as an entry
    update = await expect(room.host, p.Participants)
    assert [(x.name, x.connected, x.answered) for x in update.participants] == [("Taro", False, False)]
    assert update.answered == []


async def test_speed_points_and_streak_come_from_the_servers_clock(open_room: RoomFactory) -> None:
    room = await open_room(speed=True, streak=True, questions=None)
    fast = await room.join("Fast")
    await room.host.start()
    total = 0
    for position in range(3):
        question = await expect(fast, p.QuestionMessage)
        if position == 1:
            room.clock.advance(0.6)  # past the 0.5 s of full points
        accepted = await fast.answer(question.position, RIGHT[position])
        assert isinstance(accepted, p.Accepted)
        result = await expect(fast, p.Result)
        speed = speed_points(1000, accepted.seconds, question.time_limit)
        assert result.bonus == 100 * position
        assert result.points == speed + result.bonus
        total += result.points
        assert result.score == total
        await room.host.next()
    # The second answer came after 0.6 s: fewer than full points, but more than half.
    assert 500 < speed_points(1000, 0.6, 30.0) < 1000


async def test_a_question_closes_by_itself_when_time_runs_out(open_room: RoomFactory) -> None:
    room = await open_room(time_limit=20)
    slow = await room.join("Slow")
    await room.join("Quick")
    await room.host.start()
    await expect(slow, p.QuestionMessage)
    room.clock.advance(19.9)
    assert room.session.state is p.SessionState.question
    room.clock.advance(0.1)
    reveal = await expect(slow, p.RevealMessage)
    assert (reveal.position, reveal.answered) == (0, 0)
    result = await expect(slow, p.Result)
    assert (result.answered, result.points, result.streak) == (False, 0, 0)
    late = await slow.answer(0, [0])
    assert isinstance(late, p.Refused)
    assert late.reason is p.RefusalReason.late


async def test_pause_stops_the_clock_and_refuses_answers(open_room: RoomFactory) -> None:
    room = await open_room(time_limit=1.5)
    ona = await room.join("Ona")
    await room.join("Taro")
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    room.clock.advance(0.5)
    await room.host.pause()
    paused = await expect(ona, p.Paused)
    assert paused.remaining == pytest.approx(1.0)
    room.clock.advance(60)  # longer than the whole limit: the question must still be there
    refused = await ona.answer(0, [0])
    assert isinstance(refused, p.Refused)
    assert refused.reason is p.RefusalReason.paused
    assert room.session.state is p.SessionState.paused
    await room.host.resume()
    resumed = await expect(ona, p.Resumed)
    assert resumed.remaining == pytest.approx(paused.remaining)
    room.clock.advance(0.25)
    accepted = await ona.answer(0, [0])
    assert isinstance(accepted, p.Accepted)
    # Time paused is not time taken.
    assert accepted.seconds == pytest.approx(0.75)


async def test_host_commands_out_of_turn_get_an_error(open_room: RoomFactory) -> None:
    room = await open_room()
    await room.join("Ona")
    for command in (room.host.next, room.host.reveal, room.host.pause, room.host.resume):
        await command()
        error = await expect(room.host, p.Error)
        assert error.code is p.ErrorCode.wrong_state
    await room.host.kick(99)
    assert (await expect(room.host, p.Error)).code is p.ErrorCode.unknown_participant
    await room.host.start()
    await room.host.start()
    assert (await expect(room.host, p.Error)).code is p.ErrorCode.wrong_state
    assert room.session.state is p.SessionState.question


async def test_ending_in_the_lobby_keeps_no_attempt(open_room: RoomFactory) -> None:
    room = await open_room()
    ona = await room.join("Ona")
    await room.host.end()
    ended = await expect(ona, p.Ended)
    assert ended.asked == 0
    assert room.store.attempts(session_code=room.session.code, finished=None) == []
    # A newcomer after the end is turned away; the learner's client stays to show the results.
    late = LiveClient(room.url, code=room.session.code, name="Late")
    with pytest.raises(Exception, match="ended"):
        await late.connect()


async def test_ending_mid_question_scores_what_was_answered(open_room: RoomFactory) -> None:
    room = await open_room(speed=False)
    ona = await room.join("Ona")
    await room.join("Taro")
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    await ona.answer(0, [0])
    await room.host.end()
    reveal = await expect(ona, p.RevealMessage)
    assert reveal.answered == 1
    ended = await expect(ona, p.Ended)
    assert ended.you is not None
    assert (ended.asked, ended.you.score) == (1, 1000)
    attempts = room.store.attempts(session_code=room.session.code)
    assert {len(a.plan) for a in attempts} == {1}  # the plan shrank to the questions asked
    await ona.close()
    closed = await expect(ona, Closed)
    assert closed.reason == "closed"


async def test_late_joiner_gets_the_open_question(open_room: RoomFactory) -> None:
    room = await open_room()
    early = await room.join("Early")
    await room.host.start()
    await expect(early, p.QuestionMessage)
    room.clock.advance(4)
    late = await room.join("Late")
    question = await expect(late, p.QuestionMessage)
    assert question.position == 0
    assert question.remaining == pytest.approx(question.time_limit - 4)
    accepted = await late.answer(0, [0])
    assert isinstance(accepted, p.Accepted)
