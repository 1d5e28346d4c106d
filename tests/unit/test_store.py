from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from quiz.bank import Bank, load_bank
from quiz.engine import Confidence, plan_attempt
from quiz.errors import StoreError
from quiz.services.attempts import RecordedAttempt
from quiz.store import Store
from quiz.store.connection import Connection, check_schema
from quiz.store.schema import SCHEMA_VERSION
from tests.conftest import FIXTURES
from tests.questions import right


def test_new_database_is_migrated_and_in_wal_mode(store: Store) -> None:
    assert store.schema_version == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer resilience-quiz"):
        Store(path)


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=r"is damaged \(it is not an SQLite database"):
        Store(path)


def test_learner_is_created_once(store: Store) -> None:
    a = store.learner("Ona", email="ona@example.org")
    b = store.learner(" Ona ", email="ona@example.org")
    c = store.learner("Ona")
    assert a == b
    assert c.id != a.id
    assert [x.name for x in store.learners()] == ["Ona", "Ona"]


def test_answers_are_stored_as_given_and_attempt_resumes(store: Store, sample_bank: Bank) -> None:
    learner = store.learner("Aiko")
    plan = plan_attempt(sample_bank, seed=7)
    run = RecordedAttempt.start(store, sample_bank, learner, plan, "practice")
    first = run.attempt.question
    run.answer([0], seconds=2.5, confidence=Confidence.mid)
    run.toggle_flag()
    run.go_to(2)
    run.leave()  # one writer per attempt: the first process lets go (or dies) before another resumes

    # A second connection (another process, in effect) sees the answer already.
    with Store(store.path) as other:
        resumable = other.unfinished(learner.id)
        assert [r.id for r in resumable] == [run.id]
        stored = other.answers(run.id)
        assert stored[first.id].seconds == 2.5
        assert stored[first.id].confidence is Confidence.mid
        resumed = RecordedAttempt.resume(other, sample_bank, run.id)
        assert resumed.attempt.position == 2
        assert resumed.attempt.flagged == {first.id}
        assert resumed.attempt.plan == plan


def test_finish_records_score_and_leaves_unfinished_list(store: Store, sample_bank: Bank) -> None:
    learner = store.learner("Jonas")
    run = RecordedAttempt.start(store, sample_bank, learner, plan_attempt(sample_bank), "exam")
    for position in range(len(run.attempt)):
        run.go_to(position)
        order = run.attempt.item.order
        run.answer([order.index(i) for i in right(run.attempt.question)])
    score = run.finish()
    assert score.percent == 100.0
    row = store.attempt(run.id)
    assert row.finished
    assert row.percent == 100.0
    assert row.passed is True
    assert store.unfinished(learner.id) == []
    assert [r.id for r in store.attempts(bank_id="sample", mode="exam")] == [run.id]
    assert store.attempts(mode="practice") == []
    rows = list(store.answer_rows([run.id]))
    assert [r.question_id for r in rows] == store.attempt(run.id).plan.question_ids
    assert all(r.correct is True and r.credit == 1.0 for r in rows)
    assert [r.position for r in rows] == list(range(len(sample_bank.questions)))


def test_prefs_round_trip(store: Store) -> None:
    assert store.get_pref("theme") is None
    store.set_pref("theme", "textual-dark")
    store.set_pref("theme", "high-contrast")
    assert store.get_pref("theme") == "high-contrast"


def _writer(db: str, name: str, attempts: int) -> None:
    bank = load_bank(FIXTURES / "sample.toml")
    with Store(db) as store:
        learner = store.learner(name)
        for i in range(attempts):
            run = RecordedAttempt.start(store, bank, learner, plan_attempt(bank, seed=i), "practice")
            for position in range(len(run.attempt)):
                run.go_to(position)
                run.answer([0])
            run.finish()


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.db")
    Store(db).close()  # create it, so both writers race on rows rather than on the schema
    ctx = multiprocessing.get_context("spawn")
    writers = [ctx.Process(target=_writer, args=(db, f"w{i}", 40)) for i in range(2)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(120)
        assert w.exitcode == 0
    with Store(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(store.attempts()) == 80
        assert store.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 80 * 5
        per_learner = {x.name: len(store.attempts(learner_id=x.id)) for x in store.learners()}
        assert per_learner == {"w0": 40, "w1": 40}


def _opener(db: str, failures: Any) -> None:
    try:
        Store(db).close()
    except BaseException as exc:  # the test says why a process failed, not only that it did
        failures.put(f"{type(exc).__name__}: {exc}")
        raise


def test_two_processes_creating_the_database_at_once(tmp_path: Path) -> None:
    db = str(tmp_path / "fresh.db")
    ctx = multiprocessing.get_context("spawn")
    failures = ctx.Queue()
    procs = [ctx.Process(target=_opener, args=(db, failures)) for _ in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    reasons = [failures.get(timeout=5) for p in procs if p.exitcode != 0]
    assert reasons == []
    with Store(db) as store:
        assert store.schema_version == SCHEMA_VERSION


def test_the_schema_check_reads_one_snapshot_while_another_process_migrates(tmp_path: Path) -> None:
    """The check read the version and the tables in two transactions: a process that migrated
    between the two made a sound new database look damaged ("present, which schema version 0
    cannot have"), and a learner's `quiz` refused to start beside another one starting."""
    db = tmp_path / "fresh.db"
    made = sqlite3.connect(db)  # as another process leaves it: WAL set, not migrated yet
    made.execute("PRAGMA journal_mode = WAL")
    made.close()

    class MigratedMeanwhile(Connection):
        def execute(self, sql: str, parameters: Any = (), /) -> Any:
            if "sqlite_master" in sql and not migrated:
                migrated.append(True)
                Store(db).close()
            return super().execute(sql, parameters)

    migrated: list[bool] = []
    probe = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, factory=MigratedMeanwhile)
    try:
        check_schema(probe, db)
    finally:
        probe.close()
    assert migrated == [True]


def test_a_learners_name_keeps_no_control_or_invisible_character(store: Store) -> None:
    # `quiz take --name` stored "Ona\x1b[2J\x07" as typed: the escape cleared the teacher's
    # screen when a csv export or `quiz report` printed the name, and a bidi override
    # reversed what came after it. The live room already cleaned names; now every learner's is.
    ona = store.learner(
        "Ona\x1b[2J\x07\nPetraitė\u202e\u200b", email="ona@example.lt\x1b", username="\tona\u2066"
    )
    assert (ona.name, ona.email, ona.username) == ("Ona[2J Petraitė", "ona@example.lt", "ona")
    assert store.learner("Ona\x1b[2J\nPetraitė").id == store.learner("Ona[2J Petraitė").id
    assert (
        store.learner("Ona  Petraitė").name == "Ona  Petraitė"
    )  # as typed otherwise: the same learner as before
    with pytest.raises(StoreError):
        store.learner("\u200b\u2066")
