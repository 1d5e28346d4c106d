"""A bank's cut-off date (`facts_as_of`): validated, and shown wherever its facts are read."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.bank import BankError, load_bank, summarise_banks
from quiz.bank.models import as_of_text
from quiz.cli import cli
from quiz.export import export_attempts
from quiz.store import Store
from tests.conftest import FIXTURES, REPO
from tests.questions import right
from tests.unit.playing import take

SAMPLE = (FIXTURES / "sample.toml").read_text(encoding="utf-8")


def bank_file(tmp_path: Path, line: str, name: str = "dated") -> Path:
    """The sample bank with one more line in its [bank] table (line 2 of the file)."""
    path = tmp_path / f"{name}.toml"
    path.write_text(SAMPLE.replace("[bank]\n", f"[bank]\n{line}\n", 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("line", ["facts_as_of = 2026-02-28", 'facts_as_of = "2026-02-28"'])
def test_a_day_as_toml_date_or_iso_string(tmp_path: Path, line: str) -> None:
    assert load_bank(bank_file(tmp_path, line)).info.facts_as_of == date(2026, 2, 28)


def test_without_it_the_bank_has_no_cut_off() -> None:
    assert load_bank(FIXTURES / "sample.toml").info.facts_as_of is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("facts_as_of = 2026-02-28T10:00:00", "expected a date such as 2026-02-28 (a day, no time)"),
        ("facts_as_of = 2026", "got 2026, expected a date such as 2026-02-28"),
        ('facts_as_of = "February 2026"', "got 'February 2026', expected a date"),
        ("facts_as_of = 2999-01-01", "2999-01-01 is in the future"),
        ('facts_as_of = "2026-02-30"', "day value is outside expected range"),
    ],
)
def test_not_a_past_day_is_one_clear_problem(tmp_path: Path, line: str, message: str) -> None:
    path = bank_file(tmp_path, line)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    [problem] = caught.value.problems
    assert problem.field == "facts_as_of"
    assert problem.line == 2
    assert message in problem.message
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: bank: facts_as_of: " in result.output


def test_validate_and_the_summary_show_the_day(tmp_path: Path) -> None:
    path = bank_file(tmp_path, "facts_as_of = 2026-02-28")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "facts as of 2026-02-28" in result.output
    cache = tmp_path / "summary.json"
    for _ in range(2):  # read from the file, then from the cache
        [summary] = summarise_banks([path], cache=cache)
        assert summary.facts_as_of == date(2026, 2, 28)
    assert json.loads(cache.read_text())[str(path)][1]["facts_as_of"] == "2026-02-28"
    assert as_of_text(date(2026, 2, 8)) == "Facts as of 8 February 2026"


def test_item_analysis_and_html_report_state_the_cut_off(tmp_path: Path) -> None:
    path = bank_file(tmp_path, "facts_as_of = 2026-02-28")
    bank = load_bank(path)
    db = tmp_path / "quiz.db"
    with Store(db) as store:
        learners = [store.learner(f"L{n}") for n in range(3)]
        ids = [take(store, bank, who, lambda q: list(right(q))).id for who in learners]
        html = io.StringIO()
        export_attempts(store, ids, "html", html, banks={bank.id: bank})
    assert "Sample bank: Facts as of 28 February 2026" in html.getvalue()
    table = CliRunner().invoke(cli, ["--db", str(db), "report", str(path)])
    assert table.exit_code == 0, table.output
    assert "Facts as of 28 February 2026." in table.stdout.splitlines()[:3]
    document = CliRunner().invoke(cli, ["--db", str(db), "report", str(path), "--format", "json"])
    assert json.loads(document.stdout)["facts_as_of"] == "2026-02-28"


def test_the_theme_banks_share_one_cut_off_date() -> None:
    # One date for all: a learner comparing banks must not meet October 2025 in one and
    # February 2026 in another.
    themes = ["disinformation", "democratic_resilience", "sanctions", "ukraine_recovery"]
    days = {name: load_bank(REPO / "questions" / f"{name}.toml").info.facts_as_of for name in themes}
    assert len(set(days.values())) == 1, days
    assert None not in days.values()
