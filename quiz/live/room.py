"""One live session's rules as a state machine: a command in, the new state and the messages out.

The room knows who is in it, which question is open, the clock and the points; it does no
I/O but through its two seams: ``records`` (``quiz.store.live``, the session's SQLite
records: the answers taken by ``write_answers`` and new seats by ``write_joins``, each batch in
one transaction, before the session acknowledges or welcomes them, so every join and answer is
on disk before anyone hears of it) and
``clock`` (the time, so tests move it by hand). It never sees a connection:
its methods return ``Send`` effects addressed to a participant, the learners, the hosts or
everyone, and the fan-out (``quiz.live.fanout``, driven by ``quiz.live.session``) delivers
them. Every method is synchronous, so a state change is complete before the fan-out's first
``await``: two handlers can never both reveal a question or both take the last answer.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from quiz.bank import Bank
from quiz.engine import (
    Answer,
    AttemptPlan,
    InvalidResponseError,
    QuestionScore,
    plan_attempt,
    score_answer,
    score_attempt,
)
from quiz.errors import QuizError
from quiz.i18n import _
from quiz.kinds.kind import Response
from quiz.live import protocol as p
from quiz.live.clock import Clock
from quiz.live.naming import (
    clean_email,
    clean_name,
    name_key,
    new_code,
    new_rejoin_code,
    normalise_code,
    unique_name,
)
from quiz.live.questions import Given, Paper
from quiz.live.standings import Seat, item_results, leaderboard, rank, score_position, standings, summary
from quiz.store.live import FinishedAttempt, LiveRecords, Newcomer, token_hash

OPEN = (p.SessionState.question, p.SessionState.paused)
"""The states in which a question is on screen."""
MAX_EXTRA_TIME = 600.0
"""The most seconds ``add_time`` can give one question in all: no question stays open for ever."""


class LiveError(QuizError):
    """A live session that cannot be created or resumed as asked."""


class AnswersNotStored(QuizError):
    """The answers of a batch could not be written: the room has forgotten them, unacknowledged
    (their learners may answer again)."""


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
    max_participants: int | None = None
    """New learners are refused, politely, once this many are in; None: no limit."""
    auto_next: float | None = None
    """Seconds after a reveal before the next question opens by itself; None: the host's ``n``."""

    def stored(self, seed: int) -> dict[str, Any]:
        return {
            "questions": self.questions,
            "time_limit": self.time_limit,
            "speed": self.speed,
            "streak": self.streak,
            "points": self.points,
            "seed": seed,
            "shuffle": self.shuffle,
            "max_participants": self.max_participants,
            "auto_next": self.auto_next,
        }

    @classmethod
    def from_stored(cls, stored: dict[str, Any]) -> LiveOptions:
        return cls(
            questions=stored.get("questions"),
            time_limit=float(stored["time_limit"]),
            speed=bool(stored["speed"]),
            streak=bool(stored["streak"]),
            points=int(stored["points"]),
            seed=stored.get("seed"),
            shuffle=bool(stored.get("shuffle", True)),
            max_participants=stored.get("max_participants"),
            auto_next=stored.get("auto_next"),
        )


class Audience(Enum):
    learners = "learners"
    """Every connected learner still in the session."""
    hosts = "hosts"
    everyone = "everyone"


@dataclass(frozen=True, slots=True)
class Send:
    """A message for one participant (by id) or an audience."""

    to: Audience | int
    message: p.ServerModel
    variants: Mapping[str, p.ServerModel] = field(default_factory=dict)
    """The message for learners who read the session in another language, by language."""


@dataclass(frozen=True, slots=True)
class Drop:
    """Close a participant's connection (after what was sent to it before)."""

    participant: int
    code: int
    reason: str


Effect = Send | Drop


@dataclass(frozen=True, slots=True)
class Arrival:
    """A learner let in, to be welcomed once their seat is written: with which token, and
    whether they came back to a seat they had."""

    seat: Seat
    token: str
    resumed: bool


def _settings(options: LiveOptions, plan: AttemptPlan) -> p.Settings:
    return p.Settings(
        questions=len(plan),
        time_limit=float(options.time_limit),
        speed=options.speed,
        streak=options.streak,
        points=options.points,
    )


