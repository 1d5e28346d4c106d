"""Exports of stored attempts: csv, gradebooks (moodle, canvas), json, xapi, html.

``export_attempts`` is the one entry point every front end calls (the CLI's ``quiz export``
and the TUI's results screen). Nothing here imports textual; formats import what they need
only when chosen.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from quiz.bank import Bank
from quiz.errors import QuizError
from quiz.export.data import Progress, iter_attempts
from quiz.export.gradebook import GradeMethod
from quiz.export.parts import PartWriter, write_in_parts
from quiz.export.xapi import XapiOptions
from quiz.infra.files import replacing
from quiz.store import Store

FORMATS = ("csv", "moodle", "canvas", "json", "xapi", "html")


class ExportError(QuizError):
    """An export that cannot be written as asked."""


@dataclass
class ExportOptions:
    answers: bool = False
    """csv only: one row per answer instead of one per attempt."""
    grade: GradeMethod = GradeMethod.highest
    """moodle and canvas: which attempt's percent a learner gets per bank."""
    xapi: XapiOptions = field(default_factory=XapiOptions)
    title: str | None = None
    """html only: the report's heading (default: the learner's name, or "Cohort report")."""


@dataclass
class ExportResult:
    attempts: int
    records: int
    """Rows, statements or learners written, depending on the format."""
    warnings: list[str] = field(default_factory=list)


def export_attempts(
    store: Store,
    attempt_ids: Iterable[int],
    fmt: str,
    out: Path | TextIO,
    *,
    banks: Mapping[str, Bank] | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
    parts: int | None = None,
) -> ExportResult:
    """Write these stored attempts in ``fmt`` (one of ``FORMATS``) to a file path or text stream.

    ``banks`` maps bank ids to banks for question texts and topics (default: every installed
    bank); ``progress`` is called with the number of attempts just written. Line-oriented
    exports (csv answer rows, xapi) are written in ``parts`` processes (default: as many as
    pay off, see ``quiz.export.parts``).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (expected one of {', '.join(FORMATS)})")
    options = options or ExportOptions()
    ids = sorted(set(attempt_ids))
    if banks is None:
        banks = installed_banks()
    try:
        with _open(out) as stream:
            if fmt == "xapi" or (fmt == "csv" and options.answers):
                write = _line_writer(fmt, banks, options)
                return ExportResult(len(ids), write_in_parts(store, ids, stream, write, progress, parts))
            return _export(store, ids, fmt, stream, banks, options, progress)
    except BrokenPipeError:
        raise  # the reader left (`quiz export | head`): not a failure to report
    except OSError as exc:  # writing to a stream; a file's errors are WriteError already
        raise ExportError(f"cannot write the output: {exc.strerror or exc}") from exc


def _line_writer(fmt: str, banks: Mapping[str, Bank], options: ExportOptions) -> PartWriter:
    """What writes one part of a csv answers or xapi export: any slice of the attempts."""

    def write(store: Store, ids: list[int], out: TextIO, first: bool, progress: Progress | None) -> int:
        if fmt == "csv":
            from quiz.export import csvfmt

            attempts = iter_attempts(store, ids, banks, with_plans=False)
            return csvfmt.write_answers_csv(attempts, out, progress, header=first)
        from quiz.export import xapi

        return xapi.write_xapi(xapi.read_attempts(store, ids, banks), out, options.xapi, progress)

    return write


def _export(
    store: Store,
    ids: list[int],
    fmt: str,
    out: TextIO,
    banks: Mapping[str, Bank],
    options: ExportOptions,
    progress: Progress | None,
) -> ExportResult:
    # Gradebooks need only the stored totals; every other format reads the answers too.
    attempts = iter_attempts(store, ids, banks, with_answers=fmt not in ("moodle", "canvas"))
    if fmt == "csv":
        from quiz.export import csvfmt

        return ExportResult(len(ids), csvfmt.write_attempts_csv(attempts, out, progress))
    if fmt in ("moodle", "canvas"):
        from quiz.export import gradebook

        book = gradebook.collect(attempts, options.grade, progress)
        warnings = [
            f"learner {learner.name!r} has neither email nor username; left out of the gradebook"
            for learner in book.unidentified
        ]
        write = gradebook.write_moodle if fmt == "moodle" else gradebook.write_canvas
        written = write(book, out)
        return ExportResult(len(ids), written, warnings)
    if fmt == "json":
        from quiz.export import jsonfmt

        return ExportResult(len(ids), jsonfmt.write_json(attempts, out, progress))
    from quiz.export import html

    return ExportResult(len(ids), html.write_html(attempts, out, title=options.title, progress=progress))


@contextlib.contextmanager
def _open(out: Path | TextIO) -> Iterator[TextIO]:
    if not isinstance(out, Path):
        yield out
        return
    # newline="" keeps the CRLF row ends CSV asks for, and no translation anywhere else.
    with replacing(out, newline="") as stream:
        yield stream


def installed_banks() -> dict[str, Bank]:
    """Every bank the app can find (bundled and the user's), by id; broken ones are skipped."""
    from quiz import config
    from quiz.bank import load_banks

    dirs = [d for d in (config.bundled_banks_dir(), config.user_banks_dir()) if d.is_dir()]
    return {bank.id: bank for bank in load_banks(dirs).banks}


__all__ = ["FORMATS", "ExportError", "ExportOptions", "ExportResult", "GradeMethod", "export_attempts"]
