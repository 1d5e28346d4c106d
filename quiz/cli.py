"""The ``quiz`` command. Thin: each command parses options and hands over to a package.

Headless commands must start fast, so textual, aiohttp and friends are imported only inside
the commands that need them.
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from typing import Any

import click

from quiz import __version__
from quiz.commands.context import Config
from quiz.commands.language import accept_language, translate
from quiz.errors import QuizError
from quiz.i18n import LANGUAGES, _

LANG = "quiz.lang"
"""``ctx.meta``'s key for the ``--lang`` given anywhere on the command line."""
SETTINGS = "quiz.settings"
"""``ctx.meta``'s key for the settings file as first read (``quiz.config.early.first_read``)."""

COMMANDS = {
    "banks": "quiz.commands.banks:banks",
    "validate": "quiz.commands.banks:validate",
    "take": "quiz.commands.take:take",
    "host": "quiz.commands.live:host",
    "join": "quiz.commands.live:join",
    "web-join": "quiz.commands.live:web_join",
    "report": "quiz.commands.report:report",
    "export": "quiz.commands.export:export",
    "lrs": "quiz.commands.export:lrs",
    "import": "quiz.commands.exchange:import_",
    "convert": "quiz.commands.exchange:convert",
}
"""The commands, by name: each module is imported when its command is run or its help shown,
so that ``quiz`` alone, which opens the app, loads none (20 million of the 1,429 million
instructions to the Japanese home screen, ``benchmarks/startup.py --instructions``)."""


class _Group(click.Group):
    """Turns a ``QuizError`` into a one-line message and exit status, never a traceback; speaks
    the chosen language from the first word of help on."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        from quiz import config
        from quiz.commands.language import language_option, speak
        from quiz.config.early import EarlySettings, first_read

        ctx.meta[LANG] = language_option(args)
        # Read once for the whole command: the help's language, the app's first frame.
        ctx.meta[SETTINGS] = read = first_read(config.settings_path())
        speak(ctx.meta[LANG], read.language if isinstance(read, EarlySettings) else None, self)
        if not isinstance(read, EarlySettings | None):  # not TOML: read again to say so in the language
            ctx.meta[SETTINGS] = first_read(config.settings_path())
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, name = COMMANDS[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module), name)
            accept_language(command, self)
            translate(command)  # in the language chosen from the command line
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        # Help as wide as the terminal: click's own stops at 80 columns and never goes below 50.
        # Every command's context inherits the width from this one.
        extra.setdefault("terminal_width", max(20, shutil.get_terminal_size().columns - 2))
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QuizError as exc:
            click.echo(_("Error: {message}").format(message=exc), err=True)
            ctx.exit(exc.exit_code)
        except Exception as exc:
            error = _database_error(exc)
            if error is None and isinstance(exc, OSError):
                from quiz.infra.output import stdout_failure

                error = stdout_failure(exc)
            if error is None:
                raise
            click.echo(_("Error: {message}").format(message=error), err=True)
            ctx.exit(error.exit_code)


def _database_error(exc: Exception) -> QuizError | None:
    """What the user should read for a database error met while reading rows (damage found
    mid-export, say), which the store's own statements already word; None for anything else."""
    if "sqlite3" not in sys.modules:  # a headless command that never opened the database
        return None
    from quiz.store.connection import translate_unexpected

    return translate_unexpected(exc)


@click.group(
    cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="QUIZ_DB",
    help="The SQLite database to use (default: quiz.db in the data folder; QUIZ_HOME moves it).",
)
@click.option(
    "--lang",
    type=click.Choice(sorted(LANGUAGES)),
    help="The language of the app and of banks that have a translation (default: your setting, then LANG).",
)
@click.version_option(__version__, prog_name="resilience-quiz")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, lang: str | None) -> None:
    """Train to resist disinformation: practice, exams, spaced review, live sessions, exports.

    Run without a command to open the app on the bundled banks.
    """
    ctx.obj = Config(db, lang or ctx.meta.get(LANG), ctx.meta[SETTINGS])
    if ctx.invoked_subcommand is None:
        ctx.obj.run_app()


def main() -> None:
    cli(prog_name="quiz")
