"""Hosting a session: the one way to go from "host this bank" to a session that learners reach.

``quiz host`` (with its screen or ``--headless``), the host screen, the load benchmark and the
tests all call ``host``: it creates the session (or resumes one whose host stopped), serves it
on the running event loop, and returns both, to be stopped together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quiz.bank import Bank
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
        raise LiveError("name a bank to host, or the code of a session to resume")
    server = await serve(session, spec.bind, spec.port, throttle=throttle)
    return Hosted(session, server)


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
