"""Hosting a session: the one way to go from "host this bank" to a session that learners reach.

``quiz host`` (with its screen or ``--headless``), the host screen, the load benchmark and the
tests all call ``host``: it creates the session (or resumes one whose host stopped), serves it
on the running event loop, and returns both, to be stopped together.

The host screen does not serve in its own process: Textual's redraws and the server would share
one event loop (and one GIL), and a room of 5,000 waited for the screen's frames (an answer's
acknowledgement at p99 1.1 s, benchmarks/live_load.py). ``serve_apart`` starts
``quiz.live.apart`` (which calls ``serve_until_stopped``, as ``quiz host --headless`` does) and
the screen drives it over the protocol, as any host client does. The server process reads its
stdin until it closes: when the screen's process ends, however it ends (``kill -9`` too), the
server stops with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import signal
import sys
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quiz.bank import Bank
from quiz.errors import QuizError
from quiz.i18n import _
from quiz.live.clock import Clock
from quiz.live.logs import limit_repeats
from quiz.live.room import LiveError, LiveOptions
from quiz.live.session import LiveSession
from quiz.store import Store

if TYPE_CHECKING:
    from quiz.live.server import JoinThrottle, LiveServer


@dataclass(frozen=True)
class HostSpec:
    """What the host asks for: a bank (or a session to resume), the rules, where to listen."""

    bank: str | None = None
    """A bank id or a path to a ``.toml`` file; with ``resume``, the stored one by default."""
    resume: str | None = None
    """The code of a session to resume after its host process stopped."""
    options: LiveOptions = field(default_factory=LiveOptions)
    bind: str = "127.0.0.1"
    port: int = 8765
    """0 takes any free port."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, fields: dict[str, Any]) -> HostSpec:
        return cls(**{**fields, "options": LiveOptions(**fields["options"])})


@dataclass
class Hosted:
    """A session and the server that serves it."""

    session: LiveSession
    server: LiveServer

    @property
    def code(self) -> str:
        return self.session.code

    @property
    def url(self) -> str:
        return self.server.url

    async def stop(self) -> None:
        """Close every connection (learners' clients will try to reconnect) and stop listening."""
        await self.server.stop()


async def host(
    store: Store,
    spec: HostSpec,
    find_bank: Callable[[str], Bank],
    *,
    clock: Clock | None = None,
    throttle: JoinThrottle | None = None,
) -> Hosted:
    """Create (or resume) the session ``spec`` asks for and serve it on the running loop.

    ``find_bank`` turns a bank's name into the bank (the CLI's and the app's catalogues
    differ). Raises ``QuizError`` for anything the host can fix: no such bank or session, a
    session that has ended, a port in use.
    """
    from quiz.live.server import serve

    raise_open_file_limit()
    limit_repeats()
    if spec.resume:
        bank = find_bank(spec.bank or LiveSession.stored_bank_ref(store, spec.resume))
        session = await LiveSession.resume(store, bank, spec.resume, clock=clock)
    elif spec.bank:
        bank = find_bank(spec.bank)
        session = await LiveSession.create(store, bank, spec.options, bank_ref=spec.bank, clock=clock)
    else:
        raise LiveError(_("name a bank to host, or the code of a session to resume"))
    session.checkpoint_apart(store)
    try:
        server = await serve(session, spec.bind, spec.port, throttle=throttle)
    except BaseException:
        await session.close()
        raise
    return Hosted(session, server)


