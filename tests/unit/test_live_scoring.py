"""Live-session points: Kahoot's speed formula, the streak bonus and the ranking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.engine.live_scoring import (
    competition_ranks,
    round_half_up,
    score_live,
    speed_points,
    streak_bonus,
)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0.0, 1000),
        (0.49, 1000),  # under 0.5 s: full points
        (0.5, 988),  # 1000 * (1 - 0.025/2) = 987.5, rounded half up
        (5.0, 875),
        (10.0, 750),
        (19.99, 500),  # 500.25
        (20.0, 500),
        (25.0, 500),  # a late clock reading never goes under P/2
    ],
)
def test_speed_points_follow_kahoot(seconds: float, expected: int) -> None:
    assert speed_points(1000, seconds, 20.0) == expected


def test_rounding_is_half_up() -> None:
    assert round_half_up(62.5) == 63
    assert round_half_up(987.5) == 988
    assert round_half_up(0.49) == 0


def test_streak_bonus_grows_by_100_to_500() -> None:
    assert [streak_bonus(n) for n in range(0, 9)] == [0, 0, 100, 200, 300, 400, 500, 500, 500]


def test_a_run_of_answers() -> None:
    streak = 0
    gained = []
    # right, right, right, wrong, right, unanswered, right: streaks 1, 2, 3, 0, 1, 0, 1
    for answered, correct in [(1, 1), (1, 1), (1, 1), (1, 0), (1, 1), (0, 0), (1, 1)]:
        outcome = score_live(
            1000,
            answered=bool(answered),
            credit=float(correct),
            correct=bool(correct),
            seconds=10.0,
            time_limit=20.0,
            streak=streak,
            speed=True,
            streak_bonus_on=True,
        )
        streak = outcome.streak
        gained.append((outcome.points, outcome.bonus, outcome.streak))
    assert gained == [
        (750, 0, 1),
        (850, 100, 2),
        (950, 200, 3),
        (0, 0, 0),
        (750, 0, 1),
        (0, 0, 0),
        (750, 0, 1),
    ]


def test_partial_credit_scales_points_and_breaks_the_streak() -> None:
    outcome = score_live(
        1000,
        answered=True,
        credit=0.5,
        correct=False,
        seconds=0.1,
        time_limit=20,
        streak=4,
        speed=True,
        streak_bonus_on=True,
    )
    assert (outcome.points, outcome.bonus, outcome.streak, outcome.correct) == (500, 0, 0, False)


def test_without_speed_or_streak_a_right_answer_is_worth_p() -> None:
    outcome = score_live(
        1000,
        answered=True,
        credit=1.0,
        correct=True,
        seconds=19.0,
        time_limit=20,
        streak=7,
        speed=False,
        streak_bonus_on=False,
    )
    assert (outcome.points, outcome.bonus, outcome.streak) == (1000, 0, 8)


def test_time_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        speed_points(1000, 1.0, 0.0)


@given(
    points=st.integers(min_value=1, max_value=5000),
    seconds=st.floats(min_value=0, max_value=600, allow_nan=False),
    limit=st.floats(min_value=1, max_value=300, allow_nan=False),
    credit=st.floats(min_value=0, max_value=1),
    streak=st.integers(min_value=0, max_value=50),
    speed=st.booleans(),
    bonus_on=st.booleans(),
)
def test_never_more_than_p_plus_500_nor_less_than_zero(
    points: int, seconds: float, limit: float, credit: float, streak: int, speed: bool, bonus_on: bool
) -> None:
    correct = credit == 1.0
    outcome = score_live(
        points,
        answered=True,
        credit=credit,
        correct=correct,
        seconds=seconds,
        time_limit=limit,
        streak=streak,
        speed=speed,
        streak_bonus_on=bonus_on,
    )
    assert 0 <= outcome.points <= points + 500
    assert outcome.bonus <= 500
    if correct:
        # A right answer is worth at least half of P, whatever the time taken.
        assert outcome.points >= round_half_up(points / 2)


@given(
    points=st.integers(min_value=1, max_value=5000),
    early=st.floats(min_value=0, max_value=0.4999),
    limit=st.floats(min_value=1, max_value=300),
)
def test_full_points_under_half_a_second(points: int, early: float, limit: float) -> None:
    assert speed_points(points, early, limit) == points


@given(
    limit=st.floats(min_value=1, max_value=300),
    a=st.floats(min_value=0, max_value=300),
    b=st.floats(min_value=0, max_value=300),
)
def test_faster_never_earns_less(limit: float, a: float, b: float) -> None:
    fast, slow = sorted((a, b))
    assert speed_points(1000, fast, limit) >= speed_points(1000, slow, limit)


def test_ties_share_a_rank() -> None:
    keys = [(1500, 2), (2000, 2), (1500, 2), (1500, 1), (0, 0)]
    assert competition_ranks(keys) == [2, 1, 2, 4, 5]
    assert competition_ranks([]) == []
