"""Helpers for driving the app with Pilot against a temporary database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen

from quiz.config import settings_path
from quiz.config.settings import load_settings
from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, QuizApp, make_app
from tests.conftest import FIXTURES, REPO, FakeClock

__all__ = ["AppFactory", "FakeClock", "app_factory", "reach", "until"]

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
        clock: FakeClock | None = None,
    ) -> QuizApp:
        dirs = [FIXTURES / "sample.toml"]
        if bundled:
            dirs.append(REPO / "questions")
        settings = AppSettings(
            db or tmp_path / "quiz.db",
            dirs,
            name=name,
            email=email,
            start=start,
            user=load_settings(settings_path()),
            user_path=settings_path(),
        )
        return make_app(settings, clock=clock or FakeClock())

    return build


async def until(pilot: Pilot[None], condition: Callable[[], bool], tries: int = 1000) -> None:
    """Let the app run until ``condition`` holds: waits for the app's work, never for the clock."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the app never reached the expected state")


async def reach(
    pilot: Pilot[None], screen: str, *, press: str | None = None, post: Message | None = None
) -> Screen[object]:
    """Press a key or post a message, then let the app run until the screen named ``screen`` is
    shown and drawn: the one way the tests open a screen the way a user does."""
    app = pilot.app
    if press is not None:
        await pilot.press(press)
    if post is not None:
        app.post_message(post)
    await until(pilot, lambda: type(app.screen).__name__ == screen)
    await pilot.pause()
    return app.screen
