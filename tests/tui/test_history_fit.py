"""History fits the screen: at 80 columns every column is on it, at 120 whole titles show
(issue 11, point 20: History cut its Result and Time columns at 80 columns)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable

from quiz.bank import load_bank
from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.frontends.tui.messages import ShowHistory
from quiz.frontends.tui.screens.history import HistoryScreen
from quiz.kinds.kind import Form
from quiz.kinds.registry import kind_of
from quiz.services.attempts import RecordedAttempt, start_attempt
from quiz.store import Store
from tests.conftest import REPO
from tests.questions import right
from tests.tui.conftest import AppFactory, FakeClock, reach, until

BANKS = ("sanctions", "democratic_resilience", "ukraine_recovery")
REQUESTS = [
    StartRequest(bank="democratic_resilience", count=10, seed=1),
    StartRequest(bank="ukraine_recovery", mode=Mode.exam, count=3, seed=2),
    StartRequest(bank="sanctions", count=5, seed=4, confidence=True),
    StartRequest(bank="headlines_a", mode=Mode.discernment, seed=5),
]


def seed_history(db: Path) -> None:
    """Attempts whose cells are the longest History shows: long titles, parts, a retry, a check."""
    clock = FakeClock()
    with Store(db) as store:
        ona = store.remember_learner("Ona Petraitė")
        runs: list[RecordedAttempt] = []
        for request in REQUESTS:
            bank = load_bank(REPO / "questions" / f"{request.bank}.toml")
            run = start_attempt(store, bank, ona, request, clock=clock)
            for position in range(len(run.attempt)):
                run.go_to(position)
                clock.advance(seconds=75)
                question = run.attempt.question
                kind = kind_of(question)
                if kind.form in (Form.choose_one, Form.choose_many):
                    run.answer([position % 2])
                else:  # an order or a match is answered whole: the right one
                    run.answer(kind.to_shown(question, run.attempt.item.order, right(question)))
            run.finish()
            runs.append(run)
        sanctions = load_bank(REPO / "questions" / "sanctions.toml")
        missed = tuple(runs[2].score().missed[:2])
        retry = start_attempt(
            store,
            sanctions,
            ona,
            StartRequest(bank="sanctions", question_ids=missed, retry_of=runs[2].id),
            clock=clock,
        )
        retry.finish()


async def history(pilot: Pilot[None], bank: str | None) -> tuple[Screen[object], DataTable[object]]:
    """History opened on ``bank`` (every bank: None), its rows drawn."""
    await pilot.pause()
    screen = await reach(pilot, "HistoryScreen", post=ShowHistory(bank))
    table: DataTable[object] = screen.query_one(DataTable)
    await until(pilot, lambda: table.row_count > 0)
    await pilot.pause()
    return screen, table


def table_lines(table: DataTable[object]) -> list[str]:
    from textual.geometry import Region

    strips = table.render_lines(Region(0, 0, table.size.width, table.size.height))
    return [strip.text.rstrip() for strip in strips]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("bank", [None, "sanctions"])
async def test_history_fits_the_screen(
    app_factory: AppFactory, tmp_path: Path, size: tuple[int, int], bank: str | None
) -> None:
    db = tmp_path / "history.db"
    seed_history(db)
    app = app_factory(bundled=True, db=db, name="Ona Petraitė")
    async with app.run_test(size=size) as pilot:
        screen, table = await history(pilot, bank)
        columns = [str(c.label) for c in table.ordered_columns]
        drawn = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert drawn <= table.scrollable_content_region.width, (size, columns)
        assert table.max_scroll_x == 0  # nothing to the right of the screen
        for needed in ("Date", "Mode", "Score", "Result", "Time"):
            assert needed in columns
        lines = table_lines(table)
        assert all(len(line) <= size[0] - 2 for line in lines)
        text = "\n".join(lines)
        n = {name: len(load_bank(REPO / "questions" / f"{name}.toml").questions) for name in BANKS}
        sanctions, democratic, recovery = n["sanctions"], n["democratic_resilience"], n["ukraine_recovery"]
        shown = ["✗ not passed", f"Practice (5 of {sanctions})"]
        if bank is None:
            assert "Bank" in columns  # every bank listed: each row says which
            shown += [
                "– measured",
                "Discernment check",
                f"Practice (10 of {democratic})",
                f"Exam (3 of {recovery})",
            ]
        if bank or size[0] >= 120:
            shown.append(f"Practice (retry, 2 of {sanctions})")
        else:  # 80 columns for every bank: the longest mode wraps onto a second line, whole
            first = next(i for i, line in enumerate(lines) if "Practice (retry," in line)
            column = lines[first].index("Practice (retry,")
            assert lines[first + 1][column:].startswith(f"2 of {sanctions})"), lines
        for cell in shown:
            assert cell in text, (size, cell, text)
        if bank:
            assert "6\xa0min 15\xa0s" in text  # one bank at any width: room for the seconds
        elif size[0] >= 120:
            assert "Democratic resilience and information integrity" in text
        else:
            assert "12\xa0min\n" in text  # whole minutes where the seconds would cost a column
        # The summary above the table is whole too.
        summary = str(screen.query_one("#trend-label").render())
        assert summary.startswith("Oldest to newest")
        assert screen.query_one("#trend-label").size.height >= 1


async def test_enter_open_is_in_the_footer_and_opens_from_the_bank_menu_too(
    app_factory: AppFactory, tmp_path: Path
) -> None:
    # History opened with the bank menu focused, whose own Enter (and the table's) hid the
    # screen's "Enter Open" from the footer: the one key that opens an attempt was not shown.
    from textual.widgets import Select

    from quiz.frontends.tui.screens.attempt import AttemptScreen
    from tests.tui.test_fit_and_keys import footer_keys

    db = tmp_path / "history.db"
    seed_history(db)
    app = app_factory(bundled=True, db=db, name="Ona Petraitė")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, table = await history(pilot, None)
        menu = screen.query_one(Select)
        menu.focus()
        await until(pilot, lambda: "open" in footer_keys(app))
        table.focus()
        await until(pilot, lambda: "open" in footer_keys(app))
        # The menu still opens with Space, and there Enter picks a bank, not an attempt.
        menu.focus()
        await pilot.press("space")
        await until(pilot, lambda: menu.expanded)
        await pilot.press("down", "enter")
        await until(pilot, lambda: not menu.expanded)
        assert isinstance(app.screen, HistoryScreen)
        assert menu.value != "*"
        await pilot.press("enter")  # from the menu again: the highlighted attempt opens
        await until(pilot, lambda: isinstance(app.screen, AttemptScreen))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_past_attempts_heading_is_whole(
    app_factory: AppFactory, tmp_path: Path, size: tuple[int, int]
) -> None:
    # At 80 columns the heading was cut: "Democratic resilience and information integrity ·
    # Practice · 2026-12-01 13", the rest of the time and the score off the screen.
    from textual.geometry import Region
    from textual.widget import Widget

    from quiz.frontends.tui.messages import OpenAttempt
    from quiz.frontends.tui.screens.attempt import AttemptScreen

    db = tmp_path / "history.db"
    seed_history(db)
    with Store(db) as store:
        row = next(r for r in store.attempts() if r.bank_id == "democratic_resilience")
    app = app_factory(bundled=True, db=db, name="Ona Petraitė")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.post_message(OpenAttempt(row.id))
        await until(pilot, lambda: isinstance(app.screen, AttemptScreen))
        await pilot.pause()
        title = app.screen.query_one("#attempt-title", Widget)
        strips = title.render_lines(Region(0, 0, title.size.width, title.size.height))
        lines = [strip.text.rstrip() for strip in strips]
        shown = " ".join(line.strip() for line in lines)
        when = row.started_at[:16].replace("T", " ")
        assert f"· {when} · " in shown, lines
        assert shown.endswith("%"), lines  # the score, last, is on the screen
        assert all(title.region.x + len(line) <= size[0] for line in lines)
