"""`quiz report`: item analysis of a bank or live session, and a learner's discernment over time.

Headless: imports neither textual nor, until it runs, the store.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from quiz.commands.context import Config, pass_config
from quiz.errors import QuizError

if TYPE_CHECKING:
    from quiz.bank import Bank
    from quiz.engine.discernment import Change
    from quiz.engine.item_analysis import ItemAnalysis, ItemStats
    from quiz.services.reporting import Cohort, DiscernmentRecord
    from quiz.store import Learner, Store

_WHICH_TEXT = {
    "first": "first finished attempt of each learner",
    "last": "last finished attempt of each learner",
    "all": "every finished attempt",
}


@click.command()
@click.argument("bank", required=False)
@click.option("--session", "session_code", metavar="CODE", help="Analyse the attempts of this live session.")
@click.option(
    "--learner",
    metavar="NAME",
    help="Show this learner's discernment on headline items, first attempt against latest.",
)
@click.option(
    "--attempts",
    "which",
    type=click.Choice(["first", "last", "all"]),
    default="first",
    show_default=True,
    help="Which finished attempts of each learner to analyse.",
)
@click.option("--mode", help="Only attempts in this mode (default: every mode but review).")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here, not to stdout.")
@pass_config
def report(
    config: Config,
    bank: str | None,
    session_code: str | None,
    learner: str | None,
    which: str,
    mode: str | None,
    fmt: str,
    out: Path | None,
) -> None:
    """Item analysis for BANK or a live session, as Moodle's quiz statistics compute it.

    Prints per question the facility index, standard deviation, discrimination index,
    discriminative efficiency and effective weight, with flags for questions that are too
    easy, too hard or negatively discriminating, then Cronbach's alpha, the error ratio and
    the standard error of the test. With --learner, prints that learner's discernment
    measures on headline items instead. Exits 1 when there is nothing to report.
    """
    from quiz.services.reporting import Which

    if learner is not None:
        text = _learner_report(config, learner, bank, fmt)
    else:
        if bank is None and session_code is None:
            raise click.UsageError("name a BANK, or give --session CODE or --learner NAME")
        with config.open_store() as store:
            from quiz.services.reporting import load_cohort

            the_bank = _bank_for_report(config, store, bank, session_code)
            cohort = load_cohort(store, the_bank, session_code=session_code, which=Which(which), mode=mode)
        analysis = cohort.analyse()
        text = {"table": _items_table, "json": _items_json, "csv": _items_csv}[fmt](cohort, analysis)
    if out is None:
        click.echo(text, nl=False)
    else:
        from quiz.infra.files import write_text

        write_text(out, text, newline="")
        click.echo(f"Wrote {out}", err=True)


def _bank_for_report(config: Config, store: Store, bank: str | None, session_code: str | None) -> Bank:
    if bank is not None:
        return config.find_bank(bank)
    banks = sorted({row.bank_id for row in store.attempts(session_code=session_code)})
    if not banks:
        raise QuizError(f"no finished attempts in session {session_code!r}")
    if len(banks) > 1:
        raise QuizError(f"session {session_code!r} has attempts on {', '.join(banks)}: name the bank too")
    return config.find_bank(banks[0])


# -- item analysis -------------------------------------------------------------------------------


def _percent(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}%"


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{round(value, 2) + 0.0:+.2f}"


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _items_table(cohort: Cohort, analysis: ItemAnalysis) -> str:
    bank, quiz = cohort.bank, analysis.quiz
    lines = [
        f"Item analysis: {bank.info.title} ({bank.id})"
        + (f", session {cohort.session_code}" if cohort.session_code else ""),
        f"{quiz.attempts} attempt{'s' * (quiz.attempts != 1)}: the {_WHICH_TEXT[cohort.which]}, "
        f"{cohort.modes_text}.",
    ]
    if bank.info.facts_as_of:
        from quiz.bank.models import as_of_text

        lines.append(f"{as_of_text(bank.info.facts_as_of)}.")
    lines.append("")
    header = ("QUESTION", "TYPE", "N", "FACILITY", "SD", "DISCRIMINATION", "EFFICIENCY", "WEIGHT", "FLAGS")
    rows = [
        (
            item.item_id,
            bank.by_id[item.item_id].type,
            str(item.attempts),
            _percent(None if item.facility is None else 100 * item.facility),
            _number(item.sd),
            _percent(item.discrimination_index),
            _percent(item.discriminative_efficiency),
            _percent(item.effective_weight),
            ", ".join(item.flags),
        )
        for item in analysis.items
        if item.attempts
    ]
    lines += _aligned(header, rows, range(2, 8))
    unasked = [item.item_id for item in analysis.items if not item.attempts]
    if unasked:
        lines.append(f"Never asked: {', '.join(unasked)}")
    if cohort.missing:
        lines.append(f"Left out (no longer in the bank): {', '.join(sorted(cohort.missing))}")
    max_total = sum(cohort.max_marks.values()) if quiz.common_items else None
    of_max = f" of {max_total:g}" if max_total else ""
    reason = quiz.why_no_alpha
    lines += [
        "",
        f"Test: {quiz.items} questions, mean {quiz.mean:.2f}{of_max}, median {quiz.median:g}, "
        f"SD {'-' if quiz.sd is None else f'{quiz.sd:.2f}'} marks.",
        f"Cronbach's alpha {reason or _percent(quiz.alpha)}, error ratio "
        f"{reason or _percent(quiz.error_ratio)}, standard error "
        f"{reason or _number(quiz.standard_error) + ' marks'}.",
        "",
    ]
    from quiz.engine.item_analysis import ITEM_MEASURES

    lines += [
        textwrap.fill(text, 100, initial_indent="  ", subsequent_indent="    ")
        for text in ITEM_MEASURES.values()
    ]
    return "\n".join(lines) + "\n"


def _aligned(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: range) -> list[str]:
    """Columns padded to width, the ``numeric`` ones right-aligned so their digits line up."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(row)
        ).rstrip()
        for row in [header, *rows]
    ]


