"""Live sessions over real sockets on 127.0.0.1: a served session and clients to drive it."""

from __future__ import annotations

import asyncio
import socket
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import pytest

from quiz.bank import Bank
from quiz.live import protocol as p
from quiz.live.client import Event, LiveClient
from quiz.live.clock import ManualClock
from quiz.live.hosting import HostSpec, host
from quiz.live.room import LiveOptions
from quiz.live.server import JoinThrottle, LiveServer
from quiz.live.session import LiveSession
from quiz.store import Store

T = TypeVar("T")
WAIT = 60.0
"""A ceiling against a hang, never what a test waits for: a healthy run gets each message in
milliseconds, but at load 15 on two cores a 5 s ceiling ran out (the host screen's session test)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def expect(
    client: LiveClient, kind: type[T], *, seen: list[Event] | None = None, timeout: float = WAIT
) -> T:
    """Read events until one of ``kind`` arrives (those before it go to ``seen``)."""
    async with asyncio.timeout(timeout):
        while True:
            event = await client.next_event()
            if isinstance(event, kind):
                return event
            if seen is not None:
                seen.append(event)


@dataclass
class Room:
    """A served session on a clock that moves only when told, its host client, its learners."""

    session: LiveSession
    server: LiveServer
    store: Store
    host: LiveClient
    clock: ManualClock
    learners: list[LiveClient] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    async def join(self, name: str, **kwargs: object) -> LiveClient:
        client = LiveClient(self.url, code=self.session.code, name=name, backoff=0.05, **kwargs)  # type: ignore[arg-type]
        await client.connect()
        self.learners.append(client)
        return client

    async def close(self) -> None:
        for client in [*self.learners, self.host]:
            await client.close()
        await self.server.stop()


RoomFactory = Callable[..., Awaitable[Room]]


@pytest.fixture
async def open_room(sample_bank: Bank, tmp_path: Path) -> AsyncIterator[RoomFactory]:
    """Build rooms on the sample bank (seed 7, no shuffling unless asked) and tidy them up."""
    rooms: list[Room] = []
    stores: list[Store] = []

    async def build(throttle: JoinThrottle | None = None, **options: object) -> Room:
        store = Store(tmp_path / "live.db")
        stores.append(store)
        settings = {"seed": 7, "shuffle": False, "time_limit": 30.0, **options}
        spec = HostSpec(bank="sample", options=LiveOptions(**settings), port=0)  # type: ignore[arg-type]
        clock = ManualClock()
        hosted = await host(store, spec, lambda _: sample_bank, clock=clock, throttle=throttle)
        session = hosted.session
        client = LiveClient(hosted.url, code=session.code, host_token=session.host_token)
        await client.connect()
        room = Room(session, hosted.server, store, client, clock)
        rooms.append(room)
        return room

    yield build
    for room in rooms:
        await room.close()
    for store in stores:
        store.close()


_ROSTERS: weakref.WeakKeyDictionary[LiveClient, dict[int, p.Participant]] = weakref.WeakKeyDictionary()


async def roster(
    host: LiveClient, until: Callable[[dict[int, p.Participant]], bool], timeout: float = WAIT
) -> dict[int, p.Participant]:
    """The host's list of participants, kept up to date from ``participants`` changes, once
    ``until`` holds for it."""
    if host not in _ROSTERS:
        _ROSTERS[host] = {person.id: person for person in host.welcome.participants} if host.welcome else {}
    people = _ROSTERS[host]
    async with asyncio.timeout(timeout):
        while not until(people):
            changes = await expect(host, p.Participants, timeout=timeout)
            people.update((person.id, person) for person in changes.participants)
            for pid in changes.answered:  # answers come as ids; the entries keep their flag
                people[pid] = people[pid].model_copy(update={"answered": True})
            for gone in changes.removed:
                people.pop(gone, None)
    return people


def shown_index(message: p.QuestionMessage, text: str) -> int:
    return message.options.index(text)
