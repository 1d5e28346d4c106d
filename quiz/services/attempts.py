"""Attempts that remember themselves: the engine's rules with every step saved to the store.

Every front end (the TUI, plain mode) drives a ``RecordedAttempt``; none of them talks to
the store about answers directly, so "answered means stored" holds everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from quiz.bank import Bank
from quiz.engine import (
    Answer,
    Attempt,
    AttemptPlan,
    AttemptScore,
    Confidence,
    Marking,
    Mode,
    plan_attempt,
    score_answer,
    score_attempt,
    select_questions,
)
from quiz.engine.request import MODE_NAMES, StartRequest
from quiz.engine.review import schedule
from quiz.engine.timing import Clock, deadline, duration_seconds, utc_now
from quiz.errors import QuizError
from quiz.i18n import _, ngettext
from quiz.kinds.registry import discernment_kinds
from quiz.store import AttemptRow, Learner, Store

# Headline checks measure discernment and live sessions are the instructor's: neither feeds
# the learner's own review schedule.
REVIEWED_MODES = frozenset({"practice", "exam", "review"})


class NothingDueError(QuizError):
    """Review mode with no question due: the front end offers practice instead."""


class TimeUpError(QuizError):
    """An answer given after the attempt's deadline: it is not recorded, and says by how much."""

    def __init__(self, limit_seconds: float, late_by: float) -> None:
        super().__init__(f"the time limit was {limit_seconds:g} s and this answer came {late_by:.0f} s late")
        self.limit_seconds = limit_seconds
        self.late_by = late_by


class RequestError(QuizError):
    """A request that cannot make a sensible attempt: refused before anything starts."""


def check_request(bank: Bank, request: StartRequest) -> None:
    """Refuse what would silently do something else than asked, for every front end alike.

    A discernment check measures headline judgements, so a bank without headline items
    cannot give one; a time limit belongs to exams; and asking for more questions than the
    bank (or the chosen topics and difficulties) holds is an error, not a quiet cut.
    """
    if request.mode is Mode.discernment and not select_questions(bank, types=_types(request.mode)):
        raise RequestError(
            _(
                "bank “{bank}” has no headline items, and a discernment check measures how you judge "
                "headlines: take headlines_a or headlines_b (or a bank with headline questions)"
            ).format(bank=bank.id)
        )
    if request.time_limit_minutes and request.mode is not Mode.exam:
        raise RequestError(
            _("a time limit applies to exams only, not to {mode}").format(mode=_(MODE_NAMES[request.mode]))
        )
    if request.count is not None and request.question_ids is None and request.mode is not Mode.review:
        pool = select_questions(
            bank, topics=request.topics, difficulties=request.difficulties, types=_types(request.mode)
        )
        if request.count > len(pool):
            if request.topics or request.difficulties:
                message = ngettext(
                    "asked for {count} questions, but bank “{bank}” has {n} that matches",
                    "asked for {count} questions, but bank “{bank}” has {n} that match",
                    len(pool),
                )
            else:
                message = ngettext(
                    "asked for {count} questions, but bank “{bank}” has {n} in all",
                    "asked for {count} questions, but bank “{bank}” has {n} in all",
                    len(pool),
                )
            raise RequestError(message.format(count=request.count, bank=bank.id, n=len(pool)))


def _types(mode: Mode) -> tuple[str, ...]:
    """A discernment check asks a bank's headline items only, whatever else the bank holds."""
    return discernment_kinds() if mode is Mode.discernment else ()


def start_attempt(
    store: Store, bank: Bank, learner: Learner, request: StartRequest, clock: Clock | None = None
) -> RecordedAttempt:
    """Plan the attempt a request describes and record its start.

    The settings remember what "best score" needs later: how many questions the bank had,
    and which attempt a retry of missed questions retries.
    """
    check_request(bank, request)
    bank = bank.in_language(request.language)
    question_ids = list(request.question_ids) if request.question_ids is not None else None
    if request.mode is Mode.review and question_ids is None:
        now = (clock or RecordedAttempt.clock)()
        question_ids = store.due_questions(learner.id, bank.id, now)
        if not question_ids:
            raise NothingDueError(
                _("nothing in “{title}” is due for review yet").format(title=bank.info.title)
            )
    minutes = request.time_limit_minutes
    if request.mode is Mode.exam and minutes is None:
        minutes = bank.info.time_limit_minutes
    plan = plan_attempt(
        bank,
        count=request.count,
        topics=request.topics,
        difficulties=request.difficulties,
        types=_types(request.mode),
        question_ids=question_ids,
        seed=request.seed,
        shuffle=request.shuffle,
        marking=Marking(certainty=request.confidence, negative=request.negative),
        time_limit_seconds=minutes * 60 if minutes else None,
    )
    settings: dict[str, Any] = {
        "confidence": request.confidence,
        "negative": request.negative,
        "bank_questions": len(bank.questions),
        "language": bank.info.language,
    }
    if request.retry_of is not None:
        # Kept by uuid, the attempt's name in every export, so a retry points at its original there.
        settings["retry_of"] = store.attempt(request.retry_of).uuid
    return RecordedAttempt.start(store, bank, learner, plan, request.mode.value, settings, clock=clock)


