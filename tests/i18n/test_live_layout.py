"""A live learner's missed questions at the end wrap under their prompt, not under the number.

The answer and the explanation of a long question ran on from the screen's left edge, under
the question's number, so where one question ended and the next began no longer showed
(Ukrainian and Japanese at 80x24 and 120x40, and English on a narrow screen).
"""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.widgets import Static

from quiz.frontends.tui import JoinRequest
from quiz.frontends.tui.screens.live_learner import LearnerScreen
from quiz.live import protocol as p
from tests.live.conftest import RoomFactory, open_room
from tests.live.test_screens import Heard, app_for

__all__ = ["open_room"]


async def test_the_missed_questions_hang_under_their_prompts(open_room: RoomFactory, tmp_path: Path) -> None:
    room = await open_room(questions=2)
    app = app_for(tmp_path, join=JoinRequest(f"127.0.0.1:{room.server.port}", room.session.code, "Ona"))
    heard = Heard()
    async with app.run_test(size=(44, 60), message_hook=heard) as pilot:
        await heard.until(p.Joined, pilot)
        screen = app.screen
        assert isinstance(screen, LearnerScreen)
        await room.host.start()
        await heard.until(p.QuestionMessage, pilot)
        await room.host.next()  # unanswered: missed
        await heard.until(p.QuestionMessage, pilot)
        await room.host.end()
        await heard.until(p.Ended, pilot)
        await pilot.pause()
        missed = screen.query_one("#final-missed", Static)
        strips = missed.render_lines(Region(0, 0, missed.size.width, missed.size.height))
        lines = [strip.text.rstrip() for strip in strips]
        numbered = [i for i, line in enumerate(lines) if line[:1].isdigit()]
        assert numbered, lines
        assert len(lines) > 3 * len(numbered) + 1, lines  # the prompts and explanations wrap here
        for i, line in enumerate(lines):
            if line and i not in numbered:
                assert len(line) - len(line.lstrip(" ")) == 3, lines  # in the prompt's column
