"""SQLite persistence. The only package that imports sqlite3."""

from quiz.store.claims import AttemptInUseError
from quiz.store.connection import DamagedError, DiskFullError, LocationError, LockedError, ReadOnlyError
from quiz.store.db import Store, now_iso
from quiz.store.rows import AnswerRow, AttemptKey, AttemptRow, Learner, PlannedCredit

__all__ = [
    "AnswerRow",
    "AttemptInUseError",
    "AttemptKey",
    "AttemptRow",
    "DamagedError",
    "DiskFullError",
    "Learner",
    "LocationError",
    "LockedError",
    "PlannedCredit",
    "ReadOnlyError",
    "Store",
    "now_iso",
]
