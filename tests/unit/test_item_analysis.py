"""Item analysis: checked against the textbook formulas, written out independently here with
the standard library's ``statistics``, on a cohort of 40 attempts; and on degenerate cohorts."""

from __future__ import annotations

import math
import random
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.engine.item_analysis import (
    NOT_ENOUGH_SPREAD,
    ItemFlag,
    NoAttemptsError,
    analyse_items,
)

MAX_MARKS = {"q1": 1.0, "q2": 1.0, "q3": 2.0, "q4": 1.0, "q5": 1.0, "q6": 1.0, "q7": 1.0, "q8": 1.0}


def cohort(n: int = 40, seed: int = 11) -> list[dict[str, float]]:
    """Marks from a logistic model, with partial credit on q3 (worth 2) and a reversed q8."""
    rng = random.Random(seed)
    difficulty = dict(zip(MAX_MARKS, (-1.5, -0.5, 0.0, 0.3, 0.8, 1.2, -2.5, 0.0), strict=True))
    attempts = []
    for _ in range(n):
        ability = rng.gauss(0, 1)
        marks = {}
        for item, max_mark in MAX_MARKS.items():
            sign = -1 if item == "q8" else 1  # weak learners do better on q8: a faulty item
            p = 1 / (1 + math.exp(-(sign * ability - difficulty[item])))
            if item == "q3":
                marks[item] = max_mark * rng.choice([0.0, 0.5, 1.0] if rng.random() < p else [0.0, 0.5])
            else:
                marks[item] = max_mark * (rng.random() < p)
        attempts.append(marks)
    return attempts


def test_item_statistics_match_textbook_formulas() -> None:
    attempts = cohort()
    assert len(attempts) >= 30
    result = analyse_items(attempts, MAX_MARKS)
    totals = [sum(a.values()) for a in attempts]
    covariances_with_total = {}
    for item, max_mark in MAX_MARKS.items():
        x = [a[item] for a in attempts]
        rest = [t - xi for t, xi in zip(totals, x, strict=True)]
        stats = result.item(item)
        assert stats.attempts == 40
        assert stats.facility == pytest.approx(statistics.mean(x) / max_mark, abs=5e-5)
        assert stats.sd == pytest.approx(statistics.stdev(x), abs=5e-5)
        # Discrimination index: Pearson correlation of the item with the rest of the test.
        assert stats.discrimination_index == pytest.approx(100 * statistics.correlation(x, rest), abs=5e-5)
        # Discriminative efficiency: that covariance over the largest one the two mark sets allow.
        best = statistics.covariance(sorted(x), sorted(rest))
        assert stats.discriminative_efficiency == pytest.approx(
            100 * statistics.covariance(x, rest) / best, abs=5e-5
        )
        covariances_with_total[item] = statistics.covariance(x, totals)
    roots = {k: math.sqrt(v) for k, v in covariances_with_total.items() if v >= 0}
    for item in MAX_MARKS:
        expected = 100 * roots[item] / sum(roots.values()) if item in roots else None
        assert result.item(item).effective_weight == pytest.approx(expected, abs=5e-5)

    # Cronbach's alpha: k/(k-1) (1 - sum of item variances / variance of totals).
    k = len(MAX_MARKS)
    item_variances = sum(statistics.variance([a[i] for a in attempts]) for i in MAX_MARKS)
    alpha = k / (k - 1) * (1 - item_variances / statistics.variance(totals))
    quiz = result.quiz
    assert quiz.attempts == 40
    assert quiz.items == k
    assert quiz.common_items
    assert quiz.alpha == pytest.approx(100 * alpha, abs=5e-5)
    assert quiz.error_ratio == pytest.approx(100 * math.sqrt(1 - alpha), abs=5e-5)
    assert quiz.standard_error == pytest.approx(statistics.stdev(totals) * math.sqrt(1 - alpha), abs=5e-5)
    assert quiz.mean == pytest.approx(statistics.mean(totals), abs=5e-5)
    assert quiz.median == statistics.median(totals)
    assert quiz.sd == pytest.approx(statistics.stdev(totals), abs=5e-5)

    # The reversed item is caught; the easy and hard flags follow the facility.
    assert ItemFlag.negative in result.item("q8").flags
    for item in result.items:
        assert item.facility is not None
        assert (ItemFlag.too_easy in item.flags) == (item.facility >= 0.9)
        assert (ItemFlag.too_hard in item.flags) == (item.facility <= 0.2)


