"""One live session's rules: who is in it, which question is open, the clock, the points.

No network here: a connection is a ``Peer`` (anything with ``send_str`` and ``close``, as
aiohttp's ``WebSocketResponse`` has), so the rules can be driven by the server or by a test.
Everything runs on one event loop; each state change happens synchronously before the first
``await``, so two handlers can never both reveal a question or both take the last answer.
Sends that must arrive in order (a question, then its reveal, results and leaderboard) go
out under one lock; an answer's acknowledgement does not wait for it.

Persistence: every join (learner, attempt, participant) and every answer is committed to
SQLite before the learner hears back, and the session's state and the open question's time
left are written as they change, so ``LiveSession.resume`` can rebuild everything after a
crash: points and streaks are recomputed from the stored answers and their server-measured
times, never stored apart from them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from quiz.bank import AnyQuestion, Bank, MultipleQuestion
from quiz.engine import (
    Answer,
    AttemptPlan,
    InvalidResponseError,
    check_response,
    plan_attempt,
    score_answer,
    score_attempt,
)
from quiz.engine.item_analysis import analyse_items
from quiz.engine.live_scoring import competition_ranks, round_half_up, score_live
from quiz.errors import QuizError
from quiz.live import protocol as p
from quiz.store import Store
from quiz.store.live import LiveRecords, token_hash

log = logging.getLogger(__name__)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Join-code characters: no 0/O, 1/I/L, which people misread when a code is read out or projected."""
CODE_LENGTH = 6
LEADERBOARD_SIZE = 10
UPDATE_INTERVAL = 0.1
"""Host and lobby updates are gathered for this long: 1000 joins make ten messages, not 1000."""
SEND_TIMEOUT = 5.0
"""A peer that takes longer than this to accept a frame is dropped rather than stall the room."""
LIVE_MODE = "live"

# Invisible characters that can reorder or hide text (bidi overrides, zero-width marks, BOM);
# the joiners that emoji sequences need are kept.
_KEEP_FORMAT = {"\u200c", "\u200d"}
_SPACES = {"\t", "\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029"}


class LiveError(QuizError):
    """A live session that cannot be created or resumed as asked."""


class Peer(Protocol):
    """One connection as the session sees it (aiohttp's ``WebSocketResponse`` is one)."""

    async def send_str(self, data: str, compress: int | None = None) -> None: ...

    async def close(self, *, code: int = 1000, message: bytes = b"") -> bool: ...


@dataclass(frozen=True)
class LiveOptions:
    """What the host chooses before the session starts (``quiz host``'s options)."""

    questions: int | None = None
    """How many questions to ask; None asks the whole bank."""
    time_limit: float = 20.0
    """Seconds each question stays open."""
    speed: bool = True
    streak: bool = True
    points: int = 1000
    """P for a question of weight 1 in the bank (Kahoot's 1000)."""
    seed: int | None = None
    shuffle: bool = True


def new_code(taken: Iterable[str] = ()) -> str:
    """A random join code, from the unambiguous alphabet, not among ``taken``."""
    used = set(taken)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in used:
            return code


def normalise_code(typed: str) -> str:
    """What a person typed as the code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


def clean_name(typed: str) -> str:
    """A display name from what a learner typed.

    Unicode-normalised (NFC); line breaks and tabs become spaces, other control characters and
    invisible formatting characters (bidi overrides, zero-width spaces) are removed; runs of
    spaces collapse; at most ``NAME_MAX`` characters. Markup is left alone: the screens show a
    name as plain text, so "[b]Ona[/b]" stays exactly that.
    """
    kept: list[str] = []
    for ch in unicodedata.normalize("NFC", typed):
        if ch in _SPACES:
            kept.append(" ")
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or (category == "Cf" and ch not in _KEEP_FORMAT and not _is_tag(ch)):
            continue
        kept.append(ch)
    return " ".join("".join(kept).split())[: p.NAME_MAX].rstrip()


def _is_tag(ch: str) -> bool:
    # Emoji tag sequences (the flags of Scotland, Wales) are Cf characters in this block.
    return 0xE0020 <= ord(ch) <= 0xE007F


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``... cut to fit, whichever is free (ignoring case)."""
    if name.casefold() not in taken:
        return name
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: p.NAME_MAX - len(suffix)].rstrip() + suffix
        if candidate.casefold() not in taken:
            return candidate
        number += 1


@dataclass(eq=False)
class _Given:
    """One answer as the session keeps it."""

    answer: Answer
    choices: list[int]
    credit: float
    correct: bool


