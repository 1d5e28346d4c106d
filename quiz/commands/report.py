"""`quiz report`: item analysis of a bank or live session, and a learner's discernment over time.

Headless: imports neither textual nor, until it runs, the store.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from quiz.commands.context import Config, pass_config
from quiz.errors import QuizError
from quiz.i18n import N_, _, current_language, ngettext
from quiz.i18n.lists import tally, together
from quiz.i18n.numbers import decimal, decimal_fixed, percent, sentence_with_day

if TYPE_CHECKING:
    from quiz.bank import Bank
    from quiz.engine.discernment import Change, Discernment
    from quiz.engine.item_analysis import ItemAnalysis, ItemStats
    from quiz.services.reporting import Cohort, CohortComparison, DiscernmentRecord, FormPair, Which
    from quiz.store import Learner, Store

_WHICH_TEXT = {
    "first": N_("first finished attempt of each learner"),
    "last": N_("last finished attempt of each learner"),
    "all": N_("every finished attempt"),
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
    "--compare",
    nargs=2,
    metavar="FORM FORM",
    help="Compare discernment on two headline forms (headlines_a headlines_c): for --learner, or "
    "for every learner who took both.",
)
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
    compare: tuple[str, str] | None,
    fmt: str,
    out: Path | None,
) -> None:
    """Item analysis for BANK or a live session, as Moodle's quiz statistics compute it.

    Prints per question the facility index, standard deviation, discrimination index,
    discriminative efficiency and effective weight, with flags for questions that are too
    easy, too hard or negatively discriminating, then Cronbach's alpha, the error ratio and
    the standard error of the test. With --learner, prints that learner's discernment
    measures on headline items instead, first check against latest, or the two forms
    --compare names. --compare alone compares the two forms across every learner who took
    both. Exits 1 when there is nothing to report.
    """
    from quiz.services.reporting import Which

    if compare is not None:
        if compare[0] == compare[1]:
            raise click.UsageError(_("--compare needs two different forms"))
        if bank is not None:
            raise click.UsageError(_("--compare names the forms: leave out BANK"))
        if which == "all":
            raise click.UsageError(_("--compare takes one attempt per form: --attempts first or last"))
    if learner is not None:
        text = _learner_report(config, learner, bank, fmt, compare, Which(which))
    elif compare is not None:
        text = _cohort_report(config, compare, Which(which), fmt)
    else:
        if bank is None and session_code is None:
            raise click.UsageError(_("name a BANK, or give --session CODE or --learner NAME"))
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
        click.echo(_("Wrote {path}.").format(path=out), err=True)


def _bank_for_report(config: Config, store: Store, bank: str | None, session_code: str | None) -> Bank:
    if bank is not None:
        return config.find_bank(bank)
    banks = sorted({row.bank_id for row in store.attempts(session_code=session_code)})
    if not banks:
        raise QuizError(_("no finished attempts in session “{code}”").format(code=session_code))
    if len(banks) > 1:
        raise QuizError(
            _("session {code} has attempts on {banks}: name the bank too").format(
                code=session_code, banks=together(banks)
            )
        )
    return config.find_bank(banks[0])


# -- item analysis -------------------------------------------------------------------------------


def _percent(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else percent(value, digits)


def _signed(value: float | None) -> str:
    if value is None:
        return "-"
    rounded = round(value, 2) + 0.0
    return ("+" if rounded >= 0 else "-") + decimal_fixed(abs(rounded), 2)


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else decimal_fixed(value, digits)


def _items_table(cohort: Cohort, analysis: ItemAnalysis) -> str:
    from quiz.kinds.registry import kind_of

    bank, quiz = cohort.bank, analysis.quiz
    shown = bank.in_language(current_language()).info.title  # the bank's, where it has the language
    if cohort.session_code:
        title = _("Item analysis: {title} ({id}), session {code}").format(
            title=shown, id=bank.id, code=cohort.session_code
        )
    else:
        title = _("Item analysis: {title} ({id})").format(title=shown, id=bank.id)
    lines = [
        title,
        ngettext(
            "{n} attempt: the {which}, {modes}.", "{n} attempts: the {which}, {modes}.", quiz.attempts
        ).format(n=quiz.attempts, which=_(_WHICH_TEXT[cohort.which]), modes=cohort.modes_text),
    ]
    if bank.info.facts_as_of:
        lines.append(sentence_with_day(_("Facts as of {day}."), bank.info.facts_as_of))
    lines.append("")
    header = (
        _("QUESTION"),
        _("TYPE"),
        "N",
        _("FACILITY"),
        "SD",
        _("DISCRIMINATION"),
        _("EFFICIENCY"),
        _("WEIGHT"),
        _("FLAGS"),
    )
    rows = [
        (
            item.item_id,
            _(kind_of(bank.by_id[item.item_id]).label),  # the json and csv keep the kind's id
            str(item.attempts),
            _percent(None if item.facility is None else 100 * item.facility),
            _number(item.sd),
            _percent(item.discrimination_index),
            _percent(item.discriminative_efficiency),
            _percent(item.effective_weight),
            together(_(flag) for flag in item.flags),
        )
        for item in analysis.items
        if item.attempts
    ]
    lines += _aligned(header, rows, range(2, 8))
    unasked = [item.item_id for item in analysis.items if not item.attempts]
    if unasked:
        lines.append(_("Never asked: {ids}").format(ids=together(unasked)))
    if cohort.missing:
        lines.append(
            _("Left out (no longer in the bank): {ids}").format(ids=together(sorted(cohort.missing)))
        )
    # The test's maximum is what the attempts asked, not the whole bank: 4 questions of 44.
    max_total = sum(item.max_mark for item in analysis.items if item.attempts) if quiz.common_items else None
    mean = _number(quiz.mean)
    if max_total:
        mean = _("{mean} of {max}").format(mean=mean, max=decimal(max_total, 2))
    reason = _(quiz.why_no_alpha) if quiz.why_no_alpha else None
    lines += [
        "",
        ngettext(
            "Test: {n} question, mean {mean}, median {median}, SD {sd} marks.",
            "Test: {n} questions, mean {mean}, median {median}, SD {sd} marks.",
            quiz.items,
        ).format(n=quiz.items, mean=mean, median=decimal(quiz.median, 2), sd=_number(quiz.sd)),
        _("Cronbach's alpha {alpha}, error ratio {ratio}, standard error {error}.").format(
            alpha=reason or _percent(quiz.alpha),
            ratio=reason or _percent(quiz.error_ratio),
            error=reason or _("{n} marks").format(n=_number(quiz.standard_error)),
        ),
        "",
    ]
    from quiz.engine.item_analysis import ITEM_MEASURES
    from quiz.i18n.width import fill

    lines += [
        fill(_(text), 100, initial_indent="  ", subsequent_indent="    ") for text in ITEM_MEASURES.values()
    ]
    return "\n".join(lines) + "\n"


def _aligned(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: range) -> list[str]:
    """Columns padded to width, the ``numeric`` ones right-aligned so their digits line up."""
    from quiz.i18n.width import cells, ljust, rjust

    widths = [max(cells(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            rjust(cell, widths[i]) if i in numeric else ljust(cell, widths[i]) for i, cell in enumerate(row)
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


def _bank_loader(config: Config) -> tuple[Callable[[str], Bank | None], set[str]]:
    """Load banks by id for a discernment history; the ids not found are collected, not fatal."""
    from quiz.errors import BankNotFoundError

    unknown: set[str] = set()

    def bank_for(bank_id: str) -> Bank | None:
        try:
            return config.find_bank(bank_id)
        except BankNotFoundError:
            unknown.add(bank_id)
            return None

    return bank_for, unknown


def _learner_report(
    config: Config, name: str, bank: str | None, fmt: str, forms: tuple[str, str] | None, which: Which
) -> str:
    from quiz.explain.discernment import change_text
    from quiz.services.reporting import before_after, compare_forms, discernment_history, find_learner

    bank_for, unknown = _bank_loader(config)
    bank_ids = [config.find_bank(b).id for b in (forms or ((bank,) if bank else ()))]
    with config.open_store() as store:
        learner = find_learner(store, name)
        history = discernment_history(store, learner, bank_for, bank_ids)
    if not history:
        if unknown:
            said = _("{name} has no finished attempt with headline items (banks not found: {ids})")
        else:
            said = _("{name} has no finished attempt with headline items")
        raise QuizError(said.format(name=learner.name, ids=together(sorted(unknown))))
    if forms is not None:
        pair = compare_forms(learner, history, *forms, which)
        if pair is None:
            taken = {r.attempt.bank_id for r in history}
            missing = [form for form in forms if form not in taken]
            raise QuizError(
                _("{name} has no finished check on {forms}").format(
                    name=learner.name, forms=_(" or ").join(missing)
                )
            )
        ends: tuple[DiscernmentRecord, DiscernmentRecord] | None = (pair.before, pair.after)
        change = pair.change
    else:
        ends = (history[0], history[-1]) if len(history) > 1 else None
        change = before_after(history)
    records = [_discernment_record(r) for r in history]
    if fmt == "json":
        document = {
            "learner": asdict(learner),
            "attempts": records,
            "change": None
            if change is None or ends is None
            else {
                "before_attempt": ends[0].attempt.id,
                "after_attempt": ends[1].attempt.id,
                "d_prime_change": change.d_prime_change,
                "criterion_change": change.criterion_change,
                "verdict": change.verdict.name,
                "text": change_text(change),
            },
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in records)
        return buffer.getvalue()
    return _learner_table(learner, history, records, ends, change)


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
    learner: Learner,
    history: list[DiscernmentRecord],
    records: list[dict[str, Any]],
    ends: tuple[DiscernmentRecord, DiscernmentRecord] | None,
    change: Change | None,
) -> str:
    from quiz.explain.discernment import change_text, measures, verdict_label

    lines = [_("Discernment of {name} on headline items").format(name=learner.name), ""]
    header = (
        _("DATE"),
        _("BANK"),
        _("VERACITY"),
        _("REAL NEWS"),
        _("FAKE NEWS"),
        "D'",
        "C",
        _("DISTRUST"),
        _("NAIVETY"),
        _("PATTERN"),
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
            decimal(r["distrust"], 2),
            decimal(r["naivety"], 2),
            _(r["pattern"]) if r["pattern"] else "-",
        )
        for r in records
    ]
    lines += _aligned(header, rows, range(2, 9))
    if change is not None and ends is not None:
        first, last = ends[0].attempt, ends[1].attempt
        before, after = change.before, change.after
        lines += [
            "",
            _(
                "Before ({before_form}, {before_day}) → after ({after_form}, {after_day}): "
                "d' {d_before} → {d_after} (change {d_change}), "
                "c {c_before} → {c_after} (change {c_change}): {verdict}."
            ).format(
                before_form=first.bank_id,
                before_day=(first.finished_at or "")[:10],
                after_form=last.bank_id,
                after_day=(last.finished_at or "")[:10],
                d_before=_signed(before.d_prime),
                d_after=_signed(after.d_prime),
                d_change=_signed(change.d_prime_change),
                c_before=_signed(before.criterion),
                c_after=_signed(after.criterion),
                c_change=_signed(change.criterion_change),
                verdict=verdict_label(change.verdict),
            ),
            change_text(change),
        ]
    shown = {"veracity_discernment", "real_news_detection", "fake_news_detection", "d_prime", "criterion"}
    shown |= {"distrust", "naivety"}
    from quiz.i18n.width import fill

    lines.append("")
    lines += [
        # TRANSLATORS: quiz report --learner: a measure's name and what it means.
        fill(
            _("{measure}: {meaning}").format(measure=m.label, meaning=m.meaning),
            100,
            initial_indent="  ",
            subsequent_indent="    ",
        )
        for m in measures(history[-1].discernment)
        if m.key in shown
    ]
    return "\n".join(lines) + "\n"


# -- two forms across a cohort ----------------------------------------------------------------------

_COHORT_MEASURES: dict[str, Callable[[Discernment], float | None]] = {
    N_("Hits"): lambda d: d.hits,
    N_("False alarms"): lambda d: d.false_alarms,
    "d'": lambda d: d.d_prime,
    "c": lambda d: d.criterion,
    N_("Veracity discernment"): lambda d: d.veracity_discernment,
    N_("Real-news detection"): lambda d: d.real_news_detection,
    N_("Fake-news detection"): lambda d: d.fake_news_detection,
    N_("Distrust"): lambda d: d.distrust,
    N_("Naivety"): lambda d: d.naivety,
}
"""English msgids (and the JSON's keys): the table shows them through ``_``."""


def _cohort_report(config: Config, forms: tuple[str, str], which: Which, fmt: str) -> str:
    from quiz.services.reporting import compare_cohort

    before, after = (config.find_bank(form).id for form in forms)
    bank_for, _unknown = _bank_loader(config)
    with config.open_store() as store:
        cohort = compare_cohort(store, bank_for, before, after, which)
    if not cohort.pairs:
        raise QuizError(
            _("no learner has finished checks on both {before} and {after}").format(
                before=before, after=after
            )
        )
    return {"table": _cohort_table, "json": _cohort_json, "csv": _cohort_csv}[fmt](cohort)


def _pair_record(pair: FormPair) -> dict[str, Any]:
    b, a, change = pair.before.discernment, pair.after.discernment, pair.change
    return {
        "learner": pair.learner.name,
        "email": pair.learner.email,
        "username": pair.learner.username,
        "before_attempt": pair.before.attempt.id,
        "after_attempt": pair.after.attempt.id,
        "before_hits": b.hits,
        "after_hits": a.hits,
        "before_false_alarms": b.false_alarms,
        "after_false_alarms": a.false_alarms,
        "before_d_prime": b.d_prime,
        "after_d_prime": a.d_prime,
        "d_prime_change": None if change is None else change.d_prime_change,
        "before_criterion": b.criterion,
        "after_criterion": a.criterion,
        "criterion_change": None if change is None else change.criterion_change,
        "verdict": None if change is None else change.verdict.name,
    }


def _cohort_json(cohort: CohortComparison) -> str:
    from quiz.services.reporting import spread

    def summary(values: list[float]) -> dict[str, float | int | None]:
        mean, sd, se = spread(values)
        return {"mean": mean, "sd": sd, "standard_error": se, "learners": len(values)}

    document = {
        "before_form": cohort.before,
        "after_form": cohort.after,
        "attempts_used": cohort.which.value,
        "learners": [_pair_record(p) for p in cohort.pairs],
        "means": {
            name: dict(zip(("before", "after"), cohort.means(measure), strict=True))
            for name, measure in _COHORT_MEASURES.items()
        },
        "d_prime_change": summary(cohort.changes(lambda c: c.d_prime_change)),
        "criterion_change": summary(cohort.changes(lambda c: c.criterion_change)),
        "verdicts": {verdict.name: n for verdict, n in cohort.verdicts.items()},
        "only_before": [learner.name for learner in cohort.only_before],
        "only_after": [learner.name for learner in cohort.only_after],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _cohort_csv(cohort: CohortComparison) -> str:
    records = [_pair_record(p) for p in cohort.pairs]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in records)
    return buffer.getvalue()


def _cohort_table(cohort: CohortComparison) -> str:
    from quiz.explain.discernment import verdict_label
    from quiz.services.reporting import spread

    before, after, n = cohort.before, cohort.after, len(cohort.pairs)
    on_each = {
        "first": _("the first finished attempt on each form"),
        "last": _("the last finished attempt on each form"),
        "all": _("every finished attempt on each form"),
    }[cohort.which.value]
    lines = [
        ngettext(
            "Discernment on {before} against {after}: {n} learner took both ({which}).",
            "Discernment on {before} against {after}: {n} learners took both ({which}).",
            n,
        ).format(before=before, after=after, n=n, which=on_each),
        "",
    ]
    rows = []
    for name, measure in _COHORT_MEASURES.items():
        mean_before, mean_after = cohort.means(measure)
        signed = name in ("d'", "c")
        shown = _signed if signed else _number
        change = None if mean_before is None or mean_after is None else mean_after - mean_before
        rows.append((_(name), shown(mean_before), shown(mean_after), _signed(change)))
    lines += _aligned((_("MEAN"), before, after, _("CHANGE")), rows, range(1, 4))
    lines.append("")
    for label, values in (
        ("d'", cohort.changes(lambda c: c.d_prime_change)),
        ("c", cohort.changes(lambda c: c.criterion_change)),
    ):
        mean, sd, se = spread(values)
        lines.append(
            ngettext(
                "Change in {measure}: mean {mean}, SD {sd}, standard error {se} ({n} learner).",
                "Change in {measure}: mean {mean}, SD {sd}, standard error {se} ({n} learners).",
                len(values),
            ).format(measure=label, mean=_signed(mean), sd=_number(sd), se=_number(se), n=len(values))
        )
    verdicts = tally(
        _("{name} {count}").format(name=_(verdict), count=count)
        for verdict, count in cohort.verdicts.items()
        if count
    )
    lines += [_("Verdicts: {verdicts}.").format(verdicts=verdicts or _("none (d' cannot be measured)")), ""]
    header = (_("LEARNER"), f"D' {before}", f"D' {after}", _("D' CHANGE"), _("C CHANGE"), _("VERDICT"))
    learner_rows = [
        (
            p.learner.name,
            _signed(p.before.discernment.d_prime),
            _signed(p.after.discernment.d_prime),
            _signed(None if p.change is None else p.change.d_prime_change),
            _signed(None if p.change is None else p.change.criterion_change),
            "-" if p.change is None else verdict_label(p.change.verdict),
        )
        for p in cohort.pairs
    ]
    lines += _aligned(header, learner_rows, range(1, 5))
    for form, learners in ((before, cohort.only_before), (after, cohort.only_after)):
        if learners:
            lines.append(
                _("Took only {form} (left out): {names}.").format(
                    form=form, names=together(x.name for x in learners)
                )
            )
    from quiz.i18n.width import fill

    lines += [
        "",
        fill(
            _(
                "A rise in d' means the learners tell reliable from manipulative better; a rise in c with "
                "d' unchanged means they only call more items manipulative. Give half the group the "
                "forms in the other order, so that a difference between the forms cancels out."
            ),
            100,
            initial_indent="  ",
            subsequent_indent="  ",
        ),
    ]
    return "\n".join(lines) + "\n"
