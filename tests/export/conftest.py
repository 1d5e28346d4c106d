"""Stores with finished attempts by learners whose names and emails try every format's edges."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from quiz.bank import Bank
from quiz.engine import Confidence, Marking, plan_attempt
from quiz.services.attempts import RecordedAttempt
from quiz.store import Learner, Store

TRICKY_NAMES = (
    'Ona "Šarūnė" Žemaitytė, Jr.',  # Lithuanian, comma, quotes (a newline is a space once stored)
    "山田 太郎",  # Japanese
    '=HYPERLINK("http://evil.example","click")',  # a formula
)


@dataclass
class Seeded:
    store: Store
    bank: Bank
    attempts: list[RecordedAttempt]
    learners: list[Learner]

    @property
    def ids(self) -> list[int]:
        return [a.id for a in self.attempts]


def take(
    store: Store,
    bank: Bank,
    learner: Learner,
    choices: dict[str, list[int]],
    *,
    seed: int = 7,
    marking: Marking | None = None,
    mode: str = "exam",
    confidence: Confidence | None = None,
) -> RecordedAttempt:
    """Answer by bank-order indices (``choices``: question id -> options); unlisted questions stay blank."""
    plan = plan_attempt(bank, seed=seed, marking=marking)
    attempt = RecordedAttempt.start(store, bank, learner, plan, mode)
    for position, item in enumerate(plan.items):
        if item.question_id not in choices:
            continue
        attempt.go_to(position)
        displayed = [item.order.index(i) for i in choices[item.question_id]]
        attempt.answer(displayed, seconds=4.25 + position, confidence=confidence)
    attempt.finish()
    return attempt


ALL_RIGHT = {"s1": [0], "m1": [0, 1], "tf1": [1], "h1": [1], "h2": [0]}
SOME_WRONG = {"s1": [1], "m1": [0, 2], "tf1": [0], "h1": [1], "h2": [1]}


@pytest.fixture
def seeded(store: Store, sample_bank: Bank) -> Seeded:
    ona = store.learner(TRICKY_NAMES[0], email="ona@example.lt")
    taro = store.learner(TRICKY_NAMES[1], username="taro")
    formula = store.learner(TRICKY_NAMES[2], email="-bad@example.org", username="@mallory")
    anonymous = store.learner("Nobody Known")
    attempts = [
        take(store, sample_bank, ona, ALL_RIGHT),
        take(
            store,
            sample_bank,
            ona,
            SOME_WRONG,
            seed=8,
            confidence=Confidence.high,
            marking=Marking(certainty=True),
        ),
        take(store, sample_bank, taro, SOME_WRONG, marking=Marking(negative=True), mode="practice"),
        take(store, sample_bank, formula, {"s1": [0], "h1": [0]}),
        take(store, sample_bank, anonymous, ALL_RIGHT),
    ]
    return Seeded(store, sample_bank, attempts, [ona, taro, formula, anonymous])