async def serve_until_stopped(
    store: Store,
    spec: HostSpec,
    find_bank: Callable[[str], Bank],
    *,
    parent: asyncio.StreamReader | None = None,
) -> None:
    """Host ``spec``, say where as one JSON line on stdout, serve until SIGINT or SIGTERM.

    The line (code, port, url, host_token) is how a script, a load test or the host screen
    drives the session. With ``parent`` (the stdin of ``quiz.live.apart``), its end stops the
    server too.
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    hosted = await host(store, spec, find_bank)
    serve_only(hosted.session)
    line = {
        "code": hosted.code,
        "port": hosted.server.port,
        "url": hosted.url,
        "host_token": hosted.session.host_token,
    }
    print(json.dumps(line), flush=True)
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    watch = None if parent is None else loop.create_task(_until_closed(parent, stop))
    await stop.wait()
    await hosted.stop()
    if watch is not None:
        watch.cancel()


async def _until_closed(stream: asyncio.StreamReader, stop: asyncio.Event) -> None:
    await stream.read()  # nothing more is sent: this returns at the end of the stream
    stop.set()


YOUNG_PASS = 10_000
"""Objects made between two passes of the collector over the youngest generation (Python's
default is 700). A room's answers make objects by the thousand that live for the session; in a
5,000 run the young passes took 2.3 s of the server's CPU during the questions (gen 0 and 1,
one pass 86 ms), and 1.0 s at this threshold (one pass 61 ms)."""


def serve_only(session: LiveSession) -> None:
    """This process serves ``session`` and nothing else (``serve_until_stopped``: ``quiz host
    --headless`` and the host screen's server, ``quiz.live.apart``): the collector is set for
    a room's memory, which lives as long as the session and holds no cycles to collect
    (``LiveSession.settles``, ``YOUNG_PASS``)."""
    gc.set_threshold(YOUNG_PASS, *gc.get_threshold()[1:])
    session.settles = True


def raise_open_file_limit() -> int:
    """Raise this process's soft limit on open files to the hard one; the limit now.

    Each learner is a socket, and the usual soft limit of 1,024 stops a room at about a
    thousand. The hard limit is the most a process may ask for without privileges.
    """
    try:
        import resource
    except ImportError:  # not on Windows
        return -1
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY:
        hard = max(soft, 1 << 20)
    if soft != resource.RLIM_INFINITY and soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
            soft = hard
        except (ValueError, OSError):
            pass
    return soft


START_WITHIN = 60.0
"""Seconds the server process has to say where it listens (a Python start on a loaded machine)."""


@dataclass
class ServerProcess:
    """A session served by a process of its own (``serve_apart``): where, and how to stop it."""

    process: asyncio.subprocess.Process
    code: str
    port: int
    url: str
    host_token: str
    _drain: asyncio.Task[None]

    async def stop(self) -> None:
        """Close the server's stdin, its sign to stop (learners are disconnected, all is stored);
        kill it if it has not stopped within a few seconds."""
        if self.process.stdin is not None and not self.process.stdin.is_closing():
            self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), 10)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            await self.process.wait()
        self._drain.cancel()


async def serve_apart(
    db: Path, spec: HostSpec, bank_dirs: Sequence[Path], *, language: str | None = None
) -> ServerProcess:
    """Serve ``spec`` from a process of its own (``quiz.live.apart``) on the database ``db``,
    finding banks by id in ``bank_dirs``.

    Raises ``QuizError`` with the server's own one-line reason when it cannot host (no such
    bank or session, a port in use).
    """
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "quiz.live.apart",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    assert process.stderr is not None
    order = {
        "db": str(db),
        "banks": [str(folder) for folder in bank_dirs],
        "language": language,
        "spec": spec.to_dict(),
    }
    process.stdin.write(json.dumps(order).encode() + b"\n")
    said: deque[str] = deque(maxlen=20)
    drain = asyncio.get_running_loop().create_task(_keep_tail(process.stderr, said))
    try:
        line = await asyncio.wait_for(process.stdout.readline(), START_WITHIN)
    except BaseException:
        process.kill()
        await process.wait()
        drain.cancel()
        raise
    if not line:
        await process.wait()
        await drain
        errors = [text for text in said if text.strip()]
        raise QuizError(errors[-1] if errors else f"the server stopped ({process.returncode})")
    info = json.loads(line)
    return ServerProcess(process, info["code"], info["port"], info["url"], info["host_token"], drain)


async def _keep_tail(stream: asyncio.StreamReader, tail: deque[str]) -> None:
    """Read what the server writes to stderr (a full pipe would stop it), keeping the last lines."""
    while line := await stream.readline():
        tail.append(line.decode(errors="replace").rstrip())
