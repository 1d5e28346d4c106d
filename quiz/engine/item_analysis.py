"""Item analysis for a cohort, computed as Moodle's quiz statistics report does.

Instructors already read Moodle's figures, so the same formulas and units are used here and
checked against Moodle's own test data: facility as a fraction of the item's maximum, the
discrimination index, discriminative efficiency, effective weight, Cronbach's alpha (Moodle's
"coefficient of internal consistency") and the error ratio in percent, standard deviations
and the standard error in marks. Variances divide by s - 1.

For one item over the s attempts that contain it, x is the item's mark and y = T - x the mark
on the rest of the test (T the attempt's total), so an item is not correlated with itself.

Where a figure would divide by a variance of zero (everyone scored the same, or one attempt
only), it is None, and the item carries the ``no_spread`` flag: "not enough spread".
"""

from __future__ import annotations

import math
import operator
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from quiz.errors import QuizError
from quiz.i18n import N_, _

TOO_EASY = 0.90
"""Facility from which an item is flagged too easy (Moodle's docs: 90% and above is very easy)."""
TOO_HARD = 0.20
"""Facility up to which an item is flagged too hard (Moodle's docs: 20% and below is very difficult)."""

NOT_ENOUGH_SPREAD = N_("not enough spread")

_ZERO = 1e-12
"""Variances below this are rounding noise around zero, not spread."""

_mul = operator.mul


class NoAttemptsError(QuizError):
    """Item analysis was asked of a cohort with no attempts."""


class ItemFlag(StrEnum):
    too_easy = N_("too easy")
    too_hard = N_("too hard")
    negative = N_("negative discrimination")
    no_spread = NOT_ENOUGH_SPREAD


ITEM_MEASURES: Mapping[str, str] = {
    "facility": N_("Facility: the average mark as a share of the maximum; how easy the item was."),
    "sd": N_("SD: how much the marks on the item varied between attempts, in marks."),
    "discrimination_index": N_(
        "Discrimination index: the correlation (in %) between the item and the rest of the test; "
        "high means strong learners got it right and weak ones wrong, negative means the reverse."
    ),
    "discriminative_efficiency": N_(
        "Discriminative efficiency: the discrimination index as a share of the highest this item's "
        "difficulty allows."
    ),
    "effective_weight": N_("Effective weight: the item's share (in %) of the spread of total scores."),
    "alpha": N_(
        "Cronbach's alpha: how consistently the items measure the same thing (in %; 75 and above is "
        "good for a test)."
    ),
    "error_ratio": N_(
        "Error ratio: the share (in %) of the spread of scores that is noise rather than ability."
    ),
    "standard_error": N_("Standard error: the likely error on one learner's total, in marks."),
}
"""One sentence per figure, for a legend under a table or a tooltip (English msgids: shown
through ``_``; JSON keeps the English ``why_no_alpha`` and flags)."""


@dataclass(frozen=True, slots=True)
class ItemStats:
    item_id: str
    attempts: int
    """s: the attempts that contained this item."""
    max_mark: float
    mean: float | None
    facility: float | None
    """Mean mark / max mark, 0..1 (below 0 is possible under negative marking)."""
    sd: float | None
    mark_variance: float | None
    other_mark_variance: float | None
    covariance: float | None
    covariance_max: float | None
    covariance_with_total: float | None
    discrimination_index: float | None
    """Percent, -100..100."""
    discriminative_efficiency: float | None
    """Percent."""
    effective_weight: float | None
    """Percent; the effective weights of the items with a non-negative one add up to 100."""
    flags: tuple[ItemFlag, ...] = ()


@dataclass(frozen=True, slots=True)
class QuizStats:
    attempts: int
    items: int
    """Items that at least one attempt contained."""
    common_items: bool
    """True when every attempt contained every item: alpha needs one common test."""
    mean: float
    median: float
    sd: float | None
    skewness: float | None
    kurtosis: float | None
    alpha: float | None
    """Cronbach's alpha in percent (Moodle's "cic")."""
    error_ratio: float | None
    """Percent."""
    standard_error: float | None
    """Marks."""

    @property
    def why_no_alpha(self) -> str | None:
        """Why alpha (and so the error ratio and standard error) is missing; None if it is not."""
        if self.alpha is not None:
            return None
        if self.items < 2:
            return N_("needs two items or more")
        if not self.common_items:
            return N_("attempts saw different questions")
        return NOT_ENOUGH_SPREAD


@dataclass(frozen=True, slots=True)
class ItemAnalysis:
    items: tuple[ItemStats, ...]
    quiz: QuizStats

    def item(self, item_id: str) -> ItemStats:
        for stats in self.items:
            if stats.item_id == item_id:
                return stats
        raise KeyError(item_id)


