"""Where a line may not break: after a one-letter Ukrainian word.

Ukrainian typography keeps a one-letter preposition, conjunction or particle (в, у, з, і, й,
а, о, я...) on the line of the word after it: a line that ends with "в" or "і" reads as cut
off. The app's wrapping (``quiz.frontends.tui.linebreak``), plain mode's (``quiz.i18n.width``)
and the HTML report all take the space after one as a no-break space, as they do Babel's in
"45,5 %".
"""

from __future__ import annotations

import re

ONE_LETTER = re.compile(r"(?<![\w\u0301'’-])([а-яґєіїА-ЯҐЄІЇ])[ \t]+(?=\S)")
"""A one-letter Cyrillic word and the spaces after it (not a letter that ends a longer word,
nor an initial's "О." with its period)."""


def glued(text: str) -> str:
    """``text`` with the space after each one-letter word a no-break space (U+00A0), the same
    length when that space was one character: a wrapper's offsets still point into ``text``."""
    if not ONE_LETTER.search(text):
        return text
    return ONE_LETTER.sub(lambda found: found[1] + "\xa0" * len(found[0][1:]), text)
