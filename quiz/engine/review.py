"""Spaced review of questions with FSRS: a missed question comes back soon, a known one later.

Each (learner, bank, question) has an FSRS card. A wrong answer rates it Again, a right one
Good. Learning steps of minutes suit flashcards drilled in one sitting; a quiz is taken in
sittings days apart, so cards go straight to day-sized intervals (a miss is due the next day).
"""

from __future__ import annotations

from datetime import datetime
from functools import cache

import fsrs


@cache
def _scheduler() -> fsrs.Scheduler:
    return fsrs.Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def schedule(card_json: str | None, correct: bool, when: datetime) -> tuple[str, datetime]:
    """The card after this answer, and when it is next due."""
    card = fsrs.Card.from_json(card_json) if card_json else fsrs.Card()
    rating = fsrs.Rating.Good if correct else fsrs.Rating.Again
    card, _log = _scheduler().review_card(card, rating, when)
    due: datetime = card.due
    return card.to_json(), due
