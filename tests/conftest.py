"""Shared fixtures. Every test runs with its own QUIZ_HOME so none touches a real home."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.bank import Bank, load_bank
from quiz.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def quiz_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "quiz-home"
    monkeypatch.setenv("QUIZ_HOME", str(home))
    monkeypatch.delenv("QUIZ_DB", raising=False)
    return home


@pytest.fixture
def sample_bank() -> Bank:
    return load_bank(FIXTURES / "sample.toml")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "test.db") as s:
        yield s


class FakeClock:
    """An attempt's "now", moved by the test: time limits are checked without waiting."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """Every recorded attempt's clock, starting now and moving only when the test says."""
    from quiz.services.attempts import RecordedAttempt

    clock = FakeClock(datetime.now(UTC).replace(microsecond=0))
    monkeypatch.setattr(RecordedAttempt, "clock", staticmethod(clock))
    return clock
