"""SQLite persistence. The only package that imports sqlite3."""

from quiz.store.db import AttemptRow, Learner, Store, now_iso

__all__ = ["AttemptRow", "Learner", "Store", "now_iso"]
