"""The fan-out: a session's messages to the connections they are for.

A connection is a ``Peer`` (anything that takes a ``Frame`` without waiting, and closes; the
server's ``SocketPeer`` writes it straight to the socket), so a test can stand in for the
network. Sending never awaits: each message is serialised and framed once, and its bytes are
handed to every peer's transport in turn, so messages that must arrive in order (a question,
then its reveal, the results and the leaderboard) do, with no lock, and a broadcast to 5,000
costs 5,000 buffer writes rather than 5,000 tasks. A peer that falls more than
``MAX_BACKLOG`` bytes behind (it stopped reading) is dropped rather than kept in memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Iterable, Sequence
from typing import Any, Protocol

from quiz.live import protocol as p
from quiz.live.frames import Frame
from quiz.live.room import Audience, Drop, Effect

log = logging.getLogger(__name__)

MAX_BACKLOG = 1 << 20
"""Bytes a peer may leave unread before it is dropped as too slow: a learner's whole session is
a few dozen frames of under 2 KB, so a peer this far behind has stopped reading."""


class Peer(Protocol):
    """One connection as the session sees it (``quiz.live.server.SocketPeer`` is one)."""

    def write(self, frames: Sequence[Frame]) -> bool:
        """Queue ``frames`` for sending, in order, without waiting; False when the peer is
        ``MAX_BACKLOG`` behind and is to be dropped. A closing peer takes frames and forgets them."""
        ...

    async def close(self, *, code: int = 1000, message: bytes = b"") -> bool: ...


class FanOut:
    """Who is connected (learners by participant id, and host screens), and sending to them."""

    def __init__(self) -> None:
        self.learners: dict[int, Peer] = {}
        self.languages: dict[int, str] = {}
        """Each learner's language, where it is not the bank's: they get a message's variant in it."""
        self.hosts: set[Peer] = set()
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

    def deliver(self, effects: Iterable[Effect]) -> None:
        """Carry out effects in order: each message framed once for all its peers, and each
        peer's frames written together (a reveal, its result and the leaderboard are one
        write per learner, not three: each write to an idle socket is a system call)."""
        outbox: dict[Peer, list[Frame]] = {}

        def put(peer: Peer, frame: Frame) -> None:
            if (frames := outbox.get(peer)) is None:
                outbox[peer] = [frame]
            else:
                frames.append(frame)

        for effect in effects:
            if isinstance(effect, Drop):
                if (peer := self.learners.pop(effect.participant, None)) is not None:
                    self.spawn(close_peer(peer, effect.code, effect.reason))  # after what is queued
            elif isinstance(effect.to, int):
                if (peer := self.learners.get(effect.to)) is not None:
                    put(peer, Frame.of(effect.message))
            elif effect.variants and effect.to is not Audience.hosts:
                frame = Frame.of(effect.message)
                translated = {tag: Frame.of(message) for tag, message in effect.variants.items()}
                languages = self.languages
                for pid, peer in self.learners.items():
                    put(peer, translated.get(languages.get(pid, ""), frame))
                if effect.to is Audience.everyone:
                    for peer in self.hosts:
                        put(peer, frame)
            else:
                frame = Frame.of(effect.message)
                for peer in self._audience(effect.to):
                    put(peer, frame)
        for peer, frames in outbox.items():
            self._write(peer, frames)

    def send(self, peer: Peer, message: p.ServerModel) -> None:
        """One message to one peer, in order with everything else."""
        self._write(peer, [Frame.of(message)])

    def _audience(self, to: Audience) -> Iterable[Peer]:
        if to is Audience.hosts:
            return self.hosts
        if to is Audience.learners:
            return self.learners.values()
        return [*self.learners.values(), *self.hosts]

    def _write(self, peer: Peer, frames: Sequence[Frame]) -> None:
        if not peer.write(frames):
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


async def close_peer(peer: Peer, code: int, why: str) -> None:
    with contextlib.suppress(Exception):
        await peer.close(code=code, message=why.encode())
