"""What every command shares: where the data is, and small output helpers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from quiz.i18n import _

if TYPE_CHECKING:
    from quiz.bank import Bank
    from quiz.store import Store


class Config:
    """Where the database is and which folders hold banks; built once by the ``quiz`` group."""

    def __init__(self, db: Path | None, lang: str | None = None) -> None:
        from quiz import config
        from quiz.i18n import choose_language, set_language

        self.db_path = db or config.default_db_path()
        self.bank_dirs = [d for d in (config.bundled_banks_dir(), config.user_banks_dir()) if d.is_dir()]
        self.lang_option = lang
        self.language = choose_language(lang, language_setting(config.settings_path()))
        """The interface's (and the banks') language: ``--lang``, the setting, the locale, English."""
        set_language(self.language)

    def run_app(self, **settings: Any) -> None:
        """Open the Textual app with this configuration (and, say, ``start=`` or ``host=``)."""
        from quiz import config
        from quiz.config.settings import load_settings
        from quiz.frontends.tui import AppSettings, make_app

        user_path = config.settings_path()
        user = load_settings(user_path)  # a wrong value stops here, with its line, before the screen opens
        app = make_app(
            AppSettings(
                self.db_path,
                self.bank_dirs,
                summary_cache=config.bank_summary_cache(),
                user=user,
                user_path=user_path,
                crash_log=config.data_dir() / "crash.log",
                language=self.language,
                **settings,
            )
        )
        app.run()
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


def language_setting(path: Path) -> str | None:
    """The ``language`` of the settings file, read without validating the rest: a headless
    command must start fast, and a wrong value elsewhere is the app's to report."""
    import tomli

    try:
        found = tomli.loads(path.read_text(encoding="utf-8")).get("language")
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
        return None
    return found if isinstance(found, str) else None


pass_config = click.make_pass_decorator(Config)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Print aligned columns; the last column is left ragged so long text is not padded."""
    from quiz.i18n.width import cells, ljust

    widths = [max(cells(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        padded = [ljust(cell, widths[i]) for i, cell in enumerate(row[:-1])]
        click.echo("  ".join([*padded, row[-1]]).rstrip())
