"""What a live session keeps in SQLite: the one seam between a session's rules and the disk.

A session writes nothing anywhere else: its learners, attempts and answers are ordinary rows
(mode ``live``, ``session_code``), and two tables add the session itself (plan, settings,
state, the open question's time left) and its participants (name, resume token hash, learner
and attempt), enough to resume it after a crash. Every method commits before it returns; a
join or the end of a session is one transaction, all or nothing. Secrets are stored as
SHA-256 hashes only: a copied database does not let anyone act as the host or as a learner.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from quiz.engine import Answer, AttemptPlan, AttemptScore, QuestionScore
from quiz.errors import StoreError
from quiz.i18n import _
from quiz.store.db import Store, now_iso

LIVE_MODE = "live"

log = logging.getLogger(__name__)


def normalise_code(typed: str) -> str:
    """A session code as stored, from what a person typed: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LiveSessionRow:
    code: str
    bank_id: str
    bank_ref: str
    plan: str
    """The plan as JSON (every participant's attempt has this plan)."""
    settings: dict[str, Any]
    host_token_hash: str
    state: str
    position: int | None
    remaining: float | None
    created_at: str
    ended_at: str | None


@dataclass(frozen=True)
class LiveParticipantRow:
    id: int
    name: str
    email: str
    resume_hash: str
    rejoin_hash: str
    learner_id: int
    attempt_id: int | None
    kicked: bool
    merged_into: int | None


@dataclass(frozen=True)
class Newcomer:
    """A participant to add: their place in the session and who they said they are."""

    id: int
    name: str
    email: str
    resume_hash: str
    rejoin_hash: str
    language: str


@dataclass(frozen=True)
class Seated:
    """Where a new participant's records went."""

    learner_id: int
    attempt_id: int


@dataclass(frozen=True)
class FinishedAttempt:
    """One participant's attempt at the end of a session: its score and what the room saw."""

    attempt_id: int
    score: AttemptScore
    settings: dict[str, Any]


class LogCheckpoints:
    """The write-ahead log copied into the database file from a connection of its own, so
    that no commit of the session pays for it.

    SQLite copies its log into the file (a checkpoint, with its fsyncs) inside whichever commit
    brings the log to 1,000 pages: a live server commits on its event loop, and one commit of
    one answer took 240 ms so in a run of 2,000 learners (benchmarks/live_load.py), with every
    answer behind it waiting. Here the store's connection checkpoints no more, and
    ``checkpoint`` (from a worker thread: sqlite3 lets go of the GIL while it works) does it
    instead. A checkpoint loses nothing if it fails or never runs: the log holds every commit,
    and the last connection to close copies it.
    """

    def __init__(self, store: Store) -> None:
        store.conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._conn = sqlite3.connect(store.path, check_same_thread=False, isolation_level=None)

    def checkpoint(self) -> None:
        """Copy what the log holds into the file, as far as readers allow (a passive checkpoint:
        it never waits for, nor holds up, the session's writes). One call at a time."""
        try:
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as exc:  # the next one, or the last close, copies it
            log.warning("checkpoint of %s failed: %s", self._conn, exc)

    def close(self) -> None:
        self._conn.close()


