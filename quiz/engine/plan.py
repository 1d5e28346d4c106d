"""Planning an attempt: which questions, in which order, with which option order.

A plan is data, not behaviour: it is stored with the attempt so that a resumed attempt, an
export or a second printing of the same exam form sees exactly the same quiz. Everything
random comes from one seeded generator, so the same seed and bank version give the same plan.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Collection, Sequence

from pydantic import BaseModel, ConfigDict

from quiz.bank import AnyQuestion, Bank
from quiz.engine.request import Mode
from quiz.errors import QuizError
from quiz.i18n import _
from quiz.kinds.registry import kind_of

__all__ = ["AttemptPlan", "Marking", "Mode", "NoQuestionsError", "PlanItem", "plan_attempt"]


class Marking(BaseModel):
    """How answers turn into points; see ``quiz.engine.scoring``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    negative: bool = False
    certainty: bool = False


class PlanItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    question_id: str
    order: tuple[int, ...]
    """Option indices (into the kind's ``options``) in the order they are shown: the layout."""


class AttemptPlan(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    bank_id: str
    bank_version: str
    content_hash: str
    seed: int
    items: tuple[PlanItem, ...]
    marking: Marking = Marking()
    time_limit_seconds: float | None = None
    pass_mark: float = 70.0

    @property
    def question_ids(self) -> list[str]:
        return [item.question_id for item in self.items]

    def __len__(self) -> int:
        return len(self.items)


class NoQuestionsError(QuizError):
    """The filters left nothing to ask."""


def new_seed() -> int:
    return secrets.randbelow(2**31)


def select_questions(
    bank: Bank,
    *,
    topics: Collection[str] = (),
    difficulties: Collection[str] = (),
    types: Collection[str] = (),
    question_ids: Sequence[str] | None = None,
) -> list[AnyQuestion]:
    """The questions that pass every filter, in bank order (or in ``question_ids`` order)."""
    if question_ids is not None:
        missing = [qid for qid in question_ids if qid not in bank.by_id]
        if missing:
            raise NoQuestionsError(
                _("bank “{bank}” has no question “{id}”").format(bank=bank.id, id=missing[0])
            )
        pool = [bank.by_id[qid] for qid in question_ids]
    else:
        pool = list(bank.questions)
    wanted_topics = {bank.topic_id(t).casefold() for t in topics}
    wanted_levels = {str(d).casefold() for d in difficulties}
    wanted_types = {str(t).casefold() for t in types}
    return [
        q
        for q in pool
        if (not wanted_topics or wanted_topics & {t.casefold() for t in q.topics})
        and (not wanted_levels or q.difficulty.value in wanted_levels)
        and (not wanted_types or q.type in wanted_types)
    ]


def plan_attempt(
    bank: Bank,
    *,
    count: int | None = None,
    topics: Collection[str] = (),
    difficulties: Collection[str] = (),
    types: Collection[str] = (),
    question_ids: Sequence[str] | None = None,
    seed: int | None = None,
    shuffle: bool = True,
    marking: Marking | None = None,
    time_limit_seconds: float | None = None,
) -> AttemptPlan:
    """Choose and order the questions of one attempt.

    With ``shuffle`` off the questions keep bank order even when sampled, so an instructor can
    give a fixed form; options then keep their bank order too, except where bank order is the
    answer (an ordering question's items: its kind lays them out).
    """
    pool = select_questions(
        bank, topics=topics, difficulties=difficulties, types=types, question_ids=question_ids
    )
    if not pool:
        raise NoQuestionsError(_nothing_matches(bank, topics, difficulties, types))
    if count is not None and count < 1:
        raise NoQuestionsError(_("the number of questions must be at least 1"))
    seed = new_seed() if seed is None else seed
    rng = random.Random(seed)
    if count is not None and count < len(pool):
        picked = set(rng.sample(range(len(pool)), count))
        pool = [q for i, q in enumerate(pool) if i in picked]
    if shuffle:
        rng.shuffle(pool)
    items = [
        PlanItem(question_id=question.id, order=kind_of(question).layout(question, rng, shuffle))
        for question in pool
    ]
    return AttemptPlan(
        bank_id=bank.id,
        bank_version=bank.info.version,
        content_hash=bank.content_hash,
        seed=seed,
        items=tuple(items),
        marking=marking or Marking(),
        time_limit_seconds=time_limit_seconds,
        pass_mark=bank.info.pass_mark,
    )


def _nothing_matches(
    bank: Bank, topics: Collection[str], difficulties: Collection[str], types: Collection[str]
) -> str:
    """Which filters matched nothing, in the language's words and list punctuation (a filter's
    values are alternatives: a question matches any one of them)."""
    from quiz.i18n.lists import alternatives, together
    from quiz.kinds.base import DIFFICULTY_WORDS
    from quiz.kinds.registry import KINDS

    asked = []
    if topics:
        asked.append(_("topic {topics}").format(topics=alternatives(list(topics))))
    if difficulties:
        levels = [_(DIFFICULTY_WORDS[str(d)]) if str(d) in DIFFICULTY_WORDS else str(d) for d in difficulties]
        asked.append(_("difficulty {levels}").format(levels=alternatives(levels)))
    if types:
        kinds = [_(KINDS[str(t)].label) if str(t) in KINDS else str(t) for t in types]
        asked.append(_("type {kinds}").format(kinds=alternatives(kinds)))
    if topics and bank.topics:
        message = _("no question in bank “{id}” matches {filters} (its topics: {topics})")
    else:
        message = _("no question in bank “{id}” matches {filters}")
    return message.format(
        id=bank.id, filters=together(asked), topics=together(map(bank.topic_label, bank.topics))
    )
