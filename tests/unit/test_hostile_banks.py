"""Hostile bank files (issue 13, points 1-7): each is one clear line, never a traceback or a hang.

A bad bank in the user's folder is skipped with a warning by every command that lists banks
(and by the app's start), and refused with its reason by ``quiz validate``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from quiz.bank import BankError, load_bank, load_banks
from quiz.bank.summary import MAX_BANK_BYTES, summarise_banks
from quiz.cli import cli
from tests.conftest import FIXTURES

SAMPLE = (FIXTURES / "sample.toml").read_text(encoding="utf-8")


def _set(table: str, lines: str) -> str:
    """``table`` (TOML lines) with each ``key = value`` of ``lines`` replacing that key's line."""
    keys = {line.split("=")[0].strip() for line in lines.splitlines() if "=" in line and line[0] != "["}
    kept = [line for line in table.splitlines() if line.split("=")[0].strip() not in keys]
    return "\n".join([kept[0], lines, *kept[1:]]) + "\n"


def bank_with(tmp_path: Path, name: str, bank_lines: str = "", question_lines: str = "") -> Path:
    """The sample bank under another name, with lines set in its [bank] table and first question."""
    bank_end = SAMPLE.index("[bank.defaults]")
    first = SAMPLE.index("[[questions]]")
    choices = SAMPLE.index("[[questions.choices]]")
    head = SAMPLE[:bank_end]
    bank = _set(head[head.index("[bank]") :], bank_lines)
    question = _set(SAMPLE[first:choices], question_lines)
    text = bank + SAMPLE[bank_end:first] + question + SAMPLE[choices:]
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_clean_failure(result: Result, *expected: str) -> str:
    """Exit 1, no traceback, and a line holding every ``expected`` text; returns that line."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if all(e in line for e in expected)]
    assert lines, result.output
    return lines[0]


@pytest.fixture
def user_banks(quiz_home: Path) -> Path:
    folder = quiz_home / "banks"
    folder.mkdir(parents=True)
    return folder


# -- 1. deep nesting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nested",
    [
        "x = " + "[" * 1000 + "]" * 1000,
        "x = " + "{ a = " * 1000 + "1" + " }" * 1000,
        "x." + ".".join(["a"] * 5000) + " = 1",
    ],
    ids=["arrays", "inline-tables", "dotted-key"],
)
def test_deeply_nested_toml_is_a_problem_not_a_recursion_error(tmp_path: Path, nested: str) -> None:
    path = bank_with(tmp_path, "deep", nested)
    line = assert_clean_failure(run("validate", str(path)), "deep.toml", "invalid TOML")
    assert "nested" in line or "parts" in line


def test_a_nested_value_just_under_the_limit_is_reported_briefly(tmp_path: Path) -> None:
    path = bank_with(tmp_path, "nested", question_lines="topics = " + "[" * 390 + "]" * 390)
    line = assert_clean_failure(run("validate", str(path)), "question 's1': topics")
    assert len(line) < 300


def test_a_deep_bank_in_the_user_folder_stops_no_command(user_banks: Path) -> None:
    (user_banks / "deep.toml").write_text(
        '[bank]\ntitle = "deep"\nx = ' + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8"
    )
    listed = run("banks")
    assert listed.exit_code == 0, listed.output
    assert "sanctions" in listed.output
    assert "warning:" in listed.output
    assert "deep.toml" in listed.output
    assert {s.id for s in summarise_banks([user_banks])} == set()
    assert run("validate", str(user_banks)).exit_code == 1


# -- 2. numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bank_line", "question_line", "field"),
    [
        ("time_limit_minutes = inf", "", "time_limit_minutes"),
        ("time_limit_minutes = nan", "", "time_limit_minutes"),
        ("time_limit_minutes = 1e308", "", "time_limit_minutes"),
        ("pass_mark = nan", "", "pass_mark"),
        ("pass_mark = -inf", "", "pass_mark"),
        ("", "points = inf", "points"),
        ("", "points = nan", "points"),
        ("", "points = " + "9" * 5000, ""),
        ("", "points = " + "9" * 400, "points"),
    ],
    ids=lambda value: value[:40] if isinstance(value, str) else None,
)
def test_every_number_is_finite_and_in_range(
    tmp_path: Path, bank_line: str, question_line: str, field: str
) -> None:
    path = bank_with(tmp_path, "numbers", bank_line, question_line)
    line = assert_clean_failure(run("validate", str(path)), "numbers.toml")
    assert field in line
    assert len(line) < 300


def test_a_default_number_is_checked_too(tmp_path: Path) -> None:
    path = tmp_path / "defaults.toml"
    text = SAMPLE.replace('topics = ["general"]', 'topics = ["general"]\npoints = inf')
    path.write_text(text, encoding="utf-8")
    assert_clean_failure(run("validate", str(path)), "defaults.toml", "bank: defaults.points")


def test_an_exam_on_a_bank_with_a_long_time_limit_plans_without_overflow(tmp_path: Path) -> None:
    from quiz.engine import plan_attempt

    bank = load_bank(bank_with(tmp_path, "long", "time_limit_minutes = 1440"))
    minutes = bank.info.time_limit_minutes
    assert minutes == 1440
    assert plan_attempt(bank, time_limit_seconds=minutes * 60).time_limit_seconds == 86_400


@pytest.mark.parametrize("minutes", ["inf", "nan", "1e308", "-1"])
def test_take_refuses_a_time_limit_it_cannot_count_down(minutes: str) -> None:
    result = run("take", "sanctions", "--plain", "--mode", "exam", "--time-limit", minutes, "--name", "Ona")
    assert result.exit_code == 2, result.output
    assert "--time-limit" in result.output
    assert "Traceback" not in result.output


# -- 3. control characters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bank_line", "question_line", "where", "code"),
    [
        ("", r'prompt = "Clear \u001b[2J\u001b[H the screen"', "question 's1': prompt", "U+001B"),
        ("", r'explanation = "Clipboard \u001b]52;c;aGk=\u0007"', "question 's1': explanation", "U+001B"),
        (r'title = "Window \u001b]0;pwned\u0007"', "", "bank: title", "U+001B"),
        (r'language = "\u0000\u0000"', "", "bank: language", "U+0000"),
        ("", r'prompt = "NUL \u0000 inside"', "question 's1': prompt", "U+0000"),
        ("", r'prompt = "TOML 1.1 escape \e[31m"', "question 's1': prompt", "U+001B"),
        ("", 'prompt = "C1 control \u009b2J raw in the file"', "question 's1': prompt", "U+009B"),
        ("", r'prompt = "carriage \r return"', "question 's1': prompt", "U+000D"),
        ("", r'topics = ["ok", "bad\u0007"]', "question 's1': topics[1]", "U+0007"),
        ("", r'sources = [{ title = "x\u001b", url = "https://a.org/" }]', "sources[0].title", "U+001B"),
    ],
)
def test_control_characters_are_refused_with_the_field_named(
    tmp_path: Path, bank_line: str, question_line: str, where: str, code: str
) -> None:
    path = bank_with(tmp_path, "controls", bank_line, question_line)
    result = run("validate", str(path))
    line = assert_clean_failure(result, "controls.toml", where, code)
    assert "\x1b" not in result.output
    assert "\x00" not in result.output
    assert "\x9b" not in result.output
    assert "control character" in line


def test_choice_text_with_an_escape_names_the_choice(tmp_path: Path) -> None:
    path = tmp_path / "choice.toml"
    path.write_text(
        SAMPLE.replace(
            'text = "Reading the comments under the article"', r'text = "Reading \u001b[2J comments"'
        ),
        encoding="utf-8",
    )
    assert_clean_failure(run("validate", str(path)), "question 's1': choices[2].text", "U+001B")


def test_newlines_tabs_and_ordinary_escapes_stay_allowed(tmp_path: Path) -> None:
    path = bank_with(tmp_path, "fine", question_lines=r'prompt = "Tab\there, caf\u00e9,\nnew line"')
    assert load_bank(path).question("s1").prompt == "Tab\there, café,\nnew line"


def test_a_file_name_with_an_escape_is_printed_harmlessly(tmp_path: Path) -> None:
    path = tmp_path / "\x1b[2Jevil.toml"
    path.write_text("not toml at all [", encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "\\x1b[2Jevil.toml" in result.output


def test_the_home_screen_summary_skips_a_bank_with_escapes(user_banks: Path) -> None:
    (user_banks / "evil.toml").write_text(
        SAMPLE.replace('title = "Sample bank"', r'id = "evil"' + "\n" + r'title = "\u001b[2J"'),
        encoding="utf-8",
    )
    assert [s.id for s in summarise_banks([user_banks])] == []


# -- 4. unreadable files --------------------------------------------------------------------


def test_a_link_to_proc_self_mem_is_skipped_with_a_warning(user_banks: Path) -> None:
    (user_banks / "mem.toml").symlink_to("/proc/self/mem")
    listed = run("banks")
    assert listed.exit_code == 0, listed.output
    assert "sanctions" in listed.output
    assert "warning:" in listed.output
    assert "mem.toml" in listed.output
    assert "cannot be read" in listed.output
    assert_clean_failure(run("validate", str(user_banks)), "mem.toml", "cannot be read")
    taken = run("take", "sanctions", "--plain", "--name", "Ona", "--count", "1")
    assert "Traceback" not in taken.output
    assert not isinstance(taken.exception, OSError)


def test_a_file_without_read_permission_is_skipped_with_a_warning(
    user_banks: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, who may read anything: refuse the open at the OS boundary instead.
    locked = user_banks / "locked.toml"
    locked.write_text(SAMPLE.replace("[bank]", '[bank]\nid = "locked"'), encoding="utf-8")
    real_open = os.open

    def refusing_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(path)).name == "locked.toml":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing_open)
    listed = run("banks")
    assert listed.exit_code == 0, listed.output
    assert "locked.toml: file: cannot be read: Permission denied (check its permissions)" in listed.output
    assert_clean_failure(run("validate", str(user_banks)), "locked.toml", "Permission denied")
    taken = run("take", str(locked), "--plain", "--name", "Ona")
    assert_clean_failure(taken, "locked.toml", "Permission denied")


# -- 5. only regular files, never more than the limit ---------------------------------------


def test_validate_on_a_named_pipe_returns_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [sys.executable, "-m", "quiz", "validate", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert "fifo.toml: file: is a named pipe, not a file" in proc.stdout


def test_a_link_to_dev_zero_is_refused_unread(user_banks: Path) -> None:
    (user_banks / "zero.toml").symlink_to("/dev/zero")
    line = assert_clean_failure(run("validate", str(user_banks / "zero.toml")), "zero.toml")
    assert "is a character device, not a file" in line
    listed = run("banks")
    assert listed.exit_code == 0
    assert "zero.toml" in listed.output


def test_a_named_pipe_in_the_user_folder_is_a_warning(user_banks: Path) -> None:
    os.mkfifo(user_banks / "pipe.toml")
    listed = run("banks")
    assert listed.exit_code == 0, listed.output
    assert "warning:" in listed.output
    assert "pipe.toml" in listed.output


def test_a_file_that_grows_past_the_limit_is_not_read_past_it(tmp_path: Path) -> None:
    from quiz.infra.reading import TooLargeError, read_limited

    path = tmp_path / "small.toml"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100) == b"x" * 100
    with pytest.raises(TooLargeError) as caught:
        read_limited(path, 99)
    assert caught.value.size == 100


# -- 6. the size limit ----------------------------------------------------------------------


def test_the_limit_is_64_mb() -> None:
    assert MAX_BANK_BYTES == 64 * 1024 * 1024


def test_a_14_mb_bank_of_10000_real_questions_loads(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
    try:
        from load_banks import generate
    finally:
        sys.path.pop(0)
    path = tmp_path / "big.toml"
    generate(path, 10_000)
    assert path.stat().st_size > 10 * 1024 * 1024
    assert len(load_bank(path).questions) == 10_000


def test_an_oversize_bank_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as fh:
        fh.truncate(MAX_BANK_BYTES + 1)  # sparse: nothing to read but its size
    line = assert_clean_failure(run("validate", str(big)), "big.toml: file:")
    assert "is 64.0 MB" in line or "is 64 MB" in line
    assert "at most 64 MB" in line


# -- 7. byte-order mark ---------------------------------------------------------------------


def test_a_bank_with_a_utf8_byte_order_mark_loads(tmp_path: Path) -> None:
    path = tmp_path / "sample.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"))
    assert len(load_bank(path).questions) == 5
    assert [s.id for s in summarise_banks([tmp_path])] == ["sample"]
    assert run("validate", str(path)).exit_code == 0


def test_load_banks_collects_every_hostile_file_and_keeps_the_good(tmp_path: Path) -> None:
    (tmp_path / "sample.toml").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    (tmp_path / "mem.toml").symlink_to("/proc/self/mem")
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "dangling.toml").symlink_to(tmp_path / "nowhere")
    result = load_banks([tmp_path])
    assert [b.id for b in result.banks] == ["sample"]
    assert sorted(p.name for p in result.failed) == ["dangling.toml", "fifo.toml", "mem.toml", "zero.toml"]
    with pytest.raises(BankError):
        load_bank(tmp_path / "fifo.toml")
