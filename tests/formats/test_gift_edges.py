"""GIFT's edge cases, as Moodle's parser reads them: our reading, and Moodle's own where present."""

from __future__ import annotations

import pytest

from quiz.formats.gift import GiftQuestion, import_gift, parse_gift
from tests.formats.test_moodle_differential import moodles, ours_as_moodle
from tests.oracles import have_moodle_php
from tests.oracles import run_moodle as run_oracle

needs_moodle = pytest.mark.skipif(not have_moodle_php(), reason="needs php and Moodle's parser")

# (name, GIFT text, what to check in our reading of it)
EDGES = [
    ("an NBSP line does not end a question", "::A::First\n\u00a0\n::B::still A{T}", lambda qs: len(qs) == 1),
    ("a form-feed line does not end a question", "::A::First\n\f\n::B::still A{T}", lambda qs: len(qs) == 1),
    (
        "Unicode spaces around a text are kept",
        "::A::\u2003Spaced\u2003{T}",
        lambda qs: qs[0].text.text == "\u2003Spaced\u2003",
    ),
    ("U+2028 is no line end", "::A::one\u2028two{T}", lambda qs: qs[0].text.text == "one\u2028two"),
    ("U+0085 is no line end", "::A::one\u0085two{T}", lambda qs: qs[0].text.text == "one\u0085two"),
    ("a tag with < is no tag", "// [tag:<b>] [tag:ok]\n::A::Q{T}", lambda qs: qs[0].tags == ["ok"]),
    ("a tag with > is no tag", "// [tag:a>b]\n::A::Q{T}", lambda qs: qs[0].tags == []),
    ("a tag with a backtick is no tag", "// [tag:a`b]\n::A::Q{T}", lambda qs: qs[0].tags == []),
    ("an empty id is no id", "// [id:]\n::A::Q{T}", lambda qs: qs[0].idnumber == ""),
    ("an id with a tab is no id", "// [id:a\tb]\n::A::Q{T}", lambda qs: qs[0].idnumber == ""),
    (
        "an escaped colon in a category keeps Moodle's placeholder",
        "$CATEGORY: $course$/top/Part 1\\: basics\n\n::A::Q{T}",
        lambda qs: qs[0].category == "$course$/top/Part 1&&058; basics",
    ),
    (
        "Moodle's placeholder typed as text is the character",
        "::A::Time&&058; now{T}",
        lambda qs: qs[0].text.text == "Time: now",
    ),
    (
        "a weight of 33.3% is read",
        "::A::Q{~%33.3%a ~%66.7%b ~c}",
        lambda qs: qs[0].answers[0].fraction == pytest.approx(0.333),
    ),
]


def ours(text: str) -> list[GiftQuestion]:
    return [q for q in parse_gift(text) if isinstance(q, GiftQuestion)]


@pytest.mark.parametrize(("name", "text", "check"), EDGES, ids=[e[0] for e in EDGES])
def test_each_edge_reads_as_moodle_reads_it(name: str, text: str, check: object) -> None:
    assert check(ours(text))  # type: ignore[operator]


@needs_moodle
@pytest.mark.parametrize(("name", "text", "check"), EDGES, ids=[e[0] for e in EDGES])
def test_moodles_parser_agrees_on_each_edge(name: str, text: str, check: object, tmp_path: object) -> None:
    moodle = run_oracle("run_gift.php", text, tmp_path)  # type: ignore[arg-type]
    mine = ours(text)
    assert [ours_as_moodle(q) for q in mine] == [
        moodles(q, m.name is not None) for q, m in zip(moodle["questions"], mine, strict=True)
    ]


@pytest.mark.parametrize("weight", ["%33.3%", "%150%"])
def test_a_weight_moodle_refuses_is_refused_with_the_reason(weight: str) -> None:
    result = import_gift(f"::W::Which?{{~{weight}a ~%50%b ~c}}\n\n::Fine::Fine?{{T}}", "w.gift")
    assert [q["id"] for q in result.questions] == ["Fine"]
    (line,) = result.skipped
    assert line.startswith("w.gift:1: question “W”: skipped, the weight")
    assert "none of Moodle's grades" in line


def test_html_questions_become_markdown_and_plain_ones_show_as_typed() -> None:
    text = (
        '::H::[html]Read <a href="https://example.org/x">the source</a><br />then <b>decide</b>{'
        "=[html]<i>Yes</i> ~No####[html]<p>Because</p>}\n\n"
        "::P::[plain]Is 2*3*4 = 24 and a_b [x](y) plain?{T####[plain]*not* bold}"
    )
    questions = {q["id"]: q for q in import_gift(text).questions}
    assert questions["H"]["prompt"] == "Read [the source](https://example.org/x)  \nthen **decide**"
    assert questions["H"]["choices"][0]["text"] == "*Yes*"
    assert questions["H"]["explanation"] == "Because"
    assert questions["P"]["prompt"] == "Is 2\\*3\\*4 \\= 24 and a\\_b \\[x\\](y) plain?"
    assert questions["P"]["explanation"] == "\\*not\\* bold"
