"""Playing whole attempts into a store, for the tests of measures drawn from stored attempts."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from quiz.bank import AnyQuestion, Bank
from quiz.engine import Attempt, Confidence, Marking, plan_attempt
from quiz.kinds.headline import HeadlineQuestion
from quiz.services.attempts import RecordedAttempt
from quiz.store import Learner, Store

Respond = Callable[[AnyQuestion], Iterable[int] | None]
"""Given a question, the bank-order options chosen (None leaves it unanswered)."""


def take(
    store: Store,
    bank: Bank,
    learner: Learner,
    respond: Respond,
    *,
    mode: str = "practice",
    session_code: str | None = None,
    confidence: Callable[[AnyQuestion], Confidence | None] = lambda q: None,
    count: int | None = None,
    seed: int = 0,
    marking: Marking | None = None,
) -> RecordedAttempt:
    """Answer every question of a fresh attempt as ``respond`` says, then finish it."""
    plan = plan_attempt(bank, seed=seed, count=count, marking=marking)
    row = store.start_attempt(learner, plan, mode, session_code=session_code)
    run = RecordedAttempt(store, bank, row, Attempt(bank, plan))
    for position in range(len(run.attempt)):
        run.attempt.go_to(position)
        question = run.attempt.question
        chosen = respond(question)
        if chosen is None:
            continue
        order = run.attempt.item.order
        run.answer([order.index(i) for i in chosen], seconds=1.0, confidence=confidence(question))
    run.finish()
    return run


def sceptical(spared: int) -> Respond:
    """Calls every headline manipulative except the first ``spared`` reliable ones it sees."""
    trusted: list[str] = []

    def respond(question: AnyQuestion) -> list[int]:
        assert isinstance(question, HeadlineQuestion)
        if question.is_reliable and len(trusted) < spared:
            trusted.append(question.id)
            return [0]
        return [1]

    return respond
