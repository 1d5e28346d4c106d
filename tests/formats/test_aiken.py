"""Aiken read as Moodle's own importer reads it: nine cases, and Moodle's parser on each."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from quiz.formats.aiken import AikenQuestion, import_aiken, parse_aiken
from tests.oracles import MOODLE

PHP = shutil.which("php")
RUN_AIKEN = MOODLE / "php" / "run_aiken.php"
needs_moodle = pytest.mark.skipif(
    PHP is None or not RUN_AIKEN.exists(), reason="needs php and Moodle's parser in ../shared/oracles"
)

# Each case: (name, Aiken text, what Moodle imports: [(question text, [options], right index or None)])
CASES = [
    (
        "plain",
        "Capital of Lithuania?\nA. Kaunas\nB) Vilnius\nANSWER: B\n",
        [("Capital of Lithuania?", ["Kaunas", "Vilnius"], 1)],
    ),
    (
        "labels out of order: the letter is a position",
        "Which is second?\nA. first\nC. second\nB. third\nANSWER: B\n",
        [("Which is second?", ["first", "second", "third"], 1)],
    ),
    (
        "no space after the label",
        "Capital of France?\nA.Paris\nB)Lyon\nANSWER: A\n",
        [("Capital of France?", ["Paris", "Lyon"], 0)],
    ),
    (
        "words after the letter",
        "Is it so?\nA. yes\nB. no\nANSWER: B (no)\n",
        [("Is it so?", ["yes", "no"], 1)],
    ),
    ("lower-case answer line", "Lower?\nA. one\nB. two\nanswer: A\n", []),
    (
        "lower-case letter",
        "Small letter?\nA. one\nB. two\nANSWER: b\n",
        [("Small letter?", ["one", "two"], None)],
    ),
    (
        "question on two lines: the last one counts",
        "First line of the text\nsecond line of the text\nA. one\nB. two\nANSWER: A\n",
        [("second line of the text", ["one", "two"], 0)],
    ),
    (
        "letter past the last option",
        "Too far?\nA. one\nB. two\nANSWER: D\n",
        [("Too far?", ["one", "two"], None)],
    ),
    (
        "no blank lines, CR line ends, one-letter lines ignored",
        "One?\rA. a\rB. b\rANSWER: A\rx\rTwo?\rA. c\rB. d\rANSWER: B\r",
        [("One?", ["a", "b"], 0), ("Two?", ["c", "d"], 1)],
    ),
]


def ours(text: str) -> list[tuple[str, list[str], int | None]]:
    return [(q.text, q.options, q.right) for q in parse_aiken(text) if isinstance(q, AikenQuestion)]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_case_reads_as_moodle_reads_it(
    name: str, text: str, expected: list[tuple[str, list[str], int | None]]
) -> None:
    assert ours(text) == expected


def moodle(text: str, tmp_path: Path) -> list[tuple[str, list[str], int | None]]:
    source = tmp_path / "case.txt"
    source.write_text(text, encoding="utf-8")
    assert PHP is not None
    done = subprocess.run(
        [PHP, str(RUN_AIKEN), str(source)], capture_output=True, text=True, check=True, timeout=60
    )
    read = json.loads(done.stdout)["questions"]
    found = []
    for q in read:
        fractions = [a["fraction"] for a in q["answers"]]
        right = fractions.index(1) if 1 in fractions else None
        found.append((q["questiontext"], [a["text"] for a in q["answers"]], right))
    return found


@needs_moodle
@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_moodles_parser_agrees_on_each_case(
    name: str, text: str, expected: list[tuple[str, list[str], int | None]], tmp_path: Path
) -> None:
    assert moodle(text, tmp_path) == expected == ours(text)


def test_questions_moodle_would_import_without_a_right_answer_are_refused_with_the_reason() -> None:
    text = "".join(case[1] + "\n" for case in CASES)
    result = import_aiken(text, "cases.txt")
    assert len(result.questions) == 7  # the nine cases' ten questions, less three
    refused = [line for line in result.skipped if "names no option" in line]
    assert len(refused) == 2
    assert (
        "ANSWER 'b' names no option: Moodle reads the letter as a position, A to B here, in capitals"
        in refused[0]
    )
    assert any("has no ANSWER line before line" in line for line in result.skipped)  # the lower-case one
    second = next(q for q in result.questions if q["prompt"] == "Which is second?")
    assert [c.get("correct", False) for c in second["choices"]] == [False, True, False]


def test_texts_are_plain_and_show_as_typed() -> None:
    (question,) = import_aiken("Is 2*3*4 = 24?\nA. yes_really\nB. no\nANSWER: A\n").questions
    assert question["prompt"] == "Is 2\\*3\\*4 \\= 24?"
    assert question["choices"][0]["text"] == "yes\\_really"
