"""The options before an attempt show every checkbox's label whole, in every language.

At 80 columns Ukrainian cut the confidence checkbox at the dialog's edge ("… (оцінювання з"),
where its English label just fits: Textual draws a checkbox's label on one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Checkbox

from quiz.frontends.tui import AppSettings, make_app
from quiz.i18n import set_language
from quiz.i18n.width import cells
from tests.conftest import FIXTURES, FakeClock
from tests.tui.conftest import reach


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("language", ["en", "lt", "uk", "ja"])
async def test_every_checkbox_of_the_options_is_whole(
    tmp_path: Path, language: str, size: tuple[int, int]
) -> None:
    app = make_app(
        AppSettings(tmp_path / "quiz.db", [FIXTURES / "sample.toml"], name="Ona", language=language),
        clock=FakeClock(),
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        dialog = await reach(pilot, "OptionsDialog", press="e")
        boxes = list(dialog.query(Checkbox))
        assert {box.id for box in boxes} == {"shuffle", "confidence"}
        for box in boxes:
            box.scroll_visible(animate=False)
            await pilot.pause()
            strips = box.render_lines(Region(0, 0, box.size.width, box.size.height))
            lines = [strip.text.rstrip() for strip in strips]
            label = str(box.label)
            shown = " ".join(line[4:].strip() for line in lines)  # after the box "▐X▌ "
            assert shown.replace(" ", "") == label.replace(" ", ""), lines
            assert all(cells(line) <= box.size.width for line in lines)
            assert box.region.right <= dialog.query_one(".options").region.right
