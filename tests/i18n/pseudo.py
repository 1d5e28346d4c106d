"""A pseudo-locale: every string that went through the catalog comes out marked ⟦like this⟧.

Only the template's messages are marked: a string handed to ``gettext`` that extraction never
found (a variable's value with no ``N_`` where it is written) stays bare, as it would stay
English for a translator's language.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from functools import cache

import pytest

import quiz.i18n

OPEN, CLOSE = "⟦", "⟧"


@cache
def template_messages() -> frozenset[str]:
    from babel.messages.pofile import read_po

    from quiz.i18n.catalogs import TEMPLATE

    with TEMPLATE.open("rb") as fh:
        catalog = read_po(fh)
    return frozenset(part for m in catalog if m.id for part in (m.id if isinstance(m.id, tuple) else (m.id,)))


class Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}" if message in template_messages() else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.ngettext(singular, plural, n)


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
