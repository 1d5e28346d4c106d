"""The bank format: what a question bank file may contain beyond its questions.

Every model forbids unknown keys, so a misspelt key in a bank is an error the author sees,
not a default that silently applies. Each question kind owns its model (``quiz.kinds``); a
bank's questions are the union of them, and every rule that depends on the kind is asked of
``quiz.kinds.registry``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Union

from pydantic import Field, StrictBool, field_validator

from quiz.i18n import _
from quiz.kinds.base import (
    ID_PATTERN,
    Difficulty,
    Points,
    QuestionBase,
    Source,
    Strict,
    Technique,
    plain_line,
)

AnyQuestion = QuestionBase
"""A question of any kind; its kind's rules are ``quiz.kinds.registry.kind_of(question)``."""

__all__ = [
    "ID_PATTERN",
    "AnyQuestion",
    "BankInfo",
    "Defaults",
    "Difficulty",
    "Points",
    "Source",
    "Technique",
    "as_of_text",
    "plain_line",
    "question_union",
]

MAX_TIME_LIMIT_MINUTES = 24 * 60


def as_of_text(day: date) -> str:
    """How a bank's cut-off reads to a learner: "Facts as of 28 February 2026"."""
    return f"Facts as of {day.day} {day:%B %Y}"


def question_union() -> Any:
    """The bank's question model: the union of every registered kind's, picked by ``type``."""
    from quiz.kinds.registry import models

    return Annotated[Union[models()], Field(discriminator="type")]  # noqa: UP007 - built at run time


class Defaults(Strict):
    """Values applied to every question that does not set them itself."""

    difficulty: Difficulty | None = None
    points: Points | None = None
    topics: tuple[str, ...] | None = None
    shuffle: StrictBool | None = None


class BankInfo(Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
    title: Annotated[str, Field(min_length=1)]
    description: str = ""
    version: Annotated[str, Field(min_length=1)] = "1"
    language: Annotated[str, Field(min_length=2, max_length=35)] = "en"
    pass_mark: Annotated[float, Field(ge=0, le=100, strict=True, allow_inf_nan=False)] = 70.0
    time_limit_minutes: (
        Annotated[float, Field(gt=0, le=MAX_TIME_LIMIT_MINUTES, strict=True, allow_inf_nan=False)] | None
    ) = None
    facts_as_of: date | None = None
    """The cut-off of the bank's facts: a count or price in it was checked as of this day."""
    defaults: Defaults = Defaults()

    @field_validator("facts_as_of", mode="before")
    @classmethod
    def _a_day(cls, value: object) -> object:
        # A learner reads this as "true on that day": a time of day, a bare year (which
        # pydantic would take for a Unix timestamp) or "Feb 2026" would claim another precision.
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return value.strip()
        raise ValueError(
            _("got {value}, expected a date such as 2026-02-28 (a day, no time)").format(value=repr(value))
        )

    @field_validator("facts_as_of")
    @classmethod
    def _not_future(cls, value: date | None) -> date | None:
        # Facts cannot have been checked on a day that has not come: a typo such as 2062.
        if value is not None and value > date.today():
            message = _("{day} is in the future; facts are checked as of a past day")
            raise ValueError(message.format(day=value.isoformat()))
        return value
