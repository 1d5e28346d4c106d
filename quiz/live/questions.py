"""A session's questions as every learner sees them: shown order, points, the frames.

One plan serves the whole room, so option order is the same for everyone and ``choices``,
``correct`` and ``distribution`` in the protocol index the options as shown. This is the
only place that translates between shown positions and the bank's option indices.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.bank import AnyQuestion, Bank, MultipleQuestion
from quiz.bank.models import QuestionType
from quiz.engine import Answer, AttemptPlan, InvalidResponseError, check_response, score_answer
from quiz.engine.live_scoring import round_half_up
from quiz.live import protocol as p


@dataclass(eq=False, slots=True)
class Given:
    """One answer as the session keeps it."""

    answer: Answer
    choices: list[int]
    """Shown positions."""
    credit: float
    correct: bool


class Paper:
    """The plan of a session on its bank, with everything derived from it computed once."""

    def __init__(self, bank: Bank, plan: AttemptPlan, settings: p.Settings) -> None:
        self.bank = bank
        self.plan = plan
        self.settings = settings
        self.messages = [self._message(i) for i in range(len(plan))]
        """The ``question`` frame of each position, as it is sent when the question opens."""
        self._translated: dict[str, list[p.QuestionMessage]] = {}

    def __len__(self) -> int:
        return len(self.plan)

    def language(self, wanted: str | None) -> str:
        """The language a learner of ``wanted`` reads the session in: the bank's translation
        into it, or the bank's own."""
        return self.bank.in_language(wanted).info.language

    def question(self, position: int, language: str | None = None) -> AnyQuestion:
        """The question at ``position``, in ``language`` where the bank has it (scores the same)."""
        return self.bank.in_language(language).by_id[self.plan.items[position].question_id]

    def message(self, position: int, language: str | None = None) -> p.QuestionMessage:
        """The ``question`` frame for learners of ``language``."""
        tag = self.language(language)
        if tag == self.bank.info.language:
            return self.messages[position]
        if tag not in self._translated:
            self._translated[tag] = [self._message(i, tag) for i in range(len(self.plan))]
        return self._translated[tag][position]

    def points(self, position: int) -> int:
        return round_half_up(self.settings.points * self.question(position).points)

    def shown_correct(self, position: int) -> list[int]:
        order = self.plan.items[position].order
        correct = self.question(position).correct
        return [shown for shown, index in enumerate(order) if index in correct]

    def shown_options(self, position: int, language: str | None = None) -> list[str]:
        return self.message(position, language).options

    def _message(self, position: int, language: str | None = None) -> p.QuestionMessage:
        question = self.question(position, language)
        order = self.plan.items[position].order
        return p.QuestionMessage(
            position=position,
            total=len(self.plan),
            kind=QuestionType(question.type),
            prompt=question.prompt,
            options=[question.options[i] for i in order],
            multiple=isinstance(question, MultipleQuestion),
            points=self.points(position),
            time_limit=self.settings.time_limit,
            remaining=self.settings.time_limit,
        )

    def check(self, position: int, shown: list[int]) -> frozenset[int]:
        """The bank's option indices for shown ``choices``; ``InvalidResponseError`` if they do not fit."""
        order = self.plan.items[position].order
        if any(not 0 <= c < len(order) for c in shown):
            raise InvalidResponseError(f"choose options from 0 to {len(order) - 1}")
        return check_response(self.question(position), (order[c] for c in shown))

    def given(self, position: int, answer: Answer) -> Given:
        """An answer (as stored: bank indices) as the session keeps it: shown choices, credit."""
        order = self.plan.items[position].order
        score = score_answer(self.question(position), answer, self.plan.marking)
        return Given(answer, sorted(order.index(i) for i in answer.response), score.credit, score.correct)
