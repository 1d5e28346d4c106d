"""`quiz export` and `quiz lrs push`: results out to gradebooks, files and Learning Record Stores.

Headless: no textual. The export code is imported inside the commands.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

from quiz.commands.context import Config, pass_config
from quiz.commands.language import COMPOSED
from quiz.export import registry
from quiz.i18n import _, ngettext

if TYPE_CHECKING:
    from quiz.bank import Bank
    from quiz.export.select import AttemptFilter
    from quiz.store import Store

PROGRESS_FROM = 50
"""Attempts from which a progress bar is worth showing (on a terminal only)."""


def _web_address(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """An xAPI activity id must be an IRI and an account's homePage a URL (xAPI 1.0.3): a base
    such as ``lms.example.lt/xapi`` made every statement one an LRS refuses, found only when
    pushed, so it is refused here."""
    if value is None:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in value):
        raise click.BadParameter(
            _(
                "expected an address that starts with http:// or https:// and names a host, got {value}"
            ).format(value=value)
        )
    return value


def _filters(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--learner", "learners", multiple=True, help="Name, email or username (repeatable)."),
        click.option("--bank", help="Only this bank id."),
        click.option("--since", help="Attempts started on or after this date (YYYY-MM-DD) or time."),
        click.option("--until", help="Attempts started up to this date (included) or before this time."),
        click.option(
            "--mode",
            type=click.Choice(["practice", "exam", "review", "discernment", "live"]),
            help="Only this mode.",
        ),
        click.option("--session", help="Only attempts of this live session code."),
        click.option("--include-unfinished", is_flag=True, help="Also attempts not yet finished."),
        click.option(
            "--activity-base",
            default=None,
            callback=_web_address,
            help="xAPI: base IRI of activity ids (default https://resilience-quiz.example.org/xapi).",
        ),
        click.option(
            "--home-page",
            default=None,
            callback=_web_address,
            help="xAPI: account homePage for learners without email (default https://resilience-quiz.example.org).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _attempt_filter(kwargs: dict[str, Any]) -> AttemptFilter:
    from quiz.export.select import AttemptFilter

    return AttemptFilter(
        learners=kwargs["learners"],
        bank=kwargs["bank"],
        mode=kwargs["mode"],
        session=kwargs["session"],
        since=kwargs["since"],
        until=kwargs["until"],
        include_unfinished=kwargs["include_unfinished"],
    )


def _xapi_options(kwargs: dict[str, Any]) -> Any:
    from quiz.export.xapi import XapiOptions

    defaults = XapiOptions()
    return XapiOptions(
        activity_base=(kwargs["activity_base"] or defaults.activity_base).rstrip("/"),
        home_page=kwargs["home_page"] or defaults.home_page,
    )


def _describe(kwargs: dict[str, Any]) -> str:
    parts = [f"{key}={value!r}" for key, value in kwargs.items() if value and key in _FILTER_KEYS]
    return _(" and ").join(parts) if parts else _("no filter")


_FILTER_KEYS = ("learners", "bank", "since", "until", "mode", "session")


@contextlib.contextmanager
def stdout_utf8() -> Iterator[TextIO]:
    """Stdout as UTF-8 with no newline translation, whatever the terminal's locale says."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        yield sys.stdout
        return
    sys.stdout.flush()
    stream = io.TextIOWrapper(buffer, encoding="utf-8", newline="")
    try:
        yield stream
        stream.flush()
    except OSError as exc:
        from quiz.infra.output import stdout_failure

        failure = stdout_failure(exc)  # > /dev/full: drops what is left, so detaching works
        if failure is None:
            raise
        raise failure from exc
    finally:
        try:
            stream.detach()  # never closes stdout, even when writing it failed
        except (OSError, ValueError):
            from quiz.infra.output import discard_stdout

            discard_stdout()  # what could not be written goes nowhere, and detaching works
            with contextlib.suppress(OSError, ValueError):
                stream.detach()


def _format_help() -> str:
    """Each format with what it holds (the labels are msgids, so this is in the language)."""
    from quiz.i18n import pgettext

    # TRANSLATORS: --help's list of export formats: "csv: one row per attempt; json: ...".
    each = [
        _("{name}: {label}").format(name=fmt.name, label=_(fmt.label).replace("`", ""))
        for fmt in registry.FORMATS.values()
    ]
    return _("{formats}.").format(formats=pgettext("between the export formats in --help", "; ").join(each))


COMPOSED[_format_help()] = _format_help


