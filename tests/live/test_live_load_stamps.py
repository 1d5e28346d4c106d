"""``benchmarks/live_load.py`` takes each arrival at the learner's socket (the kernel's receive
time, ``SO_TIMESTAMPNS``) beside when the learner's loop read it; the goal is judged on the first.

Over real TCP on 127.0.0.1. No test waits for time to pass: the reader is held back by the test
itself (a read the test has not yet let happen), and each stamp is compared with clock readings
taken on either side of the send and the read.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import importlib
import json
import random
import re
import select
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.live.conftest import WAIT

BENCHMARKS = Path(__file__).parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))  # live_load imports its neighbour, banks
try:
    live_load = importlib.import_module("live_load")
finally:
    sys.path.remove(str(BENCHMARKS))


def loopback_pair() -> tuple[socket.socket, socket.socket]:
    """A TCP connection on 127.0.0.1: (the server's end, the learner's end, stamped), once the
    kernel stamps what arrives.

    Linux turns receive stamps on for the whole machine when a first socket asks, and off when
    the last one closes, each in work it does a moment later (``net_enable_timestamp``): a
    stamped socket opened when no other is may read its first bytes unstamped (seen once in
    `.ci/run`, after the tests before it had closed theirs). So a probe byte goes across until
    one comes back stamped; the benchmark counts such reads as unstamped and reports them.
    """
    with socket.create_server(("127.0.0.1", 0)) as listener:
        learner = live_load.stamped_socket()
        learner.setblocking(True)
        learner.connect(listener.getsockname())
        server, _ = listener.accept()
    server.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    deadline = time.monotonic() + WAIT
    while True:
        server.sendall(b"?")
        readable(learner, 1)
        _, stamp = live_load.receive(learner)
        if stamp is not None:
            return server, learner
        assert time.monotonic() < deadline, "the kernel never stamped a read"


def readable(sock: socket.socket, size: int) -> None:
    """Until ``size`` bytes wait in the socket, unread (peeked at, never taken)."""
    while len(sock.recv(size, socket.MSG_PEEK)) < size:
        select.select([sock], [], [], WAIT)


def test_a_read_is_stamped_with_when_its_bytes_came_not_when_they_were_read() -> None:
    server, learner = loopback_pair()
    with server, learner:
        frame = b"\x81\x05hello"
        before = time.monotonic()
        server.sendall(frame)
        readable(learner, len(frame))
        waited = time.monotonic()  # the bytes have sat in the socket since before this
        data, stamp = live_load.receive(learner)
        after = time.monotonic()
    assert data == frame
    assert stamp is not None
    assert before <= stamp <= waited <= after


def test_a_read_of_two_packets_has_the_later_ones_stamp() -> None:
    """A read that takes more than one packet errs late, never early."""
    server, learner = loopback_pair()
    with server, learner:
        server.sendall(b"\x81\x05hel")
        readable(learner, 5)
        between = time.monotonic()
        server.sendall(b"lo")
        readable(learner, 7)
        waited = time.monotonic()
        data, stamp = live_load.receive(learner)
    assert data == b"\x81\x05hello"
    assert stamp is not None
    assert between <= stamp <= waited


def test_no_stamp_without_the_kernels_message() -> None:
    assert live_load.kernel_stamp([]) is None
    assert live_load.kernel_stamp([(socket.SOL_SOCKET, 99, bytes(16))]) is None


# -- a learner against a hand-driven server ----------------------------------------------------


class Peer:
    """The server's end of one learner's connection, speaking RFC 6455 by hand on the loop."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.loop = asyncio.get_running_loop()
        self.buffer = bytearray()

    async def take(self, size: int) -> bytes:
        while len(self.buffer) < size:
            chunk = await self.loop.sock_recv(self.sock, 65536)
            assert chunk, "the learner closed the connection"
            self.buffer += chunk
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    async def handshake(self) -> None:
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += await self.loop.sock_recv(self.sock, 65536)
        head, _, rest = bytes(self.buffer).partition(b"\r\n\r\n")
        self.buffer = bytearray(rest)
        found = re.search(rb"Sec-WebSocket-Key: (\S+)", head)
        assert found is not None
        accept = base64.b64encode(hashlib.sha1(found[1] + live_load._GUID).digest())
        await self.loop.sock_sendall(
            self.sock,
            b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n",
        )

    async def frame(self) -> dict[str, Any]:
        """The learner's next text frame: masked, as a client's must be."""
        first, second = await self.take(2)
        assert first == 0x81
        assert second & 0x80, "a client's frame is masked"
        size = second & 0x7F
        if size == 126:
            size = int.from_bytes(await self.take(2), "big")
        key = await self.take(4)
        body = await self.take(size)
        return dict(json.loads(bytes(b ^ key[i % 4] for i, b in enumerate(body))))

    @staticmethod
    def framed(message: dict[str, Any]) -> bytes:
        payload = json.dumps(message, separators=(",", ":")).encode()
        assert len(payload) < 126
        return bytes((0x81, len(payload))) + payload

    async def send(self, message: dict[str, Any]) -> None:
        await self.loop.sock_sendall(self.sock, self.framed(message))


