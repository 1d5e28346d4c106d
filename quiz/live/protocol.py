"""The live-session wire protocol: one JSON object per WebSocket text frame.

Every message is a pydantic model with a ``type`` literal; ``ClientMessage`` and
``ServerMessage`` are the two discriminated unions, one per direction. Server and clients share
these models, so a field renamed here is renamed everywhere, and ``extra="forbid"`` turns a
misspelt field into an ``invalid`` error rather than a silently ignored key.

Positions are 0-based everywhere: ``position`` is the question's place in the session,
``choices``/``correct``/``distribution`` index the options *in the order they are shown*
(every learner sees the same order). Times are durations in seconds measured by the server,
never clock readings: a client's clock is not trusted and need not agree with the server's.

A learner's client never receives anything that tells the right answer before ``reveal``:
``question`` carries no correctness and no bank question id (some ids name the answer, and
the bundled banks are on every learner's machine), and ``accepted`` carries no points.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from quiz.kinds.kind import Form

MAX_MESSAGE_BYTES = 64 * 1024
"""A frame larger than this closes the connection (the server's ``max_msg_size``)."""

NAME_MAX = 32
"""Names longer than this (after cleaning) are cut to it."""


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


# -- shared parts ------------------------------------------------------------------------------


class SessionState(StrEnum):
    lobby = "lobby"
    question = "question"
    """A question is open: answers are taken until its deadline."""
    paused = "paused"
    """The open question's countdown is stopped; answers are refused until it resumes."""
    revealed = "revealed"
    ended = "ended"


class Settings(_Message):
    """How the session scores; fixed when the session is created."""

    questions: int
    """How many questions the session asks."""
    time_limit: float
    """Seconds each question stays open."""
    speed: bool
    """Speed points: round(P x (1 - (t/T)/2)), full points under 0.5 s."""
    streak: bool
    """The streak bonus: +100 per consecutive right answer after the first, at most +500."""
    points: int
    """P: the points of a right answer to a question of weight 1 in the bank."""


class Participant(_Message):
    id: int
    name: str
    connected: bool
    answered: bool = False
    """Whether they have answered the open question; false for everyone when a question opens."""


class LeaderboardEntry(_Message):
    rank: int
    """1 for the best; equal scores and correct counts share a rank."""
    id: int
    name: str
    score: int
    correct: int
    """The correctness-only count: fully right answers, whatever the speed."""


class MissedQuestion(_Message):
    position: int
    prompt: str
    form: Form = Form.choose_one
    options: list[str]
    prompts: list[str] = []
    """A match form's prompts, in the order shown."""
    chosen: list[int] | None
    """What they answered (shown positions, read as ``form`` says), or None when they did not."""
    correct: list[int]
    explanation: str


class LearnerSummary(_Message):
    """One learner's end of session: sent to that learner only."""

    score: int
    correct: int
    answered: int
    rank: int
    participants: int
    missed: list[MissedQuestion]


class ItemResult(_Message):
    """A question's figures over the session, for the host's final screen."""

    position: int
    question_id: str
    prompt: str
    answered: int
    correct: int
    facility: float | None
    """Mean mark as a share of the maximum, 0..1 (Moodle's facility index)."""
    discrimination: float | None
    """Moodle's discrimination index in percent, -100..100; None without enough spread."""


# -- client -> server --------------------------------------------------------------------------


class Join(_Message):
    """A learner asks to join (or, with ``resume``, to come back after a dropped connection)."""

    type: Literal["join"] = "join"
    code: Annotated[str, Field(max_length=64)]
    name: Annotated[str, Field(max_length=1000)] = ""
    """As typed; the server cleans it and makes it unique. Ignored when resuming."""
    email: Annotated[str, Field(max_length=320)] = ""
    resume: Annotated[str, Field(max_length=200)] | None = None
    """The ``resume_token`` of an earlier ``joined``."""
    rejoin: Annotated[str, Field(max_length=16)] | None = None
    """With ``name``: the ``rejoin_code`` of an earlier ``joined``, to come back as oneself from
    another process or device (a new resume token is issued; the old one stops working)."""
    language: Annotated[str, Field(max_length=35)] | None = None
    """The learner's language (BCP 47, ``lt``): questions, explanations and the missed answers
    come in the bank's translation into it where there is one, else in the bank's language."""


class HostHello(_Message):
    """The host screen identifies itself with the secret host token."""

    type: Literal["host_hello"] = "host_hello"
    code: Annotated[str, Field(max_length=64)]
    token: Annotated[str, Field(max_length=200)]


class AnswerMessage(_Message):
    type: Literal["answer"] = "answer"
    position: int
    choices: Annotated[list[int], Field(max_length=16)]
    """The answer in shown positions, read as the question's ``form`` says: the option chosen
    (``choose_one``), those ticked (``choose_many``), every option from first to last
    (``order``), or the option given to each prompt in turn (``match``)."""


class Start(_Message):
    """Host: leave the lobby and open the first question."""

    type: Literal["start"] = "start"


class Reveal(_Message):
    """Host: close the open (or paused) question now and reveal it."""

    type: Literal["reveal"] = "reveal"


class Next(_Message):
    """Host: after a reveal, open the next question (after the last one: end)."""

    type: Literal["next"] = "next"


class Pause(_Message):
    """Host: stop the open question's countdown."""

    type: Literal["pause"] = "pause"


class Resume(_Message):
    """Host: restart a paused countdown with the time it had left."""

    type: Literal["resume"] = "resume"


class Kick(_Message):
    """Host: remove a participant; their resume token stops working and their attempt is dropped."""

    type: Literal["kick"] = "kick"
    participant: int


class End(_Message):
    """Host: end the session now; attempts are finished and the final results sent."""

    type: Literal["end"] = "end"


class AddTime(_Message):
    """Host: give the open (or paused) question more time."""

    type: Literal["add_time"] = "add_time"
    seconds: Annotated[float, Field(gt=0, le=600)]


class Skip(_Message):
    """Host: drop the next question (the one ``preview`` shows) before anyone sees it."""

    type: Literal["skip"] = "skip"


class Lock(_Message):
    """Host: lock the room (no new learners; those in can still come back) or open it again."""

    type: Literal["lock"] = "lock"
    locked: bool


class Merge(_Message):
    """Host: ``participant`` is the same learner as ``into`` (they joined twice): one seat, one
    attempt; answers ``into`` lacks move over, scores are counted again."""

    type: Literal["merge"] = "merge"
    participant: int
    into: int


HostCommand = Start | Reveal | Next | Pause | Resume | Kick | End | AddTime | Skip | Lock | Merge
ClientModel = Join | HostHello | AnswerMessage | HostCommand
"""Every message a client may send; ``CLIENT_MODELS`` and the parser are derived from it."""
ClientMessage = Annotated[ClientModel, Field(discriminator="type")]
HOST_COMMANDS: tuple[type[_Message], ...] = get_args(HostCommand)


# -- server -> client --------------------------------------------------------------------------


class Joined(_Message):
    """Reply to ``join``: who the learner is in this session."""

    type: Literal["joined"] = "joined"
    code: str
    participant: int
    name: str
    """The name as the server made it: cleaned, cut to 32 characters, unique ("Ona (2)")."""
    resume_token: str
    """Keep it: ``join`` with it after a dropped connection to get the same place back."""
    rejoin_code: str
    """Short, to show the learner: with their name it brings them back from another device."""
    resumed: bool
    bank_title: str
    settings: Settings
    state: SessionState
    score: int
    correct_count: int
    """Their totals over the revealed questions (non-zero only when resuming)."""


class HostWelcome(_Message):
    """Reply to ``host_hello``: everything the host screen needs to draw itself."""

    type: Literal["host_welcome"] = "host_welcome"
    code: str
    bank_title: str
    settings: Settings
    state: SessionState
    position: int | None
    """The current question, or None in the lobby."""
    participants: list[Participant]
    locked: bool = False
    """Whether new learners are refused (``lock``)."""


class Lobby(_Message):
    """To learners while in the lobby: how many have joined (sent at most every 0.1 s)."""

    type: Literal["lobby"] = "lobby"
    count: int


class Participants(_Message):
    """To the host: what changed in the list since the last one (at most every 0.1 s).

    ``participants`` holds the new and changed entries, ``removed`` the ids no longer in (kicked,
    merged), ``answered`` the ids of those who answered the open question since the last one;
    ``host_welcome`` has the whole list to start from. A room of 5,000 that keeps joining costs
    a few entries per message, not 5,000; one that answers costs a number per answer, not an
    entry (5,000 entries a question were 6% of the server's time at 2,000 learners, py-spy).
    """

    type: Literal["participants"] = "participants"
    participants: list[Participant]
    removed: list[int] = []
    answered: list[int] = []
    """Who answered the open question since the last message (their entries are not sent for it)."""


class QuestionMessage(_Message):
    """A question opens (or, on reconnecting, is still open). No correctness in it."""

    type: Literal["question"] = "question"
    position: int
    total: int
    kind: str
    """The question's kind (its type in the bank): what the instruction above it says."""
    form: Form
    """How it is answered: ``choose_one``, ``choose_many``, ``order`` or ``match``."""
    prompt: str
    """Markdown, from the bank."""
    options: list[str]
    """Option texts in shown order; for ``order`` never in the right order."""
    prompts: list[str] = []
    """For ``match``: the prompts to give an option each, in order; empty otherwise."""
    points: int
    """P for this question (the bank weight x the session's points)."""
    time_limit: float
    remaining: float
    """Seconds left when this was sent: the client's countdown starts from here."""
    paused: bool = False
    chosen: list[int] | None = None
    """What this learner already locked in (after a reconnect), else None."""


class Accepted(_Message):
    """The answer is stored ("locked in"). Deliberately says nothing about right or wrong."""

    type: Literal["accepted"] = "accepted"
    position: int
    choices: list[int]
    seconds: float
    """The server's measure of the time taken."""


class RefusalReason(StrEnum):
    late = "late"
    """The question's deadline passed or it was revealed."""
    duplicate = "duplicate"
    """This question was already answered."""
    not_open = "not_open"
    """No such question is open (lobby, a future or unknown position)."""
    paused = "paused"
    invalid = "invalid"
    """The choices do not fit the question (none, out of range, several for a single, an
    order that leaves an item out); ``message`` says what was expected."""


class Refused(_Message):
    type: Literal["refused"] = "refused"
    position: int
    reason: RefusalReason
    message: str


class AnsweredCount(_Message):
    """To the host while a question is open (at most every 0.1 s)."""

    type: Literal["answered"] = "answered"
    position: int
    count: int
    participants: int
    """Participants not kicked (connected or not)."""


class RevealPart(_Message):
    label: str
    """``Stop → Investigate the source``; ``the post → emotion``."""
    right: int
    """How many of those who answered got this part right."""


class RevealMessage(_Message):
    """The question closes: the answer, why, and how the room answered. The same for everyone."""

    type: Literal["reveal"] = "reveal"
    position: int
    correct: list[int]
    """The right answer in shown positions, read as the question's form says (the right
    options; the options in the right order; each prompt's option)."""
    explanation: str
    distribution: list[int]
    """How many chose each option, in shown order (a multiple answer counts for each option);
    empty for ``order`` and ``match``, where a count per option says nothing: see ``parts``."""
    parts: list[RevealPart] = []
    """For ``order`` and ``match``: how many got each pair of neighbours, or each prompt, right."""
    answered: int
    participants: int


class Result(_Message):
    """To one learner right after ``reveal``: how they did on that question."""

    type: Literal["result"] = "result"
    position: int
    answered: bool
    correct: bool
    chosen: list[int] | None
    parts: list[bool] = []
    """For ``order`` and ``match``: whether this learner got each of the reveal's ``parts`` right."""
    points: int
    """Points gained on this question, streak bonus included."""
    bonus: int
    """The streak bonus part of ``points``."""
    streak: int
    """Consecutive right answers so far, this one included."""
    score: int
    correct_count: int
    rank: int
    participants: int


class Leaderboard(_Message):
    """The top 10, to everyone after each reveal and at the end."""

    type: Literal["leaderboard"] = "leaderboard"
    entries: list[LeaderboardEntry]
    final: bool = False


class Extended(_Message):
    """The host gave the open question more time: the countdown starts again from ``remaining``."""

    type: Literal["extended"] = "extended"
    position: int
    remaining: float


class Preview(_Message):
    """To the host only: the question ``next`` will open, so it can be skipped first."""

    type: Literal["preview"] = "preview"
    position: int
    prompt: str
    options: list[str]


class Locked(_Message):
    """To the host: whether the room now refuses new learners."""

    type: Literal["locked"] = "locked"
    locked: bool


class Paused(_Message):
    type: Literal["paused"] = "paused"
    position: int
    remaining: float


class Resumed(_Message):
    type: Literal["resumed"] = "resumed"
    position: int
    remaining: float


class Ended(_Message):
    """The session is over. ``you`` is set for a learner, ``items`` for the host."""

    type: Literal["ended"] = "ended"
    leaderboard: list[LeaderboardEntry]
    asked: int
    """Questions asked before the end."""
    you: LearnerSummary | None = None
    items: list[ItemResult] | None = None


class Kicked(_Message):
    """The host removed this learner; the server closes the connection after it."""

    type: Literal["kicked"] = "kicked"


class ErrorCode(StrEnum):
    bad_json = "bad_json"
    unknown_type = "unknown_type"
    invalid = "invalid"
    """A known type with missing, extra or wrongly typed fields."""
    binary = "binary"
    """Binary frames are not part of the protocol."""
    not_joined = "not_joined"
    """Anything but join/host_hello before joining."""
    already_joined = "already_joined"
    bad_code = "bad_code"
    bad_token = "bad_token"
    """An unknown resume token or a wrong host token."""
    bad_name = "bad_name"
    kicked = "kicked"
    not_allowed = "not_allowed"
    """A host command from a learner."""
    wrong_state = "wrong_state"
    """A host command that does not fit the session's state (start twice, next before reveal)."""
    unknown_participant = "unknown_participant"
    ended = "ended"
    """A new join after the session ended (a resume still gets the final results)."""
    full = "full"
    """The session has as many participants as the host allowed."""
    locked = "locked"
    """The host locked the room: no new learners (those in can come back)."""
    too_slow = "too_slow"
    """The connection sent no join within the time allowed."""


FATAL_ERRORS = frozenset(
    {
        ErrorCode.bad_code,
        ErrorCode.bad_token,
        ErrorCode.bad_name,
        ErrorCode.kicked,
        ErrorCode.ended,
        ErrorCode.full,
        ErrorCode.locked,
        ErrorCode.too_slow,
    }
)
"""Errors after which the server closes the connection: a client must not retry them."""


class Error(_Message):
    type: Literal["error"] = "error"
    code: ErrorCode
    message: str


ServerModel = (
    Joined
    | HostWelcome
    | Lobby
    | Participants
    | QuestionMessage
    | Accepted
    | Refused
    | AnsweredCount
    | RevealMessage
    | Result
    | Leaderboard
    | Paused
    | Resumed
    | Extended
    | Preview
    | Locked
    | Ended
    | Kicked
    | Error
)
"""Every message the server may send; ``SERVER_MODELS`` and the parser are derived from it."""
ServerMessage = Annotated[ServerModel, Field(discriminator="type")]

_CLIENT: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)
_SERVER: TypeAdapter[ServerMessage] = TypeAdapter(ServerMessage)