class LiveRecords:
    """The live-session records of a ``Store``."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- the session --------------------------------------------------------------------------

    def code_taken(self, code: str) -> bool:
        return self.conn.execute("SELECT 1 FROM live_sessions WHERE code = ?", (code,)).fetchone() is not None

    def create_session(
        self,
        code: str,
        *,
        bank_id: str,
        bank_ref: str,
        plan: AttemptPlan,
        settings: dict[str, Any],
        host_token_hash: str,
    ) -> None:
        at = now_iso()
        self.conn.execute(
            "INSERT INTO live_sessions (code, bank_id, bank_ref, plan, settings, host_token_hash, state, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'lobby', ?, ?)",
            (code, bank_id, bank_ref, plan.model_dump_json(), json.dumps(settings), host_token_hash, at, at),
        )

    def session(self, code: str) -> LiveSessionRow:
        row = self.conn.execute(
            "SELECT code, bank_id, bank_ref, plan, settings, host_token_hash, state, position, remaining, "
            "created_at, ended_at FROM live_sessions WHERE code = ?",
            (code,),
        ).fetchone()
        if row is None:
            raise StoreError(_("no live session “{code}” in {path}").format(code=code, path=self.store.path))
        values = list(row)
        values[4] = json.loads(values[4])
        return LiveSessionRow(*values)

    def set_state(self, code: str, state: str, position: int | None, remaining: float | None) -> None:
        ended = now_iso() if state == "ended" else None
        self.conn.execute(
            "UPDATE live_sessions SET state = ?, position = ?, remaining = ?, updated_at = ?, "
            "ended_at = coalesce(ended_at, ?) WHERE code = ?",
            (state, position, remaining, now_iso(), ended, code),
        )

    def set_remaining(self, code: str, remaining: float) -> None:
        """The open question's time left, written every second so a crash loses at most that."""
        self.conn.execute(
            "UPDATE live_sessions SET remaining = ?, updated_at = ? WHERE code = ?",
            (remaining, now_iso(), code),
        )

    def set_host_token_hash(self, code: str, host_token_hash: str) -> None:
        self.conn.execute(
            "UPDATE live_sessions SET host_token_hash = ? WHERE code = ?", (host_token_hash, code)
        )

    def set_plan(self, code: str, plan: AttemptPlan) -> None:
        """The session's plan after the host skipped a question nobody had seen."""
        self.conn.execute(
            "UPDATE live_sessions SET plan = ?, updated_at = ? WHERE code = ?",
            (plan.model_dump_json(), now_iso(), code),
        )

    # -- participants ----------------------------------------------------------------------------

    def add_participants(
        self, code: str, newcomers: Sequence[Newcomer], *, plan: AttemptPlan, settings: dict[str, Any]
    ) -> list[Seated]:
        """Learners, their attempts and their places in the session, as one transaction.

        A room seats learners in batches, those whose joins arrived together: one commit for
        the batch rather than one per learner (each join is still on disk before its learner
        hears of it).
        """
        seated = []
        with self._transaction():
            at = now_iso()
            for newcomer in newcomers:
                identity = self.store.learner(newcomer.name, newcomer.email)
                attempt = self.store.insert_attempt(
                    identity.id,
                    plan,
                    LIVE_MODE,
                    {**settings, "language": newcomer.language},
                    session_code=code,
                )
                seated.append(Seated(identity.id, attempt))
            self.conn.executemany(
                "INSERT INTO live_participants (session_code, id, name, email, resume_hash, rejoin_hash, "
                "learner_id, attempt_id, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (code, n.id, n.name, n.email, n.resume_hash, n.rejoin_hash, *where, at)
                    for n, where in zip(
                        newcomers, [(s.learner_id, s.attempt_id) for s in seated], strict=True
                    )
                ],
            )
        return seated

    def set_resume_hash(self, code: str, participant_id: int, resume_hash: str) -> None:
        """A participant who came back from another device: only the new token works now."""
        self.conn.execute(
            "UPDATE live_participants SET resume_hash = ? WHERE session_code = ? AND id = ?",
            (resume_hash, code, participant_id),
        )

    def merge(self, code: str, participant_id: int, into: int, attempt_id: int, into_attempt: int) -> None:
        """``participant_id``'s answers that ``into`` lacks move to ``into``'s attempt; the rest
        go with the duplicate's attempt. One transaction."""
        with self._transaction():
            self.conn.execute(
                "UPDATE answers SET attempt_id = ? WHERE attempt_id = ? AND question_id NOT IN "
                "(SELECT question_id FROM answers WHERE attempt_id = ?)",
                (into_attempt, attempt_id, into_attempt),
            )
            self.store.discard_attempt(attempt_id)
            self.conn.execute(
                "UPDATE live_participants SET merged_into = ?, kicked = 1 WHERE session_code = ? AND id = ?",
                (into, code, participant_id),
            )

    def participants(self, code: str) -> list[LiveParticipantRow]:
        rows = self.conn.execute(
            "SELECT id, name, email, resume_hash, rejoin_hash, learner_id, attempt_id, kicked, merged_into "
            "FROM live_participants WHERE session_code = ? ORDER BY id",
            (code,),
        )
        return [
            LiveParticipantRow(pid, name, email, resume, rejoin, learner, attempt, bool(kicked), merged)
            for pid, name, email, resume, rejoin, learner, attempt, kicked, merged in rows
        ]

    def answers(self, attempt_id: int) -> dict[str, Answer]:
        return self.store.answers(attempt_id)

    def record_answers(self, answers: Sequence[tuple[int, int, Answer, QuestionScore]]) -> None:
        """Answers (attempt, position, answer, score) that arrived together, as one transaction.

        One commit per answer was the largest part of an answer's cost in the store (each
        commit writes its pages to the WAL again); a room of 5,000 gives hundreds at once.
        In a profile of the host screen's process at 5,000 learners, SQLite's statements went
        from 6.4% of its samples to 2.9% (benchmarks/live_load.py under py-spy).
        """
        with self._transaction():
            self.store.record_answers(answers)

    def kick(self, code: str, participant_id: int, attempt_id: int | None) -> None:
        """Out of the session, and their unfinished attempt dropped, as one transaction."""
        with self._transaction():
            self.conn.execute(
                "UPDATE live_participants SET kicked = 1 WHERE session_code = ? AND id = ?",
                (code, participant_id),
            )
            if attempt_id is not None:
                self.store.discard_attempt(attempt_id)

    # -- the end ---------------------------------------------------------------------------------

    def finish(
        self,
        code: str,
        *,
        position: int | None,
        plan: AttemptPlan,
        finished: Iterable[FinishedAttempt],
        discarded: Iterable[int],
    ) -> None:
        """Every attempt finished on ``plan`` (the questions asked) or dropped, and the session
        marked ended, as one transaction."""
        plan_json = plan.model_dump_json()
        with self._transaction():
            for attempt_id in discarded:
                self.store.discard_attempt(attempt_id)
            done = list(finished)
            for attempt in done:
                self.store.finish_attempt(attempt.attempt_id, attempt.score)
            self.conn.executemany(
                "UPDATE attempts SET plan = ?, settings = ? WHERE id = ?",
                [(plan_json, json.dumps(a.settings), a.attempt_id) for a in done],
            )
            self.set_state(code, "ended", position, None)
