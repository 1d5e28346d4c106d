"""GIFT: every construct imported, Moodle's own cases agreed with, and banks round-tripped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quiz.bank import Bank, load_bank, load_banks
from quiz.formats.common import NO_EXPLANATION, bank_document, write_bank
from quiz.formats.gift import (
    GiftSyntaxError,
    bank_to_gift,
    extract_id_and_tags,
    import_gift,
    parse_gift,
    parse_question,
)
from tests.oracles import MOODLE, REPO
from tests.questions import right

ORACLE = MOODLE / "gift"
needs_oracle = pytest.mark.skipif(not ORACLE.is_dir(), reason="Moodle's GIFT cases live in ../shared/oracles")
MOODLE_FORMATS = {"moodle": 0, "html": 1, "plain": 2, "markdown": 4}

EVERY_CONSTRUCT = r"""// A comment Moodle ignores
$CATEGORY: $course$/top/Media literacy/Headlines

// question: 1, with a tag and an id: [tag:verification] [id:lateral]
::Lateral reading::What do fact-checkers do first?{
    =Leave the page to check the source # Right\: they read laterally.
    ~Read the page closely # That is what manipulators count on.
    ~Check the comments
    #### Lateral reading\: leave the site to learn about it.
}

::Escapes::Which is written \{ like this \} with \~ \= \# and \: inside?{
    =a \~ tilde
    ~an \= equals
    ~a \# hash
    ~braces \{ \}
    ####Every control character \~ \= \# \{ \} \: can be escaped.\nEven a newline.
}

::Weighted::Which are manipulation techniques?{
    ~%50%Impersonation #yes
    ~%50%Trolling
    ~%-100%Peer review
    ~%-100%Lateral reading
}

::Unequal::Which are primary sources?{
    ~%70%A court ruling
    ~%30%A government statistic
    ~Someone's repost
}

::TF true::A price cap lets oil flow.{T}

