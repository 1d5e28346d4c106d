"""Japanese lines break between phrases, and never before closing punctuation.

Textual wraps text where rich does (``rich._wrap.divide_line``): at spaces only. Japanese puts
no spaces between words, so a Japanese paragraph was one "word" longer than the line, cut at
whatever character reached the edge: mid-word, with lines that began with 、。」） (which
Japanese typesetting forbids, kinsoku). Here a line with CJK text breaks where
``quiz.i18n.phrases`` allows (BudouX's phrase boundaries, by the kinsoku rules), and at spaces
as before. A phrase too long for the line breaks between its characters, by the same rules.

Textual is pinned: its ``textual.content`` calls ``divide_line`` by that name, and so does
``rich.text`` (the Keys panel's table); ``install`` puts this one in both (tests/tui/
test_japanese_wrap.py and tests/i18n/test_keys_panel_japanese.py fail if a seam moves). Text without
CJK characters or no-break spaces goes to rich's own function unchanged.

Rich's words end at any ``\\s``, a no-break space too: "45,5 %" (Babel's U+00A0) and "25 хв"
broke between the number and its unit. Here a no-break space is part of the word, and so is
the space after a one-letter Ukrainian word ("в", "і": ``quiz.i18n.nobreak``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len, chop_cells
from rich.text import Text

from quiz.i18n.nobreak import glued
from quiz.i18n.phrases import CJK, NO_LINE_END, NO_LINE_START, characters, phrases

__all__ = ["NO_LINE_END", "NO_LINE_START", "divide_line", "install", "pieces"]

_SPACE = "[^\\S\xa0\u2007\u202f]+"  # quiz.i18n.width.BREAKING_SPACE's (which loads wcwidth)
_WORD = re.compile(f"(?:{_SPACE})?(?:(?!{_SPACE}).)+(?:{_SPACE})?", re.DOTALL)
"""A word with the spaces around it, where a no-break space is part of the word."""
_NO_BREAK = re.compile("[\xa0\u2007\u202f]")


@lru_cache(maxsize=4096)
def pieces(text: str) -> tuple[tuple[int, str], ...]:
    """``text`` cut where a line may break: (start, piece), each piece with the spaces after it.

    Width-independent, so cached: Textual wraps the same paragraph for every layout pass."""
    found: list[tuple[int, str]] = []
    for word in _WORD.finditer(text):
        start, chunk = word.start(), word.group()
        if not CJK.search(chunk):
            found.append((start, chunk))
            continue
        bare = chunk.rstrip()
        cut = phrases(bare)
        at = start
        for piece in cut[:-1]:
            found.append((at, piece))
            at += len(piece)
        found.append((at, cut[-1] + chunk[len(bare) :]))
    return tuple(found)


def _characters(start: int, piece: str) -> list[tuple[int, str]]:
    split = []
    for part in characters(piece):
        split.append((start, part))
        start += len(part)
    return split


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Where to break ``text`` (character offsets) to fit ``width`` cells: rich's contract."""
    text = glued(text)  # the same length: the offsets hold for the text as given
    if not CJK.search(text) and not _NO_BREAK.search(text):
        return rich_divide_line(text, width, fold)
    breaks: list[int] = []
    used = 0
    queue = list(pieces(text))
    while queue:
        start, piece = queue.pop(0)
        size = cell_len(piece.rstrip())
        if used + size <= width:
            used += cell_len(piece)
            continue
        if size > width:
            split = _characters(start, piece)
            if len(split) > 1:
                queue[:0] = split
                continue
            if not fold:  # one unbreakable word: Textual crops it
                if start:
                    breaks.append(start)
                used = cell_len(piece)
                continue
            for i, line in enumerate(chop_cells(piece, width)):
                if start and (used or i):
                    breaks.append(start)
                start += len(line)
                used = cell_len(line)
            continue
        if used and start:
            breaks.append(start)
        used = cell_len(piece)
    return breaks


_TRAILING = re.compile(r"\s+$")


def rstrip_end(self: Text, size: int) -> None:
    """Rich's ``Text.rstrip_end`` measured in cells: the spaces a line ends with beyond ``size``
    cells go. Rich counts characters, so a Japanese line that filled its cells kept the space
    after it and was cut with "…" ("ライブに参加 " in the Keys panel, 12 cells and a space)."""
    excess = cell_len(self.plain) - size
    found = _TRAILING.search(self.plain) if excess > 0 else None
    if found is not None:
        self.right_crop(min(len(found.group()), excess))


def install() -> None:
    """Make Textual wrap with ``divide_line``, and Rich's ``Text`` too: the Keys panel is a
    Rich table, whose Japanese descriptions were cut at its 12 cells with "…"."""
    import rich.text
    import textual.content

    textual.content.divide_line = divide_line  # type: ignore[attr-defined]
    rich.text.divide_line = divide_line  # type: ignore[attr-defined]
    rich.text.Text.rstrip_end = rstrip_end  # type: ignore[method-assign]
