"""GIFT's matching syntax both ways, checked against Moodle's own parser where PHP is installed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.formats.gift import GiftSyntaxError, escape
from quiz.formats.gift.parser import _pre, parse_match
from quiz.formats.gift.writer import GiftWriteError, match_lines
from quiz.kinds.matching import MATCHING, MatchingQuestion
from quiz.kinds.moodle import MoodleMatch
from tests.kinds.helpers import BASE
from tests.kinds.test_matching import ANIMALS, TECHNIQUES
from tests.oracles import MOODLE_PHP

ORACLE = MOODLE_PHP  # ../shared beside the clone, or $QUIZ_SHARED (a worktree)
RUNNER = Path(__file__).with_name("moodle_gift.php")
MARKDOWN = 4  # Moodle's FORMAT_MARKDOWN


def matching(data: dict[str, Any]) -> MatchingQuestion:
    return MatchingQuestion.model_validate({**BASE, **data})


def body(match: MoodleMatch) -> str:
    """The text between the braces, as ``parse_question`` holds it: escapes swapped out."""
    return _pre("\n".join(match_lines(match)))


def gift_question(question: MatchingQuestion) -> str:
    """A whole GIFT question as the writer will put it (head, answers, general feedback)."""
    lines = match_lines(MATCHING.to_moodle(question))
    head = f"::{escape(question.id)}::[markdown]{escape(question.prompt)}{{"
    return "\n".join([head, *lines, f"\t####{escape(question.explanation)}", "}"]) + "\n"


def test_pairs_are_written_one_a_line_extras_with_an_empty_prompt() -> None:
    assert match_lines(MATCHING.to_moodle(matching(ANIMALS))) == [
        "\t=Dog -> Mammal",
        "\t=Frog -> Amphibian",
        "\t=Toad -> Amphibian",
        "\t=Cat -> Mammal",
        "\t= -> Insect",
    ]


def test_control_characters_are_escaped_and_read_back() -> None:
    match = MoodleMatch(
        (("a = b {c}", "x ~ y # z"), ("[weird] start", "-> arrow in an answer"), ("", "e: f\\g"))
    )
    lines = match_lines(match)
    assert lines[0] == "\t=a \\= b \\{c\\} -> x \\~ y \\# z"
    assert lines[1].startswith("\t=[markdown][weird] start -> ")
    assert parse_match(body(match)) == match


def test_an_arrow_in_a_prompt_cannot_be_written() -> None:
    with pytest.raises(GiftWriteError, match="pair 2: its prompt contains '->'"):
        match_lines(MoodleMatch((("a", "b"), ("c -> d", "e"), ("f", "g"))))


@pytest.mark.parametrize(
    ("answertext", "message"),
    [("=only -> one", "at least 2 pairs"), ("=a -> b =c d", "'c d' has no '->'")],
)
def test_broken_matching_answers_say_why(answertext: str, message: str) -> None:
    with pytest.raises(GiftSyntaxError, match=message):
        parse_match(_pre(answertext))


_TEXT = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Co", "Cc"), blacklist_characters="\u2028\u2029\x85"
        )
        | st.sampled_from("=~#{}:\\->[]\n"),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
    # Moodle's own placeholder for an escaped character ("&&123;" for "{"), typed as text, reads
    # back as the character, in Moodle as here (test_gift_edges): no writer can keep it. Hypothesis
    # draws it from the parser's constants, so the round trip failed now and then without this.
    .filter(lambda t: re.search(r"&&\d", t) is None)
)
_PROMPT = _TEXT.filter(lambda t: "->" not in t)


@settings(suppress_health_check=[HealthCheck.filter_too_much], max_examples=150)
@given(st.lists(st.tuples(_PROMPT, _TEXT), min_size=2, max_size=6), st.lists(_TEXT, max_size=2))
def test_any_pairs_survive_writing_and_reading(pairs: list[tuple[str, str]], extras: list[str]) -> None:
    match = MoodleMatch(tuple(pairs) + tuple(("", e) for e in extras))
    assert parse_match(body(match)) == match


def test_bank_to_gift_to_bank_keeps_a_matching_question() -> None:
    question = matching(ANIMALS)
    read = parse_match(body(MATCHING.to_moodle(question)))
    again = MatchingQuestion.model_validate({**BASE, "type": "matching", **MATCHING.from_moodle(read, {})})
    assert again == question


# -- Moodle's own parser ----------------------------------------------------------------------

needs_moodle = pytest.mark.skipif(
    shutil.which("php") is None or not (ORACLE / "stubs.php").is_file(),
    reason="needs php and Moodle's parser in ../shared/oracles/moodle/php (.ci/run installs php)",
)

TRICKY: dict[str, Any] = {
    "type": "matching",
    "pairs": [
        {"prompt": "**Bold** claim: 'they = the elites'", "answer": "Conspiracy {hidden plot}"},
        {"prompt": "[Satire] A fake BBC account", "answer": "Impersonation #1"},
        {"prompt": "Line one\nline two", "answer": "Emotion ~ fear"},
        {"prompt": "C:\\path\\to\\nowhere", "answer": "Trolling: bait -> anger"},
    ],
    "extra_answers": ["Discrediting"],
}


@needs_moodle
@pytest.mark.parametrize("data", [ANIMALS, TECHNIQUES, TRICKY], ids=["animals", "techniques", "tricky"])
def test_moodle_reads_our_matching_questions_as_we_mean_them(data: dict[str, Any], tmp_path: Path) -> None:
    question = matching(data)
    file = tmp_path / "matching.gift.txt"
    file.write_text(gift_question(question), encoding="utf-8")
    done = subprocess.run(
        ["php", str(RUNNER), str(ORACLE), str(file)], capture_output=True, text=True, check=True, timeout=60
    )
    read = json.loads(done.stdout)
    assert read["errors"] == []
    [moodle] = read["questions"]
    assert moodle["qtype"] == "match"
    assert moodle["name"] == question.id
    assert moodle["questiontext"] == question.prompt
    assert moodle["generalfeedback"] == question.explanation
    rows = [(s["text"], s["answer"]) for s in moodle["subquestions"]]
    assert rows == list(MATCHING.to_moodle(question).subquestions)
    assert {s["format"] for s in moodle["subquestions"]} == {MARKDOWN}
    # And what Moodle read is our question again (pair feedback, which GIFT has no place for, aside).
    fields = MATCHING.from_moodle(MoodleMatch(tuple(rows)), {})
    again = MatchingQuestion.model_validate({**BASE, "type": "matching", **fields})
    assert [(p.prompt, p.answer) for p in again.pairs] == [(p.prompt, p.answer) for p in question.pairs]
    assert again.extra_answers == question.extra_answers
