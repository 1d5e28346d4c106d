"""The database schema as an ordered list of migrations.

``PRAGMA user_version`` records how many have run. A migration is a list of statements run in
one ``BEGIN IMMEDIATE`` transaction, so two processes opening a new database at once cannot
both apply it. Never edit a released migration: append a new one.
"""

from __future__ import annotations

MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE learners (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',
            username TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            UNIQUE (name, email, username)
        )""",
        """CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            learner_id INTEGER NOT NULL REFERENCES learners(id),
            bank_id TEXT NOT NULL,
            bank_version TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            mode TEXT NOT NULL,
            seed INTEGER NOT NULL,
            plan TEXT NOT NULL,
            settings TEXT NOT NULL DEFAULT '{}',
            session_code TEXT,
            flagged TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            points REAL,
            max_points REAL,
            percent REAL,
            passed INTEGER
        )""",
        "CREATE INDEX attempts_open ON attempts (learner_id) WHERE finished_at IS NULL",
        "CREATE INDEX attempts_bank ON attempts (bank_id, started_at)",
        "CREATE INDEX attempts_session ON attempts (session_code) WHERE session_code IS NOT NULL",
        """CREATE TABLE answers (
            attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
            question_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            response TEXT NOT NULL,
            confidence INTEGER,
            seconds REAL NOT NULL,
            credit REAL NOT NULL,
            points REAL NOT NULL,
            max_points REAL NOT NULL,
            correct INTEGER NOT NULL,
            answered_at TEXT NOT NULL,
            PRIMARY KEY (attempt_id, question_id)
        ) WITHOUT ROWID""",
        """CREATE TABLE review_cards (
            learner_id INTEGER NOT NULL REFERENCES learners(id),
            bank_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            card TEXT NOT NULL,
            due TEXT NOT NULL,
            PRIMARY KEY (learner_id, bank_id, question_id)
        ) WITHOUT ROWID""",
        "CREATE TABLE prefs (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
    # 2: statements already sent to each Learning Record Store, so a second push sends none twice.
    [
        """CREATE TABLE lrs_sent (
            endpoint TEXT NOT NULL,
            statement_id TEXT NOT NULL,
            attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
            sent_at TEXT NOT NULL,
            PRIMARY KEY (endpoint, statement_id)
        ) WITHOUT ROWID""",
    ],
    # 3: live sessions and their participants, so a host that dies can resume (quiz.store.live).
    [
        """CREATE TABLE live_sessions (
            code TEXT PRIMARY KEY,
            bank_id TEXT NOT NULL,
            bank_ref TEXT NOT NULL,
            plan TEXT NOT NULL,
            settings TEXT NOT NULL,
            host_token_hash TEXT NOT NULL,
            state TEXT NOT NULL,
            position INTEGER,
            remaining REAL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            ended_at TEXT
        )""",
        """CREATE TABLE live_participants (
            session_code TEXT NOT NULL REFERENCES live_sessions(code) ON DELETE CASCADE,
            id INTEGER NOT NULL,
            name TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',
            resume_hash TEXT NOT NULL UNIQUE,
            learner_id INTEGER NOT NULL REFERENCES learners(id),
            attempt_id INTEGER REFERENCES attempts(id) ON DELETE SET NULL,
            kicked INTEGER NOT NULL DEFAULT 0,
            joined_at TEXT NOT NULL,
            PRIMARY KEY (session_code, id)
        ) WITHOUT ROWID""",
    ],
    # 4: a live participant's short rejoin code (hashed), to come back from another device, and
    # the seat a duplicate was merged into by the host.
    [
        "ALTER TABLE live_participants ADD COLUMN rejoin_hash TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE live_participants ADD COLUMN merged_into INTEGER",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
