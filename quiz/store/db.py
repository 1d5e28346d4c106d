"""SQLite persistence: learners, attempts, answers, review cards, preferences.

Each answer is committed the moment it is given (autocommit, WAL, synchronous=NORMAL), so a
process killed mid-attempt loses nothing already answered, and several processes can write
the same database at once: SQLite serialises them and ``busy_timeout`` makes each wait its turn.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, TypeVar, Unpack

from quiz.engine.request import Mode
from quiz.errors import StoreError
from quiz.i18n import _
from quiz.store.claims import Claims, claims_folder
from quiz.store.connection import open_database, transaction
from quiz.store.names import clean_email, visible_name
from quiz.store.rows import (
    ATTEMPT_HEAD_SELECT,
    ATTEMPT_SELECT,
    LEARNER_SELECT,
    AttemptHead,
    AttemptKey,
    AttemptRow,
    Learner,
    PlannedCredit,
    read_attempt_heads,
    read_attempts,
)
from quiz.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    from quiz.engine import Answer, AttemptPlan, AttemptScore, QuestionScore
    from quiz.store.answers import AnswerFacts, AnswerRow, StoredAnswer


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


_Attempt = TypeVar("_Attempt", bound=_Identified)
_Answer = TypeVar("_Answer")


def _with_answers(
    attempts: Iterator[_Attempt], groups: Iterator[tuple[int, list[_Answer]]]
) -> Iterator[tuple[_Attempt, list[_Answer]]]:
    """Each of ``attempts`` with its answers, from (attempt id, answers) ``groups``; both come
    in attempt id order, and an attempt without answers has no group."""
    pending = next(groups, None)
    for attempt in attempts:
        while pending is not None and pending[0] < attempt.id:
            pending = next(groups, None)
        answers: list[_Answer] = []
        if pending is not None and pending[0] == attempt.id:
            answers = pending[1]
            pending = next(groups, None)
        yield attempt, answers


CHUNK = 500
"""Ids per IN (...) list: well under SQLite's limit on bound parameters."""


def now_iso() -> str:
    return _utc_iso(datetime.now(UTC))


def _utc_iso(when: datetime) -> str:
    """One timestamp format everywhere, so that text order is time order in SQL."""
    return when.astimezone(UTC).isoformat(timespec="milliseconds")


class AttemptFilters(TypedDict, total=False):
    """Which attempts ``Store.attempts`` and ``Store.attempt_keys`` give; an absent key matches all."""

    learner_id: int | None
    bank_id: str | None
    mode: str | None
    session_code: str | None
    since: str | None
    """Started at or after this ISO time."""
    until: str | None
    """Started before this ISO time."""
    finished: bool | None
    """True (the default): finished only; False: unfinished only; None: both."""


def _attempt_where(filters: AttemptFilters) -> tuple[str, list[Any]]:
    """The WHERE clause (on ``attempts a``) and its parameters for these filters."""
    clauses: list[str] = []
    params: list[Any] = []
    for column, key in (
        ("a.learner_id", "learner_id"),
        ("a.bank_id", "bank_id"),
        ("a.mode", "mode"),
        ("a.session_code", "session_code"),
    ):
        value = filters.get(key)
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if filters.get("since") is not None:
        clauses.append("a.started_at >= ?")
        params.append(filters["since"])
    if filters.get("until") is not None:
        clauses.append("a.started_at < ?")
        params.append(filters["until"])
    finished = filters.get("finished", True)
    if finished is True:
        clauses.append("a.finished_at IS NOT NULL")
    elif finished is False:
        clauses.append("a.finished_at IS NULL")
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


