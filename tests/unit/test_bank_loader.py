from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.bank import BankError, load_bank, load_banks
from quiz.cli import cli
from quiz.kinds.registry import kind_of
from tests.conftest import FIXTURES, REPO

BROKEN = FIXTURES / "broken"

# file -> (line, text expected in its problem line)
EXPECTED: dict[str, tuple[int | None, str]] = {
    "bad_toml": (7, "column 23: invalid TOML: the text in quotes is not closed on this line"),
    "unknown_key": (10, "question 'q1': promt: unknown key"),
    "wrong_type": (10, "question 'q1': points: got 'one', expected a number"),
    "duplicate_id": (19, "question 'q1': id: duplicate question id (first used by question #1)"),
    "no_correct_single": (None, "choices: a single question needs exactly one correct choice, found 0"),
    "two_correct_single": (None, "choices: a single question needs exactly one correct choice, found 2"),
    "multiple_none_correct": (None, "choices: a multiple question needs at least one correct choice"),
    "empty_choices": (10, "question 'q1': choices: expected at least 2 items, found 0"),
    "one_choice": (None, "choices: expected at least 2 items, found 1"),
    "too_many_choices": (None, "choices: expected at most 8 items, found 9"),
    "bad_url": (10, "sources[0].url: expected an http:// or https:// address"),
    "no_explanation": (5, "question 'q1': explanation: required but missing"),
    "blank_explanation": (9, "explanation: must not be empty"),
    "duplicate_choice_text": (None, "choices: two choices have the text 'same'"),
    "unknown_type": (5, "unknown question type 'essay' (expected single, multiple"),
    "missing_type": (5, "required but missing: type"),
    "missing_bank_table": (None, "bank: missing [bank] table"),
    "bank_id_mismatch": (2, "bank: id: 'other' must match the file name 'bank_id_mismatch'"),
    "bad_difficulty": (10, "difficulty: got 'extreme', expected 'easy', 'medium' or 'hard'"),
    "bad_technique": (11, "technique: got 'clickbait', expected 'impersonation'"),
    "headline_bad_answer": (10, "answer: got 'fake', expected 'reliable' or 'manipulative'"),
    "true_false_string": (10, "answer: got 'yes', expected true or false"),
    "no_questions": (None, "questions: the bank has no [[questions]]"),
    "bad_question_id": (6, "question 'has space': id: got 'has space', expected letters"),
    "pass_mark_too_high": (4, "bank: pass_mark: got 150, expected at most 100"),
    "negative_points": (10, "points: got -2, expected more than 0"),
    "unknown_top_level": (None, "extra: unknown top-level key"),
    "missing_title": (1, "bank: title: required but missing"),
    "source_without_url": (10, "sources[0].url: required but missing"),
    "not_utf8": (None, "is not UTF-8 text"),
}


def test_every_broken_fixture_has_an_expectation() -> None:
    on_disk = {p.stem for p in BROKEN.glob("*.toml")} - {"many_problems"}
    assert on_disk == set(EXPECTED)
    assert len(on_disk) >= 20


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_rejects_broken_bank(name: str) -> None:
    line, text = EXPECTED[name]
    path = BROKEN / f"{name}.toml"
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [entry for entry in result.output.splitlines() if text in entry]
    assert lines, result.output
    prefix = f"{path}:{line}: " if line else f"{path}"
    assert lines[0].startswith(prefix), lines[0]


def test_all_problems_reported_at_once() -> None:
    with pytest.raises(BankError) as caught:
        load_bank(BROKEN / "many_problems.toml")
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 4
    assert "question 'a': promt: unknown key" in messages[0]
    assert "question 'b': choices: a single question needs exactly one" in messages[1]
    assert "question 'c': difficulty" in messages[2]
    assert ":46: question 'a': id: duplicate question id" in messages[3]


def test_validate_as_a_real_process_prints_no_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "quiz", "validate", str(BROKEN)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"0 banks valid, {len(EXPECTED) + 1} invalid" in proc.stdout


