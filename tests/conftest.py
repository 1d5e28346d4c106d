"""Shared fixtures. Every test runs with its own QUIZ_HOME so none touches a real home."""

from __future__ import annotations

from collections.abc import Iterator
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