class Store:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        # Checked before the first write; every error after is a StoreError in the user's words.
        self.conn: sqlite3.Connection = open_database(self.path)
        try:
            self._migrate()
        except BaseException:
            self.conn.close()
            raise
        self.claims = Claims(claims_folder(self.path))
        """The attempts this process answers in (``claim_attempt``): one writer each."""

    # -- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self.claims.release_all()
        self.conn.close()

    def claim_attempt(self, attempt_id: int) -> None:
        """Make this process the attempt's one writer, or raise ``AttemptInUseError``."""
        self.claims.claim(attempt_id)

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def transaction(self) -> AbstractContextManager[None]:
        """Several writes as one, all stored or none: a full disk half-way leaves no half."""
        return transaction(self.conn)

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                _(
                    "the database {path} was written by a newer resilience-quiz "
                    "(schema {version}, this version knows {known}); upgrade the app"
                ).format(path=self.path, version=version, known=SCHEMA_VERSION)
            )
        if version == SCHEMA_VERSION:
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another process may have migrated meanwhile.
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number]:
                    self.conn.execute(statement)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- learners ----------------------------------------------------------------------------

    def learner(self, name: str, email: str = "", username: str = "") -> Learner:
        """The learner with this identity, created on first use."""
        name = visible_name(name)
        if not name:
            raise StoreError(_("a learner needs a name"))
        email, username = clean_email(email), clean_email(username)
        self.conn.execute(
            "INSERT INTO learners (name, email, username, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name, email, username) DO NOTHING",
            (name, email, username, now_iso()),
        )
        row = self.conn.execute(
            "SELECT id FROM learners WHERE name = ? AND email = ? AND username = ?",
            (name, email, username),
        ).fetchone()
        return Learner(int(row[0]), name, email, username)

    def remember_learner(self, name: str, email: str = "", username: str = "") -> Learner:
        """The learner, also remembered as the one who uses this database next time."""
        learner = self.learner(name, email, username)
        self.set_pref("learner", str(learner.id))
        return learner

    def remembered_learner(self) -> Learner | None:
        remembered = self.get_pref("learner")
        if remembered is None:
            return None
        row = self.conn.execute(f"{LEARNER_SELECT} WHERE id = ?", (int(remembered),)).fetchone()
        return Learner(*row) if row else None

    def learners(self) -> list[Learner]:
        return [Learner(*row) for row in self.conn.execute(f"{LEARNER_SELECT} ORDER BY id")]

    # -- attempts ----------------------------------------------------------------------------

    def start_attempt(
        self,
        learner: Learner,
        plan: AttemptPlan,
        mode: str,
        settings: dict[str, Any] | None = None,
        session_code: str | None = None,
        *,
        started_at: datetime | None = None,
    ) -> AttemptRow:
        return self.attempt(self.insert_attempt(learner.id, plan, mode, settings, session_code, started_at))

    def insert_attempt(
        self,
        learner_id: int,
        plan: AttemptPlan,
        mode: str,
        settings: dict[str, Any] | None = None,
        session_code: str | None = None,
        started_at: datetime | None = None,
    ) -> int:
        """A new attempt's id, without reading it back (a live room seats thousands at once)."""
        attempt_uuid = str(uuid.uuid4())
        cur = self.conn.execute(
            "INSERT INTO attempts (uuid, learner_id, bank_id, bank_version, content_hash, mode, "
            "seed, plan, settings, session_code, started_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                attempt_uuid,
                learner_id,
                plan.bank_id,
                plan.bank_version,
                plan.content_hash,
                mode,
                plan.seed,
                plan.model_dump_json(),
                json.dumps(settings or {}),
                session_code,
                now_iso() if started_at is None else _utc_iso(started_at),
            ),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def record_answer(self, attempt_id: int, position: int, answer: Answer, score: QuestionScore) -> None:
        """Store (or replace) one answer; committed before this returns."""
        self.record_answers([(attempt_id, position, answer, score)])

    def record_answers(self, answers: Iterable[tuple[int, int, Answer, QuestionScore]]) -> None:
        """Store (or replace) answers (attempt, position, answer, score) in one statement: in a
        transaction of the caller's, a live room writes the answers of a moment with one commit."""
        at = now_iso()
        self.conn.executemany(
            "INSERT OR REPLACE INTO answers (attempt_id, question_id, position, response, "
            "confidence, seconds, credit, points, max_points, correct, answered_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (
                    attempt_id,
                    answer.question_id,
                    position,
                    json.dumps(list(answer.response)),  # in the response's own order
                    int(answer.confidence) if answer.confidence else None,
                    answer.seconds,
                    score.credit,
                    score.points,
                    score.max_points,
                    int(score.correct),
                    at,
                )
                for attempt_id, position, answer, score in answers
            ],
        )

    def save_progress(self, attempt_id: int, position: int, flagged: Iterable[str]) -> None:
        self.conn.execute(
            "UPDATE attempts SET position = ?, flagged = ? WHERE id = ?",
            (position, json.dumps(sorted(flagged)), attempt_id),
        )

    def finish_attempt(
        self, attempt_id: int, score: AttemptScore, *, finished_at: datetime | None = None
    ) -> None:
        """Close an attempt with its score; ``finished_at`` (default now) may be its deadline."""
        self.conn.execute(
            "UPDATE attempts SET finished_at = ?, points = ?, max_points = ?, percent = ?, "
            "passed = ? WHERE id = ?",
            (
                now_iso() if finished_at is None else _utc_iso(finished_at),
                score.points,
                score.max_points,
                round(score.percent, 4),
                None if score.passed is None else int(score.passed),
                attempt_id,
            ),
        )
        self.claims.release(attempt_id, done=True)

    def discard_attempt(self, attempt_id: int) -> None:
        """Delete an unfinished attempt, unless another process is answering in it."""
        self.claims.claim(attempt_id)
        self.conn.execute("DELETE FROM attempts WHERE id = ? AND finished_at IS NULL", (attempt_id,))
        self.claims.release(attempt_id, done=True)

    def attempt(self, attempt_id: int) -> AttemptRow:
        found = next(self._attempt_rows(f"{ATTEMPT_SELECT} WHERE a.id = ?", (attempt_id,)), None)
        if found is None:
            raise StoreError(_("no attempt {id}").format(id=attempt_id))
        return found

    def attempts(self, **filters: Unpack[AttemptFilters]) -> list[AttemptRow]:
        """Attempts matching every given filter, oldest first."""
        where, params = _attempt_where(filters)
        return list(self._attempt_rows(f"{ATTEMPT_SELECT} {where} ORDER BY a.started_at, a.id", params))

    def attempt_keys(self, **filters: Unpack[AttemptFilters]) -> list[AttemptKey]:
        """The keys of the attempts ``attempts`` would give, oldest first.

        Nothing else is read: choosing 20,000 attempts to export or analyse this way takes
        milliseconds, where reading them whole takes far longer.
        """
        where, params = _attempt_where(filters)
        rows = self.conn.execute(
            f"SELECT a.id, a.learner_id, a.mode FROM attempts a {where} ORDER BY a.started_at, a.id", params
        )
        return [AttemptKey(*row) for row in rows]

    def attempts_by_id(self, attempt_ids: Iterable[int]) -> Iterator[AttemptRow]:
        """These attempts (unknown ids are left out), by id, streamed: exports read thousands."""
        return read_attempts(
            self._for_ids(f"{ATTEMPT_SELECT} WHERE a.id IN ({{ids}}) ORDER BY a.id", attempt_ids)
        )

    def unfinished(self, learner_id: int | None = None) -> list[AttemptRow]:
        """Attempts that can be resumed, newest first."""
        return list(reversed(self.attempts(learner_id=learner_id, finished=False)))

    def answers(self, attempt_id: int) -> dict[str, Answer]:
        """The attempt's answers as the engine takes them, by question id, in attempt order."""
        from quiz.store.answers import ANSWER_SELECT, read_answers

        rows = self.conn.execute(f"{ANSWER_SELECT} WHERE attempt_id = ? ORDER BY position", (attempt_id,))
        return {row.question_id: row.to_answer() for row in read_answers(rows)}

    def answer_rows(self, attempt_ids: Iterable[int]) -> Iterator[AnswerRow]:
        """Every answer of these attempts, by attempt id then position, streamed."""
        from quiz.store.answers import ANSWERS_OF_ATTEMPTS, read_answers

        return read_answers(self._for_ids(ANSWERS_OF_ATTEMPTS, attempt_ids))

    def attempts_with_answers(
        self, attempt_ids: Iterable[int]
    ) -> Iterator[tuple[AttemptRow, list[AnswerRow]]]:
        """These attempts by id, each with its answers in order: two streamed queries for all."""
        from quiz.store.answers import ANSWERS_OF_ATTEMPTS, read_answers_by_attempt

        ids = sorted(set(attempt_ids))
        answers = read_answers_by_attempt(self._for_ids(ANSWERS_OF_ATTEMPTS, ids))
        return _with_answers(self.attempts_by_id(ids), answers)

    def attempts_with_answer_facts(
        self, attempt_ids: Iterable[int]
    ) -> Iterator[tuple[AttemptRow, list[AnswerFacts]]]:
        """As ``attempts_with_answers``, each answer as the ``AnswerFacts`` an xAPI statement is
        made from."""
        from quiz.store.answers import ANSWER_FACTS_OF_ATTEMPTS, by_attempt

        ids = sorted(set(attempt_ids))
        answers = by_attempt(self._for_ids(ANSWER_FACTS_OF_ATTEMPTS, ids))
        return _with_answers(self.attempts_by_id(ids), answers)

    def heads_with_stored_answers(
        self, attempt_ids: Iterable[int]
    ) -> Iterator[tuple[AttemptHead, list[StoredAnswer]]]:
        """The attempts' ``AttemptHead`` (read in a third of the time of ``AttemptRow``) with their
        answers as ``StoredAnswer`` rows: what a row per answer needs (csv)."""
        from quiz.store.answers import ANSWERS_OF_ATTEMPTS, by_attempt

        ids = sorted(set(attempt_ids))
        heads = self._for_ids(f"{ATTEMPT_HEAD_SELECT} WHERE a.id IN ({{ids}}) ORDER BY a.id", ids)
        answers = by_attempt(self._for_ids(ANSWERS_OF_ATTEMPTS, ids))
        return _with_answers(read_attempt_heads(heads), answers)

    def iter_planned_credits(self, attempt_ids: Iterable[int]) -> Iterator[PlannedCredit]:
        """Every question in each attempt's plan with the credit it earned (None: unanswered).

        In plan order within an attempt, attempts by id; for item analysis, which must count
        unanswered questions.
        """
        rows = self._for_ids(
            "SELECT a.id, json_extract(item.value, '$.question_id') AS qid, ans.credit "
            "FROM attempts a, json_each(a.plan, '$.items') AS item "
            "LEFT JOIN answers ans ON ans.attempt_id = a.id AND ans.question_id = qid "
            "WHERE a.id IN ({ids}) ORDER BY a.id, item.key",
            attempt_ids,
        )
        return (PlannedCredit(*row) for row in rows)

    def _attempt_rows(self, sql: str, params: Iterable[Any]) -> Iterator[AttemptRow]:
        return read_attempts(self.conn.execute(sql, tuple(params)))

    # -- statements sent to Learning Record Stores --------------------------------------------

    def sent_statement_ids(self, endpoint: str) -> set[str]:
        rows = self.conn.execute("SELECT statement_id FROM lrs_sent WHERE endpoint = ?", (endpoint,))
        return {row[0] for row in rows}

    def mark_sent(self, endpoint: str, sent: Iterable[tuple[str, int]]) -> None:
        """Remember (statement id, attempt id) pairs the LRS accepted, in one transaction."""
        at = now_iso()
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(
                "INSERT OR IGNORE INTO lrs_sent (endpoint, statement_id, attempt_id, sent_at) "
                "VALUES (?, ?, ?, ?)",
                [(endpoint, sid, aid, at) for sid, aid in sent],
            )

    # -- spaced review ----------------------------------------------------------------------

    def review_card(self, learner_id: int, bank_id: str, question_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT card FROM review_cards WHERE learner_id = ? AND bank_id = ? AND question_id = ?",
            (learner_id, bank_id, question_id),
        ).fetchone()
        return row[0] if row else None

    def save_review_card(
        self, learner_id: int, bank_id: str, question_id: str, card: str, due: datetime
    ) -> None:
        self.conn.execute(
            "INSERT INTO review_cards (learner_id, bank_id, question_id, card, due) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (learner_id, bank_id, question_id) "
            "DO UPDATE SET card = excluded.card, due = excluded.due",
            (learner_id, bank_id, question_id, card, _utc_iso(due)),
        )

    def due_questions(self, learner_id: int, bank_id: str, when: datetime) -> list[str]:
        """Questions whose review is due at ``when``, most overdue first."""
        rows = self.conn.execute(
            "SELECT question_id FROM review_cards WHERE learner_id = ? AND bank_id = ? "
            "AND due <= ? ORDER BY due",
            (learner_id, bank_id, _utc_iso(when)),
        )
        return [row[0] for row in rows]

    def due_counts(self, learner_id: int, when: datetime) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT bank_id, count(*) FROM review_cards WHERE learner_id = ? AND due <= ? GROUP BY bank_id",
            (learner_id, _utc_iso(when)),
        )
        return dict(rows.fetchall())

    def best_percents(self, learner_id: int, sizes: Mapping[str, int] | None = None) -> dict[str, float]:
        """Per bank, the best finished attempt that asked the whole bank and was no retry.

        The rule is ``quiz.engine.coverage``'s. ``sizes`` (bank id to its number of questions
        today) stands in for attempts stored before attempts recorded the bank's size.
        """
        rows = self.conn.execute(
            "SELECT a.bank_id, max(a.percent) FROM attempts a LEFT JOIN json_each(?) size "
            "ON size.key = a.bank_id WHERE a.learner_id = ? AND a.finished_at IS NOT NULL "
            "AND json_extract(a.settings, '$.retry_of') IS NULL AND a.mode != ? "
            "AND json_array_length(a.plan, '$.items') >= "
            "coalesce(json_extract(a.settings, '$.bank_questions'), size.value) GROUP BY a.bank_id",
            (json.dumps(dict(sizes or {})), learner_id, Mode.review.value),
        )
        return dict(rows.fetchall())

    def _for_ids(self, sql: str, ids: Iterable[int]) -> Iterator[tuple[Any, ...]]:
        """Run ``sql`` (its ``{ids}`` an IN list) over the ids in chunks, ids in order; its rows.

        Chunks keep every query under SQLite's limit on bound parameters; a query ordered by
        attempt id gives rows in id order across chunks too, since the chunks are sorted. The
        rows stream from the cursors as they come (``chain``: no Python step per row).
        """
        ordered = sorted(set(ids))

        def cursors() -> Iterator[sqlite3.Cursor]:
            for start in range(0, len(ordered), CHUNK):
                chunk = ordered[start : start + CHUNK]
                yield self.conn.execute(sql.format(ids=",".join("?" * len(chunk))), chunk)

        return chain.from_iterable(cursors())

    # -- preferences -------------------------------------------------------------------------

    def get_pref(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM prefs WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_pref(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO prefs (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
