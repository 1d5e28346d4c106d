"""What screens ask of the app: messages up, never calls into it.

A screen shows what it is given and posts one of these when the learner wants something that
changes the app's state (start a quiz, go home, open the history). The app handles each in an
``on_...`` method of the same name, so every flow between screens is in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from textual.message import Message

from quiz.engine.request import Mode, StartRequest

if TYPE_CHECKING:
    from quiz.frontends.tui.launch import JoinRequest
    from quiz.services.attempts import RecordedAttempt


@dataclass
class StartQuiz(Message):
    """Plan and open a new attempt."""

    request: StartRequest


@dataclass
class ChooseOptions(Message):
    """The learner picked a way to train on a bank: ask the options, then start."""

    bank_id: str | None
    mode: Mode


@dataclass
class AttemptOver(Message):
    """The attempt is finished (or its time ran out): score it and show the results."""

    run: RecordedAttempt
    timed_out: bool = False
    late_by: float | None = None
    """With ``timed_out``: an answer given this many seconds after the limit, not counted."""


class GoHome(Message):
    """Close every screen above the home screen."""


@dataclass
class ShowHistory(Message):
    bank_id: str | None


@dataclass
class OpenAttempt(Message):
    """Show a finished attempt question by question (from the history)."""

    attempt_id: int


class JoinLive(Message):
    """Open the form to join a live session."""


@dataclass
class JoinSession(Message):
    """The join form is filled in: connect to the session."""

    request: JoinRequest


@dataclass
class JoinFailed(Message):
    """The session refused the learner or could not be reached: back to the join form, saying why."""

    reason: str


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


@dataclass
class ExportWanted(Message):
    """Export these attempts to a file the learner picks."""

    attempt_ids: list[int]
    stem: str


@dataclass
class SessionResultsWanted(Message):
    """The host's ``x``: the live session's results, as csv and json, in the current folder."""

    code: str


@dataclass
class ExportRequested(Message):
    """The export dialog's choice; the app writes the file and tells the dialog how it went."""

    attempt_ids: list[int]
    fmt: str
    path: Path
    reply: ExportReply


class ExportReply(Protocol):
    """What the app answers the export dialog (which stays open on failure and says why)."""

    def exported(self, path: Path) -> None: ...

    def failed(self, reason: str) -> None: ...
