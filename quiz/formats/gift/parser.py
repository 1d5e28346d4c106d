"""GIFT as Moodle reads it: ``parse_gift`` gives, question by question, what Moodle's own parser
(``qformat_gift::readquestion``) makes of a file.

Step by step as Moodle: comments, ``::name::``, ``[format]`` prefixes, the escapes
``\\~ \\= \\# \\{ \\} \\: \\n \\\\``, answer weights ``%n%``, per-answer feedback ``#`` and general
feedback ``####``, ``$CATEGORY:`` lines, and ``[id:...]`` / ``[tag:...]`` in comments. What a
bank makes of it is ``quiz.formats.gift.mapping``'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

FORMATS = ("moodle", "html", "plain", "markdown")
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_ID_TAG = re.compile(r"\[id:((?:\\.|[^\]\\\n])*)\]")
_TAG = re.compile(r"\[tag:((?:\\.|[^\]\\\n])*)\]")

# Moodle swaps escaped characters for placeholders before parsing and back afterwards; private-use
# code points cannot clash with text the way Moodle's "&&058;" can.
_ESCAPES = {":": "\ue000", "#": "\ue001", "=": "\ue002", "{": "\ue003", "}": "\ue004", "~": "\ue005"}
_NEWLINE = "\ue006"
_BACKSLASH = "\ue007"
_UNESCAPE = str.maketrans({v: k for k, v in _ESCAPES.items()} | {_NEWLINE: "\n"})


class GiftSyntaxError(ValueError):
    """A question Moodle would refuse too (unbalanced braces, too few answers...)."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line
        """The question's first line in the file (1-based; 0 when not known)."""


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
        raise GiftSyntaxError(
            "unbalanced braces around the answers: escape a literal brace as \\{ or \\}", line
        )
    else:
        answertext = text[start + 1 : finish].strip()
        blank = "" if text.endswith("}") else "_____"
        question_text = text[:start] + blank + text[finish + 1 :]
        if "{" in answertext or "{" in question_text or "}" in question_text:
            # Moodle would keep the stray braces as text (10,000 nested ones as a prompt of "}"):
            # one pair of braces per question, any other escaped.
            raise GiftSyntaxError(
                "malformed: more than one pair of braces: a question has one {...} of answers "
                "(escape a literal brace as \\{ or \\})",
                line,
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
        raise GiftSyntaxError("a multiple choice question needs at least 2 answers", question.line)
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
            yield exc
            continue
        if question is not None:
            yield question