def test_validate_usage_error_exits_2() -> None:
    result = CliRunner().invoke(cli, ["validate", "/no/such/bank.toml"])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_validate_bundled_banks_passes_with_summary() -> None:
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "banks valid" in result.output or "bank valid" in result.output
    assert "types:" in result.output
    assert "difficulty:" in result.output


def test_validate_summary_counts(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(FIXTURES / "sample.toml")])
    assert result.exit_code == 0
    assert "✓ sample: Sample bank (version 1.0, 5 questions)" in result.output
    assert "types: single choice 1, multiple choice 1, true/false 1, headline 2" in result.output
    assert "difficulty: easy 2, medium 2, hard 1" in result.output


@pytest.mark.parametrize(
    ("language", "types", "difficulty"),
    [
        (
            "lt",
            "tipai: vienas atsakymas 1, keli atsakymai 1, tiesa ar netiesa 1, antraštė 2",
            "sunkumas: lengvas 2, vidutinis 2, sunkus 1",
        ),
        (
            "uk",
            "типи: одна відповідь 1, кілька відповідей 1, правда чи неправда 1, заголовок 2",
            "складність: легкі 2, середні 2, складні 1",
        ),
        ("ja", "種類：単一回答 1、複数回答 1、正誤 1、見出し 2", "難易度：易しい 2、普通 2、難しい 1"),
    ],
)
def test_validate_names_kinds_and_difficulties_in_the_language(
    language: str, types: str, difficulty: str
) -> None:
    # The counts were the bank's ids ("tipai: single 1, ...", "sunkumas: easy 2") in every
    # language, where the app's options, results and refusals name them in the language.
    result = CliRunner().invoke(cli, ["--lang", language, "validate", str(FIXTURES / "sample.toml")])
    assert result.exit_code == 0, result.output
    assert types in result.output
    assert difficulty in result.output


def test_defaults_apply_to_questions_without_the_field(tmp_path: Path) -> None:
    text = (FIXTURES / "sample.toml").read_text()
    assert load_bank(FIXTURES / "sample.toml").question("h2").topics == ("headlines",)
    path = tmp_path / "sample.toml"
    path.write_text(text.replace('topics = ["headlines"]\n', ""))
    assert load_bank(path).question("h2").topics == ("general",)


def test_duplicate_bank_ids_across_files(tmp_path: Path) -> None:
    a = tmp_path / "one"
    b = tmp_path / "two"
    a.mkdir()
    b.mkdir()
    text = (FIXTURES / "sample.toml").read_text()
    (a / "sample.toml").write_text(text)
    (b / "sample.toml").write_text(text)
    result = load_banks([a, b])
    assert len(result.banks) == 1
    assert "duplicate bank id 'sample'" in str(result.problems[0])


def test_every_kind_answers_through_the_registry(sample_bank) -> None:  # type: ignore[no-untyped-def]
    tf = sample_bank.question("tf1")
    assert kind_of(tf).options(tf) == ("True", "False")
    assert kind_of(tf).correct_response(tf) == (1,)
    headline = sample_bank.question("h1")
    assert kind_of(headline).options(headline) == ("Reliable", "Manipulative")
    assert kind_of(headline).correct_response(headline) == (1,)
    multiple = sample_bank.question("m1")
    assert kind_of(multiple).correct_response(multiple) == (0, 1)
    single = sample_bank.question("s1")
    assert kind_of(single).option_feedback(single, 0).startswith("Yes")


def test_banks_command_lists_bundled_banks_from_another_directory(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "quiz", "banks"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].split() == ["ID", "TITLE", "QUESTIONS", "LANGUAGES", "TOPICS"]
    ids = {line.split()[0] for line in proc.stdout.splitlines()[1:]}
    assert ids == {p.stem for p in (REPO / "questions").glob("*.toml") if p.stem.count(".") == 0}
