"""Damaged, locked, read-only and full databases (issue 13, points 8-10 and the fault matrix, 17).

Every state is one line naming the database, what is wrong and what to do, with exit code 1;
a damaged file is never written to (its bytes are compared before and after every command);
what only reads (export, report) still works on a read-only, locked or full database.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quiz.cli import cli
from quiz.store import DamagedError, DiskFullError, LocationError, LockedError, Store
from quiz.store import connection as store_connection
from quiz.store.schema import SCHEMA_VERSION
from tests.conftest import FIXTURES

SAMPLE = str(FIXTURES / "sample.toml")
RIGHT = ["1", "1,2", "2", "2", "1"]  # sample.toml with --no-shuffle: s1, m1, tf1, h1, h2


def run(*args: str, stdin: str = "") -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin)


def take(db: Path, stdin: str = "", *extra: str) -> Result:
    return run(
        "--db", str(db), "take", SAMPLE, "--plain", "--no-shuffle", "--name", "Ona", *extra, stdin=stdin
    )


def seeded(path: Path) -> Path:
    """A database holding one finished attempt on the sample bank, with nothing left in its log.

    Its pages are small, so that a full disk is felt at the next attempt's first writes.
    """
    small_pages(path)
    result = take(path, "\n".join(RIGHT) + "\n")
    assert result.exit_code == 0, result.output
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def error_line(result: Result) -> str:
    """Exit 1, no traceback, exactly one ``Error:`` line (returned)."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output  # on a line of its own, after any prompt
    return errors[0]


# -- the states -------------------------------------------------------------------------------


