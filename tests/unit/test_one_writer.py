"""One attempt, one writer (issue 13, point 11).

The same learner running two ``quiz take`` on the same bank: both used to resume the same
unfinished attempt, and the second could overwrite the first's answers. Now the process that
answers in an attempt holds its lock; the second says so and offers a new attempt.
"""

from __future__ import annotations

import io
import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.bank import load_bank
from quiz.engine.request import StartRequest
from quiz.frontends.plain.session import run_plain
from quiz.services.attempts import RecordedAttempt, start_attempt
from quiz.store import AttemptInUseError, Store
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "sample.toml"
REQUEST = StartRequest(bank="sample", shuffle=False)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def started(db: Path) -> tuple[Store, RecordedAttempt]:
    """A store (a process, as far as locks go) answering in a new attempt on the sample bank."""
    store = Store(db)
    run = start_attempt(store, load_bank(SAMPLE), store.remember_learner("Ona"), REQUEST)
    return store, run


def test_a_second_store_cannot_resume_an_attempt_being_answered(tmp_path: Path) -> None:
    first, run = started(tmp_path / "quiz.db")
    second = Store(tmp_path / "quiz.db")
    try:
        with pytest.raises(AttemptInUseError, match="is open in another quiz right now"):
            RecordedAttempt.resume(second, load_bank(SAMPLE), run.id)
        with pytest.raises(AttemptInUseError):
            second.discard_attempt(run.id)
        assert [r.id for r in second.unfinished()] == [run.id]
        # The same store resumes its own attempt, as the app does after leaving a question.
        assert RecordedAttempt.resume(first, load_bank(SAMPLE), run.id).id == run.id
        run.leave()
        assert RecordedAttempt.resume(second, load_bank(SAMPLE), run.id).id == run.id
    finally:
        first.close()
        second.close()


def test_the_lock_ends_with_its_store_and_a_finished_attempt_leaves_no_lock_file(tmp_path: Path) -> None:
    first, run = started(tmp_path / "quiz.db")
    first.close()  # the process ended (kill -9 too: the lock is the operating system's)
    with Store(tmp_path / "quiz.db") as second:
        resumed = RecordedAttempt.resume(second, load_bank(SAMPLE), run.id)
        resumed.finish()
    assert list((tmp_path / "quiz.db.locks").iterdir()) == []


def plain(store: Store, typed: str, *, tty: bool) -> str:
    out = io.StringIO()
    status = run_plain(
        store,
        load_bank(SAMPLE),
        store.remember_learner("Ona"),
        REQUEST,
        inp=Terminal(typed) if tty else io.StringIO(typed),
        out=out,
        width=200,
    )
    assert status in (0, 1), out.getvalue()
    return out.getvalue()


def test_plain_mode_says_the_attempt_is_open_elsewhere_and_offers_a_new_one(tmp_path: Path) -> None:
    first, run = started(tmp_path / "quiz.db")
    run.answer([0])  # the first process's answer: never overwritten by the second
    with Store(tmp_path / "quiz.db") as second:
        out = plain(second, "\n1\n", tty=True)
        assert "is open in another quiz right now (another window or process)" in out
        assert "Start a new attempt and keep that one for later? [Y/n]" in out
        attempts = second.attempts(finished=None)
        assert len(attempts) == 2
        assert second.answers(run.id).keys() == {"s1"}
        assert second.answers(run.id)["s1"].response == (0,)
    first.close()


def test_plain_mode_can_decline_the_new_attempt(tmp_path: Path) -> None:
    first, _ = started(tmp_path / "quiz.db")
    with Store(tmp_path / "quiz.db") as second:
        out = plain(second, "n\n", tty=True)
        assert "Nothing started: finish it in the other window" in out
        assert len(second.attempts(finished=None)) == 1
    first.close()


def test_piped_plain_mode_starts_a_new_attempt_and_says_so(tmp_path: Path) -> None:
    first, run = started(tmp_path / "quiz.db")
    with Store(tmp_path / "quiz.db") as second:
        out = plain(second, "2\n", tty=False)
        assert "Starting a new attempt; that one stays for later." in out
        assert second.answers(run.id) == {}  # the piped answer went to the new attempt
    first.close()


def _read_until(proc: subprocess.Popen[str], text: str, limit: float = 60.0) -> str:
    """Output of ``proc`` until ``text`` appears (``limit`` guards a broken run, it is no wait)."""
    assert proc.stdout is not None
    seen = ""
    fd = proc.stdout.fileno()
    while text not in seen:
        ready, _, _ = select.select([fd], [], [], limit)
        assert ready, f"no {text!r} within {limit} s; got {seen!r}"
        chunk = os.read(fd, 4096).decode()
        assert chunk, f"ended before {text!r}: {seen!r}"
        seen += chunk
    return seen


def test_two_real_processes_on_the_same_attempt(tmp_path: Path) -> None:
    db = tmp_path / "quiz.db"
    args = [sys.executable, "-m", "quiz", "--db", str(db), "take", str(SAMPLE), "--plain", "--no-shuffle"]
    setup = subprocess.run([*args, "--name", "Ona"], input="1\n", capture_output=True, text=True, check=False)
    assert setup.returncode == 0, setup.stderr  # one answer, then the input ends: resumable
    first = subprocess.Popen(
        [*args, "--name", "Ona"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _read_until(first, "Your answers")  # resumed, and waiting on the second question
        second = subprocess.run(
            [*args, "--name", "Ona"], input="1,2\n", capture_output=True, text=True, timeout=120, check=False
        )
        assert "Traceback" not in second.stderr
        assert "is open in another quiz right now" in second.stdout
        assert "Starting a new attempt; that one stays for later." in second.stdout
        assert first.stdin is not None
        first.stdin.write("1,2\n")
        first.stdin.close()
        first.wait(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
    with Store(db) as store:
        rows = store.attempts(finished=None)
        assert len(rows) == 2
        oldest = min(rows, key=lambda r: r.id)
        assert set(store.answers(oldest.id)) == {"s1", "m1"}  # both from the first process
