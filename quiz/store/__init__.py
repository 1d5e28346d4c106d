"""SQLite persistence. The only package that imports sqlite3."""

from typing import TYPE_CHECKING

from quiz.infra.lazy import lazy_exports
from quiz.store.claims import AttemptInUseError
from quiz.store.connection import DamagedError, DiskFullError, LocationError, LockedError, ReadOnlyError
from quiz.store.db import Store, now_iso
from quiz.store.rows import AttemptHead, AttemptKey, AttemptRow, Learner, PlannedCredit

if TYPE_CHECKING:
    from quiz.store.answers import AnswerRow

__all__ = [
    "AnswerRow",
    "AttemptHead",
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

# On first use: it imports msgspec, which the home screen does without (see quiz.store.answers).
__getattr__ = lazy_exports(__name__, {"AnswerRow": "quiz.store.answers"})
