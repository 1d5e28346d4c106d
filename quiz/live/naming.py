"""Join codes and display names: what people type, read out and see on a projector.

Codes use an alphabet without the characters people confuse when a code is read aloud or
projected (0/O, 1/I/L), and accept what people type around them (case, spaces, dashes).
Names are shown exactly as typed, never as markup, so cleaning only removes what would hide
or reorder text, and clashes get a visible suffix rather than a silent refusal.
"""

from __future__ import annotations

import functools
import secrets
import unicodedata
from collections.abc import Iterable

from quiz.live.protocol import NAME_MAX
from quiz.store.live import normalise_code as normalise_code  # codes are stored as it makes them
from quiz.store.names import clean_email as clean_email  # the room's emails are stored ones
from quiz.store.names import visible_name

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Join-code characters: no 0/O, 1/I/L, which people misread when a code is read out or projected."""
CODE_LENGTH = 6
REJOIN_LENGTH = 4


def new_code(taken: Iterable[str] = ()) -> str:
    """A random join code, from the unambiguous alphabet, not among ``taken``."""
    used = set(taken)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in used:
            return code


def clean_name(typed: str) -> str:
    """A display name from what a learner typed.

    Unicode-normalised (NFC), without control or invisible characters (``visible_name``), runs
    of spaces collapsed, at most ``NAME_MAX`` characters. Markup is left alone: the screens show
    a name as plain text, so "[b]Ona[/b]" stays exactly that.
    """
    return " ".join(visible_name(unicodedata.normalize("NFC", typed)).split())[:NAME_MAX].rstrip()


def name_key(name: str) -> str:
    """What two names must differ in to be told apart: not case, nor the width or style of a
    letter (fullwidth "Ｏｎａ" and mathematical bold "𝐎𝐧𝐚" are "ona"), nor letters of another
    script drawn the same (Cyrillic "Оnа" is Latin "Ona"): Unicode's confusable skeleton
    (UTS #39) of the case-folded name. A name in one script keeps its own letters."""
    # Before and after folding case: Cyrillic "Т" looks like "T", its small "т" like no "t".
    return _skeleton(_skeleton(unicodedata.normalize("NFKC", name)).casefold())


def _skeleton(text: str) -> str:
    prototypes = _prototypes()
    mapped = "".join(prototypes.get(ch, ch) for ch in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each confusable character's prototype, from Unicode's confusables.txt as
    confusable-homoglyphs ships it.

    The library keeps each line ``source → prototype`` in both directions, so the direction
    is read from the shape: a prototype is the one character (or the sequence, "rn" for "m")
    that several sources point at. Where two characters only point at each other (⽥ and 田),
    either stands for both, so the smaller does.
    """
    from confusable_homoglyphs.confusables import confusables_data

    def bare(text: str) -> str:
        return text.replace("\u200e", "")  # direction marks the library puts around RTL letters

    degree = {bare(glyph): len(homoglyphs) for glyph, homoglyphs in confusables_data.items()}
    prototypes: dict[str, str] = {}
    for glyph, homoglyphs in confusables_data.items():
        source = bare(glyph)
        if len(source) != 1 or len(homoglyphs) != 1:
            continue  # a sequence, or a prototype with several sources: it stands for itself
        target = bare(homoglyphs[0]["c"])
        # A sequence or a character with several sources is the prototype; of a lone pair,
        # the smaller stands for both.
        if len(target) > 1 or degree.get(target, 0) > 1 or target < source:
            prototypes[source] = target
    return prototypes


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``... cut to fit, whichever is free (``name_key``s)."""
    if name_key(name) not in taken:
        return name
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: NAME_MAX - len(suffix)].rstrip() + suffix
        if name_key(candidate) not in taken:
            return candidate
        number += 1


def new_rejoin_code() -> str:
    """A short code a learner can copy from their screen to another device."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(REJOIN_LENGTH))
