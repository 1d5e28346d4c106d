"""Per-choice ``credit`` on ``single`` and ``multiple`` (issue 16, point 3): validation, credit
as Moodle's multichoice grades it, and GIFT's ``~%50%`` weights kept both ways, read by
Moodle's own parser as the bank means them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quiz.formats.gift import import_gift, question_to_gift
from quiz.kinds.multiple import MULTIPLE, MultipleQuestion
from quiz.kinds.single import SINGLE, SingleQuestion
from tests.kinds.helpers import BASE, problems
from tests.oracles import have_moodle_php, run_moodle

WEIGHTED_MULTIPLE: dict[str, Any] = {
    "type": "multiple",
    "choices": [
        {"text": "A court ruling", "credit": 0.7, "feedback": "The ruling itself."},
        {"text": "A government statistic", "credit": 0.3},
        {"text": "Someone's repost", "credit": -0.5},
        {"text": "A meme"},
    ],
}
WEIGHTED_SINGLE: dict[str, Any] = {
    "type": "single",
    "choices": [
        {"text": "The ministry's own page", "credit": 1.0},
        {"text": "A news agency quoting it", "credit": 0.5},
        {"text": "A forum post", "credit": -0.25},
    ],
}


def multiple(data: dict[str, Any] = WEIGHTED_MULTIPLE) -> MultipleQuestion:
    return MultipleQuestion.model_validate({**BASE, **data})


def single(data: dict[str, Any] = WEIGHTED_SINGLE) -> SingleQuestion:
    return SingleQuestion.model_validate({**BASE, **data})


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"type": "multiple", "choices": [{"text": "a", "credit": 0.5}, {"text": "b", "credit": 0.2}]},
            "choices: the positive credits add up to 0.7; they must add up to 1 (the full mark)",
        ),
        (
            {"type": "single", "choices": [{"text": "a", "credit": 0.5}, {"text": "b", "credit": 0.5}]},
            "choices: a single question needs exactly one choice with credit = 1 (the full mark), found 0",
        ),
        (
            {
                "type": "multiple",
                "choices": [{"text": "a", "credit": 1.0}, {"text": "b", "correct": True, "credit": -0.5}],
            },
            "choices: choice 2 is correct = true but its credit is -0.5; "
            "a right choice earns a credit above 0",
        ),
        (
            {"type": "multiple", "choices": [{"text": "a", "credit": 1.5}, {"text": "b"}]},
            "choices[0].credit: got 1.5, expected at most 1",
        ),
        (
            {"type": "multiple", "choices": [{"text": "a", "credit": "half"}, {"text": "b"}]},
            "choices[0].credit: got 'half', expected a number (without quotes)",
        ),
    ],
)
def test_bad_credits_are_named(data: dict[str, Any], expected: str) -> None:
    model = MultipleQuestion if data["type"] == "multiple" else SingleQuestion
    # (pydantic also counts a choice it refused as missing: "expected at least 2 items, found 1")
    assert problems(model, data)[0] == expected


@pytest.mark.parametrize(
    ("response", "expected", "negative"),
    [
        ((0, 1), 1.0, 1.0),
        ((0,), 0.7, 0.7),
        ((0, 2), 0.2, 0.2),
        ((2,), 0.0, -0.5),  # held at 0 unless negative marking
        ((0, 1, 2), 0.5, 0.5),
        ((0, 1, 3), 1.0, 1.0),  # a choice without credit is worth 0 once others have it
        ((), 0.0, 0.0),
    ],
)
def test_a_multiple_questions_credit_is_the_sum_of_its_choices(
    response: tuple[int, ...], expected: float, negative: float
) -> None:
    question = multiple()
    assert MULTIPLE.credit(question, response) == pytest.approx(expected)
    assert MULTIPLE.credit(question, response, negative=True) == pytest.approx(negative)
    assert MULTIPLE.correct_response(question) == (0, 1)


def test_a_single_questions_partial_choice_earns_its_share_but_is_not_the_answer() -> None:
    question = single()
    assert [SINGLE.credit(question, (i,)) for i in range(3)] == [1.0, 0.5, 0.0]
    assert SINGLE.credit(question, (2,), negative=True) == -0.25
    assert SINGLE.correct_response(question) == (0,)
    assert SINGLE.lowest_credit(question, negative=True) == -0.25


def test_without_credit_the_equal_shares_stay() -> None:
    question = multiple(
        {
            "type": "multiple",
            "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c"}],
        }
    )
    assert MULTIPLE.credit(question, (0,)) == pytest.approx(0.5)
    assert MULTIPLE.credit(question, (0, 2), negative=True) == pytest.approx(-0.5)


@pytest.mark.parametrize("data", [WEIGHTED_MULTIPLE, WEIGHTED_SINGLE], ids=["multiple", "single"])
def test_gift_weights_are_the_credits_both_ways(data: dict[str, Any]) -> None:
    question = (multiple if data["type"] == "multiple" else single)(data)
    text = question_to_gift(question)
    result = import_gift(text, "w.gift")
    assert result.skipped == []
    assert not [n for n in result.notes if "lossy" in n]
    [read] = result.questions
    assert read["type"] == question.type
    assert read["choices"] == [c.model_dump(exclude_none=True) for c in question.choices]


def test_the_gift_written_shows_the_weights() -> None:
    text = question_to_gift(multiple())
    assert "~%70%A court ruling#The ruling itself." in text
    assert "~%30%A government statistic" in text
    assert "~%-50%Someone's repost" in text
    assert "~%0%A meme" in text
    single_text = question_to_gift(single())
    assert "=The ministry's own page" in single_text
    assert "~%50%A news agency quoting it" in single_text
    assert "~%-25%A forum post" in single_text


needs_moodle = pytest.mark.skipif(
    not have_moodle_php(),
    reason="needs php and Moodle's parser in ../shared/oracles/moodle/php",
)


@needs_moodle
@pytest.mark.parametrize("data", [WEIGHTED_MULTIPLE, WEIGHTED_SINGLE], ids=["multiple", "single"])
def test_moodle_reads_the_credits_as_its_fractions(data: dict[str, Any], tmp_path: Path) -> None:
    question = (multiple if data["type"] == "multiple" else single)(data)
    read = run_moodle("run_gift.php", question_to_gift(question), tmp_path, timeout=60)
    [moodle] = [q for q in read["questions"] if q["qtype"] != "category"]
    assert moodle["qtype"] == "multichoice"
    assert moodle["single"] == (1 if question.type == "single" else 0)
    assert [a["text"] for a in moodle["answers"]] == [c.text for c in question.choices]
    assert [a["fraction"] for a in moodle["answers"]] == pytest.approx(
        [c.credit or 0 for c in question.choices]
    )
    assert moodle["import_notices"] == []
