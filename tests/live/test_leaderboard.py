"""The leaderboard keeps its columns in line whatever names it shows: emoji, full-width, long."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.geometry import Region

from quiz.frontends.tui.screens.live_common import Leaderboard
from quiz.live import protocol as p
from quiz.live.protocol import NAME_MAX

NAMES = [
    "Ona",
    "😀 Smile",
    "👩\u200d💻 Dev",  # a ZWJ sequence: one glyph, two cells
    "🇱🇹 Lina",
    "❤\ufe0f Love",
    "田中 愛子",
    "Ｏｎａ Ｐｅｔｒａｉｔė",
    "長" * NAME_MAX,  # 64 cells: wider than the column at 80
    "x" * NAME_MAX,
]


class BoardApp(App[None]):
    CSS = "Leaderboard { padding: 0 2; }"

    def __init__(self, width: int) -> None:
        super().__init__()
        self.board_width = width

    def compose(self) -> ComposeResult:
        board = Leaderboard()
        board.styles.width = self.board_width
        yield board


@pytest.mark.parametrize("width", [80, 49])  # the learner's pane at 80 columns; the host's beside the list
async def test_columns_line_up_at_80_columns_with_emoji_and_full_width_names(width: int) -> None:
    entries = [
        p.LeaderboardEntry(rank=i + 1, id=i + 1, name=name, score=5000 - 300 * i, correct=9 - i)
        for i, name in enumerate(NAMES)
    ]
    app = BoardApp(width)
    async with app.run_test(size=(80, 24)) as pilot:
        board = app.query_one(Leaderboard)
        board.entries = entries
        board.me = 2
        await pilot.pause()
        lines = [strip.text for strip in board.render_lines(Region(0, 0, *board.outer_size))]
    assert len(lines) == 1 + len(NAMES)  # no row wrapped onto a second line
    ends = set()
    for line, entry in zip(lines[1:], entries, strict=True):
        assert cell_len(line.rstrip()) <= width
        score = re.search(rf" {entry.score} +{entry.correct}$", line.rstrip())
        assert score is not None, line
        ends.add((cell_len(line[: score.start() + 1 + len(str(entry.score))]), cell_len(line.rstrip())))
    assert len(ends) == 1  # every score and every count ends in the same column
    assert "Ｏｎａ Ｐｅｔｒａｉｔė" in "\n".join(lines)  # names that fit are shown whole
    assert "長長長…" in lines[8]  # the one that does not ends in an ellipsis
