"""Exam time limits hold wherever answers are recorded, on a clock the tests move.

``(sleep 33; echo 1) | quiz take ... --time-limit 0.5`` once scored the late answer and said
PASSED; here the 33 seconds pass on a fake clock while the pipe is read.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.bank import Bank
from quiz.cli import cli
from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.engine.timing import duration_seconds
from quiz.services.attempts import TimeUpError, start_attempt
from quiz.store import Store
from tests.conftest import FIXTURES, FakeClock

SAMPLE = str(FIXTURES / "sample.toml")


class SlowPipe(io.RawIOBase):
    """Standard input whose lines arrive late: before each line, the fake clock moves on."""

    def __init__(self, clock: FakeClock, lines: list[tuple[float, str]]) -> None:
        self.clock = clock
        self.lines = list(lines)
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if not self.pending and len(buffer):
            if not self.lines:
                return 0
            delay, line = self.lines.pop(0)
            self.clock.advance(seconds=delay)
            self.pending = (line + "\n").encode()
        n = min(len(buffer), len(self.pending))
        buffer[:n] = self.pending[:n]
        self.pending = self.pending[n:]
        return n


def exam(limit_minutes: float = 0.5) -> StartRequest:
    return StartRequest(bank="sample", mode=Mode.exam, shuffle=False, time_limit_minutes=limit_minutes)


def test_the_service_refuses_an_answer_after_the_deadline(
    store: Store, sample_bank: Bank, fake_clock: FakeClock
) -> None:
    run = start_attempt(store, sample_bank, store.learner("Jonas"), exam())
    fake_clock.advance(seconds=10)
    run.answer([0])  # s1, right, in time
    fake_clock.advance(seconds=23)  # 33 s in: three seconds late
    with pytest.raises(TimeUpError) as refused:
        run.answer([0, 1])
    assert refused.value.late_by == pytest.approx(3)
    assert set(store.answers(run.id)) == {"s1"}
    score = run.finish()
    assert score.answered_count == 1
    row = store.attempt(run.id)
    assert duration_seconds(row.started_at, row.finished_at) == pytest.approx(30)
    assert run.duration_seconds == pytest.approx(30)


def test_an_exam_finished_in_time_lasts_as_long_as_it_took(
    store: Store, sample_bank: Bank, fake_clock: FakeClock
) -> None:
    run = start_attempt(store, sample_bank, store.learner("Jonas"), exam())
    fake_clock.advance(seconds=4)
    run.answer([0])
    fake_clock.advance(seconds=2.5)
    run.finish()
    assert run.duration_seconds == pytest.approx(6.5)


def test_plain_mode_does_not_count_an_answer_given_after_the_limit(
    tmp_path: Path, fake_clock: FakeClock
) -> None:
    db = tmp_path / "late.db"
    stdin = SlowPipe(fake_clock, [(33, "1")])  # s1's right answer, 33 s into a 30 s exam
    result = CliRunner().invoke(
        cli,
        [
            *("--db", str(db), "take", SAMPLE, "--plain", "--no-shuffle", "--mode", "exam"),
            *("--topic", "verification", "--time-limit", "0.5", "--name", "Jonas"),
        ],
        input=stdin,
        env={"COLUMNS": "200"},
    )
    out = result.output
    assert result.exit_code == 0, out
    assert "Question 1 of 1 · 0:30 left" in out
    assert "Time is up: the limit was 0:30 and this answer came 3\xa0s late, so it was not counted." in out
    assert "PASSED" not in out.replace("NOT PASSED", "")
    assert "✗ NOT PASSED" in out
    assert "Score 0 of 1 (0.0%)" in out
    with Store(db) as store:
        (row,) = store.attempts()
        assert store.answers(row.id) == {}
        assert duration_seconds(row.started_at, row.finished_at) == pytest.approx(30)
        assert row.passed is False


def test_an_exam_resumed_after_its_deadline_is_scored_and_ends_at_it(
    tmp_path: Path, fake_clock: FakeClock
) -> None:
    db = tmp_path / "away.db"
    command = [
        *("--db", str(db), "take", SAMPLE, "--plain", "--no-shuffle", "--mode", "exam"),
        *("--time-limit", "0.5", "--name", "Jonas"),
    ]
    first = CliRunner().invoke(cli, command, input="1\n", env={"COLUMNS": "200"})  # s1, then input ends
    assert "Input ended. Your answers are saved" in first.output
    fake_clock.advance(hours=2)  # away for two hours
    again = CliRunner().invoke(cli, command, input="1\n", env={"COLUMNS": "200"})
    assert "Resuming your unfinished exam attempt" in again.output
    assert "Time is up (the limit was 0:30): your answers so far are scored." in again.output
    assert "Question 2 of 5" not in again.output
    with Store(db) as store:
        (row,) = store.attempts()
        assert set(store.answers(row.id)) == {"s1"}
        assert duration_seconds(row.started_at, row.finished_at) == pytest.approx(30)
