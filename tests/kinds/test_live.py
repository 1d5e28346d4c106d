"""The new kinds in a live session over real sockets: what a learner is sent gives nothing
away, answers are read per form, and the reveal shows per-step and per-pair correctness
where a per-option distribution would say nothing (issue 16, points 4-6 and 8)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from quiz.bank import Bank, load_bank
from quiz.kinds.kind import Form
from quiz.kinds.registry import kind_of
from quiz.live import protocol as p
from quiz.live.client import LiveClient
from quiz.live.clock import ManualClock
from quiz.live.hosting import HostSpec, host
from quiz.live.room import LiveOptions
from quiz.store import Store
from tests.conftest import FIXTURES
from tests.live.conftest import Room, expect, roster
from tests.questions import right


def _parts(question: object) -> tuple[object, ...]:
    """A new kind's parts that carry feedback or a technique: pairs, segments (items: none)."""
    return tuple(getattr(question, "pairs", ())) + tuple(getattr(question, "segments", ()))


@pytest.fixture
def kinds_bank() -> Bank:
    return load_bank(FIXTURES / "kinds.toml")


@pytest.fixture
async def kinds_room(kinds_bank: Bank, tmp_path: Path) -> AsyncIterator[Room]:
    store = Store(tmp_path / "live.db")
    spec = HostSpec(
        bank="kinds", options=LiveOptions(seed=7, shuffle=False, time_limit=30.0, speed=False), port=0
    )
    clock = ManualClock()
    hosted = await host(store, spec, lambda _: kinds_bank, clock=clock)
    client = LiveClient(hosted.url, code=hosted.session.code, host_token=hosted.session.host_token)
    await client.connect()
    room = Room(hosted.session, hosted.server, store, client, clock)
    yield room
    await room.close()
    store.close()


async def test_a_session_of_order_match_and_spot(kinds_room: Room, kinds_bank: Bank) -> None:
    room = kinds_room
    ona = await room.join("Ona")  # answers everything right
    taro = await room.join("Taro")  # answers as the question is shown: never the right order
    await roster(room.host, lambda people: len(people) == 2)
    await room.host.start()
    forms = []
    for position, item in enumerate(room.session.plan.items):
        question = kinds_bank.by_id[item.question_id]
        kind = kind_of(question)
        right_shown = list(kind.to_shown(question, item.order, right(question)))
        sent = await expect(ona, p.QuestionMessage)
        await expect(taro, p.QuestionMessage)
        forms.append(sent.form)
        assert sent.kind == question.type
        # Nothing in what a learner receives tells the answer.
        wire = json.dumps(sent.model_dump())
        secrets = [question.explanation, "manipulative", "feedback", "correct"]
        secrets += [f for f in (getattr(part, "feedback", None) for part in _parts(question)) if f]
        secrets += [t.value for t in (getattr(part, "technique", None) for part in _parts(question)) if t]
        for secret in secrets:
            assert secret not in wire, secret
        if sent.form in (Form.order, Form.match):
            assert right_shown != list(range(len(right_shown)))  # shown as is, it is not the answer
        if sent.form is Form.match:
            assert sent.prompts == [pair.prompt for pair in question.pairs]
        assert isinstance(await ona.answer(position, right_shown), p.Accepted)
        as_shown = list(range(len(sent.prompts))) if sent.form is Form.match else [0]
        if sent.form is Form.order:
            as_shown = list(range(len(sent.options)))
        assert isinstance(await taro.answer(position, as_shown), p.Accepted)
        reveal = await expect(room.host, p.RevealMessage)
        assert reveal.correct == right_shown
        if sent.form in (Form.order, Form.match):
            assert reveal.distribution == []
            assert len(reveal.parts) == len(kind.part_labels(question))
            assert all(part.right >= 1 for part in reveal.parts)  # Ona got each part
            result = await expect(taro, p.Result)
            assert len(result.parts) == len(reveal.parts)
            assert not all(result.parts)
            mine = await expect(ona, p.Result)
            assert mine.correct
            assert all(mine.parts)
        else:
            assert reveal.parts == []
            assert sum(reveal.distribution) >= 2
        await room.host.next()
    assert set(forms) == {Form.order, Form.match, Form.choose_many}
    ended = await expect(room.host, p.Ended)
    assert (ended.leaderboard[0].name, ended.leaderboard[0].correct) == ("Ona", 3)


async def test_an_answer_that_does_not_fit_the_form_is_refused(kinds_room: Room, kinds_bank: Bank) -> None:
    room = kinds_room
    ona = await room.join("Ona")
    await roster(room.host, lambda people: len(people) == 1)
    await room.host.start()
    sent = await expect(ona, p.QuestionMessage)
    wrong = [0, 0, 1] if sent.form is not Form.choose_many else [9]
    reply = await ona.answer(0, wrong)
    assert not isinstance(reply, p.Accepted)
