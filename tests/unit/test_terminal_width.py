"""`quiz banks` and `--help` use the terminal's width: no wrap at 80 when it is wider, nothing
past its edge when it is narrower (issue 11, point 20)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.bank import load_banks
from quiz.cli import cli
from quiz.commands.context import table
from tests.conftest import REPO

HEADER = ("ID", "TITLE", "QUESTIONS", "LANGUAGES", "TOPICS")


def bundled_rows() -> list[tuple[str, ...]]:
    banks = load_banks([REPO / "questions"]).banks
    return [
        (b.id, b.info.title, str(len(b.questions)), " ".join(b.languages), ", ".join(b.topics)) for b in banks
    ]


def words(text: str) -> list[str]:
    return text.replace(",", " ").split()


@pytest.mark.parametrize("width", [40, 80, 120, 200])
def test_the_bank_list_fits_the_terminal_and_keeps_every_word(
    capsys: pytest.CaptureFixture[str], width: int
) -> None:
    rows = bundled_rows()
    table(HEADER, rows, width, wrap=(1, 4))
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) <= width
    shown = words(out)
    for row in rows:
        for word in words(" ".join(row)):
            assert word in shown, (width, word)


def test_a_wide_terminal_gets_one_line_per_bank(capsys: pytest.CaptureFixture[str]) -> None:
    rows = bundled_rows()
    natural = sum(max(len(r[i]) for r in [HEADER, *rows]) for i in range(5)) + 8
    table(HEADER, rows, natural, wrap=(1, 4))
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(rows) + 1
    assert len(max(lines, key=len)) > 80  # no wrap at 80 when the terminal is wider


def in_terminal(columns: int, *args: str) -> str:
    """Run ``quiz`` with its output on a pseudo-terminal ``columns`` wide, as a user sees it."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "quiz", *args], stdout=follower, stderr=follower, env=env, cwd=REPO
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the program ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [80, 120])
def test_quiz_banks_in_a_terminal_stays_inside_it(columns: int) -> None:
    out = in_terminal(columns, "banks")
    assert max(len(line) for line in out.splitlines()) <= columns
    assert "Lithuania's model" in out.replace("\n", " ") or "Lithuania's" in out


def test_piped_quiz_banks_is_one_line_per_bank(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "quiz", "banks"], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    lines = proc.stdout.splitlines()
    assert len(lines) == len(bundled_rows()) + 1  # grep and cut get a row per bank


def test_help_uses_the_terminal_width() -> None:
    wide = CliRunner().invoke(cli, ["take", "--help"], env={"COLUMNS": "200"}).output
    assert "Open a quiz on BANK (an id from `quiz banks`, or a .toml file) straight away." in wide
    assert max(len(line) for line in wide.splitlines()) > 80
    narrow = CliRunner().invoke(cli, ["take", "--help"], env={"COLUMNS": "50"}).output
    assert "--time-limit" in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 50


@pytest.mark.parametrize("command", [[], ["take"], ["export"], ["report"], ["host"], ["lrs", "push"]])
def test_no_help_runs_past_a_narrow_terminal(command: list[str]) -> None:
    # Click never wraps help narrower than 50 columns: at 48 its lines ran past the edge.
    out = CliRunner().invoke(cli, [*command, "--help"], env={"COLUMNS": "48"}).output
    # What click cannot wrap may run over: an option's name with its choices, alone on its line
    # (its help starts on the next). Every line of text fits.
    over = [line for line in out.splitlines() if len(line) > 48]
    assert all(line.lstrip().startswith("-") and "  " not in line.strip() for line in over), out
    assert len(over) <= 1, out
