"""Writes made in a thread of their own (quiz.infra.writer): order kept, failures raised where
the caller is, no thread left behind."""

from __future__ import annotations

import errno
import threading
from pathlib import Path

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


def test_gathered_buffers_reach_the_file_whole_and_in_order_even_when_the_kernel_takes_part(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """writev may take fewer bytes than asked (a pipe, a disk nearly full): the rest follows."""
    from quiz.infra import writer

    real = writer.os.writev
    calls: list[int] = []

    def stingy(fd: int, buffers: list[memoryview]) -> int:
        calls.append(len(buffers))
        assert len(buffers) <= writer.IOV_MAX
        return real(fd, [bytes(b"".join(buffers)[:7])])  # never more than 7 bytes at once

    monkeypatch.setattr(writer.os, "writev", stingy)
    blobs = [b"%d-" % n * (n % 5) for n in range(2_500)]  # more than IOV_MAX, some empty
    path = tmp_path / "out.jsonl"
    with path.open("wb") as binary:
        binary.write(b"head:")  # buffered before: must come first
        writer.gathering_writer(binary)(blobs)
    assert path.read_bytes() == b"head:" + b"".join(blobs)
    assert len(calls) > len(blobs) // writer.IOV_MAX


def test_one_writev_takes_a_whole_chunk_of_buffers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of gathering: one system call (one release of the interpreter's lock) per chunk,
    not one per buffer as writelines makes."""
    from quiz.infra import writer

    real = writer.os.writev
    calls: list[int] = []
    monkeypatch.setattr(writer.os, "writev", lambda fd, bufs: calls.append(len(bufs)) or real(fd, bufs))
    blobs = [b"x" * 60_000 for _ in range(50)]
    with (tmp_path / "out").open("wb") as binary:
        writer.gathering_writer(binary)(blobs)
    assert calls == [50]
    assert (tmp_path / "out").stat().st_size == 3_000_000


def test_a_stream_without_a_file_descriptor_gets_writelines() -> None:
    import io

    from quiz.infra.writer import gathering_writer

    stream = io.BytesIO()
    gathering_writer(stream)([b"a", b"b"])
    assert stream.getvalue() == b"ab"
