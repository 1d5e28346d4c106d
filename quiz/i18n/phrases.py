"""Where Japanese text may break: between phrases, never before closing punctuation.

Japanese puts no spaces between words, so a line cut at whatever character reached the edge
broke words in two and began lines with 、。」） (which Japanese typesetting forbids, kinsoku).
BudouX (Google's phrase segmenter, made for this) gives the phrase boundaries; a boundary
before closing punctuation, a prolonged sound mark or small kana, or after an opening bracket,
is no place to break. The full-screen app's wrapping (``quiz.frontends.tui.linebreak``), plain
mode's (``quiz.i18n.width``) and the HTML report's ``<wbr>`` all break here.

BudouX is imported only when the first CJK text is cut, so start-up in every language pays
nothing for it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

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


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import budoux

    return budoux.load_default_japanese_parser()


def allowed(text: str, at: int) -> bool:
    """May a line break before ``text[at]``?"""
    return 0 < at < len(text) and text[at] not in NO_LINE_START and text[at - 1] not in NO_LINE_END


@lru_cache(maxsize=4096)
def phrases(word: str) -> tuple[str, ...]:
    """``word`` (text without spaces) cut where a line may break: BudouX's phrases, joined
    where kinsoku forbids the break. Text without CJK characters is one piece."""
    if not CJK.search(word):
        return (word,)
    cuts = [0]
    for phrase in _parser().parse(word)[:-1]:
        cuts.append(cuts[-1] + len(phrase))
    cuts = [cut for cut in cuts if cut == 0 or allowed(word, cut)]
    return tuple(word[a:b] for a, b in zip(cuts, [*cuts[1:], len(word)], strict=True))


def characters(piece: str) -> list[str]:
    """A piece too long for a line, cut between its characters where kinsoku allows (a Latin
    word inside it stays whole)."""
    cuts = [0] + [
        i
        for i in range(1, len(piece))
        if (CJK.match(piece[i]) or CJK.match(piece[i - 1])) and allowed(piece, i)
    ]
    return [piece[a:b] for a, b in zip(cuts, [*cuts[1:], len(piece)], strict=True)]


FULL_WIDTH_ENDS = frozenset("：。、）」』】〕")
"""Full-width punctuation that ends a label with its own space built in."""


def spaced(label: str) -> str:
    """A label (``Why:``, ``Answer:``) with the space that follows it in a Latin or Cyrillic
    script, and none after a full-width colon or bracket, which carries its own: Japanese showed
    ``解説： 陰謀論`` with a gap no Japanese text has."""
    return label if label[-1:] in FULL_WIDTH_ENDS else label + " "
