"""Every export format, once: its name, label, file extension, writer and the options it reads.

``quiz export`` takes its ``--format`` choices and help from here, the app's export dialog its
list, and the README's table of formats is ``markdown_table()`` (a test keeps them equal). A
new format (say, a live session's results) is one ``register`` call with a writer.

Importing this module is cheap (the ``quiz`` command imports it at start-up): each writer
imports its format's module only when it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

from quiz.i18n import N_, _
from quiz.infra.controls import visible

if TYPE_CHECKING:
    from quiz.export.job import ExportJob, ExportResult

Writer = Callable[["ExportJob", TextIO], "ExportResult"]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    """What ``--format`` takes."""
    label: str
    """What the file holds, in a few words: the CLI's help and the README's table."""
    extension: str
    """The file name's ending, without the dot."""
    write: Writer
    options: tuple[str, ...] = ()
    """The ``quiz export`` options this format reads, beyond the filters every format takes."""
    app_label: str | None = None
    """How the app's export dialog offers this format; None: the dialog does not."""
    app_options: Mapping[str, Any] = field(default_factory=dict)
    """``ExportOptions`` fields the app's dialog sets for this format."""


FORMATS: dict[str, ExportFormat] = {}
"""Every format, by name, in the order the CLI and the README list them."""


def register(fmt: ExportFormat) -> ExportFormat:
    if fmt.name in FORMATS:
        raise ValueError(f"export format {fmt.name!r} is registered twice")
    FORMATS[fmt.name] = fmt
    return fmt


def get(name: str) -> ExportFormat | None:
    return FORMATS.get(name)


def app_formats() -> list[ExportFormat]:
    """The formats the app's export dialog offers, in order."""
    return [fmt for fmt in FORMATS.values() if fmt.app_label is not None]


def markdown_table() -> str:
    """The README's table of formats."""
    lines = ["| format | what the file holds | file | options | in the app |", "|---|---|---|---|---|"]
    for fmt in FORMATS.values():
        options = ", ".join(f"`{option}`" for option in fmt.options) or "—"
        app = "—" if fmt.app_label is None else "yes"
        lines.append(f"| `{fmt.name}` | {fmt.label} | `.{fmt.extension}` | {options} | {app} |")
    return "\n".join(lines) + "\n"


# -- the formats -----------------------------------------------------------------------------------


def _csv(job: ExportJob, out: TextIO) -> ExportResult:
    from quiz.export import csvfmt
    from quiz.export.job import ExportResult

    if job.options.answers:
        return ExportResult(
            len(job.attempt_ids), csvfmt.write_answers_csv(job.answer_sheets(), out, job.progress)
        )
    return ExportResult(len(job.attempt_ids), csvfmt.write_attempts_csv(job.attempts(), out, job.progress))


def _gradebook(layout: str) -> Writer:
    def write(job: ExportJob, out: TextIO) -> ExportResult:
        from quiz.export import gradebook
        from quiz.export.job import ExportResult

        book = gradebook.collect(job.attempts(answers=False), job.options.grade, job.progress)
        column = book.identifier_column if layout == "moodle" else "SIS Login ID"
        by_email = book.identifier == "email"
        # One message per identifier: "by email" and "by username" are worded apart in some languages.
        if by_email:
            has_not = _(
                "learner “{name}” has no email; left out of the gradebook, which matches every learner "
                "by email"
            )
            note = _("learners are matched by email (column “{column}”)")
            moodle = _(
                "learners are matched by email (column “{column}”): in Moodle's import, map “{column}” to "
                "the user field “{column}”"
            )
        else:
            has_not = _(
                "learner “{name}” has no username; left out of the gradebook, which matches every learner "
                "by username"
            )
            note = _("learners are matched by username (column “{column}”)")
            moodle = _(
                "learners are matched by username (column “{column}”): in Moodle's import, map “{column}” to "
                "the user field “{column}”"
            )
        neither = _("learner “{name}” has neither email nor username; left out of the gradebook")
        warnings = [
            (has_not if learner.email or learner.username else neither).format(name=visible(learner.name))
            for learner in book.left_out
        ]
        notes = [(moodle if layout == "moodle" else note).format(column=column)]
        written = (gradebook.write_moodle if layout == "moodle" else gradebook.write_canvas)(book, out)
        return ExportResult(len(job.attempt_ids), written, warnings, notes)

    return write


def _json(job: ExportJob, out: TextIO) -> ExportResult:
    from quiz.export import jsonfmt
    from quiz.export.job import ExportResult

    return ExportResult(len(job.attempt_ids), jsonfmt.write_json(job.attempts(), out, job.progress))


def _xapi(job: ExportJob, out: TextIO) -> ExportResult:
    from quiz.export import xapi
    from quiz.export.job import ExportResult

    attempts = xapi.read_attempts(job.store, job.attempt_ids, job.banks)
    written = xapi.write_xapi(attempts, out, job.options.xapi, job.progress)
    return ExportResult(len(job.attempt_ids), written)


def _html(job: ExportJob, out: TextIO) -> ExportResult:
    from quiz.export import html
    from quiz.export.job import ExportResult

    written = html.write_html(job.attempts(), out, title=job.options.title, progress=job.progress)
    return ExportResult(len(job.attempt_ids), written)


def _session_results(fmt: str) -> Writer:
    def write(job: ExportJob, out: TextIO) -> ExportResult:
        from quiz.export import sessions
        from quiz.export.job import ExportResult

        results = sessions.session_results(
            job.store, job.banks, sessions.session_of(job.store, job.attempt_ids)
        )
        return ExportResult(len(job.attempt_ids), sessions.write_results(results, fmt, out))

    return write


register(
    ExportFormat(
        "html",
        N_("a report to open in any browser, offline"),
        "html",
        _html,
        options=("--title",),
        app_label=N_("HTML report (readable, self-contained)"),
    )
)
register(
    ExportFormat(
        "csv",
        N_("one row per attempt with a column per topic; with `--answers`, one row per answer"),
        "csv",
        _csv,
        options=("--answers", "--bom"),
        app_label=N_("CSV (one row per answer)"),
        app_options={"answers": True},
    )
)
register(
    ExportFormat(
        "json",
        N_("full attempts with answers, as `quiz/export/attempts.schema.json` describes"),
        "json",
        _json,
        app_label=N_("JSON (full attempt with answers)"),
    )
)
register(
    ExportFormat(
        "xapi",
        N_("xAPI 1.0.3 statements, one per line (JSON Lines)"),
        "jsonl",
        _xapi,
        options=("--activity-base", "--home-page"),
        app_label=N_("xAPI statements (for a Learning Record Store)"),
    )
)
register(
    ExportFormat(
        "moodle",
        N_("a gradebook for Moodle's Grades > Import > CSV file"),
        "csv",
        _gradebook("moodle"),
        options=("--grade", "--bom"),
    )
)
register(
    ExportFormat(
        "canvas",
        N_("a gradebook for Canvas's Grades > Import"),
        "csv",
        _gradebook("canvas"),
        options=("--grade", "--bom"),
    )
)
register(
    ExportFormat(
        "results",
        N_(
            "a live session's results as the room saw them (with `--session`): a row per learner and "
            "question with the live points, rank, answer, seconds and the per-option counts"
        ),
        "csv",
        _session_results("csv"),
        options=("--bom",),
    )
)
register(
    ExportFormat(
        "results-json",
        N_("the same as one JSON document: the learners with their answers, the questions with their counts"),
        "json",
        _session_results("json"),
    )
)
