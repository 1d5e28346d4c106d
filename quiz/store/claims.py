"""One writer per attempt: the process answering in an attempt holds an OS lock on it.

Two ``quiz take`` processes of the same learner on the same bank would otherwise both resume
the same unfinished attempt and overwrite each other's answers. The process that starts or
resumes an attempt takes a lock file for it, beside the database; a second process asking
for the same attempt is told it is in use (and offered a new one). The lock is the operating
system's (``flock``, through ``filelock``), so it ends with its process, even on ``kill -9``:
no stale claim ever needs clearing by hand.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.errors import StoreError
from quiz.i18n import _

if TYPE_CHECKING:
    from filelock import FileLock


class AttemptInUseError(StoreError):
    """Another process is answering in this attempt right now."""

    def __init__(self, attempt_id: int) -> None:
        self.attempt_id = attempt_id
        super().__init__(
            _(
                "attempt {id} is open in another quiz right now (another window or process): "
                "only one may answer in it; finish or leave it there, or start a new attempt"
            ).format(id=attempt_id)
        )


class Claims:
    """The attempts this store's process has claimed, each by a lock file under ``folder``.

    ``folder`` None (an in-memory database) claims within the process only.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._held: dict[int, FileLock | None] = {}

    def claim(self, attempt_id: int) -> None:
        """Claim ``attempt_id`` for this store, or raise ``AttemptInUseError``; claiming again is fine."""
        if attempt_id in self._held:
            return
        lock = self._lock(attempt_id)
        if lock is not None:
            from filelock import Timeout

            try:
                lock.acquire(timeout=0)
            except Timeout:
                raise AttemptInUseError(attempt_id) from None
            except OSError:
                lock = None  # no lock can be made here (a read-only folder): nor can answers be saved
        self._held[attempt_id] = lock

    def release(self, attempt_id: int, *, done: bool = False) -> None:
        """Let other processes have ``attempt_id``; ``done`` (finished, discarded) removes its file."""
        lock = self._held.pop(attempt_id, None)
        if lock is None:
            return
        lock.release()
        if done:
            with contextlib.suppress(OSError):
                Path(lock.lock_file).unlink()

    def release_all(self) -> None:
        for attempt_id in list(self._held):
            self.release(attempt_id)

    def _lock(self, attempt_id: int) -> FileLock | None:
        if self.folder is None:
            return None
        try:
            self.folder.mkdir(exist_ok=True)
        except OSError:
            return None
        from filelock import FileLock  # on first claim: an import that costs the home screen ~70 ms

        return FileLock(self.folder / f"attempt-{attempt_id}.lock", timeout=0, thread_local=False)


def claims_folder(db_path: Path) -> Path | None:
    """Where the lock files of a database live: ``quiz.db.locks`` beside ``quiz.db``."""
    return None if str(db_path) == ":memory:" else db_path.parent / f"{db_path.name}.locks"
