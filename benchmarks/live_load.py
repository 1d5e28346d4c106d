"""A live session under load, measured honestly: N learners in processes of their own.

    python benchmarks/live_load.py --participants 5000 --questions 10 --host-screen

The server runs as the host runs it: `quiz host --headless` in its own process, or with
`--host-screen` the real host screen (the Textual app, headless, in a process of its own,
paced by key presses as an instructor paces it), which starts the session server in a process
of its own as `quiz host` does; the server's CPU and the screen's are printed apart. The
learners run in `--workers` other processes, so the server's CPU is its own. Each learner joins,
then answers every question at a random moment within `--spread` seconds; a share (`--late`)
answers only after the reveal and must be refused as late, and a share (`--drop`) loses its
connection mid-question, reconnects by itself with its resume token and then answers. A failed
join is counted and reported, never a crash of the run.

The learners stand for the room's own devices, yet here they share the server's two cores, so
they are made as cheap as their part allows (``Learner``): each one its own TCP connection,
speaking WebSocket (RFC 6455: the handshake checked, its frames masked, pings answered) and the
session's protocol, driven by the loop's callbacks with no task, queue or timeout per learner,
reading from each frame only the fields it acts on (a broadcast decoded once per process).
They draw no screen and do not validate every frame against the protocol's models, as
``quiz.live.client.LiveClient`` does (learners built on it took 28-30 s of CPU at 5,000, the
server 15 s, on the same cores; these take about half that).

After the session ends, every answer in the database is checked against what was sent:
participant, position and choices (translated through the session's plan), and no stored
answer that was not acknowledged. Prints: joins per second, answer-to-ack p50/p99, the time
for a question to reach every learner, server CPU seconds and peak memory, answers verified.

Two measures of every arrival, both printed. An ack's time runs from the moment right before
the learner's socket send of its answer to the arrival of the verdict frame's last bytes, and
a question's from the host's key press to its arrival at each learner; the arrival taken
(1) at the learner's socket: the kernel's receive time of the read that completed the frame
(``SO_TIMESTAMPNS``, given by ``recvmsg``), and (2) as the learner's loop read it: the
monotonic clock when its callback got round to the socket. The goal is judged on (1). In a room
each learner is a device of its own, idle but for the quiz, and reads a frame as it comes; here
(5,000 in four processes) 1,250 learners share a process, and the four the server's two cores: a
learner's loop may be busy with the others, or wait for a core, well after the bytes came: that
wait is the benchmark's, not the server's. The reference is measured the same way. On a quiet
machine the two differ by a few ms at an ack's p99 and by about 80 ms at a question's worst
(5,000 learners): the learners' wait is small, but it is theirs. A read that takes more than
one packet has the last one's stamp, so (1) errs late, never early; turning the stamps on makes
the kernel read its clock once per packet received.
The goal (issue 15) for 5,000 with the host screen: joins >= 500/s, ack p99 < 250 ms,
a question reaches everyone within 500 ms, every answer stored.

Beside each figure, the same learner processes' figure against a reference measured first in
the same run (`--no-reference` skips it): a minimal aiohttp server that only seats, acks and
relays the host's commands, so the ratio shows what the session server adds to what the
machine, the learners and the loopback cost anyway. Every child process dies with the run.

The host presses the next question as soon as the screen offers it, the reveal just drawn
(`--reveal-pause` leaves it on screen that many seconds first, as an instructor who talks the
answer through does): pressed at once, the key waits for the screen's drawing of the reveal
(a run at load 5: the key press to the first learner 138 ms, against 23 ms after a 2 s pause).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import ctypes
import functools
import hashlib
import itertools
import json
import os
import random
import resource
import signal
import socket
import sqlite3
import statistics
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from banks import write_simple_bank

from quiz.live.hosting import raise_open_file_limit

HERE = Path(__file__).resolve()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def proc_figures(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) and peak resident memory in MB of a running process."""
    user, system = cpu_split(pid)
    cpu = user + system
    peak = next(
        int(line.split()[1]) / 1024
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if line.startswith("VmHWM")
    )
    return cpu, peak


def cpu_split(pid: int) -> tuple[float, float]:
    """A running process's CPU seconds in its own code (user) and in the kernel's (system): a
    server's sends and reads on loopback are system time, most of it the receivers' side."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / ticks, int(fields[12]) / ticks


# -- the host screen, headless, in its own process ------------------------------------------------


async def host_screen(args: argparse.Namespace) -> None:
    """The real host screen; prints the session's line, then presses the keys read on stdin."""
    from quiz.frontends.tui import AppSettings, HostRequest, make_app
    from quiz.frontends.tui.screens.live_host import HostScreen
    from quiz.live.hosting import HostSpec
    from quiz.live.room import LiveOptions

    options = LiveOptions(time_limit=args.time, seed=1, shuffle=False)
    spec = HostSpec(args.bank, options=options, port=0)
    app = make_app(AppSettings(Path(args.db), [], host=HostRequest(spec)))
    async with app.run_test(headless=True, size=(120, 40)) as pilot:
        while not (isinstance(app.screen, HostScreen) and app.screen.client is not None):
            await pilot.pause(0.05)
        screen = app.screen
        assert screen.hosted is not None
        hosted = screen.hosted
        line = {
            "code": hosted.code,
            "url": hosted.url,
            "host_token": hosted.host_token,
            "server_pid": hosted.process.pid,  # the session server, a process of the screen's
        }
        print(json.dumps(line), flush=True)
        reader = asyncio.StreamReader()
        loop = asyncio.get_running_loop()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        actions = {"s": "start", "n": "next", "r": "reveal", "e": "end"}
        while key := (await reader.readline()).decode().strip():
            if key == "quit":
                break
            # As an instructor does: press once the screen offers the key (its process hears
            # the server apart from the benchmark's observer, and may be a moment behind).
            while not screen.check_action(actions[key], ()):
                await pilot.pause(0.01)
            print(json.dumps({"pressed": key, "at": time.monotonic()}), flush=True)
            await pilot.press(key)
            if key == "e":
                await pilot.press("y")
        await screen.shutdown()


# -- the reference: what this machine does with a server that does nothing ---------------------


