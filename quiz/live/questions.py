"""A session's questions as every learner sees them: shown order, points, the frames.

One plan serves the whole room, so option order is the same for everyone and ``choices``,
``correct`` and ``distribution`` in the protocol index the options as shown. This is the
only place that translates between shown positions and the bank's option indices.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quiz.bank import AnyQuestion, Bank
from quiz.engine import Answer, AttemptPlan, score_answer
from quiz.engine.live_scoring import round_half_up
from quiz.kinds.kind import BY_PARTS, Kind, Response
from quiz.kinds.registry import kind_of
from quiz.live import protocol as p


@dataclass(eq=False, slots=True)
class Given:
    """One answer as the session keeps it."""

    answer: Answer
    choices: list[int]
    """Shown positions, as the question's form reads them."""
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

    def kind(self, position: int) -> Kind[Any]:
        return kind_of(self.question(position))

    def order(self, position: int) -> tuple[int, ...]:
        return self.plan.items[position].order

    def shown_correct(self, position: int) -> list[int]:
        question = self.question(position)
        kind = kind_of(question)
        return list(kind.to_shown(question, self.order(position), kind.correct_response(question)))

    def by_parts(self, position: int) -> bool:
        """Whether the reveal counts right parts instead of the choices (``BY_PARTS``)."""
        return self.kind(position).form in BY_PARTS

    def part_labels(self, position: int, language: str | None = None) -> list[str]:
        question = self.question(position, language)
        return list(kind_of(question).part_labels(question))

    def parts_right(self, position: int, response: Response) -> list[bool]:
        question = self.question(position)
        return [part.right for part in kind_of(question).parts(question, response)]

    def shown_options(self, position: int, language: str | None = None) -> list[str]:
        return self.message(position, language).options

    def _message(self, position: int, language: str | None = None) -> p.QuestionMessage:
        question = self.question(position, language)
        kind = kind_of(question)
        shown = kind.shown(question, self.order(position))
        return p.QuestionMessage(
            position=position,
            total=len(self.plan),
            kind=kind.name,
            form=shown.form,
            prompt=question.prompt,
            options=list(shown.options),
            prompts=list(shown.prompts),
            points=self.points(position),
            time_limit=self.settings.time_limit,
            remaining=self.settings.time_limit,
        )

    def check(self, position: int, shown: list[int]) -> Response:
        """The response in bank terms for shown ``choices``; ``InvalidResponseError`` (in the
        numbers the learner saw) if they do not fit."""
        question = self.question(position)
        return kind_of(question).from_shown(question, self.order(position), shown)

    def shown(self, position: int, response: Response) -> list[int]:
        """A response in bank terms as the shown positions the wire carries."""
        question = self.question(position)
        return list(kind_of(question).to_shown(question, self.order(position), response))

    def given(self, position: int, answer: Answer) -> Given:
        """An answer (as stored: bank terms) as the session keeps it: shown choices, credit."""
        score = score_answer(self.question(position), answer, self.plan.marking)
        return Given(answer, self.shown(position, answer.response), score.credit, score.correct)
