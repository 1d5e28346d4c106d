"""``multiple``: choose all that apply; partial credit as Moodle's multiple-answer question.

With per-choice ``credit`` (``quiz.kinds.choices``) the positive credits add up to 1, as
Moodle requires of its multiple-answer questions, and the others may cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import field_validator

from quiz.i18n import N_, _
from quiz.kinds.choices import FULL, TOLERANCE, Choice, ChoiceKind, ChoiceQuestion
from quiz.kinds.kind import Form


class MultipleQuestion(ChoiceQuestion):
    type: Literal["multiple"]

    @field_validator("choices")
    @classmethod
    def _some_correct(cls, choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
        if any(c.credit is not None for c in choices):
            positive = sum(c.credit for c in choices if c.credit is not None and c.credit > 0)
            if abs(positive - FULL) > TOLERANCE:
                message = _("the positive credits add up to {total}; they must add up to 1 (the full mark)")
                raise ValueError(message.format(total=f"{positive:g}"))
            return choices
        if not any(c.correct for c in choices):
            raise ValueError(_("a multiple question needs at least one correct choice, found 0"))
        return choices


class Multiple(ChoiceKind[MultipleQuestion]):
    name = "multiple"
    label = N_("multiple choice")
    model = MultipleQuestion
    form = Form.choose_many
    instruction = N_("Choose all that apply")

    def worst(self, credits: Sequence[float]) -> float:
        return sum(c for c in credits if c < 0) if any(c < 0 for c in credits) else min(credits)


MULTIPLE = Multiple()
