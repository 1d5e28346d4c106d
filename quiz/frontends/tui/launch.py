"""What the app is opened with: the CLI's and the tests' arguments to ``make_app``.

Kept apart from the app so that screens can read these without importing the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from quiz.engine.request import StartRequest

if TYPE_CHECKING:
    from quiz.config.early import EarlySettings
    from quiz.config.settings import UserSettings
    from quiz.live.hosting import HostSpec

__all__ = ["AppSettings", "HostRequest", "JoinRequest", "StartRequest"]


@dataclass(frozen=True)
class HostRequest:
    """`quiz host`'s options: the app opens on the host screen."""

    spec: HostSpec
    """What to host and where (the same for the screen, ``--headless`` and the tests)."""
    join_hint: tuple[str, ...] = ()
    """Addresses learners can use, when the server is bound beyond this machine."""
    web_url: str | None = None


@dataclass(frozen=True)
class JoinRequest:
    """`quiz join`'s arguments; whatever is missing is asked on the join form."""

    address: str = ""
    code: str = ""
    name: str = ""
    rejoin: str = ""
    """A rejoin code from an earlier device: come back as oneself."""
    fixed_address: bool = False
    """The address is the host's own (the browser join page): shown, not asked."""


@dataclass
class AppSettings:
    db_path: Path
    bank_dirs: list[Path] = field(default_factory=list)
    name: str | None = None
    email: str = ""
    username: str = ""
    start: StartRequest | None = None
    host: HostRequest | None = None
    join: JoinRequest | None = None
    summary_cache: Path | None = None
    """Where to remember bank summaries between starts; None reads every bank each time."""
    user: UserSettings | None = None
    """The learner's own settings, already checked (the tests'); None: the app checks the file
    at ``user_path`` itself, right after its first frame, which ``early`` draws."""
    early: EarlySettings | None = None
    """What the first frame shows of that file (language, theme, keys), read without the
    settings model (pydantic) while the home screen is being drawn; None: no file."""
    user_path: Path | None = None
    """Where that file is, so that a theme picked in the palette is written back; None: not saved."""
    language: str = "en"
    """The language chosen at start (``--lang``, the setting, the locale): banks with a
    translation into it are shown in it."""
    crash_log: Path | None = None
    """Where an unexpected error's traceback goes (the CLI's: the data folder); None keeps
    Textual's own report, which is what tests want."""
