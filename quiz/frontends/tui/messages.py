"""What screens ask of the app: messages up, never calls into it.

A screen shows what it is given and posts one of these when the learner wants something that
changes the app's state (start a quiz, go home, open the history). The app handles each in an
``on_...`` method of the same name, so every flow between screens is in one place.

Written with ``__init__`` rather than as dataclasses: the app imports them all before its first
frame, where building ten dataclasses (their methods compiled from source) cost 16 M of the
start-up's instructions (``benchmarks/startup.py --instructions``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.message import Message

from quiz.engine.request import Mode, StartRequest

if TYPE_CHECKING:
    from quiz.frontends.tui.launch import JoinRequest
    from quiz.services.attempts import RecordedAttempt


class StartQuiz(Message):
    """Plan and open a new attempt."""

    def __init__(self, request: StartRequest) -> None:
        super().__init__()
        self.request = request


class ChooseOptions(Message):
    """The learner picked a way to train on a bank: ask the options, then start."""

    def __init__(self, bank_id: str | None, mode: Mode) -> None:
        super().__init__()
        self.bank_id = bank_id
        self.mode = mode


class AttemptOver(Message):
    """The attempt is finished (or its time ran out): score it and show the results."""

    def __init__(self, run: RecordedAttempt, timed_out: bool = False, late_by: float | None = None) -> None:
        super().__init__()
        self.run = run
        self.timed_out = timed_out
        self.late_by = late_by
        """With ``timed_out``: an answer given this many seconds after the limit, not counted."""


class GoHome(Message):
    """Close every screen above the home screen."""


class ShowHistory(Message):
    def __init__(self, bank_id: str | None) -> None:
        super().__init__()
        self.bank_id = bank_id


class OpenAttempt(Message):
    """Show a finished attempt question by question (from the history)."""

    def __init__(self, attempt_id: int) -> None:
        super().__init__()
        self.attempt_id = attempt_id


class JoinLive(Message):
    """Open the form to join a live session."""


class JoinSession(Message):
    """The join form is filled in: connect to the session."""

    def __init__(self, request: JoinRequest) -> None:
        super().__init__()
        self.request = request


class JoinFailed(Message):
    """The session refused the learner or could not be reached: back to the join form, saying why."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class SessionLeft(Message):
    """The learner left the live session (or it is over and they go): home, or out of the
    program when ``quiz join`` started it."""


class HostClosed(Message):
    """The host closed the host screen, its session stopped (resumable): the program ends."""


class ResumeWanted(Message):
    """List the unfinished attempts to resume or discard."""


class RenameWanted(Message):
    """Ask the learner's name and email again."""


class HomeShown(Message):
    """The home screen has been drawn: slow work (validating every bank) may start now."""


class ExportWanted(Message):
    """Export these attempts to a file the learner picks."""

    def __init__(self, attempt_ids: list[int], stem: str) -> None:
        super().__init__()
        self.attempt_ids = attempt_ids
        self.stem = stem


class SessionResultsWanted(Message):
    """The host's ``x``: the live session's results, as csv and json, in the current folder."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


class ExportRequested(Message):
    """The export dialog's choice; the app writes the file and tells the dialog how it went."""

    def __init__(self, attempt_ids: list[int], fmt: str, path: Path, reply: ExportReply) -> None:
        super().__init__()
        self.attempt_ids = attempt_ids
        self.fmt = fmt
        self.path = path
        self.reply = reply


class ExportReply(Protocol):
    """What the app answers the export dialog (which stays open on failure and says why)."""

    def exported(self, path: Path) -> None: ...

    def failed(self, reason: str) -> None: ...
