"""Writes that go on while the caller makes the next chunk.

An export spends part of its time in ``write(2)`` copying what it made into the kernel; the
interpreter lets go of its lock there, so a thread that writes lets the exporter build the next
statements meanwhile, on a second core. A full disk or a closed pipe met by the thread is
raised in the caller, at its next chunk or at the end, as if it had written itself; nothing is
written after a failure.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO, TypeVar

_DONE = object()
# Chunks made but not yet written: two keep the thread busy while bounding what waits in memory
# (an xapi chunk is about 3 MB).
_WAITING = 2

Chunk = TypeVar("Chunk")


@contextmanager
def writing_behind(write: Callable[[Chunk], object]) -> Iterator[Callable[[Chunk], None]]:
    """``put`` chunks in order; ``write`` them in a thread of their own. On leaving, every chunk
    put is written (or the first failure raised) and the thread has ended."""
    chunks: queue.Queue[object] = queue.Queue(maxsize=_WAITING)
    failed: list[BaseException] = []

    def writer() -> None:
        while (chunk := chunks.get()) is not _DONE:
            if not failed:
                try:
                    write(chunk)  # type: ignore[arg-type]
                except BaseException as exc:  # re-raised in the caller's thread
                    failed.append(exc)

    thread = threading.Thread(target=writer, name="quiz-writer", daemon=True)
    thread.start()

    def put(chunk: Chunk) -> None:
        if failed:
            raise failed[0]
        chunks.put(chunk)

    try:
        yield put
    finally:
        chunks.put(_DONE)
        thread.join()
    if failed:
        raise failed[0]


IOV_MAX = 1024
"""Buffers one ``writev(2)`` takes at most (POSIX's minimum; Linux's value)."""


def gathering_writer(binary: BinaryIO) -> Callable[[list[bytes]], None]:
    """A ``write`` for ``writing_behind`` that hands the kernel a list of buffers in one
    ``writev(2)``: one release of the interpreter's lock per chunk, where ``writelines`` lets go
    and takes it back once per buffer, each time waiting for the exporting thread to yield it.
    A stream without a file descriptor (a ``BytesIO``) gets ``writelines``."""
    try:
        fd = binary.fileno()
    except (AttributeError, OSError, ValueError):
        return binary.writelines
    binary.flush()

    def write(blobs: list[bytes]) -> None:
        views = [memoryview(blob) for blob in blobs]
        start = 0
        while start < len(views):
            written = os.writev(fd, views[start : start + IOV_MAX])
            # A pipe or a full disk can take less than all: go on from the first byte not taken.
            while start < len(views) and written >= len(views[start]):
                written -= len(views[start])
                start += 1
            if written:
                views[start] = views[start][written:]

    return write