class RecordedAttempt:
    """One attempt whose every step is stored; the one place that enforces its time limit.

    The deadline is checked where answers are recorded, so no front end (the app, plain
    mode, anything later) can count an answer given after the time was up.
    """

    clock: Clock = staticmethod(utc_now)
    """Where "now" comes from (start, deadline, end, review schedule): the app hands its own
    clock to each attempt, and tests move one by hand."""

    def __init__(
        self, store: Store, bank: Bank, row: AttemptRow, attempt: Attempt, clock: Clock | None = None
    ) -> None:
        self.store = store
        self.bank = bank
        self.row = row
        self.attempt = attempt
        if clock is not None:
            self.clock = clock

    @classmethod
    def start(
        cls,
        store: Store,
        bank: Bank,
        learner: Learner,
        plan: AttemptPlan,
        mode: str,
        settings: dict[str, Any] | None = None,
        *,
        clock: Clock | None = None,
    ) -> RecordedAttempt:
        now = (clock or cls.clock)()
        row = store.start_attempt(learner, plan, mode, settings, started_at=now)
        store.claim_attempt(row.id)  # one writer: no other process may resume it meanwhile
        return cls(store, bank, row, Attempt(bank, plan), clock)

    @classmethod
    def resume(cls, store: Store, bank: Bank, attempt_id: int, clock: Clock | None = None) -> RecordedAttempt:
        """Go on with an attempt; ``AttemptInUseError`` when another process answers in it."""
        store.claim_attempt(attempt_id)
        row = store.attempt(attempt_id)
        bank = bank.in_language(row.language)  # in the language it was started in
        attempt = Attempt(bank, row.plan, store.answers(attempt_id), row.flagged)
        if 0 <= row.position < len(attempt) and not attempt.is_answered(row.position):
            attempt.go_to(row.position)
        return cls(store, bank, row, attempt, clock)

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def mode(self) -> str:
        return self.row.mode

    @property
    def deadline(self) -> datetime | None:
        """When a timed attempt runs out (counted from its start, across resumes); None if untimed."""
        return deadline(self.row.started_at, self.attempt.plan.time_limit_seconds)

    def seconds_left(self) -> float | None:
        end = self.deadline
        return None if end is None else (end - self.clock()).total_seconds()

    @property
    def expired(self) -> bool:
        left = self.seconds_left()
        return left is not None and left <= 0

    @property
    def duration_seconds(self) -> float | None:
        """Start to end of a finished attempt: what every screen and export shows as its time."""
        return duration_seconds(self.row.started_at, self.row.finished_at)

    def answer(
        self,
        displayed: Iterable[int],
        seconds: float = 0.0,
        confidence: Confidence | None = None,
    ) -> Answer:
        """Answer the current question by shown positions; stored before this returns.

        After the deadline nothing is recorded: ``TimeUpError`` says how late the answer was.
        """
        left = self.seconds_left()
        if left is not None and left <= 0:
            limit = self.attempt.plan.time_limit_seconds or 0.0
            raise TimeUpError(limit, -left)
        question_id = self.attempt.question.id
        before = self.attempt.answers.get(question_id)
        answer = self.attempt.answer_displayed(displayed, seconds, confidence)
        score = score_answer(self.attempt.question, answer, self.attempt.plan.marking)
        try:
            with self.store.transaction():  # the answer and its review card, or neither
                self.store.record_answer(self.id, self.attempt.position, answer, score)
                if self.mode in REVIEWED_MODES:
                    self._reschedule(answer.question_id, score.correct)
        except QuizError:  # not stored, so not given: the front end says so and asks again
            if before is None:
                del self.attempt.answers[question_id]
            else:
                self.attempt.answers[question_id] = before
            raise
        return answer

    def _reschedule(self, question_id: str, correct: bool) -> None:
        learner_id = self.row.learner.id
        card = self.store.review_card(learner_id, self.bank.id, question_id)
        card, due = schedule(card, correct, self.clock())
        self.store.save_review_card(learner_id, self.bank.id, question_id, card, due)

    def go_to(self, position: int) -> None:
        self.attempt.go_to(position)
        self.save_progress()

    def toggle_flag(self) -> bool:
        flagged = self.attempt.toggle_flag()
        self.save_progress()
        return flagged

    def save_progress(self) -> None:
        self.store.save_progress(self.id, self.attempt.position, self.attempt.flagged)

    def leave(self) -> None:
        """Stop answering for now: the place is saved and another process may resume it."""
        try:
            self.save_progress()
        finally:
            self.store.claims.release(self.id)

    def score(self) -> AttemptScore:
        """The score so far; a discernment check is a measurement, so it has no pass mark."""
        graded = self.mode != Mode.discernment.value
        return score_attempt(self.bank, self.attempt.plan, self.attempt.answers, graded=graded)

    def finish(self) -> AttemptScore:
        """Score and close the attempt; a timed one ends at its deadline at the latest."""
        score = self.score()
        end = self.clock()
        limit = self.deadline
        if limit is not None and end > limit:
            end = limit
        self.store.finish_attempt(self.id, score, finished_at=end)
        self.row = self.store.attempt(self.id)
        return score
