"""``headline``: a headline or post to judge as reliable or manipulative.

The item discernment is measured on (``quiz.engine.discernment``): judging a reliable item
reliable is a hit, a manipulative one reliable a miss, and so on.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Literal

from quiz.i18n import N_, _
from quiz.kinds.kind import Look, Response
from quiz.kinds.moodle import MoodleAnswer, MoodleChoice, MoodleQuestion, NotThisKindError
from quiz.kinds.verdicts import VerdictKind, VerdictQuestion

RELIABLE = 0
"""The option index of "Reliable"."""


class Verdict(StrEnum):
    reliable = "reliable"
    manipulative = "manipulative"


class HeadlineQuestion(VerdictQuestion):
    """A headline or post to judge as reliable or manipulative: the item discernment is measured on."""

    type: Literal["headline"]
    answer: Verdict

    @property
    def first_is_right(self) -> bool:
        return self.answer is Verdict.reliable

    @property
    def is_reliable(self) -> bool:
        return self.answer is Verdict.reliable


class Headline(VerdictKind[HeadlineQuestion]):
    name = "headline"
    label = N_("headline")
    model = HeadlineQuestion
    instruction = N_("Is this headline or post reliable or manipulative?")
    look = Look.post
    fixed_options = (N_("Reliable"), N_("Manipulative"))
    measures_discernment = True
    moodle_by_default = False

    def choice_ids(self, question: HeadlineQuestion) -> tuple[str, ...]:
        return ("reliable", "manipulative")

    def is_reliable(self, question: HeadlineQuestion) -> bool:
        return question.is_reliable

    def judged_reliable(self, question: HeadlineQuestion, response: Response) -> bool:
        return RELIABLE in response

    def to_moodle(self, question: HeadlineQuestion) -> MoodleChoice:
        # The English words, as Moodle shows them; the answer travels as the right one.
        words = self.fixed_options
        answers = (
            MoodleAnswer(word, 1.0 if i == self.correct_response(question)[0] else 0.0)
            for i, word in enumerate(words)
        )
        return MoodleChoice(True, tuple(answers))

    def from_moodle(self, item: MoodleQuestion, meta: Mapping[str, Any]) -> dict[str, Any]:
        if not isinstance(item, MoodleChoice) or [a.text for a in item.answers] != list(self.fixed_options):
            raise NotThisKindError(_("a headline question's answers are Reliable and Manipulative"))
        right = [a.fraction for a in item.answers]
        if sorted(right) != [0.0, 1.0]:
            raise NotThisKindError(_("one of Reliable and Manipulative is right (=), the other not"))
        return {"answer": Verdict.reliable.value if right[0] == 1.0 else Verdict.manipulative.value}


HEADLINE = Headline()
