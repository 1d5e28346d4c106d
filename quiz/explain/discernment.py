"""Discernment's measures, patterns and changes in words (the figures: ``quiz.engine.discernment``)."""

from __future__ import annotations

from quiz.engine.discernment import C_CHANGE, Change, Discernment, Pattern, Verdict
from quiz.explain.measure import Measure
from quiz.i18n import N_, _
from quiz.i18n.numbers import decimal, decimal_fixed, percent, signed

PATTERN_LABELS = {
    Pattern.discerning: N_("discerning"),
    Pattern.discerning_sceptical: N_("discerning but sceptical"),
    Pattern.discerning_credulous: N_("discerning but credulous"),
    Pattern.sceptical: N_("sceptical"),
    Pattern.credulous: N_("credulous"),
    Pattern.undiscerning: N_("not yet discerning"),
}

PATTERN_MEANINGS = {
    Pattern.discerning: N_(
        "You told reliable from manipulative items apart, with no strong lean either way."
    ),
    Pattern.discerning_sceptical: N_("You told them apart, but leaned towards calling items manipulative."),
    Pattern.discerning_credulous: N_("You told them apart, but leaned towards calling items reliable."),
    Pattern.sceptical: N_(
        "You called most items manipulative, reliable ones too: distrust, not discernment."
    ),
    Pattern.credulous: N_("You called most items reliable, manipulative ones too: trust, not discernment."),
    Pattern.undiscerning: N_("Your judgements did not yet separate reliable from manipulative items."),
}

VERDICT_LABELS = {
    Verdict.improved: N_("improved discernment"),
    Verdict.declined: N_("declined discernment"),
    Verdict.more_sceptical: N_("more sceptical, not more discerning"),
    Verdict.more_credulous: N_("more credulous, not more discerning"),
    Verdict.unchanged: N_("no clear change"),
}


def verdict_label(verdict: Verdict) -> str:
    return _(VERDICT_LABELS[verdict])


def measures(found: Discernment) -> list[Measure]:
    """Every measure with a one-sentence meaning, in the order a results screen shows them."""
    d, c = found.d_prime, found.criterion
    pattern = found.pattern
    return [
        Measure(
            "pattern",
            _("Pattern"),
            None,
            _(PATTERN_LABELS[pattern]) if pattern else _("needs reliable and manipulative items"),
            _(PATTERN_MEANINGS[pattern]) if pattern else _("d' and c compare the two kinds of item."),
        ),
        Measure(
            "veracity_discernment",
            _("Veracity discernment"),
            found.veracity_discernment,
            _("{n} of {total}").format(n=found.veracity_discernment, total=found.items),
            _("Headlines you judged correctly, reliable and manipulative alike."),
        ),
        Measure(
            "real_news_detection",
            _("Real-news detection"),
            found.real_news_detection,
            _("{n} of {total}").format(n=found.hits, total=found.reliable),
            _("Reliable headlines you recognised as reliable."),
        ),
        Measure(
            "fake_news_detection",
            _("Fake-news detection"),
            found.fake_news_detection,
            _("{n} of {total}").format(n=found.correct_rejections, total=found.manipulative),
            _("Manipulative headlines you recognised as manipulative."),
        ),
        Measure(
            "hit_rate",
            _("Hit rate"),
            found.hit_rate,
            _percent(found.hit_rate),
            _("How often a reliable headline got your trust."),
        ),
        Measure(
            "false_alarm_rate",
            _("False-alarm rate"),
            found.false_alarm_rate,
            _percent(found.false_alarm_rate),
            _("How often a manipulative headline got your trust."),
        ),
        Measure(
            "d_prime",
            _("Discernment (d')"),
            d,
            _signed(d),
            _("How well you tell reliable from manipulative: 0 is guessing, 2 or more is strong."),
        ),
        Measure(
            "criterion",
            _("Bias (c)"),
            c,
            _signed(c),
            _("Your lean: above 0 towards 'manipulative' (sceptical), below 0 towards 'reliable'."),
        ),
        Measure(
            "distrust",
            _("Distrust"),
            found.distrust,
            _count(found.distrust),
            _("How many more headlines you called manipulative than half of them."),
        ),
        Measure(
            "naivety",
            _("Naivety"),
            found.naivety,
            _count(found.naivety),
            _("How many more headlines you called reliable than half of them."),
        ),
    ]


def change_text(change: Change) -> str:
    """The verdict in one or two plain sentences."""
    dd, dc = change.d_prime_change, change.criterion_change
    lean = ""
    if dc >= C_CHANGE:
        lean = " " + _("You also lean more towards 'manipulative' than before.")
    elif dc <= -C_CHANGE:
        lean = " " + _("You also lean more towards 'reliable' than before.")
    match change.verdict:
        case Verdict.improved:
            return (
                _(
                    "Discernment improved: d' rose by {change}, so you tell the two kinds apart better."
                ).format(change=decimal_fixed(dd))
                + lean
            )
        case Verdict.declined:
            return (
                _(
                    "Discernment fell: d' dropped by {change}, so you tell the two kinds apart less well."
                ).format(change=decimal_fixed(-dd))
                + lean
            )
        case Verdict.more_sceptical:
            return _(
                "More sceptical, not more discerning: c rose by {change}, so you call more headlines "
                "manipulative, reliable ones too, while d' barely moved."
            ).format(change=decimal_fixed(dc))
        case Verdict.more_credulous:
            return _(
                "More credulous, not more discerning: c fell by {change}, so you trust more headlines, "
                "manipulative ones too, while d' barely moved."
            ).format(change=decimal_fixed(-dc))
        case _:
            return _("No clear change: neither discernment nor bias moved much.")


def _percent(value: float | None) -> str:
    return _("n/a") if value is None else percent(100 * value)


def _signed(value: float | None) -> str:
    return _("n/a") if value is None else signed(value)


def _count(value: float) -> str:
    return decimal(value, 2)
