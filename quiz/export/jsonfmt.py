"""The JSON export: full attempts with answers, described by a JSON Schema shipped beside it.

The schema is generated from the pydantic models below (``schema_json``) and stored in
``attempts.schema.json``; a test fails when the two drift apart. Regenerate it with
``python -m quiz.export.jsonfmt > quiz/export/attempts.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field

from quiz.bank import AnyQuestion
from quiz.export.csvfmt import CONFIDENCE_NAMES
from quiz.export.data import ExportAttempt, Progress, describe_response
from quiz.kinds.registry import KINDS, kind_of
from quiz.store import now_iso

SCHEMA_PATH = Path(__file__).with_name("attempts.schema.json")
FORMAT_NAME = "resilience-quiz/attempts"
FORMAT_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class JsonLearner(_Model):
    name: str
    email: str = Field("", description="Empty when unknown.")
    username: str = Field("", description="Empty when unknown.")


class JsonBank(_Model):
    id: str
    title: str | None = Field(description="None when the bank is no longer installed.")
    version: str = Field(description="The bank version the attempt was taken on.")
    content_hash: str


class JsonMarking(_Model):
    negative: bool
    certainty: bool


class JsonScore(_Model):
    points: float | None = Field(description="None while the attempt is unfinished.")
    max_points: float | None
    percent: float | None
    passed: bool | None
    pass_mark: float = Field(description="Percent needed to pass.")


class JsonTopic(_Model):
    topic: str
    accuracy: float = Field(
        description="Share of the topic's points answered right, 0-100, partial credit counted, whatever "
        "the marking: the figure the results screen and the report show for a topic."
    )
    points: float = Field(description="Points in the attempt's marking (certainty-based can be negative).")
    max_points: float
    percent: float = Field(description="points of max_points, in the attempt's marking: not accuracy.")
    questions: int
    correct: int


class JsonAnswer(_Model):
    position: int = Field(ge=1, description="1-based position in the attempt.")
    question_id: str
    question_type: str | None = Field(
        description="The question's kind (its type in the bank); None when the bank no longer has it.",
        json_schema_extra={"anyOf": [{"enum": list(KINDS), "type": "string"}, {"type": "null"}]},
    )
    prompt: str | None
    response: list[int] = Field(
        description=(
            "The response, 0-based, in bank order: the chosen options in increasing order; for "
            "ordering the items from first to last; for matching the answer of each prompt in turn."
        )
    )
    response_labels: str = Field(
        description=(
            "Letters (A;C) for choices and spot segments, the word for true/false and headlines, "
            "the items in order for ordering (B;A;C), prompt and answer for matching (1B;2A)."
        )
    )
    response_text: list[str] = Field(description="The response in words: one entry per option, item or pair.")
    correct_response: list[int] | None = Field(description="The right response, in the terms of response.")
    correct: bool
    credit: float = Field(description="Fraction of the question earned, 1 when fully right.")
    points: float
    max_points: float
    confidence: Literal["low", "mid", "high"] | None
    seconds: float = Field(ge=0)
    answered_at: str = Field(description="ISO 8601 timestamp.")


class JsonAttempt(_Model):
    uuid: str = Field(description="Also the xAPI registration of the attempt.")
    learner: JsonLearner
    bank: JsonBank
    mode: str
    session_code: str | None
    started_at: str
    finished_at: str | None
    duration_seconds: float | None
    questions: int = Field(description="How many questions the attempt asked.")
    bank_questions: int | None = Field(
        description="How many the bank had when it started (None: not recorded, bank gone)."
    )
    retry_of: str | None = Field(description="The uuid of the attempt whose missed questions this retried.")
    whole_bank: bool = Field(
        description="Asked every question of the bank and was no retry: what a best score counts."
    )
    language: str | None = Field(
        description="The language the learner read the bank in (BCP 47); None: not recorded."
    )
    seed: int
    marking: JsonMarking
    question_ids: list[str] = Field(description="Questions in the order they were asked.")
    score: JsonScore
    topics: list[JsonTopic]
    answers: list[JsonAnswer]


class JsonExport(_Model):
    """Attempts exported by resilience-quiz."""

    format: Literal["resilience-quiz/attempts"]
    version: Literal[1]
    exported_at: str
    attempts: list[JsonAttempt]


def _texts(question: AnyQuestion | None, response: Sequence[int]) -> list[str]:
    if question is None:
        return []
    try:
        return kind_of(question).response_texts(question, tuple(response))
    except (IndexError, ValueError):  # the bank was edited since: the stored indices no longer fit
        return []


def to_json_attempt(attempt: ExportAttempt) -> JsonAttempt:
    row = attempt.row
    score = attempt.score()
    covered = attempt.coverage
    answers = []
    for a in attempt.answers:
        question = attempt.question(a.question_id)
        response = list(a.response)
        labels, _ = describe_response(question, a.response)
        kind = kind_of(question) if question else None
        answers.append(
            JsonAnswer(
                position=a.position + 1,
                question_id=a.question_id,
                question_type=question.type if question else None,
                prompt=question.prompt if question else None,
                response=response,
                response_labels=labels,
                response_text=_texts(question, a.response),
                correct_response=list(kind.correct_response(question)) if kind else None,
                correct=a.correct,
                credit=a.credit,
                points=a.points,
                max_points=a.max_points,
                confidence=CONFIDENCE_NAMES.get(a.confidence or 0),
                seconds=a.seconds,
                answered_at=a.answered_at,
            )
        )
    return JsonAttempt(
        uuid=row.uuid,
        learner=JsonLearner(name=row.learner.name, email=row.learner.email, username=row.learner.username),
        bank=JsonBank(
            id=row.bank_id,
            title=attempt.bank.info.title if attempt.bank else None,
            version=row.bank_version,
            content_hash=row.content_hash,
        ),
        mode=row.mode,
        session_code=row.session_code,
        started_at=row.started_at,
        finished_at=row.finished_at,
        duration_seconds=attempt.duration_seconds,
        questions=covered.asked,
        bank_questions=covered.bank_questions,
        retry_of=covered.retry_of,
        whole_bank=covered.whole_bank,
        language=attempt.language,
        seed=row.plan.seed,
        marking=JsonMarking(negative=row.plan.marking.negative, certainty=row.plan.marking.certainty),
        question_ids=row.plan.question_ids,
        score=JsonScore(
            points=row.points,
            max_points=row.max_points,
            percent=row.percent,
            passed=row.passed,
            pass_mark=row.plan.pass_mark,
        ),
        topics=[
            JsonTopic(
                topic=name,
                accuracy=round(b.accuracy, 4),
                points=b.points,
                max_points=b.max_points,
                percent=round(b.percent, 4),
                questions=b.questions,
                correct=b.correct,
            )
            for name, b in (score.by_topic.items() if score else ())
        ],
        answers=answers,
    )


def write_json(attempts: Iterable[ExportAttempt], out: TextIO, progress: Progress | None = None) -> int:
    """Stream one ``JsonExport`` document: attempts are written one by one, never all held at once."""
    head = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "exported_at": now_iso()}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "attempts": [')
    count = 0
    for attempt in attempts:
        out.write(",\n" if count else "\n")
        out.write(to_json_attempt(attempt).model_dump_json())
        count += 1
        if progress:
            progress(1)
    out.write("\n]}\n")
    return count


def schema() -> dict[str, object]:
    generated = JsonExport.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **generated}


def schema_json() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_json(), end="")
