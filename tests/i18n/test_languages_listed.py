"""questions/README.md and README.md say which banks exist in which languages: the files, no more."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quiz.bank import load_banks
from tests.conftest import REPO

QUESTIONS = REPO / "questions"


@pytest.mark.parametrize(
    ("readme", "heading"),
    [
        (QUESTIONS / "README.md", "### Which banks exist in which languages"),
        (REPO / "README.md", "## Languages"),
    ],
    ids=["questions/README.md", "README.md"],
)
def test_the_readme_table_lists_every_bank_and_translation_there_is(readme: Path, heading: str) -> None:
    text = readme.read_text(encoding="utf-8")
    start = text.index(heading)
    section = text[start : text.index("\n#", start + 1)]
    header = re.search(r"^\| bank \|(.*)\|$", section, re.M)
    assert header, "the table's header row is missing"
    languages = [cell.strip() for cell in header.group(1).split("|")]
    listed: dict[str, set[str]] = {}
    for row in re.finditer(r"^\| `([^`]+)` \|(.*)\|$", section, re.M):
        cells = [cell.strip() for cell in row.group(2).split("|")]
        listed[row.group(1)] = {tag for tag, cell in zip(languages, cells, strict=True) if cell == "✓"}
    result = load_banks([QUESTIONS])
    actual = {bank.id: set(bank.languages) for bank in result.banks}
    assert listed == actual, (
        f"{readme.name}'s language table differs from the files: add a ✓ for each translation "
        f"(table {listed}, files {actual})"
    )
