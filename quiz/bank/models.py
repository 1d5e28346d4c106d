"""The bank format: what a question bank file may contain.

Every model forbids unknown keys, so a misspelt key in a bank is an error the author sees,
not a default that silently applies. All question types expose the same view (``options``,
``correct``) so the engine, the UI and the exporters never branch on the type to score.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StrictBool, field_validator

from quiz.i18n import N_

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$"

# Strict numbers: TOML has real numbers, so a quoted "1" is a mistake worth reporting. Every
# number is finite and in a range the engine can compute with: TOML allows ``inf`` and ``nan``,
# and an exam of ``inf`` minutes would overflow the clock.
Points = Annotated[float, Field(gt=0, le=1000, strict=True, allow_inf_nan=False)]
MAX_TIME_LIMIT_MINUTES = 24 * 60


def as_of_text(day: date) -> str:
    """How a bank's cut-off reads to a learner: "Facts as of 28 February 2026"."""
    return f"Facts as of {day.day} {day:%B %Y}"


def plain_line(markdown: str, limit: int = 70) -> str:
    """The first line of some Markdown as plain text, cut to ``limit``, for lists of questions."""
    from quiz.bank.markdown import first_line

    return first_line(markdown, limit)


class Difficulty(StrEnum):
    easy = "easy"
    medium = "medium"
    hard = "hard"


class QuestionType(StrEnum):
    single = "single"
    multiple = "multiple"
    true_false = "true_false"
    headline = "headline"


class Technique(StrEnum):
    """The six manipulation techniques of the Bad News game (Roozenbeek & van der Linden)."""

    impersonation = "impersonation"
    emotion = "emotion"
    polarisation = "polarisation"
    conspiracy = "conspiracy"
    discrediting = "discrediting"
    trolling = "trolling"


class Verdict(StrEnum):
    reliable = "reliable"
    manipulative = "manipulative"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(_Strict):
    title: Annotated[str, Field(min_length=1)]
    url: Annotated[str, Field(min_length=1)]

    @field_validator("url")
    @classmethod
    def _http_only(cls, url: str) -> str:
        # A learner follows these links; anything but a web address is a mistake or a trap.
        if not url.lower().startswith(("http://", "https://")) or len(url) < 11:
            raise ValueError("expected an http:// or https:// address")
        return url


class Choice(_Strict):
    text: Annotated[str, Field(min_length=1)]
    correct: StrictBool = False
    feedback: str | None = None


class _QuestionBase(_Strict):
    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
    prompt: Annotated[str, Field(min_length=1)]
    explanation: Annotated[str, Field(min_length=1)]
    difficulty: Difficulty = Difficulty.medium
    topics: tuple[Annotated[str, Field(min_length=1)], ...] = ()
    technique: Technique | None = None
    sources: tuple[Source, ...] = ()
    points: Points = 1.0
    _labels: tuple[str, ...] | None = PrivateAttr(default=None)
    """The app's own option words in a translation's language (True/False, Reliable/Manipulative)."""

    @property
    def options(self) -> tuple[str, ...]:
        """The answer options in bank order; a response is a set of indices into these."""
        raise NotImplementedError

    def set_option_labels(self, labels: tuple[str, ...]) -> None:
        """Show the fixed options in another language (a translated bank's questions)."""
        self._labels = labels

    def short_prompt(self, limit: int = 70) -> str:
        """The prompt's first line without Markdown marks, for lists of questions."""
        return plain_line(self.prompt, limit)

    @property
    def correct(self) -> frozenset[int]:
        raise NotImplementedError

    def option_feedback(self, index: int) -> str | None:
        return None

    @property
    def shuffle_options(self) -> bool:
        return False


class _ChoiceQuestion(_QuestionBase):
    choices: Annotated[tuple[Choice, ...], Field(min_length=2, max_length=8)]
    shuffle: StrictBool = True

    @property
    def options(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.choices)

    @property
    def correct(self) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)

    def option_feedback(self, index: int) -> str | None:
        return self.choices[index].feedback

    @property
    def shuffle_options(self) -> bool:
        return self.shuffle

    @field_validator("choices")
    @classmethod
    def _distinct_choices(cls, choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
        seen: set[str] = set()
        for choice in choices:
            key = choice.text.casefold()
            if key in seen:
                raise ValueError(f"two choices have the text {choice.text!r}; choices must differ")
            seen.add(key)
        return choices


class SingleQuestion(_ChoiceQuestion):
    type: Literal["single"]

    @field_validator("choices")
    @classmethod
    def _one_correct(cls, choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
        n = sum(c.correct for c in choices)
        if n != 1:
            raise ValueError(f"a single question needs exactly one correct choice, found {n}")
        return choices


class MultipleQuestion(_ChoiceQuestion):
    type: Literal["multiple"]

    @field_validator("choices")
    @classmethod
    def _some_correct(cls, choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
        if not any(c.correct for c in choices):
            raise ValueError("a multiple question needs at least one correct choice, found 0")
        return choices


# The app's own words, translated in its catalogs (a translated bank shows them in its language).
TRUE_FALSE_OPTIONS = (N_("True"), N_("False"))
HEADLINE_OPTIONS = (N_("Reliable"), N_("Manipulative"))


class TrueFalseQuestion(_QuestionBase):
    type: Literal["true_false"]
    answer: StrictBool

    @property
    def options(self) -> tuple[str, ...]:
        return self._labels or TRUE_FALSE_OPTIONS

    @property
    def correct(self) -> frozenset[int]:
        return frozenset({0 if self.answer else 1})


class HeadlineQuestion(_QuestionBase):
    """A headline or post to judge as reliable or manipulative: the item discernment is measured on."""

    type: Literal["headline"]
    answer: Verdict

    @property
    def options(self) -> tuple[str, ...]:
        return self._labels or HEADLINE_OPTIONS

    @property
    def correct(self) -> frozenset[int]:
        return frozenset({0 if self.answer is Verdict.reliable else 1})

    @property
    def is_reliable(self) -> bool:
        return self.answer is Verdict.reliable


Question = Annotated[
    SingleQuestion | MultipleQuestion | TrueFalseQuestion | HeadlineQuestion,
    Field(discriminator="type"),
]


class Defaults(_Strict):
    """Values applied to every question that does not set them itself."""

    difficulty: Difficulty | None = None
    points: Points | None = None
    topics: tuple[str, ...] | None = None
    shuffle: StrictBool | None = None


class BankInfo(_Strict):
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
        raise ValueError(f"got {value!r}, expected a date such as 2026-02-28 (a day, no time)")

    @field_validator("facts_as_of")
    @classmethod
    def _not_future(cls, value: date | None) -> date | None:
        # Facts cannot have been checked on a day that has not come: a typo such as 2062.
        if value is not None and value > date.today():
            raise ValueError(f"{value.isoformat()} is in the future; facts are checked as of a past day")
        return value


AnyQuestion = SingleQuestion | MultipleQuestion | TrueFalseQuestion | HeadlineQuestion