::TF false::The sun rises in the west.{FALSE#It rises in the east.#Right.####The Earth turns eastwards.}

Grant is {~buried =entombed ~living} in Grant's tomb.

::Essay::Explain propaganda.{}

::Short::Two plus two?{=four =4}

::Numerical::When was Grant born?{#1822:1}

::Match::Match them {=a -> b =c -> d =e -> f}
"""


def imported(text: str = EVERY_CONSTRUCT):  # type: ignore[no-untyped-def]
    result = import_gift(text, "every.gift")
    return result, {q["id"]: q for q in result.questions}


def test_every_construct_is_imported() -> None:
    result, questions = imported()
    lateral = questions["lateral"]  # the [id:] wins over the title
    assert lateral["type"] == "single"
    assert lateral["prompt"] == "What do fact-checkers do first?"
    assert lateral["choices"] == [
        {
            "text": "Leave the page to check the source",
            "correct": True,
            "feedback": "Right: they read laterally.",
        },
        {"text": "Read the page closely", "feedback": "That is what manipulators count on."},
        {"text": "Check the comments"},
    ]
    assert lateral["explanation"] == "Lateral reading: leave the site to learn about it."
    assert lateral["topics"] == ["verification", "Headlines"]  # the comment's tag, then the category
    escapes = questions["Escapes"]
    assert escapes["prompt"] == "Which is written { like this } with ~ = # and : inside?"
    assert [c["text"] for c in escapes["choices"]] == ["a ~ tilde", "an = equals", "a # hash", "braces { }"]
    assert escapes["explanation"] == "Every control character ~ = # { } : can be escaped.\nEven a newline."
    weighted = questions["Weighted"]
    assert weighted["type"] == "multiple"
    # Moodle's weights are the choices' credit, as written (issue 16, point 3).
    assert [c.get("credit") for c in weighted["choices"]] == [0.5, 0.5, -1.0, -1.0]
    assert weighted["choices"][0]["feedback"] == "yes"
    assert questions["Unequal"]["type"] == "multiple"
    assert [c.get("credit") for c in questions["Unequal"]["choices"]] == [0.7, 0.3, None]
    assert questions["Match"]["type"] == "matching"
    assert questions["Match"]["pairs"] == [
        {"prompt": "a", "answer": "b"},
        {"prompt": "c", "answer": "d"},
        {"prompt": "e", "answer": "f"},
    ]
    assert questions["tf-true"] == {
        "id": "tf-true",
        "prompt": "A price cap lets oil flow.",
        "type": "true_false",
        "answer": True,
        "explanation": NO_EXPLANATION,
        "topics": ["Headlines"],
    }
    assert questions["tf-false"]["answer"] is False
    assert questions["tf-false"]["explanation"] == "The Earth turns eastwards."
    missing = next(q for q in result.questions if q["prompt"].startswith("Grant is"))
    assert missing["prompt"] == "Grant is _____ in Grant's tomb."
    assert re.fullmatch(r"q-[0-9a-f]{10}", missing["id"])
    assert [c["text"] for c in missing["choices"] if c.get("correct")] == ["entombed"]
    assert len(result.questions) == 8


def test_types_a_bank_cannot_hold_are_skipped_with_a_reason_each() -> None:
    result, _ = imported()
    assert len(result.skipped) == 3
    for name, kind in (
        ("Essay", "essay"),
        ("Short", "short answer"),
        ("Numerical", "numerical"),
    ):
        line = next(s for s in result.skipped if f"question “{name}”" in s)
        assert f"skipped, {kind}:" in line
        assert re.match(r"every\.gift:\d+: ", line)


def test_weights_are_kept_and_missing_explanations_are_reported() -> None:
    result, _ = imported()
    notes = "\n".join(result.notes)
    assert "lossy" not in notes
    assert "“TF true”: no general feedback" in notes
    assert "“Lateral reading”" not in notes


def test_imported_questions_make_a_valid_bank(tmp_path: Path) -> None:
    result, _ = imported()
    bank = write_bank(bank_document(result, "every", None, Path("every.gift")), tmp_path / "every.toml")
    assert len(bank.questions) == 8
    assert right(bank.by_id["Weighted"]) == (0, 1)


def round_trip(bank: Bank, tmp_path: Path) -> Bank:
    result = import_gift(bank_to_gift(bank), "round.gift")
    assert result.skipped == []
    return write_bank(bank_document(result, bank.id, None, Path("round.gift")), tmp_path / f"{bank.id}.toml")


def test_round_trip_keeps_every_question_choice_and_key(sample_bank: Bank, tmp_path: Path) -> None:
    again = round_trip(sample_bank, tmp_path)
    assert again.questions == sample_bank.questions
    assert again.info.title == sample_bank.info.title
    assert again.info.pass_mark == sample_bank.info.pass_mark


def test_round_trip_of_every_bundled_bank(tmp_path: Path) -> None:
    banks = load_banks([REPO / "questions"]).banks
    assert banks
    for bank in banks:
        assert round_trip(bank, tmp_path).questions == bank.questions, bank.id


TRICKY_BANK = r'''
[bank]
id = "tricky"
title = "Tricky: {braces} ~ = # \\ and more"

[[questions]]
id = "t1"
type = "single"
prompt = """Line one {a} ~b =c #d :e \\f
[html] is not a format here
// not a comment"""
explanation = "[plain]looks like a format: 50% #### done"

[[questions.choices]]
text = "%50%looks like a weight"
correct = true
feedback = "=x ~y #z"

[[questions.choices]]
text = "%25%also a weight"

[[questions.choices]]
text = "[markdown]bracketed"

[[questions]]
id = "t2"
type = "multiple"
prompt = "Three right of seven"
explanation = "Shares of 1/3."
choices = [
    { text = "r1", correct = true }, { text = "r2", correct = true }, { text = "r3", correct = true },
    { text = "w1" }, { text = "w2" }, { text = "w3" }, { text = "->w4" },
]

[[questions]]
id = "t3"
type = "true_false"
prompt = "T"
answer = true
explanation = "TRUE#not feedback"
'''


def test_export_escapes_everything_moodle_would_read_as_syntax(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / "tricky.toml"
    source.write_text(TRICKY_BANK, encoding="utf-8")
    bank = load_bank(source)
    gift = bank_to_gift(bank)
    assert "~%33.33333%r1" in gift  # Moodle accepts only its list of grades: 1/3 is 0.3333333
    assert "~%-25%w1" in gift
    assert round_trip(bank, tmp_path).questions == bank.questions


# -- Moodle's own cases (read from ../shared; GPL, never copied here) -----------------------------


def _text(gift_text) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    return gift_text.text, MOODLE_FORMATS[gift_text.format]


def _moodle(expected: dict, key: str) -> tuple[str, int]:
    return expected[key]["text"], expected[key]["format"]


@needs_oracle
def test_agrees_with_moodles_import_cases() -> None:
    cases = json.loads((ORACLE / "expectations.json").read_text(encoding="utf-8"))["imports"]
    assert len(cases) >= 19
    for case in cases:
        question = parse_question(re.split(r"[\n\r]", case["gift"]))
        expected = case["expected"]
        where = case["test"]
        assert question is not None, where
        assert question.qtype == expected["qtype"], where
        assert question.name == expected["name"], where
        assert (question.text.text, MOODLE_FORMATS[question.text.format]) == (
            expected["questiontext"],
            expected["questiontextformat"],
        ), where
        assert _text(question.general_feedback) == (
            expected["generalfeedback"],
            expected["generalfeedbackformat"],
        ), where
        if "idnumber" in expected:
            assert question.idnumber == expected["idnumber"], where
        if "tags" in expected:
            assert question.tags == expected["tags"], where
        if expected["qtype"] == "multichoice":
            assert int(question.single) == expected["single"], where
            assert [_text(a.text) for a in question.answers] == [
                (a["text"], a["format"]) for a in expected["answer"]
            ]
            assert [a.fraction for a in question.answers] == expected["fraction"], where
            assert [_text(a.feedback) for a in question.answers] == [
                (f["text"], f["format"]) for f in expected["feedback"]
            ], where
        if expected["qtype"] == "truefalse":
            assert int(bool(question.correct_answer)) == expected["correctanswer"], where
            assert _text(question.feedback_true) == _moodle(expected, "feedbacktrue"), where
            assert _text(question.feedback_false) == _moodle(expected, "feedbackfalse"), where


@needs_oracle
def test_agrees_with_moodle_on_ids_and_tags_in_comments() -> None:
    cases = json.loads((ORACLE / "expectations.json").read_text(encoding="utf-8"))[
        "extract_idnumber_and_tags_from_comment"
    ]
    for case in cases:
        assert extract_id_and_tags(case["comment"]) == (case["expected_idnumber"], case["expected_tags"]), (
            case["case"]
        )


@needs_oracle
@pytest.mark.parametrize(
    ("name", "count"), [("questions.gift.txt", 9), ("questions_in_category.gift.txt", 4)]
)
def test_finds_as_many_questions_as_moodle_in_its_fixtures(name: str, count: int) -> None:
    items = list(parse_gift((ORACLE / name).read_text(encoding="utf-8")))
    questions = [i for i in items if getattr(i, "qtype", "") != "category"]
    assert len(questions) == count
    result = import_gift((ORACLE / name).read_text(encoding="utf-8"), name)
    assert len(result.questions) + len(result.skipped) == count


@needs_oracle
def test_classifies_moodles_examples_file_as_its_parser_does() -> None:
    table = (ORACLE / "expectations.md").read_text(encoding="utf-8").split("## 5. Appendix", 1)[1]
    expected = re.findall(r"^\| (\d+) \| (\w+) \|", table, flags=re.MULTILINE)
    assert len(expected) == 43
    parsed = list(parse_gift((ORACLE / "gift_examples.txt").read_text(encoding="utf-8")))
    assert [getattr(q, "qtype", None) for q in parsed] == [kind for _, kind in expected]


def test_a_question_moodle_refuses_is_skipped_with_its_line() -> None:
    text = "::Fine::Is this fine?{T}\n\n// a comment\n::Broken::Braces { never close\n\n::Short::Only{~one}\n"
    errors = [item for item in parse_gift(text) if isinstance(item, GiftSyntaxError)]
    assert [(error.line, str(error).split(":")[0]) for error in errors] == [
        (3, "unbalanced braces around the answers"),
        (6, "a multiple choice question needs at least 2 answers"),
    ]
    result = import_gift(text, "mixed.gift")
    assert [line.split(": ")[0] for line in result.skipped] == ["mixed.gift:3", "mixed.gift:6"]
