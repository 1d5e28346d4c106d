"""The pieces of an xAPI 1.0.3 interaction definition that kinds share.

xAPI names the parts of an interaction "components": a list of ``{id, description}`` objects
(``choices`` for choice and sequencing, ``source`` and ``target`` for matching). Response
patterns join component ids with ``[,]``; a matching pair joins its source and target with
``[.]`` (xAPI 1.0.3, Part Two, "Interaction Activities" and its response-pattern table).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

ITEMS = "[,]"
PAIR = "[.]"


def components(
    ids: Sequence[str], versions: Sequence[tuple[str, Any]], texts: Callable[[Any], Sequence[str]]
) -> list[dict[str, Any]]:
    """Interaction components: each an id and its text as a language map over ``versions``
    (``(language, question)`` pairs; ``texts(question)`` gives the components' texts in order)."""
    by_language = [(tag, texts(version)) for tag, version in versions]
    return [
        {"id": cid, "description": {tag: found[i] for tag, found in by_language}} for i, cid in enumerate(ids)
    ]


def items(ids: Iterable[str]) -> str:
    """Ids as a choice or sequencing response: ``a[,]c`` (one id alone has no delimiter)."""
    return ITEMS.join(ids)


def pairs(pairs: Iterable[tuple[str, str]]) -> str:
    """Source and target ids as a matching response: ``1[.]b[,]2[.]a``."""
    return ITEMS.join(f"{source}{PAIR}{target}" for source, target in pairs)
