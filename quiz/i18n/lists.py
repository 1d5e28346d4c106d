"""Lists in words as the interface language writes them (Babel's CLDR list patterns): "a, b or
c", "a, b ar c", "a、b、またはc"; "a, b and c", "a, b ir c", "a、b、c". A list joined with ", "
in code keeps English punctuation in every language, where a translator cannot reach it. Only
messages, commands and reports use them, so Babel is imported then, never on the way to the
first screen."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quiz.i18n import ENGLISH, current_language


def _locale() -> str:
    language = current_language()
    return "en_GB" if language == ENGLISH else language


def together(items: Iterable[str]) -> str:
    """``items`` all at once: "single, multiple and ordering", "a, b ir c", "a、b、c"."""
    from babel.lists import format_list

    return format_list(list(items), style="standard", locale=_locale())


def tally(items: Iterable[str]) -> str:
    """``items`` one after the other with no conjunction, for counts ("single 3, multiple 2"): a
    conjunction would read as part of an item ("LNG and gas 8 and headlines 15")."""
    from quiz.i18n import pgettext

    # TRANSLATORS: between the counts of quiz validate ("types: single 25, multiple 12"); Japanese "、".
    return pgettext("between counts", ", ").join(items)


def alternatives(items: Sequence[str]) -> str:
    """``items`` as choices: "easy, medium or hard" (British English: no comma before "or")."""
    from babel.lists import format_list

    return format_list(list(items), style="or", locale=_locale())