async def reference_server(args: argparse.Namespace) -> None:
    """A minimal aiohttp WebSocket server for the same learners: it seats, acks and relays.

    It speaks just enough of the protocol for ``LiveClient`` (a join gets ``joined``, an
    answer ``accepted``, the host's start/next/reveal/end go to everyone as the fixed messages
    of a four-choice question), with no store, no rules and no screen: its figures are what
    the learner processes, aiohttp and the loopback cost on this machine, the floor under the
    real server's.
    """
    from aiohttp import WSMsgType, web

    from quiz.live import protocol as p

    settings = p.Settings(
        questions=args.questions, time_limit=args.time, speed=True, streak=True, points=1000
    )
    learners: dict[int, web.WebSocketResponse] = {}
    hosts: set[web.WebSocketResponse] = set()
    now: dict[str, Any] = {"position": None, "question": None, "answered": 0, "state": p.SessionState.lobby}

    def question(position: int) -> p.QuestionMessage:
        return p.QuestionMessage(
            position=position,
            total=args.questions,
            kind="single",
            form=p.Form.choose_one,
            prompt=f"Question {position}: which choice is right?",
            options=[f"Choice {c}" for c in range(4)],
            points=1000,
            time_limit=args.time,
            remaining=args.time,
        )

    async def everyone(message: p.ServerModel) -> None:
        frame = p.dump(message)
        for ws in [*learners.values(), *hosts]:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await ws.send_str(frame)

    async def counts() -> None:
        """The answer count to the host ten times a second, as the real server sends it."""
        sent = -1
        while True:
            await asyncio.sleep(0.1)
            if now["position"] is not None and now["answered"] != sent:
                sent = now["answered"]
                message = p.AnsweredCount(position=now["position"], count=sent, participants=len(learners))
                for ws in list(hosts):
                    with contextlib.suppress(ConnectionError, RuntimeError):
                        await ws.send_str(p.dump(message))

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=p.MAX_MESSAGE_BYTES, compress=False)
        await ws.prepare(request)
        async for frame in ws:
            if frame.type is not WSMsgType.TEXT:
                break
            message = p.parse_client(frame.data)
            if isinstance(message, p.AnswerMessage):
                now["answered"] += 1
                reply = p.Accepted(position=message.position, choices=message.choices, seconds=0.0)
                await ws.send_str(p.dump(reply))
            elif isinstance(message, p.Join):
                participant = int(message.resume) if message.resume else len(learners) + 1
                learners[participant] = ws
                joined = p.Joined(
                    code=args.code or "REFREF",
                    participant=participant,
                    name=message.name,
                    resume_token=str(participant),
                    rejoin_code="",
                    resumed=message.resume is not None,
                    bank_title="reference",
                    settings=settings,
                    state=now["state"],
                    score=0,
                    correct_count=0,
                )
                await ws.send_str(p.dump(joined))
                if now["question"] is not None:
                    await ws.send_str(p.dump(now["question"]))
            elif isinstance(message, p.HostHello):
                hosts.add(ws)
                welcome = p.HostWelcome(
                    code="REFREF",
                    bank_title="reference",
                    settings=settings,
                    state=now["state"],
                    position=None,
                    participants=[],
                )
                await ws.send_str(p.dump(welcome))
            elif isinstance(message, p.Start | p.Next):
                position = 0 if now["position"] is None else now["position"] + 1
                now.update(position=position, question=question(position), answered=0)
                now["state"] = p.SessionState.question
                await everyone(now["question"])
            elif isinstance(message, p.Reveal):
                now["question"] = None
                now["state"] = p.SessionState.revealed
                reveal = p.RevealMessage(
                    position=now["position"],
                    correct=[0],
                    explanation="The first one.",
                    distribution=[0, 0, 0, 0],
                    answered=now["answered"],
                    participants=len(learners),
                )
                await everyone(reveal)
                await everyone(p.Leaderboard(entries=[]))
            elif isinstance(message, p.End):
                await everyone(p.Ended(leaderboard=[], asked=args.questions))
        return ws

    app = web.Application()
    app.router.add_get("/ws", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.create_server(("127.0.0.1", 0), backlog=4096)
    await web.SockSite(runner, sock).start()
    relay = asyncio.get_running_loop().create_task(counts())
    port = sock.getsockname()[1]
    print(json.dumps({"code": "REFREF", "url": f"ws://127.0.0.1:{port}/ws", "host_token": "-"}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # until the run ends
    relay.cancel()
    await runner.cleanup()


# -- learners, in processes of their own -----------------------------------------------------------


async def learners(args: argparse.Namespace) -> None:
    """``--count`` learners from ``--first`` on; one JSON report on stdout at the end.

    Each learner is a ``Learner``: one TCP connection speaking WebSocket and the session's
    protocol by hand, driven by the loop's callbacks (no task, queue or timeout per learner).
    """
    host, port, path = split_url(args.url)
    rng = random.Random(args.seed * 7919 + args.first)
    report: dict[str, Any] = {
        "failed": [],
        "lost": [],
        "acks": [],  # answer to verdict: the verdict's arrival as the kernel stamped it
        "acks_loop": [],  # the same, to when the learner's loop read it
        "acks_sent": [],
        "received": {},  # per question, its arrival at each learner: the kernel's stamps
        "received_loop": {},  # and when each learner's loop read it
        "unstamped": 0,
        "answers": [],
        "drops": 0,
        "retried": 0,
    }
    loop = asyncio.get_running_loop()
    crowd = Crowd(args, host, port, path, rng, report, loop)
    gate = asyncio.Semaphore(args.concurrency)

    async def join(n: int) -> Learner | None:
        async with gate:
            learner = Learner(crowd, f"Learner {n}")
            try:
                await learner.join(timeout=60)
            except (OSError, TimeoutError, ConnectionError) as exc:
                learner.abandon()
                report["failed"].append(f"{learner.name}: {exc or type(exc).__name__}")
                return None
            return learner

    print(json.dumps({"ready": True}), flush=True)
    await loop.run_in_executor(None, sys.stdin.readline)  # all start together
    started = time.monotonic()
    joined = await asyncio.gather(*(join(args.first + i) for i in range(args.count)))
    report["join_started"], report["join_done"] = started, time.monotonic()
    seated = [learner for learner in joined if learner is not None]
    print(json.dumps({"seated": len(seated), "started": started, "done": report["join_done"]}), flush=True)
    for learner in seated:
        learner.kind = (
            "late" if rng.random() < args.late else "drop" if rng.random() < args.drop else "on time"
        )
        learner.begin()
    report["late"] = sum(1 for learner in seated if learner.kind == "late")
    crowd.waiting = {learner for learner in seated if not learner.done}
    if crowd.waiting:
        watch = loop.create_task(crowd.watch())
        await crowd.finished
        watch.cancel()
    for learner in seated:
        learner.leave()
    await asyncio.sleep(0.5)  # the close frames go out
    usage = resource.getrusage(resource.RUSAGE_SELF)
    report["cpu"] = usage.ru_utime + usage.ru_stime
    print(json.dumps(report), flush=True)


def split_url(url: str) -> tuple[str, int, str]:
    """``ws://host:port/path`` as (host, port, path)."""
    rest = url.removeprefix("ws://")
    where, _, path = rest.partition("/")
    host, _, port = where.rpartition(":")
    return host.strip("[]"), int(port), "/" + path


QUIET = 120.0
"""A learner that hears nothing from the server this long is counted as lost."""
_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
"""RFC 6455's key for the handshake's Sec-WebSocket-Accept."""


class Crowd:
    """What a learner process's learners share: the run's options, the report, the loop."""

    def __init__(
        self,
        args: argparse.Namespace,
        host: str,
        port: int,
        path: str,
        rng: random.Random,
        report: dict[str, Any],
        loop: asyncio.AbstractEventLoop,
    ) -> None:
        self.args, self.host, self.port, self.path = args, host, port, path
        self.rng, self.report, self.loop = rng, report, loop
        self.waiting: set[Learner] = set()
        """Learners that have not yet heard the session end (or been lost)."""
        self.finished: asyncio.Future[None] = loop.create_future()
        from quiz.live import protocol as p

        self.fatal = frozenset(code.value for code in p.FATAL_ERRORS)
        """The refusals after which the server closes the connection: not to be tried again."""
        self._answers: dict[tuple[int, int], bytes] = {}

    def answer(self, position: int, choice: int) -> bytes:
        """The answer frame's JSON, made once per (position, choice) by the protocol's model."""
        if (text := self._answers.get((position, choice))) is None:
            from quiz.live import protocol as p

            text = p.dump(p.AnswerMessage(position=position, choices=[choice])).encode()
            self._answers[position, choice] = text
        return text

    def done(self, learner: Learner) -> None:
        self.waiting.discard(learner)
        if not self.waiting and not self.finished.done():
            self.finished.set_result(None)

    async def watch(self) -> None:
        """Every few seconds: a learner that has heard nothing for ``QUIET`` s is lost."""
        while self.waiting:
            await asyncio.sleep(5.0)
            now = time.monotonic()
            for learner in [w for w in self.waiting if now - w.heard > QUIET]:
                learner.lose(f"nothing from the server for {QUIET:g} s")


@functools.lru_cache(maxsize=64)
def decoded(payload: bytes) -> dict[str, Any]:
    """A frame's JSON, decoded once for every learner of the process that gets the same bytes
    (a broadcast: the question, the reveal, the leaderboard)."""
    return dict(json.loads(payload))


def client_frame(payload: bytes, opcode: int = 0x1, *, rng: random.Random) -> bytes:
    """A final client frame: masked with a fresh key, as RFC 6455 section 5.3 asks of a client."""
    key = rng.randbytes(4)
    size = len(payload)
    if size < 126:
        header = bytes((0x80 | opcode, 0x80 | size))
    elif size < 1 << 16:
        header = bytes((0x80 | opcode, 0x80 | 126)) + size.to_bytes(2, "big")
    else:
        header = bytes((0x80 | opcode, 0x80 | 127)) + size.to_bytes(8, "big")
    mask = (key * (size // 4 + 1))[:size]
    body = (int.from_bytes(payload, "big") ^ int.from_bytes(mask, "big")).to_bytes(size, "big")
    return header + key + body


SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
"""Linux's option for a socket whose every read the kernel stamps with the bytes' receive time
(CLOCK_REALTIME, a struct timespec in the ``SCM_TIMESTAMPNS`` message, the same number)."""
READ_SIZE = 256 * 1024
"""At most this much per read, as asyncio's transports read."""
_STAMP_SPACE = socket.CMSG_SPACE(16)


def clock_offset() -> int:
    """CLOCK_REALTIME minus CLOCK_MONOTONIC in nanoseconds: the realtime clock read between two
    readings of the monotonic one, so the pair is off by half their gap (well under 1 µs)."""
    before = time.monotonic_ns()
    real = time.time_ns()
    after = time.monotonic_ns()
    return real - (before + after) // 2


REALTIME_AHEAD = clock_offset()
"""Taken once per process: the kernel's stamps come on the realtime clock, the run's on the
monotonic one (the same clock in every process of the machine)."""


def kernel_stamp(ancdata: list[tuple[int, int, bytes]]) -> float | None:
    """The kernel's receive time from ``recvmsg``'s ancillary data, on the monotonic clock (None
    when there is no stamp). TCP's stamp is that of the last packet the read took."""
    for level, kind, data in ancdata:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS and len(data) >= 16:
            seconds, nanoseconds = struct.unpack_from("qq", data)
            return (int(seconds) * 1_000_000_000 + int(nanoseconds) - REALTIME_AHEAD) / 1e9
    return None


def stamped_socket(family: int = socket.AF_INET) -> socket.socket:
    """A non-blocking TCP socket whose reads the kernel stamps; no delay on small writes, as
    asyncio's transports set it."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
    except BaseException:
        sock.close()
        raise
    return sock


def receive(sock: socket.socket) -> tuple[bytes, float | None]:
    """One read: the bytes (b"" at the end) and when the kernel received them (``kernel_stamp``)."""
    data, ancdata, _, _ = sock.recvmsg(READ_SIZE, _STAMP_SPACE)
    return data, kernel_stamp(ancdata)


class Learner:
    """One learner: a device in the room, as cheap for this machine as its part allows.

    What it does: its own TCP connection; the WebSocket handshake (Sec-WebSocket-Accept
    checked) and frames as RFC 6455 has them (its own frames masked, a fresh key each, pings
    answered); ``join`` with its name, and back with its resume token after a drop (backoff
    with jitter, as ``LiveClient``); every question answered at a random moment within
    ``--spread`` s, or after the reveal for the late share, one answer in flight at a time;
    the server's verdict read from its frame. A dropped connection with an answer in flight is
    answered again once back, unless the question says the server kept it.
    What it does not do: validate every frame against the protocol's models (it reads the
    fields it acts on from the JSON; broadcast frames are decoded once per process), draw a
    screen, or keep a task, queue and timeout per learner: the loop calls it when bytes come
    and when its answer is due, so the room's devices cost this machine's cores (which the
    server shares) as little as they can. The same learners play against the reference.

    Its socket is its own, not an asyncio transport's, so that it can read with ``recvmsg`` and
    have the kernel's receive time of the bytes (``SO_TIMESTAMPNS``) beside the moment its loop
    got round to them: ``arrived`` and ``heard`` of the read that completed each frame.
    """

    def __init__(self, crowd: Crowd, name: str) -> None:
        self.crowd = crowd
        self.name = name
        self.kind = "on time"
        self.me = 0
        self.token: str | None = None
        self.sock: socket.socket | None = None
        """The connection, from connected until ``connection_lost`` (closed before then)."""
        self.closing = False
        """Closed, or closing once ``outgoing`` is written: nothing more is sent or read."""
        self.outgoing = bytearray()
        """What the kernel did not take yet; written when the socket can take it."""
        self.buffer = bytearray()
        self.key = ""
        self.upgraded = False
        self.joined: asyncio.Future[None] | None = None
        self.position = 0
        """The next question this learner is to answer."""
        self.received: set[int] = set()
        self.scheduled: int | None = None
        """The question whose answer is due on a timer (or, late, waits for the reveal)."""
        self.pending: tuple[int, int, float] | None = None
        """The answer in flight: position, choice, when it was sent."""
        self.started = False
        self.dropped = False
        self.rushing = False
        """Back after its drop: answers the question it comes back to at once."""
        self.closed_sent = False
        self.failures = 0
        self.first_failure = 0.0
        self.ended = False
        self.done = False
        self.leaving = False
        self.heard = time.monotonic()
        """When this learner's loop last read bytes from its socket."""
        self.arrived = self.heard
        """When the kernel received the bytes of that read (its stamp, on the monotonic clock)."""

    # -- the connection ----------------------------------------------------------------------

    async def join(self, timeout: float) -> None:
        """Connect and join; raises when the server refuses or does not answer."""
        self.joined = self.crowd.loop.create_future()
        async with asyncio.timeout(timeout):
            await self.connect()
            await self.joined

    async def connect(self) -> None:
        """A non-blocking socket of its own, connected by the loop; the kernel stamps its reads."""
        crowd = self.crowd
        sock = stamped_socket(socket.AF_INET6 if ":" in crowd.host else socket.AF_INET)
        try:
            await crowd.loop.sock_connect(sock, (crowd.host, crowd.port))
        except BaseException:
            sock.close()
            raise
        self.connection_made(sock)

    def connection_made(self, sock: socket.socket) -> None:
        self.sock = sock
        self.closing = False
        self.outgoing.clear()
        self.buffer.clear()
        self.upgraded = False
        self.closed_sent = False
        self.key = base64.b64encode(self.crowd.rng.randbytes(16)).decode()
        crowd = self.crowd
        crowd.loop.add_reader(sock.fileno(), self.readable)
        self.write(
            f"GET {crowd.path} HTTP/1.1\r\nHost: {crowd.host}:{crowd.port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {self.key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )

    def readable(self) -> None:
        """The loop's call when the socket has bytes: one read, with the kernel's stamp of them."""
        sock = self.sock
        if sock is None or self.closing:
            return
        try:
            data, stamp = receive(sock)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:  # ECONNRESET and the like: the connection is gone
            self.teardown(exc)
            return
        if not data:  # the server closed (or the drop's shutdown): the connection is lost
            self.teardown(None)
            return
        self.heard = time.monotonic()
        if stamp is None:  # no stamp from the kernel: the loop's time stands for it (reported)
            self.crowd.report["unstamped"] += 1
            stamp = self.heard
        self.arrived = stamp
        self.data_received(data)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(buffer[:end]).decode("latin-1")
            del buffer[: end + 4]
            accept = base64.b64encode(hashlib.sha1(self.key.encode() + _GUID).digest()).decode()
            if not head.startswith("HTTP/1.1 101") or accept not in head:
                self.refused(f"no WebSocket upgrade: {head.splitlines()[0] if head else 'nothing'}")
                return
            self.upgraded = True
            self.send(self.hello())
        while len(buffer) >= 2:
            first, second = buffer[0], buffer[1]
            size, start = second & 0x7F, 2
            if size == 126:
                if len(buffer) < 4:
                    return
                size, start = int.from_bytes(buffer[2:4], "big"), 4
            elif size == 127:
                if len(buffer) < 10:
                    return
                size, start = int.from_bytes(buffer[2:10], "big"), 10
            if second & 0x80 or not first & 0x80:
                self.lose("a masked or fragmented frame from the server")  # a server sends neither
                return
            if len(buffer) < start + size:
                return
            payload = bytes(buffer[start : start + size])
            del buffer[: start + size]
            opcode = first & 0x0F
            if opcode == 0x1:
                self.heard_text(payload)
            elif opcode == 0x9:
                self.send(payload, 0xA)  # a ping: pong
            elif opcode == 0x8:
                if not self.closed_sent:
                    self.closed_sent = True
                    self.send(payload[:2], 0x8)  # the server closes: close back
                self.close()
                return

    def send(self, payload: bytes, opcode: int = 0x1) -> float:
        """A frame to the server; the monotonic time taken right before the socket's send."""
        return self.write(client_frame(payload, opcode, rng=self.crowd.rng))

    def write(self, data: bytes) -> float:
        """As a transport writes: what the kernel does not take now waits for the socket."""
        at = time.monotonic()
        sock = self.sock
        if sock is None or self.closing:
            return at
        if self.outgoing:
            self.outgoing += data  # behind what waits already
            return at
        try:
            sent = sock.send(data)
        except (BlockingIOError, InterruptedError):
            sent = 0
        except OSError as exc:
            self.teardown(exc)
            return at
        if sent < len(data):
            self.outgoing += memoryview(data)[sent:]
            self.crowd.loop.add_writer(sock.fileno(), self.writable)
        return at

    def writable(self) -> None:
        """The loop's call when the socket takes bytes again: the rest of what was written."""
        sock = self.sock
        if sock is None or sock.fileno() < 0:
            return
        try:
            sent = sock.send(self.outgoing)
        except (BlockingIOError, InterruptedError):
            return
        except OSError as exc:
            self.teardown(exc)
            return
        del self.outgoing[:sent]
        if not self.outgoing:
            self.crowd.loop.remove_writer(sock.fileno())
            if self.closing:
                self.teardown(None)

    def close(self) -> None:
        """As a transport closes: nothing more is read, what waits is written, then the socket
        closes and ``connection_lost`` follows."""
        sock = self.sock
        if sock is None or self.closing:
            return
        self.closing = True
        self.crowd.loop.remove_reader(sock.fileno())
        if not self.outgoing:
            self.teardown(None)

    def teardown(self, exc: Exception | None) -> None:
        """The socket closed now (what waits to be written is dropped); ``connection_lost`` on
        the loop's next turn, as a transport calls it."""
        sock = self.sock
        if sock is None or sock.fileno() < 0:
            return  # closed already: its connection_lost is on its way
        loop = self.crowd.loop
        loop.remove_reader(sock.fileno())
        loop.remove_writer(sock.fileno())
        sock.close()
        self.closing = True
        self.outgoing.clear()
        loop.call_soon(self.connection_lost, exc)

    def hello(self) -> bytes:
        from quiz.live import protocol as p

        join = p.Join(code=self.crowd.args.code, name=self.name, resume=self.token)
        return p.dump(join).encode()

    def connection_lost(self, exc: Exception | None) -> None:
        self.sock = None
        if self.joined is not None and not self.joined.done():
            self.joined.set_exception(ConnectionError("the server closed the connection before answering"))
            return
        if self.done or self.leaving or self.joined is None:
            return
        if self.ended:
            self.finish()
            return
        if self.pending is not None:
            self.crowd.report["retried"] += 1  # answered again once back, unless it was kept
        self.failures = 0
        self.reconnect()

    def reconnect(self) -> None:
        """Back in after a backoff (with jitter, so a room does not come back in lockstep)."""
        self.failures += 1
        if self.failures == 1:
            self.first_failure = time.monotonic()
        elif time.monotonic() - self.first_failure > 300:
            self.lose("gave up reconnecting")
            return
        delay = min(5.0, 0.1 * 2 ** (self.failures - 1)) * self.crowd.rng.uniform(0.5, 1.0)
        self.crowd.loop.call_later(delay, lambda: self.crowd.loop.create_task(self._again()))

    async def _again(self) -> None:
        try:
            await self.connect()
        except OSError:
            self.reconnect()

    # -- the session ---------------------------------------------------------------------------

    def heard_text(self, payload: bytes) -> None:
        if payload.startswith((b'{"type":"accepted"', b'{"type":"refused"')):
            self.verdict(payload.startswith(b'{"type":"accepted"'), json.loads(payload)["position"])
        elif payload.startswith(b'{"type":"question"'):
            self.question(decoded(payload))
        elif payload.startswith(b'{"type":"reveal"'):
            position = self.scheduled
            waits = self.kind == "late" and self.pending is None
            if waits and position is not None and decoded(payload)["position"] == position:
                self.scheduled = None
                self.give(position)
        elif payload.startswith(b'{"type":"joined"'):
            joined = json.loads(payload)
            self.me, self.token, self.failures = joined["participant"], joined["resume_token"], 0
            if self.joined is not None and not self.joined.done():
                self.joined.set_result(None)
        elif payload.startswith(b'{"type":"ended"'):
            self.ended = True
            self.finish()
        elif payload.startswith((b'{"type":"error"', b'{"type":"kicked"')):
            message = json.loads(payload)
            if message["type"] == "kicked":
                self.lose("kicked")
            elif message["code"] in self.crowd.fatal:
                self.refused(message["message"])

    def refused(self, why: str) -> None:
        if self.joined is not None and not self.joined.done():
            self.joined.set_exception(ConnectionError(why))
        else:
            self.lose(f"refused: {why}")
        self.close()

    def begin(self) -> None:
        """Seated with the others, and given its part (``kind``): the questions may come."""
        self.started = True

    def question(self, message: dict[str, Any]) -> None:
        position, chosen = message["position"], message.get("chosen")
        if not self.started or position < self.position:
            return
        if self.pending is not None:  # back after a drop with an answer in flight
            pending, choice, before = self.pending
            if chosen is not None and pending == position:
                self.pending = None
                self.record(position, choice, before, accepted=chosen == [choice])
            elif pending == position:
                self.send(self.crowd.answer(position, choice))  # not kept: answer again
            return
        if chosen is not None or position == self.scheduled:
            return
        if position > self.position:
            self.position = position  # back after a drop, a question later: the one missed is missed
        report = self.crowd.report
        if position not in self.received:
            self.received.add(position)
            report["received"].setdefault(str(position), []).append(self.arrived)
            report["received_loop"].setdefault(str(position), []).append(time.monotonic())
        self.scheduled = position
        if self.kind == "late":
            return  # answers after the reveal
        if self.rushing:
            self.rushing = False
            self.scheduled = None
            self.give(position)  # back in: answers at once
            return
        delay = self.crowd.rng.uniform(0, self.crowd.args.spread)
        self.crowd.loop.call_later(delay, self.due, position)

    def due(self, position: int) -> None:
        if self.scheduled != position or self.done:
            return
        self.scheduled = None
        if self.kind == "drop" and position == self.crowd.args.questions // 2 and not self.dropped:
            self.dropped = True
            if self.sock is not None and not self.closing:
                self.sock.shutdown(socket.SHUT_RDWR)  # the wifi goes; the learner comes back
                self.crowd.report["drops"] += 1
                self.rushing = True
                return
        self.give(position)

    def give(self, position: int) -> None:
        rng = self.crowd.rng
        choice = 0 if rng.random() < 0.6 else rng.randrange(4)
        if self.sock is None:
            self.pending = (position, choice, time.monotonic())
            self.crowd.report["retried"] += 1  # the connection is down: given once back
            return
        self.pending = (position, choice, self.send(self.crowd.answer(position, choice)))

    def verdict(self, accepted: bool, position: int) -> None:
        if self.pending is None or self.pending[0] != position:
            return
        _, choice, before = self.pending
        self.pending = None
        self.record(position, choice, before, accepted=accepted)

    def record(self, position: int, choice: int, before: float, *, accepted: bool) -> None:
        report = self.crowd.report
        if self.kind != "late":
            report["acks"].append(self.arrived - before)  # when the verdict's bytes came
            report["acks_loop"].append(time.monotonic() - before)  # when its loop read them
            report["acks_sent"].append([position, before])
        report["answers"].append([self.me, position, [choice], accepted, self.kind])
        self.position = position + 1

    # -- the end ---------------------------------------------------------------------------------

    def finish(self) -> None:
        if not self.done:
            self.done = True
            self.crowd.done(self)

    def lose(self, why: str) -> None:
        if not self.done:
            self.crowd.report["lost"].append(f"{self.name}: {why}")
            self.finish()

    def leave(self) -> None:
        """Close the connection as a client does: a close frame (1000), then the socket."""
        self.leaving = True
        if not self.closed_sent:
            self.closed_sent = True
            self.send((1000).to_bytes(2, "big"), 0x8)
        if self.sock is not None:
            self.crowd.loop.call_later(0.2, self.close)

    def abandon(self) -> None:
        self.leaving = True
        self.close()


# -- the run -----------------------------------------------------------------------------------------


async def measure(args: argparse.Namespace, workdir: Path, *, reference: bool) -> dict[str, Any]:
    """One session of ``--participants`` learners against the real server or the reference."""
    from quiz.live import protocol as p
    from quiz.live.client import LiveClient

    bank, db = workdir / "load.toml", workdir / "live.db"
    write_simple_bank(bank, args.questions)
    env = {**os.environ, "QUIZ_HOME": str(workdir / "home")}
    screen = args.host_screen and not reference
    if reference:
        command = [sys.executable, str(HERE), "--as-reference"]
    elif screen:
        command = [sys.executable, str(HERE), "--as-host-screen", "--db", str(db), "--bank", str(bank)]
    else:
        command = [sys.executable, "-m", "quiz", "--db", str(db), "host", str(bank), "--headless"]
        command += ["--port", "0", "--seed", "1", "--no-shuffle"]
    command += ["--time", str(args.time), "--questions", str(args.questions)]
    server = await child(command, env)
    assert server.stdout is not None
    assert server.stdin is not None
    info = json.loads(await server.stdout.readline())
    pressed: dict[str, float] = {}
    revealed: dict[str, float] = {}
    heard: dict[str, float] = {}

    async def press(key: str) -> float:
        """A key on the host screen, or the same command from a script; when it was given."""
        if screen:
            assert server.stdin is not None
            assert server.stdout is not None
            server.stdin.write(f"{key}\n".encode())
            await server.stdin.drain()
            return float(json.loads(await server.stdout.readline())["at"])
        at = time.monotonic()
        await observer.send({"s": p.Start(), "n": p.Next(), "r": p.Reveal(), "e": p.End()}[key])
        return at

    observer = LiveClient(info["url"], code=info["code"], host_token=info["host_token"])
    await observer.connect()
    per = -(-args.participants // args.workers)
    workers = []
    for w in range(args.workers):
        if w * per >= args.participants:
            break
        options = {
            "--url": info["url"],
            "--code": info["code"],
            "--first": w * per,
            "--count": min(per, args.participants - w * per),
            "--questions": args.questions,
            "--spread": args.spread,
            "--late": args.late,
            "--drop": args.drop,
            "--seed": args.seed,
            "--concurrency": args.concurrency,
        }
        flags = [str(part) for option in options.items() for part in option]
        workers.append(await child([sys.executable, str(HERE), "--as-learners", *flags], env))
    for worker in workers:
        assert worker.stdout is not None
        await worker.stdout.readline()  # ready
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write(b"go\n")
        await worker.stdin.drain()
    seated, spans = 0, []
    for worker in workers:
        assert worker.stdout is not None
        line = json.loads(await worker.stdout.readline())
        seated += line["seated"]
        spans.append((line["started"], line["done"]))
    took = max(done for _, done in spans) - min(start for start, _ in spans)
    serving = int(info.get("server_pid", server.pid))  # the host screen's server is a process of its own
    seating_cpu, _ = proc_figures(serving)
    name = "reference" if reference else "quiz host"
    print(f"({name}: seated {seated} in {took:.1f} s; the questions follow)", file=sys.stderr, flush=True)
    try:
        for position in range(args.questions):
            pressed[str(position)] = await press("s" if position == 0 else "n")
            # Everyone but the late ones answers; then the host reveals, and the late are refused.
            # Learners who stop hearing from the server do not hold it up: a few seconds without
            # a new answer and the host reveals (they are counted as lost at the end).
            event: object = None
            while True:
                try:
                    event = await observer.next_event(timeout=max(5.0, 2 * args.spread))
                except TimeoutError:
                    break
                if isinstance(event, p.QuestionMessage) and event.position == position:
                    # The observer is written to after every learner: the server has sent it all.
                    heard.setdefault(str(position), time.monotonic())
                enough = round(seated * (1 - args.late)) - max(3, seated // 100)
                if (
                    isinstance(event, p.AnsweredCount)
                    and event.position == position
                    and event.count >= enough
                ):
                    break
                if isinstance(event, p.RevealMessage):
                    break
            if not isinstance(event, p.RevealMessage):
                await asyncio.sleep(0.5)  # the stragglers of the on-time share
                revealed[str(position)] = await press("r")
            while not isinstance(await observer.next_event(timeout=300), p.Leaderboard):
                pass
            await asyncio.sleep(args.reveal_pause)  # the room reads the reveal before the next
        await press("e")
        while not isinstance(await observer.next_event(timeout=300), p.Ended):
            pass
        reports = []
        for worker in workers:
            assert worker.stdout is not None
            reports.append(json.loads(await worker.stdout.readline()))
            await worker.wait()
        cpu, peak = proc_figures(serving)
        system = cpu_split(serving)[1]
        screen_cpu = proc_figures(server.pid)[0] if serving != server.pid else 0.0
    finally:
        await observer.close()
        if screen or reference:
            server.stdin.write(b"quit\n")
            await server.stdin.drain()
        else:
            server.send_signal(signal.SIGTERM)
        await asyncio.wait_for(server.wait(), 60)

    failed = [f for r in reports for f in r["failed"]]
    sent = [a for r in reports for a in r["answers"]]
    questions, inf = range(args.questions), float("inf")

    def arrivals(key: str, position: int) -> list[float]:
        return [t for r in reports for t in r[key].get(str(position), [])]

    join_seconds = max(r["join_done"] for r in reports) - min(r["join_started"] for r in reports)
    joins = args.participants - len(failed)
    return {
        "workers": len(workers),
        "joins": joins,
        "failed": failed,
        "lost": [f for r in reports for f in r["lost"]],
        "join_seconds": join_seconds,
        "joins_per_second": joins / join_seconds,
        "acks": [a for r in reports for a in r["acks"]],
        "acks_loop": [a for r in reports for a in r["acks_loop"]],
        "unstamped": sum(r["unstamped"] for r in reports),
        "acks_after": [
            (sent - pressed[str(q)], sent >= revealed.get(str(q), float("inf")))
            for r in reports
            for q, sent in r["acks_sent"]
        ],
        # From the key press to the last learner (to everyone) and to the first, by the kernel's
        # stamps and as the learners' loops read the question.
        "broadcasts": [max(arrivals("received", q), default=0.0) - pressed[str(q)] for q in questions],
        "broadcasts_loop": [
            max(arrivals("received_loop", q), default=0.0) - pressed[str(q)] for q in questions
        ],
        "first_reached": [min(arrivals("received", q), default=inf) - pressed[str(q)] for q in questions],
        "written": [heard.get(str(q), float("nan")) - pressed[str(q)] for q in range(args.questions)],
        "late": sum(r["late"] for r in reports),
        "drops": sum(r["drops"] for r in reports),
        "retried": sum(r["retried"] for r in reports),
        "sent": sent,
        "cpu": cpu,
        "screen_cpu": screen_cpu,
        "learners_cpu": sum(r["cpu"] for r in reports),
        "seating_cpu": seating_cpu,
        "system_cpu": system,
        "seated": seated,
        "peak": peak,
        "verified": None if reference else verify(db, info["code"], sent),
    }


async def child(command: list[str], env: dict[str, str]) -> asyncio.subprocess.Process:
    """A process of this run, on pipes; it dies with the run (Linux), so nothing is left behind."""
    return await asyncio.create_subprocess_exec(
        *command,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        env=env,
        limit=1 << 28,  # a worker's report is one long line
        preexec_fn=die_with_parent,
    )


def die_with_parent() -> None:
    """In a child, before it starts: SIGTERM when the benchmark's process ends (Linux only)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


async def run(args: argparse.Namespace, workdir: Path) -> int:
    """The reference first, then the real server, the same learners against each; both printed."""
    load_before = os.getloadavg()[0]
    base = None
    if not args.no_reference:
        (workdir / "reference").mkdir()
        base = await measure(args, workdir / "reference", reference=True)
    (workdir / "real").mkdir()
    real = await measure(args, workdir / "real", reference=False)
    ms = 1000.0

    def row(label: str, value: Callable[[dict[str, Any]], float], shown: str) -> None:
        mine = value(real)
        line = f"{label:<30}{shown.format(mine):>14}"
        if base is not None:
            floor = value(base)
            line += f"{shown.format(floor):>14}{mine / floor if floor else float('nan'):>9.2f}x"
        print(line)

    print(
        f"participants          {args.participants} in {real['workers']} learner processes"
        f"{' with the host screen' if args.host_screen else ''}, {args.questions} questions, "
        f"answers spread over {args.spread:g} s"
    )
    print(
        f"machine load          {load_before:.1f} before, {os.getloadavg()[0]:.1f} after (1-minute average, "
        f"{os.cpu_count()} cores): the wall-clock figures depend on it, the CPU seconds hardly"
    )
    print(f"{'':<30}{'quiz host':>14}" + (f"{'reference':>14}{'ratio':>10}" if base else ""))
    row("joins per second", lambda f: f["joins_per_second"], "{:,.0f}")
    for heading, acks, broadcasts in (
        ("at the learner's socket (the kernel's receive time; the goal's measure):", "acks", "broadcasts"),
        (
            "as the learner's loop read it (its process waits for the shared cores too):",
            "acks_loop",
            "broadcasts_loop",
        ),
    ):
        print(heading)
        # row calls each lambda before the loop goes on, so each reads this turn's keys.
        row("  ack p50 (ms)", lambda f: percentile(f[acks], 0.5) * ms, "{:.1f}")  # noqa: B023
        row("  ack p99 (ms)", lambda f: percentile(f[acks], 0.99) * ms, "{:.1f}")  # noqa: B023
        row("  ack max (ms)", lambda f: max(f[acks]) * ms, "{:.1f}")  # noqa: B023
        row("  question median (ms)", lambda f: statistics.median(f[broadcasts]) * ms, "{:.0f}")  # noqa: B023
        row("  question worst (ms)", lambda f: max(f[broadcasts]) * ms, "{:.0f}")  # noqa: B023
    row("server CPU (s)", lambda f: f["cpu"], "{:.1f}")
    row("of it, kernel (s)", lambda f: f["system_cpu"], "{:.1f}")
    row("server peak (MB)", lambda f: f["peak"], "{:.0f}")
    row("learners' CPU (s)", lambda f: f["learners_cpu"], "{:.1f}")
    if real["screen_cpu"]:
        print(
            f"{'host screen CPU (s)':<22}{real['screen_cpu']:>14.1f}  (its own process, beside the server's)"
        )
    if base is not None:
        print("(ratio: quiz host's figure over the reference's. The reference server only seats, acks")
        print(" and relays, so its figures are what the learner processes and the loopback cost here;")
        print(" the learners' CPU is what the room's own machines would spend, here on the same cores)")
    failed, lost, sent = real["failed"], real["lost"], real["sent"]
    print(
        f"joins                 {real['joins']} joined, {len(failed)} failed"
        + (f" (first: {failed[0]})" if failed else "")
        + f", {real['join_seconds']:.2f} s for all"
    )
    late_refused = sum(1 for a in sent if a[4] == "late" and not a[3])
    print(
        f"late, dropped         {real['late']} answered late ({late_refused} refused as late), "
        f"{real['drops']} dropped and came back, {real['retried']} answers met a dropped connection "
        "and were given again once back"
    )
    # CPU time, unlike the wall clock, hardly depends on what else the machine is doing.
    print(
        f"server CPU per join   {real['seating_cpu'] / max(1, real['seated']) * 1000:.2f} ms (start-up "
        f"included); per answer {(real['cpu'] - real['seating_cpu']) / max(1, len(sent)) * 1000:.2f} ms "
        "(with the reveals)"
    )
    print(f"slow acks             at the socket: {slow_acks(real)}")
    print(f"                      as the loop read them: {slow_acks(real, 'acks_loop')}")
    if base is not None:
        print(f"  (reference)         at the socket: {slow_acks(base)}")
        print(f"                      as the loop read them: {slow_acks(base, 'acks_loop')}")
    print(f"question's way        {question_way(real)}")
    if base is not None:
        print(f"  (reference)         {question_way(base)}")
    if unstamped := real["unstamped"] + (base["unstamped"] if base is not None else 0):
        print(f"unstamped reads       {unstamped} without the kernel's stamp: the loop's time stood in")
    if lost:
        print(f"lost                  {len(lost)} stopped hearing from the server (first: {lost[0]})")
    verified, problems = real["verified"]
    accepted = sum(1 for a in sent if a[3])
    print(
        f"answers               {accepted} acknowledged, {verified} stored and verified "
        "(participant, position, choices)"
        + (f"; {len(problems)} problems, first: {problems[0]}" if problems else "")
    )
    ok = not problems and verified == accepted and not failed and not lost
    print(f"every answer stored   {'yes' if ok else 'NO'}")
    if args.participants >= 5000 and args.host_screen:
        print(f"goal (issue 15)       {goal(real, ok)}")
    return 0 if ok else 1


def goal(figures: dict[str, Any], stored: bool) -> str:
    """Issue 15's goal for 5,000 learners with the host screen, figure by figure: every
    question must reach every learner within 500 ms, so it is the worst question that counts.
    Judged at the learners' sockets (the kernel's receive time): in a room each learner is a
    device of its own, and the time a learner's loop here takes to get round to its socket,
    on cores it shares with the server, is the benchmark's, not the server's. The loop's figure
    is given beside it."""
    ack, ack_loop = percentile(figures["acks"], 0.99), percentile(figures["acks_loop"], 0.99)
    worst, worst_loop = max(figures["broadcasts"]), max(figures["broadcasts_loop"])
    checks = [
        (f"joins {figures['joins_per_second']:,.0f}/s", figures["joins_per_second"] >= 500, ">= 500/s"),
        (
            f"ack p99 (at the learner's socket) {ack * 1000:.0f} ms; as the learner's loop read it "
            f"{ack_loop * 1000:.0f} ms",
            ack < SLOW,
            "< 250 ms at the socket",
        ),
        (
            f"worst question (at the learner's socket) {worst * 1000:.0f} ms; as the learner's loop "
            f"read it {worst_loop * 1000:.0f} ms",
            worst < 0.5,
            "< 500 ms at the socket",
        ),
        ("every answer stored" if stored else "answers missing", stored, "all"),
    ]
    met = sum(1 for _, ok, _ in checks if ok)
    return f"{met} of {len(checks)} met: " + "; ".join(
        f"{shown} ({'met' if ok else 'NOT met'}, {wanted})" for shown, ok, wanted in checks
    )


def question_way(figures: dict[str, Any]) -> str:
    """Where a question's time to reach everyone goes, medians over the questions (worst in
    brackets): from the key press to the first learner, to the host observer (written to after
    every learner, so: the server has sent it to all), to the last learner. The learners' by
    the kernel's stamps; the observer's as its loop, in the benchmark's own process, read it."""
    ms = 1000.0

    def both(values: list[float]) -> str:
        return f"{statistics.median(values) * ms:.0f} ({max(values) * ms:.0f}) ms"

    return (
        f"key press to first learner {both(figures['first_reached'])}, to the server's last write "
        f"{both(figures['written'])}, to the last learner {both(figures['broadcasts'])}"
    )


SLOW = 0.25
"""An ack slower than this misses issue 15's goal (p99 under 250 ms)."""
AFTER = (0.25, 0.5, 1.0, 2.0)
"""Seconds after the host opened the question, the edges of the slow acks' tally."""


def slow_acks(figures: dict[str, Any], measure: str = "acks") -> str:
    """How many acks took over ``SLOW``, tallied by when their answer was sent: a burst behind a
    broadcast shows in the first bins, a server that falls behind the answers in the later ones.
    ``measure``: ``acks`` at the learners' sockets, ``acks_loop`` as their loops read them."""
    acks = figures[measure]
    slow = [after for took, after in zip(acks, figures["acks_after"], strict=True) if took > SLOW]
    edges = [0.0, *AFTER, float("inf")]
    bins = [
        f"{low:g}-{high:g} s: {sum(1 for at, _ in slow if low <= at < high)}"
        if high != float("inf")
        else f"{low:g} s on: {sum(1 for at, _ in slow if at >= low)}"
        for low, high in itertools.pairwise(edges)
    ]
    revealing = sum(1 for _, during in slow if during)
    return (
        f"{len(slow)} of {len(acks)} over {SLOW * 1000:.0f} ms; sent this long after their "
        f"question opened: {', '.join(bins)}; {revealing} sent after the host's reveal"
    )


def verify(db: Path, code: str, sent: list[list[Any]]) -> tuple[int, list[str]]:
    """Stored answers against what was sent: participant, position, choices; nothing extra."""
    with sqlite3.connect(db) as conn:
        plan = json.loads(
            conn.execute("SELECT plan FROM live_sessions WHERE code = ?", (code,)).fetchone()[0]
        )
        orders = [item["order"] for item in plan["items"]]
        rows = conn.execute(
            "SELECT lp.id, a.position, a.response FROM answers a JOIN live_participants lp "
            "ON lp.attempt_id = a.attempt_id WHERE lp.session_code = ?",
            (code,),
        ).fetchall()
    stored = {
        (pid, position): sorted(orders[position].index(i) for i in json.loads(response))
        for pid, position, response in rows
    }
    expected = {(a[0], a[1]): sorted(a[2]) for a in sent if a[3]}
    problems = [
        f"participant {pid} question {position}: sent {choices}, stored {stored.get((pid, position))}"
        for (pid, position), choices in expected.items()
        if stored.get((pid, position)) != choices
    ]
    problems += [
        f"participant {pid} question {q}: stored, never acknowledged"
        for pid, q in stored.keys() - expected.keys()
    ]
    return sum(1 for key, choices in expected.items() if stored.get(key) == choices), problems


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--host-screen", action="store_true", help="run the real host screen (headless)")
    parser.add_argument("--workers", type=int, default=4, help="learner processes")
    parser.add_argument("--spread", type=float, default=1.0, help="learners answer within this many seconds")
    parser.add_argument(
        "--reveal-pause",
        type=float,
        default=0.0,
        help="seconds the host leaves each reveal on screen before the next question (0: at once)",
    )
    parser.add_argument(
        "--late", type=float, default=0.02, help="share of learners who answer after the reveal"
    )
    parser.add_argument("--drop", type=float, default=0.02, help="share who drop and reconnect mid-session")
    parser.add_argument("--time", type=float, default=120.0, help="the session's seconds per question")
    parser.add_argument("--concurrency", type=int, default=100, help="joins in flight per learner process")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-reference", action="store_true", help="skip the reference server's run")
    # The two roles this script plays in its child processes.
    parser.add_argument("--as-host-screen", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--as-learners", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--as-reference", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--bank", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--code", help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    raise_open_file_limit()  # as the server does: each learner is a socket
    if args.as_host_screen:
        if profile := os.environ.get("LIVE_LOAD_PROFILE"):
            import cProfile

            cProfile.runctx("asyncio.run(host_screen(args))", globals(), {"args": args}, profile)
        else:
            asyncio.run(host_screen(args))
        return 0
    if args.as_learners:
        asyncio.run(learners(args))
        return 0
    if args.as_reference:
        asyncio.run(reference_server(args))
        return 0
    with tempfile.TemporaryDirectory() as workdir:
        return asyncio.run(asyncio.wait_for(run(args, Path(workdir)), 1800))


if __name__ == "__main__":
    raise SystemExit(main())
