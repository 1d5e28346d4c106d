"""The rules of the quiz, shared by every front end. Pure: no textual, no sqlite, no network."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.engine.attempt import (
        Answer,
        Attempt,
        Confidence,
        InvalidResponseError,
        check_response,
    )
    from quiz.engine.plan import (
        AttemptPlan,
        Marking,
        NoQuestionsError,
        PlanItem,
        plan_attempt,
        select_questions,
    )
    from quiz.engine.request import (
        Mode,
        StartRequest,
    )
    from quiz.engine.scoring import (
        AttemptScore,
        Breakdown,
        QuestionScore,
        score_answer,
        score_attempt,
    )

# Importing a submodule (say quiz.engine.request) runs this file first: keeping it free of
# eager imports keeps pydantic out of the app's start-up until something needs it.
_EXPORTS = {
    "Answer": "quiz.engine.attempt",
    "Attempt": "quiz.engine.attempt",
    "AttemptPlan": "quiz.engine.plan",
    "AttemptScore": "quiz.engine.scoring",
    "Breakdown": "quiz.engine.scoring",
    "Confidence": "quiz.engine.attempt",
    "InvalidResponseError": "quiz.engine.attempt",
    "Marking": "quiz.engine.plan",
    "Mode": "quiz.engine.request",
    "NoQuestionsError": "quiz.engine.plan",
    "PlanItem": "quiz.engine.plan",
    "QuestionScore": "quiz.engine.scoring",
    "StartRequest": "quiz.engine.request",
    "check_response": "quiz.engine.attempt",
    "plan_attempt": "quiz.engine.plan",
    "score_answer": "quiz.engine.scoring",
    "score_attempt": "quiz.engine.scoring",
    "select_questions": "quiz.engine.plan",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Answer",
    "Attempt",
    "AttemptPlan",
    "AttemptScore",
    "Breakdown",
    "Confidence",
    "InvalidResponseError",
    "Marking",
    "Mode",
    "NoQuestionsError",
    "PlanItem",
    "QuestionScore",
    "StartRequest",
    "check_response",
    "plan_attempt",
    "score_answer",
    "score_attempt",
    "select_questions",
]
