"""Hostile files to import (issue 13, points 3, 5, 6, 14, 15): refused in one line, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quiz.bank import load_bank
from quiz.cli import cli

GOOD = "::good:: Which habit helps before sharing? {=Check the source ~Share at once ####Pause first.}\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_error(result: Result) -> str:
    """The command failed with exit 1 and one ``Error:`` line, no traceback; that line."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    return errors[0]


# -- 3. no control character is carried into a bank -----------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "line"),
    [
        ("gift", GOOD + "\n::evil:: Clear \x1b[2J now {=a ~b ####c}\n", 3),
        ("gift", GOOD + "\n::nul:: NUL \x00 inside {=a ~b ####c}\n", 3),
        ("gift", "::c1:: C1 \x9b2J {=a ~b ####c}\n", 1),
        ("aiken", "What?\nA. yes\nB. no \x07\nANSWER: A\n", 3),
    ],
)
def test_a_control_character_in_a_file_to_import_is_refused_at_its_line(
    tmp_path: Path, kind: str, text: str, line: int
) -> None:
    source = tmp_path / f"in.{kind}"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.toml"
    error = one_error(run("import", kind, str(source), "--out", str(out)))
    assert f"in.{kind}:{line}: contains the control character U+" in error
    assert not out.exists()


def test_escapes_in_a_gift_comment_are_not_carried_in(tmp_path: Path) -> None:
    source = tmp_path / "meta.gift"
    source.write_text(
        GOOD
        + "\n"
        + '// resilience-quiz: {"sources": [{"title": "\\u001b]52;c;aGk=\\u0007", "url": "https://a.org/"}]}\n'
        + "::meta:: Which? {=a ~b ####c}\n",
        encoding="utf-8",
    )
    out = tmp_path / "meta.toml"
    result = run("import", "gift", str(source), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "question “meta”: skipped, its text contains the control character U+001B" in result.output
    assert [q.id for q in load_bank(out).questions] == ["good"]


def test_windows_line_endings_still_import(tmp_path: Path) -> None:
    source = tmp_path / "crlf.gift"
    source.write_bytes(GOOD.replace("\n", "\r\n").encode("utf-8"))
    out = tmp_path / "crlf.toml"
    assert run("import", "gift", str(source), "--out", str(out)).exit_code == 0
    assert load_bank(out).question("good").prompt == "Which habit helps before sharing?"


# -- 5. only regular files ------------------------------------------------------------------


def test_importing_a_named_pipe_returns_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.gift"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [sys.executable, "-m", "quiz", "import", "gift", str(fifo), "--out", str(tmp_path / "x.toml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "fifo.gift: is a named pipe, not a file" in proc.stderr


def test_importing_dev_zero_is_refused_unread(tmp_path: Path) -> None:
    link = tmp_path / "zero.gift"
    link.symlink_to("/dev/zero")
    assert "is a character device, not a file" in one_error(run("import", "gift", str(link)))


# -- 6. the size limit, applied before anything is written ----------------------------------


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """A 4 KB bank limit, so that an import over it takes milliseconds to build, not 200,000 questions."""
    limit = 4096
    for module in ("quiz.bank.summary", "quiz.bank.loader", "quiz.formats.common"):
        monkeypatch.setattr(f"{module}.MAX_BANK_BYTES", limit)
    return limit


def test_an_import_that_would_make_a_bank_over_the_limit_writes_nothing(
    tmp_path: Path, small_limit: int
) -> None:
    source = tmp_path / "many.aiken"
    source.write_text(
        "".join(f"Question {i}?\nA. yes\nB. no\nANSWER: A\n\n" for i in range(60)), encoding="utf-8"
    )
    assert source.stat().st_size < small_limit
    out = tmp_path / "many.toml"
    error = one_error(run("import", "aiken", str(source), "--out", str(out)))
    assert "over the limit of 4.0 KB" in error or "the bank would be" in error
    assert "was not written" in error
    assert not out.exists()
    assert not list(tmp_path.glob(".*.part"))


def test_a_file_to_import_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    source = tmp_path / "huge.gift"
    with source.open("wb") as fh:
        fh.truncate(64 * 1024 * 1024 + 1)
    error = one_error(run("import", "gift", str(source), "--out", str(tmp_path / "huge.toml")))
    assert "huge.gift is 64.0 MB; a file to import may be at most 64 MB" in error


def test_an_import_that_fits_validates_afterwards(tmp_path: Path) -> None:
    source = tmp_path / "ok.gift"
    source.write_text(GOOD * 1, encoding="utf-8")
    out = tmp_path / "ok.toml"
    assert run("import", "gift", str(source), "--out", str(out)).exit_code == 0
    assert run("validate", str(out)).exit_code == 0


# -- 14. --out into a folder that does not exist --------------------------------------------


def test_import_out_into_a_missing_folder_is_refused_like_export(tmp_path: Path) -> None:
    source = tmp_path / "ok.gift"
    source.write_text(GOOD, encoding="utf-8")
    missing = tmp_path / "no-such-dir"
    error = one_error(run("import", "gift", str(source), "--out", str(missing / "x.toml")))
    assert error == f"Error: cannot write {missing / 'x.toml'}: No such file or directory"
    assert not missing.exists()
    from quiz.infra.files import WriteError, write_text

    with pytest.raises(WriteError) as exported:  # what `quiz export --out` says for the same path
        write_text(missing / "x.toml", "")
    assert error == f"Error: {exported.value}"


def test_the_default_banks_folder_is_still_made_on_first_import(tmp_path: Path, quiz_home: Path) -> None:
    source = tmp_path / "first.gift"
    source.write_text(GOOD, encoding="utf-8")
    assert run("import", "gift", str(source)).exit_code == 0
    assert (quiz_home / "banks" / "first.toml").is_file()


# -- 15. nested braces ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "::n:: " + "{" * 10_000 + "=a ~b" + "}" * 10_000,
        "::n:: " + "{" * 10_000 + "}" * 10_000,
        "::n:: Text {=a ~b} and {=c ~d}",
    ],
    ids=["nested-with-answers", "nested-empty", "two-answer-blocks"],
)
def test_nested_or_repeated_braces_are_refused_as_malformed(tmp_path: Path, question: str) -> None:
    source = tmp_path / "braces.gift"
    source.write_text(question + "\n", encoding="utf-8")
    out = tmp_path / "braces.toml"
    result = run("import", "gift", str(source), "--out", str(out))
    assert "braces.gift:1: skipped, malformed: more than one pair of braces" in result.output
    assert "one {...} of answers (escape a literal brace as \\{ or \\})" in result.output
    assert one_error(result) == "Error: no question could be imported, so no bank was written"
    assert not out.exists()
