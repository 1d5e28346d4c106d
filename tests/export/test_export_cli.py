"""`quiz export` as a user runs it: files, stdout, filters, errors, progress."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quiz.cli import cli
from quiz.export import registry
from tests.export.conftest import ALL_RIGHT, Seeded, take


@pytest.fixture
def exported(seeded: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Seeded:
    # `quiz export` finds banks in the bank folders: put the sample bank among the user's banks.
    home = Path(str(seeded.store.path)).parent / "home"
    monkeypatch.setenv("QUIZ_HOME", str(home))
    (home / "banks").mkdir(parents=True)
    (home / "banks" / "sample.toml").write_bytes(Path(str(seeded.bank.path)).read_bytes())
    return seeded


def export(seeded: Seeded, *args: str) -> Any:
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
def test_export_to_a_file_writes_what_stdout_gets(exported: Seeded, tmp_path: Path, fmt: list[str]) -> None:
    out = tmp_path / "export"
    to_file = export(exported, *fmt, "--out", str(out))
    to_stdout = export(exported, *fmt)
    assert to_file.exit_code == to_stdout.exit_code == 0, to_file.output
    assert out.read_bytes() == to_stdout.stdout_bytes
    assert "山田 太郎".encode() in out.read_bytes()


def test_an_option_the_format_does_not_read_is_named_and_ignored(exported: Seeded) -> None:
    result = export(exported, "--format", "xapi", "--title", "Spring", "--grade", "latest")
    assert result.exit_code == 0, result.output
    assert "warning: --title does not apply to xapi; ignored" in result.stderr
    assert "warning: --grade does not apply to xapi; ignored" in result.stderr
    quiet = export(exported, "--format", "moodle", "--grade", "latest")
    assert "does not apply" not in quiet.stderr


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


def test_the_readme_lists_every_format_as_the_registry_does() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- export-formats")
    table = readme[readme.index("\n", start) + 1 : readme.index("<!-- /export-formats -->")]
    assert table == registry.markdown_table()


def test_the_cli_offers_every_registered_format() -> None:
    result = CliRunner().invoke(cli, ["export", "--help"])
    for fmt in registry.FORMATS.values():
        assert f"{fmt.name}:" in " ".join(result.output.split())


@pytest.mark.parametrize("option", ["--activity-base", "--home-page"])
@pytest.mark.parametrize(
    "value", ["lms.example.lt/xapi", "javascript:alert(1)", "https://", "https://a b.lt"]
)
def test_an_xapi_address_that_is_no_web_address_is_refused(exported: Seeded, option: str, value: str) -> None:
    # Statements with such an activity id or homePage were written, and an LRS refuses them.
    for command in (["export", "--format", "xapi"], ["lrs", "push", "--endpoint", "https://lrs.example"]):
        result = CliRunner().invoke(cli, ["--db", str(exported.store.path), *command, option, value])
        assert result.exit_code == 2, (command, result.output)
        assert "starts with http:// or https://" in result.stderr
        assert value in result.stderr
