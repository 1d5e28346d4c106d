"""The fan-out: a session's messages to the connections they are for.

A connection is a ``Peer`` (anything with ``send_str`` and ``close``, as aiohttp's
``WebSocketResponse`` has), so a test can stand in for the network. Messages that must arrive
in order (a question, then its reveal, the results and the leaderboard) go out under one lock,
one batch at a time, each batch to all its peers at once: a slow peer does not hold up the
rest, and one that takes longer than ``SEND_TIMEOUT`` to accept a frame is dropped rather
than stall the room. A message for many is serialised once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Iterable
from typing import Any, Protocol

from quiz.live import protocol as p
from quiz.live.room import Audience, Drop, Effect, Send

log = logging.getLogger(__name__)

SEND_TIMEOUT = 5.0
"""A peer that takes longer than this to accept a frame is dropped rather than stall the room."""


class Peer(Protocol):
    """One connection as the session sees it (aiohttp's ``WebSocketResponse`` is one)."""

    async def send_str(self, data: str, compress: int | None = None) -> None: ...

    async def close(self, *, code: int = 1000, message: bytes = b"") -> bool: ...


class FanOut:
    """Who is connected (learners by participant id, and host screens), and sending to them."""

    def __init__(self) -> None:
        self.learners: dict[int, Peer] = {}
        self.languages: dict[int, str] = {}
        """Each learner's language, where it is not the bank's: they get a message's variant in it."""
        self.hosts: set[Peer] = set()
        self._lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[Any]] = set()

    def attach(self, participant: int, peer: Peer, language: str | None = None) -> None:
        """``peer`` is now this participant's connection; an older one is closed."""
        old = self.learners.get(participant)
        self.learners[participant] = peer
        if language is None:
            self.languages.pop(participant, None)
        else:
            self.languages[participant] = language
        if old is not None and old is not peer:
            self.spawn(close_peer(old, 4000, "replaced by a newer connection"))

    def detach(self, participant: int, peer: Peer) -> bool:
        """Forget a closed connection; whether it was the participant's current one."""
        if self.learners.get(participant) is peer:
            del self.learners[participant]
            return True
        return False

    async def deliver(self, effects: Iterable[Effect]) -> None:
        """Carry out effects in order; consecutive messages to single participants go out together."""
        async with self._lock:
            batch: list[tuple[Peer, str]] = []
            for effect in effects:
                if isinstance(effect, Send) and isinstance(effect.to, int):
                    if (peer := self.learners.get(effect.to)) is not None:
                        batch.append((peer, p.dump(effect.message)))
                    continue
                await self._send_all(batch)
                batch = []
                if isinstance(effect, Drop):
                    if (peer := self.learners.pop(effect.participant, None)) is not None:
                        self.spawn(close_peer(peer, effect.code, effect.reason))
                    continue
                frame = p.dump(effect.message)
                if effect.variants and effect.to is not Audience.hosts:
                    await self._send_all(self._in_languages(effect, frame))
                    continue
                await self._send_all((peer, frame) for peer in self._audience(effect.to))
            await self._send_all(batch)

    async def to_peer(self, peer: Peer, messages: Iterable[p.ServerModel]) -> None:
        """Messages to one connection, in order with everything else."""
        async with self._lock:
            for message in messages:
                await self.send(peer, p.dump(message))

    def _in_languages(self, effect: Send, frame: str) -> list[tuple[Peer, str]]:
        """Each learner's frame in their language (each serialised once), the hosts' as it is."""
        frames = {tag: p.dump(message) for tag, message in effect.variants.items()}
        languages = self.languages
        sends = [(peer, frames.get(languages.get(pid, ""), frame)) for pid, peer in self.learners.items()]
        if effect.to is Audience.everyone:
            sends.extend((peer, frame) for peer in self.hosts)
        return sends

    def _audience(self, to: Audience | int) -> list[Peer]:
        if to is Audience.hosts:
            return list(self.hosts)
        if to is Audience.learners:
            return list(self.learners.values())
        return [*self.learners.values(), *self.hosts]

    async def _send_all(self, sends: Iterable[tuple[Peer, str]]) -> None:
        """Frames to many peers at once; those still not taken after ``SEND_TIMEOUT`` are dropped.

        One deadline for the whole batch rather than one per peer: 5,000 timers cost more than
        the sends they guard.
        """
        tasks = {asyncio.ensure_future(_quiet(peer.send_str(frame))): peer for peer, frame in sends}
        if not tasks:
            return
        _, slow = await asyncio.wait(tasks, timeout=SEND_TIMEOUT)
        for task in slow:
            task.cancel()
            self.spawn(close_peer(tasks[task], 1008, "too slow"))

    async def send(self, peer: Peer, frame: str) -> None:
        """One frame to one peer (an answer's acknowledgement: it does not wait for the lock).

        Awaited in that learner's own handler, so a slow peer holds up only itself; no task.
        """
        try:
            async with asyncio.timeout(SEND_TIMEOUT):
                await _quiet(peer.send_str(frame))
        except TimeoutError:
            self.spawn(close_peer(peer, 1008, "too slow"))

    def spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("live session task failed", exc_info=task.exception())

    async def close(self) -> None:
        """Close every connection (the server is going away) and stop what is in flight."""
        peers = [*self.learners.values(), *self.hosts]
        await asyncio.gather(*(close_peer(peer, 1001, "server shutting down") for peer in peers))
        for task in list(self._tasks):
            task.cancel()


async def _quiet(sending: Coroutine[Any, Any, None]) -> None:
    with contextlib.suppress(ConnectionError, RuntimeError):
        await sending  # closing already: the disconnect handler tidies up


async def close_peer(peer: Peer, code: int, why: str) -> None:
    with contextlib.suppress(Exception):
        await peer.close(code=code, message=why.encode())
