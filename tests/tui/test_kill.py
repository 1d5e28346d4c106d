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
from pathlib import Path

from quiz.frontends.tui.screens.dialogs import ResumeDialog
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.store import Store
from tests.conftest import FIXTURES
from tests.tui.conftest import AppFactory


class Screen:
    """What the app has drawn on the terminal so far, read by a thread; a test waits on it."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.output = b""
        self.changed = threading.Condition()

    def drain(self) -> None:  # the app blocks if nobody reads its screen
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                chunk = b""
            with self.changed:
                self.output += chunk
                self.changed.notify_all()
            if not chunk:
                return

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        """Block until ``text`` is drawn: woken by each write of the app, no polling."""
        with self.changed:
            if not self.changed.wait_for(lambda: text.encode() in self.output, timeout):
                raise AssertionError(f"the app never showed {text!r}")


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
    screen = Screen(master)
    reader = threading.Thread(target=screen.drain, daemon=True)
    reader.start()
    try:
        screen.wait_for("Question 1 of 5")
        os.write(master, b"1")  # s1: the right answer is shown first
        screen.wait_for("Question 2 of 5")  # drawn once the answer is stored
        os.write(master, b"12\r")  # m1: tick 1 and 2, submit
        screen.wait_for("Question 3 of 5")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert proc.returncode == -signal.SIGKILL

    with Store(db) as store:
        (row,) = store.unfinished()
        answers = store.answers(row.id)
    assert set(answers) == {"s1", "m1"}
    assert answers["m1"].response == (0, 1)

    app = app_factory(db=db, name=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        assert "2 of 5 answered" in str(app.screen.query_one(".dialog-text").render())
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.run.attempt.position == 2
