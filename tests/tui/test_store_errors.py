"""The app and a failing database (issue 13, points 9 and 10): a clear message, and on where it can.

A damaged database stops the app before its first screen with the one line the CLI prints; a
full disk or a held lock while answering is a notice, the question stays, and answering again
once the disk has room (or the lock is gone) stores the answer.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from quiz.bank import load_bank
from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.frontends.tui.screens.dialogs import ConfirmDialog, ResumeDialog
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.services.attempts import start_attempt
from quiz.store import DamagedError, Store
from quiz.store import connection as store_connection
from tests.conftest import FIXTURES
from tests.tui.conftest import AppFactory
from tests.tui.test_practice import right_keys


def notices(app: object) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]  # type: ignore[attr-defined]


async def test_a_damaged_database_stops_the_app_before_its_first_screen(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    db = tmp_path / "quiz.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = -1")
    conn.commit()
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    app = app_factory(db=db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert isinstance(app.startup_error, DamagedError)
    assert app.return_code == 1
    assert f"the database {db} is damaged" in str(app.startup_error)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def small_page_database(path: Path) -> Path:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA page_size = 512")
    conn.execute("VACUUM")
    conn.close()
    return path


async def test_a_full_disk_while_answering_is_a_notice_and_the_question_stays(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    db = small_page_database(tmp_path / "quiz.db")
    app = app_factory(db=db, start=StartRequest(bank="sample", mode=Mode.exam, shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        app.store.conn.execute("PRAGMA max_page_count = 1")  # the disk is full from now on
        refused_at = None
        for _ in range(len(screen.run.attempt)):
            position = screen.run.attempt.position
            await pilot.press(*right_keys(screen))
            await pilot.pause()
            if any("Your answer was not saved" in n for n in notices(app)):
                refused_at = position
                break
        assert refused_at is not None, "the disk never filled"
        assert isinstance(app.screen, QuestionScreen)  # still on the question, not crashed
        assert screen.run.attempt.position == refused_at
        assert not screen.run.attempt.is_answered(refused_at)
        assert any("is full" in n and str(db) in n for n in notices(app))
        question_id = screen.run.attempt.question.id
        app.store.conn.execute("PRAGMA max_page_count = 1073741823")  # space freed
        await pilot.press(*right_keys(screen))
        await pilot.pause()
        with Store(db) as store:
            assert question_id in store.answers(screen.run.id)


async def test_a_held_lock_while_answering_is_a_notice_then_answering_again_works(
    app_factory: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_connection, "BUSY_TIMEOUT", 0.1)
    db = tmp_path / "quiz.db"
    app = app_factory(db=db, start=StartRequest(bank="sample", mode=Mode.exam, shuffle=False))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        app.store.conn.execute("PRAGMA busy_timeout = 100")
        holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")
        question_id = screen.run.attempt.question.id
        await pilot.press(*right_keys(screen))
        await pilot.pause()
        assert any("is locked by another program" in n for n in notices(app))
        assert isinstance(app.screen, QuestionScreen)
        assert screen.run.attempt.question.id == question_id
        holder.execute("ROLLBACK")
        holder.close()
        await pilot.press(*right_keys(screen))
        await pilot.pause()
        with Store(db) as store:
            assert question_id in store.answers(screen.run.id)


async def test_an_attempt_open_in_another_window_offers_a_new_one(
    app_factory: AppFactory, tmp_path: Path
) -> None:

    db = tmp_path / "quiz.db"
    other = Store(db)  # another window, answering in the attempt
    run = start_attempt(
        other,
        load_bank(FIXTURES / "sample.toml"),
        other.remember_learner("Aiko"),
        StartRequest(bank="sample"),
    )
    app = app_factory(db=db, name=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeDialog)
        app.resume(run.id)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "open in another quiz" in app.screen.title_text
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.run.id != run.id
    assert other.answers(run.id) == {}
    other.close()
