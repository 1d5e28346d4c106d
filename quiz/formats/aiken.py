"""Moodle's Aiken format, read as Moodle's own importer reads it.

    What is the capital of Lithuania?
    A. Kaunas
    B) Vilnius
    ANSWER: B

Moodle's rules, which are not what the format's look suggests:

- Every line is trimmed (spaces, tabs, NUL and vertical tab only); lines shorter than two
  bytes are ignored, so blank lines separate nothing.
- A line that starts with a capital letter and ``.`` or ``)`` is an option; the letter is
  only decoration: options count in the order they come.
- ``ANSWER:`` (in capitals) ends the question; its first character after the colon names the
  right option *by position* (``A`` the first, ``B`` the second...), whatever the labels say.
- Any other line starts a new question: a question text on two lines keeps only the last, and
  ``answer: A`` in lower case starts a question that never ends.

Where Moodle would import a question with no right answer (``ANSWER: b``, or a letter past
the last option), or drop one, the question is left out with the reason. Aiken has no
explanations, so imported questions get a placeholder one (the report says which). Texts are
plain: Markdown characters in them are escaped, so they show as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiz.formats.common import (
    NO_EXPLANATION,
    ImportResult,
    QuestionDraft,
    php_trim,
    plain_markdown,
    question_label,
)
from quiz.i18n import _, ngettext
from quiz.infra.controls import visible
from quiz.kinds.moodle import MoodleAnswer, MoodleChoice
from quiz.kinds.registry import read_moodle

_OPTION = re.compile(r"[A-Z][).]")
_LINES = re.compile(r"\r\n|\r|\n")


@dataclass
class AikenQuestion:
    """One question as Moodle's Aiken importer sees it."""

    line: int
    text: str
    options: list[str] = field(default_factory=list)
    answer: str = ""
    """What follows ``ANSWER:``, trimmed."""

    @property
    def right(self) -> int | None:
        """The position of the right option, as Moodle reads the answer; None when it names none."""
        index = ord(self.answer[0]) - ord("A") if self.answer else -1
        return index if 0 <= index < len(self.options) else None


@dataclass
class AikenProblem:
    line: int
    message: str


def parse_aiken(text: str) -> list[AikenQuestion | AikenProblem]:
    """The file's questions and what Moodle would complain about, in file order."""
    found: list[AikenQuestion | AikenProblem] = []
    question: AikenQuestion | None = None
    for number, raw in enumerate(_LINES.split(text.lstrip("\ufeff")), start=1):
        line = php_trim(raw)
        if len(line.encode()) < 2:  # bytes, as PHP counts: a lone "é" or NBSP is a line
            continue
        if _OPTION.match(line):
            if question is None:
                message = _("option {option} comes before any question; ignored")
                found.append(AikenProblem(number, message.format(option=repr(line[:40]))))
            else:
                question.options.append(php_trim(line[2:]))
        elif line.startswith("ANSWER:"):
            if question is None:
                found.append(AikenProblem(number, _("an ANSWER line with no question before it; ignored")))
                continue
            question.answer = php_trim(line[line.index(":") + 1 :])
            found.append(question)
            question = None
        else:
            if question is not None:
                found.append(
                    AikenProblem(
                        question.line,
                        _(
                            "question “{text}” has no ANSWER line before line {n} starts another (as "
                            "Moodle reads Aiken, a question text is one line and ANSWER: is in capitals)"
                        ).format(text=visible(question.text[:40]), n=number),
                    )
                )
            question = AikenQuestion(number, line)
    if question is not None:
        found.append(
            AikenProblem(question.line, _('question without an "ANSWER: X" line before the end of the file'))
        )
    return found


def import_aiken(text: str, source: str = "Aiken") -> ImportResult:
    result = ImportResult()
    for item in parse_aiken(text):
        if isinstance(item, AikenProblem):
            result.skipped.append(
                _("{where}: skipped, {why}").format(where=f"{source}:{item.line}", why=item.message)
            )
            continue
        problem = _problem(item)
        if problem:
            result.skipped.append(
                _("{where}: skipped, {why}").format(where=f"{source}:{item.line}", why=problem)
            )
            continue
        right = item.right
        prompt = plain_markdown(item.text)
        # Aiken holds Moodle's single-answer multiple-choice question, whatever kind reads that.
        answers = tuple(
            MoodleAnswer(plain_markdown(text), 1.0 if i == right else 0.0)
            for i, text in enumerate(item.options)
        )
        kind, fields = read_moodle(MoodleChoice(True, answers), {})
        draft = QuestionDraft(
            {"type": kind.name, "prompt": prompt, **fields, "explanation": NO_EXPLANATION},
            "",
            item.text,
            [_("Aiken has no explanations: the explanation is a placeholder")],
            where=question_label(f"{source}:{item.line}", item.text),
        )
        result.add(draft)
    return result


def _problem(question: AikenQuestion) -> str | None:
    """Why the question cannot become a bank question, or None."""
    count = len(question.options)
    if count < 2:
        message = ngettext(
            "{n} option; a question needs at least 2 (Moodle drops it too)",
            "{n} options; a question needs at least 2 (Moodle drops it too)",
            count,
        )
        return message.format(n=count)
    if question.right is None:
        last = chr(ord("A") + count - 1)
        return _(
            "ANSWER {answer} names no option: Moodle reads the letter as a position, "
            "A to {last} here, in capitals, and would import the question with no right answer"
        ).format(answer=repr(question.answer), last=last)
    if count > 8:
        return _("{n} options; a bank question has at most 8").format(n=count)
    if any(not text for text in question.options):
        return _("an option has no text")
    if len({text.casefold() for text in question.options}) != count:
        return _("two options have the same text")
    return None
