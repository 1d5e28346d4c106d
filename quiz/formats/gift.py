"""Moodle's GIFT format: read it as Moodle does, write it so Moodle reads our banks back.

Reading follows Moodle's own parser (``qformat_gift::readquestion``) step by step, so that a
file means here what it means in Moodle: comments, ``::name::``, ``[format]`` prefixes, the
escapes ``\\~ \\= \\# \\{ \\} \\: \\n \\\\``, answer weights ``%n%``, per-answer feedback ``#``
and general feedback ``####``, ``$CATEGORY:`` lines, and ``[id:...]`` / ``[tag:...]`` in
comments. ``parse_question`` gives Moodle's view of one question; ``import_gift`` turns a
file into bank questions, skipping (with a reason) the types a bank cannot hold.

Writing puts what GIFT has no place for (headline type, difficulty, technique, sources, ...)
in a ``// resilience-quiz:`` comment, which Moodle ignores and our importer reads back, so a
bank survives the round trip bank -> GIFT -> bank unchanged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from quiz.bank import AnyQuestion, Bank, MultipleQuestion, TrueFalseQuestion
from quiz.formats.common import NO_EXPLANATION, ImportResult, QuestionDraft

FORMATS = ("moodle", "html", "plain", "markdown")
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
META_PREFIX = "resilience-quiz:"
BANK_META_PREFIX = "resilience-quiz-bank:"
_ID_TAG = re.compile(r"\[id:((?:\\.|[^\]\\\n])*)\]")
_TAG = re.compile(r"\[tag:((?:\\.|[^\]\\\n])*)\]")
_MOODLE_MARKER = re.compile(r"\[(?=(?i:tag|id):)")
"""Where Moodle would see "[tag:" or "[id:"; only ever inside a JSON string, so "\\u005b" is safe there."""

# Moodle swaps escaped characters for placeholders before parsing and back afterwards; private-use
# code points cannot clash with text the way Moodle's "&&058;" can.
_ESCAPES = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004", "~": "\ue005"}
_NEWLINE = "\ue006"
_BACKSLASH = "\ue007"
_UNESCAPE = str.maketrans({v: k for k, v in _ESCAPES.items()} | {_NEWLINE: "\n"})


class GiftSyntaxError(ValueError):
    """A question Moodle would refuse too (unbalanced braces, too few answers...)."""


@dataclass
class GiftText:
    text: str
    format: str = "moodle"


@dataclass
class GiftAnswer:
    text: GiftText
    fraction: float
    feedback: GiftText


@dataclass
class GiftQuestion:
    """One question as Moodle's parser sees it (only what our importer and tests need)."""

    qtype: str
    """category, description, essay, numerical, multichoice, match, truefalse or shortanswer."""
    name: str | None = None
    text: GiftText = field(default_factory=lambda: GiftText(""))
    general_feedback: GiftText = field(default_factory=lambda: GiftText(""))
    single: bool = True
    answers: list[GiftAnswer] = field(default_factory=list)
    correct_answer: bool | None = None
    feedback_true: GiftText = field(default_factory=lambda: GiftText(""))
    feedback_false: GiftText = field(default_factory=lambda: GiftText(""))
    category: str = ""
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    line: int = 0


def _pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    text = text.replace("\\n", _NEWLINE)
    return text.replace(_BACKSLASH, "\\")


def _post(text: str) -> str:
    return text.translate(_UNESCAPE)


def _with_format(text: str, default: str = "moodle") -> GiftText:
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end > 0 else ""
        if name in FORMATS:
            fmt = name
            text = text[end + 1 :]
    return GiftText(_post(text).strip(), fmt)


def extract_id_and_tags(comment: str) -> tuple[str, list[str]]:
    """Moodle's ``[id:...]`` and ``[tag:...]`` in comments (``\\]`` escapes a bracket)."""
    found = _ID_TAG.search(comment)
    idnumber = found.group(1).replace("\\]", "]").strip() if found else ""
    tags = [m.group(1).replace("\\]", "]").strip() for m in _TAG.finditer(comment)]
    return idnumber, [t for t in tags if t]


def _weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.find("%")
    try:
        value = float(answer[:end]) / 100
    except ValueError:
        value = 0.0
    return value, answer[end + 1 :]


def _comment_split(answer: str, default: str, parts: int = 2) -> list[GiftText]:
    bits = answer.split("#", parts - 1)
    out = [_with_format(bit.strip(), default) for bit in bits]
    while len(out) < parts:
        out.append(GiftText("", default))
    return out


