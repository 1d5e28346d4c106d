"""The theme banks cannot be passed by test-wiseness: answer keys are balanced, not guessable.

A learner who knows nothing but has a habit ("false is safer", "it's always the first one", "pick
the longest", "tick the moderate-sounding ones") must not do much better than chance. Each check
prints its figure per bank, so a regression shows how far a bank drifted.

The thresholds allow for small banks: with 10 true/false items, 40-60% true is half give or take
one item. With four options, chance puts the right one first or longest 25% of the time; 1/3 and
40% leave room for a few items where the natural order or wording wins. A multiple-answer item
whose right options all come before every wrong one shows its key to anyone using file order
(exports, Moodle, `--no-shuffle`); with two or three right options in five, chance does that about
one time in ten, so 20% is already generous.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from statistics import mean

import pytest

from quiz.bank import Bank, load_banks
from quiz.kinds.headline import HeadlineQuestion
from quiz.kinds.multiple import MultipleQuestion
from quiz.kinds.single import SingleQuestion
from quiz.kinds.spot import SpotQuestion
from quiz.kinds.true_false import TrueFalseQuestion
from tests.conftest import REPO
from tests.questions import options, right

THEMES = ["disinformation", "democratic_resilience", "sanctions", "ukraine_recovery"]

# Words that make an option sound extreme; test-wise learners rule such options out.
ABSOLUTE = re.compile(
    r"\b(always|never|all|every|only|none|nothing|must|any|entirely|completely|fully|"
    r"automatically|whole|ever|cannot|impossible|guaranteed)\b",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def banks() -> dict[str, Bank]:
    result = load_banks([REPO / "questions"])
    assert result.problems == []
    return {b.id: b for b in result.banks}


def share(flags: list[bool]) -> float:
    return sum(flags) / len(flags)


def true_share(bank: Bank) -> float:
    return share([q.answer for q in bank.questions if isinstance(q, TrueFalseQuestion)])


def reliable_share(bank: Bank) -> float:
    return share([q.is_reliable for q in bank.questions if isinstance(q, HeadlineQuestion)])


def singles(bank: Bank) -> list[SingleQuestion]:
    return [q for q in bank.questions if isinstance(q, SingleQuestion) and q.shuffle]


def multiples(bank: Bank) -> list[MultipleQuestion]:
    return [q for q in bank.questions if isinstance(q, MultipleQuestion) and q.shuffle]


def right_first(bank: Bank) -> float:
    return share([min(right(q)) == 0 for q in singles(bank)])


def busiest_position(bank: Bank) -> float:
    positions = [min(right(q)) for q in singles(bank)]
    return max(positions.count(p) for p in set(positions)) / len(positions)


def right_longest(bank: Bank) -> float:
    def longest(q: SingleQuestion) -> bool:
        lengths = [len(text) for text in options(q)]
        return lengths[min(right(q))] == max(lengths)

    return share([longest(q) for q in singles(bank)])


def rights_before_wrongs(bank: Bank) -> float:
    return share([max(right(q)) < len(right(q)) for q in multiples(bank)])


def right_option_share(bank: Bank) -> float:
    return mean(len(right(q)) / len(options(q)) for q in multiples(bank))


def absolute_gap(bank: Bank) -> float:
    """How much more often wrong options sound extreme than right ones (single and multiple)."""
    rights: list[bool] = []
    wrong: list[bool] = []
    for q in [*singles(bank), *multiples(bank)]:
        for i, text in enumerate(options(q)):
            (rights if i in right(q) else wrong).append(bool(ABSOLUTE.search(text)))
    return share(wrong) - share(rights)


CHECKS: dict[str, tuple[Callable[[Bank], float], float, float]] = {
    "true/false items whose answer is true": (true_share, 0.40, 0.60),
    "headlines that are reliable": (reliable_share, 0.40, 0.60),
    "single items whose right option is listed first": (right_first, 0.0, 1 / 3),
    "single items at the busiest right-option position": (busiest_position, 0.0, 0.40),
    "single items whose right option is the longest": (right_longest, 0.0, 0.40),
    "multiple items listing all right options before any wrong": (rights_before_wrongs, 0.0, 0.20),
    "options that are right, mean per multiple item": (right_option_share, 0.35, 0.60),
    "extreme wording, wrong options minus right options": (absolute_gap, -1.0, 0.12),
}


@pytest.mark.parametrize("check", list(CHECKS))
@pytest.mark.parametrize("bank_id", THEMES)
def test_answer_key_is_not_guessable(banks: dict[str, Bank], bank_id: str, check: str) -> None:
    measure, low, high = CHECKS[check]
    value = measure(banks[bank_id])
    print(f"{bank_id}: {check}: {value:.2f} (allowed {low:.2f} to {high:.2f})")
    assert low <= value <= high, f"{bank_id}: {check} is {value:.2f}, outside {low:.2f}-{high:.2f}"


def spot_positions(questions: list[SpotQuestion]) -> dict[str, float]:
    """Where the manipulative segments of spot items sit, pooled: a habit must not find them."""
    return {
        "first segment manipulative": share([q.segments[0].manipulative for q in questions]),
        "last segment manipulative": share([q.segments[-1].manipulative for q in questions]),
        "segments manipulative, mean per item": mean(
            len(q.manipulative) / len(q.segments) for q in questions
        ),
    }


SPOT_LIMITS = {
    "first segment manipulative": (0.2, 0.8),
    "last segment manipulative": (0.2, 0.8),
    "segments manipulative, mean per item": (0.3, 0.6),
}


def _spots(banks: dict[str, Bank]) -> list[SpotQuestion]:
    return [q for bank_id in THEMES for q in banks[bank_id].questions if isinstance(q, SpotQuestion)]


def test_spot_keys_are_not_guessable(banks: dict[str, Bank]) -> None:
    # "The opening line is never the manipulative one", "mark everything": pooled over the theme
    # banks, since each bank has only a few spot items.
    figures = spot_positions(_spots(banks))
    for name, value in figures.items():
        low, high = SPOT_LIMITS[name]
        print(f"spot items: {name}: {value:.2f} (allowed {low:.2f} to {high:.2f})")
        assert low <= value <= high, f"spot items: {name} is {value:.2f}, outside {low:.2f}-{high:.2f}"


def test_the_spot_check_catches_manipulation_always_in_front(banks: dict[str, Bank]) -> None:
    rigged = []
    for q in _spots(banks):
        ordered = sorted(q.segments, key=lambda s: not s.manipulative)
        rigged.append(q.model_copy(update={"segments": tuple(ordered)}))
    assert spot_positions(rigged)["first segment manipulative"] == 1


def test_the_checks_catch_a_guessable_bank(banks: dict[str, Bank]) -> None:
    # The same questions with every key in its most guessable place must fail the checks.
    bank = banks["sanctions"]
    rigged = []
    for q in bank.questions:
        if isinstance(q, SingleQuestion | MultipleQuestion) and q.shuffle:
            ordered = sorted(q.choices, key=lambda c: not c.correct)
            rigged.append(q.model_copy(update={"choices": tuple(ordered)}))
        elif isinstance(q, TrueFalseQuestion):
            rigged.append(q.model_copy(update={"answer": False}))
        else:
            rigged.append(q)
    guessable = replace(bank, questions=tuple(rigged), by_id={})
    assert true_share(guessable) == 0
    assert right_first(guessable) == 1
    assert rights_before_wrongs(guessable) == 1
