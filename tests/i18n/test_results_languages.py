"""The results' bars line their figures up in every language: each percent in one column.

Ukrainian showed "7% (0/10)" a column left of "0% (0/6)": the figures were right-aligned as a
whole, so a count of one digit fewer moved the percent before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widgets import OptionList

from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.engine.scoring import Breakdown
from quiz.frontends.tui import AppSettings, make_app
from quiz.frontends.tui.screens.results import breakdown_bars
from quiz.frontends.tui.widgets.bars import Bar, Bars
from quiz.i18n import set_language
from quiz.i18n.numbers import percent
from quiz.i18n.width import cells
from tests.conftest import REPO, FakeClock
from tests.tui.conftest import reach


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


class _Topics(App[None]):
    def __init__(self, parts: dict[str, Breakdown]) -> None:
        super().__init__()
        self.parts = parts

    def compose(self) -> ComposeResult:
        yield Bars(breakdown_bars(self.parts), align="left")


@pytest.mark.parametrize("language", ["en", "lt", "uk", "ja"])
async def test_the_percents_of_the_bars_stand_in_one_column(language: str) -> None:
    set_language(language)
    parts = {
        "verification": Breakdown(questions=10, correct=0, earned=0.7, weight=10),
        "inauthentic accounts": Breakdown(questions=6, correct=0, earned=0, weight=6),
        "FIMI": Breakdown(questions=10, correct=10, earned=10, weight=10),
        "headlines": Breakdown(questions=17, correct=5, earned=5, weight=17),
    }
    app = _Topics(parts)
    async with app.run_test(size=(80, 8)) as pilot:
        await pilot.pause()
        bars = app.query_one(Bars)
        lines = [s.text for s in bars.render_lines(Region(0, 0, bars.size.width, len(parts)))]
        sign = percent(0)[-1]  # "%"
        columns = {line.index(sign) for line in lines}
        assert len(columns) == 1, lines
        assert all(
            f"({b.correct}/{b.questions})" in line for b, line in zip(parts.values(), lines, strict=True)
        )


@pytest.mark.parametrize("language", ["en", "uk", "ja"])
async def test_a_missed_question_wraps_under_its_text_not_its_number(tmp_path: Path, language: str) -> None:
    # Ukrainian's prompts, cut to 70 characters, are longer than the list at 80 columns: the
    # second line began under the number, " перевірки…", where the next question's would.
    settings = AppSettings(
        tmp_path / "quiz.db",
        [REPO / "questions"],
        name="Ona",
        language=language,
        start=StartRequest(bank="disinformation", mode=Mode.exam, count=4, seed=3),
    )
    app = make_app(settings, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("y")
        results = await reach(pilot, "ResultsScreen")
        missed = results.query_one("#missed", OptionList)
        lines = [missed.render_line(y).text for y in range(missed.size.height)]
        numbered = [line for line in lines if re.search(r"\d\. \S", line)]
        assert len(numbered) == 4, lines
        text_column = cells(numbered[0][: re.search(r"\d\. ", numbered[0]).end()])  # type: ignore[union-attr]
        wrapped = [line for line in lines if line.strip(" ▊▎▔▁") and line not in numbered]
        assert wrapped, lines  # the prompts are longer than the line
        for line in wrapped:
            start = len(line) - len(line.lstrip(" ▊"))
            assert cells(line[:start]) == text_column, lines


class _Reveal(App[None]):
    CSS = "Bars { width: 51; }"  # the live host's reveal at 80 columns

    def compose(self) -> ComposeResult:
        labels = [
            "✗ 1. Supriešinimas",
            "✗ 2. Oponentų diskreditavimas",
            "✗ 3. Apsimetimas",
            "✓ 4. Emocinga kalba",
        ]
        yield Bars([Bar(label, n / 2, str(n)) for label, n in zip(labels, [1, 0, 0, 1], strict=True)])


async def test_the_bars_labels_are_whole_where_the_bar_can_spare_the_room() -> None:
    # The reveal's bars gave their labels a third of the width: Lithuanian's options were cut
    # to "✗ 1. Supriešin…", "✗ 2. Oponentų …", while the bars took 28 columns.
    app = _Reveal()
    async with app.run_test(size=(80, 8)) as pilot:
        await pilot.pause()
        bars = app.query_one(Bars)
        lines = [s.text for s in bars.render_lines(Region(0, 0, bars.size.width, 4))]
        assert [re.split(r" +[█░]", line)[0] for line in lines] == [b.label for b in bars.bars], lines
        assert all("…" not in line and line.count("░") + line.count("█") >= 10 for line in lines), lines
