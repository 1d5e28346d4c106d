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
