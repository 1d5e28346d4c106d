"""A pseudo-locale: every string that went through the catalog comes out marked ⟦like this⟧."""

from __future__ import annotations

import gettext
from collections.abc import Iterator

import pytest

import quiz.i18n

OPEN, CLOSE = "⟦", "⟧"


class Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}" if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


@pytest.fixture
def pseudo(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Lithuanian is the pseudo-locale for the test; English and the bindings come back after."""
    english = quiz.i18n.translator
    monkeypatch.setattr(
        quiz.i18n, "translator", lambda language: Pseudo() if language == "lt" else english(language)
    )
    yield "lt"
    monkeypatch.undo()
    quiz.i18n.set_language("en")
    from quiz.frontends.tui.language import translate_bindings

    translate_bindings()
