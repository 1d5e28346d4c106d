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
from quiz.engine.discernment import Measure
from quiz.engine.plan import AttemptPlan
from quiz.engine.scoring import CONFIDENCE_WORDS, credit
from quiz.i18n import _, ngettext, npgettext
from quiz.i18n.numbers import decimal, percent, signed, with_unit

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

    @property
    def summary(self) -> str:
        gap = self.overconfidence
        if abs(gap) <= WELL_CALIBRATED:
            return _("Well calibrated: your confidence matched how often you were right.")
        points = round(100 * abs(gap))
        if gap > 0:
            return with_unit(
                ngettext(
                    "Overconfident: you were {n} point less often right than you felt.",
                    "Overconfident: you were {n} points less often right than you felt.",
                    points,
                ),
                n=points,
            )
        return with_unit(
            ngettext(
                "Underconfident: you were {n} point more often right than you felt.",
                "Underconfident: you were {n} points more often right than you felt.",
                points,
            ),
            n=points,
        )

    def measures(self) -> list[Measure]:
        """The figures with a one-sentence meaning each, for a results screen."""
        rows = [
            Measure(
                f"accuracy_{level.level.name}",
                _("Right at {level} confidence").format(level=_(CONFIDENCE_WORDS[level.level])),
                level.accuracy,
                _("not used")
                if level.accuracy is None
                else _("{percent} of {n}").format(percent=percent(100 * level.accuracy), n=level.answers),
                _(
                    "How often you were right when you said your confidence was {level} "
                    "(about {percent} would be calibrated)."
                ).format(level=_(CONFIDENCE_WORDS[level.level]), percent=percent(100 * level.probability)),
            )
            for level in self.levels
        ]
        gap = self.overconfidence
        points = round(100 * gap)
        return [
            *rows,
            Measure(
                "brier",
                _("Brier score"),
                self.brier,
                decimal(self.brier, 3),
                _(
                    "The average squared gap between your confidence and the outcome: 0 is perfect, "
                    "{quarter} is what always saying {half} would score."
                ).format(quarter=decimal(0.25, 2), half=percent(50)),
            ),
            Measure(
                "overconfidence",
                _("Over/under-confidence"),
                gap,
                with_unit(
                    # TRANSLATORS: percentage points, a difference of two percentages ("+12 points").
                    npgettext("percentage points", "{n} point", "{n} points", abs(points)),
                    n=signed(points, 0),
                ),
                _(
                    "Your mean confidence minus your share of right answers: above 0 you felt surer than "
                    "you were, below 0 less sure."
                ),
            ),
        ]


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
