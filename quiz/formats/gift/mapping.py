"""Moodle's questions as bank questions: what ``quiz import gift`` keeps, notes and skips."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from quiz.bank.problems import explain, field_path
from quiz.formats.common import (
    NO_EXPLANATION,
    ImportResult,
    QuestionDraft,
    html_markdown,
    plain_markdown,
    question_label,
)
from quiz.formats.gift.parser import GiftQuestion, GiftSyntaxError, GiftText, parse_gift, unescape
from quiz.i18n import N_, _
from quiz.kinds.kind import Kind
from quiz.kinds.moodle import (
    MoodleAnswer,
    MoodleChoice,
    MoodleQuestion,
    MoodleTrueFalse,
    NotThisKindError,
)
from quiz.kinds.registry import read_moodle

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
    "essay": N_("essay: answered in free text, which a bank question cannot mark"),
    "numerical": N_("numerical: the answer is a number typed in, not a choice"),
    "shortanswer": N_("short answer: the answer is typed in, not chosen"),
    "description": N_("description: text with no answer to give"),
}


def import_gift(text: str, source: str = "GIFT") -> ImportResult:
    """Bank questions from a GIFT file; what cannot be kept is listed in ``skipped``."""
    result = ImportResult()
    category = ""
    for item in parse_gift(text):
        if isinstance(item, GiftSyntaxError):
            result.skipped.append(
                _("{where}: skipped, {why}").format(where=f"{source}:{item.line}", why=item)
            )
            continue
        where = f"{source}:{item.line}"  # file:line, as compilers and editors write a place
        if item.qtype == "category":
            category = item.category
            _bank_meta(item, result)
            continue
        label = _label(item, where)
        if item.qtype in _SKIPPED:
            result.skipped.append(
                _("{where}: skipped, {why}").format(where=label, why=_(_SKIPPED[item.qtype]))
            )
            continue
        try:
            draft = _draft(item, category)
        except ValueError as exc:
            result.skipped.append(_("{where}: skipped, {why}").format(where=label, why=exc))
            continue
        draft.where = label
        result.add(draft)
    return result


def _label(item: GiftQuestion, where: str) -> str:
    return question_label(where, item.name or item.text.text, cut=not item.name)


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
        raise ValueError(_("it has no question text"))
    meta = _meta(item.comments, META_PREFIX) or {}
    data: dict[str, Any] = {"prompt": markdown(item.text)}
    notes: list[str] = []
    moodle = _moodle(item)
    try:
        kind, fields = read_moodle(moodle, meta)
    except NotThisKindError as exc:
        raise ValueError(str(exc)) from None
    data["type"] = kind.name
    data.update(fields)
    if isinstance(moodle, MoodleTrueFalse):
        right = item.feedback_true if item.correct_answer else item.feedback_false
        explanation = markdown(item.general_feedback) or markdown(right)
    else:
        explanation = markdown(item.general_feedback)
    if not explanation:
        explanation = NO_EXPLANATION
        notes.append(_("no general feedback (####) to use as the explanation"))
    data["explanation"] = explanation
    topics = meta.get("topics")
    if not isinstance(topics, list):
        leaf = unescape(category).rstrip("/").rsplit("/", 1)[-1].strip() if category else ""
        topics = list(dict.fromkeys([*item.tags, *([leaf] if leaf and not leaf.startswith("$") else [])]))
    if topics:
        data["topics"] = topics
    for key in ("difficulty", "technique", "points", "sources"):
        if key in meta:
            data[key] = meta[key]
    _check(kind, data)
    wanted = str(meta.get("id") or item.idnumber or item.name or "")
    return QuestionDraft(data, wanted, item.text.text, notes)


def _moodle(item: GiftQuestion) -> MoodleQuestion:
    """The question as Moodle holds it: what a kind reads itself from."""
    if item.qtype == "truefalse":
        return MoodleTrueFalse(bool(item.correct_answer))
    if item.qtype == "match" and item.match is not None:
        return item.match
    answers = item.answers
    for answer in answers:
        if not is_moodle_grade(answer.fraction):
            raise ValueError(
                _(
                    "the weight {weight}% of {answer} is none of Moodle's grades (100, 90, 83.33333, 80, "
                    "75, ... 5 or 0%, or minus one), so Moodle refuses it too"
                ).format(weight=f"{answer.fraction * 100:g}", answer=repr(answer.text.text))
            )
    if any(not a.text.text for a in answers):
        raise ValueError(_("an answer has no text"))
    return MoodleChoice(
        item.single,
        tuple(MoodleAnswer(markdown(a.text), a.fraction, markdown(a.feedback) or None) for a in answers),
    )


def _check(kind: Kind[Any], data: dict[str, Any]) -> None:
    """Refuse, with the bank's own words, what the bank would refuse (two answers alike...)."""
    try:
        kind.model.model_validate({"id": "imported", **data})
    except ValidationError as exc:
        error = exc.errors()[0]
        where = field_path(error["loc"])
        why = explain(error)
        # TRANSLATORS: why an import skipped a question: the field ("choices[1].text") and the bank's rule.
        raise ValueError(_("{field}: {why}").format(field=where, why=why) if where else why) from None
