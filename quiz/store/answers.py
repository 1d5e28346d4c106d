"""Stored answers as the exports read them, in 100,000s: msgspec Structs and decoders.

Apart from ``quiz.store.rows`` so that opening the store does not import msgspec: the home
screen reads no answer, and the import cost 11 million of the 1,435 million instructions
before its first frame (``benchmarks/startup.py --instructions``, Japanese).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from itertools import chain, groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

if TYPE_CHECKING:
    from quiz.engine import Answer, Marking


class AnswerRow(msgspec.Struct, frozen=True, gc=False):
    """One stored answer. The fields are the ``answers`` columns, so ``ANSWER_SELECT`` is made
    from them.

    A msgspec Struct rather than a NamedTuple for the exports, which read 100,000s: it is built
    in C and its fields are slots, which Python reads several times faster than a NamedTuple's
    (``benchmarks/export.py``). Untracked by the garbage collector (``gc=False``): it holds
    only numbers and strings, so it can never be part of a cycle.
    """

    attempt_id: int
    position: int
    """0-based place of the question in the attempt."""
    question_id: str
    response: tuple[int, ...]
    """In bank terms, in the order the response gave them (``quiz.kinds.kind.Response``)."""
    confidence: int | None
    """1 low, 2 mid, 3 high (certainty-based marking), else None."""
    seconds: float
    credit: float
    points: float
    max_points: float
    correct: bool
    answered_at: str

    def to_answer(self) -> Answer:
        """The engine's view of this answer, for re-scoring or resuming."""
        from quiz.engine.attempt import Answer, Confidence

        return Answer(
            question_id=self.question_id,
            response=self.response,
            seconds=self.seconds,
            confidence=Confidence(self.confidence) if self.confidence else None,
        )


ANSWER_SELECT = f"SELECT {', '.join(AnswerRow.__struct_fields__)} FROM answers"
ANSWERS_OF_ATTEMPTS = f"{ANSWER_SELECT} WHERE attempt_id IN ({{ids}}) ORDER BY attempt_id, position"

AnswerFacts = tuple[int, int, str, str, float, float, float, int, str]
"""An answer as an xAPI statement reads it, as SQLite gives it: (attempt id, position, question
id, response as its stored JSON, seconds, points, max points, correct as 0 or 1, answered at).

A plain row rather than an ``AnswerRow``: an export reads 100,000s, and grouping them by
attempt then takes no Python step per row (``by_attempt``). A statement needs neither
the confidence nor the credit, and caches its parts by the response as stored, parsing it
once per distinct response."""

ANSWER_FACTS_OF_ATTEMPTS = (
    "SELECT attempt_id, position, question_id, response, seconds, points, max_points, correct, answered_at "
    "FROM answers WHERE attempt_id IN ({ids}) ORDER BY attempt_id, position"
)
"""``AnswerFacts`` rows, attempt by attempt."""

StoredAnswer = tuple[int, int, str, str, int | None, float, float, float, float, int, str]
"""Every column of a stored answer as SQLite gives it, in ``AnswerRow``'s field order
(``ANSWERS_OF_ATTEMPTS``), the response as its stored JSON and ``correct`` as 0 or 1: what csv's
row per answer is written from. Plain rows for the reason ``AnswerFacts`` are: csv caches its
cells by the response as stored, and ran 6% fewer instructions than through ``AnswerRow``
(valgrind, 20,000 answers). xAPI reads ``AnswerFacts``: with the two columns it does not need,
its export ran 6% more."""


def stored_response(text: str) -> tuple[int, ...]:
    """A response as the store keeps it (JSON, in the order given) back as ``AnswerRow.response``:
    for the exports that read plain rows (``AnswerFacts``, ``StoredAnswer``)."""
    return tuple(msgspec.json.decode(text))


def read_answers(rows: Iterable[tuple[Any, ...]]) -> Iterator[AnswerRow]:
    """``AnswerRow`` values from rows of ``ANSWER_SELECT``."""
    return chain.from_iterable(answers for _, answers in read_answers_by_attempt(rows))


_Row = TypeVar("_Row", bound=tuple[Any, ...])


def by_attempt(rows: Iterable[_Row]) -> Iterator[tuple[int, list[_Row]]]:
    """(attempt id, its rows) from rows that come attempt by attempt, the attempt id first."""
    return ((attempt_id, list(answers)) for attempt_id, answers in groupby(rows, itemgetter(0)))


def read_answers_by_attempt(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, list[AnswerRow]]]:
    """(attempt id, its ``AnswerRow`` values), from rows of ``ANSWER_SELECT`` that come attempt
    by attempt.

    The hot path of every export (100,000s of rows): plain tuples in, grouped in the same pass
    (``itertools.groupby`` over the rows cost a step more per row), and each distinct response
    text parsed once, since a bank's questions are answered in a handful of ways.
    """
    parsed: dict[str, tuple[int, ...]] = {}
    answers: list[AnswerRow] = []
    current = None
    for (
        attempt_id,
        position,
        question_id,
        response_json,
        confidence,
        seconds,
        credit,
        points,
        max_points,
        correct,
        answered_at,
    ) in rows:
        if attempt_id != current:
            if answers:
                yield answers[0].attempt_id, answers
            answers = []
            current = attempt_id
        response = parsed.get(response_json)
        if response is None:
            response = parsed[response_json] = stored_response(response_json)
        answers.append(
            AnswerRow(
                attempt_id,
                position,
                question_id,
                response,
                confidence,
                seconds,
                credit,
                points,
                max_points,
                correct == 1,
                answered_at,
            )
        )
    if answers:
        yield answers[0].attempt_id, answers


class _StoredMarking(msgspec.Struct, frozen=True):
    negative: bool = False
    certainty: bool = False


class _PlanMarking(msgspec.Struct):
    """The one part of a stored plan that ``plan_marking`` decodes; the rest is skipped."""

    marking: _StoredMarking = _StoredMarking()


_plan_marking = msgspec.json.Decoder(_PlanMarking)


@cache
def _marking(stored: _StoredMarking) -> Marking:
    from quiz.engine.plan import Marking

    return Marking(negative=stored.negative, certainty=stored.certainty)


def plan_marking(plan_json: str) -> Marking:
    """A stored plan's marking, read without parsing the rest of the plan (xapi's scores need it)."""
    return _marking(_plan_marking.decode(plan_json).marking)
