"""`quiz banks` and `quiz validate`: headless, so they import neither textual nor sqlite."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from quiz.commands.context import Config, pass_config, table, terminal_columns
from quiz.i18n import _, ngettext
from quiz.i18n.lists import tally, together


@click.command()
@pass_config
def banks(config: Config) -> None:
    """List the available banks: id, title, questions, languages and topics."""
    from quiz.bank import load_banks

    result = load_banks(config.bank_dirs)
    rows = [
        (
            b.id,
            shown.info.title,
            str(len(b.questions)),
            " ".join(b.languages),
            together(map(shown.topic_label, b.topics)),
        )
        for b in result.banks
        for shown in [b.in_language(config.language)]  # its translation's words, if it has one
    ]
    header = (_("ID"), _("TITLE"), _("QUESTIONS"), _("LANGUAGES"), _("TOPICS"))
    table(header, rows, terminal_columns(), wrap=(1, 4))
    for problem in result.problems:
        click.echo(_("warning: {problem}").format(problem=problem), err=True)
    if not rows:
        click.echo(
            _("No banks found. Looked in: {folders}").format(folders=together(map(str, config.bank_dirs))),
            err=True,
        )


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
                click.echo(
                    _("✓ {file}: {title} ({language})").format(
                        file=translation.path.name,
                        title=translation.info.title,
                        language=translation.language,
                    )
                )
    for problem in result.problems:
        click.echo(str(problem))
    for warning in result.warnings:
        click.echo(_("warning: {problem}").format(problem=warning))
    n_ok, n_bad, n_tr = len(result.banks), len(result.failed), len(result.translations)
    if not result.banks and not result.failed and not result.translations:
        click.echo(_("No bank files found."), err=True)
        raise SystemExit(1)
    parts = [ngettext("{n} bank valid", "{n} banks valid", n_ok).format(n=n_ok)] if n_ok or not n_tr else []
    if n_tr:
        parts.append(ngettext("{n} translation valid", "{n} translations valid", n_tr).format(n=n_tr))
    # TRANSLATORS: quiz validate's summary: "1 bank valid, 2 translations valid".
    summary = (
        _("{banks}, {translations}").format(banks=parts[0], translations=parts[1])
        if len(parts) > 1
        else parts[0]
    )
    if n_bad:
        n_problems = len(result.problems)
        problems = ngettext("{n} problem", "{n} problems", n_problems).format(n=n_problems)
        # TRANSLATORS: quiz validate's summary: "3 banks valid, 1 invalid (4 problems)".
        summary = _("{valid}, {n} invalid ({problems})").format(valid=summary, n=n_bad, problems=problems)
    click.echo(summary)
    raise SystemExit(1 if n_bad else 0)


def _ordered(counter: Counter[str], names: Iterable[str]) -> dict[str, int]:
    """Counts in the format's own order (easy, medium, hard), not in order of appearance."""
    return {name: counter[name] for name in names if counter[name]}


def _summarise(bank: Any) -> None:
    from quiz.bank import Difficulty
    from quiz.kinds.base import DIFFICULTY_WORDS
    from quiz.kinds.registry import KINDS

    questions = bank.questions
    n = len(questions)
    how_many = ngettext("{n} question", "{n} questions", n).format(n=n)
    if bank.info.facts_as_of:
        line = _("✓ {id}: {title} (version {version}, {questions}, facts as of {day})")
    else:
        line = _("✓ {id}: {title} (version {version}, {questions})")
    day = bank.info.facts_as_of.isoformat() if bank.info.facts_as_of else ""
    click.echo(
        line.format(id=bank.id, title=bank.info.title, version=bank.info.version, questions=how_many, day=day)
    )
    # Kinds and difficulties by the names the app gives them in the language (the options
    # dialog's, the results', quiz report's), topics as the bank writes them.
    kinds = {name: _(kind.label) for name, kind in KINDS.items()}
    for line, counter, names in (
        (_("types: {counts}"), _ordered(Counter(q.type for q in questions), KINDS), kinds),
        (
            _("difficulty: {counts}"),
            _ordered(Counter(q.difficulty.value for q in questions), (d.value for d in Difficulty)),
            {level: _(word) for level, word in DIFFICULTY_WORDS.items()},
        ),
        (_("topics: {counts}"), Counter(t for q in questions for t in q.topics), {}),
    ):
        counts = tally(_("{name} {count}").format(name=names.get(k, k), count=v) for k, v in counter.items())
        click.echo("    " + line.format(counts=counts))
    if bank.translations:
        click.echo("    " + _("languages: {languages}").format(languages=together(bank.languages)))
