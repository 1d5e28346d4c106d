"""The WebSocket front of a live session (aiohttp), embeddable in the host screen's event loop.

``await serve(session, host, port)`` starts it on the running loop and returns a ``LiveServer``
(its bound port and ``ws://`` URL, and ``stop()``); ``quiz.live.hosting`` builds a session and
its server in one step, for the CLI, the host screen, the benchmark and the tests.

The server is the only judge: a connection becomes a learner by ``join`` with the session's
code, or the host by ``host_hello`` with the host token, and nothing else is accepted first.
A frame that is not valid JSON, names no known message or has wrong fields gets an ``error``
reply and the connection stays open; a frame over 64 KiB closes the connection (aiohttp's
``max_msg_size``). Wrong codes and host tokens from one address are answered ever more
slowly, so guessing a code from one machine is hopeless.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass

from aiohttp import WSCloseCode, WSMsgType, web

from quiz.errors import QuizError
from quiz.i18n import _
from quiz.live import protocol as p
from quiz.live.clock import Clock, LoopClock, Timer
from quiz.live.fanout import MAX_BACKLOG
from quiz.live.frames import Frame
from quiz.live.session import LiveSession

HEARTBEAT = 15.0
"""Seconds between pings: a learner whose laptop went to sleep is seen as gone within this."""
JOIN_WITHIN = 10.0
"""A connection that has not joined (or said host_hello) this long after opening is closed."""
LATE_TIMER = 1.0
"""A join timer that fires this much after its time says the loop is overloaded: the
connection gets another ``JOIN_WITHIN`` rather than the blame."""
PATH = "/ws"


class JoinThrottle:
    """Slows down guesses (wrong join codes, host tokens, resume tokens, rejoin codes) and only them.

    A right code or token is checked first and answered at once, whoever else is guessing from
    the same address: with ``--web`` every browser learner arrives from the host's own address,
    and one learner's typo must not slow the room. A wrong one is answered only after a delay
    that doubles with each failure from that address (``base``, twice that, ... at most ``cap``;
    forgotten ``forget_after`` seconds after the last), so a guesser who waits for each answer
    gets a few a minute. The waits are per connection: they hold nobody else up. At most
    ``max_waiting`` guesses per address wait at once; more are closed without an answer, so a
    flood of guesses cannot hold the server's sockets either.
    """

    def __init__(
        self,
        base: float = 0.25,
        cap: float = 8.0,
        forget_after: float = 300.0,
        *,
        max_waiting: int = 32,
        clock: Clock | None = None,
    ) -> None:
        self.clock = clock or LoopClock()
        self.base = base
        self.cap = cap
        self.forget_after = forget_after
        self.max_waiting = max_waiting
        self._failures: dict[str, tuple[int, float]] = {}
        self._waiting: dict[str, int] = {}

    def failures(self, address: str) -> int:
        count, last = self._failures.get(address, (0, 0.0))
        if count and self.clock.now() - last > self.forget_after:
            del self._failures[address]
            return 0
        return count

    def delay(self, address: str) -> float:
        """How long the next wrong guess from ``address`` waits for its answer."""
        count = self.failures(address)
        return 0.0 if count == 0 else min(self.cap, self.base * 2 ** (count - 1))

    def failed(self, address: str) -> float:
        """Note a wrong guess; how long its answer is to wait."""
        wait = self.delay(address)
        if len(self._failures) > 10_000:
            now = self.clock.now()
            self._failures = {a: f for a, f in self._failures.items() if now - f[1] <= self.forget_after}
        self._failures[address] = (self.failures(address) + 1, self.clock.now())
        return wait

    async def hold(self, address: str) -> bool:
        """Wait before answering a wrong guess; False when too many from there wait already."""
        wait = self.failed(address)
        if self._waiting.get(address, 0) >= self.max_waiting:
            return False
        self._waiting[address] = self._waiting.get(address, 0) + 1
        try:
            await self.clock.sleep(wait)
        finally:
            self._waiting[address] -= 1
            if not self._waiting[address]:
                del self._waiting[address]
        return True


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the server on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SocketPeer:
    """A joined connection as the fan-out sees it: frames go straight into its socket's buffer.

    The fan-out frames a message once (``quiz.live.frames``) and hands the same bytes to every
    peer; writing them here costs a buffer append (and, on an idle socket, one ``send``), where
    aiohttp's ``send_str`` would frame it again and need a coroutine each.
    """

    __slots__ = ("transport", "ws")

    def __init__(self, ws: web.WebSocketResponse, transport: asyncio.Transport | None) -> None:
        self.ws = ws
        self.transport = transport

    def write(self, frames: Sequence[Frame]) -> bool:
        transport = self.transport
        if transport is None or self.ws.closed or transport.is_closing():
            return True  # closing already: the disconnect handler tidies up
        if transport.get_write_buffer_size() > MAX_BACKLOG:
            return False
        transport.write(frames[0].wire if len(frames) == 1 else b"".join(f.wire for f in frames))
        return True

    async def close(self, *, code: int = 1000, message: bytes = b"") -> bool:
        return await self.ws.close(code=code, message=message)


@dataclass
class LiveServer:
    """A running server: where it listens, and how to stop it."""

    session: LiveSession
    host: str
    port: int
    runner: web.AppRunner
    handler: _Handler

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"ws://{host}:{self.port}{PATH}"

    async def stop(self) -> None:
        """Close every connection (learners' clients will try to reconnect) and stop listening."""
        await self.session.close()
        await self.handler.close_all()
        await self.runner.cleanup()


async def serve(
    session: LiveSession,
    host: str = "127.0.0.1",
    port: int = 8765,
    *,
    throttle: JoinThrottle | None = None,
) -> LiveServer:
    """Serve ``session`` on the running event loop; ``port=0`` takes any free port.

    Binding to anything but loopback is the caller's decision to make loudly (``quiz host``
    asks for ``--bind`` and prints a warning); this function does what it is told.
    """
    handler = _Handler(session, throttle or JoinThrottle(clock=session.clock))
    app = web.Application()
    app.router.add_get(PATH, handler.websocket)
    app.router.add_get("/", handler.index)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host.strip("[]"), port), family=family, backlog=4096)
    except OSError as exc:
        await runner.cleanup()
        raise QuizError(
            _("cannot listen on {host}:{port}: {why}").format(host=host, port=port, why=exc.strerror or exc)
        ) from exc
    site = web.SockSite(runner, sock)
    await site.start()
    bound = sock.getsockname()[1]
    return LiveServer(session=session, host=host, port=bound, runner=runner, handler=handler)


