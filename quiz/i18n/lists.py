"""Lists in words as the interface language writes them (Babel's CLDR list patterns): "a, b or
c", "a, b ar c", "a、b、またはc"; "a, b and c", "a, b ir c", "a、b、c". A list joined with ", "
in code keeps English punctuation in every language, where a translator cannot reach it. The
languages the app speaks are written from a copy of Babel's patterns (the home screen lists a
bank's topics, and Babel is never on the way to the first screen); a test holds the copy to
Babel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from quiz.i18n import ENGLISH, current_language


def _locale() -> str:
    language = current_language()
    return "en_GB" if language == ENGLISH else language


Pattern = tuple[str, str, str, str]
"""CLDR's list pattern: two items, then the start, middle and end of three or more."""

PATTERNS: dict[tuple[str, str], Pattern] = {
    ("en", "standard"): ("{0} and {1}", "{0}, {1}", "{0}, {1}", "{0} and {1}"),
    ("en", "or"): ("{0} or {1}", "{0}, {1}", "{0}, {1}", "{0} or {1}"),
    ("lt", "standard"): ("{0} ir {1}", "{0}, {1}", "{0}, {1}", "{0} ir {1}"),
    ("lt", "or"): ("{0} ar {1}", "{0}, {1}", "{0}, {1}", "{0} ar {1}"),
    ("uk", "standard"): ("{0} і {1}", "{0}, {1}", "{0}, {1}", "{0} і {1}"),
    ("uk", "or"): ("{0} або {1}", "{0}, {1}", "{0}, {1}", "{0} або {1}"),
    ("ja", "standard"): ("{0}、{1}", "{0}、{1}", "{0}、{1}", "{0}、{1}"),
    ("ja", "or"): ("{0}または{1}", "{0}、{1}", "{0}、{1}", "{0}、または{1}"),
}
"""Babel's (CLDR's) list patterns of the languages the app speaks (English as en_GB), copied.

Kept for start-up, measured: ``benchmarks/startup.py --instructions`` on 2026-12-02 at 06:03
(load 6.9-3.9; instructions do not depend on it), this copy against the same code with every
list through ``babel.lists.format_list``: en 1.48x against 1.57x of the one-Label app, lt
1.51x/1.60x, uk 1.51x/1.61x, ja 1.52x/1.61x, settings.toml 1.53x/1.62x (Babel's import and
locale data, 81-89 M instructions, for the home screen's topics line)."""


def _listed(items: list[str], style: str) -> str:
    pattern = PATTERNS.get((current_language(), style))
    if pattern is None:
        from babel.lists import format_list

        return format_list(items, style=style, locale=_locale())  # type: ignore[arg-type]
    return written(items, pattern)


def written(items: Sequence[str], pattern: Pattern) -> str:
    """``items`` listed with ``pattern``, as Babel's ``format_list`` does."""
    if len(items) < 2:
        return items[0] if items else ""
    two, start, middle, end = pattern
    if len(items) == 2:
        return two.format(*items)
    result = end.format(items[-2], items[-1])
    for item in reversed(items[1:-2]):
        result = middle.format(item, result)
    return start.format(items[0], result)


def together(items: Iterable[str]) -> str:
    """``items`` all at once: "single, multiple and ordering", "a, b ir c", "a、b、c"."""
    return _listed(list(items), "standard")


def tally(items: Iterable[str]) -> str:
    """``items`` one after the other with no conjunction, for counts ("single 3, multiple 2"): a
    conjunction would read as part of an item ("LNG and gas 8 and headlines 15")."""
    from quiz.i18n import pgettext

    # TRANSLATORS: between the counts of quiz validate ("types: single 25, multiple 12"); Japanese "、".
    return pgettext("between counts", ", ").join(items)


def alternatives(items: Sequence[str]) -> str:
    """``items`` as choices: "easy, medium or hard" (British English: no comma before "or")."""
    return _listed(list(items), "or")
