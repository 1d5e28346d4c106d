"""A live session's results as the room saw them: the ``results`` and ``results-json`` export
formats (``quiz export --session CODE --results``, the host's ``x``).

Per learner: the live points, rank and correct count shown on the leaderboard, and per
question the answer given (options numbered as shown in the room, from 1) and the seconds
it took; per question: how many chose each option (for ordering and matching, where a count
per option says nothing, how many got each pair of neighbours or each prompt right). The
attempts themselves export like any
others; this is the session's own account, in csv (one row per learner and question) or
json (learners and questions).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping
from typing import Any, TextIO

from pydantic import BaseModel

from quiz.bank import Bank
from quiz.engine import AttemptPlan, score_answer
from quiz.errors import QuizError
from quiz.i18n import _
from quiz.i18n.lists import alternatives, together
from quiz.infra.controls import visible
from quiz.kinds.kind import BY_PARTS
from quiz.kinds.registry import kind_of
from quiz.store import Store
from quiz.store.live import LiveRecords, normalise_code

RESULT_FORMATS = ("csv", "json")
CSV_COLUMNS = (
    "session",
    "participant",
    "name",
    "email",
    "live_rank",
    "live_score",
    "live_correct",
    "position",
    "prompt",
    "chosen",
    "right_answer",
    "correct",
    "seconds",
    "option_counts",
    "parts_right",
)


class AnswerResult(BaseModel):
    position: int
    chosen: list[int] | None
    """Options as numbered in the room (1 = the first shown), read as the question's form
    says (an order first to last, a match one per prompt); None: no answer."""
    correct: bool
    seconds: float | None


class LearnerResult(BaseModel):
    participant: int
    name: str
    email: str
    live_score: int | None
    live_rank: int | None
    live_correct: int | None
    answers: list[AnswerResult]


class QuestionResult(BaseModel):
    position: int
    question_id: str
    prompt: str
    form: str
    options: list[str]
    prompts: list[str] = []
    correct: list[int]
    counts: list[int]
    """How many chose each option, in the order shown; empty for ordering and matching."""
    parts: list[str] = []
    """For ordering and matching: the pairs of neighbours, or the prompts with their answers."""
    parts_right: list[int] = []
    """How many got each of ``parts`` right."""
    answered: int


class SessionResults(BaseModel):
    session: str
    bank_id: str
    bank_title: str
    state: str
    questions: list[QuestionResult]
    learners: list[LearnerResult]


def session_results(store: Store, banks: Mapping[str, Bank], code: str) -> SessionResults:
    """Read a session's results from the store (its bank, among ``banks``, gives the prompts
    and options)."""
    records = LiveRecords(store)
    row = records.session(normalise_code(code))
    plan = AttemptPlan.model_validate_json(row.plan)
    bank = banks.get(plan.bank_id)
    if bank is None:
        raise QuizError(
            _(
                "session {code} was on bank “{bank}”, which cannot be found: put its file in the banks folder"
            ).format(code=row.code, bank=plan.bank_id)
        )
    attempts = {a.id: a for a in store.attempts(session_code=row.code, finished=None)}
    asked = (
        len(plan.items) if row.state != "ended" else max((len(a.plan) for a in attempts.values()), default=0)
    )
    items = plan.items[:asked]
    questions = []
    for position, item in enumerate(items):
        question = bank.by_id[item.question_id]
        kind = kind_of(question)
        shown = kind.shown(question, item.order)
        by_parts = shown.form in BY_PARTS
        labels = list(kind.part_labels(question)) if by_parts else []
        correct = kind.to_shown(question, item.order, kind.correct_response(question))
        questions.append(
            QuestionResult(
                position=position,
                question_id=question.id,
                prompt=question.prompt,
                form=shown.form.value,
                options=list(shown.options),
                prompts=list(shown.prompts),
                correct=[s + 1 for s in correct],
                counts=[] if by_parts else [0] * len(item.order),
                parts=labels,
                parts_right=[0] * len(labels),
                answered=0,
            )
        )
    learners = []
    for person in records.participants(row.code):
        attempt = attempts.get(person.attempt_id) if person.attempt_id is not None else None
        if attempt is None or person.kicked:
            continue
        given = store.answers(attempt.id)
        answers = []
        for position, item in enumerate(items):
            answer = given.get(item.question_id)
            if answer is None:
                answers.append(AnswerResult(position=position, chosen=None, correct=False, seconds=None))
                continue
            question = bank.by_id[item.question_id]
            kind = kind_of(question)
            chosen = [s + 1 for s in kind.to_shown(question, item.order, answer.response)]
            tally = questions[position]
            if tally.parts:
                for index, part in enumerate(kind.parts(question, answer.response)):
                    tally.parts_right[index] += part.right
            else:
                for number in chosen:
                    tally.counts[number - 1] += 1
            tally.answered += 1
            score = score_answer(question, answer, plan.marking)
            answers.append(
                AnswerResult(position=position, chosen=chosen, correct=score.correct, seconds=answer.seconds)
            )
        settings: dict[str, Any] = attempt.settings
        learners.append(
            LearnerResult(
                participant=person.id,
                name=person.name,
                email=person.email,
                live_score=settings.get("live_score"),
                live_rank=settings.get("live_rank"),
                live_correct=settings.get("live_correct"),
                answers=answers,
            )
        )
    learners.sort(key=lambda x: (x.live_rank is None, x.live_rank or 0, x.participant))
    return SessionResults(
        session=row.code,
        bank_id=bank.id,
        bank_title=bank.info.title,
        state=row.state,
        questions=questions,
        learners=learners,
    )


def write_results(results: SessionResults, fmt: str, out: TextIO) -> int:
    """Write the results as csv or json; the number of records (rows, or learners)."""
    if fmt == "json":
        out.write(results.model_dump_json(indent=2))
        out.write("\n")
        return len(results.learners)
    if fmt != "csv":
        message = _("session results come as {formats}, not “{name}”")
        raise QuizError(message.format(formats=alternatives(list(RESULT_FORMATS)), name=visible(fmt)))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for learner in results.learners:
        for answer in learner.answers:
            question = results.questions[answer.position]
            seconds = "" if answer.seconds is None else f"{answer.seconds:.3f}"
            writer.writerow(
                (
                    results.session,
                    learner.participant,
                    learner.name,
                    learner.email,
                    learner.live_rank,
                    learner.live_score,
                    learner.live_correct,
                    answer.position + 1,
                    " ".join(question.prompt.split()),
                    _numbers(answer.chosen),
                    _numbers(question.correct),
                    int(answer.correct),
                    seconds,
                    json.dumps(question.counts),
                    json.dumps(question.parts_right),
                )
            )
            rows += 1
    return rows


def _numbers(values: list[int] | None) -> str:
    return "" if values is None else " ".join(str(v) for v in values)


def session_of(store: Store, attempt_ids: list[int]) -> str:
    """The one live session these attempts belong to: what the results formats export."""
    codes = {attempt.session_code for attempt in store.attempts_by_id(attempt_ids)}
    if len(codes) != 1 or None in codes:
        found = together(sorted(code for code in codes if code)) or _("none")
        raise QuizError(
            _(
                "session results are for one live session's attempts: choose it with --session CODE "
                "(these attempts come from sessions: {found})"
            ).format(found=found)
        )
    (code,) = codes
    assert code is not None
    return code
