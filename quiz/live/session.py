"""A live session at work: the room's rules, its clock and its connections, together.

``LiveSession`` is what the server drives: each call hands a message to the ``Room`` (the
state machine, synchronous, so the state has changed before anything is awaited), sets the
timers the room's new state needs (the question's deadline and the note of its time left,
on the injected clock; the gathering of host updates, ``UPDATE_INTERVAL``), then has the
``FanOut`` deliver what the room said, at once and in order (delivery never waits). Joins
that arrive in the same turn of the event loop are written together (``Room.write_joins``)
and then welcomed; answers likewise (``Room.commit``), each acknowledged only once written.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging

from quiz.bank import AnyQuestion, Bank
from quiz.engine import AttemptPlan
from quiz.live import protocol as p
from quiz.live.clock import Clock, LoopClock, Timer
from quiz.live.fanout import FanOut, Peer, close_peer
from quiz.live.questions import Paper
from quiz.live.room import AnswersNotStored, Arrival, Effect, LiveOptions, Room, Send
from quiz.store import Store
from quiz.store.live import LiveRecords, LogCheckpoints

UPDATE_INTERVAL = 0.1
"""Host updates are gathered for this long: 1000 joins make ten messages, not 1000. A window on
the loop's own timer, not the session's clock: it decides only how many updates share a frame,
never what the room does or when (a test's ``ManualClock`` would hold every update back)."""
LOBBY_INTERVAL = 1.0
"""The lobby count goes to every learner, so at most this often: 5,000 joining learners would
otherwise get 10 messages a second each while the room fills."""
LOBBY_FRAMES = 1000
"""And at most this many lobby frames a second in all: a room of 5,000 hears the count every
5 s while it fills, rather than costing 5,000 writes a second while joins wait."""
NOTE_EVERY = 1.0
"""Seconds between notes of the open question's time left (what a crash can lose of it)."""
CHECKPOINT_EVERY = 1.0
"""Seconds between copies of the database's log into its file, in a worker thread
(``LogCheckpoints``): no commit on the event loop does it."""
SETTLE_FROM = 100
SETTLE_GROWTH = 1.5
"""A filling room is settled (``_settle``) when its learners are half as many again as at the
last time, from 150 (``SETTLE_FROM`` times this) on: 9 times while 5,000 join."""

log = logging.getLogger(__name__)


class LiveSession:
    """A session's room served to connections. Build one with ``create`` or ``resume``."""

    def __init__(self, room: Room, clock: Clock) -> None:
        self.room = room
        self.clock = clock
        self.fanout = FanOut()
        self._deadline_timer: Timer | None = None
        self._timed_deadline: float | None = None
        self._note_timer: Timer | None = None
        self._advance_timer: Timer | None = None
        self._timed_advance: float | None = None
        self._flush: asyncio.TimerHandle | None = None
        self._joining: list[tuple[Arrival, Peer, asyncio.Future[int]]] = []
        self._seat_soon: asyncio.Handle | None = None
        self._answers: list[tuple[int, p.Accepted | p.Refused, asyncio.Future[None] | None]] = []
        self._store_soon: asyncio.Handle | None = None
        self._last_lobby = -LOBBY_INTERVAL
        self._closing = False
        self._settled_at = SETTLE_FROM
        self.settles = False
        """Whether to ``_settle`` (freeze the collector's view): the choice of a process that
        serves this room and nothing else (``quiz.live.hosting.serve_only``), never of one that
        holds more, such as a test run, whose other garbage would be frozen with it."""
        self._checkpoints: LogCheckpoints | None = None
        self._checkpointing: asyncio.Task[None] | None = None
        self._stop_checkpoints = asyncio.Event()

    @classmethod
    async def create(
        cls,
        store: Store,
        bank: Bank,
        options: LiveOptions | None = None,
        *,
        bank_ref: str | None = None,
        clock: Clock | None = None,
    ) -> LiveSession:
        """A new session in its lobby (see ``Room.create``)."""
        clock = clock or LoopClock()
        room = Room.create(LiveRecords(store), bank, options or LiveOptions(), clock=clock, bank_ref=bank_ref)
        return cls(room, clock)

    @classmethod
    async def resume(cls, store: Store, bank: Bank, code: str, *, clock: Clock | None = None) -> LiveSession:
        """The session ``code`` as its host process left it (see ``Room.resume``)."""
        clock = clock or LoopClock()
        return cls(Room.resume(LiveRecords(store), bank, code, clock=clock), clock)

    def checkpoint_apart(self, store: Store) -> None:
        """From now on the store's log is copied into its file by a worker thread, every
        ``CHECKPOINT_EVERY`` seconds, until ``close`` (``quiz.live.hosting.host`` asks for it:
        a served session commits on the loop that serves its learners)."""
        self._checkpoints = LogCheckpoints(store)
        self._checkpointing = asyncio.get_running_loop().create_task(self._checkpoint_every())

    async def _checkpoint_every(self) -> None:
        assert self._checkpoints is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop_checkpoints.wait(), CHECKPOINT_EVERY)
            if self._stop_checkpoints.is_set():
                return
            await asyncio.to_thread(self._checkpoints.checkpoint)

    @staticmethod
    def stored_bank_ref(store: Store, code: str) -> str:
        """How the host named the bank of session ``code``: load it, then ``resume``."""
        return Room.stored_bank_ref(LiveRecords(store), code)

    @staticmethod
    def stored_paper(store: Store, code: str, bank: Bank) -> Paper:
        """Session ``code``'s questions as its server asks them now (see ``Room.stored_paper``)."""
        return Room.stored_paper(LiveRecords(store), code, bank)

    # -- what the host screen and tests read -----------------------------------------------------

    @property
    def code(self) -> str:
        return self.room.code

    @property
    def host_token(self) -> str:
        return self.room.host_token

    @property
    def state(self) -> p.SessionState:
        return self.room.state

    @property
    def position(self) -> int | None:
        return self.room.position

    @property
    def bank(self) -> Bank:
        return self.room.bank

    @property
    def plan(self) -> AttemptPlan:
        return self.room.plan

    def question(self, position: int) -> AnyQuestion:
        return self.room.paper.question(position)

    def standings(self) -> list[tuple[str, int, int]]:
        return self.room.standings()

    def check_code(self, typed: str) -> bool:
        return self.room.check_code(typed)

    def check_host_token(self, token: str) -> bool:
        return self.room.check_host_token(token)

    # -- what connections do -----------------------------------------------------------------------

    async def join(self, peer: Peer, message: p.Join) -> int | p.Error:
        """Seat a learner (the code was checked); their participant id, or the refusal to send.

        The seat is written with every other join that arrived in the same turn of the loop,
        in one transaction (``Room.write_joins``), before anyone hears of it.
        """
        arrival = self.room.join(message)
        if isinstance(arrival, p.Error):
            return arrival
        seated: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._joining.append((arrival, peer, seated))
        if self._seat_soon is None:
            self._seat_soon = asyncio.get_running_loop().call_soon(self._seat_joined)
        return await seated

    def _seat_joined(self) -> None:
        """Write the joins of this turn of the loop, then welcome each."""
        self._seat_soon = None
        self._store_answers()  # a learner back on a new connection sees their answer: stored
        joining, self._joining = self._joining, []
        failure: BaseException | None = None
        try:
            self.room.write_joins()
        except Exception as exc:  # each join it failed hears of it
            failure = exc
        own = self.room.bank.info.language
        for arrival, peer, seated in joining:
            seat = arrival.seat
            if seated.done():  # the connection's handler was cancelled: the server is stopping
                continue
            if seat.attempt_id is None:
                seated.set_exception(failure or RuntimeError("the seat was not written"))
                continue
            self.fanout.attach(seat.id, peer, seat.language if seat.language != own else None)
            self.fanout.deliver(self.room.welcome(arrival))
            seated.set_result(seat.id)
        if self.settles and len(self.fanout.learners) >= SETTLE_GROWTH * self._settled_at:
            # A filling room grows the collector's oldest generation, and each growth of a
            # quarter set off a full pass over it (5,000 joining: 6 passes, 0.9-1.3 of the
            # 4.4 s of CPU that seating took, one pass 0.34 s); settled each time it grows by
            # half, no pass comes.
            self._settled_at = len(self.fanout.learners)
            _settle()
        self._schedule()

    async def host_join(self, peer: Peer) -> None:
        """A host screen (the token was checked): welcome it and bring it to the present."""
        self._store_answers()
        self.fanout.hosts.add(peer)
        for message in self.room.host_view():
            self.fanout.send(peer, message)

    def disconnect(self, peer: Peer, participant: int | None) -> None:
        """A connection closed; a learner keeps their place and can come back with their token."""
        if self._closing:
            return  # the server is going away: that is no reason to close a question
        if participant is None:
            self.fanout.hosts.discard(peer)
            return
        self._store_answers()  # what it answered before it went is written (and acknowledged) first
        if self.fanout.detach(participant, peer):
            effects = self.room.leave(participant)
            self._schedule()
            self.fanout.deliver(effects)

    async def answer(self, participant: int, message: p.AnswerMessage) -> None:
        """Take or refuse one answer; it returns once the reply has gone out.

        Answers that arrive in the same turn of the loop are written in one transaction
        (``Room.commit``), and each is acknowledged only after that commit: an answer a
        learner saw accepted survives a crash of the host (``kill -9``) at any moment. A
        refusal waits with them, so that a learner's replies keep their order.
        """
        sent = asyncio.get_running_loop().create_future()
        if self._take(participant, message, sent):
            await sent

    def take(self, participant: int, message: p.AnswerMessage) -> None:
        """``answer`` without waiting for the reply: the server's way, which reads the
        learner's next frame meanwhile. The reply goes out as ``answer``'s does, in order
        with this learner's other replies, and only once the answer is written.

        One future and one more wake of the connection's task per answer were a tenth of what
        an answer cost the server (py-spy, 5,000 learners answering within a second).
        """
        self._take(participant, message, None)

    def _take(self, participant: int, message: p.AnswerMessage, sent: asyncio.Future[None] | None) -> bool:
        reply = self.room.answer(participant, message)
        if reply is None:
            return False
        self._answers.append((participant, reply, sent))
        if self._store_soon is None:
            self._store_soon = asyncio.get_running_loop().call_soon(self._store_answers)
        return True

    def reply_in_order(self) -> None:
        """Before a reply that does not wait with the answers (an error to a bad frame): the
        answers taken so far are written and acknowledged first, as they came."""
        if self._answers:
            self._store_answers()

    def _store_answers(self) -> None:
        """Write the answers taken in this turn of the loop, then acknowledge each; the
        question closes if that was everyone. Called before anything else the room does, so
        no one hears of an answer (a reveal, a count, a catch-up) before it is on disk."""
        if self._store_soon is not None:
            self._store_soon.cancel()
            self._store_soon = None
        answers, self._answers = self._answers, []
        try:
            effects = self.room.commit()
        except AnswersNotStored:
            log.exception("answers not stored; their learners are disconnected to answer again")
            effects = []
        except BaseException:
            self._acknowledge(answers, [])
            raise
        self._acknowledge(answers, effects)

    def _acknowledge(
        self,
        answers: list[tuple[int, p.Accepted | p.Refused, asyncio.Future[None] | None]],
        effects: list[Effect],
    ) -> None:
        """The replies to answers the room has written, then what followed them (a reveal).

        A learner whose answer could not be written hears no ``accepted``: their connection
        closes, their client comes back, and the question (``chosen`` empty) asks again.
        """
        replies: list[Effect] = []
        for participant, reply, _ in answers:
            if isinstance(reply, p.Accepted) and not self.room.stored(participant, reply.position):
                if (peer := self.fanout.learners.get(participant)) is not None:
                    self.fanout.spawn(close_peer(peer, 1011, "your answer was not stored: answer again"))
            else:
                replies.append(Send(participant, reply))
        self._apply([*replies, *effects])
        for _, _, sent in answers:
            if sent is not None and not sent.done():
                sent.set_result(None)

    async def command(self, message: p.HostCommand) -> p.Error | None:
        """Carry out a host command; the error to send back when it does not fit the state."""
        if self.settles:
            _settle()
        self._store_answers()  # the answers before it are acknowledged before what it brings
        result = self.room.command(message)
        if isinstance(result, p.Error):
            return result
        self._apply(result)
        return None

    async def end(self) -> None:
        """End the session now (as the host's ``end``)."""
        await self.command(p.End())

    async def close(self) -> None:
        """Stop the timers and close every connection (the server is going away)."""
        self._store_answers()
        self._closing = True
        for timer in (self._deadline_timer, self._note_timer, self._advance_timer, self._flush):
            if timer is not None:
                timer.cancel()
        self._deadline_timer = self._note_timer = self._advance_timer = self._flush = None
        await self.fanout.close()
        if self._checkpointing is not None:
            self._stop_checkpoints.set()
            await self._checkpointing  # a checkpoint under way finishes first
            self._checkpointing = None
        if self._checkpoints is not None:
            self._checkpoints.close()
            self._checkpoints = None

    # -- timers ------------------------------------------------------------------------------------

    def _apply(self, effects: list[Effect]) -> None:
        self._schedule()
        self.fanout.deliver(effects)

    def _schedule(self) -> None:
        """Set the timers the room's state now needs (called right after every state change)."""
        deadline = self.room.deadline
        if deadline != self._timed_deadline:
            if self._deadline_timer is not None:
                self._deadline_timer.cancel()
            self._deadline_timer = (
                None if deadline is None else self.clock.call_at(deadline, self._on_deadline)
            )
            self._timed_deadline = deadline
            if deadline is not None and self._note_timer is None:
                self._note_timer = self.clock.call_at(self.clock.now() + NOTE_EVERY, self._on_note)
        advance = self.room.advance_at
        if advance != self._timed_advance:
            if self._advance_timer is not None:
                self._advance_timer.cancel()
            self._advance_timer = None if advance is None else self.clock.call_at(advance, self._on_advance)
            self._timed_advance = advance
        if self.room.pending_updates and self._flush is None:
            self._flush = asyncio.get_running_loop().call_later(UPDATE_INTERVAL, self._on_flush)

    def _on_deadline(self) -> None:
        self._deadline_timer = None
        self._timed_deadline = None
        self._store_answers()
        self._apply(self.room.tick())

    def _on_note(self) -> None:
        self._note_timer = None
        if self.room.deadline is not None:
            self.room.note_time_left()
            self._note_timer = self.clock.call_at(self.clock.now() + NOTE_EVERY, self._on_note)

    def _on_advance(self) -> None:
        self._advance_timer = None
        self._timed_advance = None
        self._store_answers()
        self._apply(self.room.tick())

    def _on_flush(self) -> None:
        self._flush = None
        self._store_answers()  # the counts include only answers on disk
        now = asyncio.get_running_loop().time()
        lobby = now - self._last_lobby >= max(LOBBY_INTERVAL, len(self.fanout.learners) / LOBBY_FRAMES)
        if lobby:
            self._last_lobby = now
        self.fanout.deliver(self.room.updates(lobby=lobby))
        if self.room.pending_updates and self._flush is None:  # the lobby count held back: later
            self._flush = asyncio.get_running_loop().call_later(UPDATE_INTERVAL, self._on_flush)


def _settle() -> None:
    """Leave what is alive now out of the garbage collector's later passes (``gc.freeze``).

    The room lives as long as the session, in memory: seats, answers, results, connections.
    None of it is cyclic garbage, yet each full pass of the collector walks all of it with the
    loop held: in a room of 5,000 (in process, no sockets), 19 passes found nothing to free and
    took 4.2 s, one of them 0.5 s. Called at each host command and as the room fills
    (``SETTLE_GROWTH``), so that a pass looks only at what came since: CPU per question of
    5,000, answers 304 -> 225 ms, reveal 174 -> 109 ms.
    What is frozen and later becomes cyclic garbage (the objects of a connection that went)
    stays until the server's process ends: the price, bounded by the connections of a session.
    """
    gc.freeze()
