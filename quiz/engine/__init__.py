"""The rules of the quiz, shared by every front end. Pure: no textual, no sqlite, no network."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.infra.lazy import lazy_exports

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


__getattr__ = lazy_exports(__name__, _EXPORTS)


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
