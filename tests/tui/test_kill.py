"""A real `quiz` process killed with SIGKILL mid-attempt loses no answer it had taken."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from quiz.frontends.tui.screens.dialogs import ResumeDialog
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.store import Store
from tests.conftest import FIXTURES
from tests.tui.conftest import AppFactory


def _wait_for(condition: object, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the app")


def _answers(db: Path) -> int:
    if not db.exists():
        return 0
    with Store(db) as store:
        return int(store.conn.execute("SELECT count(*) FROM answers").fetchone()[0])


def _started(db: Path) -> bool:
    if not db.exists():
        return False
    with Store(db) as store:
        return bool(store.unfinished())


async def test_sigkill_mid_attempt_keeps_answers_and_offers_resume(
    tmp_path: Path, app_factory: AppFactory
) -> None:
    db = tmp_path / "killed.db"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "QUIZ_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quiz",
            "--db",
            str(db),
            "take",
            str(FIXTURES / "sample.toml"),
            "--mode",
            "exam",
            "--no-shuffle",
            "--name",
            "Killed Kim",
        ],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    stop = threading.Event()

    def drain() -> None:  # the app blocks if nobody reads its screen
        while not stop.is_set():
            try:
                if not os.read(master, 65536):
                    return
            except OSError:
                return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        _wait_for(lambda: _started(db))
        time.sleep(0.5)
        os.write(master, b"1")  # s1: the right answer is shown first
        _wait_for(lambda: _answers(db) == 1)
        os.write(master, b"12\r")  # m1: tick 1 and 2, submit
        _wait_for(lambda: _answers(db) == 2)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        stop.set()
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert proc.returncode == -signal.SIGKILL

    with Store(db) as store:
        (row,) = store.unfinished()
        answers = store.answers(row.id)
    assert set(answers) == {"s1", "m1"}
    assert answers["m1"].response == frozenset({0, 1})

    app = app_factory(db=db, name=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        assert "2 of 5 answered" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.run.attempt.position == 2
