"""A learner of another language reads the banks' titles in it from the first frame.

The home screen lists summaries read without validating the banks (start-up time); their
translations' titles come from the same read, so the list does not show English first and
change language once the banks are validated in the background.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Label, OptionList

from quiz.frontends.tui import AppSettings, QuizApp, make_app
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.i18n import set_language
from tests.conftest import FIXTURES


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


@pytest.mark.parametrize(("language", "title"), [("lt", "Mažas patikrinimas"), ("en", "Mini check")])
async def test_titles_are_in_the_language_before_validation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, title: str
) -> None:
    monkeypatch.setattr(QuizApp, "_validate_banks", lambda self: None)  # never validated: the first words
    settings = AppSettings(tmp_path / "quiz.db", [FIXTURES / "translated"], name="Ona", language=language)
    app = make_app(settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert not app.banks  # nothing validated
        banks = home.query_one("#banks", OptionList)
        assert str(banks.get_option_at_index(0).prompt).startswith(title)
        assert str(home.query_one("#bank-title", Label).render()) == title
