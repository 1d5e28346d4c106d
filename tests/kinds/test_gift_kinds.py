"""A bank of the new kinds to GIFT and back unchanged, and Moodle's own parser reading the
GIFT written: matching as Moodle's match question, ordering as a match of each item to its
place, spot as a multiple-answer question on the segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank import load_bank
from quiz.formats.common import bank_document, write_bank
from quiz.formats.gift import bank_to_gift, import_gift, moodle_differences
from tests.conftest import FIXTURES
from tests.oracles import have_moodle_php, run_moodle


def test_a_bank_of_the_new_kinds_survives_gift_both_ways(tmp_path: Path) -> None:
    bank = load_bank(FIXTURES / "kinds.toml")
    result = import_gift(bank_to_gift(bank), "kinds.gift")
    assert result.skipped == []
    again = write_bank(bank_document(result, "kinds", None, Path("kinds.gift")), tmp_path / "kinds.toml")
    # Pair feedback, which Moodle's match question has no place for, comes back from the comment.
    assert [p.feedback for p in bank.by_id["match1"].pairs] == [None, "A hidden 'they'.", None]
    assert again.questions == bank.questions


def test_convert_says_what_moodle_gets_for_the_kinds_it_lacks() -> None:
    notes = moodle_differences(load_bank(FIXTURES / "kinds.toml"))
    assert any("“order1”: an ordering question" in n and "matching question" in n for n in notes)
    assert any("“spot1”: a spot question, which Moodle lacks" in n for n in notes)
    assert not any("“match1”" in n for n in notes)


@pytest.mark.skipif(
    not have_moodle_php(),
    reason="needs php and Moodle's parser in ../shared/oracles/moodle/php",
)
def test_moodle_reads_the_new_kinds_as_questions_it_has(tmp_path: Path) -> None:
    bank = load_bank(FIXTURES / "kinds.toml")
    read = run_moodle("run_gift.php", bank_to_gift(bank), tmp_path, timeout=60)
    assert read["errors"] == []
    questions = {q["name"]: q for q in read["questions"] if q["qtype"] != "category"}
    assert {name: q["qtype"] for name, q in questions.items()} == {
        "order1": "match",
        "match1": "match",
        "spot1": "multichoice",
    }
    spot = questions["spot1"]
    assert spot["single"] == 0
    assert [a["text"] for a in spot["answers"]] == [s.text for s in bank.by_id["spot1"].segments]
    assert [a["fraction"] > 0 for a in spot["answers"]] == [
        s.manipulative for s in bank.by_id["spot1"].segments
    ]
    assert all(not q["import_notices"] for q in questions.values())
