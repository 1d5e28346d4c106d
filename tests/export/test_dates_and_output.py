"""Dates at the ends of the calendar and output that cannot be written (issue 13, point 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.cli import cli
from quiz.export.select import parse_when
from tests.conftest import FIXTURES
from tests.export.conftest import Seeded

EDGES = [
    ("--until", "9999-12-31"),
    ("--until", "9999-12-31T23:00:00-05:00"),
    ("--since", "0001-01-01T00:00:00+05:00"),
    ("--since", "0001-01-01T03:00:00+14:00"),
    ("--since", "0001-01-01"),
]


@pytest.mark.parametrize(("option", "value"), EDGES)
def test_export_and_push_take_dates_at_the_ends_of_the_calendar(
    seeded: Seeded, option: str, value: str
) -> None:
    db = str(seeded.store.path)
    exported = CliRunner().invoke(cli, ["--db", db, "export", option, value])
    assert exported.exit_code == 0, exported.output
    assert f"Exported {len(seeded.ids)} attempts" in exported.output
    pushed = CliRunner().invoke(
        cli, ["--db", db, "lrs", "push", "--endpoint", "http://127.0.0.1:9/xAPI", "--dry-run", option, value]
    )
    assert pushed.exit_code == 0, pushed.output


def test_the_ends_of_the_calendar_are_the_nearest_times_there_are() -> None:
    assert parse_when("9999-12-31", end=True) == "9999-12-31T23:59:59.999+00:00"
    assert parse_when("0001-01-01T00:00:00+05:00") == "0001-01-01T00:00:00.000+00:00"
    assert parse_when("9999-12-31T23:00:00-05:00", end=True) == "9999-12-31T23:59:59.999+00:00"
    assert parse_when("2026-03-01", end=True) == "2026-03-02T00:00:00.000+00:00"


def test_a_date_that_is_no_date_is_still_a_clear_error(seeded: Seeded) -> None:
    result = CliRunner().invoke(cli, ["--db", str(seeded.store.path), "export", "--until", "10000-01-01"])
    assert result.exit_code == 1
    assert "is not a date (YYYY-MM-DD) or ISO 8601 time" in result.output


FULL = Path("/dev/full")


@pytest.mark.skipif(not FULL.exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [
        ["export", "--format", "json"],
        ["export", "--format", "csv", "--answers"],
        ["export", "--format", "xapi"],
        ["convert", str(FIXTURES / "sample.toml"), "--to", "gift"],
        ["banks"],
        ["validate"],
        ["lrs", "push", "--endpoint", "http://127.0.0.1:9/xAPI", "--dry-run"],
    ],
    ids=lambda args: "-".join(a for a in args if not a.startswith("/"))[:40],
)
def test_output_to_a_full_device_is_one_line(seeded: Seeded, args: list[str]) -> None:
    with FULL.open("w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "quiz", "--db", str(seeded.store.path), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONUNBUFFERED": ""},
            check=False,
        )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Exception ignored" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("Error: cannot write the output: No space left on device")
