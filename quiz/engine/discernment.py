"""Discernment on ``headline`` items: can a learner tell reliable from manipulative?

Training against disinformation can make people more suspicious of everything without making
them any better at telling true from false. Signal detection theory keeps the two apart:
``d'`` measures ability (how far apart the learner keeps reliable and manipulative items) and
the criterion ``c`` measures bias (a lean towards calling things manipulative, c > 0, or
reliable, c < 0). A "hit" is a reliable item judged reliable and a "false alarm" a
manipulative item judged reliable, so a high d' means trusting the right things.

Rates use the log-linear correction (Hautus 1995): add 0.5 to each count and 1 to each total,
so a perfect score (a rate of 0 or 1) still gives a finite z. Unanswered items are left out of
the rates and counted apart.

The MIST-style counts (Maertens et al. 2023) are plain counts a learner understands at once;
distrust and naivety count the judgements of one kind beyond half of the items, floored at 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist

from quiz.bank import Bank
from quiz.engine.attempt import Answer
from quiz.engine.plan import AttemptPlan
from quiz.kinds.registry import kind_of

_z = NormalDist().inv_cdf

FORMS = ("headlines_a", "headlines_b", "headlines_c")
"""The parallel headline forms: A before training, B after, C for a delayed re-test."""

ABLE_D_PRIME = 1.0
"""d' from which a pattern counts as discerning: about 69% right for an unbiased responder."""
BIASED_C = 0.5
"""|c| from which a pattern counts as leaning: the lean moves the boundary by half a unit."""
D_PRIME_CHANGE = 0.5
"""The smallest change in d' called a change (on a 20-item form, about two items' worth)."""
C_CHANGE = 0.3
"""The smallest change in c called a shift in bias (about two items judged the other way)."""


def corrected_rate(count: int, total: int) -> float:
    """The log-linear corrected rate: never 0 or 1, so its z is always finite."""
    return (count + 0.5) / (total + 1)


def sdt(hits: int, reliable: int, false_alarms: int, manipulative: int) -> tuple[float, float]:
    """(d', c) from the counts, with the log-linear correction.

    ``reliable`` and ``manipulative`` are the numbers of judged items of each kind.
    """
    z_hit = _z(corrected_rate(hits, reliable))
    z_fa = _z(corrected_rate(false_alarms, manipulative))
    return z_hit - z_fa, -(z_hit + z_fa) / 2


class Pattern(StrEnum):
    """The shape of one attempt's judgements (``quiz.explain.discernment`` puts it in words);
    the values are what ``quiz report --format json`` writes."""

    discerning = "discerning"
    discerning_sceptical = "discerning but sceptical"
    discerning_credulous = "discerning but credulous"
    sceptical = "sceptical"
    credulous = "credulous"
    undiscerning = "not yet discerning"


@dataclass(frozen=True)
class Discernment:
    """The judgements of one attempt's headline items, and every measure drawn from them."""

    hits: int
    """Reliable items judged reliable."""
    misses: int
    """Reliable items judged manipulative."""
    false_alarms: int
    """Manipulative items judged reliable."""
    correct_rejections: int
    """Manipulative items judged manipulative."""
    unanswered: int = 0

    @property
    def reliable(self) -> int:
        return self.hits + self.misses

    @property
    def manipulative(self) -> int:
        return self.false_alarms + self.correct_rejections

    @property
    def items(self) -> int:
        return self.reliable + self.manipulative + self.unanswered

    @property
    def hit_rate(self) -> float | None:
        """Share of judged reliable items called reliable (uncorrected)."""
        return self.hits / self.reliable if self.reliable else None

    @property
    def false_alarm_rate(self) -> float | None:
        """Share of judged manipulative items called reliable (uncorrected)."""
        return self.false_alarms / self.manipulative if self.manipulative else None

    @property
    def measurable(self) -> bool:
        """d' and c need at least one judged item of each kind."""
        return self.reliable > 0 and self.manipulative > 0

    @property
    def d_prime(self) -> float | None:
        if not self.measurable:
            return None
        return sdt(self.hits, self.reliable, self.false_alarms, self.manipulative)[0]

    @property
    def criterion(self) -> float | None:
        if not self.measurable:
            return None
        return sdt(self.hits, self.reliable, self.false_alarms, self.manipulative)[1]

    # MIST-style counts.

    @property
    def veracity_discernment(self) -> int:
        return self.hits + self.correct_rejections

    @property
    def real_news_detection(self) -> int:
        return self.hits

    @property
    def fake_news_detection(self) -> int:
        return self.correct_rejections

    @property
    def distrust(self) -> float:
        return max(0.0, self.misses + self.correct_rejections - self.items / 2)

    @property
    def naivety(self) -> float:
        return max(0.0, self.hits + self.false_alarms - self.items / 2)

    @property
    def pattern(self) -> Pattern | None:
        d, c = self.d_prime, self.criterion
        if d is None or c is None:
            return None
        if d >= ABLE_D_PRIME:
            if c >= BIASED_C:
                return Pattern.discerning_sceptical
            if c <= -BIASED_C:
                return Pattern.discerning_credulous
            return Pattern.discerning
        if c >= BIASED_C:
            return Pattern.sceptical
        if c <= -BIASED_C:
            return Pattern.credulous
        return Pattern.undiscerning


