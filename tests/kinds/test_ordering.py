"""``ordering``: its bank model, layout, credit (Moodle's figures), plain mode and xAPI."""

from __future__ import annotations

import itertools
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.kinds.kind import Form, InvalidResponseError
from quiz.kinds.ordering import ORDERING, OrderingQuestion
from tests.kinds.helpers import BASE, check_interaction, problems

# Moodle's own test question (question/type/ordering/tests/question_test.php): six words whose
# initials spell MOODLE, in the right order.
MOODLE = ("Modular", "Object", "Oriented", "Dynamic", "Learning", "Environment")
SIFT = ("Stop", "Investigate the source", "Find better coverage", "Trace claims to the original")


def ordering(items: tuple[str, ...] = SIFT) -> OrderingQuestion:
    return OrderingQuestion.model_validate({**BASE, "type": "ordering", "items": list(items)})


def response_of(question: OrderingQuestion, words: list[str]) -> tuple[int, ...]:
    return tuple(question.items.index(w) for w in words)


# -- the bank model ---------------------------------------------------------------------------


def test_a_valid_ordering_question() -> None:
    question = ordering()
    assert question.items == SIFT
    assert ORDERING.correct_response(question) == (0, 1, 2, 3)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["Stop", "Find"], ["items: expected at least 3 items, found 2"]),
        ([f"step {i}" for i in range(9)], ["items: expected at most 8 items, found 9"]),
        (["Stop", "Find", "stop"], ["items: items 1 and 3 are both 'stop'; they must differ"]),
        (["Stop", " ", "Find", "Trace"], ["items[1]: must not be empty"]),
        ("Stop, Find, Trace", ["items: got 'Stop, Find, Trace', expected an array in square brackets"]),
    ],
)
def test_bad_items_are_named(items: list[str], expected: list[str]) -> None:
    assert problems(OrderingQuestion, {"type": "ordering", "items": items}) == expected


def test_unknown_keys_are_refused() -> None:
    found = problems(OrderingQuestion, {"type": "ordering", "items": list(SIFT), "choices": []})
    assert found == ["choices: unknown key (check its spelling against questions/README.md)"]


# -- layout: never the answer -----------------------------------------------------------------


@pytest.mark.parametrize("shuffle", [True, False])
def test_the_items_are_never_shown_in_the_right_order(shuffle: bool) -> None:
    question = ordering(SIFT[:3])
    layouts = {ORDERING.layout(question, random.Random(seed), shuffle) for seed in range(200)}
    assert (0, 1, 2) not in layouts
    assert layouts == set(itertools.permutations(range(3))) - {(0, 1, 2)}  # every other order occurs


def test_the_same_seed_gives_the_same_layout() -> None:
    question = ordering(MOODLE)
    first = [ORDERING.layout(question, random.Random(42), True) for _ in range(3)]
    assert first[0] == first[1] == first[2]
    assert sorted(first[0]) == list(range(6))


# -- credit: Moodle's "relative to the next item (excluding last)" -----------------------------


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        # Moodle's test_grading_relative_next_exclude_last, figure for figure.
        (list(MOODLE), 1.0),
        (list(reversed(MOODLE)), 0.0),
        (["Environment", "Object", "Oriented", "Dynamic", "Learning", "Modular"], 0.6),
        (["Oriented", "Object", "Dynamic", "Learning", "Environment", "Modular"], 0.4),
    ],
)
def test_credit_is_moodles_relative_to_next_excluding_last(words: list[str], expected: float) -> None:
    question = ordering(MOODLE)
    assert ORDERING.credit(question, response_of(question, words)) == pytest.approx(expected)


def test_one_step_moved_costs_one_or_two_shares_not_everything() -> None:
    question = ordering(SIFT)
    # The first step put last: "Absolute position" would give 0; here the three others still follow.
    assert ORDERING.credit(question, (1, 2, 3, 0)) == pytest.approx(2 / 3)
    assert ORDERING.credit(question, (0, 2, 1, 3)) == 0.0  # swapping two middle steps breaks all three pairs


def test_negative_marking_never_takes_credit_below_zero() -> None:
    question = ordering(SIFT)
    assert ORDERING.credit(question, (3, 2, 1, 0), negative=True) == 0.0
    assert ORDERING.lowest_credit(question, negative=True) == 0.0


@given(st.permutations(range(6)))
def test_credit_counts_the_right_neighbours(order: list[int]) -> None:
    question = ordering(MOODLE)
    response = tuple(order)
    parts = ORDERING.parts(question, response)
    assert len(parts) == 5
    assert ORDERING.credit(question, response) == pytest.approx(sum(p.right for p in parts) / 5)
    assert 0.0 <= ORDERING.credit(question, response) <= 1.0


