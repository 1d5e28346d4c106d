"""Moodle's Aiken format: single-answer questions, one block each.

    What is the capital of Lithuania?
    A. Kaunas
    B) Vilnius
    ANSWER: B

The question text runs until the first option line ("A." or "A)" then a space); the block ends
with "ANSWER: <letter>". Blank lines between blocks are optional. Aiken has no explanations,
so imported questions get a placeholder one (the report says which).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quiz.formats.common import NO_EXPLANATION, ImportResult, QuestionDraft

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*([A-Z])\s*$", re.IGNORECASE)


@dataclass
class _Block:
    line: int
    text: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)


def import_aiken(text: str, source: str = "Aiken") -> ImportResult:
    result = ImportResult()
    block: _Block | None = None
    skipping = False  # after a broken block, until its ANSWER line or a blank line
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            skipping = False
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if skipping:
            skipping = answer is None
            continue
        if block is None:
            block = _Block(number)
        if answer:
            _finish(block, answer.group(1).upper(), source, number, result)
            block = None
        elif option and block.text:
            block.options.append((option.group(1), option.group(2).strip()))
        elif block.options:
            result.skipped.append(
                f'{source}:{number}: expected an option ("C. ...") or "ANSWER: X" after the options '
                f"of the question at line {block.line}, found {line[:40]!r}; question skipped"
            )
            block = None
            skipping = True
        else:
            block.text.append(line)
    if block is not None and (block.text or block.options):
        result.skipped.append(
            f'{source}:{block.line}: question without an "ANSWER: X" line before the end of the file; skipped'
        )
    return result


def _finish(block: _Block, letter: str, source: str, line: int, result: ImportResult) -> None:
    where = f"{source}:{block.line}"
    prompt = "\n".join(block.text)
    letters = [key for key, _ in block.options]
    problem = None
    if not prompt:
        problem = "an ANSWER line with no question before it"
    elif len(block.options) < 2:
        problem = f"{len(block.options)} option(s); a question needs at least 2"
    elif len(block.options) > 8:
        problem = f"{len(block.options)} options; a bank question has at most 8"
    elif letter not in letters:
        problem = f"ANSWER {letter} (line {line}) names no option (options: {', '.join(letters)})"
    elif len({text.casefold() for _, text in block.options}) != len(block.options):
        problem = "two options have the same text"
    if problem:
        result.skipped.append(f"{where}: skipped, {problem}")
        return
    draft = QuestionDraft(
        {
            "type": "single",
            "prompt": prompt,
            "choices": [
                {"text": text, **({"correct": True} if key == letter else {})} for key, text in block.options
            ],
            "explanation": NO_EXPLANATION,
        },
        "",
        prompt,
        ["Aiken has no explanations: the explanation is a placeholder"],
        where=f"{where}: question {prompt[:40]!r}",
    )
    result.add(draft)