class Room:
    """A session's state and rules. Build one with ``create`` or ``resume``."""

    def __init__(
        self,
        records: LiveRecords,
        bank: Bank,
        plan: AttemptPlan,
        options: LiveOptions,
        *,
        code: str,
        host_token: str,
        bank_ref: str,
        clock: Clock,
    ) -> None:
        missing = [qid for qid in plan.question_ids if qid not in bank.by_id]
        if missing:
            raise LiveError(
                _("bank “{bank}” no longer has question “{question}” of session {code}").format(
                    bank=bank.id, question=missing[0], code=code
                )
            )
        if options.time_limit <= 0:
            raise LiveError(_("the time per question must be more than 0 seconds"))
        self.records = records
        self.clock = clock
        self.bank = bank
        self.options = options
        self.code = code
        self.host_token = host_token
        """The secret that makes a connection the host; show it to no one."""
        self.bank_ref = bank_ref
        self._set_plan(plan)
        self.state = p.SessionState.lobby
        self.position: int | None = None
        self.deadline: float | None = None
        """When the open question closes, on the clock's scale; None unless one is counting down."""
        self.advance_at: float | None = None
        """When a revealed question gives way to the next by itself (``auto_next``); else None."""
        self.locked = False
        self._paused_left = 0.0
        self._extra = 0.0
        self._seats: dict[int, Seat] = {}
        self._active: list[Seat] = []
        self._next_id = 1
        self._by_resume: dict[str, Seat] = {}
        self._names: set[str] = set()
        self._banned: set[str] = set()
        self._waiting: set[int] = set()
        """Connected learners still in who have not answered the open question."""
        self._answered_now = 0
        self._reveal: p.RevealMessage | None = None
        self._leaderboard: list[p.LeaderboardEntry] = []
        self._host_final: p.Ended | None = None
        self._changed: set[int] = set()
        self._removed: list[int] = []
        self._answered_ids: list[int] = []
        """Who answered the open question since the last ``participants``: sent as ids only."""
        self._lobby_changed = False
        self._answered_changed = False
        self._unwritten: list[Seat] = []
        """New seats whose records ``write_joins`` has still to write."""
        self._unrecorded: list[tuple[Seat, int, QuestionScore]] = []
        """Answers taken (seat, position, score) that ``write_answers`` has still to write."""

    def _set_plan(self, plan: AttemptPlan) -> None:
        self.plan = plan
        self._scored: dict[tuple[int, tuple[int, ...]], tuple[Response, list[int], QuestionScore]] = {}
        """Each different answer to a question of the plan, checked and scored (see ``_take``)."""
        self.settings = _settings(self.options, plan)
        self.paper = Paper(self.bank, plan, self.settings)

    # -- building ------------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        records: LiveRecords,
        bank: Bank,
        options: LiveOptions,
        *,
        clock: Clock,
        bank_ref: str | None = None,
    ) -> Room:
        """A new session in its lobby, recorded with a fresh code and host token.

        ``bank_ref`` is how the bank was named (an id or a path), kept so that ``--resume`` can
        find it again; it defaults to the bank's id.
        """
        if options.time_limit <= 0:
            raise LiveError(_("the time per question must be more than 0 seconds"))
        plan = plan_attempt(bank, count=options.questions, seed=options.seed, shuffle=options.shuffle)
        code = new_code()
        while records.code_taken(code):
            code = new_code()
        room = cls(
            records,
            bank,
            plan,
            options,
            code=code,
            host_token=secrets.token_urlsafe(32),
            bank_ref=bank_ref or bank.id,
            clock=clock,
        )
        records.create_session(
            code,
            bank_id=bank.id,
            bank_ref=room.bank_ref,
            plan=plan,
            settings=options.stored(plan.seed),
            host_token_hash=token_hash(room.host_token),
        )
        return room

    @classmethod
    def resume(cls, records: LiveRecords, bank: Bank, code: str, *, clock: Clock) -> Room:
        """The session ``code`` as it was when its host process stopped.

        Participants, their answers, scores and streaks come back; an open question comes back
        paused with the time it had left (to within a second), for the host to resume. The host
        token is new: the old one died with the old host screen. Learners keep theirs.
        """
        row = records.session(normalise_code(code))
        if row.state == p.SessionState.ended:
            raise LiveError(
                _("session {code} has ended; its results are in `quiz export --session {code}`").format(
                    code=row.code
                )
            )
        plan = AttemptPlan.model_validate_json(row.plan)
        if plan.bank_id != bank.id:
            raise LiveError(
                _("session {code} was on bank “{was}”, not “{bank}”").format(
                    code=row.code, was=plan.bank_id, bank=bank.id
                )
            )
        room = cls(
            records,
            bank,
            plan,
            LiveOptions.from_stored({**row.settings, "seed": plan.seed}),
            code=row.code,
            host_token=secrets.token_urlsafe(32),
            bank_ref=row.bank_ref,
            clock=clock,
        )
        records.set_host_token_hash(row.code, token_hash(room.host_token))
        positions = {qid: i for i, qid in enumerate(plan.question_ids)}
        merged: dict[int, int] = {}
        for prow in records.participants(row.code):
            seat = Seat(
                id=prow.id,
                name=prow.name,
                email=prow.email,
                resume_hash=prow.resume_hash,
                rejoin_hash=prow.rejoin_hash,
                learner_id=prow.learner_id,
                attempt_id=prow.attempt_id,
                kicked=prow.kicked or prow.attempt_id is None,
            )
            if prow.merged_into is not None:
                merged[prow.id] = prow.merged_into
            elif seat.kicked:
                room._banned.add(name_key(seat.name))
            elif seat.attempt_id is not None:
                for qid, answer in records.answers(seat.attempt_id).items():
                    if (position := positions.get(qid)) is not None:
                        seat.given[position] = room.paper.given(position, answer)
            room._seat(seat)
        for duplicate, into in merged.items():
            room._by_resume[room._seats[duplicate].resume_hash] = room._seats[into]
        state = p.SessionState(row.state)
        if state is not p.SessionState.lobby and row.position is not None:
            revealed = state is p.SessionState.revealed
            room._rescore(row.position + (1 if revealed else 0))
            room.position = row.position
            if revealed:
                room.state = p.SessionState.revealed
            else:
                room.state = p.SessionState.paused
                left = row.remaining if row.remaining is not None else room.options.time_limit
                room._paused_left = min(room.options.time_limit + MAX_EXTRA_TIME, max(1.0, left))
                room._answered_now = sum(1 for seat in room.active() if row.position in seat.given)
                records.set_state(row.code, room.state, row.position, room._paused_left)
        return room

    @staticmethod
    def stored_bank_ref(records: LiveRecords, code: str) -> str:
        """How the host named the bank of session ``code``: load it, then ``resume``."""
        return records.session(normalise_code(code)).bank_ref

    @staticmethod
    def stored_paper(records: LiveRecords, code: str, bank: Bank) -> Paper:
        """Session ``code``'s questions as its server asks them now, from its record (a skip
        changes the plan), for a host screen whose server runs in another process."""
        row = records.session(normalise_code(code))
        plan = AttemptPlan.model_validate_json(row.plan)
        return Paper(
            bank, plan, _settings(LiveOptions.from_stored({**row.settings, "seed": plan.seed}), plan)
        )

    def _seat(self, seat: Seat) -> None:
        self._seats[seat.id] = seat
        self._by_resume[seat.resume_hash] = seat
        self._names.add(name_key(seat.name))
        self._next_id = max(self._next_id, seat.id + 1)
        if not seat.kicked:
            self._active.append(seat)

    def _unseat(self, seat: Seat) -> None:
        """Out of the lists: kicked, or merged into another seat."""
        seat.kicked = True
        seat.attempt_id = None
        seat.connected = False
        self._active = [s for s in self._active if s is not seat]
        self._waiting.discard(seat.id)
        self._changed.discard(seat.id)
        self._forget_answered(seat.id)
        self._removed.append(seat.id)
        self._lobby_changed = True

    def _forget_answered(self, participant: int) -> None:
        """An answer the host has not heard of yet, and never will (it was not stored, or its
        learner left the session): out of the next ``participants``."""
        if participant in self._answered_ids:
            self._answered_ids.remove(participant)

    def _rescore(self, revealed: int) -> None:
        """Scores, streaks and results from the answers, for the first ``revealed`` questions."""
        for seat in self._active:
            seat.score = seat.correct = seat.streak = 0
            seat.result = None
        for position in range(revealed):
            self._reveal = score_position(self.paper, position, self._active)
        self._leaderboard = rank(self._active)

    # -- who is in ------------------------------------------------------------------------------

    def active(self) -> list[Seat]:
        """Everyone still in the session (not kicked), connected or not, in joining order."""
        return self._active

    def seat(self, participant: int) -> Seat:
        return self._seats[participant]

    def waiting(self) -> list[Seat]:
        """Connected learners who have not answered the open question."""
        return [self._seats[pid] for pid in sorted(self._waiting)]

    def check_code(self, typed: str) -> bool:
        return secrets.compare_digest(normalise_code(typed).encode(), self.code.encode())

    def check_host_token(self, token: str) -> bool:
        return secrets.compare_digest(token_hash(token), token_hash(self.host_token))

    # -- time -----------------------------------------------------------------------------------

    def time_left(self) -> float:
        """Seconds left on the open question (frozen while paused; 0 with none open)."""
        if self.state is p.SessionState.paused:
            return self._paused_left
        if self.state is p.SessionState.question and self.deadline is not None:
            return max(0.0, self.deadline - self.clock.now())
        return 0.0

    def tick(self) -> list[Effect]:
        """What the clock brings: the open question closes when its time has run out, and a
        revealed one gives way to the next when ``auto_next`` says so."""
        self.write_joins()  # the next may be the end, which finishes every attempt
        self.write_answers()
        if self.state is p.SessionState.question and self.time_left() <= 0:
            return self._close_question()
        if (
            self.state is p.SessionState.revealed
            and self.advance_at is not None
            and self.clock.now() >= self.advance_at
        ):
            return self._next()
        return []

    def note_time_left(self) -> None:
        """Write the open question's time left, so that a crash loses at most the time since."""
        if self.state is p.SessionState.question and self.time_left() > 0:
            self.records.set_remaining(self.code, round(self.time_left(), 3))

    # -- joining --------------------------------------------------------------------------------

    def join(self, message: p.Join) -> Arrival | p.Error:
        """Seat a learner (new, back with a resume token, or back by name and rejoin code); the
        session code was checked already. An error means the connection is to be refused.

        A new seat is written with the other joins of the moment by ``write_joins``; only then
        does ``welcome`` say what to send them (the room may have moved on meanwhile).
        """
        if message.resume is not None:
            found = self._by_resume.get(token_hash(message.resume))
            if found is None:
                return p.Error(code=p.ErrorCode.bad_token, message="this resume token is not from here")
            if found.kicked:
                return _removed()
            seat, token, resumed = found, message.resume, True
        elif message.rejoin:
            rejoined = self._rejoin(message)
            if isinstance(rejoined, p.Error):
                return rejoined
            seat, token, resumed = rejoined, self._new_token(rejoined), True
        else:
            refused = self._refuse_newcomer()
            if refused is not None:
                return refused
            name = clean_name(message.name)
            if not name:
                return p.Error(code=p.ErrorCode.bad_name, message="type a name (letters or digits) to join")
            if name_key(name) in self._banned:
                return p.Error(code=p.ErrorCode.kicked, message="the host removed this name from the session")
            language = self.paper.language(message.language)
            seat, token = self._new_seat(unique_name(name, self._names), clean_email(message.email), language)
            resumed = False
        if message.language or seat.language is None:
            seat.language = self.paper.language(message.language)
        if self.state is not p.SessionState.ended and not seat.connected:
            seat.connected = True
            if self.state in OPEN and self.position not in seat.given:
                self._waiting.add(seat.id)
        self._changed.add(seat.id)
        self._lobby_changed = True
        return Arrival(seat, token, resumed)

    def welcome(self, arrival: Arrival) -> list[Effect]:
        """What welcomes a seated learner and brings them to the room's present."""
        seat = arrival.seat
        joined = p.Joined(
            code=self.code,
            participant=seat.id,
            name=seat.name,
            resume_token=arrival.token,
            rejoin_code=seat.rejoin_code,
            resumed=arrival.resumed,
            bank_title=self.bank.in_language(seat.language).info.title,  # as its questions come
            settings=self.settings,
            state=self.state,
            score=seat.score,
            correct_count=seat.correct,
        )
        return [Send(seat.id, message) for message in [joined, *self.catch_up(seat)]]

    def write_joins(self) -> None:
        """Write the new seats since the last call, in one transaction.

        Joins that arrive together are seated together: one commit for the lot, not one per
        learner (writing each join in its own transaction, and reading its attempt back, was
        half of a join's cost in a profile of 2,000 joins). A join still reaches
        the disk before its learner hears of it: their resume token must survive the host's
        crash, or they would come back as someone else. The room calls this itself before
        anything that needs the seats' records (a host command, the clock's end of a session).
        If the write fails, those seats are forgotten, as if they had never joined.
        """
        if not self._unwritten:
            return
        seats, self._unwritten = self._unwritten, []
        settings = {"live": self.options.stored(self.plan.seed)}
        newcomers = [
            Newcomer(s.id, s.name, s.email, s.resume_hash, s.rejoin_hash, s.language or "") for s in seats
        ]
        try:
            placed = self.records.add_participants(self.code, newcomers, plan=self.plan, settings=settings)
        except BaseException:
            for seat in seats:
                self._forget(seat)
            raise
        for seat, where in zip(seats, placed, strict=True):
            seat.learner_id, seat.attempt_id = where.learner_id, where.attempt_id

    def _forget(self, seat: Seat) -> None:
        """A seat whose records could not be written: gone, name and all."""
        self._unseat(seat)
        del self._seats[seat.id]
        self._by_resume.pop(seat.resume_hash, None)
        self._names.discard(name_key(seat.name))

    def _refuse_newcomer(self) -> p.Error | None:
        if self.state is p.SessionState.ended:
            return p.Error(code=p.ErrorCode.ended, message="this session has ended")
        if self.locked:
            return p.Error(code=p.ErrorCode.locked, message="the host has locked the room: no new learners")
        cap = self.options.max_participants
        if cap is not None and len(self._active) >= cap:
            return p.Error(
                code=p.ErrorCode.full, message=f"the session is full ({cap} participants); ask the host"
            )
        return None

    def _rejoin(self, message: p.Join) -> Seat | p.Error:
        key = name_key(clean_name(message.name))
        code_hash = token_hash(normalise_code(message.rejoin or ""))
        for seat in self._seats.values():
            if not seat.rejoin_hash or name_key(seat.name) != key:
                continue
            if secrets.compare_digest(seat.rejoin_hash, code_hash):
                found = self._by_resume[seat.resume_hash]  # a merged seat stands for the one it joined
                if found.kicked:
                    return _removed()
                found.rejoin_code = found.rejoin_code or normalise_code(message.rejoin or "")
                return found
        return p.Error(code=p.ErrorCode.bad_token, message="no one here has this name and rejoin code")

    def _new_token(self, seat: Seat) -> str:
        """A fresh resume token for ``seat`` (back on another device); the old one stops working."""
        token = secrets.token_urlsafe(24)
        self._by_resume.pop(seat.resume_hash, None)
        seat.resume_hash = token_hash(token)
        self._by_resume[seat.resume_hash] = seat
        self.records.set_resume_hash(self.code, seat.id, seat.resume_hash)
        return token

    def _new_seat(self, name: str, email: str, language: str) -> tuple[Seat, str]:
        """A seat with its tokens, its records to be written by ``write_joins``."""
        token = secrets.token_urlsafe(24)
        rejoin = new_rejoin_code()
        seat = Seat(
            id=self._next_id,
            name=name,
            email=email,
            resume_hash=token_hash(token),
            rejoin_hash=token_hash(rejoin),
            learner_id=0,
            attempt_id=None,
            rejoin_code=rejoin,
            language=language,
        )
        self._seat(seat)
        self._unwritten.append(seat)
        return seat, token

    def catch_up(self, seat: Seat | None) -> list[p.ServerModel]:
        """What brings a (re)joining learner, or with ``None`` a host, to the room's present."""
        state, position = self.state, self.position
        if state is p.SessionState.lobby:
            return [self._preview(0)] if seat is None else [p.Lobby(count=len(self._active))]
        if state is p.SessionState.ended:
            final = self._host_final if seat is None else seat.final
            return [] if final is None else [final]
        if position is None:
            return []
        given = seat.given.get(position) if seat is not None else None
        language = seat.language if seat is not None else None
        question = self.paper.message(position, language).model_copy(
            update={
                "remaining": self.time_left(),
                "paused": state is p.SessionState.paused,
                "chosen": given.choices if given else None,
            }
        )
        frames: list[p.ServerModel] = [question]
        if seat is None:
            frames.append(self._answered_message(position))
        if state is p.SessionState.revealed and self._reveal is not None:
            frames.append(self._reveal_in(language))
            if seat is not None and seat.result is not None:
                frames.append(seat.result)
            frames.append(p.Leaderboard(entries=self._leaderboard))
            if seat is None:
                frames.append(self._preview(position + 1))
        return frames

    def _preview(self, position: int) -> p.ServerModel:
        if position >= len(self.paper):
            return p.Preview(position=position, prompt="", options=[])
        message = self.paper.messages[position]
        return p.Preview(position=position, prompt=message.prompt, options=message.options)

    def host_view(self) -> list[p.ServerModel]:
        """A host screen's welcome (the token was checked) and the room's present."""
        welcome = p.HostWelcome(
            code=self.code,
            bank_title=self.bank.info.title,
            settings=self.settings,
            state=self.state,
            position=self.position,
            participants=self._participants(),
            locked=self.locked,
        )
        return [welcome, *self.catch_up(None)]

    def leave(self, participant: int) -> list[Effect]:
        """A learner's connection closed; they keep their place and can come back with their token.

        If they were the last one the open question waited for, it closes now.
        """
        seat = self._seats.get(participant)
        if seat is None or not seat.connected:
            return []
        seat.connected = False
        self._changed.add(participant)
        was_waited_for = participant in self._waiting
        self._waiting.discard(participant)
        if was_waited_for and self._everyone_answered():
            return self._close_question()
        return []

    # -- answering ------------------------------------------------------------------------------

    def answer(self, participant: int, message: p.AnswerMessage) -> p.Accepted | p.Refused | None:
        """Take or refuse one answer: the reply for the learner once ``commit`` has written it.

        A taken answer counts at once (a second one is a duplicate, the host's count includes
        it), but it is written with the others of the moment by ``commit``, and only then may
        its learner hear of it.
        """
        seat = self._seats[participant]
        if seat.kicked:
            return None  # a frame already on its way when the host kicked them
        return self._take(seat, message)

    def commit(self) -> list[Effect]:
        """Write the answers taken since the last call (``write_answers``); then, if everyone
        has answered, the question closes."""
        self.write_answers()
        return self._close_question() if self._everyone_answered() else []

    def write_answers(self) -> None:
        """Write the answers taken since the last call, in one transaction.

        Raises ``AnswersNotStored`` if the write fails, having forgotten those answers (they
        are not counted, and their learners may answer again). The room calls this itself
        before anything that reads the answers' records or tells anyone of them (the reveal,
        a host command, the clock's close).
        """
        if not self._unrecorded:
            return
        batch, self._unrecorded = self._unrecorded, []
        rows = []
        for seat, position, score in batch:
            assert seat.attempt_id is not None
            rows.append((seat.attempt_id, position, seat.given[position].answer, score))
        try:
            self.records.record_answers(rows)
        except Exception as exc:
            for seat, position, _ in batch:
                self._untake(seat, position)
            raise AnswersNotStored(f"{len(batch)} answers could not be stored: {exc}") from exc

    def stored(self, participant: int, position: int) -> bool:
        """Whether this participant's answer to ``position`` is taken and written (the room
        writes all it has taken or forgets them all: while any wait, none counts as written)."""
        seat = self._seats.get(participant)
        return seat is not None and position in seat.given and not self._unrecorded

    def _untake(self, seat: Seat, position: int) -> None:
        """An answer whose record could not be written: as if it had never come."""
        if seat.given.pop(position, None) is None:
            return
        if self.state in OPEN and position == self.position:
            self._answered_now -= 1
            self._answered_changed = True
            if seat.connected and not seat.kicked:
                self._waiting.add(seat.id)
        self._forget_answered(seat.id)
        self._changed.add(seat.id)

    def _take(self, seat: Seat, message: p.AnswerMessage) -> p.Accepted | p.Refused:
        position = message.position

        def refuse(reason: p.RefusalReason, why: str) -> p.Refused:
            return p.Refused(position=position, reason=reason, message=why)

        if position in seat.given:
            return refuse(p.RefusalReason.duplicate, "you already answered this question")
        current = self.position
        if current is None or position > current or position < 0 or self.state is p.SessionState.ended:
            return refuse(p.RefusalReason.not_open, "that question is not open")
        if self.state is p.SessionState.paused and position == current:
            return refuse(p.RefusalReason.paused, "the host paused the question")
        left = self.time_left()
        if position < current or self.state is not p.SessionState.question or left <= 0:
            return refuse(p.RefusalReason.late, "too late: the question has closed")
        question = self.paper.question(position)
        key = (position, tuple(message.choices))
        if (scored := self._scored.get(key)) is None:
            try:
                response = self.paper.check(position, message.choices)
            except InvalidResponseError as exc:
                return refuse(p.RefusalReason.invalid, str(exc))
            # A live answer has no confidence, so its score is its response's: a room of 5,000
            # gives a handful of different answers, each checked and scored once.
            unscored = Answer(question_id=question.id, response=response)
            scored = (
                response,
                self.paper.shown(position, response),
                score_answer(question, unscored, self.plan.marking),
            )
            self._scored[key] = scored
        response, shown, score = scored
        seconds = round(self.settings.time_limit + self._extra - left, 4)
        answer = Answer(question_id=question.id, response=response, seconds=max(0.0, seconds))
        given = Given(answer, list(shown), score.credit, score.correct)
        seat.given[position] = given
        self._unrecorded.append((seat, position, score))
        self._answered_now += 1
        self._waiting.discard(seat.id)
        self._answered_ids.append(seat.id)
        self._answered_changed = True
        return p.Accepted(position=position, choices=given.choices, seconds=answer.seconds)

    def _everyone_answered(self) -> bool:
        return self.state is p.SessionState.question and self._answered_now > 0 and not self._waiting

    # -- host commands -----------------------------------------------------------------------------

    def command(self, message: p.HostCommand) -> list[Effect] | p.Error:
        """Carry out a host command; the error to send back when it does not fit the state."""
        self.write_joins()  # a kick, a merge or the end acts on the seats' records
        self.write_answers()
        match message:
            case p.Start():
                if self.state is not p.SessionState.lobby:
                    return _wrong_state("the session has already started")
                return self._open(0)
            case p.Reveal():
                if self.state not in OPEN:
                    return _wrong_state("no question is open")
                return self._close_question()
            case p.Next():
                if self.state is not p.SessionState.revealed or self.position is None:
                    return _wrong_state("reveal the question before moving on")
                return self._next()
            case p.Pause():
                if self.state is not p.SessionState.question:
                    return _wrong_state("only an open question can be paused")
                return self._pause()
            case p.Resume():
                if self.state is not p.SessionState.paused:
                    return _wrong_state("nothing is paused")
                return self._resume()
            case p.AddTime(seconds=seconds):
                if self.state not in OPEN:
                    return _wrong_state("no question is open")
                return self._add_time(seconds)
            case p.Skip():
                return self._skip()
            case p.Lock(locked=locked):
                if self.state is p.SessionState.ended:
                    return _wrong_state("the session has ended")
                self.locked = locked
                return [Send(Audience.hosts, p.Locked(locked=locked))]
            case p.Kick(participant=pid):
                if self.state is p.SessionState.ended:
                    return _wrong_state("the session has ended")
                if pid not in self._seats:
                    return p.Error(code=p.ErrorCode.unknown_participant, message=f"no participant {pid}")
                return self._kick(pid)
            case p.Merge(participant=pid, into=into):
                return self._merge(pid, into)
            case p.End():
                if self.state is p.SessionState.ended:
                    return _wrong_state("the session has already ended")
                return self._end()

    def _next(self) -> list[Effect]:
        assert self.position is not None
        if self.position + 1 < len(self.plan):
            return self._open(self.position + 1)
        return self._end()

    def _open(self, position: int) -> list[Effect]:
        self.state = p.SessionState.question
        self.position = position
        self.deadline = self.clock.now() + self.settings.time_limit
        self.advance_at = None
        self._extra = 0.0
        self._answered_now = 0
        self._answered_ids = []  # a new question: everyone's flag is false (see ``Participants``)
        self._waiting = {seat.id for seat in self._active if seat.connected}
        self._reveal = None
        self._answered_changed = True
        self.records.set_state(self.code, self.state, position, self.settings.time_limit)
        variants = {tag: self.paper.message(position, tag) for tag in self._languages()}
        return [Send(Audience.everyone, self.paper.messages[position], variants)]

    def _languages(self) -> set[str]:
        """The languages other than the bank's that learners in the room read."""
        own = self.bank.info.language
        return {seat.language for seat in self._active if seat.language and seat.language != own}

    def _reveal_in(self, language: str | None) -> p.RevealMessage:
        """The open question's reveal with its explanation in ``language``."""
        assert self._reveal is not None
        assert self.position is not None
        tag = self.paper.language(language)
        if tag == self.bank.info.language:
            return self._reveal
        explanation = self.paper.question(self.position, tag).explanation
        update: dict[str, object] = {"explanation": explanation}
        if self._reveal.parts:
            labels = self.paper.part_labels(self.position, tag)
            update["parts"] = [
                part.model_copy(update={"label": label})
                for part, label in zip(self._reveal.parts, labels, strict=True)
            ]
        return self._reveal.model_copy(update=update)

    def _pause(self) -> list[Effect]:
        assert self.position is not None
        self._paused_left = self.time_left()
        self.state = p.SessionState.paused
        self.deadline = None
        self.records.set_state(self.code, self.state, self.position, self._paused_left)
        left = round(self._paused_left, 3)
        return [Send(Audience.everyone, p.Paused(position=self.position, remaining=left))]

    def _resume(self) -> list[Effect]:
        assert self.position is not None
        self.state = p.SessionState.question
        self.deadline = self.clock.now() + self._paused_left
        self.records.set_state(self.code, self.state, self.position, self._paused_left)
        left = round(self._paused_left, 3)
        return [Send(Audience.everyone, p.Resumed(position=self.position, remaining=left))]

    def _add_time(self, seconds: float) -> list[Effect]:
        assert self.position is not None
        seconds = min(seconds, MAX_EXTRA_TIME - self._extra)
        if seconds <= 0:
            return [Send(Audience.hosts, _wrong_state(f"at most {MAX_EXTRA_TIME:g} s can be added"))]
        self._extra += seconds
        if self.state is p.SessionState.paused:
            self._paused_left += seconds
        else:
            assert self.deadline is not None
            self.deadline += seconds
        left = round(self.time_left(), 3)
        self.records.set_state(self.code, self.state, self.position, left)
        return [Send(Audience.everyone, p.Extended(position=self.position, remaining=left))]

    def _skip(self) -> list[Effect] | p.Error:
        """Drop the question that would open next, before anyone sees it."""
        upcoming = 0 if self.position is None else self.position + 1
        if self.state not in (p.SessionState.lobby, p.SessionState.revealed, *OPEN):
            return _wrong_state("the session has ended")
        if upcoming >= len(self.plan):
            return _wrong_state("there is no next question to skip")
        if len(self.plan) == 1:
            return _wrong_state("the session's only question cannot be skipped")
        items = self.plan.items[:upcoming] + self.plan.items[upcoming + 1 :]
        self._set_plan(self.plan.model_copy(update={"items": items}))
        self.records.set_plan(self.code, self.plan)
        return [Send(Audience.hosts, self._preview(upcoming))]

    def _close_question(self) -> list[Effect]:
        """Score the open question; the reveal, each one's result and the leaderboard, in order."""
        position = self.position
        if self.state not in OPEN or position is None:
            return []
        self.write_answers()  # the reveal counts them: on disk first
        self.state = p.SessionState.revealed
        self.deadline = None
        self._waiting = set()
        if self.options.auto_next is not None:
            self.advance_at = self.clock.now() + self.options.auto_next
        self.records.set_state(self.code, self.state, position, None)
        active = self._active
        self._reveal = score_position(self.paper, position, active)
        self._leaderboard = leaderboard(active)
        variants = {tag: self._reveal_in(tag) for tag in self._languages()}
        return [
            Send(Audience.everyone, self._reveal, variants),
            *(Send(seat.id, seat.result) for seat in active if seat.connected and seat.result is not None),
            Send(Audience.everyone, p.Leaderboard(entries=self._leaderboard)),
            Send(Audience.hosts, self._preview(position + 1)),
        ]

    def _kick(self, participant: int) -> list[Effect]:
        seat = self._seats[participant]
        if seat.kicked:
            return []
        if self.state in OPEN and self.position in seat.given:
            self._answered_now -= 1
            self._answered_changed = True
        self.records.kick(self.code, participant, seat.attempt_id)
        was_connected = seat.connected
        self._banned.add(name_key(seat.name))
        self._unseat(seat)
        effects: list[Effect] = []
        if was_connected:
            effects += [Send(participant, p.Kicked()), Drop(participant, 4001, "kicked")]
        if self._everyone_answered():
            effects += self._close_question()
        return effects

    def _merge(self, participant: int, into: int) -> list[Effect] | p.Error:
        """One learner, two seats: keep ``into``, bring over the answers it lacks, count again."""
        if self.state is p.SessionState.ended:
            return _wrong_state("the session has ended")
        duplicate, kept = self._seats.get(participant), self._seats.get(into)
        if duplicate is None or kept is None or duplicate.kicked or kept.kicked or duplicate is kept:
            return p.Error(code=p.ErrorCode.unknown_participant, message="merge two different participants")
        assert duplicate.attempt_id is not None
        assert kept.attempt_id is not None
        self.records.merge(self.code, participant, into, duplicate.attempt_id, kept.attempt_id)
        current = self.position if self.state in OPEN else None
        for position, given in duplicate.given.items():
            if position not in kept.given:
                kept.given[position] = given
            elif position == current:
                self._answered_now -= 1  # both seats answered the open question: it counts once
        was_connected = duplicate.connected
        self._unseat(duplicate)
        self._by_resume[duplicate.resume_hash] = kept
        if current is not None and current in kept.given:
            self._waiting.discard(kept.id)
        revealed = 0 if self.position is None else self.position + (self.state is p.SessionState.revealed)
        self._rescore(revealed)
        self._changed.add(kept.id)
        effects: list[Effect] = [Send(Audience.hosts, p.Leaderboard(entries=self._leaderboard))]
        if was_connected:
            effects.append(Drop(participant, 4002, "merged: join again"))  # the client resumes as ``kept``
        if self._everyone_answered():
            effects += self._close_question()
        return effects

    def _end(self) -> list[Effect]:
        """Finish every attempt (shrunk to the questions asked) and send the final results."""
        effects = self._close_question() if self.state in OPEN else []
        asked = 0 if self.position is None else self.position + 1
        active = self._active
        self._leaderboard = rank(active)
        asked_plan = self.plan.model_copy(update={"items": self.plan.items[:asked]})
        finished, discarded = [], []
        for seat in active:
            assert seat.attempt_id is not None
            if not asked:
                discarded.append(seat.attempt_id)
                continue
            answers = {g.answer.question_id: g.answer for g in seat.given.values()}
            settings = {
                "live": self.options.stored(self.plan.seed),
                "live_score": seat.score,
                "live_correct": seat.correct,
                "live_rank": seat.rank,
                "live_participants": len(active),
                "language": seat.language or self.bank.info.language,
            }
            finished.append(
                FinishedAttempt(seat.attempt_id, score_attempt(self.bank, asked_plan, answers), settings)
            )
        self.records.finish(
            self.code, position=self.position, plan=asked_plan, finished=finished, discarded=discarded
        )
        self.state = p.SessionState.ended
        self.deadline = self.advance_at = None
        self._waiting = set()
        board = self._leaderboard
        items = item_results(self.paper, active, asked)
        self._host_final = p.Ended(leaderboard=board, asked=asked, items=items)
        effects.append(Send(Audience.hosts, self._host_final))
        for seat in active:
            you = summary(self.paper, seat, asked, len(active))
            seat.final = p.Ended(leaderboard=board, asked=asked, you=you)
            if seat.connected:
                effects.append(Send(seat.id, seat.final))
        return effects

    # -- what the host sees, gathered ----------------------------------------------------------------

    @property
    def pending_updates(self) -> bool:
        changes = self._changed or self._removed or self._answered_ids
        return bool(changes or self._lobby_changed or self._answered_changed)

    def updates(self, *, lobby: bool = True) -> list[Effect]:
        """What changed since the last call: participants (only those who changed), the lobby
        count (when ``lobby``: it goes to every learner, so the fan-out sends it less often),
        the answers so far."""
        effects: list[Effect] = []
        if self._changed or self._removed or self._answered_ids:
            changed = [self._seats[pid].participant(self.position) for pid in sorted(self._changed)]
            answered = self._answered_ids
            update = p.Participants(participants=changed, removed=self._removed, answered=answered)
            effects.append(Send(Audience.hosts, update))
            self._changed, self._removed, self._answered_ids = set(), [], []
        if lobby and self._lobby_changed:
            self._lobby_changed = False
            if self.state is p.SessionState.lobby:
                effects.append(Send(Audience.learners, p.Lobby(count=len(self._active))))
        if self._answered_changed:
            self._answered_changed = False
            if self.state in OPEN and self.position is not None:
                effects.append(Send(Audience.hosts, self._answered_message(self.position)))
        return effects

    def _participants(self) -> list[p.Participant]:
        return [seat.participant(self.position) for seat in self._active]

    def _answered_message(self, position: int) -> p.AnsweredCount:
        return p.AnsweredCount(position=position, count=self._answered_now, participants=len(self._active))

    def standings(self) -> list[tuple[str, int, int]]:
        """(name, score, correct) of every participant still in, best first."""
        return standings(self._active)


def _removed() -> p.Error:
    """The refusal a kicked learner meets, back by resume token or by name and rejoin code."""
    return p.Error(code=p.ErrorCode.kicked, message="the host removed you from this session")


def _wrong_state(why: str) -> p.Error:
    return p.Error(code=p.ErrorCode.wrong_state, message=why)