def test_flags_for_too_easy_too_hard_and_negative() -> None:
    # 30 attempts: "easy" right in 28 (93%), "hard" right in 3 (10%, by the weakest), "mid" tracks ability.
    attempts = []
    for n in range(30):
        strong = n >= 15
        attempts.append(
            {
                "easy": 1.0 if n >= 2 else 0.0,
                "hard": 1.0 if n < 3 else 0.0,
                "mid": 1.0 if strong else 0.0,
                "mid2": 1.0 if n % 3 or strong else 0.0,
            }
        )
    result = analyse_items(attempts, dict.fromkeys(("easy", "hard", "mid", "mid2"), 1.0))
    assert ItemFlag.too_easy in result.item("easy").flags
    assert ItemFlag.too_hard in result.item("hard").flags
    assert ItemFlag.negative in result.item("hard").flags
    assert result.item("mid").flags == ()
    assert result.item("hard").facility == pytest.approx(0.1)


def test_identical_attempts_have_not_enough_spread() -> None:
    attempts = [{"a": 1.0, "b": 0.0, "c": 0.5} for _ in range(30)]
    result = analyse_items(attempts, {"a": 1.0, "b": 1.0, "c": 1.0})
    for item in result.items:
        assert item.sd == 0
        assert item.discrimination_index is None
        assert item.discriminative_efficiency is None
        assert ItemFlag.no_spread in item.flags
    assert result.item("a").facility == 1.0
    assert result.item("c").facility == 0.5
    assert result.quiz.sd == 0
    assert result.quiz.alpha is None
    assert result.quiz.error_ratio is None
    assert result.quiz.standard_error is None
    assert result.quiz.why_no_alpha == NOT_ENOUGH_SPREAD
    assert str(ItemFlag.no_spread) == "not enough spread"


def test_an_item_everyone_gets_right_among_others() -> None:
    attempts = [a | {"always": 1.0} for a in cohort(35)]
    result = analyse_items(attempts, MAX_MARKS | {"always": 1.0})
    always = result.item("always")
    assert always.discrimination_index is None
    assert set(always.flags) == {ItemFlag.too_easy, ItemFlag.no_spread}
    assert result.item("q1").discrimination_index is not None
    assert result.quiz.alpha is not None


def test_one_attempt_has_no_spread() -> None:
    result = analyse_items([{"a": 1.0, "b": 0.0}], {"a": 1.0, "b": 1.0})
    assert result.item("a").facility == 1.0
    assert result.item("a").sd is None
    assert ItemFlag.no_spread in result.item("a").flags
    assert result.quiz.sd is None
    assert result.quiz.skewness is None
    assert result.quiz.alpha is None


def test_no_attempts_is_an_error() -> None:
    with pytest.raises(NoAttemptsError, match="no attempts"):
        analyse_items([], {"a": 1.0})


def test_attempts_on_different_questions() -> None:
    # Random draws from a bank: each item is analysed over the attempts that had it, but alpha,
    # which assumes one common test, is not given.
    rng = random.Random(5)
    attempts = [
        {i: float(rng.random() < 0.6) for i in rng.sample(["a", "b", "c", "d"], 3)} for _ in range(40)
    ]
    result = analyse_items(attempts, {"a": 1.0, "b": 1.0, "c": 1.0, "d": 1.0, "never": 1.0})
    assert sum(item.attempts for item in result.items) == 120
    assert result.item("never").attempts == 0
    assert result.item("never").flags == ()
    assert result.quiz.items == 4
    assert not result.quiz.common_items
    assert result.quiz.alpha is None
    assert result.quiz.why_no_alpha == "attempts saw different questions"


def test_single_item_test_has_no_alpha() -> None:
    result = analyse_items([{"a": float(n % 2)} for n in range(30)], {"a": 1.0})
    assert result.quiz.alpha is None
    assert result.quiz.why_no_alpha == "needs two items or more"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=4, max_size=4),
        min_size=2,
        max_size=40,
    )
)
def test_figures_stay_in_range(rows: list[list[float]]) -> None:
    attempts = [dict(zip("abcd", row, strict=True)) for row in rows]
    result = analyse_items(attempts, dict.fromkeys("abcd", 1.0))
    for item in result.items:
        assert item.facility is not None
        assert 0.0 <= item.facility <= 1.0
        if item.discrimination_index is not None:
            assert -100 - 1e-9 <= item.discrimination_index <= 100 + 1e-9
            assert item.discriminative_efficiency is not None
            assert abs(item.discrimination_index) <= abs(item.discriminative_efficiency) + 1e-9
        else:
            assert ItemFlag.no_spread in item.flags
    if result.quiz.alpha is not None:
        assert result.quiz.alpha <= 100 + 1e-9
