"""Notices quote text as typed, and a crash is a crash: a log, one line, a non-zero status."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.frontends.tui import AppSettings, make_app
from quiz.frontends.tui.screens.export import ExportDialog
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.results import ResultsScreen
from tests.conftest import FIXTURES
from tests.tui.conftest import AppFactory
from tests.tui.test_screens import ALL_RIGHT, finish_exam

BROKEN = """
[bank]
title = "Broken [/] bank"

[[questions]]
id = "b1"
type = "true_false"
prompt = "Is this fine?"
answer = true
explanation = "No."
difficulty = "[/]"

[[questions]]
id = "b2"
type = "true_false"
prompt = "And this?"
answer = true
explanation = "No."
difficulty = "[b]extreme"
"""


async def test_broken_user_banks_give_one_plain_notice(tmp_path: Path) -> None:
    banks = tmp_path / "banks"
    banks.mkdir()
    (banks / "broken.toml").write_text(BROKEN, encoding="utf-8")
    (banks / "also_broken.toml").write_text(BROKEN.replace("b1", "c1"), encoding="utf-8")
    app = make_app(AppSettings(tmp_path / "b.db", [FIXTURES / "sample.toml", banks], name="Ona"))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        notices = list(app._notifications)
        assert [n.message for n in notices] == [
            "2 banks could not be loaded: run `quiz validate` to see why."
        ]
        assert not any(n.markup for n in notices)
        toasts = app.screen.query("Toast")
        assert toasts, "the notice is on screen"
        assert "quiz validate" in str(toasts.first().render())
        assert isinstance(app.screen, HomeScreen)
        assert "sample" in app.catalog


async def test_a_saved_notice_quotes_the_file_name_as_typed(
    app_factory: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x[").mkdir()  # so that "x[/].html" is a file that can be saved
    app = app_factory()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await finish_exam(app, pilot, ALL_RIGHT)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#path").value = "x[/].html"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        assert "Saved x[/].html" in str(app.screen.query("Toast").first().render())
    assert (tmp_path / "x[" / "].html").exists()


def test_a_crash_exits_non_zero_logs_the_traceback_and_says_where(tmp_path: Path) -> None:
    home = tmp_path / "home"
    crash = (
        "import quiz.frontends.tui.screens.home as home\n"
        "def broken(self): raise RuntimeError('a defect for the test')\n"
        "home.HomeScreen.on_mount = broken\n"
        "from quiz.cli import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", crash],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QUIZ_HOME": str(home), "COLUMNS": "80", "LINES": "24"},
        check=False,
    )
    assert result.returncode == 1, result.stderr
    log = home / "crash.log"
    assert log.exists()
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: a defect for the test" in text
    assert "Traceback (most recent call last)" in text
    # Textual's terminal codes come first (no terminal here); then one line, no traceback.
    assert result.stderr.rstrip().endswith(
        f"\x1b[?1006lError: the app stopped on an unexpected error (your answers are saved); "
        f"the details are in {log}"
    )
    assert "Traceback" not in result.stderr
    assert "RuntimeError" not in result.stderr
