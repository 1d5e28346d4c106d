"""The time a live session keeps: read through a ``Clock`` so that tests move it by hand.

Everything in a session that depends on time (a question's deadline, the seconds an answer
took, the time left noted for a crash, how long a guesser waits) asks its clock, never
``time.monotonic`` directly. ``LoopClock`` is the real one, on the running event loop;
``ManualClock`` only moves when told to, firing what fell due in order, so a test can let
30 seconds pass without waiting for them.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol


class Timer(Protocol):
    def cancel(self) -> None: ...


class Clock(Protocol):
    """Seconds on a monotonic scale, and callbacks at given moments on that scale."""

    def now(self) -> float: ...

    def call_at(self, when: float, callback: Callable[[], None]) -> Timer: ...

    async def sleep(self, seconds: float) -> None: ...


class LoopClock:
    """The real clock: ``time.monotonic`` and the running event loop's timers."""

    def now(self) -> float:
        return time.monotonic()

    def call_at(self, when: float, callback: Callable[[], None]) -> Timer:
        return asyncio.get_running_loop().call_later(max(0.0, when - self.now()), callback)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


@dataclass(order=True)
class _Due:
    when: float
    order: int
    callback: Callable[[], None] = field(compare=False)
    cancelled: bool = field(default=False, compare=False)

    def cancel(self) -> None:
        self.cancelled = True


class ManualClock:
    """A clock that stands still until ``advance``; for tests.

    ``sleep`` waits, like the real one, until the clock has been moved past its end; what it
    was asked for is kept in ``slept``, so a test can see a wait without waiting for it.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.time = start
        self.slept: list[float] = []
        self._due: list[_Due] = []
        self._order = itertools.count()

    def now(self) -> float:
        return self.time

    def call_at(self, when: float, callback: Callable[[], None]) -> Timer:
        due = _Due(when, next(self._order), callback)
        heapq.heappush(self._due, due)
        return due

    def advance(self, seconds: float) -> None:
        """Move on by ``seconds``, running every callback that falls due, in time order."""
        until = self.time + seconds
        while self._due and self._due[0].when <= until:
            due = heapq.heappop(self._due)
            if due.cancelled:
                continue
            self.time = max(self.time, due.when)
            due.callback()
        self.time = until

    @property
    def sleeping(self) -> int:
        """How many ``sleep`` calls are waiting for the clock to move."""
        return sum(1 for due in self._due if not due.cancelled and due.callback.__name__ == "_wake")

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def _wake() -> None:
            if not woken.done():
                woken.set_result(None)

        timer = self.call_at(self.time + seconds, _wake)
        try:
            await woken
        finally:
            timer.cancel()
