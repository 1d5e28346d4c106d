"""The home screen's modes: a description that wraps goes on beside the mode's name.

At 80 columns Lithuanian's and Ukrainian's descriptions run onto a second line, which began at
the box's edge, under the name ("Pratybos [p]  po kiekvieno atsakymo – ar" over "teisingai ir
kodėl"): where one mode ended and the next began no longer showed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import OptionList

from quiz.frontends.tui import AppSettings, make_app
from quiz.i18n import set_language
from quiz.i18n.width import cells
from tests.conftest import FIXTURES, FakeClock


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


@pytest.mark.parametrize("language", ["lt", "uk", "ja"])
async def test_a_modes_description_wraps_beside_its_name(tmp_path: Path, language: str) -> None:
    app = make_app(
        AppSettings(tmp_path / "quiz.db", [FIXTURES / "sample.toml"], name="Ona", language=language),
        clock=FakeClock(),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        modes = app.screen.query_one("#modes", OptionList)
        lines = [modes.render_line(y).text.rstrip() for y in range(modes.size.height)]
        rows = [line for line in lines if line.strip()]
        starts = [i for i, line in enumerate(rows) if "[" in line]
        assert len(starts) == 4, lines
        assert len(rows) > 4, lines  # some description wraps at 80 columns in this language
        for first, end in zip(starts, [*starts[1:], len(rows)], strict=True):
            column = cells(rows[first][: rows[first].index("]  ") + 3])  # a Japanese name takes 2 a character
            for line in rows[first + 1 : end]:
                assert len(line) - len(line.lstrip(" ")) == column, lines
