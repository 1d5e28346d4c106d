"""Turning answers into points.

The rules, all per question of ``points`` P:

* a response earns its *credit* times P; each kind says what its credit is
  (``quiz.kinds``: all or nothing for one choice, Moodle's partial credit for several,
  per-choice credit where a bank gives it, the share of right neighbours or pairs for ordering
  and matching). With negative marking a wrong answer may cost, as its kind says.
* certainty-based marking: the learner's confidence low/mid/high earns +1/+2/+3 x P when right
  and costs 0/-2/-6 x P when wrong; a partly right answer earns the blend of the two in
  proportion to its credit. The maximum is then 3 x P. No confidence counts as low.

An unanswered question scores 0 and is never "wrong" under negative or certainty marking.

Per topic and per difficulty the figure shown is *accuracy*: the share of the questions'
weight answered right, partial credit counted, with no bonus or penalty from certainty-based
or negative marking (those can take a topic to -200%, which says nothing about the topic).
The attempt's own score keeps its marking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from quiz.bank import AnyQuestion, Bank
from quiz.engine.attempt import Answer, Confidence
from quiz.engine.plan import AttemptPlan, Marking
from quiz.i18n import N_, _
from quiz.kinds.kind import Response
from quiz.kinds.registry import kind_of

CBM_RIGHT = {Confidence.low: 1.0, Confidence.mid: 2.0, Confidence.high: 3.0}
CBM_WRONG = {Confidence.low: 0.0, Confidence.mid: -2.0, Confidence.high: -6.0}
CONFIDENCE_WORDS = {Confidence.low: N_("low"), Confidence.mid: N_("mid"), Confidence.high: N_("high")}
"""The one name of each confidence level, on the question, in plain mode and in the results."""
NO_TOPIC = N_("(no topic)")
"""The part a question with no topic counts in (a msgid: ``topic_name`` shows it)."""


def topic_name(topic: str, names: Mapping[str, str] | None = None) -> str:
    """A topic as shown: in ``names`` (``Bank.topic_names``: its translation's words), else the
    bank's own, or "(no topic)" in the interface language."""
    return _(topic) if topic == NO_TOPIC else (names or {}).get(topic, topic)


def points_text(value: float) -> str:
    """Points for people: at most two decimals and no trailing zeros (``1.17``, ``4.5``, ``3``)."""
    from quiz.i18n.numbers import decimal

    return decimal(round(value, 2) + 0.0, 2)  # 4.5, or 4,5 in Lithuanian


def credit(question: AnyQuestion, response: Response, negative: bool = False) -> float:
    """The fraction of the question earned by ``response``: 1 is fully right."""
    if not response:
        return 0.0
    return kind_of(question).credit(question, response, negative)


@dataclass(frozen=True)
class QuestionScore:
    question_id: str
    points: float
    max_points: float
    credit: float
    answered: bool
    weight: float = 1.0
    """The question's points: what accuracy is weighed by, whatever the marking."""

    @property
    def correct(self) -> bool:
        return self.answered and self.credit >= 1.0 - 1e-9


def score_answer(question: AnyQuestion, answer: Answer | None, marking: Marking) -> QuestionScore:
    weight = question.points
    max_points = weight * (CBM_RIGHT[Confidence.high] if marking.certainty else 1.0)
    if answer is None or not answer.response:
        return QuestionScore(question.id, 0.0, max_points, 0.0, answered=False, weight=weight)
    if marking.certainty:
        fraction = credit(question, answer.response, negative=False)
        level = answer.confidence or Confidence.low
        points = weight * (fraction * CBM_RIGHT[level] + (1 - fraction) * CBM_WRONG[level])
    else:
        fraction = credit(question, answer.response, negative=marking.negative)
        points = weight * fraction
    return QuestionScore(question.id, round(points, 6), max_points, fraction, answered=True, weight=weight)


@dataclass(frozen=True)
class Breakdown:
    points: float = 0.0
    max_points: float = 0.0
    questions: int = 0
    correct: int = 0
    earned: float = 0.0
    """Weight answered right (credit x points, a negative credit counting as 0)."""
    weight: float = 0.0

    @property
    def percent(self) -> float:
        """Points as a share of the maximum, in the attempt's marking."""
        return 100.0 * self.points / self.max_points if self.max_points else 0.0

    @property
    def accuracy(self) -> float:
        """How much was answered right, 0 to 100, whatever the marking: what bars show."""
        return 100.0 * self.earned / self.weight if self.weight else 0.0

    def __add__(self, other: Breakdown) -> Breakdown:
        """Two parts pooled: a topic over several attempts."""
        return Breakdown(
            self.points + other.points,
            self.max_points + other.max_points,
            self.questions + other.questions,
            self.correct + other.correct,
            self.earned + other.earned,
            self.weight + other.weight,
        )

    def add(self, score: QuestionScore) -> Breakdown:
        return Breakdown(
            self.points + score.points,
            self.max_points + score.max_points,
            self.questions + 1,
            self.correct + score.correct,
            self.earned + max(0.0, score.credit) * score.weight,
            self.weight + score.weight,
        )


@dataclass(frozen=True)
class AttemptScore:
    points: float
    max_points: float
    pass_mark: float | None
    """None for a measurement that is not pass/fail (a discernment check)."""
    questions: list[QuestionScore]
    by_topic: dict[str, Breakdown] = field(default_factory=dict)
    by_difficulty: dict[str, Breakdown] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0

    @property
    def passed(self) -> bool | None:
        if self.pass_mark is None:
            return None
        return self.percent >= self.pass_mark - 1e-9

    @property
    def correct_count(self) -> int:
        return sum(s.correct for s in self.questions)

    @property
    def answered_count(self) -> int:
        return sum(s.answered for s in self.questions)

    @property
    def missed(self) -> list[str]:
        """Questions not fully right, in the order they were asked."""
        return [s.question_id for s in self.questions if not s.correct]


def score_attempt(
    bank: Bank, plan: AttemptPlan, answers: Mapping[str, Answer], *, graded: bool = True
) -> AttemptScore:
    """Score every planned question; ``graded=False`` for a measurement with no pass mark.

    How long the attempt took is not a sum of answer times (that leaves out reading, skipping
    and waiting): it is ``quiz.engine.timing.duration_seconds`` of the stored attempt.
    """
    scores: list[QuestionScore] = []
    by_topic: dict[str, Breakdown] = {}
    by_difficulty: dict[str, Breakdown] = {}
    for qid in plan.question_ids:
        question = bank.by_id[qid]
        answer = answers.get(qid)
        score = score_answer(question, answer, plan.marking)
        scores.append(score)
        for topic in question.topics or (NO_TOPIC,):
            by_topic[topic] = by_topic.get(topic, Breakdown()).add(score)
        level = question.difficulty.value
        by_difficulty[level] = by_difficulty.get(level, Breakdown()).add(score)
    return AttemptScore(
        points=round(sum(s.points for s in scores), 6),
        max_points=sum(s.max_points for s in scores),
        pass_mark=plan.pass_mark if graded else None,
        questions=scores,
        by_topic=by_topic,
        by_difficulty={k: by_difficulty[k] for k in ("easy", "medium", "hard") if k in by_difficulty},
    )