def parse_question(lines: list[str], line: int = 0) -> GiftQuestion | None:
    """One question from its lines, as ``qformat_gift::readquestion`` parses it; None if blank."""
    comments = [ln.strip() for ln in lines if ln.strip().startswith("//")]
    kept = [" " if ln.strip().startswith("//") else ln for ln in lines]
    text = "\n".join(kept).strip()
    if not text:
        return None
    idnumber, tags = extract_id_and_tags("\n".join(comments))
    common: dict[str, Any] = {"idnumber": idnumber, "tags": tags, "comments": comments, "line": line}
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        return GiftQuestion("category", category=_post(text[10:]).strip(), **common)
    name: str | None = None
    if text.startswith("::"):
        text = text[2:]
        finish = text.find("::")
        if finish >= 0:
            name = _post(text[:finish]).strip()
            text = text[finish + 2 :].strip()
    start, finish = text.find("{"), text.find("}")
    description = start < 0 and finish < 0
    if description:
        answertext, question_text = "", text
    elif start < 0 or finish < 0 or finish < start:
        raise GiftSyntaxError("unbalanced braces around the answers: escape a literal brace as \\{ or \\}")
    else:
        answertext = text[start + 1 : finish].strip()
        blank = "" if text.endswith("}") else "_____"
        question_text = text[:start] + blank + text[finish + 1 :]
        if "{" in answertext or "{" in question_text or "}" in question_text:
            # Moodle would keep the stray braces as text (10,000 nested ones as a prompt of "}"):
            # one pair of braces per question, any other escaped.
            raise GiftSyntaxError(
                "malformed: more than one pair of braces: a question has one {...} of answers "
                "(escape a literal brace as \\{ or \\})"
            )
    general = ""
    separator = answertext.rfind("####")
    if separator >= 0:
        general = answertext[separator + 4 :]
        answertext = answertext[:separator].strip()
    qtext = _with_format(question_text)
    question = GiftQuestion("", name, qtext, _with_format(general, qtext.format), **common)
    if description:
        question.qtype = "description"
    elif answertext == "":
        question.qtype = "essay"
    elif answertext.startswith("#"):
        question.qtype = "numerical"
    elif "~" in answertext:
        question.qtype = "multichoice"
        _read_choices(question, answertext)
    elif "=" in answertext and "->" in answertext:
        question.qtype = "match"
    else:
        check = answertext
        if answertext.find("#") > 0:
            check = answertext[: answertext.find("#")].strip()
        if check in ("T", "TRUE", "F", "FALSE"):
            question.qtype = "truefalse"
            answer, wrong, right = _comment_split(answertext, qtext.format, 3)
            question.correct_answer = answer.text in ("T", "TRUE")
            if question.correct_answer:
                question.feedback_true, question.feedback_false = right, wrong
            else:
                question.feedback_true, question.feedback_false = wrong, right
        else:
            question.qtype = "shortanswer"
    return question


def _read_choices(question: GiftQuestion, answertext: str) -> None:
    question.single = "=" in answertext
    answers = answertext.replace("=", "~=").split("~")
    answers[0] = answers[0].strip()
    if answers[0] in ("", "0"):  # PHP's empty() is also true for "0"
        answers.pop(0)
    if len(answers) < 2:
        raise GiftSyntaxError("a multiple choice question needs at least 2 answers")
    for raw in answers:
        answer = raw.strip()
        if answer.startswith("="):
            fraction, answer = 1.0, answer[1:]
        elif WEIGHT.match(answer):
            fraction, answer = _weight(answer)
        else:
            fraction = 0.0
        text, feedback = _comment_split(answer, question.text.format)
        question.answers.append(GiftAnswer(text, fraction, feedback))