FORMAT_OPTIONS = {
    "answers": "--answers",
    "grade": "--grade",
    "title": "--title",
    "bom": "--bom",
    "activity_base": "--activity-base",
    "home_page": "--home-page",
}
"""Parameter name -> the option as typed: the options only some formats read."""


def _ignored_options(ctx: click.Context, fmt: registry.ExportFormat) -> list[str]:
    """The format-specific options the user typed that this format does not read."""
    return [
        option
        for name, option in FORMAT_OPTIONS.items()
        if option not in fmt.options
        and ctx.get_parameter_source(name) not in (None, click.core.ParameterSource.DEFAULT)
    ]


@click.command("export")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(list(registry.FORMATS)),
    default="csv",
    show_default=True,
    help=_format_help(),
)
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here (default: stdout)."
)
@click.option("--answers", is_flag=True, help="csv: one row per answer instead of one per attempt.")
@click.option(
    "--grade",
    type=click.Choice(["highest", "latest", "first", "average"]),
    default="highest",
    show_default=True,
    help="moodle, canvas: which attempt gives a learner's grade per bank.",
)
@click.option("--title", help="html: the report's heading.")
@click.option(
    "--bom",
    is_flag=True,
    help="csv, moodle, canvas: start with a UTF-8 byte-order mark, so that Excel shows "
    "non-English letters right (other tools need none).",
)
@click.option(
    "--results",
    is_flag=True,
    help="With --session: the session's results as the room saw them (live points, rank, each "
    "answer and its seconds, per-option counts), as csv or json.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: on a terminal, for long exports).",
)
@_filters
@pass_config
@click.pass_context
def export(
    ctx: click.Context,
    config: Config,
    /,
    fmt: str,
    out: Path | None,
    answers: bool,
    grade: str,
    title: str | None,
    bom: bool,
    results: bool,
    progress: bool | None,
    **kwargs: Any,
) -> None:
    """Export attempts (default: every finished one) for a gradebook, an LRS or a report."""
    from quiz.export import ExportOptions, GradeMethod, export_attempts
    from quiz.export.select import SelectionError, select_attempts

    if kwargs["session"]:
        from quiz.store.live import normalise_code

        kwargs["session"] = normalise_code(kwargs["session"])  # as typed: "kx-42" is "KX42"
    if results:
        fmt = _results_format(fmt, kwargs)
    chosen = registry.FORMATS[fmt]
    for option in _ignored_options(ctx, chosen):
        click.echo(
            _("warning: {option} does not apply to {format}; ignored").format(option=option, format=fmt),
            err=True,
        )
    with config.open_store() as store:
        ids = select_attempts(store, _attempt_filter(kwargs))
        if not ids:
            raise SelectionError(
                _("no attempts match ({filter}); nothing exported").format(filter=_describe(kwargs))
            )
        options = ExportOptions(
            answers=answers, grade=GradeMethod(grade), xapi=_xapi_options(kwargs), title=title, bom=bom
        )
        show = progress if progress is not None else (sys.stderr.isatty() and len(ids) >= PROGRESS_FROM)
        bar_context: Any = (
            click.progressbar(length=len(ids), label=_("Exporting"), file=sys.stderr)
            if show
            else contextlib.nullcontext(None)
        )
        with bar_context as bar, stdout_utf8() if out is None else contextlib.nullcontext(out) as target:
            result = export_attempts(
                store,
                ids,
                chosen,
                target,
                banks=_banks(config, store, chosen, kwargs["session"]),
                options=options,
                progress=bar.update if bar is not None else None,
            )
    for warning in result.warnings:
        click.echo(_("warning: {problem}").format(problem=warning), err=True)
    for note in result.notes:
        click.echo(_("note: {line}").format(line=note), err=True)
    records = ngettext("{n} record", "{n} records", result.records).format(n=result.records)
    if out:
        said = ngettext(
            "Exported {n} attempt as {format} to {path} ({records}).",
            "Exported {n} attempts as {format} to {path} ({records}).",
            result.attempts,
        )
    else:
        said = ngettext(
            "Exported {n} attempt as {format} ({records}).",
            "Exported {n} attempts as {format} ({records}).",
            result.attempts,
        )
    click.echo(said.format(n=result.attempts, format=fmt, path=out, records=records), err=True)


def _results_format(fmt: str, kwargs: dict[str, Any]) -> str:
    """``--results``: the registry's session results format for ``--format`` csv or json, with
    the attempts of learners still in the session too (the room's account has everyone)."""
    if not kwargs["session"]:
        raise click.UsageError(_("--results needs --session CODE"))
    formats = {"csv": "results", "json": "results-json"}
    if fmt not in formats:
        raise click.UsageError(
            _("--results comes as {formats}, not {format}").format(
                formats=_(" or ").join(formats), format=fmt
            )
        )
    kwargs["include_unfinished"] = True
    return formats[fmt]


