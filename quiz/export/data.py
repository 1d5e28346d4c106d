"""What every export reads: attempts with their bank, and their answers streamed as tuples.

Exports run on 100,000s of answers, so answers stay plain tuples (``AnswerTuple``) from SQLite
to the writer; only per-attempt and per-question work (which repeats little) builds objects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import NamedTuple

from quiz.bank import AnyQuestion, Bank, MultipleQuestion
from quiz.engine import Answer, AttemptScore, Confidence, score_attempt
from quiz.store import AttemptRow, Store

Progress = Callable[[int], None]
"""Called with the number of attempts just written, so a caller can advance a progress bar."""


class AnswerTuple(NamedTuple):
    """One row of ``Store.EXPORT_ANSWER_COLUMNS``, in that order."""

    attempt_id: int
    position: int
    question_id: str
    response: str
    confidence: int | None
    seconds: float
    credit: float
    points: float
    max_points: float
    correct: int
    answered_at: str


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class ExportAttempt:
    """One stored attempt with the bank it was taken on (``None`` when that bank is gone)."""

    row: AttemptRow
    bank: Bank | None
    answers: list[AnswerTuple] = field(default_factory=list)

    @property
    def duration_seconds(self) -> float | None:
        if not self.row.finished_at:
            return None
        return (parse_time(self.row.finished_at) - parse_time(self.row.started_at)).total_seconds()

    def question(self, question_id: str) -> AnyQuestion | None:
        return self.bank.by_id.get(question_id) if self.bank else None

    def score(self) -> AttemptScore | None:
        """The attempt re-scored from its answers: gives the per-topic breakdown the store lacks."""
        if not self.bank_complete:
            return None
        assert self.bank is not None
        return score_attempt(self.bank, self.row.plan, self.answer_map())

    @property
    def bank_complete(self) -> bool:
        """Whether the installed bank still has every question of this attempt."""
        return self.bank is not None and all(q in self.bank.by_id for q in self.row.plan.question_ids)

    def answer_map(self) -> dict[str, Answer]:
        return {
            a.question_id: Answer(
                question_id=a.question_id,
                response=frozenset(json.loads(a.response)),
                seconds=a.seconds,
                confidence=Confidence(a.confidence) if a.confidence else None,
            )
            for a in self.answers
        }

    @property
    def title(self) -> str:
        return self.bank.info.title if self.bank else self.row.bank_id


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value)


def iter_attempts(
    store: Store,
    attempt_ids: Iterable[int],
    banks: Mapping[str, Bank],
    *,
    with_answers: bool = True,
) -> Iterator[ExportAttempt]:
    """Attempts in id order, each with its answers (one streamed query for all of them)."""
    ids = sorted(set(attempt_ids))
    rows = {row.id: row for row in store.attempts_by_id(ids)}
    if not with_answers:
        for aid in ids:
            if aid in rows:
                yield ExportAttempt(rows[aid], banks.get(rows[aid].bank_id))
        return
    stream = groupby(store.iter_answer_tuples(ids), key=lambda t: t[0])
    pending = next(stream, None)
    for aid in ids:
        row = rows.get(aid)
        answers: list[AnswerTuple] = []
        if pending is not None and pending[0] == aid:
            answers = [AnswerTuple._make(t) for t in pending[1]]
            pending = next(stream, None)
        if row is not None:
            yield ExportAttempt(row, banks.get(row.bank_id), answers)


def response_indices(response_json: str) -> list[int]:
    return list(json.loads(response_json))


def option_label(question: AnyQuestion | None, index: int) -> str:
    """How a response option is named in exports: a letter for choices, the word for the rest."""
    if question is None or isinstance(question, MultipleQuestion) or question.type == "single":
        return LETTERS[index] if index < len(LETTERS) else str(index + 1)
    return question.options[index]


def describe_response(question: AnyQuestion | None, indices: Iterable[int]) -> tuple[str, str]:
    """(labels, texts) of a response: ``("A;C", "first; third")``, or indices when the question is gone."""
    chosen = sorted(indices)
    if question is None:
        return ";".join(str(i + 1) for i in chosen), ""
    labels = ";".join(option_label(question, i) for i in chosen)
    texts = "; ".join(question.options[i] for i in chosen if 0 <= i < len(question.options))
    return labels, texts
