"""Where Japanese text may break: between phrases, never before closing punctuation.

Japanese puts no spaces between words, so a line cut at whatever character reached the edge
broke words in two and began lines with 、。」） (which Japanese typesetting forbids, kinsoku).
BudouX (Google's phrase segmenter, made for this) gives the phrase boundaries; a boundary
before closing punctuation, a prolonged sound mark or small kana, or after an opening bracket,
is no place to break. The full-screen app's wrapping (``quiz.frontends.tui.linebreak``), plain
mode's (``quiz.i18n.width``) and the HTML report's ``<wbr>`` all break here.

BudouX's model is read only when the first CJK text is cut, so start-up in other languages
pays nothing for it.
"""

from __future__ import annotations

import importlib.machinery
import json
import re
from functools import lru_cache
from pathlib import Path

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\U00020000-\U0002fa1f]")
"""Scripts written without spaces between words (kana, kanji, full-width forms and punctuation)."""
NO_LINE_START = frozenset(
    "、。，．・：；？！ー―…‥」』）〉》】〕］｝〟’”ゝゞヽヾ々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
"""Closing punctuation, prolonged sound marks and small kana: never the first of a line (kinsoku)."""
NO_LINE_END = frozenset("「『（〈《【〔［｛〝‘“")
"""Opening brackets: never the last of a line."""


_FEATURES = (
    # BudouX's features of the boundary before character i: (its table in the model, where the
    # characters start from i, how many). One that would reach past either end counts nothing.
    ("UW1", -3, 1), ("UW2", -2, 1), ("UW3", -1, 1), ("UW4", 0, 1), ("UW5", 1, 1), ("UW6", 2, 1),
    ("BW1", -2, 2), ("BW2", -1, 2), ("BW3", 0, 2),
    ("TW1", -3, 3), ("TW2", -2, 3), ("TW3", -1, 3), ("TW4", 0, 3),
)  # fmt: skip


@lru_cache(maxsize=1)
def _model() -> tuple[float, tuple[tuple[dict[str, int], int, int], ...]]:
    """BudouX's Japanese model: the score every boundary starts from, and each feature's
    weights with its place. Read from BudouX's package without importing it: ``import budoux``
    imports ``html.parser`` for its HTML API, which the app does not use, and that import was
    17 M instructions of Japanese start-up (``benchmarks/startup.py --instructions``)."""
    found = importlib.machinery.PathFinder.find_spec("budoux")
    if found is not None and found.submodule_search_locations:
        folder = Path(next(iter(found.submodule_search_locations)))
    else:  # installed where only its own finder finds it
        import budoux

        folder = Path(budoux.__file__).parent
    weights: dict[str, dict[str, int]] = json.loads((folder / "models" / "ja.json").read_bytes())
    start = -sum(sum(table.values()) for table in weights.values()) / 2
    return start, tuple((weights[name], at, size) for name, at, size in _FEATURES if name in weights)


def boundaries(word: str) -> list[int]:
    """Where BudouX's model puts a phrase boundary in ``word`` (``budoux.Parser.parse``'s cuts,
    as offsets; tests/unit/test_cjk_text.py holds the two to the same on every bundled text)."""
    start, features = _model()
    size = len(word)
    cuts = []
    for i in range(1, size):
        score = start
        for weights, at, length in features:
            first = i + at
            if first >= 0 and first + length <= size:
                score += weights.get(word[first : first + length], 0)
        if score > 0:
            cuts.append(i)
    return cuts


def allowed(text: str, at: int) -> bool:
    """May a line break before ``text[at]``?"""
    return 0 < at < len(text) and text[at] not in NO_LINE_START and text[at - 1] not in NO_LINE_END


@lru_cache(maxsize=4096)
def phrases(word: str) -> tuple[str, ...]:
    """``word`` (text without spaces) cut where a line may break: BudouX's phrases, joined
    where kinsoku forbids the break, and where both sides are Latin letters or digits (BudouX
    cut a Japanese source line's "2025)：https://…" after "202"). Text without CJK characters
    is one piece."""
    if not CJK.search(word):
        return (word,)
    cuts = [
        0,
        *(
            cut
            for cut in boundaries(word)
            if allowed(word, cut) and (CJK.match(word[cut]) or CJK.match(word[cut - 1]))
        ),
    ]
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
