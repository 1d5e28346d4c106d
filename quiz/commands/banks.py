"""`quiz banks` and `quiz validate`: headless, so they import neither textual nor sqlite."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Any

import click

from quiz.commands.context import Config, pass_config, table


@click.command()
@pass_config
def banks(config: Config) -> None:
    """List the available banks: id, title, questions, languages and topics."""
    from quiz.bank import load_banks

    result = load_banks(config.bank_dirs)
    rows = [
        (b.id, b.info.title, str(len(b.questions)), " ".join(b.languages), ", ".join(b.topics))
        for b in result.banks
    ]
    table(("ID", "TITLE", "QUESTIONS", "LANGUAGES", "TOPICS"), rows)
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    if not rows:
        click.echo("No banks found. Looked in: " + ", ".join(map(str, config.bank_dirs)), err=True)


@click.command()
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
        for translation in result.translations:
            if translation.info.bank not in {b.id for b in result.banks}:
                click.echo(f"✓ {translation.path.name}: {translation.info.title} ({translation.language})")
    for problem in result.problems:
        click.echo(str(problem))
    for warning in result.warnings:
        click.echo(f"warning: {warning}")
    n_ok, n_bad, n_tr = len(result.banks), len(result.failed), len(result.translations)
    if not result.banks and not result.failed and not result.translations:
        click.echo("No bank files found.", err=True)
        raise SystemExit(1)
    parts = [f"{n_ok} bank{'s' * (n_ok != 1)} valid"] if n_ok or not n_tr else []
    if n_tr:
        parts.append(f"{n_tr} translation{'s' * (n_tr != 1)} valid")
    summary = ", ".join(parts)
    if n_bad:
        n_problems = len(result.problems)
        summary += f", {n_bad} invalid ({n_problems} problem{'s' * (n_problems != 1)})"
    click.echo(summary)
    raise SystemExit(1 if n_bad else 0)


def _ordered(counter: Counter[str], kinds: Iterable[StrEnum]) -> dict[str, int]:
    """Counts in the format's own order (easy, medium, hard), not in order of appearance."""
    return {kind.value: counter[kind.value] for kind in kinds if counter[kind.value]}


def _summarise(bank: Any) -> None:
    from quiz.bank import Difficulty, QuestionType

    questions = bank.questions
    as_of = f", facts as of {bank.info.facts_as_of.isoformat()}" if bank.info.facts_as_of else ""
    click.echo(
        f"✓ {bank.id}: {bank.info.title} (version {bank.info.version}, {len(questions)} questions{as_of})"
    )
    for label, counter in (
        ("types", _ordered(Counter(q.type for q in questions), QuestionType)),
        ("difficulty", _ordered(Counter(q.difficulty.value for q in questions), Difficulty)),
        ("topics", Counter(t for q in questions for t in q.topics)),
    ):
        click.echo(f"    {label}: " + ", ".join(f"{k} {v}" for k, v in counter.items()))
    if bank.translations:
        click.echo("    languages: " + ", ".join(bank.languages))
