"""The home screen tells learners how current a bank's facts are."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from quiz.frontends.tui import AppSettings, make_app
from quiz.frontends.tui.screens.home import HomeScreen
from tests.conftest import FIXTURES


async def test_home_shows_the_banks_cut_off_date(tmp_path: Path) -> None:
    bank = tmp_path / "dated.toml"
    sample = (FIXTURES / "sample.toml").read_text(encoding="utf-8")
    bank.write_text(sample.replace("[bank]\n", "[bank]\nfacts_as_of = 2026-02-28\n", 1), encoding="utf-8")
    app = make_app(AppSettings(tmp_path / "quiz.db", [bank], name="Aiko"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        stats = str(app.screen.query_one("#bank-stats", Static).render())
        assert "Facts as of 28 February 2026" in stats
        assert app.screen.query_one("#bank-stats").region.bottom <= 24
