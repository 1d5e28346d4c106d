"""Writes made in a thread of their own (quiz.infra.writer): order kept, failures raised where
the caller is, no thread left behind."""

from __future__ import annotations

import errno
import threading

import pytest

from quiz.infra.writer import writing_behind


def writers() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "quiz-writer")


def test_every_chunk_is_written_in_order_by_the_time_the_block_ends() -> None:
    written: list[bytes] = []
    with writing_behind(written.append) as put:
        for n in range(50):
            put(b"%d\n" % n)
    assert written == [b"%d\n" % n for n in range(50)]
    assert writers() == 0


def test_a_full_disk_met_by_the_thread_is_raised_in_the_caller_and_nothing_after_it_is_written() -> None:
    written: list[bytes] = []
    second = threading.Event()

    def write(chunk: bytes) -> None:
        if chunk == b"2":
            second.set()
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(chunk)

    def export() -> None:
        with writing_behind(write) as put:
            put(b"1")
            put(b"2")
            second.wait(timeout=30)
            for later in (b"3", b"4", b"5", b"6"):
                put(later)

    with pytest.raises(OSError, match="No space left") as raised:
        export()
    assert raised.value.errno == errno.ENOSPC
    assert written == [b"1"]
    assert writers() == 0


def test_a_failure_while_making_chunks_ends_the_thread_after_what_was_put() -> None:
    written: list[bytes] = []

    def export() -> None:
        with writing_behind(written.append) as put:
            put(b"a")
            raise KeyError("a broken attempt")

    with pytest.raises(KeyError, match="a broken attempt"):
        export()
    assert written == [b"a"]
    assert writers() == 0
