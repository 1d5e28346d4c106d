"""History in every language at 80x24 and 120x40: the same columns, and each mode whole.

Lithuanian cut the Mode column ("Pratybos (3 iš 6…"), and Japanese alone showed a Bank column
with one bank chosen: its shorter words left room for a column that is there to tell banks
apart, and which the menu above already names.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Select

from quiz.engine.coverage import coverage
from quiz.engine.request import MODE_NAMES
from quiz.frontends.tui import AppSettings, make_app
from quiz.i18n import gettext, set_language
from quiz.i18n.width import cells
from quiz.store import Store
from tests.conftest import FIXTURES, REPO, FakeClock
from tests.tui.conftest import until
from tests.tui.test_history_fit import history, seed_history, table_lines


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One history for every test (seeding it takes seconds), copied so none changes another's."""
    db = tmp_path_factory.mktemp("history") / "history.db"
    seed_history(db)
    return db


def _modes(db: Path, bank: str | None) -> list[str]:
    """Each listed attempt's mode as History names it in full, in the current language."""
    with Store(db) as store:
        rows = [r for r in store.attempts() if bank is None or r.bank_id == bank]
    return [
        coverage(len(r.plan), r.settings).with_mode(gettext(MODE_NAMES.get(r.mode, r.mode))) for r in rows
    ]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("language", ["en", "lt", "uk", "ja"])
async def test_history_shows_the_same_columns_and_whole_modes_in_every_language(
    seeded: Path, tmp_path: Path, language: str, size: tuple[int, int]
) -> None:
    db = tmp_path / "history.db"
    shutil.copy(seeded, db)
    settings = AppSettings(
        db, [FIXTURES / "sample.toml", REPO / "questions"], name="Ona Petraitė", language=language
    )
    app = make_app(settings, clock=FakeClock())
    async with app.run_test(size=size) as pilot:
        screen, table = await history(pilot, None)
        for bank in (None, "sanctions"):  # every bank, then one chosen in the menu
            if bank:
                screen.query_one(Select).value = bank
                await until(pilot, lambda: all(c.key.value != "bank" for c in table.ordered_columns))
                await pilot.pause()
            keys = [str(column.key.value) for column in table.ordered_columns]
            expected = ["date", "mode", "score", "result", "time"]
            assert keys == ([*expected[:1], "bank", *expected[1:]] if bank is None else expected)
            assert table.max_scroll_x == 0
            rendered = "\n".join(table_lines(table))
            column = next(c for c in table.ordered_columns if c.key.value == "mode")
            shown = []
            for row_key, row in table.rows.items():
                lines = str(table.get_cell(row_key, "mode")).split("\n")
                assert row.height == len(lines)
                assert all(cells(line) <= column.width and line in rendered for line in lines), rendered
                shown.append(" ".join(lines))
            assert sorted(shown) == sorted(_modes(db, bank)), rendered
