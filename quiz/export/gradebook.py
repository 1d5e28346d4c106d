"""Gradebook CSVs that Moodle's and Canvas's grade importers accept, one column per bank.

Each learner gets one grade per bank: the percentage (0-100) of their highest, latest, first or
mean attempt, like Moodle's quiz "grading method".

A gradebook matches rows to its users by one identifier for the whole file: Moodle's import
maps one column to a user field and stops at the first row without it. So a file matches by
email or by username, whichever more learners have (email on a tie), and the learners without
it are left out and reported. Identifier cells carry the identifier exactly: a username may
start with ``-`` or ``@``, and a guard's ``'`` would stop the importer matching it. Every other
text cell (names, bank titles) is guarded against formulas.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TextIO

from quiz.export.csvfmt import fmt_number, neutralise
from quiz.export.data import ExportAttempt, Progress
from quiz.store import Learner

MOODLE_TIME_EXPORTED = "Last downloaded from this course"
"""Moodle's own grade export names its time column so (gradeexport_txt 'timeexported')."""

CANVAS_FIXED = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS_ROW = "    Points Possible"


class GradeMethod(StrEnum):
    highest = "highest"
    latest = "latest"
    first = "first"
    average = "average"


@dataclass
class Gradebook:
    learners: list[Learner]
    banks: list[tuple[str, str]]
    """(bank id, title) in first-seen order."""
    grades: dict[tuple[int, str], float]
    """(learner id, bank id) -> percent."""
    identifier: str
    """``email`` or ``username``: what the file matches every learner by."""
    left_out: list[Learner]
    """Learners without that identifier: no row of the file could be matched to them."""

    def identify(self, learner: Learner) -> str:
        return learner.email if self.identifier == "email" else learner.username

    @property
    def identifier_column(self) -> str:
        return "Email address" if self.identifier == "email" else "Username"


def collect(
    attempts: Iterable[ExportAttempt], method: GradeMethod, progress: Progress | None = None
) -> Gradebook:
    per: dict[tuple[int, str], list[float]] = {}
    learners: dict[int, Learner] = {}
    banks: dict[str, str] = {}
    for attempt in attempts:
        row = attempt.row
        if progress:
            progress(1)
        if row.percent is None:
            continue
        learners.setdefault(row.learner.id, row.learner)
        banks.setdefault(row.bank_id, attempt.title)
        # Gradebooks hold no negative grades: negative marking can take a total below 0.
        per.setdefault((row.learner.id, row.bank_id), []).append(max(0.0, row.percent))
    grades: dict[tuple[int, str], float] = {}
    for key, values in per.items():
        if method is GradeMethod.highest:
            grades[key] = max(values)
        elif method is GradeMethod.latest:
            grades[key] = values[-1]
        elif method is GradeMethod.first:
            grades[key] = values[0]
        else:
            grades[key] = sum(values) / len(values)
    everyone = list(learners.values())
    with_email = sum(1 for lr in everyone if lr.email)
    identifier = "email" if with_email >= sum(1 for lr in everyone if lr.username) else "username"
    matched = [lr for lr in everyone if getattr(lr, identifier)]
    left_out = [lr for lr in everyone if not getattr(lr, identifier)]
    return Gradebook(matched, list(banks.items()), grades, identifier, left_out)


def write_moodle(book: Gradebook, out: TextIO, exported_at: float | None = None) -> int:
    """Columns as Moodle's own export names them, so its import form maps them at a glance.

    In Moodle: Grades > Import > CSV file, map the file's identifier column ("Email address" or
    "Username", ``book.identifier_column``) to the user field of the same name, and each bank
    column to a grade item (out of 100).
    """
    stamp = str(int(exported_at if exported_at is not None else time.time()))
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "Full name",
            "Email address",
            "Username",
            *(neutralise(f"{title} (Real)") for _, title in book.banks),
            MOODLE_TIME_EXPORTED,
        ]
    )
    for learner in book.learners:
        writer.writerow(
            [
                neutralise(learner.name),
                learner.email,  # identifiers exactly: see the module's docstring
                learner.username,
                *(fmt_number(book.grades.get((learner.id, bank_id))) for bank_id, _ in book.banks),
                stamp,
            ]
        )
    return len(book.learners)


def write_canvas(book: Gradebook, out: TextIO) -> int:
    """Canvas's gradebook layout; SIS Login ID carries the file's identifier, which Canvas matches on.

    Canvas numbers its own users (ID) and we cannot know them: that column stays empty, and a
    bank column whose name matches no assignment becomes a new assignment out of 100 points.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*CANVAS_FIXED, *(neutralise(title) for _, title in book.banks)])
    writer.writerow([CANVAS_POINTS_ROW, "", "", "", "", *("100" for _ in book.banks)])
    for learner in book.learners:
        writer.writerow(
            [
                neutralise(learner.name),
                "",
                "",
                book.identify(learner),  # exactly: see the module's docstring
                "",
                *(fmt_number(book.grades.get((learner.id, bank_id))) for bank_id, _ in book.banks),
            ]
        )
    return len(book.learners)