class _Handler:
    def __init__(self, session: LiveSession, throttle: JoinThrottle) -> None:
        self.session = session
        self.throttle = throttle
        self.sockets: set[web.WebSocketResponse] = set()

    async def index(self, request: web.Request) -> web.Response:
        return web.Response(
            text=f"resilience-quiz live session. Join from a terminal: quiz join {request.host}\n"
        )

    async def close_all(self) -> None:
        await asyncio.gather(
            *(
                ws.close(code=WSCloseCode.GOING_AWAY, message=b"server shutting down")
                for ws in list(self.sockets)
            ),
            return_exceptions=True,
        )

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=p.MAX_MESSAGE_BYTES, heartbeat=HEARTBEAT, compress=False)
        await ws.prepare(request)
        peer = SocketPeer(ws, request.transport)
        self.sockets.add(ws)
        address = request.remote or "unknown"
        participant: int | None = None
        host = False
        clock = self.session.clock
        timers: list[Timer] = []
        due = clock.now() + JOIN_WITHIN
        timers.append(clock.call_at(due, lambda: self._too_slow(ws, timers, due)))
        try:
            async for frame in ws:
                if frame.type is WSMsgType.TEXT:
                    message = p.parse_client(frame.data)
                elif frame.type is WSMsgType.BINARY:
                    message = p.Error(code=p.ErrorCode.binary, message="send JSON text frames, not binary")
                else:
                    break  # an error (a frame over the limit): aiohttp has closed the connection
                if isinstance(message, p.Error):
                    self.session.reply_in_order()
                    await _reply(ws, message)
                elif participant is None and not host:
                    outcome = await self._first(peer, address, message)
                    if outcome is None:
                        break
                    participant, host = outcome
                    if participant is not None or host:
                        timers[0].cancel()
                elif isinstance(message, p.Join | p.HostHello):
                    self.session.reply_in_order()
                    await _reply(
                        ws, p.Error(code=p.ErrorCode.already_joined, message="this connection has joined")
                    )
                elif participant is not None:
                    if isinstance(message, p.AnswerMessage):
                        self.session.take(participant, message)  # its reply follows its write
                    else:
                        self.session.reply_in_order()
                        await _reply(
                            ws,
                            p.Error(
                                code=p.ErrorCode.not_allowed,
                                message=f"only the host can {message.type}",
                            ),
                        )
                elif isinstance(message, p.AnswerMessage):
                    await _reply(
                        ws, p.Error(code=p.ErrorCode.not_allowed, message="the host does not answer")
                    )
                else:
                    error = await self.session.command(message)
                    if error is not None:
                        await _reply(ws, error)
        except ConnectionResetError:
            pass  # aiohttp answers a ping on a socket already going and raises: the learner left
        finally:
            timers[0].cancel()
            self.sockets.discard(ws)
            if participant is not None or host:
                self.session.disconnect(peer, participant)
        return ws

    async def _first(
        self, peer: SocketPeer, address: str, message: p.ClientMessage
    ) -> tuple[int | None, bool] | None:
        """Handle the first message: (participant, is host), or None when the connection must close.

        (None, False) means not joined yet: the connection stays open for a proper first message.
        """
        ws = peer.ws
        if isinstance(message, p.Join):
            if not self.session.check_code(message.code):
                await self._wrong_guess(ws, address, p.ErrorCode.bad_code, "no session with this code here")
                return None
            result = await self.session.join(peer, message)
            if isinstance(result, p.Error):
                if result.code is p.ErrorCode.bad_token:  # a made-up resume token or rejoin code
                    await self._wrong_guess(ws, address, result.code, result.message)
                else:
                    await _refuse(ws, result)
                return None
            return result, False
        if isinstance(message, p.HostHello):
            if not (self.session.check_code(message.code) and self.session.check_host_token(message.token)):
                await self._wrong_guess(ws, address, p.ErrorCode.bad_token, "wrong code or host token")
                return None
            await self.session.host_join(peer)
            return None, True
        await _reply(ws, p.Error(code=p.ErrorCode.not_joined, message="send join (or host_hello) first"))
        return None, False

    async def _wrong_guess(
        self, ws: web.WebSocketResponse, address: str, code: p.ErrorCode, why: str
    ) -> None:
        """Refuse a wrong code or token, after the throttle's wait (or unanswered, in a flood)."""
        if await self.throttle.hold(address):
            await _refuse(ws, p.Error(code=code, message=why))
        else:
            with contextlib.suppress(Exception):
                await ws.close(code=WSCloseCode.TRY_AGAIN_LATER, message=b"too many attempts")

    def _too_slow(
        self, ws: web.WebSocketResponse, holder: list[Timer], due: float, looked: bool = False
    ) -> None:
        # A frame that arrived but waits for a busy loop is a learner, not an idle socket: under
        # load (thousands joining) the join is queued, so wait for it rather than refuse it. The
        # same when this timer itself comes late: the loop is behind, not the connection.
        clock = self.session.clock
        queued = getattr(getattr(ws, "_reader", None), "_buffer", None)
        if queued or clock.now() - due > LATE_TIMER:
            again = clock.now() + JOIN_WITHIN
            holder[0] = clock.call_at(again, lambda: self._too_slow(ws, holder, again))
            return
        if not looked:
            # The join may still be in the kernel, not yet read by a loop seconds behind: look
            # again after the loop's next poll of its sockets (a callback queued now runs before
            # that poll's reads, so two turns).
            loop = asyncio.get_running_loop()
            loop.call_soon(loop.call_soon, self._too_slow, ws, holder, due, True)
            return
        error = p.Error(code=p.ErrorCode.too_slow, message=f"no join within {JOIN_WITHIN:g} s")
        self.session.fanout.spawn(_refuse(ws, error))


async def _reply(ws: web.WebSocketResponse, message: p.Error) -> None:
    with contextlib.suppress(ConnectionError, RuntimeError):
        await ws.send_str(p.dump(message))


async def _refuse(ws: web.WebSocketResponse, error: p.Error) -> None:
    await _reply(ws, error)
    with contextlib.suppress(Exception):
        await ws.close(code=WSCloseCode.POLICY_VIOLATION, message=error.code.value.encode())
