"""SQLite persistence. The only package that imports sqlite3."""

from quiz.store.claims import AttemptInUseError
from quiz.store.connection import DamagedError, DiskFullError, LocationError, LockedError, ReadOnlyError
from quiz.store.db import AttemptRow, Learner, Store, now_iso

__all__ = [
    "AttemptInUseError",
    "AttemptRow",
    "DamagedError",
    "DiskFullError",
    "Learner",
    "LocationError",
    "LockedError",
    "ReadOnlyError",
    "Store",
    "now_iso",
]
