"""Large line-oriented exports written in parts, one process per CPU.

A csv of answer rows or an xapi export of 100,000s of answers is bound by Python assembling
lines, not by SQLite or the disk, so one process cannot use a second core. Here the attempts
are cut into consecutive slices: this process writes the first slice straight to the output
while forked children each write one of the others to a temporary file, appended in order
afterwards. The result is byte for byte what one process writes.

Splitting needs ``fork`` (children inherit the loaded banks instead of loading them again),
so it happens only on Linux, from a process with no other thread (forking beside a running
thread can copy a lock that thread holds), for a database on disk and an output with a
binary buffer. Anything else is written in one part, as is any export too small to repay
starting a process.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TextIO

from quiz.errors import QuizError
from quiz.export.data import Progress
from quiz.infra.gcpause import collector_paused
from quiz.store import Store

PartWriter = Callable[[Store, list[int], TextIO, bool, Progress | None], int]
"""Writes the attempts with these ids to a text stream and returns the records written.

The bool says whether this is the first part, the one that carries any header.
"""

MIN_ATTEMPTS_PER_PART = 500
"""Below this many attempts per part, starting a process costs more than it saves."""
MAX_PARTS = 8
"""Beyond this, the parts contend for the disk and the final copy more than they gain."""


def available_cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def choose_parts(store: Store, attempts: int, out: TextIO) -> int:
    """How many parts to write an export of this many attempts in (1: no split)."""
    splittable = (
        sys.platform.startswith("linux")
        and threading.active_count() == 1
        and str(store.path) != ":memory:"
        and getattr(out, "buffer", None) is not None
    )
    if not splittable:
        return 1
    return max(1, min(available_cpus(), MAX_PARTS, attempts // MIN_ATTEMPTS_PER_PART))


def write_in_parts(
    store: Store,
    ids: Sequence[int],
    out: TextIO,
    write_part: PartWriter,
    progress: Progress | None = None,
    parts: int | None = None,
) -> int:
    """Write the attempts ``ids`` with ``write_part``, split into ``parts`` (default: chosen).

    Returns the records written, summed over the parts. ``progress`` advances by attempts,
    counting the children's too.
    """
    ordered = sorted(set(ids))
    count = choose_parts(store, len(ordered), out) if parts is None else max(1, min(parts, len(ordered)))
    if count == 1:
        with collector_paused():
            return write_part(store, ordered, out, True, progress)
    slices = _slices(ordered, count)
    context = multiprocessing.get_context("fork")
    counters = context.Array("q", count, lock=False)
    tracker = _Tracker(progress, counters)
    with tempfile.TemporaryDirectory(prefix="quiz-export-") as tmp:
        paths = [Path(tmp) / f"part-{index}" for index in range(1, count)]
        job = (store.path, write_part, counters)
        with ProcessPoolExecutor(count - 1, context, initializer=_remember, initargs=(job,)) as pool:
            children = [
                pool.submit(_write_child_part, index, slices[index], str(path))
                for index, path in enumerate(paths, start=1)
            ]
            with collector_paused():
                written = write_part(store, slices[0], out, True, tracker.own)
            written += sum(_results(children, tracker))
        out.flush()
        binary: Any = out.buffer
        for path in paths:
            with path.open("rb") as part:
                shutil.copyfileobj(part, binary, 1 << 20)
        binary.flush()
    return written


def _slices(ordered: list[int], count: int) -> list[list[int]]:
    """``count`` consecutive slices of as equal length as can be (none empty when count <= len)."""
    total = len(ordered)
    return [ordered[index * total // count : (index + 1) * total // count] for index in range(count)]


class _Tracker:
    """Reports this process's attempts and the children's (read from shared counters) as one count."""

    def __init__(self, progress: Progress | None, counters: Any) -> None:
        self.progress = progress
        self.counters = counters
        self.reported = 0

    def own(self, done: int) -> None:
        self.counters[0] += done
        self.report()

    def report(self) -> None:
        if self.progress is None:
            return
        total = sum(self.counters)
        if total > self.reported:
            self.progress(total - self.reported)
            self.reported = total


def _results(children: list[Future[int]], tracker: _Tracker) -> list[int]:
    """The children's record counts, once all are done; reports their progress meanwhile."""
    pending: set[Future[int]] = set(children)
    while pending:
        pending = wait(pending, timeout=0.1).not_done
        tracker.report()
    try:
        return [child.result() for child in children]
    except BrokenProcessPool as exc:
        raise QuizError("an export worker process stopped unexpectedly; try again") from exc


_job: tuple[Path, PartWriter, Any] | None = None
"""What a child writes with: set by ``_remember`` in each child, inherited by fork, never pickled."""


def _remember(job: tuple[Path, PartWriter, Any]) -> None:
    global _job
    _job = job


def _write_child_part(index: int, ids: list[int], path: str) -> int:
    assert _job is not None
    store_path, write_part, counters = _job

    def tick(done: int) -> None:
        counters[index] += done

    try:
        with (
            collector_paused(),
            Store(store_path) as store,
            open(path, "w", encoding="utf-8", newline="") as out,
        ):
            return write_part(store, ids, out, False, tick)
    except OSError as exc:
        # Most likely the temporary folder is full: say which, and how to do without it.
        raise QuizError(
            f"cannot write part of the export to {Path(path).parent}: {exc.strerror or exc} "
            "(free space there, point TMPDIR elsewhere, or export with --jobs 1)"
        ) from exc
