"""Plain mode driven through stdin, as a screen reader or a pipe would."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from quiz.bank import load_bank
from quiz.cli import cli
from quiz.engine.request import StartRequest
from quiz.frontends.plain.session import run_plain
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
        env={"COLUMNS": "200"},  # one message per line, whatever the terminal running the tests
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
    assert "What does lateral reading mean?" in out  # Markdown read as text, no stars
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


def test_piped_input_starts_a_new_line_after_each_prompt(tmp_path: Path) -> None:
    # A pipe does not echo the typed line and its newline as a terminal does: the re-ask and the
    # feedback began on the prompt's line ("Your answer (1-3): Please type one number ...").
    out = take(tmp_path / "p.db", "9\n" + "\n".join(RIGHT) + "\n")
    lines = out.splitlines()
    assert "Please type one number from 1 to 3 (s skips, q quits)." in lines
    assert lines.count("✓ Correct.") == 5
    assert lines[-1].strip(), "the last line is the result, not an empty prompt"


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
    # Piped input is never eaten as the reply to a question it did not see: the first line
    # here answers tf1, and the decision is said.
    out = take(db, "\n".join(RIGHT[2:]) + "\n")
    assert "Resuming your unfinished practice attempt on Sample bank (2 of 5 answered" in out
    assert "Input is not a terminal, so nothing was asked: --new starts a new attempt" in out
    assert "Score 5 of 5 (100.0%)" in out
    with Store(db) as store:
        assert store.unfinished() == []
        assert len(store.attempts()) == 1


class Terminal(io.StringIO):
    """Typed input: plain mode may ask whether to resume."""

    def isatty(self) -> bool:
        return True


def plain(db: Path, typed: str, *, new: bool = False, tty: bool = True, status: int = 0) -> str:
    """Plain mode on the sample bank (no shuffling) with this input, as Ona; returns the output."""
    out = io.StringIO()
    with Store(db) as store:
        bank = load_bank(FIXTURES / "sample.toml")
        exit_status = run_plain(
            store,
            bank,
            store.remember_learner("Ona"),
            StartRequest(bank="sample", shuffle=False),
            inp=Terminal(typed) if tty else io.StringIO(typed),
            out=out,
            new=new,
            width=200,
        )
    assert exit_status == status, out.getvalue()
    return out.getvalue()


def test_the_resume_prompt_asks_again_and_never_drops_an_attempt(tmp_path: Path) -> None:
    db = tmp_path / "resume.db"
    plain(db, "1\n")  # one answer, then the input ends
    out = plain(db, "maybe\nn\n" + "\n".join(RIGHT) + "\n")
    assert "You have an unfinished practice attempt on Sample bank (1 of 5 answered" in out
    assert out.count("Please type y to resume, n for a new attempt (this one is kept), or d to discard") == 1
    assert "Starting a new attempt; the unfinished one stays for later." in out
    with Store(db) as store:
        (kept,) = store.unfinished()
        assert set(store.answers(kept.id)) == {"s1"}
        assert len(store.attempts()) == 1  # the new one, finished
    # Discarding is on purpose only: d, then a second yes; a no asks the first question again.
    out = plain(db, "d\nn\n", status=1)
    assert "Discard it and its answers for good? [y/N]" in out
    assert out.count("Resume it (y), start a new one and keep this for later (n)") == 2
    with Store(db) as store:
        assert [r.id for r in store.unfinished()] == [kept.id]
    out = plain(db, "d\ny\nq\n")
    assert "Discarded." in out
    with Store(db) as store:
        assert kept.id not in [r.id for r in store.unfinished()]


def test_new_starts_another_attempt_and_keeps_the_unfinished_one(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    plain(db, "1\n", tty=False)
    out = plain(db, "\n".join(RIGHT) + "\n", new=True, tty=False)
    assert "Starting a new attempt; your unfinished practice attempt on Sample bank (1 of 5" in out
    assert "Score 5 of 5 (100.0%)" in out
    with Store(db) as store:
        assert len(store.unfinished()) == 1


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
    assert "Error: no bank called “nope”" in result.output
    result = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "take", SAMPLE, "--topic", "astrology"])
    assert result.exit_code == 1
    assert "no question in bank “sample” matches topic astrology" in result.output


def test_first_use_asks_the_name_and_remembers_it(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), "take", SAMPLE, "--plain", "--no-shuffle"],
        # A name of zero-width spaces only is no name either: it stopped with "Error: a learner
        # needs a name" once the store came to keep no invisible character.
        input="\n  \n\u200b\u2066\nOna\x1b[2J Petraitė\n" + "\n".join(RIGHT) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("Your name (remembered for next time): ") == 4
    assert result.output.count("Please type a name") == 3
    assert "Score 5 of 5 (100.0%)" in result.output
    with Store(db) as store:
        learner = store.remembered_learner()
        assert learner is not None
        assert learner.name == "Ona[2J Petraitė"  # the escape character is not kept


def test_no_name_and_no_input_is_a_clear_stop(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "n.db"), "take", SAMPLE, "--plain"], input="")
    assert result.exit_code == 1
    assert "Input ended before a quiz started." in result.output
    assert "Usage:" not in result.output


def test_skip_on_the_last_unanswered_question_offers_to_finish(tmp_path: Path) -> None:
    out = take(tmp_path / "s.db", "\n".join(RIGHT[:4]) + "\ns\nn\ns\ny\n", "--mode", "exam")
    assert out.count("This is the only question left unanswered. Finish without it? [y/N]") == 2
    assert out.count("Question 5 of 5") == 2
    assert "4 of 5 fully right" in out


def test_one_question_is_one_question(tmp_path: Path) -> None:
    out = take(tmp_path / "o.db", "1\n", "--topic", "verification")
    assert "Sample bank: 1 question, practice." in out


def test_scores_and_answers_read_as_people_read_them(tmp_path: Path) -> None:
    bank = tmp_path / "thirds.toml"
    bank.write_text(
        """[bank]