CLIENT_MODELS: tuple[type[_Message], ...] = get_args(ClientModel)
SERVER_MODELS: tuple[type[_Message], ...] = get_args(ServerModel)
CLIENT_TYPES = tuple(str(m.model_fields["type"].default) for m in CLIENT_MODELS)
SERVER_TYPES = tuple(str(m.model_fields["type"].default) for m in SERVER_MODELS)


def parse_client(data: str | bytes) -> ClientMessage | Error:
    """A client's frame as a message, or the ``Error`` to reply with; never raises."""
    try:
        return _CLIENT.validate_json(data)
    except ValidationError as exc:
        return _error_for(exc, CLIENT_TYPES)


def parse_server(data: str | bytes) -> ServerMessage | Error:
    """A server's frame as a message; a frame this client cannot read becomes a local ``Error``."""
    try:
        return _SERVER.validate_json(data)
    except ValidationError as exc:
        return _error_for(exc, SERVER_TYPES)


def _error_for(exc: ValidationError, known: tuple[str, ...]) -> Error:
    errors = exc.errors(include_url=False, include_input=False)
    kinds = {e["type"] for e in errors}
    if "json_invalid" in kinds:
        return Error(code=ErrorCode.bad_json, message=f"not valid JSON: {errors[0]['msg']}")
    if kinds & {"union_tag_invalid", "union_tag_not_found"}:
        return Error(
            code=ErrorCode.unknown_type,
            message=f"expected a JSON object whose 'type' is one of: {', '.join(known)}",
        )
    if kinds & {"model_attributes_type", "model_type", "dict_type"} and all(not e["loc"] for e in errors):
        return Error(code=ErrorCode.unknown_type, message="expected a JSON object with a 'type'")
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"][1:]) or "message"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return Error(code=ErrorCode.invalid, message=f"{first['loc'][0]}: {where}: {first['msg']}{more}")


def dump(message: BaseModel) -> str:
    """The frame for a message: compact JSON."""
    return message.model_dump_json()
