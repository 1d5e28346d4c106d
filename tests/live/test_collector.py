"""The garbage collector set for a room, in a server process of its own and only there."""

from __future__ import annotations

import gc

import pytest

from quiz.live import protocol as p
from quiz.live.hosting import YOUNG_PASS, serve_only
from tests.live.conftest import RoomFactory, expect


async def test_only_a_process_that_serves_the_room_alone_freezes_the_collector(
    open_room: RoomFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    room = await open_room()
    ona = await room.join("Ona")
    await room.host.start()
    await expect(ona, p.QuestionMessage)
    assert frozen == []  # a test run holds more than the room: its garbage is not frozen
    threshold = gc.get_threshold()
    try:
        serve_only(room.session)
        assert gc.get_threshold() == (YOUNG_PASS, *threshold[1:])
        await room.host.reveal()
        await expect(ona, p.RevealMessage)
        assert frozen == [True]  # settled at the host's command, before it was carried out
        result = await expect(ona, p.Result)
        assert result.answered is False  # the room goes on as before
    finally:
        gc.set_threshold(*threshold)
