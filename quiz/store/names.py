"""What a learner's name, email and username may hold once stored: no control or invisible
character. The name comes back on terminals (plain mode, `quiz report`, a csv on stdout), in
spreadsheets and on a projector, so an escape sequence or a bidi override in it would act on
them; everything else stays as typed, so that a learner typed the same way is the same one."""

from __future__ import annotations

import unicodedata

# Invisible characters that can reorder or hide text (bidi overrides, zero-width marks, BOM);
# the joiners that emoji sequences need are kept.
_KEEP_FORMAT = {"\u200c", "\u200d"}
_SPACES = {"\t", "\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029"}
# Letters and symbols that draw nothing: Hangul fillers, the blank Braille pattern, Khmer and
# Mongolian invisible vowels. A name made of them would be an empty line on the leaderboard.
_BLANK = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u17b4", "\u17b5", "\u180e"}


def visible_name(typed: str) -> str:
    """``typed`` with line breaks, tabs and blank letters made spaces and other control and
    invisible formatting characters removed, trimmed; otherwise as typed."""
    kept: list[str] = []
    for ch in typed:
        if ch in _SPACES or ch in _BLANK:
            kept.append(" ")
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or (category == "Cf" and ch not in _KEEP_FORMAT and not _is_tag(ch)):
            continue
        kept.append(ch)
    return "".join(kept).strip()


def clean_email(typed: str) -> str:
    """An email (or username) as typed, without control or invisible characters."""
    return "".join(ch for ch in typed if unicodedata.category(ch) not in ("Cc", "Cf", "Cs")).strip()


def _is_tag(ch: str) -> bool:
    # Emoji tag sequences (the flags of Scotland, Wales) are Cf characters in this block.
    return 0xE0020 <= ord(ch) <= 0xE007F
