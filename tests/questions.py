"""A question's texts and right answer, asked of its kind as the app asks: for tests that
answer questions of any kind without naming one."""

from __future__ import annotations

from quiz.kinds.base import QuestionBase
from quiz.kinds.kind import Response
from quiz.kinds.registry import kind_of


def options(question: QuestionBase) -> tuple[str, ...]:
    """The texts a layout orders (choices, verdicts, items, answers, segments), bank order."""
    return kind_of(question).options(question)


def right(question: QuestionBase) -> Response:
    """The right response in bank terms (sorted option indices for the choose forms)."""
    return kind_of(question).correct_response(question)


def option_feedback(question: QuestionBase, index: int) -> str | None:
    """The feedback a choose-form option carries, if any."""
    kind = kind_of(question)
    feedback = getattr(kind, "option_feedback", None)
    return feedback(question, index) if feedback else None
