"""The measures of ``quiz.engine`` applied to what the store holds.

The engine computes from plain data; this module decides which stored attempts make up a
cohort and turns their answers into marks, so ``quiz report``, the TUI and any export agree.

Choices, and why:

* A cohort is the *first* finished attempt of each learner by default, as Moodle can do:
  later attempts by the same learner have seen the questions before, so they say more about
  memory than about the question. ``Which.last`` and ``Which.all`` are there when wanted.
* Review attempts are left out unless asked for by mode: a review asks only questions the
  learner missed before, which would make every question look harder than it is.
* An item's mark is ``credit x the question's points`` (0 when asked but unanswered), with
  the item's max mark its points: Moodle's "fraction x max mark". Certainty-based marking's
  bonus and penalty are left out, since they measure the learner's confidence, not the
  question; negative marking's negative credit stays, as in Moodle.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import fmean, stdev

from quiz.bank import Bank
from quiz.engine.discernment import FORMS, Change, Discernment, Verdict, compare, discernment_of, next_form
from quiz.engine.item_analysis import ItemAnalysis, NoAttemptsError, analyse_items
from quiz.engine.request import MODE_NAMES
from quiz.errors import QuizError
from quiz.i18n import _
from quiz.i18n.lists import together
from quiz.store import AttemptRow, Learner, Store

EXCLUDED_BY_DEFAULT = frozenset({"review"})


class Which(StrEnum):
    """Which finished attempts of each learner make up a cohort."""

    first = "first"
    last = "last"
    all = "all"


def choose(keys: Sequence[tuple[int, int, str]], which: Which) -> list[int]:
    """Attempt ids from ``(attempt id, learner id, mode)`` keys (oldest first) that ``which`` asks for."""
    if which is Which.all:
        return [key[0] for key in keys]
    picked: dict[int, int] = {}
    for attempt_id, learner_id, _mode in keys:
        if which is Which.last or learner_id not in picked:
            picked[learner_id] = attempt_id
    order = {key[0]: n for n, key in enumerate(keys)}
    return sorted(picked.values(), key=order.__getitem__)


@dataclass(frozen=True)
class Cohort:
    bank: Bank
    attempt_ids: list[int]
    marks: list[dict[str, float]]
    """Per attempt, item id to mark, for the items its plan contained."""
    max_marks: dict[str, float]
    """Every question of the bank, in bank order, with its points."""
    which: Which
    session_code: str | None = None
    mode: str | None = None
    missing: frozenset[str] = frozenset()
    """Questions in the attempts' plans that the bank no longer has: left out."""

    @property
    def modes_text(self) -> str:
        """Ends "{n} attempts: the {which}, {modes}." in ``quiz report``'s item analysis."""
        if self.mode:
            # TRANSLATORS: {mode} is a mode's name: Practice, Exam, Review...
            return _("{mode} only").format(mode=_(MODE_NAMES.get(self.mode, self.mode)))
        return _("every mode but review")  # EXCLUDED_BY_DEFAULT's one mode

    def analyse(self) -> ItemAnalysis:
        return analyse_items(self.marks, self.max_marks)


def load_cohort(
    store: Store,
    bank: Bank,
    *,
    session_code: str | None = None,
    which: Which = Which.first,
    mode: str | None = None,
) -> Cohort:
    """The finished attempts on ``bank`` (in one live session if given) as a marks table."""
    keys = store.attempt_keys(bank_id=bank.id, session_code=session_code, mode=mode)
    if mode is None:
        keys = [key for key in keys if key[2] not in EXCLUDED_BY_DEFAULT]
    ids = choose(keys, which)
    if not ids:
        if session_code:
            message = _("no finished attempts on bank “{bank}” in session {code} to analyse")
        else:
            message = _("no finished attempts on bank “{bank}” to analyse")
        raise NoAttemptsError(message.format(bank=bank.id, code=session_code))
    points = {q.id: q.points for q in bank.questions}
    marks: dict[int, dict[str, float]] = {attempt_id: {} for attempt_id in ids}
    missing: set[str] = set()
    for attempt_id, qid, credit in store.iter_planned_credits(ids):
        weight = points.get(qid)
        if weight is None:
            missing.add(qid)
        else:
            marks[attempt_id][qid] = credit * weight if credit else 0.0
    return Cohort(
        bank=bank,
        attempt_ids=ids,
        marks=list(marks.values()),
        max_marks=points,
        which=which,
        session_code=session_code,
        mode=mode,
        missing=frozenset(missing),
    )


def find_learner(store: Store, name: str) -> Learner:
    """The one learner whose name, email or username is ``name`` (case-insensitive)."""
    key = name.strip().casefold()
    found = [
        learner
        for learner in store.learners()
        if key in (learner.name.casefold(), learner.email.casefold(), learner.username.casefold())
    ]
    if not found:
        close = close_learners(store.learners(), key)
        if close:
            from quiz.i18n.lists import alternatives

            guess = alternatives([_("“{name}”").format(name=x.name) for x in close])
            raise QuizError(
                _("no learner called “{name}”; did you mean {guess}?").format(name=name, guess=guess)
            )
        raise QuizError(_("no learner called “{name}”").format(name=name))
    if len(found) > 1:
        unknown = _("no email")
        who = together(
            _("{name} <{address}>").format(name=x.name, address=x.email or x.username or unknown)
            for x in found
        )
        message = _("{n} learners match “{name}” ({who}): give the email or username")
        raise QuizError(message.format(n=len(found), name=name, who=who))
    return found[0]


