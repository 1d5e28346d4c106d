"""What a format's writer is given (``ExportJob``) and what it gives back (``ExportResult``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from quiz.bank import Bank
from quiz.export.data import AnswerSheet, ExportAttempt, Progress, iter_answer_sheets, iter_attempts
from quiz.export.gradebook import GradeMethod
from quiz.export.xapi import XapiOptions
from quiz.store import Store


@dataclass
class ExportOptions:
    answers: bool = False
    """csv only: one row per answer instead of one per attempt."""
    grade: GradeMethod = GradeMethod.highest
    """moodle and canvas: which attempt's percent a learner gets per bank."""
    xapi: XapiOptions = field(default_factory=XapiOptions)
    title: str | None = None
    """html only: the report's heading (default: the learner's name, or "Cohort report")."""
    bom: bool = False
    """csv formats: start with a UTF-8 byte-order mark, without which Excel reads UTF-8 as the
    system's code page (``Petraitė`` shows garbled). Off by default: other tools, Moodle's and
    Canvas's importers among them, need none."""


@dataclass
class ExportResult:
    attempts: int
    records: int
    """Rows, statements or learners written, depending on the format."""
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """What the user needs to know to use the file (how a gradebook matches learners)."""


@dataclass
class ExportJob:
    """What a format's writer gets: the attempts to write and how."""

    store: Store
    attempt_ids: list[int]
    """Sorted, each once."""
    banks: Mapping[str, Bank]
    options: ExportOptions
    progress: Progress | None = None

    def attempts(self, *, answers: bool = True) -> Iterator[ExportAttempt]:
        """The attempts in id order, streamed; ``answers=False`` when the format reads only totals."""
        return iter_attempts(self.store, self.attempt_ids, self.banks, with_answers=answers)

    def answer_sheets(self) -> Iterator[AnswerSheet]:
        """The attempts' answers in id order, streamed, with no more of each attempt than a row
        per answer names (csv ``--answers``)."""
        return iter_answer_sheets(self.store, self.attempt_ids, self.banks)