def corrupt_table(path: Path, table: str, *, last_leaf: bool = False) -> None:
    """Random bytes over the root page of ``table``, the rest of the file untouched.

    With ``last_leaf``, over the root's right-most child instead (the table must span pages):
    a scan reads its first rows and meets the damage only later, while its rows are fetched.
    The bytes come from a generator seeded by the arguments, so a failure happens again.
    """
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    (page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    conn.close()
    with path.open("r+b") as fh:
        if last_leaf:  # an interior b-tree page's header holds the right-most child at bytes 8-11
            fh.seek((page - 1) * page_size)
            header = fh.read(12)
            assert header[0] in (0x02, 0x05), "the table fits in one page"
            page = int.from_bytes(header[8:12], "big")
        fh.seek((page - 1) * page_size + 8)
        fh.write(random.Random(f"{table} {page}").randbytes(page_size - 8))


def run_sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


DAMAGED_STATES: dict[str, Callable[[Path], None]] = {
    "random-bytes-in-pages": lambda p: corrupt_table(p, "answers"),
    "random-bytes-in-attempts": lambda p: corrupt_table(p, "attempts"),
    "not-sqlite-at-all": lambda p: p.write_bytes(os.urandom(8192)),
    "answers-table-missing": lambda p: run_sql(p, "DROP TABLE answers"),
    "user-version-minus-1": lambda p: run_sql(p, "PRAGMA user_version = -1"),
    "user-version-0-with-tables": lambda p: run_sql(p, "PRAGMA user_version = 0"),
}


def small_pages(path: Path) -> None:
    """A new database of 512-byte pages, which fill after a few answers."""
    run_sql(path, "PRAGMA page_size = 512", "VACUUM")


@pytest.mark.parametrize("state", sorted(DAMAGED_STATES))
def test_a_damaged_database_is_named_with_the_way_out_and_left_unwritten(tmp_path: Path, state: str) -> None:
    db = seeded(tmp_path / "quiz.db")
    DAMAGED_STATES[state](db)
    before = digest(db)
    with pytest.raises(DamagedError) as caught:
        Store(db)
    message = str(caught.value)
    assert f"the database {db} is damaged" in message
    assert "nothing was written to it" in message
    assert f"mv '{db}' '{db}.damaged'" in message
    assert "starts a new, empty database" in message
    assert digest(db) == before


def test_user_version_minus_1_no_longer_replays_a_migration(tmp_path: Path) -> None:
    db = seeded(tmp_path / "quiz.db")
    run_sql(db, "PRAGMA user_version = -1")
    with pytest.raises(DamagedError, match="its schema version is -1"):
        Store(db)


def test_a_missing_table_is_named(tmp_path: Path) -> None:
    db = seeded(tmp_path / "quiz.db")
    run_sql(db, "DROP TABLE answers")
    with pytest.raises(DamagedError, match="the table or index answers is missing"):
        Store(db)


@pytest.mark.parametrize("where", ["root-page", "page-read-after-the-first-rows"])
def test_damage_found_mid_session_stops_every_later_statement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    db = seeded(tmp_path / "quiz.db")
    later = where == "page-read-after-the-first-rows"
    if later:  # a second attempt's answers put the table on a second page
        assert take(db, "\n".join(RIGHT) + "\n").exit_code == 0
    corrupt_table(db, "answers", last_leaf=later)
    before = digest(db)
    # Damage that appears after the check at open (a disk failing while the app runs):
    monkeypatch.setattr(store_connection, "check_schema", lambda conn, path: None)
    store = Store(db)
    try:
        with pytest.raises(DamagedError):
            store.conn.execute("SELECT * FROM answers").fetchall()
        with pytest.raises(DamagedError):  # refused before SQLite is even asked
            store.set_pref("theme", "textual-light")
        assert digest(db) == before
    finally:
        store.close()


def test_a_new_database_still_opens_in_wal_mode(tmp_path: Path) -> None:
    with Store(tmp_path / "new.db") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# -- 8. QUIZ_HOME is a file --------------------------------------------------------------------


@pytest.fixture
def home_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home-file"
    home.write_text("not a folder")
    monkeypatch.setenv("QUIZ_HOME", str(home))
    return home


@pytest.mark.parametrize(
    "args",
    [
        ["take", SAMPLE, "--plain", "--name", "Ona"],
        ["export"],
        ["report", "sample"],
        ["lrs", "push", "--endpoint", "http://127.0.0.1:9/xAPI"],
    ],
    ids=lambda args: args[0],
)
def test_quiz_home_pointing_at_a_file_is_one_line(home_is_a_file: Path, args: list[str]) -> None:
    line = error_line(run(*args))
    assert f"{home_is_a_file} is a file, not a folder" in line
    assert "QUIZ_HOME" in line
    assert home_is_a_file.read_text() == "not a folder"


def test_quiz_home_pointing_at_a_file_leaves_banks_and_validate_working(home_is_a_file: Path) -> None:
    assert run("banks").exit_code == 0
    assert run("validate").exit_code == 0


def test_db_pointing_at_a_folder_is_one_line(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path), "export")
    assert result.exit_code == 2  # click's own usage error
    assert "is a directory" in result.output
    with pytest.raises(LocationError, match=f"the database {tmp_path} is a folder"):
        Store(tmp_path)


