"""One error hierarchy, so the CLI can tell a user's mistake from a bug.

Anything raised as a ``QuizError`` is shown as a one-line message and a non-zero exit;
anything else is a defect and keeps its traceback.
"""

from __future__ import annotations


class QuizError(Exception):
    """A problem the user can fix: bad input, a missing bank, a locked database."""

    exit_code: int = 1


class BankNotFoundError(QuizError):
    """A bank id or path that names no bank."""


class StoreError(QuizError):
    """The database cannot be opened or is from a newer version of the app."""
