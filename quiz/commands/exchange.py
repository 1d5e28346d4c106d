"""`quiz import gift|aiken FILE` and `quiz convert BANK --to gift`: questions to and from LMSs.

Headless: no textual, no sqlite.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from quiz.commands.context import Config, pass_config
from quiz.errors import QuizError
from quiz.i18n import _, ngettext
from quiz.infra.controls import visible


def _read_utf8(path: Path, kind: str) -> str:
    """The text of a file to import: a regular file, at most a bank's size, with no control
    character (but newlines and tabs) to carry into a bank."""
    from quiz.bank.summary import MAX_BANK_BYTES
    from quiz.formats.common import ImportError_
    from quiz.infra.controls import CONTROL, describe
    from quiz.infra.reading import ReadError, TooLargeError, megabytes, read_limited

    try:
        raw = read_limited(path, MAX_BANK_BYTES)
    except TooLargeError as exc:
        raise ImportError_(
            _(
                "{path} is {size}; a file to import may be at most {limit}, the size of the largest bank "
                "(split it into several files)"
            ).format(path=path, size=megabytes(exc.size), limit=megabytes(MAX_BANK_BYTES))
        ) from exc
    except ReadError as exc:
        raise ImportError_(str(exc)) from exc
    try:
        text = raw.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        raise ImportError_(
            _(
                "{path} is not UTF-8 text (byte {byte}); {kind} files must be UTF-8 "
                "(save it again choosing UTF-8)"
            ).format(path=path, byte=exc.start, kind=kind)
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    found = CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise ImportError_(
            _(
                "{path}:{line}: contains the control character {character}; a bank may hold printable "
                "characters, newlines and tabs only (remove it and import again)"
            ).format(path=path, line=line, character=describe(found.group()))
        )
    return text


def _import(
    kind: str, source: Path, out: Path | None, bank_id: str | None, title: str | None, force: bool
) -> None:
    from quiz import config
    from quiz.bank.models import ID_PATTERN
    from quiz.formats.common import ImportError_, bank_document, slug, write_bank

    text = _read_utf8(source, kind)
    if kind == "GIFT":
        from quiz.formats.gift import import_gift

        result = import_gift(text, source.name)
    else:
        from quiz.formats.aiken import import_aiken

        result = import_aiken(text, source.name)
    in_banks_folder = out is None
    if out is not None:
        if bank_id is not None and bank_id != out.stem:
            raise ImportError_(
                _("--id “{id}” must match the file name “{stem}” (the id is how banks are found)").format(
                    id=visible(bank_id), stem=visible(out.stem)
                )
            )
        bank_id = out.stem
    else:
        bank_id = (
            bank_id or str(result.bank.get("id") or "") or slug(source.name.split(".")[0]).replace("-", "_")
        )
        out = config.user_banks_dir() / f"{bank_id}.toml"
    if not re.match(ID_PATTERN, bank_id or ""):
        raise ImportError_(
            _(
                "“{id}” cannot be a bank id (letters, digits and _ . : - only): choose one with --id or --out"
            ).format(id=visible(bank_id or ""))
        )
    if in_banks_folder:
        _make_banks_folder(out.parent)
    for line in result.skipped:
        click.echo(line)  # each says where, that it was skipped, and why
    for line in result.notes:
        click.echo(_("note: {line}").format(line=line))
    bank = write_bank(bank_document(result, bank_id, title, source), out, force=force)
    n = len(bank.questions)
    imported = ngettext(
        "Imported {n} question into {path} (bank “{id}”)",
        "Imported {n} questions into {path} (bank “{id}”)",
        n,
    ).format(n=n, path=out, id=bank.id)
    skipped = len(result.skipped)
    if skipped:
        # TRANSLATORS: {imported} is "Imported 5 questions into PATH (bank 'ID')": the sentence ends here.
        ending = ngettext("{imported}; skipped {n}.", "{imported}; skipped {n}.", skipped)
    else:
        # TRANSLATORS: {imported} is "Imported 5 questions into PATH (bank 'ID')": the sentence ends here.
        ending = _("{imported}.")
    click.echo(ending.format(imported=imported, n=skipped))


def _make_banks_folder(folder: Path) -> None:
    """The app's own banks folder is made on first use; a folder named with ``--out`` never is."""
    from quiz.formats.common import ImportError_

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImportError_(
            _("cannot make the banks folder {folder}: {why}").format(folder=folder, why=exc.strerror or exc)
        ) from exc


def _import_options(func: Any) -> Any:
    for option in reversed(
        [
            click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path)),
            click.option(
                "-o",
                "--out",
                type=click.Path(dir_okay=False, path_type=Path),
                help="The bank file to write (default: BANK_ID.toml in your banks folder).",
            ),
            click.option("--id", "bank_id", help="The bank id (default: from the file name)."),
            click.option("--title", help="The bank title (default: from the file name)."),
            click.option("--force", is_flag=True, help="Replace the bank file if it exists."),
        ]
    ):
        func = option(func)
    return func


@click.group("import")
def import_() -> None:
    """Import questions from Moodle's GIFT or Aiken format into a new bank."""


@import_.command("gift")
@_import_options
def import_gift(source: Path, out: Path | None, bank_id: str | None, title: str | None, force: bool) -> None:
    """Import a GIFT file. Essay, matching, numerical and short-answer questions are skipped (listed)."""
    _import("GIFT", source, out, bank_id, title, force)


@import_.command("aiken")
@_import_options
def import_aiken(source: Path, out: Path | None, bank_id: str | None, title: str | None, force: bool) -> None:
    """Import an Aiken file (single-answer questions)."""
    _import("Aiken", source, out, bank_id, title, force)


@click.command("convert")
@click.argument("bank")
@click.option("--to", "fmt", type=click.Choice(["gift"]), required=True, help="The format to write.")
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout)."
)
@click.option("--force", is_flag=True, help="Replace the --out file if it exists.")
@pass_config
def convert(config: Config, /, bank: str, fmt: str, out: Path | None, force: bool) -> None:
    """Write a bank (id or .toml path) as GIFT, which Moodle's question import reads."""
    from quiz.formats.gift import bank_to_gift, moodle_differences

    if out is not None and out.exists() and not force:  # it may be the GIFT the bank came from
        raise QuizError(_("{path} already exists (use --force to replace it)").format(path=out))
    found = config.find_bank(bank)
    text = bank_to_gift(found)
    if out is None:
        from quiz.commands.export import stdout_utf8

        with stdout_utf8() as stream:
            stream.write(text)
    else:
        from quiz.infra.files import write_text

        write_text(out, text)
        click.echo(_("Wrote {path}.").format(path=out), err=True)
    # After the file, so that a write that fails says so in one line and nothing else.
    for note in moodle_differences(found):
        click.echo(_("note: {line}").format(line=note), err=True)
