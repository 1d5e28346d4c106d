"""Footer keys in the language on every screen, also those whose module loads after start-up.

The screens are imported when first shown, after ``make_app`` translated the bindings of the
classes it knew: a screen opened later kept its English footer (the home screen's, the question
screen's) until the language changed.
"""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.screen import Screen

from quiz.frontends.tui import AppSettings, make_app
from tests.conftest import FIXTURES, FakeClock
from tests.i18n.pseudo import pseudo
from tests.tui.conftest import until

__all__ = ["pseudo"]


async def test_a_screen_defined_after_start_up_shows_its_keys_in_the_language(
    tmp_path: Path, pseudo: str
) -> None:
    settings = AppSettings(tmp_path / "q.db", [FIXTURES / "sample.toml"], name="Ona", language=pseudo)
    app = make_app(settings, clock=FakeClock())

    class Later(Screen[None]):  # as a screen module imported on first use
        BINDINGS = [Binding("x", "app.bell", "Skip", id="later.skip")]

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(Later())
        await until(pilot, lambda: isinstance(app.screen, Later))
        shown = {b.description for _, b, *_ in app.active_bindings.values()}
        assert "⟦Skip⟧" in shown
        assert "Skip" not in shown
