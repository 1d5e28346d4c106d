"""Text measured in terminal cells, not characters: a Japanese character takes two columns.

``len`` counts characters, so columns padded or wrapped with it slip out of line as soon as a
row holds full-width text. Everything that aligns or wraps text for a terminal (plain mode,
the command line's tables) measures with ``cells`` (wcwidth, made for it) and wraps with
``wrap``, which also breaks Japanese, which puts no spaces between words, between its phrases.
"""

from __future__ import annotations

import re
import unicodedata

from wcwidth import wcswidth, wcwidth

BREAKING_SPACE = re.compile("[^\\S\xa0\u2007\u202f]+")
"""Spaces a line may break at: whitespace but the no-break ones (U+00A0, U+2007, U+202F: Babel's
in "45,5 %" and "1 000", ``quiz.i18n.numbers.with_unit``'s in "25 хв"), which ``str.split()``
and ``\\s`` count as spaces like any other."""

_BREAKABLE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
"""Scripts written without spaces (CJK, kana, full-width forms): cut into phrases to break."""


def cells(text: str) -> int:
    """Columns ``text`` takes in a terminal (control characters count as none)."""
    width = wcswidth(text)
    if width >= 0:
        return width
    return sum(max(wcwidth(char), 0) for char in text)


def ljust(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns."""
    return text + " " * max(0, width - cells(text))


def rjust(text: str, width: int) -> str:
    return " " * max(0, width - cells(text)) + text


def truncate(text: str, width: int, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``width`` columns, with ``ellipsis`` where it was cut."""
    if cells(text) <= width:
        return text
    out, used, room = [], 0, width - cells(ellipsis)
    for char in text:
        size = max(wcwidth(char), 0)
        if used + size > room:
            break
        out.append(char)
        used += size
    return "".join(out) + ellipsis


def _tokens(text: str) -> list[str]:
    """Words and spaces, with CJK text cut into its phrases (``quiz.i18n.phrases``: where a
    Japanese line may break; it broke between any two characters, mid-word)."""
    from quiz.i18n.phrases import phrases

    tokens: list[str] = []
    for part in re.split(f"({BREAKING_SPACE.pattern})", text):
        if not part:
            continue
        if BREAKING_SPACE.fullmatch(part) or not _BREAKABLE.search(part):
            tokens.append(part)
        else:
            tokens.extend(phrases(part))
    return tokens


def wrap(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """Lines of at most ``width`` columns (a word longer than a line stays whole), like
    ``textwrap.wrap`` with ``break_long_words=False`` but measured in cells and breaking CJK,
    and never at a no-break space."""
    from quiz.i18n.nobreak import glued

    text = glued(unicodedata.normalize("NFC", text))  # no line ends with a one-letter "в" or "і"
    lines: list[str] = []
    line, used = initial_indent, cells(initial_indent)
    fresh = True  # nothing but the indent on this line yet
    tokens = _tokens(BREAKING_SPACE.sub(" ", text).strip(" "))
    room = width - cells(subsequent_indent)
    while tokens:
        token = tokens.pop(0)
        if token == " ":
            if not fresh:
                line, used = line + " ", used + 1
            continue
        size = cells(token)
        if size > room and _BREAKABLE.search(token):
            from quiz.i18n.phrases import characters

            split = characters(token)  # a phrase longer than a line: between its characters
            if len(split) > 1:
                tokens[:0] = split
                continue
        if not fresh and used + size > width:
            lines.append(line.rstrip())
            line, used = subsequent_indent, cells(subsequent_indent)
            fresh = True
        line, used = line + token, used + size
        fresh = False
    if not fresh or not lines:
        lines.append(line.rstrip())
    return lines


def fill(text: str, width: int, initial_indent: str = "", subsequent_indent: str = "") -> str:
    return "\n".join(wrap(text, width, initial_indent, subsequent_indent))
