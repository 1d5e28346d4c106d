"""An attempt in progress: the plan plus the answers given so far.

Responses are in *bank* terms, never display order, so that a score cannot depend on how the
options happened to be shuffled; what a response is, and how it is checked, is its kind's
(``quiz.kinds``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import IntEnum

from pydantic import BaseModel, ConfigDict

from quiz.bank import AnyQuestion, Bank
from quiz.engine.plan import AttemptPlan, PlanItem
from quiz.errors import QuizError
from quiz.i18n import _
from quiz.kinds.kind import InvalidResponseError, Response
from quiz.kinds.registry import kind_of

__all__ = ["Answer", "Attempt", "Confidence", "InvalidResponseError", "check_response"]


class Confidence(IntEnum):
    low = 1
    mid = 2
    high = 3


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    question_id: str
    response: Response
    """In bank terms, in the order the kind gives it meaning (``quiz.kinds.kind.Response``)."""
    seconds: float = 0.0
    confidence: Confidence | None = None


def check_response(question: AnyQuestion, response: Iterable[int]) -> Response:
    """``response`` (bank terms) as its kind keeps it; ``InvalidResponseError`` if it cannot be."""
    return kind_of(question).check(question, response)


class Attempt:
    """The mutable state of one sitting; the store persists each change as it happens."""

    def __init__(
        self,
        bank: Bank,
        plan: AttemptPlan,
        answers: Mapping[str, Answer] | None = None,
        flagged: Iterable[str] = (),
    ) -> None:
        missing = [qid for qid in plan.question_ids if qid not in bank.by_id]
        if missing:
            message = _("bank “{bank}” no longer has question “{id}” from this attempt")
            raise QuizError(message.format(bank=bank.id, id=missing[0]))
        self.bank = bank
        self.plan = plan
        self.answers: dict[str, Answer] = dict(answers or {})
        self.flagged: set[str] = set(flagged)
        self.position = self._first_unanswered_or(0)

    def __len__(self) -> int:
        return len(self.plan.items)

    @property
    def item(self) -> PlanItem:
        return self.plan.items[self.position]

    @property
    def question(self) -> AnyQuestion:
        return self.bank.by_id[self.item.question_id]

    def question_at(self, position: int) -> AnyQuestion:
        return self.bank.by_id[self.plan.items[position].question_id]

    def answer(
        self,
        response: Iterable[int],
        seconds: float = 0.0,
        confidence: Confidence | None = None,
        position: int | None = None,
    ) -> Answer:
        """Record a response (bank-order indices) to the current question, or ``position``'s."""
        pos = self.position if position is None else position
        question = self.question_at(pos)
        answer = Answer(
            question_id=question.id,
            response=check_response(question, response),
            seconds=max(0.0, seconds),
            confidence=confidence,
        )
        self.answers[question.id] = answer
        return answer

    def answer_displayed(
        self,
        displayed: Iterable[int],
        seconds: float = 0.0,
        confidence: Confidence | None = None,
    ) -> Answer:
        """Record a response given as positions in the shown order (what a UI knows)."""
        question = self.question
        response = kind_of(question).from_shown(question, self.item.order, displayed)
        return self.answer(response, seconds, confidence)

    def is_answered(self, position: int) -> bool:
        return self.plan.items[position].question_id in self.answers

    @property
    def unanswered(self) -> list[int]:
        return [i for i in range(len(self)) if not self.is_answered(i)]

    @property
    def complete(self) -> bool:
        return not self.unanswered

    def go_to(self, position: int) -> None:
        if not 0 <= position < len(self):
            raise IndexError(position)
        self.position = position

    def next_unanswered(self) -> int | None:
        """The next unanswered position after the current one, wrapping round: skip and return."""
        n = len(self)
        for step in range(1, n + 1):
            pos = (self.position + step) % n
            if not self.is_answered(pos):
                return pos
        return None

    def toggle_flag(self) -> bool:
        qid = self.item.question_id
        if qid in self.flagged:
            self.flagged.discard(qid)
            return False
        self.flagged.add(qid)
        return True

    def _first_unanswered_or(self, default: int) -> int:
        remaining = self.unanswered
        return remaining[0] if remaining else default
