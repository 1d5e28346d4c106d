"""What every command shares: where the data is, and small output helpers."""

from __future__ import annotations

import itertools
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from quiz.i18n import _

if TYPE_CHECKING:
    from quiz.bank import Bank
    from quiz.config.early import EarlySettings, SettingsError
    from quiz.store import Store

UNREAD: Any = object()
"""``Config``'s settings when the caller has not read the file (the tests): it reads it."""


class Config:
    """Where the database is and which folders hold banks; built once by the ``quiz`` group."""

    def __init__(
        self,
        db: Path | None,
        lang: str | None = None,
        settings: EarlySettings | SettingsError | None = UNREAD,
    ) -> None:
        from quiz import config
        from quiz.config.early import EarlySettings, first_read
        from quiz.i18n import choose_language, set_language

        self.db_path = db or config.default_db_path()
        self.bank_dirs = [d for d in (config.bundled_banks_dir(), config.user_banks_dir()) if d.is_dir()]
        self.lang_option = lang
        self.settings = first_read(config.settings_path()) if settings is UNREAD else settings
        """The settings file as the CLI read it, once for the help's language and the app's first
        frame (it was read and parsed three times); an error is the app's to report."""
        setting = self.settings.language if isinstance(self.settings, EarlySettings) else None
        self.language = choose_language(lang, setting)
        """The interface's (and the banks') language: ``--lang``, the setting, the locale, English."""
        set_language(self.language)

    def run_app(self, **settings: Any) -> None:
        """Open the Textual app with this configuration (and, say, ``start=`` or ``host=``)."""
        from quiz.infra.gcpause import pause_until_first_frame, resume_after_first_frame

        # From before the app's imports (textual's and ours) to its first frame: about 25 ms of
        # 600 spent scanning objects that are no garbage (benchmarks/startup.py, CPU time).
        pause_until_first_frame()
        try:
            from quiz import config
            from quiz.config.early import SettingsError
            from quiz.frontends.tui import AppSettings, make_app

            user_path = config.settings_path()
            # Not TOML stops here; a wrong value, once the app has checked the file after its first frame.
            if isinstance(self.settings, SettingsError):
                raise self.settings
            early = self.settings
            app = make_app(
                AppSettings(
                    self.db_path,
                    self.bank_dirs,
                    summary_cache=config.bank_summary_cache(),
                    early=early,
                    user_path=user_path,
                    crash_log=config.data_dir() / "crash.log",
                    language=self.language,
                    **settings,
                )
            )
            app.run()
        finally:
            # The app resumed it already, unless it stopped before it was loaded (a settings
            # file that is not TOML, an error while it was built), and the process goes on.
            resume_after_first_frame()
        if app.startup_error is not None:
            raise app.startup_error  # one line from the CLI, on the terminal the app gave back
        if app.return_code:
            # A crash: one line here, the traceback in the log, and a status the shell can see.
            if app.crashed_into is not None:
                click.echo(
                    _(
                        "Error: the app stopped on an unexpected error (your answers are saved); "
                        "the details are in {path}"
                    ).format(path=app.crashed_into),
                    err=True,
                )
            raise SystemExit(app.return_code)

    def open_store(self) -> Store:
        from quiz.store import Store

        return Store(self.db_path)

    def find_bank(self, name: str) -> Bank:
        from quiz.bank.catalog import find_bank

        return find_bank(name, self.bank_dirs)


pass_config = click.make_pass_decorator(Config)


def terminal_columns() -> int | None:
    """The terminal's width when output goes to one; None for a pipe or a file, where one
    line per row serves ``grep`` and ``cut`` better than any wrapping."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


_GAP = "  "
_NARROWEST = 16  # a wrapped column narrower than this reads as a list of loose words


def table(
    header: Sequence[str], rows: Sequence[Sequence[str]], width: int | None = None, wrap: Sequence[int] = ()
) -> None:
    """Print aligned columns, the last left ragged, in ``width`` columns (None: no limit).

    Too wide, the ``wrap`` columns wrap inside their own column; too narrow even for that,
    each row becomes a block of header and value lines, so nothing runs past the edge.
    """
    from quiz.i18n.width import cells, ljust

    lines = [list(header), *(list(row) for row in rows)]
    natural = [max(cells(line[i]) for line in lines) for i in range(len(header))]
    room = None if width is None else width - len(_GAP) * (len(header) - 1)
    if room is None or sum(natural) <= room:
        for line in lines:
            padded = [ljust(cell, natural[i]) for i, cell in enumerate(line[:-1])]
            click.echo(_GAP.join([*padded, line[-1]]).rstrip())
        return
    longest = [max((cells(w) for line in lines for w in line[i].split()), default=0) for i in wrap]
    widths = _squeezed(natural, dict(zip(wrap, longest, strict=True)), room)
    if widths is None:
        _blocks(header, rows, max(_NARROWEST, width or 0))
        return
    for line in lines:
        wrapped = [_wrapped(cell, widths[i]) if i in wrap else [cell] for i, cell in enumerate(line)]
        for parts in itertools.zip_longest(*wrapped, fillvalue=""):
            click.echo(_GAP.join(ljust(part, widths[i]) for i, part in enumerate(parts)).rstrip())


def _squeezed(natural: list[int], longest: dict[int, int], room: int) -> list[int] | None:
    """Column widths that fit ``room``, the spare shared out among the wrapped columns (each
    at least its longest word wide: a word is never cut)."""
    wrap = set(longest)
    widths = [min(w, max(_NARROWEST, longest[i])) if i in wrap else w for i, w in enumerate(natural)]
    spare = room - sum(widths)
    if spare < 0:
        return None
    growing = [i for i in sorted(wrap) if widths[i] < natural[i]]
    while spare > 0 and growing:
        for i in growing:
            if spare:
                widths[i] += 1
                spare -= 1
        growing = [i for i in growing if widths[i] < natural[i]]
    return widths


def _blocks(header: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> None:
    """Each row as its first cell, then one line per other column: a table for narrow terminals."""
    from quiz.i18n.width import cells, ljust

    label = max(cells(name) for name in header[1:]) + len(_GAP)
    for n, row in enumerate(rows):
        if n:
            click.echo()
        click.echo(row[0])
        for name, cell in zip(header[1:], row[1:], strict=True):
            parts = _wrapped(cell, max(1, width - label - len(_GAP)))
            lead = _GAP + ljust(name, label - len(_GAP)) + _GAP
            click.echo((lead + parts[0]).rstrip())
            for part in parts[1:]:
                click.echo(" " * len(lead) + part)


def _wrapped(text: str, width: int) -> list[str]:
    from quiz.i18n.width import wrap

    return wrap(text, width) or [""]