@dataclass(eq=False)
class _Learner:
    id: int
    name: str
    email: str
    resume_hash: str
    learner_id: int
    attempt_id: int | None
    kicked: bool = False
    peer: Peer | None = None
    given: dict[int, _Given] = field(default_factory=dict)
    score: int = 0
    correct: int = 0
    streak: int = 0
    rank: int = 0
    result: p.Result | None = None
    """The result of the last revealed question, re-sent after a reconnect."""
    final: p.Ended | None = None

    def participant(self, position: int | None) -> p.Participant:
        return p.Participant(
            id=self.id,
            name=self.name,
            connected=self.peer is not None,
            answered=position is not None and position in self.given,
        )


class LiveSession:
    """A session's state and rules. Build one with ``create`` or ``resume``, serve it with
    ``quiz.live.server.serve``."""

    def __init__(
        self,
        store: Store,
        bank: Bank,
        plan: AttemptPlan,
        options: LiveOptions,
        *,
        code: str,
        host_token: str,
        bank_ref: str,
    ) -> None:
        missing = [qid for qid in plan.question_ids if qid not in bank.by_id]
        if missing:
            raise LiveError(f"bank {bank.id!r} no longer has question {missing[0]!r} of session {code}")
        if options.time_limit <= 0:
            raise LiveError("the time per question must be more than 0 seconds")
        self.store = store
        self.records = LiveRecords(store)
        self.bank = bank
        self.plan = plan
        self.options = options
        self.code = code
        self.host_token = host_token
        """The secret that makes a connection the host; show it to no one."""
        self.bank_ref = bank_ref
        self.settings = p.Settings(
            questions=len(plan),
            time_limit=float(options.time_limit),
            speed=options.speed,
            streak=options.streak,
            points=options.points,
        )
        self.state = p.SessionState.lobby
        self.position: int | None = None
        self._deadline = 0.0
        self._remaining = 0.0
        """Time left on a paused question."""
        self._learners: dict[int, _Learner] = {}
        self._by_resume: dict[str, _Learner] = {}
        self._connected: dict[int, Peer] = {}
        """Connected learners who are not kicked: the audience of every broadcast."""
        self._hosts: set[Peer] = set()
        self._names: set[str] = set()
        self._answered_now = 0
        self._reveal_message: p.RevealMessage | None = None
        self._leaderboard: list[p.LeaderboardEntry] = []
        self._host_final: p.Ended | None = None
        self._send_lock = asyncio.Lock()
        self._countdown: asyncio.Task[None] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._flush_handle: asyncio.TimerHandle | None = None
        self._dirty_participants = False
        self._dirty_answered = False
        self._questions = [self._question_message(i) for i in range(len(plan))]

    # -- building ------------------------------------------------------------------------------

    @classmethod
    async def create(
        cls, store: Store, bank: Bank, options: LiveOptions | None = None, *, bank_ref: str | None = None
    ) -> LiveSession:
        """A new session in its lobby, recorded in the store with a fresh code and host token.

        ``bank_ref`` is how the bank was named (an id or a path), kept so that ``--resume`` can
        find it again; it defaults to the bank's id.
        """
        options = options or LiveOptions()
        if options.time_limit <= 0:
            raise LiveError("the time per question must be more than 0 seconds")
        plan = plan_attempt(bank, count=options.questions, seed=options.seed, shuffle=options.shuffle)
        records = LiveRecords(store)
        code = new_code()
        while records.code_taken(code):
            code = new_code()
        host_token = secrets.token_urlsafe(32)
        session = cls(
            store, bank, plan, options, code=code, host_token=host_token, bank_ref=bank_ref or bank.id
        )
        records.create_session(
            code,
            bank_id=bank.id,
            bank_ref=session.bank_ref,
            plan_json=plan.model_dump_json(),
            settings=session._stored_options(),
            host_token_hash=token_hash(host_token),
        )
        return session

    @staticmethod
    def stored_bank_ref(store: Store, code: str) -> str:
        """How the host named the bank of session ``code``: load it, then ``resume``."""
        return LiveRecords(store).session(normalise_code(code)).bank_ref

    @classmethod
    async def resume(cls, store: Store, bank: Bank, code: str) -> LiveSession:
        """The session ``code`` as it was when its host process stopped.

        Participants, their answers, scores and streaks come back; an open question comes back
        paused with the time it had left (to within a second), for the host to resume. The host
        token is new: the old one died with the old host screen. Learners keep theirs.
        """
        records = LiveRecords(store)
        row = records.session(normalise_code(code))
        if row.state == p.SessionState.ended:
            raise LiveError(
                f"session {row.code} has ended; its results are in `quiz export --session {row.code}`"
            )
        plan = AttemptPlan.model_validate_json(row.plan)
        if plan.bank_id != bank.id:
            raise LiveError(f"session {row.code} was on bank {plan.bank_id!r}, not {bank.id!r}")
        stored = row.settings
        options = LiveOptions(
            questions=stored.get("questions"),
            time_limit=float(stored["time_limit"]),
            speed=bool(stored["speed"]),
            streak=bool(stored["streak"]),
            points=int(stored["points"]),
            seed=plan.seed,
            shuffle=bool(stored.get("shuffle", True)),
        )
        host_token = secrets.token_urlsafe(32)
        session = cls(store, bank, plan, options, code=row.code, host_token=host_token, bank_ref=row.bank_ref)
        records.set_host_token_hash(row.code, token_hash(host_token))
        positions = {qid: i for i, qid in enumerate(plan.question_ids)}
        for prow in records.participants(row.code):
            learner = _Learner(
                id=prow.id,
                name=prow.name,
                email=prow.email,
                resume_hash=prow.resume_hash,
                learner_id=prow.learner_id,
                attempt_id=prow.attempt_id,
                kicked=prow.kicked or prow.attempt_id is None,
            )
            if not learner.kicked and learner.attempt_id is not None:
                for qid, answer in store.answers(learner.attempt_id).items():
                    position = positions.get(qid)
                    if position is not None:
                        learner.given[position] = session._given(position, answer)
            session._add(learner)
        state = p.SessionState(row.state)
        if state is not p.SessionState.lobby and row.position is not None:
            scored_until = row.position + (1 if state is p.SessionState.revealed else 0)
            for position in range(scored_until):
                session._score_position(position)
            session.position = row.position
            if state is p.SessionState.revealed:
                session.state = p.SessionState.revealed
            else:
                session.state = p.SessionState.paused
                left = row.remaining if row.remaining is not None else options.time_limit
                session._remaining = min(options.time_limit, max(1.0, left))
                session._answered_now = sum(
                    1
                    for learner in session._learners.values()
                    if not learner.kicked and row.position in learner.given
                )
                records.set_state(row.code, session.state, row.position, session._remaining)
        return session

    def _stored_options(self) -> dict[str, Any]:
        o = self.options
        return {
            "questions": o.questions,
            "time_limit": o.time_limit,
            "speed": o.speed,
            "streak": o.streak,
            "points": o.points,
            "seed": self.plan.seed,
            "shuffle": o.shuffle,
        }

    def _add(self, learner: _Learner) -> None:
        self._learners[learner.id] = learner
        self._by_resume[learner.resume_hash] = learner
        self._names.add(learner.name.casefold())

    # -- questions -----------------------------------------------------------------------------

    def question(self, position: int) -> AnyQuestion:
        return self.bank.by_id[self.plan.items[position].question_id]

    def question_points(self, position: int) -> int:
        return round_half_up(self.options.points * self.question(position).points)

    def _shown_correct(self, position: int) -> list[int]:
        order = self.plan.items[position].order
        correct = self.question(position).correct
        return [shown for shown, index in enumerate(order) if index in correct]

    def _question_message(self, position: int) -> p.QuestionMessage:
        question = self.question(position)
        order = self.plan.items[position].order
        return p.QuestionMessage(
            position=position,
            total=len(self.plan),
            question_id=question.id,
            kind=p.QuestionType(question.type),
            prompt=question.prompt,
            options=[question.options[i] for i in order],
            multiple=isinstance(question, MultipleQuestion),
            points=self.question_points(position),
            time_limit=self.settings.time_limit,
            remaining=self.settings.time_limit,
        )

    def _given(self, position: int, answer: Answer) -> _Given:
        order = self.plan.items[position].order
        question = self.question(position)
        score = score_answer(question, answer, self.plan.marking)
        choices = sorted(order.index(i) for i in answer.response)
        return _Given(answer, choices, score.credit, score.correct)

    def _remaining_now(self) -> float:
        if self.state is p.SessionState.paused:
            return self._remaining
        if self.state is p.SessionState.question:
            return max(0.0, self._deadline - time.monotonic())
        return 0.0

    # -- joining -------------------------------------------------------------------------------

    def check_code(self, typed: str) -> bool:
        return secrets.compare_digest(normalise_code(typed).encode(), self.code.encode())

    def check_host_token(self, token: str) -> bool:
        return secrets.compare_digest(token_hash(token), token_hash(self.host_token))

    async def join(self, peer: Peer, message: p.Join) -> int | p.Error:
        """Admit a learner (new, or back with a resume token); the code was checked already.

        Returns the participant id, or the error to send before closing the connection.
        """
        if message.resume is not None:
            learner = self._by_resume.get(token_hash(message.resume))
            if learner is None:
                return p.Error(
                    code=p.ErrorCode.bad_token, message="this resume token is not from this session"
                )
            if learner.kicked:
                return p.Error(code=p.ErrorCode.kicked, message="the host removed you from this session")
            resumed, token = True, message.resume
            old = learner.peer
            if old is not None and old is not peer:
                self._spawn(self._close_peer(old, 4000, "replaced by a newer connection"))
        else:
            if self.state is p.SessionState.ended:
                return p.Error(code=p.ErrorCode.ended, message="this session has ended")
            name = clean_name(message.name)
            if not name:
                return p.Error(code=p.ErrorCode.bad_name, message="type a name (letters or digits) to join")
            email = "".join(ch for ch in message.email if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
            learner, token = self._new_learner(unique_name(name, self._names), email.strip())
            resumed = False
        learner.peer = peer
        if self.state is not p.SessionState.ended:
            self._connected[learner.id] = peer
        self._touch(participants=True)
        joined = p.Joined(
            code=self.code,
            participant=learner.id,
            name=learner.name,
            resume_token=token,
            resumed=resumed,
            bank_title=self.bank.info.title,
            settings=self.settings,
            state=self.state,
            score=learner.score,
            correct_count=learner.correct,
        )
        async with self._send_lock:
            await self._send(peer, p.dump(joined))
            for frame in self._catch_up(learner):
                await self._send(peer, frame)
        return learner.id

    def _new_learner(self, name: str, email: str) -> tuple[_Learner, str]:
        token = secrets.token_urlsafe(24)
        participant_id = max(self._learners, default=0) + 1
        with self.records.transaction():
            identity = self.store.learner(name, email)
            row = self.store.start_attempt(
                identity,
                self.plan,
                LIVE_MODE,
                {"live": self._stored_options()},
                session_code=self.code,
            )
            self.records.add_participant(
                self.code,
                participant_id,
                name=name,
                email=email,
                resume_hash=token_hash(token),
                learner_id=identity.id,
                attempt_id=row.id,
            )
        learner = _Learner(
            id=participant_id,
            name=name,
            email=email,
            resume_hash=token_hash(token),
            learner_id=identity.id,
            attempt_id=row.id,
        )
        self._add(learner)
        return learner, token

    def _catch_up(self, learner: _Learner) -> Iterator[str]:
        """The frames that bring a (re)joining learner to the room's present."""
        state, position = self.state, self.position
        if state is p.SessionState.lobby:
            yield p.dump(p.Lobby(count=self._active_count()))
        elif state is p.SessionState.ended:
            if learner.final is not None:
                yield p.dump(learner.final)
        elif position is not None:
            given = learner.given.get(position)
            yield p.dump(
                self._questions[position].model_copy(
                    update={
                        "remaining": self._remaining_now(),
                        "paused": state is p.SessionState.paused,
                        "chosen": given.choices if given else None,
                    }
                )
            )
            if state is p.SessionState.revealed and self._reveal_message is not None:
                yield p.dump(self._reveal_message)
                if learner.result is not None:
                    yield p.dump(learner.result)
                yield p.dump(p.Leaderboard(entries=self._leaderboard))

    async def host_join(self, peer: Peer) -> None:
        """A host screen (the token was checked): welcome it and bring it to the present."""
        self._hosts.add(peer)
        welcome = p.HostWelcome(
            code=self.code,
            bank_title=self.bank.info.title,
            settings=self.settings,
            state=self.state,
            position=self.position,
            participants=self._participants(),
        )
        async with self._send_lock:
            await self._send(peer, p.dump(welcome))
            position = self.position
            if self.state is p.SessionState.ended:
                if self._host_final is not None:
                    await self._send(peer, p.dump(self._host_final))
            elif position is not None:
                await self._send(
                    peer,
                    p.dump(
                        self._questions[position].model_copy(
                            update={
                                "remaining": self._remaining_now(),
                                "paused": self.state is p.SessionState.paused,
                            }
                        )
                    ),
                )
                await self._send(peer, p.dump(self._answered_message(position)))
                if self.state is p.SessionState.revealed and self._reveal_message is not None:
                    await self._send(peer, p.dump(self._reveal_message))
                    await self._send(peer, p.dump(p.Leaderboard(entries=self._leaderboard)))

    def disconnect(self, peer: Peer, participant: int | None) -> None:
        """A connection closed; a learner keeps their place and can come back with their token."""
        if participant is None:
            self._hosts.discard(peer)
            return
        learner = self._learners.get(participant)
        if learner is not None and learner.peer is peer:
            learner.peer = None
            self._connected.pop(participant, None)
            self._touch(participants=True)

    # -- answering -----------------------------------------------------------------------------

    async def answer(self, participant: int, message: p.AnswerMessage) -> None:
        """Take, refuse, store and acknowledge one answer; may close the question."""
        learner = self._learners[participant]
        if learner.kicked:
            return  # a frame already on its way when the host kicked them
        reply = self._take_answer(learner, message)
        if learner.peer is not None:
            await self._send(learner.peer, p.dump(reply))
        if isinstance(reply, p.Accepted) and self._everyone_answered():
            await self.reveal()

    def _take_answer(self, learner: _Learner, message: p.AnswerMessage) -> p.Accepted | p.Refused:
        position = message.position
        now = time.monotonic()

        def refuse(reason: p.RefusalReason, why: str) -> p.Refused:
            return p.Refused(position=position, reason=reason, message=why)

        if position in learner.given:
            return refuse(p.RefusalReason.duplicate, "you already answered this question")
        current = self.position
        if current is None or position > current or position < 0 or self.state is p.SessionState.ended:
            return refuse(p.RefusalReason.not_open, "that question is not open")
        if self.state is p.SessionState.paused and position == current:
            return refuse(p.RefusalReason.paused, "the host paused the question")
        if position < current or self.state is not p.SessionState.question or now >= self._deadline:
            return refuse(p.RefusalReason.late, "too late: the question has closed")
        order = self.plan.items[position].order
        question = self.question(position)
        try:
            if any(not 0 <= c < len(order) for c in message.choices):
                raise InvalidResponseError(f"choose options from 0 to {len(order) - 1}")
            response = check_response(question, (order[c] for c in message.choices))
        except InvalidResponseError as exc:
            return refuse(p.RefusalReason.invalid, str(exc))
        seconds = round(self.settings.time_limit - (self._deadline - now), 4)
        answer = Answer(question_id=question.id, response=response, seconds=max(0.0, seconds))
        score = score_answer(question, answer, self.plan.marking)
        assert learner.attempt_id is not None
        self.store.record_answer(learner.attempt_id, position, answer, score)
        given = _Given(answer, sorted(set(message.choices)), score.credit, score.correct)
        learner.given[position] = given
        self._answered_now += 1
        self._touch(answered=True)
        return p.Accepted(position=position, choices=given.choices, seconds=answer.seconds)

    def _everyone_answered(self) -> bool:
        position = self.position
        if self.state is not p.SessionState.question or position is None:
            return False
        if self._answered_now < len(self._connected):
            return False
        return self._answered_now > 0 and all(
            position in self._learners[pid].given for pid in self._connected
        )

    # -- host commands ---------------------------------------------------------------------------

    async def command(
        self, message: p.Start | p.Reveal | p.Next | p.Pause | p.Resume | p.Kick | p.End
    ) -> p.Error | None:
        """Carry out a host command; the error to send back when it does not fit the state."""
        match message:
            case p.Start():
                if self.state is not p.SessionState.lobby:
                    return _wrong_state("the session has already started")
                await self._open(0)
            case p.Reveal():
                if self.state not in (p.SessionState.question, p.SessionState.paused):
                    return _wrong_state("no question is open")
                await self.reveal()
            case p.Next():
                if self.state is not p.SessionState.revealed or self.position is None:
                    return _wrong_state("reveal the question before moving on")
                if self.position + 1 < len(self.plan):
                    await self._open(self.position + 1)
                else:
                    await self.end()
            case p.Pause():
                if self.state is not p.SessionState.question:
                    return _wrong_state("only an open question can be paused")
                await self._pause()
            case p.Resume():
                if self.state is not p.SessionState.paused:
                    return _wrong_state("nothing is paused")
                await self._resume()
            case p.Kick(participant=pid):
                if self.state is p.SessionState.ended:
                    return _wrong_state("the session has ended")
                if pid not in self._learners:
                    return p.Error(code=p.ErrorCode.unknown_participant, message=f"no participant {pid}")
                await self.kick(pid)
            case p.End():
                if self.state is p.SessionState.ended:
                    return _wrong_state("the session has already ended")
                await self.end()
        return None

    async def _open(self, position: int) -> None:
        self.state = p.SessionState.question
        self.position = position
        self._deadline = time.monotonic() + self.settings.time_limit
        self._answered_now = 0
        self._reveal_message = None
        self.records.set_state(self.code, self.state, position, self.settings.time_limit)
        self._start_countdown(position)
        frame = p.dump(self._questions[position])
        async with self._send_lock:
            await self._broadcast(frame, hosts=True)
        self._touch(answered=True)

    async def _pause(self) -> None:
        self._remaining = max(0.0, self._deadline - time.monotonic())
        self.state = p.SessionState.paused
        self._stop_countdown()
        self.records.set_state(self.code, self.state, self.position, self._remaining)
        assert self.position is not None
        frame = p.dump(p.Paused(position=self.position, remaining=round(self._remaining, 3)))
        async with self._send_lock:
            await self._broadcast(frame, hosts=True)

    async def _resume(self) -> None:
        assert self.position is not None
        self.state = p.SessionState.question
        self._deadline = time.monotonic() + self._remaining
        self.records.set_state(self.code, self.state, self.position, self._remaining)
        self._start_countdown(self.position)
        frame = p.dump(p.Resumed(position=self.position, remaining=round(self._remaining, 3)))
        async with self._send_lock:
            await self._broadcast(frame, hosts=True)

    async def reveal(self) -> None:
        """Close the open question: score it, then send the reveal, each result, the leaderboard."""
        if self.state not in (p.SessionState.question, p.SessionState.paused) or self.position is None:
            return
        position = self.position
        self.state = p.SessionState.revealed
        self._stop_countdown()
        self.records.set_state(self.code, self.state, position, None)
        reveal = self._score_position(position)
        board = p.dump(p.Leaderboard(entries=self._leaderboard))
        async with self._send_lock:
            await self._broadcast(p.dump(reveal), hosts=True)
            await asyncio.gather(
                *(
                    self._send(peer, p.dump(result))
                    for pid, peer in list(self._connected.items())
                    if (result := self._learners[pid].result) is not None
                )
            )
            await self._broadcast(board, hosts=True)

    def _score_position(self, position: int) -> p.RevealMessage:
        """Score a closed question for everyone (no I/O: resume replays this for past questions)."""
        question = self.question(position)
        points = self.question_points(position)
        distribution = [0] * len(question.options)
        active = [learner for learner in self._learners.values() if not learner.kicked]
        answered = 0
        for learner in active:
            given = learner.given.get(position)
            if given is not None:
                answered += 1
                for choice in given.choices:
                    distribution[choice] += 1
            outcome = score_live(
                points,
                answered=given is not None,
                credit=given.credit if given else 0.0,
                correct=given.correct if given else False,
                seconds=given.answer.seconds if given else 0.0,
                time_limit=self.settings.time_limit,
                streak=learner.streak,
                speed=self.settings.speed,
                streak_bonus_on=self.settings.streak,
            )
            learner.streak = outcome.streak
            learner.score += outcome.points
            learner.correct += int(outcome.correct)
            learner.result = p.Result(
                position=position,
                answered=given is not None,
                correct=outcome.correct,
                chosen=given.choices if given else None,
                points=outcome.points,
                bonus=outcome.bonus,
                streak=outcome.streak,
                score=learner.score,
                correct_count=learner.correct,
                rank=0,
                participants=len(active),
            )
        self._rank(active)
        for learner in active:
            assert learner.result is not None
            learner.result = learner.result.model_copy(update={"rank": learner.rank})
        self._reveal_message = p.RevealMessage(
            position=position,
            correct=self._shown_correct(position),
            explanation=question.explanation,
            distribution=distribution,
            answered=answered,
            participants=len(active),
        )
        return self._reveal_message

    def _rank(self, active: list[_Learner]) -> None:
        ranks = competition_ranks([(learner.score, learner.correct) for learner in active])
        for learner, rank in zip(active, ranks, strict=True):
            learner.rank = rank
        ordered = sorted(zip(ranks, active, strict=True), key=lambda pair: (pair[0], pair[1].id))
        self._leaderboard = [
            p.LeaderboardEntry(
                rank=rank, id=learner.id, name=learner.name, score=learner.score, correct=learner.correct
            )
            for rank, learner in ordered[:LEADERBOARD_SIZE]
        ]

    async def kick(self, participant: int) -> None:
        learner = self._learners[participant]
        if learner.kicked:
            return
        learner.kicked = True
        if (
            self.position is not None
            and self.position in learner.given
            and self.state
            in (
                p.SessionState.question,
                p.SessionState.paused,
            )
        ):
            self._answered_now -= 1
        with self.records.transaction():
            self.records.kick(self.code, participant)
            if learner.attempt_id is not None:
                self.store.discard_attempt(learner.attempt_id)
        learner.attempt_id = None
        self._connected.pop(participant, None)
        peer, learner.peer = learner.peer, None
        self._touch(participants=True, answered=True)
        if peer is not None:
            await self._send(peer, p.dump(p.Kicked()))
            await self._close_peer(peer, 4001, "kicked")
        if self._everyone_answered():
            await self.reveal()

    async def end(self) -> None:
        """Finish every attempt (shrunk to the questions asked) and send the final results."""
        if self.state in (p.SessionState.question, p.SessionState.paused):
            await self.reveal()
        if self.state is p.SessionState.ended:
            return
        self.state = p.SessionState.ended
        self._stop_countdown()
        asked = 0 if self.position is None else self.position + 1
        active = [learner for learner in self._learners.values() if not learner.kicked]
        self._rank(active)
        asked_plan = self.plan.model_copy(update={"items": self.plan.items[:asked]})
        with self.records.transaction():
            updates = []
            for learner in active:
                assert learner.attempt_id is not None
                if not asked:
                    self.store.discard_attempt(learner.attempt_id)
                    continue
                answers = {g.answer.question_id: g.answer for g in learner.given.values()}
                self.store.finish_attempt(learner.attempt_id, score_attempt(self.bank, asked_plan, answers))
                settings = {
                    "live": self._stored_options(),
                    "live_score": learner.score,
                    "live_correct": learner.correct,
                    "live_rank": learner.rank,
                    "live_participants": len(active),
                }
                updates.append((learner.attempt_id, asked_plan.model_dump_json(), settings))
            self.records.finish_attempt_plans(updates)
            self.records.set_state(self.code, self.state, self.position, None)
        board = self._leaderboard
        self._host_final = p.Ended(leaderboard=board, asked=asked, items=self._item_results(active, asked))
        for learner in active:
            learner.final = p.Ended(
                leaderboard=board, asked=asked, you=self._summary(learner, asked, len(active))
            )
        async with self._send_lock:
            await self._broadcast(p.dump(self._host_final), hosts=True, learners=False)
            await asyncio.gather(
                *(
                    self._send(peer, p.dump(final))
                    for pid, peer in list(self._connected.items())
                    if (final := self._learners[pid].final) is not None
                )
            )

    def _summary(self, learner: _Learner, asked: int, participants: int) -> p.LearnerSummary:
        missed = []
        for position in range(asked):
            given = learner.given.get(position)
            if given is not None and given.correct:
                continue
            question = self.question(position)
            message = self._questions[position]
            missed.append(
                p.MissedQuestion(
                    position=position,
                    question_id=question.id,
                    prompt=question.prompt,
                    options=message.options,
                    chosen=given.choices if given else None,
                    correct=self._shown_correct(position),
                    explanation=question.explanation,
                )
            )
        return p.LearnerSummary(
            score=learner.score,
            correct=learner.correct,
            answered=sum(1 for position in learner.given if position < asked),
            rank=learner.rank,
            participants=participants,
            missed=missed,
        )

    def _item_results(self, active: list[_Learner], asked: int) -> list[p.ItemResult]:
        """Facility and discrimination per question, as ``quiz report --session`` computes them."""
        questions = [self.question(position) for position in range(asked)]
        marks = [
            {
                q.id: (g.credit * q.points if (g := learner.given.get(position)) else 0.0)
                for position, q in enumerate(questions)
            }
            for learner in active
        ]
        analysis = analyse_items(marks, {q.id: q.points for q in questions}) if marks and questions else None
        results = []
        for position, question in enumerate(questions):
            stats = analysis.item(question.id) if analysis else None
            given = [g for learner in active if (g := learner.given.get(position)) is not None]
            results.append(
                p.ItemResult(
                    position=position,
                    question_id=question.id,
                    prompt=question.prompt,
                    answered=len(given),
                    correct=sum(g.correct for g in given),
                    facility=stats.facility if stats else None,
                    discrimination=stats.discrimination_index if stats else None,
                )
            )
        return results

    # -- the clock -------------------------------------------------------------------------------

    def _start_countdown(self, position: int) -> None:
        self._stop_countdown()
        self._countdown = asyncio.get_running_loop().create_task(self._count_down(position))

    def _stop_countdown(self) -> None:
        task, self._countdown = self._countdown, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def _count_down(self, position: int) -> None:
        """Close the question at its deadline; meanwhile note the time left every second."""
        while True:
            left = self._deadline - time.monotonic()
            if left <= 0:
                break
            await asyncio.sleep(min(1.0, left))
            if self.state is not p.SessionState.question or self.position != position:
                return
            left = self._deadline - time.monotonic()
            if left > 0:
                self.records.set_remaining(self.code, round(left, 3))
        self._countdown = None
        await self.reveal()

    # -- sending ---------------------------------------------------------------------------------

    def _active_count(self) -> int:
        return sum(1 for learner in self._learners.values() if not learner.kicked)

    def _participants(self) -> list[p.Participant]:
        return [
            learner.participant(self.position) for learner in self._learners.values() if not learner.kicked
        ]

    def _answered_message(self, position: int) -> p.AnsweredCount:
        return p.AnsweredCount(position=position, count=self._answered_now, participants=self._active_count())

    def _touch(self, *, participants: bool = False, answered: bool = False) -> None:
        """Note that the host's lists are stale; they are sent once per ``UPDATE_INTERVAL``."""
        self._dirty_participants |= participants
        self._dirty_answered |= answered
        if self._flush_handle is None:
            loop = asyncio.get_running_loop()
            self._flush_handle = loop.call_later(UPDATE_INTERVAL, lambda: self._spawn(self._flush()))

    async def _flush(self) -> None:
        self._flush_handle = None
        participants, self._dirty_participants = self._dirty_participants, False
        answered, self._dirty_answered = self._dirty_answered, False
        async with self._send_lock:
            if participants and self._hosts:
                await self._broadcast(
                    p.dump(p.Participants(participants=self._participants())), hosts=True, learners=False
                )
            if participants and self.state is p.SessionState.lobby:
                await self._broadcast(p.dump(p.Lobby(count=self._active_count())))
            if (
                answered
                and self._hosts
                and self.position is not None
                and self.state
                in (
                    p.SessionState.question,
                    p.SessionState.paused,
                )
            ):
                await self._broadcast(
                    p.dump(self._answered_message(self.position)), hosts=True, learners=False
                )

    async def _broadcast(self, frame: str, *, hosts: bool = False, learners: bool = True) -> None:
        """One serialised frame to many peers at once: a slow one does not hold up the rest."""
        peers: list[Peer] = list(self._connected.values()) if learners else []
        if hosts:
            peers.extend(self._hosts)
        if peers:
            await asyncio.gather(*(self._send(peer, frame) for peer in peers))

    async def _send(self, peer: Peer, frame: str) -> None:
        try:
            async with asyncio.timeout(SEND_TIMEOUT):
                await peer.send_str(frame)
        except TimeoutError:
            self._spawn(self._close_peer(peer, 1008, "too slow"))
        except (ConnectionError, RuntimeError):
            pass  # closing already: the disconnect handler tidies up

    async def _close_peer(self, peer: Peer, code: int, why: str) -> None:
        with contextlib.suppress(Exception):
            await peer.close(code=code, message=why.encode())

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("live session task failed", exc_info=task.exception())

    async def close(self) -> None:
        """Stop the clock and close every connection (the server is going away)."""
        self._stop_countdown()
        if self._flush_handle is not None:
            self._flush_handle.cancel()
            self._flush_handle = None
        peers = [*self._connected.values(), *self._hosts]
        await asyncio.gather(*(self._close_peer(peer, 1001, "server shutting down") for peer in peers))
        for task in list(self._tasks):
            task.cancel()

    # -- views for tests and the host screen ----------------------------------------------------------

    def standings(self) -> list[tuple[str, int, int]]:
        """(name, score, correct) of every participant still in, best first."""
        active = [learner for learner in self._learners.values() if not learner.kicked]
        return [
            (learner.name, learner.score, learner.correct)
            for learner in sorted(active, key=lambda x: (-x.score, -x.correct, x.id))
        ]


def _wrong_state(why: str) -> p.Error:
    return p.Error(code=p.ErrorCode.wrong_state, message=why)