def analyse_items(
    attempts: Sequence[Mapping[str, float]],
    max_marks: Mapping[str, float],
    *,
    totals: Sequence[float] | None = None,
) -> ItemAnalysis:
    """Moodle's item and test statistics for a cohort.

    ``attempts`` holds one mapping per attempt from item id to the mark earned (fraction of
    the item x its max mark; 0 for an item asked but not answered); an item the attempt did
    not contain is simply absent. ``max_marks`` names the items, in report order, with their
    max marks. ``totals`` are the attempts' totals when they were stored apart from the
    marks (Moodle rounds them); by default each total is the sum of the attempt's marks.
    """
    n = len(attempts)
    if not n:
        raise NoAttemptsError(_("no attempts to analyse"))
    if totals is None:
        totals = [math.fsum(marks.values()) for marks in attempts]
    elif len(totals) != n:
        raise ValueError(f"{len(totals)} totals for {n} attempts")

    raw: list[_Raw] = []
    common = True
    for item_id, max_mark in max_marks.items():
        xs: list[float | None] = [marks.get(item_id) for marks in attempts]
        if None in xs:
            ts = [t for t, x in zip(totals, xs, strict=True) if x is not None]
            present = [x for x in xs if x is not None]
            if present:
                common = False
            raw.append(_item(item_id, max_mark, present, ts))
        else:
            raw.append(_item(item_id, max_mark, xs, totals))  # type: ignore[arg-type]

    # Effective weights share out the items' covariances with the total.
    root_sum = math.fsum(math.sqrt(r.cwo) for r in raw if r.cwo is not None and r.cwo >= 0)
    items = tuple(
        r.finish(100 * math.sqrt(r.cwo) / root_sum if root_sum and r.cwo is not None and r.cwo >= 0 else None)
        for r in raw
    )
    asked = [r for r in raw if r.s]
    return ItemAnalysis(items, _quiz(totals, asked, common))


@dataclass(slots=True)
class _Raw:
    """An item's figures before the effective weight, which needs every item, is known."""

    item_id: str
    max_mark: float
    s: int
    mean: float | None = None
    var_x: float | None = None
    var_y: float | None = None
    covariance: float | None = None
    covmax: float | None = None
    cwo: float | None = None

    def finish(self, effective_weight: float | None) -> ItemStats:
        facility = self.mean / self.max_mark if self.mean is not None and self.max_mark else None
        di = de = None
        if self.var_x is not None and self.var_y is not None and self.covariance is not None:
            if self.var_x > _ZERO and self.var_y > _ZERO:
                di = 100 * self.covariance / math.sqrt(self.var_x * self.var_y)
            if self.covmax is not None and abs(self.covmax) > _ZERO:
                de = 100 * self.covariance / self.covmax
        flags: list[ItemFlag] = []
        if facility is not None and facility >= TOO_EASY - 1e-9:
            flags.append(ItemFlag.too_easy)
        if facility is not None and facility <= TOO_HARD + 1e-9:
            flags.append(ItemFlag.too_hard)
        if di is not None and di < 0:
            flags.append(ItemFlag.negative)
        if di is None and self.s:
            flags.append(ItemFlag.no_spread)
        return ItemStats(
            item_id=self.item_id,
            attempts=self.s,
            max_mark=self.max_mark,
            mean=self.mean,
            facility=facility,
            sd=math.sqrt(self.var_x) if self.var_x is not None else None,
            mark_variance=self.var_x,
            other_mark_variance=self.var_y,
            covariance=self.covariance,
            covariance_max=self.covmax,
            covariance_with_total=self.cwo,
            discrimination_index=di,
            discriminative_efficiency=de,
            effective_weight=effective_weight,
            flags=tuple(flags),
        )


def _item(item_id: str, max_mark: float, xs: Sequence[float], ts: Sequence[float]) -> _Raw:
    s = len(xs)
    if not s:
        return _Raw(item_id, max_mark, 0)
    mean_x = math.fsum(xs) / s
    if s == 1:
        return _Raw(item_id, max_mark, 1, mean_x)
    ys = list(map(operator.sub, ts, xs))
    mean_y = math.fsum(ys) / s
    dx = [x - mean_x for x in xs]
    dy = [y - mean_y for y in ys]
    k = s - 1
    return _Raw(
        item_id,
        max_mark,
        s,
        mean_x,
        var_x=math.fsum(map(_mul, dx, dx)) / k,
        var_y=math.fsum(map(_mul, dy, dy)) / k,
        covariance=math.fsum(map(_mul, dx, dy)) / k,
        # The largest covariance these two sets of marks allow: both sorted the same way.
        covmax=math.fsum(map(_mul, sorted(dx), sorted(dy))) / k,
        cwo=math.fsum(map(_mul, dx, ts)) / k,
    )


def _quiz(totals: Sequence[float], asked: Sequence[_Raw], common: bool) -> QuizStats:
    s = len(totals)
    mean = math.fsum(totals) / s
    d = [t - mean for t in totals]
    d2 = [x * x for x in d]
    m2 = math.fsum(d2) / s
    sd = skewness = kurtosis = alpha = error_ratio = standard_error = None
    if s > 1:
        k2 = s * m2 / (s - 1)
        sd = math.sqrt(k2)
        if k2 > _ZERO:
            if s > 2:
                m3 = math.fsum(map(_mul, d2, d)) / s
                k3 = s * s * m3 / ((s - 1) * (s - 2))
                skewness = k3 / k2**1.5
            if s > 3:
                m4 = math.fsum(map(_mul, d2, d2)) / s
                k4 = s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2) / ((s - 1) * (s - 2) * (s - 3))
                kurtosis = k4 / (k2 * k2)
            p = len(asked)
            if p > 1 and common:
                item_variance = math.fsum(r.var_x or 0.0 for r in asked)
                alpha = 100 * p / (p - 1) * (1 - item_variance / k2)
                if alpha <= 100:
                    error_ratio = 100 * math.sqrt(1 - alpha / 100)
                    standard_error = error_ratio * sd / 100
    return QuizStats(
        attempts=s,
        items=len(asked),
        common_items=common,
        mean=mean,
        median=statistics.median(totals),
        sd=sd,
        skewness=skewness,
        kurtosis=kurtosis,
        alpha=alpha,
        error_ratio=error_ratio,
        standard_error=standard_error,
    )
