"""CSV exports: one row per attempt, or with ``answers`` one row per answer.

Every text cell goes through ``neutralise``: a spreadsheet runs a cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return as a formula (CSV injection), and learner
names and bank texts come from people we do not control. Numbers we compute are written as
numbers; a negative number is not a formula.

The answer rows are the hot path (100,000s of rows): each line is joined from runs of cells
quoted once per attempt, per (question, response) and per score, and written once per attempt.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, TextIO

from quiz.bank import AnyQuestion
from quiz.export.data import AnswerSheet, ExportAttempt, Progress, describe_response
from quiz.store.answers import stored_response

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
    "language",
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
    """One row per attempt with a ``topic: NAME accuracy %`` column per topic met in any attempt.

    A topic's figure is accuracy, as the results screen's bars show it: certainty-based and
    negative marking's bonus and penalty stay in ``score`` and ``percent`` (they would make a
    topic -200%, which says nothing about the topic).
    """
    listed = list(attempts)
    scores = [a.score() for a in listed]
    topics = list(dict.fromkeys(t for s in scores if s for t in s.by_topic))
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*ATTEMPT_HEADER, *(neutralise(f"topic: {t} accuracy %") for t in topics)])
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
                attempt.language or "",
                *(fmt_number(by_topic[t].accuracy) if t in by_topic else "" for t in topics),
            ]
        )
        if progress:
            progress(1)
    return len(listed)


def write_answers_csv(sheets: Iterable[AnswerSheet], out: TextIO, progress: Progress | None = None) -> int:
    """One row per stored answer; returns the number of answer rows written.

    The hot path of the csv exports (100,000s of rows). What repeats (the learner and bank of
    an attempt; a question with one response and one score) is quoted by ``csv`` once, kept
    as UTF-8 and reused: a row is those joined with its position, seconds and time. Bytes, not
    str: a line with a Lithuanian or Japanese name would make every str joined into it wider,
    while bytes join as plain copies.
    """
    line = _Line()
    binary = getattr(out, "buffer", None)
    out.write(line.cells(ANSWER_HEADER) + "\r\n")
    if binary is not None:
        out.flush()
    write = binary.write if binary is not None else lambda blob: out.write(blob.decode("utf-8"))
    people: dict[tuple[int, str], bytes] = {}
    answered: dict[str, dict[tuple[Any, ...], bytes]] = {}
    count = 0
    for sheet in sheets:
        attempt = sheet.head
        learner = attempt.learner
        who = people.get((learner.id, attempt.bank_id))
        if who is None:
            cells = [learner.name, learner.email, learner.username, attempt.bank_id]
            who = people[(learner.id, attempt.bank_id)] = line.cells(map(neutralise, cells)).encode()
        head = b"%s,%s," % (attempt.uuid.encode(), who)  # a uuid needs no quoting
        seen = answered.setdefault(attempt.bank_id, {})
        lines = []
        for answer in sheet.answers:
            _, position, question_id, response, confidence, seconds, credit, points, top, correct, at = answer
            key = (question_id, response, correct, credit, points, top, confidence)
            middle = seen.get(key) or _middle(sheet.question(question_id), key, seen, line)
            lines.append(b"%s%d,%s,%.2f,%s\r\n" % (head, position + 1, middle, seconds, at.encode()))
        write(b"".join(lines))
        count += len(lines)
        if progress:
            progress(1)
    return count


def _middle(
    question: AnyQuestion | None,
    key: tuple[Any, ...],
    cache: dict[tuple[Any, ...], bytes],
    line: _Line,
) -> bytes:
    """The cells from question id to confidence of an answer, quoted (cached per bank, by
    ``key``: what they are made from, the response as stored)."""
    question_id, stored, correct, credit, points, max_points, confidence = key
    labels, texts = describe_response(question, stored_response(stored))
    cells = [
        neutralise(question_id),
        question.type if question else "",
        neutralise(labels),
        neutralise(texts),
        "yes" if correct else "no",
        fmt_number(credit, 4),
        fmt_number(points, 4),
        fmt_number(max_points, 4),
        CONFIDENCE_NAMES.get(confidence or 0, ""),
    ]
    middle = cache[key] = line.cells(cells).encode()
    return middle
