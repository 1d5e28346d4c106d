"""Japanese lines break between phrases, and never before closing punctuation.

Textual wraps text where rich does (``rich._wrap.divide_line``): at spaces only. Japanese puts
no spaces between words, so a Japanese paragraph was one "word" longer than the line, cut at
whatever character reached the edge: mid-word, with lines that began with 、。」） (which
Japanese typesetting forbids, kinsoku). Here a line with CJK text breaks where BudouX (Google's
phrase segmenter, made for this) puts phrase boundaries, and at spaces as before; a boundary
before closing punctuation or small kana, or after an opening bracket, is no place to break.
A phrase too long for the line breaks between its characters, by the same rules.

Textual is pinned: its ``textual.content`` calls ``divide_line`` by that name, and ``install``
puts this one there (tests/tui/test_japanese_wrap.py fails if that seam moves). Text without
CJK characters goes to rich's own function unchanged, and BudouX is imported only when the first
such line is wrapped, so start-up in every language pays nothing for it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len, chop_cells

if TYPE_CHECKING:
    from budoux import Parser

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0002fa1f]")
"""Scripts written without spaces between words (kana, kanji, full-width forms and punctuation)."""
NO_LINE_START = frozenset(
    "、。，．・：；？！ー―…‥」』）〉》】〕］｝〟’”ゝゞヽヾ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
"""Closing punctuation, prolonged sound marks and small kana: never the first of a line (kinsoku)."""
NO_LINE_END = frozenset("「『（〈《【〔［｛〝‘“")
"""Opening brackets: never the last of a line."""
_WORD = re.compile(r"\s*\S+\s*")


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import budoux

    return budoux.load_default_japanese_parser()


def _allowed(text: str, at: int) -> bool:
    """May a line break before ``text[at]``?"""
    return 0 < at < len(text) and text[at] not in NO_LINE_START and text[at - 1] not in NO_LINE_END


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
        cuts = [0]
        for phrase in _parser().parse(chunk.rstrip())[:-1]:
            cuts.append(cuts[-1] + len(phrase))
        cuts = [cut for cut in cuts if cut == 0 or _allowed(chunk, cut)]
        for begin, end in zip(cuts, [*cuts[1:], len(chunk)], strict=True):
            found.append((start + begin, chunk[begin:end]))
    return tuple(found)


def _characters(start: int, piece: str) -> list[tuple[int, str]]:
    """A piece longer than a line, cut between characters where kinsoku allows (a Latin word
    inside it stays whole: rich folds it if it is longer than the line by itself)."""
    cuts = [0] + [
        i
        for i in range(1, len(piece))
        if (CJK.match(piece[i]) or CJK.match(piece[i - 1])) and _allowed(piece, i)
    ]
    return [(start + a, piece[a:b]) for a, b in zip(cuts, [*cuts[1:], len(piece)], strict=True)]


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Where to break ``text`` (character offsets) to fit ``width`` cells: rich's contract."""
    if not CJK.search(text):
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


def install() -> None:
    """Make Textual wrap with ``divide_line``."""
    import textual.content

    textual.content.divide_line = divide_line  # type: ignore[attr-defined]
