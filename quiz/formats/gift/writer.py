"""A bank as GIFT that Moodle imports as the bank says.

Each question is written as the Moodle question its kind says it is (``quiz.kinds.moodle``):
multiple choice with its weights, true/false, or matching. What GIFT has no place for (the
kind when Moodle lacks it, difficulty, technique, sources, ...) goes in a ``// resilience-quiz:``
comment, which Moodle ignores and ``quiz.formats.gift.mapping`` reads back, so a bank survives
the round trip bank -> GIFT -> bank unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any

from quiz.bank import AnyQuestion, Bank
from quiz.formats.gift.mapping import BANK_META_PREFIX, META_PREFIX
from quiz.formats.gift.parser import WEIGHT
from quiz.i18n import _
from quiz.kinds.moodle import MoodleChoice, MoodleMatch, MoodleTrueFalse
from quiz.kinds.registry import kind_of

_MOODLE_MARKER = re.compile(r"\[(?=(?i:tag|id):)")
"""Where Moodle would see "[tag:" or "[id:"; only ever inside a JSON string, so "\\u005b" is safe there."""


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


def moodle_differences(bank: Bank) -> list[str]:
    """What Moodle will do differently with the bank's GIFT, one line per question affected.

    The comment that carries ``shuffle`` and ``points`` brings them back to a bank, but Moodle
    ignores it: it shuffles every multiple-choice question's answers (unless the quiz says not
    to) and gives every imported question a default mark of 1. A kind Moodle lacks says what
    Moodle gets instead (``Kind.moodle_note``).
    """
    notes = []
    for question in bank.questions:
        kind = kind_of(question)
        note = kind.moodle_note(question)
        if note:
            notes.append(_("question “{id}”: {note}").format(id=question.id, note=note))
        moodle = kind.to_moodle(question)
        if isinstance(moodle, MoodleChoice) and kind.moodle_meta(question).get("shuffle") is not True:
            said = _(
                "question “{id}”: its options keep their order here, which GIFT cannot say: "
                "Moodle shuffles them unless the quiz's 'Shuffle within questions' is off"
            )
            notes.append(said.format(id=question.id))
        if question.points != 1.0:
            said = _(
                "question “{id}”: worth {points} points here, which GIFT cannot say: Moodle imports it with "
                "a default mark of 1 (change it in the question bank or the quiz)"
            )
            notes.append(said.format(id=question.id, points=f"{question.points:g}"))
    return notes


ARROW = "->"


class GiftWriteError(ValueError):
    """A question GIFT cannot hold as it is."""


def question_to_gift(question: AnyQuestion) -> str:
    kind = kind_of(question)
    meta: dict[str, Any] = {"id": question.id, "type": question.type, "topics": list(question.topics)}
    meta["difficulty"] = question.difficulty.value
    if question.technique:
        meta["technique"] = question.technique.value
    if question.points != 1.0:
        meta["points"] = question.points
    if question.sources:
        meta["sources"] = [s.model_dump() for s in question.sources]
    meta.update(kind.moodle_meta(question))
    tags = " ".join(f"[tag:{_tag(t)}]" for t in question.topics)
    lines = [
        f"// question: {question.id}",
        f"// [id:{question.id}]{' ' + tags if tags else ''}",
        f"// {META_PREFIX} {_dump_comment(meta)}",
    ]
    head = f"::{escape(question.id)}::[markdown]{escape(question.prompt)}"
    general = f"####{_text(question.explanation)}"
    moodle = kind.to_moodle(question)
    if isinstance(moodle, MoodleTrueFalse):
        lines.append(f"{head}{{{'TRUE' if moodle.answer else 'FALSE'}{general}}}")
        return "\n".join(lines) + "\n"
    lines.append(head + "{")
    if isinstance(moodle, MoodleMatch):
        lines += match_lines(moodle)
    else:
        lines += choice_lines(moodle)
    lines.append(f"\t{general}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def choice_lines(choice: MoodleChoice) -> list[str]:
    """The answers of a multiple-choice question: ``=`` for the one right answer of a single
    question, ``~%50%`` for every other weight (a multiple-answer question writes them all)."""
    lines = []
    for answer in choice.answers:
        feedback = f"#{_text(answer.feedback)}" if answer.feedback else ""
        if choice.single and answer.fraction == 1.0:
            marker = "="
        elif choice.single and answer.fraction == 0.0:
            marker = "~%0%" if WEIGHT.match(answer.text) else "~"
        else:
            marker = f"~%{_percent(answer.fraction)}%"
        lines.append(f"\t{marker}{_text(answer.text)}{feedback}")
    return lines


def match_lines(match: MoodleMatch) -> list[str]:
    """The pairs of a match question, one a line: ``=prompt -> answer``, ``= -> extra``."""
    lines = []
    for number, (prompt, answer) in enumerate(match.subquestions, start=1):
        if ARROW in prompt:
            raise GiftWriteError(
                _(
                    "pair {n}: its prompt contains {arrow}, which GIFT cannot escape "
                    "(Moodle would split the pair there)"
                ).format(n=number, arrow=repr(ARROW))
            )
        left = f"{_text(prompt)} " if prompt else " "
        lines.append(f"\t={left}{ARROW} {escape(answer)}")
    return lines
