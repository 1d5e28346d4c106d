"""The rules of the quiz, shared by every front end. Pure: no textual, no sqlite, no network."""

from quiz.engine.attempt import Answer, Attempt, Confidence, InvalidResponseError, check_response
from quiz.engine.plan import (
    AttemptPlan,
    Marking,
    Mode,
    NoQuestionsError,
    PlanItem,
    plan_attempt,
    select_questions,
)
from quiz.engine.scoring import AttemptScore, Breakdown, QuestionScore, score_answer, score_attempt

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
    "check_response",
    "plan_attempt",
    "score_answer",
    "score_attempt",
    "select_questions",
]
