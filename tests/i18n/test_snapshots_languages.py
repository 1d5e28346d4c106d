"""Snapshots at 80x24 in Japanese and Lithuanian: full-width text keeps its columns.

Update after an intended change with `pytest tests/i18n/test_snapshots_languages.py
--snapshot-update` and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, QuizApp, make_app
from tests.conftest import FIXTURES, FakeClock

SMALL = (80, 24)
Compare = Callable[..., bool]


def _app(tmp_path: Path, language: str, question: str) -> QuizApp:
    settings = AppSettings(
        tmp_path / "quiz.db",
        [FIXTURES / "translated"],
        name="田中 Aiko",
        start=StartRequest(bank="mini", question_ids=(question,), shuffle=False),
        language=language,
    )
    return make_app(settings, clock=FakeClock())


@pytest.fixture(autouse=True)
def english_after() -> object:
    yield None
    from quiz.i18n import set_language

    set_language("en")


@pytest.mark.parametrize("language", ["ja", "lt"])
def test_question_80x24(snap_compare: Compare, tmp_path: Path, language: str) -> None:
    assert snap_compare(_app(tmp_path, language, "mini-multiple"), terminal_size=SMALL)


@pytest.mark.parametrize("language", ["ja", "lt"])
def test_feedback_80x24(snap_compare: Compare, tmp_path: Path, language: str) -> None:
    assert snap_compare(_app(tmp_path, language, "mini-single"), terminal_size=SMALL, press=["2"])
