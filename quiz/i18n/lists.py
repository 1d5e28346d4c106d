"""Lists in words as the interface language writes them (Babel's CLDR list patterns): "a, b or
c", "a, b ar c", "a、b、またはc". Only messages about a mistake use them, so Babel is imported
then, never on the way to the first screen."""

from __future__ import annotations

from collections.abc import Sequence

from quiz.i18n import ENGLISH, current_language


def alternatives(items: Sequence[str]) -> str:
    """``items`` as choices: "easy, medium or hard" (British English: no comma before "or")."""
    from babel.lists import format_list

    language = current_language()
    return format_list(list(items), style="or", locale="en_GB" if language == ENGLISH else language)
