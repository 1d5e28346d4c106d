"""Attempts that remember themselves: the engine's rules with every step saved to the store.

Every front end (the TUI, plain mode) drives a ``RecordedAttempt``; none of them talks to
the store about answers directly, so "answered means stored" holds everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quiz.bank import Bank
from quiz.engine import (
    Answer,
    Attempt,
    AttemptPlan,
    AttemptScore,
    Confidence,
    score_answer,
    score_attempt,
)
from quiz.store import AttemptRow, Learner, Store


class RecordedAttempt:
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
        return answer

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
