"""Start-up pauses Python's cyclic garbage collector until the first frame, and only until then."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual.app import ComposeResult

from quiz.frontends.tui.screens.home import HomeScreen
from tests.tui.conftest import AppFactory


async def test_paused_while_the_home_screen_is_built_then_back(
    app_factory: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert gc.isenabled()
    during: list[bool] = []
    compose = HomeScreen.compose

    def recording(self: HomeScreen) -> ComposeResult:
        during.append(gc.isenabled())
        return compose(self)

    monkeypatch.setattr(HomeScreen, "compose", recording)
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert during == [False]  # built with the collector paused
        assert gc.isenabled()  # back once the first frame is drawn
    assert gc.isenabled()


async def test_back_when_the_app_stops_before_its_first_screen(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    (tmp_path / "damaged.db").write_bytes(b"not a database" * 100)
    app = app_factory(db=tmp_path / "damaged.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.startup_error is not None
    assert gc.isenabled()


def test_the_cli_pauses_it_before_it_imports_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    from quiz.commands.context import Config
    from quiz.frontends.tui.app import QuizApp

    when_run: list[bool] = []
    monkeypatch.setattr(QuizApp, "run", lambda self, **options: when_run.append(gc.isenabled()))
    Config(None).run_app()
    assert when_run == [False]  # paused while the app was imported and built
    assert gc.isenabled()  # and back, though this app never loaded


def test_back_when_the_settings_file_stops_the_cli(tmp_path: Path) -> None:
    """A settings file that is not TOML stops ``quiz`` after the pause began, before the app:
    the collector stayed paused for the rest of the process (in the suite, the next tests of the
    same worker, which failed or passed by the order xdist handed them out)."""
    from click.testing import CliRunner

    from quiz.cli import cli

    (tmp_path / "settings.toml").write_text("theme = \n", encoding="utf-8")
    result = CliRunner().invoke(cli, [], env={"QUIZ_HOME": str(tmp_path)})
    assert result.exit_code == 1, result.output
    assert "not valid TOML" in result.output
    assert gc.isenabled()
