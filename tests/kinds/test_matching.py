"""``matching``: its bank model, credit per right pair (Moodle's figures), plain mode and xAPI."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quiz.kinds.kind import Form, InvalidResponseError
from quiz.kinds.matching import MATCHING, MatchingQuestion
from quiz.kinds.moodle import MoodleMatch
from tests.kinds.helpers import BASE, check_interaction, problems

# Moodle's own test question (question/engine/tests/helpers.php, make_a_matching_question):
# four animals to classify, two of them sharing each answer, and one answer that fits none.
ANIMALS: dict[str, Any] = {
    "type": "matching",
    "pairs": [
        {"prompt": "Dog", "answer": "Mammal"},
        {"prompt": "Frog", "answer": "Amphibian"},
        {"prompt": "Toad", "answer": "Amphibian"},
        {"prompt": "Cat", "answer": "Mammal"},
    ],
    "extra_answers": ["Insect"],
}
TECHNIQUES: dict[str, Any] = {
    "type": "matching",
    "pairs": [
        {"prompt": "A fake account named like a news agency", "answer": "Impersonation"},
        {
            "prompt": "'They don't want you to know this'",
            "answer": "Conspiracy",
            "feedback": "A hidden 'they'.",
        },
        {"prompt": "'Only idiots still trust the media'", "answer": "Discrediting"},
    ],
    "extra_answers": ["Trolling"],
}


def matching(data: dict[str, Any] = TECHNIQUES) -> MatchingQuestion:
    return MatchingQuestion.model_validate({**BASE, **data})


# -- the bank model ---------------------------------------------------------------------------


def test_answers_are_the_distinct_pair_answers_then_the_extra_ones() -> None:
    question = matching(ANIMALS)
    assert question.answers == ("Mammal", "Amphibian", "Insect")
    assert MATCHING.correct_response(question) == (0, 1, 1, 0)
    assert MATCHING.prompts(question) == ("Dog", "Frog", "Toad", "Cat")


def _with(**changes: Any) -> dict[str, Any]:
    return {**TECHNIQUES, **changes}


PAIR = {"prompt": "p", "answer": "a"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (_with(pairs=TECHNIQUES["pairs"][:2]), "pairs: expected at least 3 items, found 2"),
        (
            _with(pairs=[{"prompt": f"post {i}", "answer": f"t{i % 3}"} for i in range(9)]),
            "pairs: expected at most 8 items, found 9",
        ),
        (
            _with(
                pairs=[
                    *TECHNIQUES["pairs"],
                    {"prompt": "a fake account named like a news agency", "answer": "x"},
                ]
            ),
            "pairs: the prompts of pairs 1 and 4 are both 'a fake account named like a news agency'; "
            "they must differ",
        ),
        (
            _with(pairs=[*TECHNIQUES["pairs"], {"prompt": "Another", "answer": "conspiracy"}]),
            "pairs: pair 4 writes the answer 'Conspiracy' as 'conspiracy'; write it the same way",
        ),
        (
            _with(extra_answers=["Trolling", "Impersonation"]),
            "extra_answers: extra answer 'Impersonation' is already the answer of a pair",
        ),
        (
            _with(extra_answers=["Trolling", "trolling"]),
            "extra_answers: extra answers 1 and 2 are both 'trolling'; they must differ",
        ),
        (
            {"type": "matching", "pairs": [{"prompt": f"p{i}", "answer": "same"} for i in range(3)]},
            "extra_answers: 1 answers in all (the pairs' distinct answers and the extra ones); "
            "expected 3 to 8",
        ),
        (
            _with(extra_answers=[f"extra {i}" for i in range(6)]),
            "extra_answers: 9 answers in all (the pairs' distinct answers and the extra ones); "
            "expected 3 to 8",
        ),
        (_with(pairs=[*TECHNIQUES["pairs"], {"prompt": "p"}]), "pairs[3].answer: required but missing"),
        (
            _with(pairs=[*TECHNIQUES["pairs"], {**PAIR, "fedback": "x"}]),
            "pairs[3].fedback: unknown key (check its spelling against questions/README.md)",
        ),
    ],
)
def test_bad_matching_questions_are_named(data: dict[str, Any], expected: str) -> None:
    assert problems(MatchingQuestion, data) == [expected]


# -- credit: per right pair, as Moodle's match question ---------------------------------------


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        # Moodle's test_grading: all four right, only the dog right, all four wrong.
        (["Mammal", "Amphibian", "Amphibian", "Mammal"], 1.0),
        (["Mammal", "Insect", "Mammal", "Amphibian"], 0.25),
        (["Amphibian", "Insect", "Mammal", "Amphibian"], 0.0),
    ],
)
def test_credit_is_the_share_of_right_pairs(answers: list[str], expected: float) -> None:
    question = matching(ANIMALS)
    response = tuple(question.answers.index(a) for a in answers)
    assert MATCHING.credit(question, response) == pytest.approx(expected)
    assert MATCHING.credit(question, response, negative=True) == pytest.approx(expected)


def test_parts_say_which_pairs_were_right_with_their_feedback() -> None:
    question = matching()
    impersonation, conspiracy, discrediting, trolling = range(4)
    parts = MATCHING.parts(question, (impersonation, trolling, discrediting))
    assert [(p.right, p.detail) for p in parts] == [(True, ""), (False, "you matched “Trolling”"), (True, "")]
    assert parts[1].label == "'They don't want you to know this' → Conspiracy"
    assert parts[1].feedback == "A hidden 'they'."
    assert conspiracy == question.key[1]


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ((0, 1), "prompt 3 has no answer; match all 3 prompts"),
        ((0, 1, 2, 3), "there are 3 prompts, not 4"),
        ((0, 1, 9), "prompt 3: there is no answer 10 (1 to 4)"),
    ],
)
def test_a_response_gives_every_prompt_one_answer(response: tuple[int, ...], message: str) -> None:
    with pytest.raises(InvalidResponseError) as caught:
        MATCHING.check(matching(), response)
    assert str(caught.value) == message


# -- layout and shown terms --------------------------------------------------------------------


@pytest.mark.parametrize("shuffle", [True, False])
def test_answers_are_always_shuffled_prompts_never(shuffle: bool) -> None:
    question = matching()
    layouts = {MATCHING.layout(question, random.Random(seed), shuffle) for seed in range(100)}
    assert (0, 1, 2, 3) not in layouts
    assert len(layouts) > 10
    shown = MATCHING.shown(question, (3, 1, 0, 2))
    assert shown.form is Form.match
    assert shown.prompts == MATCHING.prompts(question)
    assert shown.options == ("Trolling", "Conspiracy", "Impersonation", "Discrediting")


def test_shown_letters_convert_to_bank_answers_and_back() -> None:
    question = matching()
    layout = (3, 1, 0, 2)  # a Trolling, b Conspiracy, c Impersonation, d Discrediting
    assert MATCHING.from_shown(question, layout, [2, 1, 3]) == question.key
    assert MATCHING.to_shown(question, layout, question.key) == (2, 1, 3)


# -- plain mode -------------------------------------------------------------------------------


def test_plain_lines_letter_the_prompts_and_number_the_answers() -> None:
    question = matching()
    assert MATCHING.plain_lines(question, (3, 1, 0, 2)) == [
        "A. A fake account named like a news agency",
        "B. 'They don't want you to know this'",
        "C. 'Only idiots still trust the media'",
        "Answers:",
        "1. Trolling",
        "2. Conspiracy",
        "3. Impersonation",
        "4. Discrediting",
    ]
    assert MATCHING.plain_ask(question) == (
        "Your matches: the answer's number for each of A-C in turn, such as 2 1 3: "
    )


@pytest.mark.parametrize(
    "typed", ["3 2 4", "3,2,4", "324", "a3 b2 c4", "A3, B2, C4", "c4 a3 b2", "a-3 b:2 c=4", "a 3 b 2 c 4"]
)
def test_plain_matches_read_in_any_usual_spelling(typed: str) -> None:
    question = matching()
    assert MATCHING.plain_parse(question, (3, 1, 0, 2), typed) == question.key


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("a3 b2", "C: no answer given"),
        ("a3", "B and C: no answer given"),
        ("a3 b2 b4", "B is matched twice; give it one answer"),
        ("a3 b2 d4", "there is no D (A to C)"),
        ("a3 b2 c5", "C: there is no answer 5 (1 to 4)"),
        ("3 2", "2 numbers for 3 to match; give one answer number for each, in order"),
        ("a b c", "type the answer's number for each of A-C in turn, such as 2 1 3"),
        ("", "type the answer's number for each of A-C in turn, such as 2 1 3"),
    ],
)
def test_plain_mistakes_say_what_was_expected(typed: str, message: str) -> None:
    with pytest.raises(InvalidResponseError) as caught:
        MATCHING.plain_parse(matching(), (3, 1, 0, 2), typed)
    assert str(caught.value) == message


@given(st.permutations(range(4)), st.lists(st.integers(0, 3), min_size=3, max_size=3))
def test_plain_answer_reads_back(layout: list[int], response: list[int]) -> None:
    question = matching()
    written = MATCHING.plain_answer(question, layout, tuple(response))
    assert MATCHING.plain_parse(question, layout, written) == tuple(response)


# -- exports ----------------------------------------------------------------------------------


def test_xapi_is_a_matching_interaction_of_sources_and_targets() -> None:
    question = matching(ANIMALS)
    definition = MATCHING.xapi_definition([("en", question)])
    assert definition["interactionType"] == "matching"
    assert [c["id"] for c in definition["source"]] == ["1", "2", "3", "4"]
    assert definition["target"] == [
        {"id": "a", "description": {"en": "Mammal"}},
        {"id": "b", "description": {"en": "Amphibian"}},
        {"id": "c", "description": {"en": "Insect"}},
    ]
    assert definition["correctResponsesPattern"] == ["1[.]a[,]2[.]b[,]3[.]b[,]4[.]a"]
    response = MATCHING.xapi_response(question, (0, 2, 1, 0))
    assert response == "1[.]a[,]2[.]c[,]3[.]b[,]4[.]a"
    check_interaction(definition, response)


def test_csv_and_html_text_name_each_pair() -> None:
    question = matching(ANIMALS)
    assert MATCHING.response_labels(question, (0, 2, 1, 0)) == "1A;2C;3B;4A"
    assert MATCHING.response_text(question, (0, 2, 1, 0)) == (
        "Dog → Mammal; Frog → Insect; Toad → Amphibian; Cat → Mammal"
    )


def test_moodle_holds_extra_answers_as_rows_without_a_prompt() -> None:
    question = matching(ANIMALS)
    match = MATCHING.to_moodle(question)
    assert match.subquestions[-1] == ("", "Insect")
    fields = MATCHING.from_moodle(match, {})
    assert fields == {"pairs": ANIMALS["pairs"], "extra_answers": ["Insect"]}
    again = MatchingQuestion.model_validate({**BASE, "type": "matching", **fields})
    assert again == question


def test_a_moodle_distractor_that_repeats_a_pair_answer_adds_nothing() -> None:
    match = MoodleMatch(
        (("Dog", "Mammal"), ("Frog", "Amphibian"), ("Cat", "Mammal"), ("", "Mammal"), ("", "Bird"))
    )
    assert MATCHING.from_moodle(match, {})["extra_answers"] == ["Bird"]
