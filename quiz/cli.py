"""The ``quiz`` command. Thin: each command parses options and hands over to a package.

Headless commands must start fast, so textual, aiohttp and friends are imported only inside
the commands that need them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from quiz import __version__
from quiz.errors import QuizError


class _Group(click.Group):
    """Turns a ``QuizError`` into a one-line message and exit status, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QuizError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)


class Config:
    """What every command may need: where the database is and which folders hold banks."""

    def __init__(self, db: Path | None) -> None:
        from quiz import paths

        self.db_path = db or paths.default_db_path()
        self.bank_dirs = [d for d in (paths.bundled_banks_dir(), paths.user_banks_dir()) if d.is_dir()]

    def open_store(self) -> Any:
        from quiz.store import Store

        return Store(self.db_path)


pass_config = click.make_pass_decorator(Config)


@click.group(cls=_Group, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="QUIZ_DB",
    help="The SQLite database to use (default: quiz.db in the data folder; QUIZ_HOME moves it).",
)
@click.version_option(__version__, prog_name="resilience-quiz")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """Train to resist disinformation: practice, exams, spaced review, live sessions, exports.

    Run without a command to open the app on the bundled banks.
    """
    ctx.obj = Config(db)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@cli.command()
@pass_config
def banks(config: Config) -> None:
    """List the available banks: id, title, questions and topics."""
    from quiz.bank import load_banks

    result = load_banks(config.bank_dirs)
    rows = [
        (b.id, b.info.title, str(len(b.questions)), ", ".join(b.topics)) for b in result.banks
    ]
    _table(("ID", "TITLE", "QUESTIONS", "TOPICS"), rows)
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    if not rows:
        click.echo("No banks found. Looked in: " + ", ".join(map(str, config.bank_dirs)), err=True)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@pass_config
def validate(config: Config, paths: tuple[Path, ...], quiet: bool) -> None:
    """Check bank files or folders (default: the bundled banks).

    Prints a summary per valid bank and every problem, one per line: file, line, question,
    field and what was expected. Exits 0 when all are valid, 1 when any is not.
    """
    from quiz.bank import load_banks

    result = load_banks(paths or config.bank_dirs)
    if not quiet:
        for bank in result.banks:
            _summarise(bank)
    for problem in result.problems:
        click.echo(str(problem))
    n_ok, n_bad = len(result.banks), len(result.failed)
    if not result.banks and not result.failed:
        click.echo("No bank files found.", err=True)
        raise SystemExit(1)
    summary = f"{n_ok} bank{'s' * (n_ok != 1)} valid"
    if n_bad:
        summary += f", {n_bad} invalid ({len(result.problems)} problems)"
    click.echo(summary)
    raise SystemExit(1 if n_bad else 0)


def _summarise(bank: Any) -> None:
    questions = bank.questions
    click.echo(f"✓ {bank.id}: {bank.info.title} (version {bank.info.version}, {len(questions)} questions)")
    for label, counter in (
        ("types", Counter(q.type for q in questions)),
        ("difficulty", Counter(q.difficulty.value for q in questions)),
        ("topics", Counter(t for q in questions for t in q.topics)),
    ):
        click.echo(f"    {label}: " + ", ".join(f"{k} {v}" for k, v in counter.items()))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:-1])]
        click.echo("  ".join([*cells, row[-1]]).rstrip())


def main() -> None:
    cli(prog_name="quiz")
