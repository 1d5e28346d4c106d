"""The rows the store gives: typed, named, and read from SQL in one place each.

Callers never see a column list or a tuple position: a row type names its fields, and the
reader beside it is the only code that knows which SQL column fills which field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from functools import cached_property
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from quiz.engine import AttemptPlan, Marking


@dataclass(frozen=True)
class Learner:
    id: int
    name: str
    email: str = ""
    username: str = ""


LEARNER_SELECT = f"SELECT {', '.join(f.name for f in fields(Learner))} FROM learners"
"""Columns named and ordered as ``Learner``'s fields, so ``Learner(*row)`` reads a row."""


class AttemptKey(NamedTuple):
    """What choosing attempts needs, without reading them whole."""

    id: int
    learner_id: int
    mode: str


@dataclass
class AttemptRow:
    """A stored attempt with its learner, as read: changing it changes nothing stored.

    The plan is kept as the JSON it is stored as and parsed on first use: parsing it costs more
    than exporting the attempt's twenty answers, which csv and xapi exports of 100,000s of
    answers do without it. (Not frozen for the same reason: a frozen dataclass is built
    ten times slower, and exports build thousands.)
    """

    id: int
    uuid: str
    learner: Learner
    bank_id: str
    bank_version: str
    content_hash: str
    mode: str
    settings: dict[str, Any]
    session_code: str | None
    flagged: list[str]
    position: int
    started_at: str
    finished_at: str | None
    points: float | None
    max_points: float | None
    percent: float | None
    passed: bool | None
    plan_json: str = field(repr=False)

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def language(self) -> str | None:
        """The language the attempt was taken in (None for attempts from before it was stored)."""
        found = self.settings.get("language")
        return found if isinstance(found, str) else None

    @cached_property
    def plan(self) -> AttemptPlan:
        from quiz.engine.plan import AttemptPlan

        return AttemptPlan.model_validate_json(self.plan_json)

    @cached_property
    def marking(self) -> Marking:
        """The plan's marking, read without parsing the rest of the plan (xapi's scores need it)."""
        from quiz.store.answers import plan_marking

        return plan_marking(self.plan_json)


class _AttemptColumns(NamedTuple):
    """One row of ``ATTEMPT_SELECT``, named: the attempt's columns, then its learner's."""

    id: int
    uuid: str
    bank_id: str
    bank_version: str
    content_hash: str
    mode: str
    plan: str
    settings: str
    session_code: str | None
    flagged: str
    position: int
    started_at: str
    finished_at: str | None
    points: float | None
    max_points: float | None
    percent: float | None
    passed: int | None
    learner_id: int
    name: str
    email: str
    username: str


_LEARNER_COLUMNS = {"learner_id": "l.id", "name": "l.name", "email": "l.email", "username": "l.username"}
ATTEMPT_SELECT = (
    f"SELECT {', '.join(_LEARNER_COLUMNS.get(name, f'a.{name}') for name in _AttemptColumns._fields)} "
    "FROM attempts a JOIN learners l ON l.id = a.learner_id"
)
"""The query every attempt read starts with; its columns are ``_AttemptColumns``'s fields."""


class AttemptHead(NamedTuple):
    """Only what a row per answer names of its attempt (csv's answer rows): reading no more of
    the attempt than this takes a third of the time of reading ``AttemptRow`` values."""

    id: int
    uuid: str
    bank_id: str
    learner: Learner


ATTEMPT_HEAD_SELECT = (
    "SELECT a.id, a.uuid, a.bank_id, l.id, l.name, l.email, l.username "
    "FROM attempts a JOIN learners l ON l.id = a.learner_id"
)
"""The query every head read starts with: ``AttemptHead``'s fields, its learner's spelled out."""


def read_attempt_heads(rows: Iterable[tuple[Any, ...]]) -> Iterator[AttemptHead]:
    """``AttemptHead`` values from rows of ``ATTEMPT_HEAD_SELECT``."""
    learners: dict[int, Learner] = {}
    for attempt_id, uuid, bank_id, learner_id, name, email, username in rows:
        yield AttemptHead(attempt_id, uuid, bank_id, _learner(learners, learner_id, name, email, username))


def _learner(learners: dict[int, Learner], learner_id: int, name: str, email: str, username: str) -> Learner:
    """One ``Learner`` per id across a read: thousands of attempts share a few hundred."""
    learner = learners.get(learner_id)
    if learner is None:
        learner = learners[learner_id] = Learner(learner_id, name, email, username)
    return learner


def read_attempts(rows: Iterable[tuple[Any, ...]]) -> Iterator[AttemptRow]:
    """``AttemptRow`` values from rows of ``ATTEMPT_SELECT``."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return  # the home screen's usual "no unfinished attempt" imports no msgspec (quiz.store.answers)
    from msgspec.json import decode

    learners: dict[int, Learner] = {}
    for values in chain([first], rows):
        row = _AttemptColumns._make(values)
        learner = _learner(learners, row.learner_id, row.name, row.email, row.username)
        yield AttemptRow(
            id=row.id,
            uuid=row.uuid,
            learner=learner,
            bank_id=row.bank_id,
            bank_version=row.bank_version,
            content_hash=row.content_hash,
            mode=row.mode,
            settings=decode(row.settings),
            session_code=row.session_code,
            flagged=decode(row.flagged),
            position=row.position,
            started_at=row.started_at,
            finished_at=row.finished_at,
            points=row.points,
            max_points=row.max_points,
            percent=row.percent,
            passed=None if row.passed is None else bool(row.passed),
            plan_json=row.plan,
        )


class PlannedCredit(NamedTuple):
    """A question of an attempt's plan with the credit its answer earned (None: not answered)."""

    attempt_id: int
    question_id: str
    credit: float | None
