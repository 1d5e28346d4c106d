"""Every question kind, by the ``type`` bank files give it: what the rest of the app asks.

Front ends, exports, the store and the live server look a question's kind up here and call
it; none of them names a kind. Adding a kind is its module plus one line in ``_KINDS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quiz.i18n import _
from quiz.i18n.lists import alternatives
from quiz.kinds.base import QuestionBase
from quiz.kinds.headline import HEADLINE
from quiz.kinds.kind import Kind
from quiz.kinds.matching import MATCHING
from quiz.kinds.moodle import MoodleQuestion, NotThisKindError
from quiz.kinds.multiple import MULTIPLE
from quiz.kinds.ordering import ORDERING
from quiz.kinds.single import SINGLE
from quiz.kinds.spot import SPOT
from quiz.kinds.true_false import TRUE_FALSE

_KINDS: tuple[Kind[Any], ...] = (SINGLE, MULTIPLE, TRUE_FALSE, HEADLINE, ORDERING, MATCHING, SPOT)
KINDS: dict[str, Kind[Any]] = {kind.name: kind for kind in _KINDS}
"""Kinds by name, in the order they are documented."""


class UnknownKindError(LookupError):
    """A kind name no registered kind has: a stored answer or a message from a newer version."""


def kind_named(name: str) -> Kind[Any]:
    try:
        return KINDS[name]
    except KeyError:
        message = _("unknown question kind {name} (expected one of {kinds})")
        raise UnknownKindError(message.format(name=repr(name), kinds=alternatives(list(KINDS)))) from None


def kind_of(question: QuestionBase) -> Kind[Any]:
    """The kind that owns ``question``'s rules."""
    return KINDS[question.type]


def models() -> tuple[type[QuestionBase], ...]:
    """The bank models of all kinds, for the loader's discriminated union on ``type``."""
    return tuple(kind.model for kind in _KINDS)


def read_moodle(item: MoodleQuestion, meta: Mapping[str, Any]) -> tuple[Kind[Any], dict[str, Any]]:
    """The kind a Moodle question is, with its own bank fields: the kind the GIFT comment names
    (``meta["type"]``) when it reads the question, else the first kind that reads its shape.
    ``NotThisKindError`` with the reason when none does."""
    wanted = meta.get("type")
    named = KINDS.get(wanted) if isinstance(wanted, str) else None
    reasons = []
    for kind in ([named] if named else []) + [k for k in _KINDS if k.moodle_by_default and k is not named]:
        try:
            return kind, kind.from_moodle(item, meta)
        except NotThisKindError as exc:
            reasons.append(str(exc))
    raise NotThisKindError(reasons[0] if named else reasons[-1])


def discernment_kinds() -> tuple[str, ...]:
    """The kinds whose items discernment is measured on (what a discernment check asks)."""
    return tuple(name for name, kind in KINDS.items() if kind.measures_discernment)
