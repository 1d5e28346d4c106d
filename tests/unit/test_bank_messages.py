"""Every field of the bank format, given a wrong value, is reported in the project's words.

The README promises one line per problem saying what was expected; pydantic's own sentences
("Input should be a valid tuple") name Python types the bank's author never wrote.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from quiz.bank import BankError
from quiz.bank.loader import parse_bank

VALID: dict[str, Any] = {
    "bank": {
        "title": "T",
        "description": "d",
        "version": "1",
        "language": "en",
        "pass_mark": 60,
        "time_limit_minutes": 10,
        "facts_as_of": "2025-01-01",
        "defaults": {"difficulty": "easy", "points": 1, "topics": ["x"], "shuffle": True},
    },
    "questions": [
        {
            "id": "s1",
            "type": "single",
            "prompt": "p",
            "explanation": "e",
            "difficulty": "easy",
            "topics": ["a"],
            "technique": "emotion",
            "points": 1,
            "shuffle": True,
            "sources": [{"title": "t", "url": "https://example.org/"}],
            "choices": [{"text": "a", "correct": True, "feedback": "f"}, {"text": "b"}],
        },
        {"id": "t1", "type": "true_false", "prompt": "p", "explanation": "e", "answer": True},
        {"id": "h1", "type": "headline", "prompt": "p", "explanation": "e", "answer": "reliable"},
    ],
}

# Values of every TOML kind, in and out of range.
WRONG: list[Any] = ["", "   ", "x", "2999-01-01", -1, 0, 1.5, 1e9, 10**30, True, [], ["x"], [1], {}, {"a": 1}]

# The field paths of the format (dict keys, then indices), each of which gets every wrong value.
FIELDS: list[tuple[str | int, ...]] = [
    *(("bank", key) for key in VALID["bank"]),
    *(("bank", "defaults", key) for key in VALID["bank"]["defaults"]),
    *(("questions", i, key) for i, q in enumerate(VALID["questions"]) for key in q),
    *(("questions", 0, "sources", 0, key) for key in ("title", "url")),
    *(("questions", 0, "choices", 0, key) for key in ("text", "correct", "feedback")),
    ("questions", 0, "sources", 0),
    ("questions", 0, "choices", 0),
    ("questions", 0),
    ("questions",),
    ("bank",),
]

PYDANTIC = re.compile(
    r"Input should|String should|List should|Tuple should|Value error|Field required|"
    r"valid (dictionary|tuple|list)|instance of|\[type=|Extra inputs"
)


def _problems(data: dict[str, Any]) -> list[str]:
    try:
        parse_bank(tomli_w.dumps(data).encode(), Path("probe.toml"))
    except BankError as exc:
        return [str(problem) for problem in exc.problems]
    return []


def _with(path: tuple[str | int, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def test_the_valid_bank_is_valid() -> None:
    assert _problems(VALID) == []


@pytest.mark.parametrize("path", FIELDS, ids=lambda p: ".".join(map(str, p)))
def test_every_wrong_value_is_worded_for_the_author(path: tuple[str | int, ...]) -> None:
    for value in WRONG:
        for problem in _problems(_with(path, value)):  # raises if the loader crashes
            assert not PYDANTIC.search(problem), (value, problem)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("bank", "pass_mark"), 150, "bank: pass_mark: got 150, expected at most 100"),
        (("bank", "pass_mark"), -1, "bank: pass_mark: got -1, expected at least 0"),
        (("bank", "time_limit_minutes"), 0, "bank: time_limit_minutes: got 0, expected more than 0"),
        (("bank", "time_limit_minutes"), 5000, "time_limit_minutes: got 5000, expected at most 1440"),
        (("bank", "pass_mark"), float("inf"), "pass_mark: got inf, expected a finite number"),
        (("bank", "language"), "x", "bank: language: got 'x', expected at least 2 characters"),
        (("bank", "defaults"), "x", "defaults: got 'x', expected a [bank.defaults] table"),
        (("bank", "defaults", "points"), 0, "defaults.points: got 0, expected more than 0"),
        (("bank",), "x", "bank: got 'x', expected a [bank] table (id, title, version, ...)"),
        (("questions", 0, "points"), 2000, "question 's1': points: got 2000, expected at most 1000"),
        (("questions", 0, "id"), "a" * 81, "': id: expected at most 80 characters, found 81"),
        (
            ("questions", 0, "topics"),
            "swift",
            """topics: got 'swift', expected an array of strings such as""",
        ),
        (("questions", 0, "sources"), "https://x.org", "sources: got 'https://x.org', expected an array"),
        (("questions", 0, "sources", 0), "x", "sources[0]: got 'x', expected a table such as { title"),
        (
            ("questions", 0, "choices"),
            "a, b",
            "choices: got 'a, b', expected an array of [[questions.choices]]",
        ),
        (("questions", 0, "choices", 0), "a", "choices[0]: got 'a', expected a table such as { text"),
    ],
)
def test_the_wording_of_a_wrong_value(path: tuple[str | int, ...], value: Any, expected: str) -> None:
    found = _problems(_with(path, value))
    assert any(expected in problem for problem in found), found


def test_a_wrong_choice_is_not_also_reported_as_a_missing_one() -> None:
    # Two choices written, one wrong: saying "at least 2 items, found 1" would send the
    # author looking for a choice that is there.
    found = _problems(_with(("questions", 0, "choices", 0, "text"), ""))
    assert [p.split(": ", 2)[2] for p in found] == ["choices[0].text: must not be empty"]


@pytest.mark.parametrize("value", [[], ["single"], {"a": 1}])
def test_a_question_type_of_the_wrong_kind_is_a_problem_not_a_crash(value: Any) -> None:
    # With [bank.defaults] set, the defaults were merged by looking the type up in a set.
    found = _problems(_with(("questions", 0, "type"), value))
    assert found
    assert all("question 's1'" in p for p in found), found


def test_an_unclosed_string_is_said_in_plain_words(tmp_path: Path) -> None:
    raw = b'[bank]\ntitle = "T"\n\n[[questions]]\nid = "q1"\nprompt = "unterminated\n'
    with pytest.raises(BankError) as caught:
        parse_bank(raw, tmp_path / "b.toml")
    assert "invalid TOML: the text in quotes is not closed on this line" in str(caught.value.problems[0])


def test_a_topic_written_two_ways_is_a_problem() -> None:
    # --topic ignores case but the breakdown keys on the text: "swift" and "SWIFT" would be
    # one filter and two bars.
    data = copy.deepcopy(VALID)
    data["questions"][0]["topics"] = ["SWIFT"]
    data["questions"][1]["topics"] = ["swift"]
    assert _problems(data) == [
        "probe.toml:44: question 't1': topics: 'swift' is written 'SWIFT' elsewhere in the bank: "
        "write a topic one way"
    ]
