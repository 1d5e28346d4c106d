"""Calibration in confidence mode: does a learner's certainty match how often they are right?

Knowing when you do not know is half of resisting manipulation. Each confidence level stands
for a probability of being right: the middle of the band where that level is the best bet
under certainty-based marking (Gardner-Medwin: low below 67%, mid 67-80%, high above 80%),
taken as 50%, 75% and 90%. An answer counts as right only when fully right.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from quiz.bank import Bank
from quiz.engine.attempt import Answer, Confidence
from quiz.engine.plan import AttemptPlan
from quiz.engine.scoring import credit

CONFIDENCE_PROBABILITY: Mapping[Confidence, float] = {
    Confidence.low: 0.5,
    Confidence.mid: 0.75,
    Confidence.high: 0.9,
}

WELL_CALIBRATED = 0.1
"""|mean confidence - accuracy| up to which a learner counts as well calibrated."""


@dataclass(frozen=True)
class LevelAccuracy:
    level: Confidence
    answers: int
    correct: int

    @property
    def probability(self) -> float:
        return CONFIDENCE_PROBABILITY[self.level]

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class Calibration:
    levels: tuple[LevelAccuracy, ...]
    """One entry per confidence level, low to high, including levels never used."""
    brier: float
    """Mean squared gap between the stated probability and the outcome (0 best, 1 worst)."""
    unrated: int = 0
    """Answers given without a confidence, left out of every figure."""

    @property
    def answers(self) -> int:
        return sum(level.answers for level in self.levels)

    @property
    def accuracy(self) -> float:
        return sum(level.correct for level in self.levels) / self.answers

    @property
    def mean_confidence(self) -> float:
        return sum(level.probability * level.answers for level in self.levels) / self.answers

    @property
    def overconfidence(self) -> float:
        """Mean confidence minus accuracy: above 0 overconfident, below 0 underconfident."""
        return self.mean_confidence - self.accuracy


def calibration(judged: Iterable[tuple[Confidence | None, bool]]) -> Calibration | None:
    """Calibration of ``(confidence or None, was right)`` pairs; None if no pair has a confidence."""
    answers = dict.fromkeys(Confidence, 0)
    correct = dict.fromkeys(Confidence, 0)
    unrated = 0
    squared = 0.0
    for confidence, right in judged:
        if confidence is None:
            unrated += 1
            continue
        level = Confidence(confidence)
        answers[level] += 1
        correct[level] += right
        squared += (CONFIDENCE_PROBABILITY[level] - right) ** 2
    total = sum(answers.values())
    if not total:
        return None
    levels = tuple(LevelAccuracy(level, answers[level], correct[level]) for level in Confidence)
    return Calibration(levels, squared / total, unrated)


def calibration_of(bank: Bank, plan: AttemptPlan, answers: Mapping[str, Answer]) -> Calibration | None:
    """The attempt's calibration over its answered questions; None when no confidence was given."""
    pairs = []
    for qid in plan.question_ids:
        answer = answers.get(qid)
        question = bank.by_id.get(qid)
        if answer is None or question is None or not answer.response:
            continue
        pairs.append((answer.confidence, credit(question, answer.response) >= 1.0 - 1e-9))
    return calibration(pairs)
