"""Snapshots of the main screens at 100x30: a change in how they look is a visible diff.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from quiz.engine import Mode
from quiz.engine.request import StartRequest
from tests.tui.conftest import AppFactory

SIZE = (100, 30)
Compare = Callable[..., bool]


def test_home(snap_compare: Compare, app_factory: AppFactory) -> None:
    assert snap_compare(app_factory(), terminal_size=SIZE)


def test_question(snap_compare: Compare, app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1", "m1"), seed=7))
    assert snap_compare(app, terminal_size=SIZE)


def test_feedback(snap_compare: Compare, app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1", "m1"), shuffle=False))
    assert snap_compare(app, terminal_size=SIZE, press=["2"])


def test_results(snap_compare: Compare, app_factory: AppFactory) -> None:
    # The app's clock stands still in tests: "time 0s", always.
    app = app_factory(start=StartRequest(bank="sample", mode=Mode.exam, shuffle=False))

    async def answer_all(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        for keys in (["1"], ["1", "2", "enter"], ["1"], ["2"], ["2"]):
            await pilot.press(*keys)
            await pilot.pause()
        await pilot.press("y")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=answer_all)


SMALL = (80, 24)


def pressing(*keys: str) -> Callable[[Pilot[Any]], Any]:
    """Press ``keys``, then hold every text field's cursor steady: it blinks on the real clock
    every 0.5 s, so a screenshot taken later than that on a loaded machine lost the cursor."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.press(*keys)
        await pilot.pause()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # Textual shows the cursor, steady
        await pilot.pause()

    return run


def test_options_dialog_80x24(snap_compare: Compare, app_factory: AppFactory) -> None:
    assert snap_compare(app_factory(), terminal_size=SMALL, run_before=pressing("e"))


def test_help_80x24(snap_compare: Compare, app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1", "m1"), shuffle=False))
    assert snap_compare(app, terminal_size=SMALL, press=["f1"])


def test_feedback_80x24(snap_compare: Compare, app_factory: AppFactory) -> None:
    app = app_factory(start=StartRequest(bank="sample", question_ids=("s1", "m1"), shuffle=False))
    assert snap_compare(app, terminal_size=SMALL, press=["2"])


def test_join_dialog_80x24(snap_compare: Compare, app_factory: AppFactory) -> None:
    assert snap_compare(app_factory(), terminal_size=SMALL, run_before=pressing("j"))
