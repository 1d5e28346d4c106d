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

    ``sleep`` does not wait either: it moves the clock on by the time asked, as if that time
    had passed at once (a throttled guesser's wait, say), and records how long it was.
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

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)
