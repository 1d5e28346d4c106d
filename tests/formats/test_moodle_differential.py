"""Our GIFT and Aiken parsers against Moodle's own, on texts hypothesis makes up.

Moodle's parsers (PHP, GPL) live in ../shared/oracles/moodle/php/ and are run there, never
copied. Each example is a file of many questions, so that one PHP run checks dozens of cases;
the test counts the questions compared and wants at least 2,000 for GIFT. It skips cleanly
where PHP or the oracle folder is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from quiz.formats.aiken import AikenQuestion, parse_aiken
from quiz.formats.gift import GiftQuestion, GiftSyntaxError, parse_gift
from quiz.formats.gift.mapping import MOODLE_GRADES, is_moodle_grade
from tests.oracles import have_moodle_php
from tests.oracles import run_moodle as run_oracle

pytestmark = pytest.mark.skipif(
    not have_moodle_php(),
    reason="needs php and Moodle's parsers in ../shared/oracles/moodle/php",
)
FORMATS = {"moodle": 0, "html": 1, "plain": 2, "markdown": 4}
GIFT_CASES = 2000
EXAMPLES = 40

# -- what the texts are made of: ordinary words and every edge the issue names ----------------

WORDS = st.sampled_from(["Vilnius", "Kyiv", "東京", "Petraitė", "fact", "check", "source", "42", "a", "B"])
EDGES = st.sampled_from(
    [
        "\\:", "\\#", "\\=", "\\{", "\\}", "\\~", "\\n", "\\\\", "&&058;", "&&035;", "&&092;",
        "\u00a0", "\u2028", "\u0085", "\u2003", "\f", "\t", "<b>bold</b>", "<a href='x'>link</a>",
        "*", "_", "`", "%", "->", ":", "-", "  ",
    ]
)  # fmt: skip
PIECE = st.one_of(WORDS, WORDS, EDGES)


@st.composite
def text(draw: st.DrawFn, min_size: int = 1) -> str:
    """A GIFT text: words and edges, never a bare brace, =, ~ or # (those would be syntax)."""
    return " ".join(draw(st.lists(PIECE, min_size=min_size, max_size=6)))


def fmt(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["", "", "[html]", "[plain]", "[markdown]", "[moodle]", "[nonsense]"]))


WEIGHTS = st.sampled_from(
    ["", "", "%50%", "%-50%", "%33.3%", "%33.33333%", "%150%", "%100%", "%0%", "%25%", "%-100%"]
)
IDS = st.sampled_from(["", "[id:q1]", "[id:]", "[id:a\tb]", "[id: spaced ]", "[id:x\\]y]"])
TAGS = st.sampled_from(
    ["", "[tag:media]", "[tag:<b>]", "[tag:a`b]", "[tag:]", "[tag: two words ]", "[tag:x>y]"]
)


@st.composite
def gift_question(draw: st.DrawFn) -> str:
    lines = []
    comment = " ".join(x for x in (draw(IDS), draw(TAGS), draw(TAGS)) if x)
    if comment or draw(st.booleans()):
        lines.append(f"// {comment} {draw(text())}")
    head = f"::{draw(text())}::" if draw(st.booleans()) else ""
    general = f"####{fmt(draw)}{draw(text())}" if draw(st.booleans()) else ""
    kind = draw(st.sampled_from(["single", "multiple", "truefalse", "description"]))
    if kind == "truefalse":
        answer = draw(st.sampled_from(["T", "TRUE", "F", "FALSE"]))
        feedback = "".join(f"#{draw(text())}" for _ in range(draw(st.integers(0, 2))))
        block = f"{{{answer}{feedback}{general}}}"
    elif kind == "description":
        block = ""
    else:
        count = draw(st.integers(1, 5))
        answers = []
        for index in range(count):
            mark = "=" if kind == "single" and index == 0 else "~" + draw(WEIGHTS)
            feedback = f"#{draw(text())}" if draw(st.booleans()) else ""
            answers.append(f"{mark}{fmt(draw)}{draw(text())}{feedback}")
        separator = draw(st.sampled_from([" ", "\n"]))
        block = "{" + separator.join(answers) + general + "}"
    body = f"{head}{fmt(draw)}{draw(text())}{block}"
    if draw(st.booleans()) and block:
        body = f"{head}{fmt(draw)}{draw(text())} {block} {draw(text())}"  # a missing-word question
    lines.extend(body.split("\n"))
    return "\n".join(lines)


@st.composite
def gift_file(draw: st.DrawFn) -> tuple[str, int]:
    """(file text, number of questions): questions between blank lines, now and then a category
    or a line of only a non-breaking space or a form feed (which does not end a question)."""
    count = GIFT_CASES // EXAMPLES
    parts = []
    for _ in range(count):
        if draw(st.integers(0, 9)) == 0:
            parts.append(f"$CATEGORY: $course$/top/{draw(text())}")
        parts.append(draw(gift_question()))
    separators = st.sampled_from(["\n\n", "\n\n", "\n \n", "\n\t\n\n", "\r\n\r\n"])
    out = parts[0]
    for part in parts[1:]:
        out += draw(separators) + part
    return out, count


def ours_as_moodle(question: GiftQuestion) -> dict[str, Any]:
    """Our parse in the shape run_gift.php prints, for the fields both have."""
    if question.qtype == "category":
        return {"qtype": "category", "category": question.category}
    found: dict[str, Any] = {
        "qtype": question.qtype,
        "idnumber": question.idnumber,
        "tags": question.tags,
        "questiontext": question.text.text,
        "questiontextformat": FORMATS[question.text.format],
        "generalfeedback": question.general_feedback.text,
    }
    if question.name is not None:
        found["name"] = question.name
    if question.qtype == "multichoice":
        found["single"] = int(question.single)
        found["answers"] = [
            (a.text.text, FORMATS[a.text.format], round(a.fraction, 7), a.feedback.text)
            for a in question.answers
        ]
    if question.qtype == "truefalse":
        found["correctanswer"] = int(bool(question.correct_answer))
        found["feedbacktrue"] = question.feedback_true.text
        found["feedbackfalse"] = question.feedback_false.text
    return found


