"""Shared fixtures. Every test runs with its own QUIZ_HOME so none touches a real home."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings

from quiz.bank import Bank, load_bank
from quiz.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent

# `pytest tests/unit/test_fuzz_banks.py --hypothesis-profile=fuzz-long`: the long fuzzing run.
settings.register_profile("fuzz-long", max_examples=25_000, deadline=None)


@pytest.fixture(autouse=True)
def quiz_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "quiz-home"
    monkeypatch.setenv("QUIZ_HOME", str(home))
    monkeypatch.delenv("QUIZ_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def english_again() -> Iterator[None]:
    """Each test starts in English: a command run in the test's process with ``--lang lt`` (or
    ``LANG``) sets the interface language for the process, and the tests its worker ran next
    (a kind's rules, a report) spoke Lithuanian, depending on the order xdist handed them out."""
    yield
    from quiz.i18n import set_language

    set_language("en")


@pytest.fixture(autouse=True)
def collector_left_running() -> Iterator[None]:
    """A test that leaves the garbage collector paused (start-up pauses it until the first
    frame) fails itself, rather than the next test of its worker that checks the pause, which
    depended on the order xdist handed the tests out."""
    yield
    if not gc.isenabled():
        gc.enable()
        pytest.fail("the garbage collector was left paused")


@pytest.fixture
def sample_bank() -> Bank:
    return load_bank(FIXTURES / "sample.toml")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "test.db") as s:
        yield s


class FakeClock:
    """ "Now" in tests: time moves only when a test says so, never by waiting."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The clock of attempts recorded outside the app (plain mode, the service itself)."""
    from quiz.services.attempts import RecordedAttempt

    clock = FakeClock()
    monkeypatch.setattr(RecordedAttempt, "clock", staticmethod(clock))
    return clock
