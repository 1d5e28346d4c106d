"""What every export reads: stored attempts with their bank and their answers, as typed rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from quiz.bank import AnyQuestion, Bank
from quiz.engine import Answer, AttemptScore, score_attempt
from quiz.engine.coverage import Coverage, coverage
from quiz.engine.timing import duration_seconds
from quiz.kinds.registry import kind_of
from quiz.store import AnswerRow, AttemptHead, AttemptRow, Store
from quiz.store.answers import StoredAnswer

Progress = Callable[[int], None]
"""Called with the number of attempts just written, so a caller can advance a progress bar."""


@dataclass
class ExportAttempt:
    """One stored attempt with the bank it was taken on (``None`` when that bank is gone)."""

    row: AttemptRow
    bank: Bank | None
    answers: list[AnswerRow] = field(default_factory=list)

    @property
    def coverage(self) -> Coverage:
        """Whole bank, part of it, or a retry: marked in every export (``quiz.engine.coverage``)."""
        plan = self.row.plan
        questions = len(self.bank.questions) if self.bank else None
        return coverage(len(plan.items), self.row.settings, questions, self.row.mode)

    @property
    def language(self) -> str | None:
        """The language the attempt was taken in; results pool across languages by question id."""
        found = self.row.settings.get("language")
        return found if isinstance(found, str) else None

    @property
    def duration_seconds(self) -> float | None:
        """Start to end, as the results screen and History show it (``quiz.engine.timing``)."""
        return duration_seconds(self.row.started_at, self.row.finished_at)

    def question(self, question_id: str) -> AnyQuestion | None:
        return self.bank.by_id.get(question_id) if self.bank else None

    def score(self) -> AttemptScore | None:
        """The attempt re-scored from its answers: gives the per-topic breakdown the store lacks."""
        if not self.bank_complete:
            return None
        assert self.bank is not None
        return score_attempt(self.bank, self.row.plan, self.answer_map())

    @property
    def bank_complete(self) -> bool:
        """Whether the installed bank still has every question of this attempt."""
        return self.bank is not None and all(q in self.bank.by_id for q in self.row.plan.question_ids)

    def answer_map(self) -> dict[str, Answer]:
        return {a.question_id: a.to_answer() for a in self.answers}

    @property
    def title(self) -> str:
        return self.bank.info.title if self.bank else self.row.bank_id


@dataclass
class AnswerSheet:
    """An attempt's answers with no more of the attempt than its ``AttemptHead``, and its bank
    (``None`` when gone): what a row per answer is written from."""

    head: AttemptHead
    bank: Bank | None
    answers: list[StoredAnswer]

    def question(self, question_id: str) -> AnyQuestion | None:
        return self.bank.by_id.get(question_id) if self.bank else None


def iter_answer_sheets(
    store: Store, attempt_ids: Iterable[int], banks: Mapping[str, Bank]
) -> Iterator[AnswerSheet]:
    """The attempts' answers in id order, each with its ``AttemptHead`` and bank."""
    for head, answers in store.heads_with_stored_answers(attempt_ids):
        yield AnswerSheet(head, banks.get(head.bank_id), answers)


def iter_attempts(
    store: Store, attempt_ids: Iterable[int], banks: Mapping[str, Bank], *, with_answers: bool = True
) -> Iterator[ExportAttempt]:
    """Attempts in id order, each with its bank and (unless ``with_answers`` is false) its answers."""
    if not with_answers:
        for row in store.attempts_by_id(attempt_ids):
            yield ExportAttempt(row, banks.get(row.bank_id))
        return
    for row, answers in store.attempts_with_answers(attempt_ids):
        yield ExportAttempt(row, banks.get(row.bank_id), answers)


def describe_response(question: AnyQuestion | None, response: tuple[int, ...]) -> tuple[str, str]:
    """(labels, texts) of a response, as its kind writes them: ``("A;C", "first; third")``,
    ``("1B;2A", "post → emotion; ...")``; 1-based indices when the bank no longer has the question."""
    if question is None:
        return ";".join(str(i + 1) for i in response), ""
    kind = kind_of(question)
    try:
        return kind.response_labels(question, response), kind.response_text(question, response)
    except (IndexError, ValueError):  # the bank was edited since: the stored indices no longer fit
        return ";".join(str(i + 1) for i in response), ""


def response_in_words(question: AnyQuestion, response: tuple[int, ...]) -> str:
    """A response for people to read, listed as the interface language lists ("first, second
    and third"); "" when the bank was edited since. The csv's ``response_text`` keeps ``; ``
    in every language, for the programs that split it."""
    from quiz.i18n.lists import together

    try:
        return together(kind_of(question).response_texts(question, response))
    except (IndexError, ValueError):
        return ""
