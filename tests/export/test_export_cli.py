"""`quiz export` as a user runs it: files, stdout, filters, errors, progress."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.cli import cli
from tests.export.conftest import ALL_RIGHT, Seeded, take


@pytest.fixture
def exported(seeded: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seeded:
    # `quiz export` finds banks in the bank folders: put the sample bank among the user's banks.
    home = Path(str(seeded.store.path)).parent / "home"
    monkeypatch.setenv("QUIZ_HOME", str(home))
    (home / "banks").mkdir(parents=True)
    (home / "banks" / "sample.toml").write_bytes(Path(str(seeded.bank.path)).read_bytes())
    return seeded


def export(seeded: Seeded, *args: str) -> object:
    return CliRunner().invoke(cli, ["--db", str(seeded.store.path), "export", *args])


def test_export_to_a_file_and_to_stdout(exported: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "grades.csv"
    result = export(exported, "--format", "moodle", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Exported 5 attempts as moodle" in result.stderr
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert table[0][0] == "Full name"
    stdout = export(exported, "--format", "json", "--learner", "ona@example.lt")
    assert stdout.exit_code == 0, stdout.output
    assert len(json.loads(stdout.stdout)["attempts"]) == 2


def test_export_filters_by_learner_bank_mode_and_dates(exported: Seeded) -> None:
    def count(*args: str) -> int:
        result = export(exported, "--format", "csv", *args)
        assert result.exit_code == 0, result.output
        return len(list(csv.reader(io.StringIO(result.stdout)))) - 1

    assert count() == 5
    assert count("--learner", "taro") == 1
    assert count("--learner", "TARO", "--learner", "Nobody Known") == 2
    assert count("--mode", "practice") == 1
    assert count("--bank", "sample", "--since", "2000-01-01") == 5
    assert count("--until", "2999-12-31T00:00:00Z") == 5
    started = exported.store.attempt(exported.ids[0]).started_at[:10]
    assert count("--since", started, "--until", started) == 5
    assert count("--answers", "--learner", "taro") == len(exported.attempts[2].attempt.answers)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--learner", "nobody@nowhere"], "no learner named nobody@nowhere"),
        (["--bank", "missing"], "no attempts match"),
        (["--since", "yesterday"], "'yesterday' is not a date"),
    ],
)
def test_export_errors_are_one_clear_line(exported: Seeded, args: list[str], message: str) -> None:
    result = export(exported, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_export_progress_bar_when_asked(exported: Seeded) -> None:
    result = export(exported, "--format", "xapi", "--progress")
    assert result.exit_code == 0, result.output
    assert "Exporting" in result.stderr


@pytest.mark.parametrize("fmt", [["--format", "xapi"], ["--answers"]], ids=["xapi", "csv-answers"])
def test_export_in_several_processes_writes_the_same_file(
    exported: Seeded, tmp_path: Path, fmt: list[str]
) -> None:
    files = {jobs: tmp_path / f"jobs-{jobs}" for jobs in ("1", "3")}
    for jobs, out in files.items():
        result = export(exported, *fmt, "--jobs", jobs, "--out", str(out))
        assert result.exit_code == 0, result.output
    assert files["3"].read_bytes() == files["1"].read_bytes()
    assert files["1"].stat().st_size > 0
    rejected = export(exported, *fmt, "--jobs", "0")
    assert rejected.exit_code == 2
    assert "--jobs" in rejected.stderr


def test_export_cut_short_by_a_closed_pipe_exits_quietly(exported: Seeded) -> None:
    """`quiz export --answers | head -1`: the reader leaves early; no error is printed."""
    for seed in range(200):  # rows well beyond a pipe's buffer
        take(exported.store, exported.bank, exported.learners[0], ALL_RIGHT, seed=seed)
    process = subprocess.Popen(
        [sys.executable, "-m", "quiz", "--db", str(exported.store.path), "export", "--answers"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stdout.readline().startswith(b"attempt,learner,")
    process.stdout.close()
    _, stderr = process.communicate(timeout=60)
    assert b"Traceback" not in stderr
    assert b"Exception ignored" not in stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_full_disk_is_one_clear_line(exported: Seeded) -> None:
    result = export(exported, "--format", "xapi", "--out", "/dev/full")
    assert result.exit_code == 1
    assert "Error: cannot write /dev/full: No space left on device" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
