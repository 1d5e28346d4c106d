"""``spot``: its bank model, credit like ``multiple``, plain mode and xAPI."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.kinds.kind import Form, InvalidResponseError
from quiz.kinds.spot import SPOT, SpotQuestion
from tests.export.xapi_rules import check_activity
from tests.kinds.helpers import BASE, check_interaction, problems

HOOK = {
    "text": "SHOCKING: they are hiding what is in your water!",
    "manipulative": True,
    "technique": "emotion",
    "feedback": "Capitals and 'shocking' raise alarm before any fact is given.",
}
FACT = {"text": "The council's 2025 water report lists nitrate at 12 mg/l."}
AUTHORITY = {
    "text": "A top scientist who asked not to be named confirmed it.",
    "manipulative": True,
    "technique": "impersonation",
    "feedback": "An anonymous 'top scientist' is an authority no one can check.",
}
LIMIT = {"text": "The legal limit is 50 mg/l.", "feedback": "A checkable figure: reliable."}
POST: dict[str, Any] = {"type": "spot", "segments": [HOOK, FACT, AUTHORITY, LIMIT]}


def spot(data: dict[str, Any] = POST) -> SpotQuestion:
    return SpotQuestion.model_validate({**BASE, **data})


# -- the bank model ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("segments", "expected"),
    [
        ([HOOK, FACT], "segments: expected at least 3 items, found 2"),
        (
            [HOOK, FACT, AUTHORITY, LIMIT, *({"text": f"s{i}"} for i in range(5))],
            "segments: expected at most 8 items, found 9",
        ),
        (
            [HOOK, FACT, {**AUTHORITY, "technique": None}],
            "segments: segment 3 is manipulative but names no technique "
            "(impersonation, emotion, polarisation, conspiracy, discrediting or trolling)",
        ),
        (
            [HOOK, FACT, {**AUTHORITY, "feedback": None}],
            "segments: segment 3 is manipulative but has no feedback saying why",
        ),
        (
            [HOOK, {**FACT, "technique": "emotion"}, AUTHORITY],
            "segments: segment 2 names a technique but is not marked manipulative = true",
        ),
        ([FACT, LIMIT, {"text": "More."}], "segments: no segment is manipulative = true; mark at least one"),
        (
            [HOOK, AUTHORITY, {**HOOK, "text": "Again!"}],
            "segments: every segment is manipulative; leave at least one that is not",
        ),
        (
            [HOOK, FACT, {**FACT, "text": "the council's 2025 water report lists nitrate at 12 mg/l."}],
            "segments: segments 2 and 3 are both",
        ),
        (
            [HOOK, FACT, LIMIT, {**AUTHORITY, "technique": "gaslighting"}],
            "segments[3].technique: got 'gaslighting', expected",
        ),
        (
            [HOOK, FACT, AUTHORITY, {**LIMIT, "manipulative": "no"}],
            "segments[3].manipulative: got 'no', expected true or false",
        ),
    ],
)
def test_bad_spot_questions_are_named(segments: list[dict[str, Any]], expected: str) -> None:
    found = problems(SpotQuestion, {"type": "spot", "segments": segments})
    assert len(found) == 1, found
    assert found[0].startswith(expected), found


# -- credit: like multiple ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("marked", "plain", "negative"),
    [
        ((0, 2), 1.0, 1.0),  # both manipulative parts
        ((0,), 0.5, 0.5),  # one of the two
        ((0, 1), 0.0, 0.0),  # one right (+50%), one wrong (-50%)
        ((0, 1, 3), 0.0, -0.5),  # +50% -100%
        ((1, 3), 0.0, -1.0),  # only the reliable parts
        ((0, 1, 2, 3), 0.0, 0.0),  # everything: +100% -100%
    ],
)
def test_credit_is_shared_like_multiple(marked: tuple[int, ...], plain: float, negative: float) -> None:
    question = spot()
    assert SPOT.credit(question, marked) == pytest.approx(plain)
    assert SPOT.credit(question, marked, negative=True) == pytest.approx(negative)


def test_the_lowest_credit_follows_the_marking() -> None:
    assert SPOT.lowest_credit(spot(), negative=False) == 0.0
    assert SPOT.lowest_credit(spot(), negative=True) == -1.0


def test_parts_give_each_segments_verdict_and_feedback() -> None:
    parts = SPOT.parts(spot(), (0, 1))
    assert [(p.right, p.detail) for p in parts] == [
        (True, "manipulative: emotion; you marked it"),
        (False, "not manipulative; you marked it"),
        (False, "manipulative: impersonation; you did not mark it"),
        (True, "not manipulative; you did not mark it"),
    ]
    assert parts[2].feedback == AUTHORITY["feedback"]


@pytest.mark.parametrize(
    ("response", "message"),
    [((), "mark at least one part"), ((0, 4), "there is no part 5 (1 to 4)")],
)
def test_a_response_marks_at_least_one_existing_part(response: tuple[int, ...], message: str) -> None:
    with pytest.raises(InvalidResponseError) as caught:
        SPOT.check(spot(), response)
    assert str(caught.value) == message


def test_segments_keep_their_order_and_nothing_shown_tells_the_answer() -> None:
    question = spot()
    assert {SPOT.layout(question, random.Random(seed), True) for seed in range(20)} == {(0, 1, 2, 3)}
    shown = SPOT.shown(question, (0, 1, 2, 3))
    assert shown.form is Form.choose_many
    assert shown.options == tuple(s["text"] for s in POST["segments"])
    assert "emotion" not in repr(shown)
    assert "feedback" not in repr(shown)


# -- plain mode -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["1,3", "3 1", " 1, 3 ,1 "])
def test_plain_marks_read_in_any_usual_spelling(typed: str) -> None:
    assert SPOT.plain_parse(spot(), (0, 1, 2, 3), typed) == (0, 2)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "type the numbers of the manipulative parts (1 to 4), such as 1,3"),
        ("the first", "type the numbers of the manipulative parts (1 to 4), such as 1,3"),
        ("1,5", "option 5 does not exist (1 to 4)"),
    ],
)
def test_plain_mistakes_say_what_was_expected(typed: str, message: str) -> None:
    with pytest.raises(InvalidResponseError) as caught:
        SPOT.plain_parse(spot(), (0, 1, 2, 3), typed)
    assert str(caught.value) == message


def test_plain_lines_number_the_segments() -> None:
    assert (
        SPOT.plain_lines(spot(), (0, 1, 2, 3))[1]
        == "2. The council's 2025 water report lists nitrate at 12 mg/l."
    )
    assert "(1-4)" in SPOT.plain_ask(spot())


@given(st.sets(st.integers(0, 3), min_size=1))
def test_plain_answer_reads_back(marked: set[int]) -> None:
    response = tuple(sorted(marked))
    written = SPOT.plain_answer(spot(), (0, 1, 2, 3), response)
    assert SPOT.plain_parse(spot(), (0, 1, 2, 3), written) == response


# -- exports ----------------------------------------------------------------------------------


def test_xapi_is_a_choice_interaction_of_the_segments() -> None:
    question = spot()
    definition = SPOT.xapi_definition([("en", question)])
    assert definition["interactionType"] == "choice"
    assert [c["id"] for c in definition["choices"]] == ["a", "b", "c", "d"]
    assert definition["correctResponsesPattern"] == ["a[,]c"]
    response = SPOT.xapi_response(question, (0, 1))
    assert response == "a[,]b"
    check_interaction(definition, response)
    # Choice is what today's statements use, so the exporter's own rules accept it as they are.
    activity = {
        "id": "https://example.org/q/1",
        "definition": {"type": "http://adlnet.gov/expapi/activities/cmi.interaction", **definition},
    }
    check_activity(activity, "object")


def test_csv_and_html_text_list_the_marked_segments() -> None:
    question = spot()
    assert SPOT.response_labels(question, (2, 0)) == "A;C"
    assert SPOT.response_text(question, (0, 2)) == f"{HOOK['text']}; {AUTHORITY['text']}"