def close_learners(learners: Sequence[Learner], key: str, limit: int = 5) -> list[Learner]:
    """Learners a mistyped or shortened name probably meant: "ona" finds "Ona Petraitė".

    A name that starts with the key, or has a word that does, comes first; then names
    ``difflib`` finds close (a typo, a missing accent).
    """
    key = key.strip().casefold()
    starts = [
        x
        for x in learners
        if x.name.casefold().startswith(key) or any(w.startswith(key) for w in x.name.casefold().split())
    ]
    names = {x.name.casefold(): x for x in learners}
    similar = [names[n] for n in difflib.get_close_matches(key, list(names), n=limit, cutoff=0.6)]
    return list(dict.fromkeys([*starts, *similar]))[:limit]


@dataclass(frozen=True)
class DiscernmentRecord:
    attempt: AttemptRow
    discernment: Discernment


def discernment_history(
    store: Store,
    learner: Learner,
    bank_for: Callable[[str], Bank | None],
    bank_ids: Sequence[str] = (),
) -> list[DiscernmentRecord]:
    """The learner's finished attempts that contain headline items, oldest first.

    ``bank_for`` loads a bank by id (None when it no longer exists: the attempt is skipped);
    ``bank_ids``, when given, keeps only attempts on those banks.
    """
    records = []
    banks: dict[str, Bank | None] = {}
    for row in store.attempts(learner_id=learner.id):
        if bank_ids and row.bank_id not in bank_ids:
            continue
        if row.bank_id not in banks:
            banks[row.bank_id] = bank_for(row.bank_id)
        bank = banks[row.bank_id]
        if bank is None:
            continue
        measured = discernment_of(bank, row.plan, store.answers(row.id))
        if measured is not None:
            records.append(DiscernmentRecord(row, measured))
    return records


def before_after(history: Sequence[DiscernmentRecord]) -> Change | None:
    """First against latest: form A before training, form B after, in the usual design."""
    if len(history) < 2:
        return None
    return compare(history[0].discernment, history[-1].discernment)


# -- headline forms: which one next, and any two compared ------------------------------------------


def next_form_for(store: Store, learner: Learner | None, available: Collection[str]) -> str | None:
    """The headline form this learner takes next (A, B, C in turn); None when no form is available.

    Every finished attempt on a form counts, whatever its mode: a learner who practised form A
    has seen its items, so A can no longer measure them.
    """
    forms = [form for form in FORMS if form in available]
    rows = store.attempts(learner_id=learner.id) if learner else []
    return next_form([row.bank_id for row in rows if row.bank_id in forms], forms)


def on_form(
    history: Sequence[DiscernmentRecord], form: str, which: Which = Which.first
) -> DiscernmentRecord | None:
    """The learner's first (or last) finished check on ``form``: a retake has seen the items."""
    found = [record for record in history if record.attempt.bank_id == form]
    if not found:
        return None
    return found[-1] if which is Which.last else found[0]


@dataclass(frozen=True)
class FormPair:
    """One learner's checks on two forms, and the change from the first form to the second."""

    learner: Learner
    before: DiscernmentRecord
    after: DiscernmentRecord
    change: Change | None


def compare_forms(
    learner: Learner,
    history: Sequence[DiscernmentRecord],
    before: str,
    after: str,
    which: Which = Which.first,
) -> FormPair | None:
    """The learner's check on form ``before`` against their check on form ``after``."""
    first, second = on_form(history, before, which), on_form(history, after, which)
    if first is None or second is None:
        return None
    return FormPair(learner, first, second, compare(first.discernment, second.discernment))


@dataclass(frozen=True)
class CohortComparison:
    """Every learner who took both forms, with the means a cohort report shows."""

    before: str
    after: str
    which: Which
    pairs: list[FormPair]
    only_before: list[Learner]
    only_after: list[Learner]

    def means(self, measure: Callable[[Discernment], float | None]) -> tuple[float | None, float | None]:
        """The mean of ``measure`` on the first form and on the second, over the learners who have it."""
        return (
            _mean([measure(p.before.discernment) for p in self.pairs]),
            _mean([measure(p.after.discernment) for p in self.pairs]),
        )

    def changes(self, key: Callable[[Change], float]) -> list[float]:
        return [key(p.change) for p in self.pairs if p.change is not None]

    @property
    def verdicts(self) -> dict[Verdict, int]:
        """How many learners got each verdict, in the order of ``Verdict``."""
        counts = dict.fromkeys(Verdict, 0)
        for pair in self.pairs:
            if pair.change is not None:
                counts[pair.change.verdict] += 1
        return counts


def spread(values: Sequence[float]) -> tuple[float | None, float | None, float | None]:
    """(mean, standard deviation, standard error of the mean); None where too few values."""
    if not values:
        return None, None, None
    if len(values) < 2:
        return fmean(values), None, None
    sd = stdev(values)
    return fmean(values), sd, sd / len(values) ** 0.5


def compare_cohort(
    store: Store,
    bank_for: Callable[[str], Bank | None],
    before: str,
    after: str,
    which: Which = Which.first,
) -> CohortComparison:
    """Every learner's check on form ``before`` against their check on form ``after``."""
    pairs: list[FormPair] = []
    only_before: list[Learner] = []
    only_after: list[Learner] = []
    for learner in store.learners():
        history = discernment_history(store, learner, bank_for, (before, after))
        pair = compare_forms(learner, history, before, after, which)
        if pair is not None:
            pairs.append(pair)
        elif on_form(history, before):
            only_before.append(learner)
        elif on_form(history, after):
            only_after.append(learner)
    return CohortComparison(before, after, which, pairs, only_before, only_after)


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return fmean(known) if known else None