_ITEM_FIELDS = (
    "item_id",
    "type",
    "attempts",
    "max_mark",
    "mean",
    "facility",
    "sd",
    "discrimination_index",
    "discriminative_efficiency",
    "effective_weight",
    "mark_variance",
    "other_mark_variance",
    "covariance",
    "covariance_max",
    "covariance_with_total",
    "flags",
)


def _item_record(bank: Bank, item: ItemStats) -> dict[str, Any]:
    record = asdict(item)
    record["type"] = bank.by_id[item.item_id].type
    record["flags"] = [str(flag) for flag in item.flags]
    return {key: record[key] for key in _ITEM_FIELDS}


def _items_json(cohort: Cohort, analysis: ItemAnalysis) -> str:
    document = {
        "bank": cohort.bank.id,
        "bank_version": cohort.bank.info.version,
        "facts_as_of": str(cohort.bank.info.facts_as_of) if cohort.bank.info.facts_as_of else None,
        "session": cohort.session_code,
        "attempts_used": cohort.which.value,
        "mode": cohort.mode,
        "units": "facility 0..1; discrimination, efficiency, weight, alpha, error ratio in percent; "
        "sd and standard error in marks",
        "quiz": {**asdict(analysis.quiz), "why_no_alpha": analysis.quiz.why_no_alpha},
        "items": [_item_record(cohort.bank, item) for item in analysis.items],
        "left_out": sorted(cohort.missing),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _items_csv(cohort: Cohort, analysis: ItemAnalysis) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_ITEM_FIELDS)
    for item in analysis.items:
        record = _item_record(cohort.bank, item)
        record["flags"] = "; ".join(record["flags"])
        writer.writerow("" if record[key] is None else record[key] for key in _ITEM_FIELDS)
    return buffer.getvalue()


# -- a learner's discernment -----------------------------------------------------------------------


