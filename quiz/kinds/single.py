"""``single``: one right choice among 2 to 8.

With per-choice ``credit`` (``quiz.kinds.choices``) exactly one choice earns the full mark, as
Moodle's single-answer question requires; others may earn part of it or cost some.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import field_validator

from quiz.i18n import N_, _
from quiz.kinds.choices import FULL, Choice, ChoiceKind, ChoiceQuestion
from quiz.kinds.kind import Form


class SingleQuestion(ChoiceQuestion):
    type: Literal["single"]

    @field_validator("choices")
    @classmethod
    def _one_correct(cls, choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
        if any(c.credit is not None for c in choices):
            full = [n for n, c in enumerate(choices, start=1) if c.credit == FULL]
            if len(full) != 1:
                message = _(
                    "a single question needs exactly one choice with credit = 1 (the full mark), found {n}"
                )
                raise ValueError(message.format(n=len(full)))
            for number, choice in enumerate(choices, start=1):
                if choice.correct and number != full[0]:
                    message = _(
                        "choice {n} is correct = true but earns {credit}; "
                        "in a single question only the choice with credit = 1 is correct"
                    )
                    raise ValueError(message.format(n=number, credit=f"{choice.credit or 0:g}"))
            return choices
        n = sum(bool(c.correct) for c in choices)
        if n != 1:
            raise ValueError(_("a single question needs exactly one correct choice, found {n}").format(n=n))
        return choices


class Single(ChoiceKind[SingleQuestion]):
    name = "single"
    label = N_("single choice")
    model = SingleQuestion
    form = Form.choose_one
    instruction = N_("Choose one answer")

    def right(self, question: SingleQuestion) -> frozenset[int]:
        if question.weighted:  # a choice with part of the credit is not the answer
            return frozenset(i for i, c in enumerate(question.choices) if c.credit == FULL)
        return super().right(question)

    def worst(self, credits: Sequence[float]) -> float:
        return min(credits)  # one choice is chosen


SINGLE = Single()
