"""What every export reads: attempts with their bank, and their answers streamed as tuples.

Exports run on 100,000s of answers, so answers stay plain tuples (``AnswerTuple``) from SQLite
to the writer; only per-attempt and per-question work (which repeats little) builds objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from quiz.bank import AnyQuestion, Bank, MultipleQuestion
from quiz.engine import Answer, AttemptPlan, AttemptScore, Confidence, Marking, score_attempt
from quiz.engine.coverage import Coverage, coverage
from quiz.engine.timing import duration_seconds
from quiz.store import Learner, Store

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
_MARKING = re.compile(r'"marking":\{"negative":(true|false),"certainty":(true|false)\}')


class AttemptRecord:
    """An attempt as exports read it: ``AttemptRow``'s fields, but the plan parsed only when used.

    Parsing a plan costs more than exporting its twenty answers; csv and xapi need only the
    marking, which is read straight from the plan's JSON.
    """

    def __init__(self, values: tuple[Any, ...], learners: dict[int, Learner] | None = None) -> None:
        (
            self.id,
            self.uuid,
            self.bank_id,
            self.bank_version,
            self.content_hash,
            self.mode,
            self._plan,
            self._settings,
            self.session_code,
            _flagged,
            _position,
            self.started_at,
            self.finished_at,
            self.points,
            self.max_points,
            self.percent,
            passed,
            learner_id,
            name,
            email,
            username,
        ) = values
        self.passed: bool | None = None if passed is None else bool(passed)
        known = learners.get(learner_id) if learners is not None else None
        if known is None:
            known = Learner(learner_id, name, email, username)
            if learners is not None:
                learners[learner_id] = known
        self.learner = known

    @cached_property
    def plan(self) -> AttemptPlan:
        if self._plan is None:
            raise ValueError("this attempt was read without its plan (with_plans=False)")
        return AttemptPlan.model_validate_json(self._plan)

    @cached_property
    def settings(self) -> dict[str, Any]:
        """The attempt's options (confidence, the bank's size, what a retry retries)."""
        return dict(json.loads(self._settings or "{}"))

    @cached_property
    def marking(self) -> Marking:
        found = _MARKING.search(self._plan or "")
        if found is None:
            return self.plan.marking
        return Marking(negative=found.group(1) == "true", certainty=found.group(2) == "true")


@dataclass
class ExportAttempt:
    """One stored attempt with the bank it was taken on (``None`` when that bank is gone)."""

    row: AttemptRecord
    bank: Bank | None
    answers: list[tuple[Any, ...]] = field(default_factory=list)
    """Raw ``AnswerTuple`` values (or the columns ``iter_attempts`` was asked for): the hot
    paths unpack them, the rest use ``answer_records``."""

    @property
    def answer_records(self) -> list[AnswerTuple]:
        return [AnswerTuple._make(a) for a in self.answers]

    @property
    def coverage(self) -> Coverage:
        """Whole bank, part of it, or a retry: marked in every export (``quiz.engine.coverage``)."""
        plan = self.row.plan
        return coverage(len(plan.items), self.row.settings, len(self.bank.questions) if self.bank else None)

    @property
    def duration_seconds(self) -> float | None:
        """Start to end, as the results screen and History show it (``quiz.engine.timing``)."""
        return duration_seconds(self.row.started_at, self.row.finished_at)

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
            for a in self.answer_records
        }

    @property
    def title(self) -> str:
        return self.bank.info.title if self.bank else self.row.bank_id


def iter_attempts(
    store: Store,
    attempt_ids: Iterable[int],
    banks: Mapping[str, Bank],
    *,
    with_answers: bool = True,
    with_plans: bool = True,
    answer_columns: str | None = None,
) -> Iterator[ExportAttempt]:
    """Attempts in id order, each with its answers (one streamed query for all of them).

    Without ``with_plans`` the plans are not even read (csv answer rows need none). The
    answers are ``AnswerTuple`` values unless ``answer_columns`` asks for other columns.
    """
    ids = sorted(set(attempt_ids))
    learners: dict[int, Learner] = {}
    records = (AttemptRecord(values, learners) for values in store.iter_attempt_tuples(ids, plans=with_plans))
    if not with_answers:
        for record in records:
            yield ExportAttempt(record, banks.get(record.bank_id))
        return
    stream = groupby(store.iter_answer_tuples(ids, answer_columns), key=itemgetter(0))
    pending = next(stream, None)
    for record in records:
        while pending is not None and pending[0] < record.id:
            pending = next(stream, None)
        answers: list[tuple[Any, ...]] = []
        if pending is not None and pending[0] == record.id:
            answers = list(pending[1])
            pending = next(stream, None)
        yield ExportAttempt(record, banks.get(record.bank_id), answers)


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
