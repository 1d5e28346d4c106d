"""CSV exports: one row per attempt, or with ``answers`` one row per answer.

Every text cell goes through ``neutralise``: a spreadsheet runs a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula (CSV injection), and learner
names and bank texts come from people we do not control. Numbers we compute are written as
numbers; a negative number is not a formula.

The answer rows are the hot path (100,000s of rows): each line is assembled from pieces cached
per attempt and per (question, response), and written with one ``write`` per attempt.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, TextIO

from quiz.export.data import ExportAttempt, Progress, describe_response, response_indices

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONFIDENCE_NAMES = {1: "low", 2: "mid", 3: "high"}


def neutralise(value: str) -> str:
    """Prefix a would-be formula with an apostrophe, which spreadsheets show as text and do not run."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def fmt_number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return ""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Line:
    """Quotes cells like ``csv.writer`` (minimal quoting, CRLF rows), one line at a time."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")

    def cells(self, values: Iterable[str]) -> str:
        """The CSV text of these cells without the line end, for reuse inside longer lines."""
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(values)
        return self._buffer.getvalue()[:-2]


ATTEMPT_HEADER = (
    "attempt",
    "learner",
    "email",
    "username",
    "bank",
    "bank_title",
    "mode",
    "session",
    "started",
    "finished",
    "duration_seconds",
    "score",
    "max",
    "percent",
    "passed",
    "questions",
    "bank_questions",
    "retry_of",
)

ANSWER_HEADER = (
    "attempt",
    "learner",
    "email",
    "username",
    "bank",
    "position",
    "question_id",
    "question_type",
    "response",
    "response_text",
    "correct",
    "credit",
    "points",
    "max_points",
    "confidence",
    "seconds",
    "answered_at",
)


def write_attempts_csv(
    attempts: Iterable[ExportAttempt], out: TextIO, progress: Progress | None = None
) -> int:
    """One row per attempt with a ``topic: NAME %`` column per topic met in any attempt."""
    listed = list(attempts)
    scores = [a.score() for a in listed]
    topics = list(dict.fromkeys(t for s in scores if s for t in s.by_topic))
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*ATTEMPT_HEADER, *(neutralise(f"topic: {t} %") for t in topics)])
    for attempt, score in zip(listed, scores, strict=True):
        row = attempt.row
        learner = row.learner
        by_topic = score.by_topic if score else {}
        covered = attempt.coverage  # retries and parts of a bank say so, as on screen
        writer.writerow(
            [
                row.uuid,
                neutralise(learner.name),
                neutralise(learner.email),
                neutralise(learner.username),
                neutralise(row.bank_id),
                neutralise(attempt.title),
                row.mode,
                neutralise(row.session_code or ""),
                row.started_at,
                row.finished_at or "",
                fmt_number(attempt.duration_seconds, 1),
                fmt_number(row.points),
                fmt_number(row.max_points),
                fmt_number(row.percent),
                "" if row.passed is None else ("yes" if row.passed else "no"),
                covered.asked,
                "" if covered.bank_questions is None else covered.bank_questions,
                covered.retry_of or "",
                *(fmt_number(by_topic[t].percent) if t in by_topic else "" for t in topics),
            ]
        )
        if progress:
            progress(1)
    return len(listed)


def write_answers_csv(
    attempts: Iterable[ExportAttempt], out: TextIO, progress: Progress | None = None, *, header: bool = True
) -> int:
    """One row per stored answer; returns the number of answer rows written.

    Rows are assembled as UTF-8 bytes from pieces cached per attempt, per (question, response)
    and per score, and go straight to the stream's binary buffer when it has one. Without
    ``header`` the rows continue an export written in parts.
    """
    line = _Line()
    binary = getattr(out, "buffer", None)
    if header:
        out.write(line.cells(ANSWER_HEADER) + "\r\n")
    if binary is not None:
        out.flush()
    described: dict[str, dict[str, dict[str, bytes]]] = {}
    scores: dict[tuple[Any, ...], bytes] = {}
    people: dict[tuple[int, str], bytes] = {}
    positions = [b",%d," % (i + 1) for i in range(256)]
    count = 0
    for attempt in attempts:
        row = attempt.row
        learner = row.learner
        who = people.get((learner.id, row.bank_id))
        if who is None:
            who = people[(learner.id, row.bank_id)] = line.cells(
                [
                    neutralise(learner.name),
                    neutralise(learner.email),
                    neutralise(learner.username),
                    neutralise(row.bank_id),
                ]
            ).encode("utf-8")
        prefix = row.uuid.encode() + b"," + who
        by_question = described.setdefault(row.bank_id, {})
        parts: list[bytes] = []
        extend = parts.extend
        for a in attempt.answers:
            responses = by_question.get(a[2])
            if responses is None:
                responses = by_question[a[2]] = {}
            middle = responses.get(a[3])
            if middle is None:
                question = attempt.question(a[2])
                labels, texts = describe_response(question, response_indices(a[3]))
                middle = responses[a[3]] = line.cells(
                    [
                        neutralise(a[2]),
                        question.type if question else "",
                        neutralise(labels),
                        neutralise(texts),
                    ],
                ).encode("utf-8")
            score_key = (a[6], a[7], a[8], a[4])  # credit decides "correct"
            numbers = scores.get(score_key)
            if numbers is None:
                numbers = scores[score_key] = (
                    f",{'yes' if a[9] else 'no'},{fmt_number(a[6], 4)},{fmt_number(a[7], 4)},"
                    f"{fmt_number(a[8], 4)},{CONFIDENCE_NAMES.get(a[4] or 0, '')},"
                ).encode()
            position = a[1]
            extend(
                (
                    prefix,
                    positions[position] if position < 256 else b",%d," % (position + 1),
                    middle,
                    numbers,
                    b"%.2f," % a[5],
                    a[10].encode(),
                    b"\r\n",
                )
            )
        blob = b"".join(parts)
        if binary is not None:
            binary.write(blob)
        else:
            out.write(blob.decode("utf-8"))
        count += len(attempt.answers)
        if progress:
            progress(1)
    return count