# -- 10. read-only, locked, full ---------------------------------------------------------------


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a database read-only as the app sees it. Tests run as root, who may write any file,
    so the permission check is answered at the OS boundary; SQLite then opens it read-only and
    refuses every write with its own error."""

    def make(path: Path) -> None:
        real_access = os.access

        def access(target: object, mode: int, *args: object, **kwargs: object) -> bool:
            if Path(str(target)) == path and mode & os.W_OK:
                return False
            return real_access(target, mode, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)

    return make


def test_a_read_only_database_still_exports_but_refuses_to_take(
    tmp_path: Path, read_only: Callable[[Path], None]
) -> None:
    db = seeded(tmp_path / "quiz.db")
    read_only(db)
    before = digest(db)
    exported = run("--db", str(db), "export", "--format", "csv")
    assert exported.exit_code == 0, exported.output
    assert "Ona" in exported.output
    line = error_line(take(db, "1\n"))
    assert f"the database {db} is read-only" in line
    assert "chmod u+w" in line
    assert digest(db) == before


def without_permission_override() -> list[str]:
    """The command prefix that makes file permissions bind, as they do for an ordinary user.

    Root may write a file whose mode forbids it; with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
    out of its bounding set (util-linux's setpriv) a process run as root is refused like anyone
    else, yet can still read this checkout's Python under /root. Another user needs no prefix.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root needs util-linux's setpriv to give up overriding file permissions")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_a_really_read_only_database_as_an_ordinary_user(tmp_path: Path) -> None:
    prefix = without_permission_override()
    db = seeded(tmp_path / "quiz.db")
    db.chmod(0o444)
    before = digest(db)
    env = {**os.environ, "QUIZ_HOME": str(tmp_path), "HOME": str(tmp_path)}

    def quiz(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "quiz", "--db", str(db), *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    taken = quiz("take", SAMPLE, "--plain", "--name", "Ona", stdin="1\n")
    assert taken.returncode == 1, taken.stderr
    assert "Traceback" not in taken.stderr
    assert f"the database {db} is read-only" in taken.stderr
    exported = quiz("export", "--format", "csv")
    assert exported.returncode == 0, exported.stderr
    assert "Traceback" not in exported.stderr
    assert "Ona" in exported.stdout
    assert digest(db) == before


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    """Writers wait 0.2 s for the lock, not 5 s: the deadline is injected, no test waits for real."""
    monkeypatch.setattr(store_connection, "BUSY_TIMEOUT", 0.2)
    return 0.2


@pytest.fixture
def write_lock_held() -> Iterator[Callable[[Path], None]]:
    """Another program (an sqlite3 shell, say) holding the write lock on a database."""
    holders: list[sqlite3.Connection] = []

    def hold(path: Path) -> None:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        holders.append(conn)

    yield hold
    for conn in holders:
        conn.execute("ROLLBACK")
        conn.close()


def test_a_held_write_lock_is_one_line_after_the_deadline(
    tmp_path: Path, short_busy_timeout: float, write_lock_held: Callable[[Path], None]
) -> None:
    db = seeded(tmp_path / "quiz.db")
    write_lock_held(db)
    line = error_line(take(db, "1\n"))
    assert f"the database {db} is locked by another program (waited 0.2 s)" in line
    assert "try again" in line
    exported = run("--db", str(db), "export")
    assert exported.exit_code == 0, exported.output  # readers are not held up in WAL mode


def test_the_lock_error_says_nothing_was_saved(
    tmp_path: Path, short_busy_timeout: float, write_lock_held: Callable[[Path], None]
) -> None:
    store = Store(tmp_path / "quiz.db")
    write_lock_held(tmp_path / "quiz.db")
    with pytest.raises(LockedError, match="this change was not saved"):
        store.set_pref("theme", "x")
    store.close()


@pytest.fixture
def disk_fills(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Call it and the disk is full: no connection opened after may grow its file.

    SQLite's ``max_page_count`` (clamped to the file's size when set) makes it answer
    SQLITE_FULL, "database or disk is full", exactly as a full disk does; no tmpfs or root is
    needed, and the pages already there keep their free space, as a real disk's files do.
    """

    def fill() -> None:
        monkeypatch.setattr(store_connection, "PRAGMAS", (*store_connection.PRAGMAS, "max_page_count = 1"))

    return fill


def test_a_full_disk_mid_quiz_is_one_line_and_loses_no_stored_answer(
    tmp_path: Path, disk_fills: Callable[[], None]
) -> None:
    db = tmp_path / "quiz.db"
    small_pages(db)
    bundled = str(Path(__file__).parents[2] / "questions" / "sanctions.toml")
    args = ("--db", str(db), "take", bundled, "--plain", "--no-shuffle", "--name", "Ona")
    first = run(*args, stdin="1\n1\n")  # two answers, then the input ends: resumable
    assert first.exit_code == 0, first.output
    disk_fills()
    result = run(*args, stdin="y\n" + "1\n" * 80)
    line = error_line(result)
    assert f"the disk holding the database {db} is full" in line
    assert "everything saved before is kept" in line
    acknowledged = result.output.count("Correct answer:")  # printed once the answer is stored
    assert acknowledged >= 1, "the disk should fill mid-quiz, after some answers"
    with Store(db) as store:
        (row,) = store.attempts(finished=None)
        assert len(store.answers(row.id)) >= 2 + acknowledged


def test_the_disk_full_error_is_typed(tmp_path: Path, disk_fills: Callable[[], None]) -> None:
    disk_fills()
    conn = store_connection.open_database(tmp_path / "grown.db")
    try:
        with pytest.raises(DiskFullError):
            conn.executescript("CREATE TABLE t (x TEXT); INSERT INTO t VALUES (randomblob(100000));")
    finally:
        conn.close()


# -- 17. the fault matrix: each database state times take --plain, export, report, banks ------


@dataclass(frozen=True)
class Expect:
    take: str | None
    """Text of take's one-line error; None: it works (exit 0)."""
    reads: str | None
    """Text of export's and report's error; None: they work."""
    unchanged: bool
    """The database file's bytes must be the same after every command."""


@dataclass
class Prepared:
    db: Path


def prepare(state: str, tmp_path: Path, request: pytest.FixtureRequest) -> Prepared:
    db = seeded(tmp_path / "quiz.db")
    if state in DAMAGED_STATES:
        DAMAGED_STATES[state](db)
    elif state == "newer-schema":
        run_sql(db, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    elif state == "read-only":
        request.getfixturevalue("read_only")(db)
    elif state == "write-locked":
        request.getfixturevalue("short_busy_timeout")
        request.getfixturevalue("write_lock_held")(db)
    elif state == "disk-full":
        request.getfixturevalue("disk_fills")()
    return Prepared(db)


DAMAGED = Expect("is damaged", "is damaged", unchanged=True)
MATRIX: dict[str, Expect] = {
    **dict.fromkeys(DAMAGED_STATES, DAMAGED),
    "newer-schema": Expect("newer resilience-quiz", "newer resilience-quiz", unchanged=True),
    "read-only": Expect("is read-only", None, unchanged=True),
    "write-locked": Expect("is locked by another program", None, unchanged=True),
    "disk-full": Expect("is full", None, unchanged=False),
}


@pytest.fixture
def sample_installed(quiz_home: Path) -> None:
    """The sample bank among the user's banks, so that `quiz report sample` finds it by id."""
    (quiz_home / "banks").mkdir(parents=True)
    (quiz_home / "banks" / "sample.toml").write_bytes((FIXTURES / "sample.toml").read_bytes())


@pytest.mark.usefixtures("sample_installed")
@pytest.mark.parametrize("command", ["take", "export", "report", "banks"])
@pytest.mark.parametrize("state", sorted(MATRIX))
def test_fault_matrix(tmp_path: Path, request: pytest.FixtureRequest, state: str, command: str) -> None:
    prepared = prepare(state, tmp_path, request)
    db = prepared.db
    expect = MATRIX[state]
    before = digest(db)
    if command == "take":
        result = take(db, "\n".join(["1"] * 60) + "\n")
        wanted = expect.take
    elif command == "export":
        result = run("--db", str(db), "export", "--format", "json")
        wanted = expect.reads
    elif command == "report":
        result = run("--db", str(db), "report", "sample")
        wanted = expect.reads
    else:
        result = run("--db", str(db), "banks")
        wanted = None  # listing banks needs no database
    if wanted is None:
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
    else:
        line = error_line(result)
        assert wanted in line
        assert str(db) in line
    if expect.unchanged:
        assert digest(db) == before, "the damaged database was written to"


@pytest.mark.usefixtures("sample_installed")
def test_fault_matrix_as_real_processes_prints_no_traceback(tmp_path: Path) -> None:
    db = seeded(tmp_path / "quiz.db")
    corrupt_table(db, "answers")
    before = digest(db)
    for args in (["take", SAMPLE, "--plain", "--name", "Ona"], ["export"], ["report", "sample"]):
        proc = subprocess.run(
            [sys.executable, "-m", "quiz", "--db", str(db), *args],
            input="",
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert "is damaged" in proc.stderr
    assert digest(db) == before


def test_location_errors_are_typed(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(LocationError, match="is a file, not a folder"):
        Store(tmp_path / "file" / "quiz.db")
