"""The language: chosen in the command palette, applied at once, remembered for next time."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from quiz.cli import cli
from quiz.config import settings_path
from quiz.config.settings import load_settings
from quiz.frontends.tui.screens.home import HomeScreen
from tests.i18n.pseudo import pseudo
from tests.tui.conftest import AppFactory, app_factory, until

__all__ = ["app_factory", "pseudo"]


async def test_the_palette_changes_the_language_and_it_is_remembered(
    app_factory: AppFactory, pseudo: str
) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('theme = "textual-light"\n', encoding="utf-8")
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        shown = {b.description for _, b, *_ in app.active_bindings.values()}
        assert "Quit" in shown
        await pilot.press("ctrl+p")
        await pilot.press(*"Lietuv")
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: app.settings.language == pseudo)
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        shown = {b.description for _, b, *_ in app.active_bindings.values()}
        assert "⟦Quit⟧" in shown
        assert "Quit" not in shown
    saved = load_settings(settings_path())
    assert saved.language == "lt"
    assert saved.theme == "textual-light"  # the rest of the file is kept


def test_the_remembered_language_is_used_by_the_commands_and_lang_wins(pseudo: str) -> None:
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('language = "lt"\n', encoding="utf-8")
    env = {"LANG": "ja_JP.UTF-8", "LANGUAGE": "", "LC_ALL": ""}
    from quiz.commands.context import Config

    assert Config(None).language == "lt"
    assert Config(None, "uk").language == "uk"
    result = CliRunner().invoke(cli, ["validate", "--help"], env=env)
    assert result.exit_code == 0


async def test_the_home_screen_lists_banks_by_their_title_in_the_language(tmp_path: Path) -> None:
    from quiz.frontends.tui import AppSettings, make_app
    from tests.conftest import FIXTURES, FakeClock

    settings = AppSettings(tmp_path / "q.db", [FIXTURES / "translated"], name="田中", language="ja")
    app = make_app(settings, clock=FakeClock())
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, HomeScreen))
            home = app.screen
            assert isinstance(home, HomeScreen)
            await until(pilot, lambda: [row.summary.title for row in home.view.banks] == ["ミニチェック"])
    finally:
        from quiz.i18n import set_language

        set_language("en")