def _learner_report(config: Config, name: str, bank: str | None, fmt: str) -> str:
    from quiz.errors import BankNotFoundError
    from quiz.services.reporting import before_after, discernment_history, find_learner

    unknown: set[str] = set()

    def bank_for(bank_id: str) -> Bank | None:
        try:
            return config.find_bank(bank_id)
        except BankNotFoundError:
            unknown.add(bank_id)
            return None

    bank_ids = [config.find_bank(bank).id] if bank else []
    with config.open_store() as store:
        learner = find_learner(store, name)
        history = discernment_history(store, learner, bank_for, bank_ids)
    if not history:
        hint = f" (banks not found: {', '.join(sorted(unknown))})" if unknown else ""
        raise QuizError(f"{learner.name} has no finished attempt with headline items{hint}")
    records = [_discernment_record(r) for r in history]
    change = before_after(history)
    if fmt == "json":
        document = {
            "learner": asdict(learner),
            "attempts": records,
            "change": None
            if change is None
            else {
                "before_attempt": history[0].attempt.id,
                "after_attempt": history[-1].attempt.id,
                "d_prime_change": change.d_prime_change,
                "criterion_change": change.criterion_change,
                "verdict": change.verdict.name,
                "text": change.text,
            },
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in records)
        return buffer.getvalue()
    return _learner_table(learner, history, records, change)


def _discernment_record(record: DiscernmentRecord) -> dict[str, Any]:
    d, row = record.discernment, record.attempt
    return {
        "attempt": row.id,
        "bank": row.bank_id,
        "finished_at": row.finished_at,
        "items": d.items,
        "hits": d.hits,
        "misses": d.misses,
        "false_alarms": d.false_alarms,
        "correct_rejections": d.correct_rejections,
        "unanswered": d.unanswered,
        "hit_rate": d.hit_rate,
        "false_alarm_rate": d.false_alarm_rate,
        "d_prime": d.d_prime,
        "criterion": d.criterion,
        "veracity_discernment": d.veracity_discernment,
        "real_news_detection": d.real_news_detection,
        "fake_news_detection": d.fake_news_detection,
        "distrust": d.distrust,
        "naivety": d.naivety,
        "pattern": None if d.pattern is None else str(d.pattern),
    }


def _learner_table(
    learner: Learner, history: list[DiscernmentRecord], records: list[dict[str, Any]], change: Change | None
) -> str:
    lines = [f"Discernment of {learner.name} on headline items", ""]
    header = (
        "DATE",
        "BANK",
        "VERACITY",
        "REAL NEWS",
        "FAKE NEWS",
        "D'",
        "C",
        "DISTRUST",
        "NAIVETY",
        "PATTERN",
    )
    rows = [
        (
            (r["finished_at"] or "")[:10],
            r["bank"],
            f"{r['veracity_discernment']}/{r['items']}",
            f"{r['real_news_detection']}/{r['hits'] + r['misses']}",
            f"{r['fake_news_detection']}/{r['false_alarms'] + r['correct_rejections']}",
            _signed(r["d_prime"]),
            _signed(r["criterion"]),
            f"{r['distrust']:g}",
            f"{r['naivety']:g}",
            r["pattern"] or "-",
        )
        for r in records
    ]
    lines += _aligned(header, rows, range(2, 9))
    if change is not None:
        first, last = history[0].attempt, history[-1].attempt
        lines += [
            "",
            f"Before ({first.bank_id}, {(first.finished_at or '')[:10]}) against after "
            f"({last.bank_id}, {(last.finished_at or '')[:10]}): d' {change.d_prime_change:+.2f}, "
            f"c {change.criterion_change:+.2f}: {change.verdict}.",
            change.text,
        ]
    shown = {"veracity_discernment", "real_news_detection", "fake_news_detection", "d_prime", "criterion"}
    shown |= {"distrust", "naivety"}
    lines.append("")
    lines += [
        textwrap.fill(f"{m.label}: {m.meaning}", 100, initial_indent="  ", subsequent_indent="    ")
        for m in history[-1].discernment.measures()
        if m.key in shown
    ]
    return "\n".join(lines) + "\n"