def split_blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) per question: Moodle trims every line; a blank one ends a question."""
    block: list[str] = []
    first = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line in ("", "0"):  # PHP's empty()
            if block:
                yield first, block
                block = []
            continue
        if not block:
            first = number
        block.append(line)
    if block:
        yield first, block


def parse_gift(text: str) -> Iterator[GiftQuestion | GiftSyntaxError]:
    """Every question of a file (categories included), or the error that stopped one."""
    for number, block in split_blocks(text.lstrip("\ufeff")):
        try:
            question = parse_question(block, number)
        except GiftSyntaxError as exc:
            exc.line = number  # type: ignore[attr-defined]
            yield exc
            continue
        if question is not None:
            yield question


# -- import: Moodle's questions as bank questions ------------------------------------------------

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
            result.skipped.append(f"{source}:{getattr(item, 'line', 0)}: {item}")
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
    data: dict[str, Any] = {"prompt": item.text.text}
    notes: list[str] = []
    if item.qtype == "truefalse":
        data["type"] = "true_false"
        data["answer"] = bool(item.correct_answer)
        right = item.feedback_true if item.correct_answer else item.feedback_false
        explanation = item.general_feedback.text or right.text
    else:
        explanation = item.general_feedback.text
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
        leaf = category.rstrip("/").rsplit("/", 1)[-1].strip() if category else ""
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
            "text": a.text.text,
            **({"correct": True} if ok else {}),
            **({"feedback": a.feedback.text} if a.feedback.text else {}),
        }
        for a, ok in zip(answers, correct, strict=True)
    ]


# -- export: a bank as GIFT ------------------------------------------------------------------------

_REPCHAR = str.maketrans(
    {
        "\\": "\\\\",
        "#": "\\#",
        "=": "\\=",
        "~": "\\~",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)


def escape(text: str) -> str:
    """Moodle's ``repchar``: every GIFT control character escaped, newlines as ``\\n``."""
    return text.translate(_REPCHAR)


def _text(text: str) -> str:
    """Escaped text in the question's format (Markdown); a leading '[' would read as a format name."""
    return ("[markdown]" if text.startswith("[") else "") + escape(text)


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.5f}".rstrip("0").rstrip(".")


def _dump_comment(value: dict[str, Any]) -> str:
    # "[tag:" and "[id:" spelt with an escaped '[', so Moodle never reads tags inside our metadata.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return _MOODLE_MARKER.sub(r"\\u005b", text)


def _tag(value: str) -> str:
    return value.replace("]", "\\]")


def bank_to_gift(bank: Bank) -> str:
    """The whole bank as GIFT that Moodle imports (one category named after the bank)."""
    info = bank.info
    head = {
        "id": info.id,
        "title": info.title,
        "description": info.description,
        "version": info.version,
        "language": info.language,
        "pass_mark": info.pass_mark,
    }
    out = [
        f"// {info.title} ({info.id}, version {info.version}), written by resilience-quiz",
        f"// {BANK_META_PREFIX} {_dump_comment(head)}",
        f"$CATEGORY: $course$/top/{info.id}",
        "",
    ]
    for question in bank.questions:
        out.append(question_to_gift(question))
    return "\n".join(out)


def question_to_gift(question: AnyQuestion) -> str:
    meta: dict[str, Any] = {"id": question.id, "type": question.type, "topics": list(question.topics)}
    meta["difficulty"] = question.difficulty.value
    if question.technique:
        meta["technique"] = question.technique.value
    if question.points != 1.0:
        meta["points"] = question.points
    if question.sources:
        meta["sources"] = [s.model_dump() for s in question.sources]
    if isinstance(question, MultipleQuestion) or question.type == "single":
        meta["shuffle"] = question.shuffle_options
    tags = " ".join(f"[tag:{_tag(t)}]" for t in question.topics)
    lines = [
        f"// question: {question.id}",
        f"// [id:{question.id}]{' ' + tags if tags else ''}",
        f"// {META_PREFIX} {_dump_comment(meta)}",
    ]
    head = f"::{escape(question.id)}::[markdown]{escape(question.prompt)}"
    general = f"####{_text(question.explanation)}"
    if isinstance(question, TrueFalseQuestion):
        lines.append(f"{head}{{{'TRUE' if question.answer else 'FALSE'}{general}}}")
        return "\n".join(lines) + "\n"
    lines.append(head + "{")
    correct = question.correct
    if isinstance(question, MultipleQuestion):
        right, wrong = len(correct), len(question.options) - len(correct)
        for index, option in enumerate(question.options):
            share = 1 / right if index in correct else -1 / wrong
            lines.append(f"\t~%{_percent(share)}%{_text(option)}{_feedback(question, index)}")
    else:
        for index, option in enumerate(question.options):
            marker = "=" if index in correct else ("~%0%" if WEIGHT.match(option) else "~")
            lines.append(f"\t{marker}{_text(option)}{_feedback(question, index)}")
    lines.append(f"\t{general}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _feedback(question: AnyQuestion, index: int) -> str:
    text = question.option_feedback(index)
    return f"#{_text(text)}" if text else ""


__all__ = [
    "GiftQuestion",
    "GiftSyntaxError",
    "bank_to_gift",
    "escape",
    "import_gift",
    "parse_gift",
    "parse_question",
    "split_blocks",
]
