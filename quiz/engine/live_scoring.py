"""Points in live sessions: Kahoot's speed points and answer streak, beside the plain count.

For a question worth P points open for T seconds, answered after t seconds with credit c
(1 for right, a fraction for a partly right ``multiple``, 0 for wrong):

* speed off: ``round(P x c)``;
* speed on: ``round(P x c x (1 - (t/T)/2))``, and the full ``round(P x c)`` under 0.5 s, so a
  right answer earns between P/2 (at the deadline) and P;
* streak: a fully right answer that follows a fully right answer to the previous question
  extends the streak; the bonus is +100 for each right answer in the streak after the first
  (2 in a row: +100, 3: +200, ...), at most +500. A wrong, partly right or missing answer
  ends the streak. The bonus is only ever added to a right answer, so a question is worth at
  most P + 500.

Rounding is half up, not Python's half to even, so that 62.5 shows as 63 as people expect.
The correctness-only count (fully right answers) is kept beside the score whatever the
settings: speed rewards reflexes, and an instructor needs to see knowledge apart from them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FULL_POINTS_UNDER = 0.5
"""Seconds under which an answer earns the full points."""
STREAK_STEP = 100
STREAK_MAX = 500


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def speed_factor(seconds: float, time_limit: float) -> float:
    """The share of the points a right answer after ``seconds`` earns: 1 down to 0.5."""
    if time_limit <= 0:
        raise ValueError("the time limit must be positive")
    if seconds < FULL_POINTS_UNDER:
        return 1.0
    t = min(seconds, time_limit)
    return 1.0 - (t / time_limit) / 2.0


def speed_points(points: float, seconds: float, time_limit: float) -> int:
    """Kahoot's ``round(P x (1 - (t/T)/2))``, full points under 0.5 s."""
    return round_half_up(points * speed_factor(seconds, time_limit))


def streak_bonus(streak: int) -> int:
    """The bonus for a right answer that makes the streak ``streak`` long (this one included)."""
    return min(STREAK_STEP * max(streak - 1, 0), STREAK_MAX)


@dataclass(frozen=True, slots=True)
class LiveOutcome:
    """What one question did to a participant's standing."""

    points: int
    """Points gained, bonus included."""
    bonus: int
    streak: int
    """The streak after this question."""
    correct: bool


def score_live(
    points: float,
    *,
    answered: bool,
    credit: float,
    correct: bool,
    seconds: float,
    time_limit: float,
    streak: int,
    speed: bool,
    streak_bonus_on: bool,
) -> LiveOutcome:
    """Score one question for one participant whose streak before it was ``streak``."""
    if not answered:
        return LiveOutcome(0, 0, 0, False)
    fraction = max(0.0, credit)
    base = points * fraction * (speed_factor(seconds, time_limit) if speed else 1.0)
    gained = round_half_up(base)
    if not correct:
        return LiveOutcome(gained, 0, 0, False)
    new_streak = streak + 1
    bonus = streak_bonus(new_streak) if streak_bonus_on else 0
    return LiveOutcome(gained + bonus, bonus, new_streak, True)


def competition_ranks(keys: list[tuple[int, int]]) -> list[int]:
    """Ranks for (score, correct) pairs, best first; ties share a rank ("1224" ranking)."""
    order = sorted(range(len(keys)), key=lambda i: (-keys[i][0], -keys[i][1]))
    ranks = [0] * len(keys)
    previous: tuple[int, int] | None = None
    rank = 0
    for place, index in enumerate(order, start=1):
        if keys[index] != previous:
            rank, previous = place, keys[index]
        ranks[index] = rank
    return ranks