async def test_a_learner_times_its_verdict_by_the_read_that_completed_the_frame() -> None:
    """The verdict comes in two reads: its time at the socket is the second read's kernel stamp,
    which is earlier than when the learner's loop, held back by the test, read it."""
    loop = asyncio.get_running_loop()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.setblocking(False)
    host, port = listener.getsockname()[:2]
    args = argparse.Namespace(code="ABCDEF", spread=0.0, questions=2)
    report: dict[str, Any] = {
        "acks": [],
        "acks_loop": [],
        "acks_sent": [],
        "received": {},
        "received_loop": {},
        "answers": [],
        "unstamped": 0,
        "retried": 0,
        "lost": [],
        "drops": 0,
    }
    crowd = live_load.Crowd(args, host, port, "/ws", random.Random(1), report, loop)
    reads: asyncio.Queue[bytes] = asyncio.Queue()

    class Watched(live_load.Learner):  # type: ignore[misc,name-defined]
        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            reads.put_nowait(data)

    learner = Watched(crowd, "Ona")
    joining = loop.create_task(learner.join(timeout=WAIT))
    async with asyncio.timeout(WAIT):
        accepted, _ = await loop.sock_accept(listener)
        listener.close()
        # As the servers set it: with Nagle's wait the second part would go only once the first
        # is acknowledged (a delayed ack: 40 ms later, and the stamp would rightly say so).
        accepted.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        peer = Peer(accepted)
        try:
            await peer.handshake()
            join = await peer.frame()
            assert (join["type"], join["code"], join["name"]) == ("join", "ABCDEF", "Ona")
            await peer.send({"type": "joined", "participant": 7, "resume_token": "t"})
            await joining
            learner.begin()
            await peer.send({"type": "question", "position": 0})
            answer = await peer.frame()  # given at once: the spread is 0
            assert (answer["type"], answer["position"]) == ("answer", 0)
            while not reads.empty():
                reads.get_nowait()
            verdict = peer.framed({"type": "accepted", "position": 0})
            await loop.sock_sendall(accepted, verdict[:6])
            await reads.get()  # the learner has read the first part: no verdict yet
            assert report["acks"] == []
            between = time.monotonic()
            accepted.sendall(verdict[6:])
            sitting = time.monotonic()  # the test has not yielded: the learner's loop has not read
            await reads.get()
        finally:
            learner.abandon()
            accepted.close()
    (sent,) = [at for _, at in report["acks_sent"]]
    (at_socket,), (at_loop,) = report["acks"], report["acks_loop"]
    assert between <= sent + at_socket <= sitting <= sent + at_loop
    assert report["answers"] == [[7, 0, [answer["choices"][0]], True, "on time"]]
    (question_at_socket,), (question_at_loop,) = report["received"]["0"], report["received_loop"]["0"]
    assert question_at_socket <= question_at_loop
    assert report["unstamped"] == 0


# -- the benchmark, end to end at a tiny size --------------------------------------------------


def test_a_tiny_run_verifies_its_answers_and_reports_both_measures() -> None:
    command = [sys.executable, str(BENCHMARKS / "live_load.py"), "--participants", "20"]
    command += ["--questions", "2", "--no-reference", "--drop", "0.25", "--late", "0.1"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    verified = re.search(r"answers +(\d+) acknowledged, (\d+) stored and verified", out)
    assert verified is not None, out
    assert int(verified[1]) == int(verified[2]) > 0
    assert "every answer stored   yes" in out
    at_socket, _, as_read = out.partition("as the learner's loop read it")
    assert "at the learner's socket" in at_socket
    for section in (at_socket, as_read):
        for figure in ("ack p50", "ack p99", "question worst"):
            assert re.search(rf"{figure} \(ms\) +\d", section), (figure, out)
    assert re.search(r"dropped +\d+ answered late \(\d+ refused as late\), [1-9]\d* dropped", out), out
    assert "unstamped" not in out
