"""A bank as GIFT that Moodle imports as the bank says.

What GIFT has no place for (headline type, difficulty, technique, sources, ...) goes in a
``// resilience-quiz:`` comment, which Moodle ignores and ``quiz.formats.gift.mapping`` reads
back, so a bank survives the round trip bank -> GIFT -> bank unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any

from quiz.bank import AnyQuestion, Bank, MultipleQuestion, TrueFalseQuestion
from quiz.formats.gift.mapping import BANK_META_PREFIX, META_PREFIX
from quiz.formats.gift.parser import WEIGHT

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
    to) and gives every imported question a default mark of 1.
    """
    notes = []
    for question in bank.questions:
        if not isinstance(question, TrueFalseQuestion) and not question.shuffle_options:
            notes.append(
                f"question {question.id!r}: its choices keep their order here (shuffle = false), which "
                "GIFT cannot say: Moodle shuffles them unless the quiz's 'Shuffle within questions' is off"
            )
        if question.points != 1.0:
            notes.append(
                f"question {question.id!r}: worth {question.points:g} points here, which GIFT cannot say: "
                "Moodle imports it with a default mark of 1 (change it in the question bank or the quiz)"
            )
    return notes


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
