"""`quiz import gift|aiken`, `quiz convert` and `quiz export` as a user runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.bank import Bank, load_bank
from quiz.cli import cli
from quiz.errors import QuizError
from quiz.formats.aiken import import_aiken
from quiz.formats.common import write_bank
from tests.formats.test_gift import EVERY_CONSTRUCT, ORACLE, needs_oracle

AIKEN = """Which city is the capital of Lithuania?
A. Kaunas
B) Vilnius
C. Klaipėda
ANSWER: B

東京はどこの国の首都ですか？
A. 日本
B. 中国
ANSWER: A

A question whose answer names no option
A. one
B. two
ANSWER: D

Text without an answer line
A. x
B. y
"""


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_aiken_import_keeps_single_answer_questions_and_reports_the_rest() -> None:
    result = import_aiken(AIKEN, "q.txt")
    assert [q["prompt"] for q in result.questions] == [
        "Which city is the capital of Lithuania?",
        "東京はどこの国の首都ですか？",
    ]
    assert [c.get("correct", False) for c in result.questions[0]["choices"]] == [False, True, False]
    assert result.questions[1]["choices"][0] == {"text": "日本", "correct": True}
    assert result.skipped == [
        "q.txt:12: skipped, ANSWER 'D' names no option: Moodle reads the letter as a position, "
        "A to B here, in capitals, and would import the question with no right answer",
        'q.txt:17: skipped, question without an "ANSWER: X" line before the end of the file',
    ]


def test_import_gift_writes_a_bank_to_the_user_banks_folder(tmp_path: Path, quiz_home: Path) -> None:
    source = tmp_path / "media_literacy.gift"
    source.write_text(EVERY_CONSTRUCT, encoding="utf-8")
    result = run("import", "gift", str(source), "--title", "Media literacy")
    assert result.exit_code == 0, result.output
    written = quiz_home / "banks" / "media_literacy.toml"
    bank = load_bank(written)
    assert bank.info.title == "Media literacy"
    assert len(bank.questions) == 8
    assert "Imported 8 questions into" in result.output
    assert result.output.count(": skipped, ") == 3  # each line says it once
    assert result.output.rstrip().endswith("; skipped 3.")
    assert "note: " in result.output
    again = run("import", "gift", str(source))
    assert again.exit_code == 1
    assert "already exists (use --force" in again.output
    assert run("import", "gift", str(source), "--force").exit_code == 0


def test_import_aiken_to_a_chosen_file(tmp_path: Path) -> None:
    source = tmp_path / "quiz.txt"
    source.write_text(AIKEN, encoding="utf-8")
    out = tmp_path / "capitals.toml"
    result = run("import", "aiken", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert load_bank(out).id == "capitals"
    assert "quiz.txt:12: skipped, " in result.output


def test_import_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    source = tmp_path / "latin.gift"
    source.write_bytes("Qui a écrit ça?{=Moi ~Toi}".encode("cp1252"))
    result = run("import", "gift", str(source), "--out", str(tmp_path / "x.toml"))
    assert result.exit_code == 1
    assert "latin.gift is not UTF-8 text (byte" in result.output
    assert "Traceback" not in result.output


@needs_oracle
def test_moodles_windows_1252_fixture_is_refused_like_moodle_does(tmp_path: Path) -> None:
    result = run(
        "import",
        "gift",
        str(ORACLE / "questions_encoding_windows-1252.gift.txt"),
        "--out",
        str(tmp_path / "w.toml"),
    )
    assert result.exit_code == 1
    assert "not UTF-8" in result.output


def test_import_with_nothing_to_keep_is_an_error(tmp_path: Path) -> None:
    source = tmp_path / "essays.gift"
    source.write_text("::E1::Discuss.{}\n\n::E2::Explain.{}\n", encoding="utf-8")
    result = run("import", "gift", str(source), "--out", str(tmp_path / "essays.toml"))
    assert result.exit_code == 1
    assert "no question could be imported" in result.output
    assert not (tmp_path / "essays.toml").exists()


def test_convert_to_gift_and_back(tmp_path: Path, sample_bank: Bank) -> None:
    gift = tmp_path / "sample.gift"
    result = run("convert", str(sample_bank.path), "--to", "gift", "--out", str(gift))
    assert result.exit_code == 0, result.output
    stdout = run("convert", str(sample_bank.path), "--to", "gift")
    assert stdout.stdout == gift.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    back = tmp_path / "sample.toml"
    assert run("import", "gift", str(gift), "--out", str(back)).exit_code == 0
    assert load_bank(back).questions == sample_bank.questions


def test_convert_says_what_moodle_will_shuffle_and_mark_differently(
    tmp_path: Path, sample_bank: Bank
) -> None:
    source = tmp_path / "weighted.toml"
    text = Path(str(sample_bank.path)).read_text(encoding="utf-8")
    source.write_text(text.replace('id = "s1"', 'id = "s1"\npoints = 2', 1), encoding="utf-8")
    result = run("convert", str(source), "--to", "gift", "--out", str(tmp_path / "w.gift"))
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]  # type: ignore[attr-defined]
    shuffled = [n.split("“")[1].split("”")[0] for n in notes if "keep their order here" in n]
    assert shuffled == ["m1", "h1", "h2"]  # m1 says so; headlines keep Reliable, Manipulative in order
    assert [n.split("“")[1].split("”")[0] for n in notes if "default mark of 1" in n] == ["s1"]
    assert "worth 2 points here" in next(n for n in notes if "“s1”" in n)


def test_convert_never_replaces_a_file_unless_told(tmp_path: Path, sample_bank: Bank) -> None:
    """The file at --out may be the very GIFT a bank was imported from: as quiz import does,
    convert refuses to replace it without --force, and leaves it as it was."""
    gift = tmp_path / "mine.gift"
    gift.write_text("::Q1:: My own question {T}\n", encoding="utf-8")
    result = run("convert", str(sample_bank.path), "--to", "gift", "--out", str(gift))
    assert result.exit_code == 1
    assert "already exists (use --force to replace it)" in result.output
    assert gift.read_text(encoding="utf-8") == "::Q1:: My own question {T}\n"
    result = run("convert", str(sample_bank.path), "--to", "gift", "--out", str(gift), "--force")
    assert result.exit_code == 0, result.output
    assert gift.read_text(encoding="utf-8") == run("convert", str(sample_bank.path), "--to", "gift").stdout  # type: ignore[attr-defined]


def test_convert_to_a_missing_folder_is_one_clear_line(tmp_path: Path, sample_bank: Bank) -> None:
    result = run("convert", str(sample_bank.path), "--to", "gift", "--out", str(tmp_path / "no" / "x.gift"))
    assert result.exit_code == 1
    assert "Error: cannot write" in result.output
    assert "No such file or directory" in result.output


def test_a_forced_import_that_does_not_validate_keeps_the_old_bank(tmp_path: Path, sample_bank: Bank) -> None:
    out = tmp_path / "sample.toml"
    out.write_bytes(Path(str(sample_bank.path)).read_bytes())
    document = {
        "bank": {"id": "sample", "title": "Broken", "description": "", "version": "1", "language": "en"},
        "questions": [{"id": "q1", "type": "single", "prompt": "Which?", "options": ["a", "b"]}],
    }
    with pytest.raises(QuizError, match="q1"):
        write_bank(document, out, force=True)
    assert load_bank(out).questions == sample_bank.questions
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
