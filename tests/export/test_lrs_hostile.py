"""`lrs push` against hostile LRSs (issue 13, point 13): one line each, in bounded time and memory.

The servers run on 127.0.0.1 in threads of this process and stop by themselves: each answer
has a cap (seconds or bytes), and the server is shut down when its test ends. Deadlines are
injected (a fraction of a second), so no test waits for the real 30 s.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import os
import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from click.testing import CliRunner

from quiz.cli import cli
from quiz.export.lrs import ERROR_BODY_LIMIT, LrsConfig, LrsError, push
from tests.export.conftest import Seeded

CAP_SECONDS = 20.0
"""No hostile answer lasts longer than this, whatever the client does."""


@dataclass
class Hostile:
    url: str = ""
    posts: int = 0
    sent: int = 0
    """Bytes of answer the server managed to send."""
    lock: threading.Lock = field(default_factory=threading.Lock)


def _read_request(sock: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        ),
        0,
    )
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return
        body += chunk


Behaviour = Callable[[socket.socket, Hostile], None]


@contextmanager
def hostile_lrs(behaviour: Behaviour) -> Iterator[Hostile]:
    state = Hostile()

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            sock.settimeout(CAP_SECONDS)
            _read_request(sock)
            with state.lock:
                state.posts += 1
            with contextlib.suppress(OSError):  # the client hung up, as it should
                behaviour(sock, state)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/xAPI"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _send(sock: socket.socket, state: Hostile, data: bytes) -> None:
    sock.sendall(data)
    with state.lock:
        state.sent += len(data)


def drip(sock: socket.socket, state: Hostile) -> None:
    """One byte at a time, every 50 ms: no read ever times out, the answer never ends."""
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100_000
    end = time.monotonic() + CAP_SECONDS
    for byte in answer:
        if time.monotonic() > end:
            return
        _send(sock, state, bytes([byte]))
        time.sleep(0.05)  # the hostile server's pace, not a test waiting


def huge_error(sock: socket.socket, state: Hostile) -> None:
    """A 500 whose body says it is 500 MB, sent as fast as the client takes it."""
    _send(sock, state, b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 524288000\r\n\r\n")
    block = b"server error " * 5000
    while state.sent < 524_288_000:
        _send(sock, state, block)


def broken_gzip(sock: socket.socket, state: Hostile) -> None:
    body = b"\x1f\x8b\x08\x00" + os.urandom(2000)
    head = (
        f"HTTP/1.1 500 Internal Server Error\r\nContent-Encoding: gzip\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    _send(sock, state, head.encode() + body)


@functools.cache
def bomb() -> bytes:
    """200 MB of zeros, gzipped to about 200 KB."""
    return gzip.compress(b"0" * 200_000_000, compresslevel=9)


def gzip_bomb(sock: socket.socket, state: Hostile) -> None:
    body = bomb()
    head = (
        f"HTTP/1.1 500 Internal Server Error\r\nContent-Encoding: gzip\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    _send(sock, state, head.encode() + body)


def too_large(sock: socket.socket, state: Hostile) -> None:
    body = b'{"error": "request entity too large"}'
    _send(sock, state, b"HTTP/1.1 413 Payload Too Large\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


def escapes(sock: socket.socket, state: Hostile) -> None:
    body = b"\x1b[2J\x1b]0;pwned\x07 bad request"
    _send(sock, state, b"HTTP/1.1 400 Bad Request\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


def config(url: str, **overrides: object) -> LrsConfig:
    # A request deadline far beyond any answer of these servers: only the tests of the deadline
    # set a short one. At 0.5 s, a loaded machine could miss it before the 413 or the error
    # body came back, and the test failed on the deadline instead of what it checks.
    settings: dict[str, object] = {"batch_size": 50, "backoff": 0.0, "retries": 0, "timeout": 30.0}
    settings.update(overrides)
    return LrsConfig(url, **settings)  # type: ignore[arg-type]


def do_push(seeded: Seeded, lrs: LrsConfig) -> object:
    return push(seeded.store, seeded.ids, {seeded.bank.id: seeded.bank}, lrs, sleep=lambda _: None)


def test_a_slow_drip_is_cut_off_at_the_request_deadline(seeded: Seeded) -> None:
    with hostile_lrs(drip) as lrs:
        started = time.monotonic()
        with pytest.raises(LrsError) as caught:
            do_push(seeded, config(lrs.url, retries=1, timeout=0.4))
        took = time.monotonic() - started
    assert (
        str(caught.value)
        == f"{lrs.url}/statements gave no complete answer within 0.4 s (gave up after 2 tries)"
    )
    assert lrs.posts == 2
    assert took < 10, took  # two deadlines of 0.4 s, not the 100,000 bytes at 50 ms each


def test_a_huge_error_body_is_read_only_in_part(seeded: Seeded) -> None:
    with hostile_lrs(huge_error) as lrs, pytest.raises(LrsError) as caught:
        do_push(seeded, config(lrs.url, timeout=10.0))
    message = str(caught.value)
    assert message.startswith(f"{lrs.url}/statements answered 500: server error server error")
    assert message.endswith("... (gave up after 1 try)")
    assert len(message) < 500
    assert lrs.sent < 64 * 1024 * 1024, f"the client read {lrs.sent} bytes of a 500 MB body"


def test_a_broken_gzip_body_is_said_not_a_traceback(seeded: Seeded) -> None:
    with hostile_lrs(broken_gzip) as lrs, pytest.raises(LrsError) as caught:
        do_push(seeded, config(lrs.url, timeout=10.0))
    assert "answered 500: a body sent as gzip that does not decompress" in str(caught.value)


def test_a_gzip_bomb_is_decompressed_within_bounds(seeded: Seeded) -> None:
    # Made before the client's deadline starts: compressed inside the handler, it took more
    # than the 10 s deadline on a loaded machine, and the test failed on the server's time.
    bomb()
    with hostile_lrs(gzip_bomb) as lrs, pytest.raises(LrsError) as caught:
        do_push(seeded, config(lrs.url, timeout=10.0))
    assert "answered 500: 0000000000" in str(caught.value)
    assert ERROR_BODY_LIMIT < 200_000_000


def test_413_suggests_a_smaller_batch_size(seeded: Seeded) -> None:
    with hostile_lrs(too_large) as lrs, pytest.raises(LrsError) as caught:
        do_push(seeded, config(lrs.url, batch_size=8))
    message = str(caught.value)
    assert "answered 413 (Payload Too Large): a batch of 8 statements is more than it takes" in message
    assert "--batch-size 2" in message
    assert lrs.posts == 1  # not retried: the same batch would be refused again


def test_escape_sequences_in_an_error_body_are_shown_harmlessly(seeded: Seeded) -> None:
    with hostile_lrs(escapes) as lrs, pytest.raises(LrsError) as caught:
        do_push(seeded, config(lrs.url))
    message = str(caught.value)
    assert "\x1b" not in message
    assert "\x07" not in message
    assert "\\x1b[2J" in message


def test_the_cli_says_it_in_one_line_with_its_own_timeout(seeded: Seeded) -> None:
    with hostile_lrs(drip) as lrs:
        result = CliRunner().invoke(
            cli,
            [
                "--db",
                str(seeded.store.path),
                "lrs",
                "push",
                "--endpoint",
                lrs.url,
                "--timeout",
                "0.3",
                "--retries",
                "0",
            ],
        )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert errors == [
        f"Error: {lrs.url}/statements gave no complete answer within 0.3 s (gave up after 1 try)"
    ]


def test_an_endpoint_that_is_not_a_web_address_is_refused(seeded: Seeded) -> None:
    with pytest.raises(LrsError, match="must be an http:// or https:// address"):
        do_push(seeded, config("ftp://127.0.0.1/xAPI"))
