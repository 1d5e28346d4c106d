"""GIFT's matching syntax, both ways: ``{ =prompt -> answer  =prompt -> answer  = -> extra }``.

Reading follows Moodle's ``qformat_gift::readquestion`` for a match question: the answers
(escapes already swapped for placeholders, general feedback already cut off) are split at
``=``; each piece is split at its first ``->``; the part before is the subquestion (its text
may start with a ``[format]``), the part after its answer (plain text). A piece with an empty
subquestion is an answer that matches nothing.

Writing escapes every control character; one thing GIFT cannot write is ``->`` inside a
prompt (no escape exists for it, and Moodle splits at the first one), so that is refused.
"""

from __future__ import annotations

from quiz.formats.gift.parser import GiftSyntaxError, _post, _with_format
from quiz.formats.gift.writer import _text, escape
from quiz.kinds.matching import MoodleMatch

ARROW = "->"


class GiftWriteError(ValueError):
    """A question GIFT cannot hold as it is."""


def match_lines(match: MoodleMatch) -> list[str]:
    """The answer lines of a match question, to go between its braces."""
    lines = []
    for number, (prompt, answer) in enumerate(match.subquestions, start=1):
        if ARROW in prompt:
            raise GiftWriteError(
                f"pair {number}: its prompt contains {ARROW!r}, which GIFT cannot escape "
                "(Moodle would split the pair there)"
            )
        left = f"{_text(prompt)} " if prompt else " "
        lines.append(f"\t={left}{ARROW} {escape(answer)}")
    return lines


def parse_match(answertext: str, text_format: str = "moodle") -> MoodleMatch:
    """The pairs of a match question from its answer text (as ``parse_question`` holds it)."""
    pieces = answertext.split("=")
    if pieces and pieces[0].strip() in ("", "0"):  # PHP's empty() is also true for "0"
        pieces.pop(0)
    if len(pieces) < 2:
        raise GiftSyntaxError("a matching question needs at least 2 pairs")
    rows = []
    for piece in pieces:
        piece = piece.strip()
        marker = piece.find(ARROW)
        if marker < 0:
            raise GiftSyntaxError(f"each pair is written =prompt -> answer; {_post(piece)!r} has no '->'")
        prompt = _with_format(piece[:marker], text_format).text
        rows.append((prompt, _post(piece[marker + len(ARROW) :]).strip()))
    return MoodleMatch(tuple(rows))
