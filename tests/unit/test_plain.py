"""Plain mode driven through stdin, as a screen reader or a pipe would."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from quiz.cli import cli
from quiz.store import Store
from tests.conftest import FIXTURES

SAMPLE = str(FIXTURES / "sample.toml")
# With --no-shuffle the order is s1, m1, tf1, h1, h2 and the right answers are:
RIGHT = ["1", "1,2", "2", "2", "1"]


def take(db: Path, stdin: str, *extra: str) -> str:
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), "take", SAMPLE, "--plain", "--no-shuffle", "--name", "Ona", *extra],
        input=stdin,
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def test_practice_with_feedback_and_results(tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    out = take(db, "\n".join(RIGHT) + "\n")
    assert out.count("✓ Correct.") == 5
    assert "  1. Leaving the page to check what others say about its source" in out
    assert "Why: Fact-checkers leave a site" in out
    assert "Source: Stanford History Education Group: https://sheg.stanford.edu/" in out
    assert "✓ PASSED: Sample bank" in out
    assert "Score 5 of 5 (100.0%)" in out
    assert "Discernment on headline items:" in out
    with Store(db) as store:
        (row,) = store.attempts()
        assert row.percent == 100.0
        assert len(store.answers(row.id)) == 5


def test_invalid_input_is_asked_again(tmp_path: Path) -> None:
    out = take(tmp_path / "p.db", "9\nabc\n1,2\n2\n" + "\n".join(RIGHT[1:]) + "\n")
    assert out.count("Please type one number from 1 to 3 (s skips, q quits).") == 3
    assert "✗ Not right." in out  # "2" was a real (wrong) answer to s1


def test_partial_credit_is_reported(tmp_path: Path) -> None:
    out = take(tmp_path / "p.db", "1\n1\n" + "\n".join(RIGHT[2:]) + "\n")
    assert "◐ Partly right (50% of the credit)." in out
    assert "Score 4.5 of 5 (90.0%)" in out


def test_end_of_input_keeps_the_attempt_and_the_same_command_resumes(tmp_path: Path) -> None:
    db = tmp_path / "eof.db"
    out = take(db, "1\n1,2\n")
    assert "Input ended. Your answers are saved" in out
    with Store(db) as store:
        (row,) = store.unfinished()
        assert set(store.answers(row.id)) == {"s1", "m1"}
    out = take(db, "y\n" + "\n".join(RIGHT[2:]) + "\n")
    assert "(2 of 5 answered). Resume it? [Y/n]" in out
    assert "Score 5 of 5 (100.0%)" in out
    with Store(db) as store:
        assert store.unfinished() == []
        assert len(store.attempts()) == 1


def test_skip_and_quit(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    out = take(db, "s\nq\n")
    assert "Question 2 of 5" in out
    assert "Left the attempt. Your answers are saved" in out
    with Store(db) as store:
        assert len(store.unfinished()) == 1


def test_exam_gives_feedback_only_at_the_end(tmp_path: Path) -> None:
    out = take(tmp_path / "e.db", "\n".join(["2", "3", "1", "1", "2"]) + "\n", "--mode", "exam")
    assert "✓ Correct." not in out
    assert "✗ Not right." not in out
    assert "✗ NOT PASSED: Sample bank" in out
    assert "Missed questions:" in out


def test_confidence_mode_asks_how_sure(tmp_path: Path) -> None:
    out = take(
        tmp_path / "c.db", "1\nx\nh\n" + "\n".join(f"{a}\nh" for a in RIGHT[1:]) + "\n", "--confidence"
    )
    assert "Please type l, m or h." in out
    assert "Score 15 of 15 (100.0%)" in out


def test_unknown_bank_and_topic_are_clear_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "take", "nope", "--plain"])
    assert result.exit_code == 1
    assert "Error: no bank called 'nope'" in result.output
    result = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "take", SAMPLE, "--topic", "astrology"])
    assert result.exit_code == 1
    assert "no question in bank 'sample' matches topic astrology" in result.output


def test_plain_needs_a_name_the_first_time(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "n.db"), "take", SAMPLE, "--plain"], input="")
    assert result.exit_code == 2
    assert "plain mode needs --name the first time" in result.output
