"""Pausing Python's cyclic garbage collector around bulk work that makes no cycles.

Loading a big bank or exporting 100,000s of answers allocates hundreds of thousands of
acyclic objects (tuples, strings, models); the collector would rescan them many times over
and find nothing to free. Reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_before_start_up: list[bool] = []
"""Whether the collector ran before start-up paused it; empty while it is not paused."""


def pause_until_first_frame() -> None:
    """Pause the collector for start-up: the imports and the first screen make some 100,000
    objects that live as long as the app, none of them garbage, and the collector would scan
    them some 60 times before the first frame. Called again (the app calls it too), it keeps
    the first call's state."""
    if not _before_start_up:
        _before_start_up.append(gc.isenabled())
    gc.disable()


def resume_after_first_frame() -> None:
    """The collector as it was before start-up; nothing when start-up did not pause it."""
    if _before_start_up and _before_start_up.pop():
        gc.enable()
