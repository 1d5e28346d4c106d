"""What a live session keeps in SQLite beyond its attempts: enough to resume it after a crash.

A session's answers are ordinary attempts and answers (mode ``live``, ``session_code``); these
tables add the session itself (plan, settings, state, the open question's time left) and its
participants (name, resume token hash, learner and attempt). Secrets are stored as SHA-256
hashes only: a copied database does not let anyone act as the host or as a learner.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from quiz.errors import StoreError
from quiz.store.db import Store, now_iso


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
    learner_id: int
    attempt_id: int | None
    kicked: bool


class LiveRecords:
    """The live-session tables of a ``Store``; every write is committed before it returns."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes as one: a join is a learner, an attempt and a participant, or none."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def code_taken(self, code: str) -> bool:
        return self.conn.execute("SELECT 1 FROM live_sessions WHERE code = ?", (code,)).fetchone() is not None

    def create_session(
        self,
        code: str,
        *,
        bank_id: str,
        bank_ref: str,
        plan_json: str,
        settings: dict[str, Any],
        host_token_hash: str,
    ) -> None:
        at = now_iso()
        self.conn.execute(
            "INSERT INTO live_sessions (code, bank_id, bank_ref, plan, settings, host_token_hash, state, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'lobby', ?, ?)",
            (code, bank_id, bank_ref, plan_json, json.dumps(settings), host_token_hash, at, at),
        )

    def session(self, code: str) -> LiveSessionRow:
        row = self.conn.execute(
            "SELECT code, bank_id, bank_ref, plan, settings, host_token_hash, state, position, remaining, "
            "created_at, ended_at FROM live_sessions WHERE code = ?",
            (code,),
        ).fetchone()
        if row is None:
            raise StoreError(f"no live session {code!r} in {self.store.path}")
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

    def add_participant(
        self,
        code: str,
        participant_id: int,
        *,
        name: str,
        email: str,
        resume_hash: str,
        learner_id: int,
        attempt_id: int,
    ) -> None:
        self.conn.execute(
            "INSERT INTO live_participants (session_code, id, name, email, resume_hash, learner_id, "
            "attempt_id, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (code, participant_id, name, email, resume_hash, learner_id, attempt_id, now_iso()),
        )

    def kick(self, code: str, participant_id: int) -> None:
        self.conn.execute(
            "UPDATE live_participants SET kicked = 1 WHERE session_code = ? AND id = ?",
            (code, participant_id),
        )

    def participants(self, code: str) -> list[LiveParticipantRow]:
        rows = self.conn.execute(
            "SELECT id, name, email, resume_hash, learner_id, attempt_id, kicked FROM live_participants "
            "WHERE session_code = ? ORDER BY id",
            (code,),
        )
        return [
            LiveParticipantRow(pid, name, email, resume_hash, learner_id, attempt_id, bool(kicked))
            for pid, name, email, resume_hash, learner_id, attempt_id, kicked in rows
        ]

    def finish_attempt_plans(self, updates: Iterable[tuple[int, str, dict[str, Any]]]) -> None:
        """Set (attempt id, plan JSON, settings) at the end: the plan shrinks to the questions asked."""
        self.conn.executemany(
            "UPDATE attempts SET plan = ?, settings = ? WHERE id = ?",
            [(plan_json, json.dumps(settings), attempt_id) for attempt_id, plan_json, settings in updates],
        )
