"""Which attempts stand for a whole bank: the rule behind "best score", and the marks on the rest.

The rule: an attempt counts for a bank's best score when it asked every question the bank had
when it started, and was neither a retry of missed questions nor a review (one that asks every
question because every one is due still asks them for what was got wrong before). A run of 10
of 44 questions, a topic or difficulty chosen, a review of due questions or a retry says
something about part of the bank only: it is marked ("10 of 44", "retry") wherever attempts are
listed, and never becomes the bank's best.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from quiz.engine.request import Mode
from quiz.i18n import _


@dataclass(frozen=True)
class Coverage:
    asked: int
    bank_questions: int | None
    """How many questions the bank had; None when neither the attempt nor the bank says."""
    retry_of: str | None = None
    """The uuid of the attempt whose missed questions this one retried."""
    review: bool = False
    """A review of due questions: never the bank's best, however many it asked."""

    @property
    def whole_bank(self) -> bool:
        return (
            self.retry_of is None
            and not self.review
            and self.bank_questions is not None
            and self.asked >= self.bank_questions
        )

    @property
    def label(self) -> str:
        """``""`` for a whole-bank attempt, else ``10 of 44``, ``retry, 2 of 44`` or ``retry``
        (whole messages: the comma is the language's to place)."""
        part = self.bank_questions is not None and self.asked < self.bank_questions
        if self.retry_of is not None:
            if part:
                return _("retry, {asked} of {total}").format(asked=self.asked, total=self.bank_questions)
            return _("retry")
        return _("{asked} of {total}").format(asked=self.asked, total=self.bank_questions) if part else ""

    def with_mode(self, mode: str) -> str:
        """``mode`` (its name in the language) with the label where there is one: "Practice (10 of 44)"."""
        label = self.label
        return _("{mode} ({coverage})").format(mode=mode, coverage=label) if label else mode


def coverage(
    asked: int, settings: Mapping[str, Any], bank_questions_now: int | None = None, mode: str = ""
) -> Coverage:
    """An attempt's coverage from its mode and stored settings; older attempts fall back on
    today's bank."""
    recorded = settings.get("bank_questions")
    retry = settings.get("retry_of")
    return Coverage(
        asked,
        recorded if isinstance(recorded, int) else bank_questions_now,
        None if retry is None else str(retry),
        review=mode == Mode.review,
    )
