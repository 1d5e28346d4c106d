"""Name, help, palette and themes, history, export and retry from the results screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import Input, Static

from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.frontends.tui import QuizApp
from quiz.frontends.tui.screens.dialogs import HelpDialog, NameDialog
from quiz.frontends.tui.screens.export import ExportDialog
from quiz.frontends.tui.screens.feedback import FeedbackScreen
from quiz.frontends.tui.screens.history import HistoryScreen
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.frontends.tui.screens.results import ResultsScreen
from tests.tui.conftest import AppFactory, until


async def finish_exam(app, pilot, keys: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    app.start(StartRequest(bank="sample", mode=Mode.exam, shuffle=False))
    await pilot.pause()
    for press in keys:
        await pilot.press(*press)
        await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    assert isinstance(app.screen, ResultsScreen)


ALL_RIGHT = [["1"], ["1", "2", "enter"], ["2"], ["2"], ["1"]]
TWO_WRONG = [["2"], ["1", "2", "enter"], ["1"], ["2"], ["1"]]


async def test_name_is_asked_once_and_remembered(app_factory: AppFactory, tmp_path: Path) -> None:
    db = tmp_path / "names.db"
    app = app_factory(name=None, db=db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        await pilot.press("enter")  # empty name: refused
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        await pilot.press(*"Jūratė", "enter", *"j@example.lt", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.learner is not None
        assert (app.learner.name, app.learner.email) == ("Jūratė", "j@example.lt")
    again = app_factory(name=None, db=db)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        assert again.learner is not None
        assert again.learner.name == "Jūratė"


async def test_help_lists_the_keys_of_the_screen(app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        table = app.screen.query_one("DataTable")
        rows = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]  # type: ignore[attr-defined]
        assert "s Skip" in rows
        assert "f Flag" in rows
        assert any("Leave (the attempt stays resumable)" in r for r in rows)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)


def _highlighted_command(app: QuizApp) -> str:
    found = app.screen.query(CommandList)
    if not found or found.first().highlighted is None:
        return ""
    command_list = found.first()
    assert command_list.highlighted is not None
    return str(command_list.get_option_at_index(command_list.highlighted).prompt)


async def test_palette_switches_to_high_contrast_and_it_is_remembered(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "theme.db"
    app = app_factory(db=db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"high contrast")
        await until(pilot, lambda: _highlighted_command(app).startswith("High contrast"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "high-contrast"
    again = app_factory(db=db)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "high-contrast"


async def test_history_lists_attempts_and_draws_the_trend(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await finish_exam(app, pilot, TWO_WRONG)
        await pilot.press("h")
        await pilot.pause()
        await finish_exam(app, pilot, ALL_RIGHT)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("h")  # home: history
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("DataTable")
        assert table.row_count == 2  # type: ignore[attr-defined]
        newest = [str(c) for c in table.get_row_at(0)]  # type: ignore[attr-defined]
        assert newest[1:4] == ["Exam", "100%", "✓ passed"]  # one bank: the menu names it, no column
        assert newest[4].endswith("\xa0s")  # the attempt's time, as its results screen gave it
        assert screen.query_one("#trend").display
        assert list(screen.query_one("#trend").data) == [60.0, 100.0]  # type: ignore[attr-defined]
        trend = str(screen.query_one("#trend-label").render())
        assert "first 60%, latest 100% (2 attempts); whole-bank best 100%" in trend


async def test_missed_question_opens_with_its_explanation_and_retry(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await finish_exam(app, pilot, TWO_WRONG)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        assert results.score.missed == ["s1", "tf1"]
        await pilot.press("tab")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        assert "Fact-checkers leave a site" in str(app.screen.query_one("#explanation").source)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is results
        await pilot.press("r")
        await pilot.pause()
        retry = app.screen
        assert isinstance(retry, QuestionScreen)
        assert sorted(retry.run.attempt.plan.question_ids) == ["s1", "tf1"]
        assert retry.run.mode == "practice"


async def test_export_from_the_results_screen(
    app_factory: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = app_factory()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await finish_exam(app, pilot, ALL_RIGHT)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
    (report,) = tmp_path.glob("quiz-sample-*.html")
    html = report.read_text()
    assert "Sample bank" in html
    assert "Aiko" in html


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
async def test_export_to_a_full_disk_says_so_and_stays_open(app_factory: AppFactory) -> None:
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await finish_exam(app, pilot, ALL_RIGHT)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        dialog.query_one("#path", Input).value = "/dev/full"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        status = str(dialog.query_one("#export-status", Static).render())
        assert "cannot write /dev/full: No space left on device" in status