title = "Thirds"
[[questions]]
id = "q1"
type = "multiple"
prompt = "Which are **right**?"
explanation = "The first three."
[[questions.choices]]
text = "A"
correct = true
[[questions.choices]]
text = "B"
correct = true
[[questions.choices]]
text = "C"
correct = true
[[questions.choices]]
text = "D"
""",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli,
        ["--db", str(tmp_path / "t.db"), "take", str(bank), "--plain", "--name", "Ona", "--seed", "5"],
        input="1\n",
    )
    out = result.output
    assert "Score 0.33 of 1 (33.3%)" in out
    assert "0.33333" not in out
    # The right answers in the order they were shown, whatever order the bank has them in.
    line = next(ln for ln in out.splitlines() if ln.startswith("Correct answer: "))
    parts = re.split(r", | and ", line.removeprefix("Correct answer: "))  # listed as English lists
    shown = [int(part.split(".")[0]) for part in parts]
    assert shown == sorted(shown)
    assert len(shown) == 3


def test_markdown_is_plain_text_wrapped_to_the_terminal(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", str(tmp_path / "w.db"), "take", SAMPLE, "--plain", "--no-shuffle", "--name", "Ona"],
        input="1\n",
        env={"COLUMNS": "40"},
    )
    out = result.output
    assert "What does lateral reading mean?" in out
    assert "**" not in out
    assert max(len(line) for line in out.splitlines() if not line.startswith("Your ")) <= 40
    assert "  1. Leaving the page to check what\n     others say about its source" in out


def test_ctrl_c_says_the_answers_are_saved_and_exits_130(tmp_path: Path) -> None:
    db = tmp_path / "int.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "quiz", "--db", str(db), "take", SAMPLE, "--plain", "--no-shuffle"]
    with subprocess.Popen(
        [*command, "--name", "Ona"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # Ctrl+C as a terminal delivers it: a suite started in the background (`nohup ... &`)
        # passes SIGINT on ignored, and Python then never turns it into KeyboardInterrupt.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as proc:
        assert proc.stdin is not None
        assert proc.stdout is not None
        proc.stdin.write("1\n")
        proc.stdin.flush()
        seen = ""
        while "Your answers, comma-separated" not in seen:  # question 2 is waiting for input
            seen += proc.stdout.read(1)
        proc.send_signal(signal.SIGINT)
        rest, errors = proc.communicate(timeout=30)
    assert proc.returncode == 130, errors
    assert "Stopped. Your answers are saved: run the same command to resume." in rest
    assert "Aborted!" not in rest + errors
    assert "Traceback" not in errors
    with Store(db) as store:
        (row,) = store.unfinished()
        assert set(store.answers(row.id)) == {"s1"}
