"""``true_false``: a statement that is true or false (``answer = true``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import StrictBool

from quiz.i18n import N_, _
from quiz.kinds.kind import Response
from quiz.kinds.moodle import MoodleQuestion, MoodleTrueFalse, NotThisKindError
from quiz.kinds.verdicts import VerdictKind, VerdictQuestion


class TrueFalseQuestion(VerdictQuestion):
    type: Literal["true_false"]
    answer: StrictBool

    @property
    def first_is_right(self) -> bool:
        return self.answer


class TrueFalse(VerdictKind[TrueFalseQuestion]):
    name = "true_false"
    label = N_("true/false")
    model = TrueFalseQuestion
    instruction = N_("True or false?")
    xapi_interaction = "true-false"
    fixed_options = (N_("True"), N_("False"))

    def xapi_definition(self, versions: Sequence[tuple[str, TrueFalseQuestion]]) -> dict[str, Any]:
        question = versions[0][1]
        return {
            "interactionType": self.xapi_interaction,
            "correctResponsesPattern": [self.xapi_response(question, self.correct_response(question))],
        }

    def xapi_response(self, question: TrueFalseQuestion, response: Response) -> str:
        return "[,]".join(("true", "false")[i] for i in sorted(response))

    def to_moodle(self, question: TrueFalseQuestion) -> MoodleTrueFalse:
        return MoodleTrueFalse(question.answer)

    def from_moodle(self, item: MoodleQuestion, meta: Mapping[str, Any]) -> dict[str, Any]:
        if not isinstance(item, MoodleTrueFalse):
            raise NotThisKindError(_("a true_false question is a true/false one"))
        return {"answer": item.answer}


TRUE_FALSE = TrueFalse()
