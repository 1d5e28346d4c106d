"""Footer keys in the language on every screen, also those whose module loads after start-up,
and each key its own words when two share a translation.

The screens are imported when first shown, after ``make_app`` translated the bindings of the
classes it knew: a screen opened later kept its English footer (the home screen's, the question
screen's) until the language changed.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.screen import Screen

import quiz.i18n
from quiz.frontends.tui import AppSettings, make_app
from quiz.frontends.tui.language import translate_bindings
from quiz.i18n import set_language
from tests.conftest import FIXTURES, FakeClock
from tests.i18n.pseudo import pseudo
from tests.tui.conftest import until

__all__ = ["pseudo"]


async def test_a_screen_defined_after_start_up_shows_its_keys_in_the_language(
    tmp_path: Path, pseudo: str
) -> None:
    settings = AppSettings(tmp_path / "q.db", [FIXTURES / "sample.toml"], name="Ona", language=pseudo)
    app = make_app(settings, clock=FakeClock())

    class Later(Screen[None]):  # as a screen module imported on first use
        BINDINGS = [Binding("x", "app.bell", "Skip", id="later.skip")]

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(Later())
        await until(pilot, lambda: isinstance(app.screen, Later))
        shown = {b.description for _, b, *_ in app.active_bindings.values()}
        assert "⟦Skip⟧" in shown
        assert "Skip" not in shown


def test_two_keys_one_language_names_alike_keep_their_own_words_in_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Lithuanian says "Atgal" for both Back and Prev: back in English, each is itself again.
    class Alike(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return {"Back": "Atgal", "Prev": "Atgal"}.get(message, message)

    english = quiz.i18n.translator
    monkeypatch.setattr(quiz.i18n, "translator", lambda tag: Alike() if tag == "lt" else english(tag))

    class History(Screen[None]):
        BINDINGS = [Binding("escape", "app.bell", "Back", id="alike.back")]

    class Question(Screen[None]):
        BINDINGS = [Binding("left", "app.bell", "Prev", id="alike.prev")]

    def shown(cls: type[Screen[None]]) -> list[str]:
        bindings = cls._merged_bindings
        assert bindings is not None
        return [b.description for listed in bindings.key_to_bindings.values() for b in listed if b.id]

    try:
        set_language("lt")
        translate_bindings()
        assert shown(History) == shown(Question) == ["Atgal"]
        set_language("en")
        translate_bindings()
        assert shown(History) == ["Back"]
        assert shown(Question) == ["Prev"]
    finally:
        set_language("en")
        translate_bindings()


def test_a_key_named_by_its_own_name_is_not_the_apps_word_for_that_name() -> None:
    """DataTable's End key ("End") goes to the last row; the question screen's End (Ctrl+E)
    ends the attempt. One msgid made Japanese describe the End key as 終える ("finish")."""
    from textual.widgets import DataTable

    from quiz.frontends.tui.screens.question import QuestionScreen

    def descriptions(cls: type, key: str) -> set[str]:
        return {str(b.description) for b in cls._merged_bindings.key_to_bindings[key]}  # type: ignore[attr-defined]

    try:
        set_language("ja")
        translate_bindings()
        assert "最終行へ" in descriptions(DataTable, "end")
        assert "先頭行へ" in descriptions(DataTable, "home")
        assert "終える" not in descriptions(DataTable, "end")
        assert descriptions(QuestionScreen, "ctrl+e") == {"終える"}
    finally:
        set_language("en")
        translate_bindings()
    assert "End" in descriptions(DataTable, "end")
    assert descriptions(QuestionScreen, "ctrl+e") == {"End"}