def moodles(question: dict[str, Any], named: bool) -> dict[str, Any]:
    if question["qtype"] == "category":
        return {"qtype": "category", "category": question["category"]}
    found: dict[str, Any] = {
        "qtype": question["qtype"],
        "idnumber": question["idnumber"] or "",
        "tags": [t for t in question["tags"] if t],
        "questiontext": question["questiontext"],
        "questiontextformat": question["questiontextformat"],
        "generalfeedback": question["generalfeedback"],
    }
    if named:
        found["name"] = question["name"]
    if question["qtype"] == "multichoice":
        found["single"] = int(question["single"])
        found["answers"] = [
            (a["text"], a["format"], round(float(a["fraction"]), 7), a["feedback"])
            for a in question["answers"]
        ]
    if question["qtype"] == "truefalse":
        found["correctanswer"] = int(question["correctanswer"])
        found["feedbacktrue"] = question["feedbacktrue"]
        found["feedbackfalse"] = question["feedbackfalse"]
    return found


def test_gift_reads_as_moodle_reads_it(tmp_path_factory: pytest.TempPathFactory) -> None:
    compared: list[int] = []

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[
            Phase.explicit,
            Phase.generate,
        ],  # a failure shows its file as made: shrinking one takes minutes
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(gift_file())
    def check(case: tuple[str, int]) -> None:
        content, _ = case
        moodle = run_oracle("run_gift.php", content, tmp_path_factory.mktemp("gift"))
        parsed = list(parse_gift(content))
        ours = [q for q in parsed if isinstance(q, GiftQuestion)]
        theirs = moodle["questions"]
        assert len(ours) == len(theirs), (len(ours), len(theirs), moodle["errors"], parsed)
        for mine, moodle_question in zip(ours, theirs, strict=True):
            assert ours_as_moodle(mine) == moodles(moodle_question, mine.name is not None), content
        # Where Moodle refuses a weight, the import does too (and nowhere else for that reason).
        for mine, moodle_question in zip(ours, theirs, strict=True):
            if mine.qtype == "multichoice":
                refused = any("invalidgrade" in n for n in moodle_question["import_notices"])
                assert refused == any(not is_moodle_grade(a.fraction) for a in mine.answers)
        assert sum(isinstance(q, GiftSyntaxError) for q in parsed) == len(moodle["errors"])
        compared.append(len(ours))

    check()
    print(f"GIFT: {sum(compared)} questions compared with Moodle's parser")
    assert sum(compared) >= GIFT_CASES


# -- Aiken -----------------------------------------------------------------------------------


@st.composite
def aiken_file(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(25):
        for _ in range(draw(st.integers(1, 2))):
            lines.append(draw(text()))
        labels = draw(st.lists(st.sampled_from("ABCDEF"), min_size=0, max_size=5))
        for label in labels:
            space = draw(st.sampled_from([" ", "", "\t"]))
            lines.append(f"{label}{draw(st.sampled_from('.)'))}{space}{draw(text())}")
        answer = draw(st.sampled_from(["A", "B", "C", "b", "Z", "B (no)", ""]))
        lines.append(draw(st.sampled_from([f"ANSWER: {answer}", f"ANSWER:{answer}", f"answer: {answer}"])))
        lines.append(draw(st.sampled_from(["", "", "x"])))
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)


def test_aiken_reads_as_moodle_reads_it(tmp_path_factory: pytest.TempPathFactory) -> None:
    compared: list[int] = []

    @settings(max_examples=40, derandomize=True, deadline=None, database=None, phases=[Phase.generate])
    @given(aiken_file())
    def check(content: str) -> None:
        moodle = run_oracle("run_aiken.php", content, tmp_path_factory.mktemp("aiken"))
        theirs = []
        for q in moodle["questions"]:
            fractions = [a["fraction"] for a in q["answers"]]
            theirs.append(
                (
                    q["questiontext"],
                    [a["text"] for a in q["answers"]],
                    fractions.index(1) if 1 in fractions else None,
                )
            )
        ours = [
            (q.text, q.options, q.right)
            for q in parse_aiken(content)
            if isinstance(q, AikenQuestion) and len(q.options) >= 2
        ]
        assert ours == theirs, content
        compared.append(len(ours))

    check()
    print(f"Aiken: {sum(compared)} questions compared with Moodle's parser")
    assert sum(compared) >= 200


def test_moodle_grades_are_what_the_import_refuses_by() -> None:
    assert 0.3333333 in MOODLE_GRADES
    assert 0.333 not in MOODLE_GRADES


def test_the_bundled_banks_converted_to_gift_read_the_same_in_moodle(tmp_path: Path) -> None:
    from quiz.bank import load_banks
    from quiz.formats.gift import bank_to_gift
    from tests.oracles import REPO

    compared = 0
    for bank in load_banks([REPO / "questions"]).banks:
        text = bank_to_gift(bank)
        moodle = run_oracle("run_gift.php", text, tmp_path)
        ours = [q for q in parse_gift(text) if isinstance(q, GiftQuestion)]
        assert moodle["errors"] == []
        assert [ours_as_moodle(q) for q in ours] == [
            moodles(q, m.name is not None) for q, m in zip(moodle["questions"], ours, strict=True)
        ]
        assert not any(q.get("import_notices") for q in moodle["questions"]), bank.id
        compared += len(ours)
    assert compared > 200
