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

from quiz.i18n import _
from quiz.kinds.moodle import MoodleMatch

FORMATS = ("moodle", "html", "plain", "markdown")
WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_CONTROL = "\x00-\x1f\x7f"
_ID_TAG = re.compile(rf"\[id:((?:\\\]|[^\]{_CONTROL}])+)\]")
"""Moodle's: at least one character, none a control character (a tab, say), ``\\]`` for ``]``."""
_TAG = re.compile(rf"\[tag:((?:\\\]|[^\]<>`{_CONTROL}])*)\]")
"""Moodle's: as an id, but no ``<``, ``>`` or backtick (a tag with one is no tag at all)."""

# Moodle swaps escaped characters for these placeholders before parsing and back afterwards, so
# the same text typed as it is (``&&058;``) also becomes the character: read as Moodle reads.
_ESCAPES = {":": "&&058;", "#": "&&035;", "=": "&&061;", "{": "&&123;", "}": "&&125;", "~": "&&126;"}
_NEWLINE = "&&010"
_BACKSLASH = "&&092;"
_UNESCAPE = re.compile("|".join(re.escape(p) for p in [*_ESCAPES.values(), _NEWLINE]))
_UNESCAPED = {v: k for k, v in _ESCAPES.items()} | {_NEWLINE: "\n"}
PHP_WHITESPACE = " \t\n\r\0\x0b"
"""What PHP's trim() removes, and so Moodle: not NBSP, form feeds or other Unicode spaces."""


def php_trim(text: str) -> str:
    return text.strip(PHP_WHITESPACE)


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
    match: MoodleMatch | None = None
    """A match question's pairs (and answers that match nothing), as Moodle reads them."""


def _pre(text: str) -> str:
    text = text.replace("\\\\", _BACKSLASH)
    for char, placeholder in _ESCAPES.items():
        text = text.replace("\\" + char, placeholder)
    text = text.replace("\\n", _NEWLINE)
    return text.replace(_BACKSLASH, "\\")


def unescape(text: str) -> str:
    """Text as the author meant it: the placeholders of the escapes (``\\=``, ``\\{``...) back as
    the characters (Moodle's step after splitting); public since the mapping reads categories."""
    return _UNESCAPE.sub(lambda found: _UNESCAPED[found.group()], text)


_TAGS = re.compile(r"<[^>]*>")


def moodle_name(name: str) -> str:
    """A question name as Moodle keeps it (``clean_param(PARAM_TEXT)``): no HTML tags, "}}" apart."""
    return php_trim(_TAGS.sub("", name).replace("}}", "} }"))


def _with_format(text: str, default: str = "moodle") -> GiftText:
    fmt = default
    if text.startswith("["):
        end = text.find("]")
        name = text[1:end] if end > 0 else ""
        if name in FORMATS:
            fmt = name
            text = text[end + 1 :]
    return GiftText(php_trim(unescape(text)), fmt)


def extract_id_and_tags(comment: str) -> tuple[str, list[str]]:
    """Moodle's ``[id:...]`` and ``[tag:...]`` in comments (``\\]`` escapes a bracket)."""
    found = _ID_TAG.search(comment)
    idnumber = php_trim(found.group(1)).replace("\\]", "]") if found else ""
    tags = [php_trim(m.group(1)).replace("\\]", "]") for m in _TAG.finditer(comment)]
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
    out = [_with_format(php_trim(bit), default) for bit in bits]
    while len(out) < parts:
        out.append(GiftText("", default))
    return out