def test_parts_name_each_pair_and_what_was_put_after_it() -> None:
    question = ordering(SIFT)
    parts = ORDERING.parts(question, (1, 2, 3, 0))
    assert [(p.label, p.right, p.detail) for p in parts] == [
        ("Stop → Investigate the source", False, "you put it last"),
        ("Investigate the source → Find better coverage", True, ""),
        ("Find better coverage → Trace claims to the original", True, ""),
    ]
    wrong = ORDERING.parts(question, (0, 2, 1, 3))[0]
    assert wrong.detail == "you put “Find better coverage” after it"


# -- checking responses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ((0, 1, 2), "item 4 is missing; put all 4 items in order"),
        ((0, 1), "items 3 and 4 are missing; put all 4 items in order"),
        ((0, 1, 1, 2), "item 2 appears twice; use each number from 1 to 4 once"),
        ((0, 1, 2, 7), "there is no item 8 (1 to 4)"),
        ((), "items 1, 2, 3 and 4 are missing; put all 4 items in order"),
    ],
)
def test_a_response_must_put_every_item_once(response: tuple[int, ...], message: str) -> None:
    with pytest.raises(InvalidResponseError) as caught:
        ORDERING.check(ordering(SIFT), response)
    assert str(caught.value) == message


def test_shown_positions_convert_both_ways() -> None:
    question = ordering(SIFT)
    layout = (2, 0, 3, 1)  # shown: Find, Stop, Trace, Investigate
    assert ORDERING.from_shown(question, layout, [1, 3, 0, 2]) == (0, 1, 2, 3)
    assert ORDERING.to_shown(question, layout, (0, 1, 2, 3)) == (1, 3, 0, 2)
    shown = ORDERING.shown(question, layout)
    assert shown.form is Form.order
    assert shown.options == (
        "Find better coverage",
        "Stop",
        "Trace claims to the original",
        "Investigate the source",
    )


# -- plain mode -------------------------------------------------------------------------------


def test_plain_lines_number_the_items_as_shown() -> None:
    question = ordering(SIFT)
    assert ORDERING.plain_lines(question, (2, 0, 3, 1)) == [
        "1. Find better coverage",
        "2. Stop",
        "3. Trace claims to the original",
        "4. Investigate the source",
    ]
    assert "1-4" in ORDERING.plain_ask(question)


@pytest.mark.parametrize("typed", ["2 4 1 3", "2,4,1,3", " 2, 4 ,1 3 ", "2413"])
def test_plain_answers_read_in_any_usual_spelling(typed: str) -> None:
    question = ordering(SIFT)
    assert ORDERING.plain_parse(question, (2, 0, 3, 1), typed) == (0, 1, 2, 3)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2 4 1", "item 3 is missing; put all 4 items in order"),
        ("2 4 1 1", "item 1 appears twice; use each number from 1 to 4 once"),
        ("2 4 1 5", "there is no item 5 (1 to 4)"),
        ("first", "type the numbers 1 to 4 in your order, such as 2 1 3"),
        ("", "type the numbers 1 to 4 in your order, such as 2 1 3"),
    ],
)
def test_plain_mistakes_say_what_was_expected_in_shown_numbers(typed: str, message: str) -> None:
    # Shown item 3 is bank item 4: the message must name the number the learner saw.
    with pytest.raises(InvalidResponseError) as caught:
        ORDERING.plain_parse(ordering(SIFT), (1, 0, 3, 2), typed)
    assert str(caught.value) == message


@given(st.permutations(range(5)), st.permutations(range(5)))
def test_plain_answer_reads_back(layout: list[int], order: list[int]) -> None:
    question = ordering(MOODLE[:5])
    written = ORDERING.plain_answer(question, layout, tuple(order))
    assert ORDERING.plain_parse(question, layout, written) == tuple(order)


# -- exports ----------------------------------------------------------------------------------


def test_xapi_is_a_sequencing_interaction_with_the_right_order() -> None:
    question = ordering(SIFT)
    definition = ORDERING.xapi_definition([("en", question)])
    assert definition["interactionType"] == "sequencing"
    assert definition["correctResponsesPattern"] == ["a[,]b[,]c[,]d"]
    assert definition["choices"][0] == {"id": "a", "description": {"en": "Stop"}}
    response = ORDERING.xapi_response(question, (1, 2, 3, 0))
    assert response == "b[,]c[,]d[,]a"
    check_interaction(definition, response)


def test_csv_and_html_text_keep_the_learners_order() -> None:
    question = ordering(SIFT)
    assert ORDERING.response_labels(question, (1, 0, 2, 3)) == "B;A;C;D"
    assert ORDERING.response_text(question, (1, 0, 2, 3)) == (
        "1. Investigate the source; 2. Stop; 3. Find better coverage; 4. Trace claims to the original"
    )
