"""What a learner can ask for: the modes, and the options of one attempt.

Kept apart from planning so that the app's home screen can name modes and build requests
without loading the models that planning needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from quiz.i18n import N_


class Mode(StrEnum):
    practice = "practice"
    exam = "exam"
    review = "review"
    discernment = "discernment"
    live = "live"


FEEDBACK_MODES = frozenset({Mode.practice, Mode.review})
"""Modes that show right or wrong and the explanation after every answer; the others at the end."""

MODE_NAMES: dict[str, str] = {
    Mode.practice: N_("Practice"),
    Mode.exam: N_("Exam"),
    Mode.review: N_("Review"),
    Mode.discernment: N_("Discernment check"),
    Mode.live: N_("Live session"),
}
"""English msgids: shown through ``quiz.i18n.gettext``."""


@dataclass(frozen=True)
class StartRequest:
    """`quiz take`'s options, or the app's options dialog."""

    bank: str
    mode: Mode = Mode.practice
    count: int | None = None
    topics: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    question_ids: tuple[str, ...] | None = None
    seed: int | None = None
    shuffle: bool = True
    confidence: bool = False
    negative: bool = False
    time_limit_minutes: float | None = None
    """Exam limit; None takes the bank's default, 0 means untimed."""
    retry_of: int | None = None
    """The attempt (id) whose missed questions this one retries: a retry never sets a best score."""
    language: str | None = None
    """The learner's language: the bank's translation into it where there is one (None: the bank's own)."""