def parse_question(lines: list[str], line: int = 0) -> GiftQuestion | None:
    """One question from its lines, as ``qformat_gift::readquestion`` parses it; None if blank."""
    comments = [php_trim(ln) for ln in lines if php_trim(ln).startswith("//")]
    kept = [" " if php_trim(ln).startswith("//") else ln for ln in lines]
    text = php_trim("\n".join(kept))
    if not text:
        return None
    idnumber, tags = extract_id_and_tags("\n".join(comments))
    common: dict[str, Any] = {"idnumber": idnumber, "tags": tags, "comments": comments, "line": line}
    text = _pre(text)
    if text.startswith("$CATEGORY:"):
        # Moodle keeps the category as it is after swapping escapes for placeholders: "\\:"
        # stays "&&058;" in the category's name.
        return GiftQuestion("category", category=php_trim(text[10:]), **common)
    name: str | None = None
    if text.startswith("::"):
        text = text[2:]
        finish = text.find("::")
        if finish >= 0:
            name = moodle_name(unescape(text[:finish]))
            text = php_trim(text[finish + 2 :])
    start, finish = text.find("{"), text.find("}")
    description = start < 0 and finish < 0
    if description:
        answertext, question_text = "", text
    elif start < 0 or finish < 0 or finish < start:
        raise GiftSyntaxError(
            _("unbalanced braces around the answers: escape a literal brace as {open} or {close}").format(
                open="\\{", close="\\}"
            ),
            line,
        )
    else:
        answertext = php_trim(text[start + 1 : finish])
        blank = "" if text.endswith("}") else "_____"
        question_text = text[:start] + blank + text[finish + 1 :]
        if "{" in answertext or "{" in question_text or "}" in question_text:
            # Moodle would keep the stray braces as text (10,000 nested ones as a prompt of "}"):
            # one pair of braces per question, any other escaped.
            raise GiftSyntaxError(
                _(
                    "malformed: more than one pair of braces: a question has one {{...}} of answers "
                    "(escape a literal brace as {open} or {close})"
                ).format(open="\\{", close="\\}"),
                line,
            )
    general = ""
    separator = answertext.rfind("####")
    if separator >= 0:
        general = answertext[separator + 4 :]
        answertext = php_trim(answertext[:separator])
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
        try:
            question.match = parse_match(answertext, qtext.format)
        except GiftSyntaxError as exc:
            raise GiftSyntaxError(str(exc), line) from None
    else:
        check = answertext
        if answertext.find("#") > 0:
            check = php_trim(answertext[: answertext.find("#")])
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
    answers[0] = php_trim(answers[0])
    if answers[0] in ("", "0"):  # PHP's empty() is also true for "0"
        answers.pop(0)
    if len(answers) < 2:
        raise GiftSyntaxError(_("a multiple choice question needs at least 2 answers"), question.line)
    for raw in answers:
        answer = php_trim(raw)
        if answer.startswith("="):
            fraction, answer = 1.0, answer[1:]
        elif WEIGHT.match(answer):
            fraction, answer = _weight(answer)
        else:
            fraction = 0.0
        text, feedback = _comment_split(answer, question.text.format)
        question.answers.append(GiftAnswer(text, fraction, feedback))


def file_lines(text: str) -> list[str]:
    """The file's lines as Moodle reads them: split at newlines only (a carriage return stays
    in its line and is trimmed), or at carriage returns in a file that has no newline at all.
    Not ``str.splitlines``, which also splits at form feeds, U+0085 and U+2028."""
    return text.split("\r") if "\n" not in text and "\r" in text else text.split("\n")


ARROW = "->"


def parse_match(answertext: str, text_format: str = "moodle") -> MoodleMatch:
    """The pairs of a match question from its answer text (escapes swapped out, general
    feedback cut off), as Moodle's ``readquestion`` reads them: split at ``=``, each piece at its
    first ``->``; the part before is the subquestion (it may start with a ``[format]``), the
    part after its answer (plain text). An empty subquestion is an answer that matches nothing."""
    pieces = answertext.split("=")
    if pieces and php_trim(pieces[0]) in ("", "0"):  # PHP's empty() is also true for "0"
        pieces.pop(0)
    if len(pieces) < 2:
        raise GiftSyntaxError(_("a matching question needs at least 2 pairs"))
    rows = []
    for piece in pieces:
        piece = php_trim(piece)
        marker = piece.find(ARROW)
        if marker < 0:
            message = _("each pair is written =prompt -> answer; {pair} has no '->'")
            raise GiftSyntaxError(message.format(pair=repr(unescape(piece))))
        prompt = _with_format(piece[:marker], text_format).text
        rows.append((prompt, php_trim(unescape(piece[marker + len(ARROW) :]))))
    return MoodleMatch(tuple(rows))


def split_blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) per question: Moodle trims every line; a blank one ends a question."""
    block: list[str] = []
    first = 0
    for number, raw in enumerate(file_lines(text), start=1):
        line = php_trim(raw)
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
    for number, block in split_blocks(text.removeprefix("\ufeff")):
        try:
            question = parse_question(block, number)
        except GiftSyntaxError as exc:
            yield exc
            continue
        if question is not None:
            yield question
