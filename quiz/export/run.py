"""Running an export: the one entry point every front end calls (``quiz export``, the app)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from quiz.bank import Bank
from quiz.errors import QuizError
from quiz.export import registry
from quiz.export.data import Progress
from quiz.export.job import ExportJob, ExportOptions, ExportResult
from quiz.i18n import _
from quiz.i18n.lists import alternatives
from quiz.infra.controls import visible
from quiz.infra.files import replacing
from quiz.store import Store


class ExportError(QuizError):
    """An export that cannot be written as asked."""


def export_attempts(
    store: Store,
    attempt_ids: Iterable[int],
    fmt: str | registry.ExportFormat,
    out: Path | TextIO,
    *,
    banks: Mapping[str, Bank] | None = None,
    options: ExportOptions | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write these stored attempts in ``fmt`` (a name in ``registry.FORMATS``) to a file or stream.

    ``banks`` maps bank ids to banks for question texts and topics (default: every installed
    bank); ``progress`` is called with the number of attempts just written. A file is replaced
    only once complete.
    """
    chosen = registry.get(fmt) if isinstance(fmt, str) else fmt
    if chosen is None:
        names = alternatives(list(registry.FORMATS))
        raise ExportError(
            _("unknown export format “{name}” (expected one of {names})").format(
                name=visible(str(fmt)), names=names
            )
        )
    job = ExportJob(
        store,
        sorted(set(attempt_ids)),
        installed_banks() if banks is None else banks,
        options or ExportOptions(),
        progress,
    )
    # No pause of the garbage collector here, unlike bank loading: it would save nothing. The
    # rows, statements and results an export makes are untracked by the collector, and
    # benchmarks/export.py counts its runs during an export of 100,000 answers: none in csv, none
    # in xapi once its caches are warm (one of about 7 ms on a first, 5,000-answer export).
    try:
        with _open(out) as stream:
            if job.options.bom and "--bom" in chosen.options:
                stream.write("\ufeff")
            return chosen.write(job, stream)
    except BrokenPipeError:
        raise  # the reader left (`quiz export | head`): not a failure to report
    except OSError as exc:  # writing to a stream; a file's errors are WriteError already
        raise ExportError(_("cannot write the output: {why}").format(why=exc.strerror or exc)) from exc


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
