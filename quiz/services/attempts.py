"""Attempts that remember themselves: the engine's rules with every step saved to the store.

Every front end (the TUI, plain mode) drives a ``RecordedAttempt``; none of them talks to
the store about answers directly, so "answered means stored" holds everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from quiz.bank import Bank
from quiz.engine import (
    Answer,
    Attempt,
    AttemptPlan,
    AttemptScore,
    Confidence,
    Marking,
    Mode,
    plan_attempt,
    score_answer,
    score_attempt,
)
from quiz.engine.request import StartRequest
from quiz.engine.review import schedule
from quiz.errors import QuizError
from quiz.store import AttemptRow, Learner, Store

# Headline checks measure discernment and live sessions are the instructor's: neither feeds
# the learner's own review schedule.
REVIEWED_MODES = frozenset({"practice", "exam", "review"})


def utc_now() -> datetime:
    return datetime.now(UTC)


class NothingDueError(QuizError):
    """Review mode with no question due: the front end offers practice instead."""


def start_attempt(store: Store, bank: Bank, learner: Learner, request: StartRequest) -> RecordedAttempt:
    """Plan the attempt a request describes and record its start."""
    question_ids = list(request.question_ids) if request.question_ids is not None else None
    if request.mode is Mode.review and question_ids is None:
        question_ids = store.due_questions(learner.id, bank.id, RecordedAttempt.clock())
        if not question_ids:
            raise NothingDueError(f"nothing in {bank.info.title!r} is due for review yet")
    minutes = request.time_limit_minutes
    if request.mode is Mode.exam and minutes is None:
        minutes = bank.info.time_limit_minutes
    plan = plan_attempt(
        bank,
        count=request.count,
        topics=request.topics,
        difficulties=request.difficulties,
        question_ids=question_ids,
        seed=request.seed,
        shuffle=request.shuffle,
        marking=Marking(certainty=request.confidence, negative=request.negative),
        time_limit_seconds=minutes * 60 if minutes else None,
    )
    settings = {"confidence": request.confidence, "negative": request.negative}
    return RecordedAttempt.start(store, bank, learner, plan, request.mode.value, settings)


class RecordedAttempt:
    clock: Callable[[], datetime] = staticmethod(utc_now)
    """Where "now" comes from for review scheduling; tests replace it to travel in time."""

    def __init__(self, store: Store, bank: Bank, row: AttemptRow, attempt: Attempt) -> None:
        self.store = store
        self.bank = bank
        self.row = row
        self.attempt = attempt

    @classmethod
    def start(
        cls,
        store: Store,
        bank: Bank,
        learner: Learner,
        plan: AttemptPlan,
        mode: str,
        settings: dict[str, Any] | None = None,
    ) -> RecordedAttempt:
        row = store.start_attempt(learner, plan, mode, settings)
        return cls(store, bank, row, Attempt(bank, plan))

    @classmethod
    def resume(cls, store: Store, bank: Bank, attempt_id: int) -> RecordedAttempt:
        row = store.attempt(attempt_id)
        attempt = Attempt(bank, row.plan, store.answers(attempt_id), row.flagged)
        if 0 <= row.position < len(attempt) and not attempt.is_answered(row.position):
            attempt.go_to(row.position)
        return cls(store, bank, row, attempt)

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def mode(self) -> str:
        return self.row.mode

    def answer(
        self,
        displayed: Iterable[int],
        seconds: float = 0.0,
        confidence: Confidence | None = None,
    ) -> Answer:
        """Answer the current question by shown positions; stored before this returns."""
        answer = self.attempt.answer_displayed(displayed, seconds, confidence)
        score = score_answer(self.attempt.question, answer, self.attempt.plan.marking)
        self.store.record_answer(self.id, self.attempt.position, answer, score)
        if self.mode in REVIEWED_MODES:
            self._reschedule(answer.question_id, score.correct)
        return answer

    def _reschedule(self, question_id: str, correct: bool) -> None:
        learner_id = self.row.learner.id
        card = self.store.review_card(learner_id, self.bank.id, question_id)
        card, due = schedule(card, correct, self.clock())
        self.store.save_review_card(learner_id, self.bank.id, question_id, card, due)

    def go_to(self, position: int) -> None:
        self.attempt.go_to(position)
        self.save_progress()

    def toggle_flag(self) -> bool:
        flagged = self.attempt.toggle_flag()
        self.save_progress()
        return flagged

    def save_progress(self) -> None:
        self.store.save_progress(self.id, self.attempt.position, self.attempt.flagged)

    def score(self) -> AttemptScore:
        return score_attempt(self.bank, self.attempt.plan, self.attempt.answers)

    def finish(self) -> AttemptScore:
        score = self.score()
        self.store.finish_attempt(self.id, score)
        return score
