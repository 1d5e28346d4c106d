"""Questions as Moodle holds them, for GIFT both ways (``quiz.formats.gift``).

Each kind says which of Moodle's question types it is written as (``Kind.to_moodle``) and
reads itself back from one (``Kind.from_moodle``); what Moodle has no place for travels in the
``// resilience-quiz:`` comment that GIFT files carry and Moodle ignores (``Kind.moodle_meta``).
A kind Moodle lacks is written as the nearest type Moodle can use (``spot`` as a multiple-answer
question, ``ordering`` as a matching of each item to its place), so that a teacher gets a
working question and ``quiz import gift`` gets the kind back.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MoodleAnswer:
    text: str
    fraction: float
    """The share of the question's grade, -1 to 1 (GIFT's ``%50%``; ``=`` is 1)."""
    feedback: str | None = None


@dataclass(frozen=True)
class MoodleChoice:
    """Moodle's multichoice question: one answer (``single``) or several."""

    single: bool
    answers: tuple[MoodleAnswer, ...]


@dataclass(frozen=True)
class MoodleTrueFalse:
    answer: bool
    feedback_true: str | None = None
    feedback_false: str | None = None


@dataclass(frozen=True)
class MoodleMatch:
    """A match question as Moodle stores it: (subquestion text, answer text) per row.

    A row with an empty subquestion is an answer that matches nothing (a distractor).
    """

    subquestions: tuple[tuple[str, str], ...]


MoodleQuestion = MoodleChoice | MoodleTrueFalse | MoodleMatch


class NotThisKindError(ValueError):
    """The Moodle question cannot be read as this kind; the message says why."""