def _banks(config: Config, store: Store, fmt: registry.ExportFormat, session: str | None) -> dict[str, Bank]:
    """The installed banks, and for a session's results the bank it was hosted on, which may be
    a file of the host's own (``quiz host my_bank.toml``)."""
    from quiz.export import installed_banks

    banks = installed_banks()
    if session and fmt.name in ("results", "results-json"):
        from quiz.live.session import LiveSession

        bank = config.find_bank(LiveSession.stored_bank_ref(store, session))
        banks[bank.id] = bank
    return banks


@click.group("lrs")
def lrs() -> None:
    """Learning Record Store: send attempts as xAPI statements."""


@lrs.command("push")
@click.option(
    "--endpoint",
    envvar="QUIZ_LRS_ENDPOINT",
    required=True,
    help="The LRS's xAPI base URL, e.g. https://lrs.example.org/xAPI (env QUIZ_LRS_ENDPOINT).",
)
@click.option("--user", envvar="QUIZ_LRS_USER", help="Basic auth user (env QUIZ_LRS_USER).")
@click.option("--password", envvar="QUIZ_LRS_PASSWORD", help="Basic auth password (env QUIZ_LRS_PASSWORD).")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=100, show_default=True)
@click.option(
    "--retries",
    type=click.IntRange(0, 20),
    default=4,
    show_default=True,
    help="Tries again per batch after a network error, timeout, 429 or 5xx.",
)
@click.option(
    "--backoff",
    type=click.FloatRange(0),
    default=0.5,
    show_default=True,
    help="Seconds before the first retry; doubled for each next one.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1, max=3600),
    default=30.0,
    show_default=True,
    help="Seconds one request may take in all (connecting, sending, the whole answer) before it is retried.",
)
@click.option("--dry-run", is_flag=True, help="Print the statements that would be sent, send nothing.")
@_filters
@pass_config
def push(
    config: Config,
    /,
    endpoint: str,
    user: str | None,
    password: str | None,
    batch_size: int,
    retries: int,
    backoff: float,
    timeout: float,
    dry_run: bool,
    **kwargs: Any,
) -> None:
    """Send finished attempts to an LRS; statements it already accepted are never sent again."""
    from quiz.export import installed_banks
    from quiz.export.lrs import LrsConfig, pending_statements
    from quiz.export.lrs import push as push_statements
    from quiz.export.select import SelectionError, select_attempts

    lrs_config = LrsConfig(
        endpoint, user, password, batch_size=batch_size, retries=retries, backoff=backoff, timeout=timeout
    )
    options = _xapi_options(kwargs)
    with config.open_store() as store:
        ids = select_attempts(store, _attempt_filter(kwargs))
        if not ids:
            raise SelectionError(
                _("no attempts match ({filter}); nothing to send").format(filter=_describe(kwargs))
            )
        banks = installed_banks()
        if dry_run:
            report = pending_statements(store, ids, banks, lrs_config, options)
            with stdout_utf8() as stream:
                for pending in report.pending:
                    stream.write(pending.text + "\n")
            batches = -(-len(report.pending) // batch_size)
            statements = ngettext("{n} statement", "{n} statements", len(report.pending)).format(
                n=len(report.pending)
            )
            click.echo(
                _("Dry run: would send {statements} in {batches} to {url}; {sent} already sent.").format(
                    statements=statements,
                    batches=ngettext("{n} batch", "{n} batches", batches).format(n=batches),
                    url=lrs_config.statements_url,
                    sent=report.already_sent,
                ),
                err=True,
            )
            return
        report = push_statements(store, ids, banks, lrs_config, options)
    retried = ngettext("{n} retry", "{n} retries", report.retries).format(n=report.retries)
    if report.retries:
        said = _("Sent {statements} in {batches} to {url}, {retried}; {sent} already sent before.")
    else:
        said = _("Sent {statements} in {batches} to {url}; {sent} already sent before.")
    click.echo(
        said.format(
            statements=ngettext("{n} statement", "{n} statements", report.sent).format(n=report.sent),
            batches=ngettext("{n} batch", "{n} batches", report.batches).format(n=report.batches),
            url=lrs_config.statements_url,
            retried=retried,
            sent=report.already_sent,
        ),
        err=True,
    )
