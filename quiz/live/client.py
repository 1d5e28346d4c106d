"""The asyncio client of a live session: the learner screen, the host screen and the benchmark.

A ``LiveClient`` connects, identifies itself (``join`` with a name, or ``host_hello`` with the
host token), then reads in a background task: every server message goes to an internal queue
that ``async for event in client`` drains. When the connection drops the client says so
(``Disconnected``), waits with exponential backoff (with jitter, so a room does not reconnect
in lockstep after the host restarts) and joins again with its resume token; the server then
sends ``joined`` (``resumed=True``) and whatever the learner missed. ``Closed`` is always the
last event: after a kick, a refused join, ``close()``, the session's end, or giving up.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import random
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

import aiohttp

from quiz.errors import QuizError
from quiz.i18n import _
from quiz.live import protocol as p
from quiz.live.clock import Clock, LoopClock

DEFAULT_PORT = 8765


@dataclass(frozen=True)
class Disconnected:
    """The connection dropped; the client tries again in ``retry_in`` seconds."""

    attempt: int
    retry_in: float


class CloseReason(StrEnum):
    """Why the client itself stopped (a refusal from the server is its ``Error`` instead): the
    value is the English a log shows, the member what a front end translates."""

    closed = "closed"
    ended = "the session has ended"
    dropped = "the connection dropped"
    gave_up = "gave up reconnecting"
    kicked = "kicked by the host"


@dataclass(frozen=True)
class Closed:
    """The last event: the client will not reconnect."""

    reason: str
    error: p.Error | None = None


Event = p.ServerModel | Disconnected | Closed
"""What ``async for event in client`` yields: server messages, and the client's own two events."""