def discernment(judgements: Iterable[tuple[bool, bool | None]]) -> Discernment:
    """Count ``(item is reliable, judged reliable or None if unanswered)`` pairs."""
    hits = misses = false_alarms = rejections = unanswered = 0
    for is_reliable, judged_reliable in judgements:
        if judged_reliable is None:
            unanswered += 1
        elif is_reliable:
            if judged_reliable:
                hits += 1
            else:
                misses += 1
        elif judged_reliable:
            false_alarms += 1
        else:
            rejections += 1
    return Discernment(hits, misses, false_alarms, rejections, unanswered)


def headline_judgements(
    bank: Bank, plan: AttemptPlan, answers: Mapping[str, Answer]
) -> list[tuple[bool, bool | None]]:
    """The attempt's headline items as ``(is reliable, judged reliable)``, in plan order."""
    pairs: list[tuple[bool, bool | None]] = []
    for qid in plan.question_ids:
        question = bank.by_id.get(qid)
        kind = kind_of(question) if question is not None else None
        if question is None or kind is None or not kind.measures_discernment:
            continue
        answer = answers.get(qid)
        judged = kind.judged_reliable(question, answer.response) if answer and answer.response else None
        pairs.append((kind.is_reliable(question), judged))
    return pairs


def discernment_of(bank: Bank, plan: AttemptPlan, answers: Mapping[str, Answer]) -> Discernment | None:
    """The attempt's discernment, or None when it has no headline items."""
    pairs = headline_judgements(bank, plan, answers)
    return discernment(pairs) if pairs else None


class Verdict(StrEnum):
    """What a change from one check to the next shows (``quiz.explain.discernment`` says it)."""

    improved = "improved discernment"
    declined = "declined discernment"
    more_sceptical = "more sceptical, not more discerning"
    more_credulous = "more credulous, not more discerning"
    unchanged = "no clear change"


@dataclass(frozen=True)
class Change:
    """Before against after: did discernment improve, or did only the bias move?"""

    before: Discernment
    after: Discernment
    d_prime_change: float
    criterion_change: float
    verdict: Verdict


def compare(before: Discernment, after: Discernment) -> Change | None:
    """The change from ``before`` to ``after``; None when either cannot give d' and c."""
    d0, c0, d1, c1 = before.d_prime, before.criterion, after.d_prime, after.criterion
    if d0 is None or c0 is None or d1 is None or c1 is None:
        return None
    dd, dc = d1 - d0, c1 - c0
    if dd >= D_PRIME_CHANGE:
        verdict = Verdict.improved
    elif dd <= -D_PRIME_CHANGE:
        verdict = Verdict.declined
    elif dc >= C_CHANGE:
        verdict = Verdict.more_sceptical
    elif dc <= -C_CHANGE:
        verdict = Verdict.more_credulous
    else:
        verdict = Verdict.unchanged
    return Change(before, after, dd, dc, verdict)


def next_form(taken: Sequence[str], forms: Sequence[str] = FORMS) -> str | None:
    """The form a learner takes next, given the forms of their earlier checks, oldest first.

    The first form not yet taken, in the order A, B, C: so a learner whom a study started on B
    (counterbalancing) goes on to A, then C, and nobody sees a form twice while one is left.
    Once every form is taken, the one after the latest, round the cycle. None: no form exists.
    """
    if not forms:
        return None
    fresh = [form for form in forms if form not in taken]
    if fresh:
        return fresh[0]
    latest = next(form for form in reversed(taken) if form in forms)
    return forms[(forms.index(latest) + 1) % len(forms)]
