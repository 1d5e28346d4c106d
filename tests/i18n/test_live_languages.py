"""A live session over real sockets where each learner reads the questions in their language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from quiz.bank import Bank, load_bank
from quiz.live import protocol as p
from quiz.live.client import LiveClient
from quiz.live.clock import ManualClock
from quiz.live.hosting import HostSpec, host
from quiz.live.room import LiveOptions
from quiz.store import Store
from tests.conftest import FIXTURES
from tests.live.conftest import Room, expect, roster

MINI = FIXTURES / "translated" / "mini.toml"


@pytest.fixture
async def room(tmp_path: Path) -> AsyncIterator[Room]:
    bank: Bank = load_bank(MINI)
    store = Store(tmp_path / "live.db")
    spec = HostSpec(bank="mini", options=LiveOptions(seed=7, shuffle=False, time_limit=30.0), port=0)
    hosted = await host(store, spec, lambda _: bank, clock=ManualClock())
    client = LiveClient(hosted.url, code=hosted.session.code, host_token=hosted.session.host_token)
    await client.connect()
    served = Room(hosted.session, hosted.server, store, client, ManualClock())
    yield served
    await served.close()
    store.close()


async def test_two_learners_read_one_session_in_two_languages(room: Room) -> None:
    ona = await room.join("Ona", language="lt")
    aiko = await room.join("Aiko", language="ja")
    ivan = await room.join("Ivan", language="uk")  # no Ukrainian translation: the bank's English
    await roster(room.host, lambda people: len(people) == 3)
    # The title bar names the bank in each learner's language, as the questions are.
    titles = [client.joined.bank_title if client.joined else None for client in (ona, aiko, ivan)]
    assert titles == ["Mažas patikrinimas", "ミニチェック", "Mini check"]

    await room.host.start()
    host_q = await expect(room.host, p.QuestionMessage)
    ona_q = await expect(ona, p.QuestionMessage)
    aiko_q = await expect(aiko, p.QuestionMessage)
    ivan_q = await expect(ivan, p.QuestionMessage)
    assert host_q.prompt == ivan_q.prompt == "Which technique fakes a trusted source?"
    assert ona_q.prompt == "Kuris metodas apsimeta patikimu šaltiniu?"
    assert ona_q.options == ["Apsimetinėjimas", "Trolinimas", "Poliarizacija"]
    assert aiko_q.prompt == "信頼できる情報源になりすます手法はどれですか？"
    # Everything but the words is the same for everyone: positions, points, time.
    same = [q.model_dump(exclude={"prompt", "options"}) for q in (ona_q, aiko_q, ivan_q, host_q)]
    assert same == [same[0]] * 4

    assert isinstance(await ona.answer(0, [0]), p.Accepted)
    assert isinstance(await aiko.answer(0, [1]), p.Accepted)
    assert isinstance(await ivan.answer(0, [0]), p.Accepted)
    ona_reveal = await expect(ona, p.RevealMessage)
    aiko_reveal = await expect(aiko, p.RevealMessage)
    host_reveal = await expect(room.host, p.RevealMessage)
    assert ona_reveal.explanation.startswith("Apsimetinėjimas pasiskolina")
    assert aiko_reveal.explanation.startswith("なりすましは")
    assert host_reveal.explanation.startswith("Impersonation borrows")
    # One question for the room: the answers pool, whatever the language.
    assert ona_reveal.distribution == aiko_reveal.distribution == host_reveal.distribution == [2, 1, 0]

    # A learner who comes back mid-question gets it in their language again.
    await room.host.next()
    await expect(aiko, p.QuestionMessage)
    late = await room.join("Rūta", language="lt")
    again = await expect(late, p.QuestionMessage)
    assert again.prompt == "Kurie įpročiai padeda patikrinti įrašą?"

    await room.host.end()
    summary = await expect(aiko, p.Ended)
    assert summary.you is not None
    missed = summary.you.missed[0]
    assert missed.prompt.startswith("信頼できる")
    assert missed.explanation.startswith("なりすましは")

    attempts = {a.learner.name: a for a in room.store.attempts(session_code=room.session.code)}
    assert {name: a.language for name, a in attempts.items()} == {
        "Ona": "lt",
        "Aiko": "ja",
        "Ivan": "en",
        "Rūta": "lt",
    }
