"""Helpers for driving the app with Pilot against a temporary database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, QuizApp, make_app
from tests.conftest import FIXTURES, REPO

AppFactory = Callable[..., QuizApp]


@pytest.fixture
def app_factory(tmp_path: Path) -> AppFactory:
    """Build an app on the sample bank (and the bundled ones when asked) with a temp database."""

    def build(
        *,
        start: StartRequest | None = None,
        name: str | None = "Aiko",
        email: str = "",
        bundled: bool = False,
        db: Path | None = None,
    ) -> QuizApp:
        dirs = [FIXTURES / "sample.toml"]
        if bundled:
            dirs.append(REPO / "questions")
        settings = AppSettings(db or tmp_path / "quiz.db", dirs, name=name, email=email, start=start)
        return make_app(settings)

    return build