class JoinError(QuizError):
    """The server refused to let this client in (wrong code, name, token), or could not be reached."""

    def __init__(self, message: str, error: p.Error | None = None, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.error = error
        self.unreachable = unreachable
        """No server answered (``message`` says why): the front ends word it their own way."""


class NotConnected(QuizError):
    """A message was sent while the connection is down; the client is reconnecting."""


class AddressError(QuizError):
    """An address that names no host, or a port that cannot be: the front ends word it
    (``part`` is ``"host"`` or ``"port"``)."""

    def __init__(self, address: str, part: str) -> None:
        if part == "host":
            message = _("“{address}” names no host: type host:port, as the instructor's screen shows.")
        else:
            message = _("The port in “{address}” is not a number from 1 to 65535.")
        super().__init__(message.format(address=address))
        self.address = address
        self.part = part


def parse_address(address: str, default_port: int = DEFAULT_PORT) -> tuple[str, int]:
    """``host``, ``host:port``, ``[v6]:port`` or a ``ws://`` URL as (host, port)."""
    text = address.strip()
    text = re.sub(r"^(ws|http)s?://", "", text).split("/", 1)[0]
    if text.startswith("["):
        host, _sep, rest = text[1:].partition("]")
        port_text = rest.removeprefix(":")
    elif text.count(":") == 1:
        host, _sep, port_text = text.partition(":")
    else:
        host, port_text = text, ""  # a bare IPv6 address, or a name without a port
    if not host:
        raise AddressError(address, "host")
    if not port_text:
        return host, default_port
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise AddressError(address, "port")
    return host, int(port_text)


def url_for(address: str, default_port: int = DEFAULT_PORT) -> str:
    """The WebSocket URL of the session server at ``address`` (see ``parse_address``)."""
    if address.strip().startswith(("ws://", "wss://")) and "/" in address.strip()[6:]:
        return address.strip()
    host, port = parse_address(address, default_port)
    shown = f"[{host}]" if ":" in host else host
    return f"ws://{shown}:{port}/ws"


@functools.lru_cache(maxsize=32)
def _parse(text: str) -> p.ServerMessage | p.Error:
    """A server frame as its message, decoded once for every client of this process that gets it.

    A broadcast (the question, the reveal, the leaderboard) is the same text for every learner,
    and messages are frozen, so one decoded object serves them all. One learner in a process
    gains nothing; the load benchmark's learner processes, 1,250 clients each, decoded every
    broadcast 1,250 times (a fifth of their CPU, pydantic's validation, in a profile at 5,000).
    """
    return p.parse_server(text)


def _why(exc: BaseException, timeout: float) -> str:
    """A reason a person can act on, even for exceptions that carry no message."""
    if isinstance(exc, TimeoutError):
        from quiz.i18n.numbers import decimal

        why = _("no answer within {seconds} s (is the address right, and the host's session running?)")
        return why.format(seconds=decimal(timeout, 3))
    return str(exc) or type(exc).__name__


class LiveClient:
    """One connection to a session, as a learner (``name``) or as the host (``host_token``)."""

    def __init__(
        self,
        url: str,
        *,
        code: str,
        name: str = "",
        email: str = "",
        host_token: str | None = None,
        resume_token: str | None = None,
        rejoin_code: str | None = None,
        language: str | None = None,
        reconnect: bool = True,
        backoff: float = 0.2,
        max_backoff: float = 5.0,
        give_up_after: float = 300.0,
        session: aiohttp.ClientSession | None = None,
        connect_timeout: float = 10.0,
        clock: Clock | None = None,
    ) -> None:
        self.url = url
        self.code = code
        self.name = name
        self.email = email
        self.host_token = host_token
        self.resume_token = resume_token
        """Set by the first ``joined``; join again with it to get the same place back."""
        self.rejoin_code = rejoin_code
        """With ``name``: come back as oneself from another device (used until a resume token comes)."""
        self.language = language
        """The learner's language, sent with every join (the room shows the bank in it)."""
        self.reconnect = reconnect
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.give_up_after = give_up_after
        self.connect_timeout = connect_timeout
        self.clock = clock or LoopClock()
        self.joined: p.Joined | None = None
        self.welcome: p.HostWelcome | None = None
        self._http = session
        self._own_http = session is None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[int, asyncio.Future[p.Accepted | p.Refused]] = {}
        self._closing = False
        self._done = False
        self._ended = False

    @property
    def is_host(self) -> bool:
        return self.host_token is not None

    @property
    def connected(self) -> bool:
        return self._ws is not None and not self._ws.closed

    # -- connecting ------------------------------------------------------------------------------

    async def connect(self) -> p.Joined | p.HostWelcome:
        """Connect and identify; the reply, or ``JoinError`` with the server's reason.

        This first reply is returned, not queued; the events that follow it (the lobby, or the
        open question for a late joiner) come from iterating the client.
        """
        if self._http is None:
            self._http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        try:
            reply = await self._open()
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            await self._close_http()
            raise JoinError(
                _("cannot reach the session at {url}: {why}").format(
                    url=self.url, why=_why(exc, self.connect_timeout)
                ),
                unreachable=True,
            ) from exc
        if isinstance(reply, p.Error):
            await self._close_http()
            raise JoinError(reply.message, reply)
        self._reader = asyncio.get_running_loop().create_task(self._read())
        return reply

    async def _open(self) -> p.Joined | p.HostWelcome | p.Error:
        """One connection and its handshake; other messages that come first are queued."""
        assert self._http is not None
        ws = await self._http.ws_connect(
            self.url,
            timeout=aiohttp.ClientWSTimeout(ws_close=2.0),
            heartbeat=15.0,
            max_msg_size=4 * 1024 * 1024,
            compress=0,
        )
        hello: p.Join | p.HostHello
        if self.host_token is not None:
            hello = p.HostHello(code=self.code, token=self.host_token)
        else:
            rejoin = self.rejoin_code if self.resume_token is None else None
            hello = p.Join(
                code=self.code,
                name=self.name,
                email=self.email,
                resume=self.resume_token,
                rejoin=rejoin,
                language=self.language,
            )
        await ws.send_str(p.dump(hello))
        async with asyncio.timeout(self.connect_timeout):
            while True:
                frame = await ws.receive()
                if frame.type is not aiohttp.WSMsgType.TEXT:
                    await ws.close()
                    raise ConnectionError(_("the server closed the connection before answering"))
                message = p.parse_server(frame.data)
                if isinstance(message, p.Joined):
                    self.joined = message
                    self.resume_token = message.resume_token
                    self.rejoin_code = message.rejoin_code or self.rejoin_code
                elif isinstance(message, p.HostWelcome):
                    self.welcome = message
                elif isinstance(message, p.Error):
                    if message.code in p.FATAL_ERRORS:
                        await ws.close()
                        return message
                    continue
                else:
                    continue
                self._ws = ws
                return message

    async def _read(self) -> None:
        """Read forever: queue every message, reconnect when the connection drops."""
        failures = 0
        first_failure = 0.0
        while True:
            ws = self._ws
            assert ws is not None
            try:
                async for frame in ws:
                    if frame.type is aiohttp.WSMsgType.TEXT:
                        message = _parse(frame.data)
                        self._deliver(message)
                        if isinstance(message, p.Kicked):
                            self._finish(CloseReason.kicked)
                            await ws.close()
                            return
                    elif frame.type is aiohttp.WSMsgType.ERROR:
                        break
            except ConnectionResetError:
                pass  # aiohttp answered a ping as the socket went, and raised: the connection dropped
            self._ws = None
            self._fail_pending(NotConnected(_("the connection dropped before the answer was acknowledged")))
            if self._closing:
                self._finish(CloseReason.closed)
                return
            if self._ended:
                self._finish(CloseReason.ended)
                return
            if not self.reconnect:
                self._finish(CloseReason.dropped)
                return
            # Reconnect with backoff until it works, the server refuses us, or we give up.
            while True:
                failures += 1
                if failures == 1:
                    first_failure = self.clock.now()
                elif self.clock.now() - first_failure > self.give_up_after:
                    self._finish(CloseReason.gave_up)
                    return
                delay = min(self.max_backoff, self.backoff * 2 ** (failures - 1)) * random.uniform(0.5, 1.0)
                self._queue.put_nowait(Disconnected(attempt=failures, retry_in=round(delay, 3)))
                await self.clock.sleep(delay)
                if self._closing:
                    self._finish(CloseReason.closed)
                    return
                try:
                    reply = await self._open()
                except (aiohttp.ClientError, OSError, TimeoutError):
                    continue
                if isinstance(reply, p.Error):
                    self._finish(reply.message, reply)
                    return
                self._queue.put_nowait(reply)
                failures = 0
                break

    def _deliver(self, message: p.ServerMessage | p.Error) -> None:
        if isinstance(message, p.Accepted | p.Refused):
            future = self._pending.pop(message.position, None)
            if future is not None and not future.done():
                future.set_result(message)
        elif isinstance(message, p.Ended):
            self._ended = True
        elif isinstance(message, p.Joined):
            self.joined = message
        self._queue.put_nowait(message)

    def _fail_pending(self, error: Exception) -> None:
        pending, self._pending = self._pending, {}
        for future in pending.values():
            if not future.done():
                future.set_exception(error)

    def _finish(self, reason: str, error: p.Error | None = None) -> None:
        if not self._done:
            self._done = True
            self._fail_pending(NotConnected(reason))
            self._queue.put_nowait(Closed(reason, error))

    # -- reading ----------------------------------------------------------------------------------

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._events()

    async def _events(self) -> AsyncIterator[Event]:
        while True:
            event = await self._queue.get()
            yield event
            if isinstance(event, Closed):
                return

    async def next_event(self, timeout: float | None = None) -> Event:
        """The next event (for tests and simple scripts); ``TimeoutError`` after ``timeout``."""
        if not self._queue.empty():
            # One here already (an answer's verdict, the result after a reveal) needs no timer:
            # next_event's timers were 8% of a load benchmark learner process's samples (py-spy).
            return self._queue.get_nowait()
        async with asyncio.timeout(timeout):
            return await self._queue.get()

    async def run(self, on_event: Callable[[Event], Awaitable[None]]) -> None:
        """Call ``on_event`` for every event until ``Closed`` (which it also gets)."""
        async for event in self:
            await on_event(event)

    # -- sending ----------------------------------------------------------------------------------

    async def send(self, message: p.ClientMessage) -> None:
        ws = self._ws
        if ws is None or ws.closed:
            raise NotConnected(_("not connected to the session; reconnecting"))
        try:
            await ws.send_str(p.dump(message))
        except (ConnectionError, RuntimeError) as exc:
            raise NotConnected(_("the connection dropped: {why}").format(why=exc)) from exc

    async def answer(
        self, position: int, choices: list[int], timeout: float = 10.0
    ) -> p.Accepted | p.Refused:
        """Answer question ``position`` with shown option positions; the server's verdict.

        The verdict also arrives as an event, so a screen may ignore the return value.
        """
        future: asyncio.Future[p.Accepted | p.Refused] = asyncio.get_running_loop().create_future()
        self._pending[position] = future
        try:
            await self.send(p.AnswerMessage(position=position, choices=choices))
            async with asyncio.timeout(timeout):
                return await future
        finally:
            if self._pending.get(position) is future:
                del self._pending[position]

    async def start(self) -> None:
        await self.send(p.Start())

    async def reveal(self) -> None:
        await self.send(p.Reveal())

    async def next(self) -> None:
        await self.send(p.Next())

    async def pause(self) -> None:
        await self.send(p.Pause())

    async def resume(self) -> None:
        await self.send(p.Resume())

    async def kick(self, participant: int) -> None:
        await self.send(p.Kick(participant=participant))

    async def end(self) -> None:
        await self.send(p.End())

    # -- closing ----------------------------------------------------------------------------------

    async def close(self) -> None:
        """Leave: close the connection, stop reconnecting, end the event stream with ``Closed``."""
        self._closing = True
        ws, reader = self._ws, self._reader
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        if reader is not None and not reader.done():
            if ws is None:
                reader.cancel()  # waiting to reconnect: nothing to finish
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                async with asyncio.timeout(3.0):
                    await reader
            reader.cancel()
        self._finish(CloseReason.closed)
        await self._close_http()

    async def _close_http(self) -> None:
        if self._own_http and self._http is not None:
            await self._http.close()
            self._http = None

    async def __aenter__(self) -> LiveClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
