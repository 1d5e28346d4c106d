"""Every question kind, by the ``type`` bank files give it: what the rest of the app asks.

Front ends, exports, the store and the live server look a question's kind up here and call
it; none of them names a kind. Adding a kind is its module plus one line in ``_KINDS``.
"""

from __future__ import annotations

from typing import Any

from quiz.kinds.base import QuestionBase
from quiz.kinds.kind import Kind
from quiz.kinds.matching import MATCHING
from quiz.kinds.ordering import ORDERING
from quiz.kinds.spot import SPOT

_KINDS: tuple[Kind[Any], ...] = (ORDERING, MATCHING, SPOT)
KINDS: dict[str, Kind[Any]] = {kind.name: kind for kind in _KINDS}
"""Kinds by name, in the order they are documented."""


class UnknownKindError(LookupError):
    """A kind name no registered kind has: a stored answer or a message from a newer version."""


def kind_named(name: str) -> Kind[Any]:
    try:
        return KINDS[name]
    except KeyError:
        expected = ", ".join(KINDS)
        raise UnknownKindError(f"unknown question kind {name!r} (expected one of {expected})") from None


def kind_of(question: QuestionBase) -> Kind[Any]:
    """The kind that owns ``question``'s rules."""
    return kind_named(question.type)


def models() -> tuple[type[QuestionBase], ...]:
    """The bank models of all kinds, for the loader's discriminated union on ``type``."""
    return tuple(kind.model for kind in _KINDS)
