"""Opening the database, checked before anything is written to it, and its errors in words.

Every way the database can fail a user is one ``StoreError`` naming the file, what is wrong
and what to do: a data folder that is a file, a damaged file (random bytes in its pages, a
missing table, a schema version that cannot be), a read-only file, another program holding
the write lock, a full disk. A damaged file is never written to: it is checked before the
first write of a session (even ``PRAGMA journal_mode`` writes its header), and once SQLite
reports damage the connection refuses every further statement.

A read-only database still opens, read-only, so that exports and reports work; what would
write fails with a ``ReadOnlyError``.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from quiz.errors import StoreError
from quiz.i18n import _, ngettext
from quiz.i18n.lists import together
from quiz.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT = 5.0
"""Seconds a write waits for another process's write lock before saying so: SQLite's writers
hold it for milliseconds, so five seconds means a program keeps it (tests make it shorter)."""

PRAGMAS = ("synchronous = NORMAL", "foreign_keys = ON")
"""Set on every connection once the file is known to be sound (tests add ``max_page_count``)."""

_HEADER = b"SQLite format 3\x00"
_last_opened: Path | None = None
"""The database a raw ``sqlite3.Error`` most likely came from, for ``translate_unexpected``."""
_OBJECT = re.compile(r"^\s*CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX)\s+(\w+)", re.IGNORECASE)


class DamagedError(StoreError):
    """The file is not a sound database of this app: it is left exactly as it was."""


class LockedError(StoreError):
    """Another program held the write lock for longer than ``BUSY_TIMEOUT``."""


class ReadOnlyError(StoreError):
    """The database (or its folder) cannot be written."""


class DiskFullError(StoreError):
    """The disk (or the database's size limit) is full: the change was not saved."""


class LocationError(StoreError):
    """The database's path or folder cannot hold a database."""


def recovery(path: Path) -> str:
    return _(
        "move it aside (mv '{path}' '{path}.damaged') and run quiz again: it starts a new, empty "
        "database (sqlite3's .recover may rescue answers from the old one)"
    ).format(path=path)


def damaged(path: Path, detail: str) -> DamagedError:
    return DamagedError(
        _("the database {path} is damaged ({detail}); nothing was written to it: {recovery}").format(
            path=path, detail=detail, recovery=recovery(path)
        )
    )


def translate(exc: sqlite3.Error, path: Path) -> StoreError | None:
    """The ``StoreError`` a user should see for ``exc``, or None for a defect of the app itself."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return damaged(path, text)
    if primary == sqlite3.SQLITE_ERROR and text.startswith(("no such table", "no such column")):
        return damaged(path, _("its tables are not the app's: {why}").format(why=text))
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return LockedError(
            _(
                "the database {path} is locked by another program (waited {seconds} s); this change "
                "was not saved: close the other program using it (a quiz hosting or exporting, an "
                "sqlite3 shell) and try again"
            ).format(path=path, seconds=f"{BUSY_TIMEOUT:g}")
        )
    if primary == sqlite3.SQLITE_READONLY:
        return ReadOnlyError(
            _(
                "the database {path} is read-only, so nothing can be saved in it: make it and its "
                "folder writable (chmod u+w), or choose another database with --db"
            ).format(path=path)
        )
    if primary == sqlite3.SQLITE_FULL:
        return DiskFullError(
            _(
                "the disk holding the database {path} is full: this change was not saved (everything "
                "saved before is kept); free some space and try again"
            ).format(path=path)
        )
    if primary == sqlite3.SQLITE_IOERR:
        message = _("cannot read or write the database {path} ({why}): check the disk it is on")
        return StoreError(message.format(path=path, why=text))
    if primary == sqlite3.SQLITE_CANTOPEN:
        message = _(
            "cannot open the database {path} ({why}): check that its folder exists and may be written"
        )
        return LocationError(message.format(path=path, why=text))
    if primary == sqlite3.SQLITE_PERM:
        message = _("the database {path} cannot be accessed ({why}): check its permissions")
        return ReadOnlyError(message.format(path=path, why=text))
    return None


def translate_unexpected(exc: BaseException) -> StoreError | None:
    """``translate`` for an error raised past the store's statements (while rows are read)."""
    if isinstance(exc, sqlite3.Error) and _last_opened is not None:
        return translate(exc, _last_opened)
    return None


class Cursor(sqlite3.Cursor):
    """A cursor whose ``execute`` and ``fetch*`` errors are ``StoreError``s.

    ``execute`` reads only the first row: damage in a page read after it is met while the rows
    are fetched, and must stop later statements as well. Iterating over the cursor is left to C
    (one Python call per row would slow the exports); what it raises, the CLI translates
    (``translate_unexpected``).
    """

    connection: Connection

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor:
        self.connection.refuse_if_damaged()
        try:
            return super().execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self.connection.translated(exc) from exc

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> Cursor:
        self.connection.refuse_if_damaged()
        try:
            return super().executemany(sql, seq_of_parameters)
        except sqlite3.Error as exc:
            raise self.connection.translated(exc) from exc

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise self.connection.translated(exc) from exc

    def fetchmany(self, size: int | None = 1) -> list[Any]:
        try:
            return super().fetchmany(self.arraysize if size is None else size)
        except sqlite3.Error as exc:
            raise self.connection.translated(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise self.connection.translated(exc) from exc


class Connection(sqlite3.Connection):
    """A connection that says what went wrong in the user's words, and stops at damage."""

    db_path: Path = Path()
    damage: DamagedError | None = None

    def translated(self, exc: sqlite3.Error) -> Exception:
        found = translate(exc, self.db_path)
        if isinstance(found, DamagedError):
            self.damage = found
        return found if found is not None else exc

    def refuse_if_damaged(self) -> None:
        if self.damage is not None:
            raise self.damage

    def cursor(self, factory: Any = Cursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor:
        cursor: Cursor = self.cursor()
        return cursor.execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Cursor:
        cursor: Cursor = self.cursor()
        return cursor.executemany(sql, parameters)

    def executescript(self, sql_script: str, /) -> Cursor:
        self.refuse_if_damaged()
        try:
            cursor: Cursor = super().executescript(sql_script)  # type: ignore[assignment]
        except sqlite3.Error as exc:
            raise self.translated(exc) from exc
        return cursor

    def commit(self) -> None:
        try:
            super().commit()
        except sqlite3.Error as exc:
            raise self.translated(exc) from exc

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> Literal[False]:
        try:
            return super().__exit__(exc_type, exc, tb)
        except sqlite3.Error as error:
            raise self.translated(error) from error


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """The block's writes as one: all stored, or none (the write lock is taken first)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself after some errors (a full disk)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def open_database(path: Path) -> Connection:
    """A checked connection to the database at ``path`` (made when missing), or a ``StoreError``.

    An existing file is first checked through a read-only connection, which cannot write to
    it even when it closes (a read-write one may checkpoint its log into the file then).
    """
    if str(path) == ":memory:":
        conn = _connect(":memory:", path, uri=False)
        _configure(conn, writable=True)
        return conn
    _check_location(path)
    exists = path.exists()
    uri = path.resolve().as_uri()
    if exists and path.stat().st_size > 0:
        _check_header(path)
        probe = _connect(f"{uri}?mode=ro", path, uri=True)
        try:
            probe.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            check_schema(probe, path)
        except sqlite3.Error as exc:  # met while reading the check's rows
            raise probe.translated(exc) from exc
        finally:
            probe.close()
    writable = not exists or os.access(path, os.W_OK)
    conn = _connect(f"{uri}?mode={'rwc' if writable else 'ro'}", path, uri=True)
    try:
        _configure(conn, writable=writable)
    except BaseException:
        conn.close()
        raise
    return conn


def _connect(target: str, path: Path, *, uri: bool) -> Connection:
    try:
        conn = sqlite3.connect(
            target,
            timeout=BUSY_TIMEOUT,
            isolation_level=None,
            check_same_thread=False,
            factory=Connection,
            uri=uri,
        )
    except sqlite3.Error as exc:
        raise translate(exc, path) or StoreError(
            _("cannot open the database {path}: {why}").format(path=path, why=exc)
        ) from exc
    assert isinstance(conn, Connection)
    conn.db_path = path
    global _last_opened
    _last_opened = path
    return conn


def _configure(conn: Connection, *, writable: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    if writable:
        conn.execute("PRAGMA journal_mode = WAL")
    for pragma in PRAGMAS:
        conn.execute(f"PRAGMA {pragma}")


def _check_location(path: Path) -> None:
    folder = path.parent
    for place in (folder, *folder.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                raise LocationError(
                    _(
                        "cannot keep the database {path}: {place} is a file, not a folder; point "
                        "QUIZ_HOME at a folder (it is made when missing), or --db at a database file"
                    ).format(path=path, place=place)
                )
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LocationError(
            _(
                "cannot make the folder {folder} for the database: {why}; point "
                "QUIZ_HOME at a folder you can write, or --db at a database file"
            ).format(folder=folder, why=exc.strerror or exc)
        ) from exc
    if path.is_dir():
        raise LocationError(
            _("the database {path} is a folder: --db needs a file (it is made when missing)").format(
                path=path
            )
        )
    try:
        mode = path.stat().st_mode if path.exists() else stat.S_IFREG
    except OSError as exc:
        message = _("cannot open the database {path}: {why}")
        raise LocationError(message.format(path=path, why=exc.strerror or exc)) from exc
    if not stat.S_ISREG(mode):
        raise LocationError(
            _("the database {path} is not a regular file: --db needs a database file").format(path=path)
        )


def _check_header(path: Path) -> None:
    """A file that is not SQLite at all is told apart before SQLite touches it."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_HEADER))
    except OSError as exc:
        message = _("cannot read the database {path}: {why}")
        raise LocationError(message.format(path=path, why=exc.strerror or exc)) from exc
    if head and head != _HEADER:
        raise damaged(path, _("it is not an SQLite database: its first bytes are not SQLite's"))


def schema_objects(version: int) -> set[str]:
    """The tables and indexes the first ``version`` migrations create."""
    return {
        found.group(1)
        for migration in MIGRATIONS[: max(0, version)]
        for statement in migration
        if (found := _OBJECT.match(statement))
    }


def check_schema(conn: Connection, path: Path) -> None:
    """Refuse a file whose schema or pages are not sound, reading only.

    A missing table, a table from a later version than ``user_version`` says, or a version
    below 0 would make the migrations fail half-way or replay; ``quick_check`` reads every
    page, so random bytes anywhere are found before the first write. The reads are one
    transaction: read apart, another process migrating between them made a sound new
    database look damaged.
    """
    conn.execute("BEGIN")
    try:
        _check_schema(conn, path)
    finally:
        if conn.in_transaction and conn.damage is None:  # after damage, closing ends it
            conn.execute("ROLLBACK")


def _check_schema(conn: Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version < 0:
        raise damaged(path, _("its schema version is {version}").format(version=version))
    if version > SCHEMA_VERSION:
        return  # a newer app's database: the migration step says so
    names = {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")
    }
    expected = schema_objects(version)
    missing = sorted(expected - names)
    if missing:
        raise damaged(path, _listed(missing, version, present=False))
    early = sorted((schema_objects(SCHEMA_VERSION) - expected) & names)
    if early:
        raise damaged(path, _listed(early, version, present=True))
    found = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
    if found != ["ok"]:
        lines = [line.strip() for row in found for line in str(row).splitlines()]
        problems = [line for line in lines if line and not line.startswith("***")] or ["quick_check failed"]
        if len(problems) > 1:
            message = ngettext(
                "SQLite's check found: {problem} and {n} more",
                "SQLite's check found: {problem} and {n} more",
                len(problems) - 1,
            )
        else:
            message = _("SQLite's check found: {problem}")
        raise damaged(path, message.format(problem=problems[0], n=len(problems) - 1))


def _listed(names: list[str], version: int, *, present: bool) -> str:
    """Which tables or indexes are missing, or present too early, at schema ``version``."""
    if present:
        message = ngettext(
            "the table or index {names} is present, which schema version {version} cannot have",
            "the tables or indexes {names} are present, which schema version {version} cannot have",
            len(names),
        )
    else:
        message = ngettext(
            "the table or index {names} is missing at schema version {version}",
            "the tables or indexes {names} are missing at schema version {version}",
            len(names),
        )
    return message.format(names=together(names), version=version)
