"""Moodle's questions as bank questions: what ``quiz import gift`` keeps, notes and skips."""

from __future__ import annotations

import json
from typing import Any

from quiz.formats.common import NO_EXPLANATION, ImportResult, QuestionDraft, html_markdown, plain_markdown
from quiz.formats.gift.parser import GiftQuestion, GiftSyntaxError, GiftText, _post, parse_gift

MOODLE_GRADES: tuple[float, ...] = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4)
MOODLE_GRADES += (0.3333333, 0.3, 0.25, 0.2, 0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)
"""The answer grades Moodle's question bank offers (and their negatives): an import whose
weight is none of them, within 0.00001, is refused by Moodle, so it is refused here too."""


def is_moodle_grade(fraction: float) -> bool:
    return any(abs(abs(fraction) - grade) < 1e-5 for grade in MOODLE_GRADES)


def markdown(text: GiftText) -> str:
    """A GIFT text as the Markdown bank texts are: HTML converted, plain text shown as typed."""
    if text.format == "html":
        return html_markdown(text.text)
    if text.format == "plain":
        return plain_markdown(text.text)
    return text.text


META_PREFIX = "resilience-quiz:"
BANK_META_PREFIX = "resilience-quiz-bank:"
"""Comments that ``quiz convert`` writes for what GIFT has no place for, and this reads back."""


_SKIPPED = {
    "essay": "essay: answered in free text, which a bank question cannot mark",
    "numerical": "numerical: the answer is a number typed in, not a choice",
    "match": "matching: pairs to match, which a bank question cannot hold",
    "shortanswer": "short answer: the answer is typed in, not chosen",
    "description": "description: text with no answer to give",
}


def import_gift(text: str, source: str = "GIFT") -> ImportResult:
    """Bank questions from a GIFT file; what cannot be kept is listed in ``skipped``."""
    result = ImportResult()
    category = ""
    for item in parse_gift(text):
        if isinstance(item, GiftSyntaxError):
            result.skipped.append(f"{source}:{item.line}: {item}")
            continue
        where = f"{source}:{item.line}"
        if item.qtype == "category":
            category = item.category
            _bank_meta(item, result)
            continue
        label = f"{where}: {_label(item)}"
        if item.qtype in _SKIPPED:
            result.skipped.append(f"{label}: skipped, {_SKIPPED[item.qtype]}")
            continue
        try:
            draft = _draft(item, category)
        except ValueError as exc:
            result.skipped.append(f"{label}: skipped, {exc}")
            continue
        draft.where = label
        result.add(draft)
    return result


def _label(item: GiftQuestion) -> str:
    if item.name:
        return f"question {item.name!r}"
    short = item.text.text.replace("\n", " ")
    return f"question {short[:40] + '...' if len(short) > 40 else short!r}"


def _bank_meta(item: GiftQuestion, result: ImportResult) -> None:
    meta = _meta(item.comments, BANK_META_PREFIX)
    if meta is not None:
        result.bank.update(meta)


def _meta(comments: list[str], prefix: str) -> dict[str, Any] | None:
    for comment in comments:
        body = comment[2:].strip()
        if body.startswith(prefix):
            try:
                value = json.loads(body[len(prefix) :])
            except ValueError:
                return None
            return value if isinstance(value, dict) else None
    return None


def _draft(item: GiftQuestion, category: str) -> QuestionDraft:
    if not item.text.text:
        raise ValueError("it has no question text")
    meta = _meta(item.comments, META_PREFIX) or {}
    data: dict[str, Any] = {"prompt": markdown(item.text)}
    notes: list[str] = []
    if item.qtype == "truefalse":
        data["type"] = "true_false"
        data["answer"] = bool(item.correct_answer)
        right = item.feedback_true if item.correct_answer else item.feedback_false
        explanation = markdown(item.general_feedback) or markdown(right)
    else:
        explanation = markdown(item.general_feedback)
        _choices(item, data, notes)
        if meta.get("type") == "headline" and [c["text"] for c in data["choices"]] == [
            "Reliable",
            "Manipulative",
        ]:
            data = {
                "type": "headline",
                "prompt": data["prompt"],
                "answer": "reliable" if data["choices"][0].get("correct") else "manipulative",
            }
    if not explanation:
        explanation = NO_EXPLANATION
        notes.append("no general feedback (####) to use as the explanation")
    data["explanation"] = explanation
    topics = meta.get("topics")
    if not isinstance(topics, list):
        leaf = _post(category).rstrip("/").rsplit("/", 1)[-1].strip() if category else ""
        topics = list(dict.fromkeys([*item.tags, *([leaf] if leaf and not leaf.startswith("$") else [])]))
    if topics:
        data["topics"] = topics
    for key in ("difficulty", "technique", "points", "shuffle", "sources"):
        if key in meta and not (key == "shuffle" and data["type"] not in ("single", "multiple")):
            data[key] = meta[key]
    wanted = str(meta.get("id") or item.idnumber or item.name or "")
    return QuestionDraft(data, wanted, item.text.text, notes)


def _choices(item: GiftQuestion, data: dict[str, Any], notes: list[str]) -> None:
    answers = item.answers
    for answer in answers:
        if not is_moodle_grade(answer.fraction):
            raise ValueError(
                f"the weight {answer.fraction * 100:g}% of {answer.text.text!r} is none of Moodle's "
                "grades (100, 90, 83.33333, 80, 75, ... 5 or 0%, or minus one), so Moodle refuses it too"
            )
    if any(not a.text.text for a in answers):
        raise ValueError("an answer has no text")
    if len(answers) > 8:
        raise ValueError(f"it has {len(answers)} answers; a bank question has at most 8")
    seen = {a.text.text.casefold() for a in answers}
    if len(seen) != len(answers):
        raise ValueError("two answers have the same text")
    full = [a for a in answers if abs(a.fraction - 1) < 1e-6]
    if item.single:
        if len(full) != 1:
            raise ValueError(
                f"{len(full)} answers are fully right (=); a single-answer question needs exactly one"
            )
        data["type"] = "single"
        partial = [a for a in answers if a is not full[0] and a.fraction != 0]
        if partial:
            notes.append(
                "lossy: partial credit dropped for "
                + ", ".join(f"{a.text.text!r} ({a.fraction * 100:g}%)" for a in partial)
            )
        correct = [a is full[0] for a in answers]
    else:
        data["type"] = "multiple"
        correct = [a.fraction > 0 for a in answers]
        right = [a.fraction for a in answers if a.fraction > 0]
        wrong = [a.fraction for a in answers if a.fraction <= 0]
        if not right:
            raise ValueError("no answer carries a positive weight, so none is right")
        if any(abs(f - 1 / len(right)) > 1e-4 for f in right):
            notes.append(
                "lossy: weights "
                + "/".join(f"{f * 100:g}%" for f in right)
                + f" of the right answers become equal shares of {100 / len(right):g}%"
            )
        if wrong and any(abs(f + 1 / len(wrong)) > 1e-4 for f in wrong):
            notes.append(
                "lossy: penalties "
                + "/".join(f"{f * 100:g}%" for f in wrong)
                + f" of the wrong answers become {-100 / len(wrong):g}% each (the bank's rule)"
            )
    data["choices"] = [
        {
            "text": markdown(a.text),
            **({"correct": True} if ok else {}),
            **({"feedback": markdown(a.feedback)} if a.feedback.text else {}),
        }
        for a, ok in zip(answers, correct, strict=True)
    ]
