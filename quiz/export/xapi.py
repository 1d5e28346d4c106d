"""xAPI 1.0.3 statements for attempts: what a Learning Record Store stores.

Per attempt, in order: ``attempted`` (object: the bank), one ``answered`` per stored answer
(object: the question as a cmi.interaction, parent: the bank), then ``completed`` and
``passed`` or ``failed`` for a finished attempt. All share the attempt's uuid as
``context.registration``.

The actor is identified by ``mbox`` (``mailto:`` the learner's email) when there is an email,
otherwise by an ``account`` on ``XapiOptions.home_page`` named by the username (or, failing
that, the learner's name). Activity ids live under ``XapiOptions.activity_base``.

Statement ids are deterministic (a UUID5 of the attempt, with the verb and position in its last
digits), so exporting or pushing the same attempt twice gives the same statements and an LRS
can tell a resend from new data.

Statements are assembled as JSON text from fragments cached per attempt and per question:
100,000 answers must export at the speed SQLite reads them.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TextIO

from quiz.bank import AnyQuestion, Bank, MultipleQuestion, TrueFalseQuestion
from quiz.bank.models import HeadlineQuestion
from quiz.engine import Marking
from quiz.engine.scoring import CBM_RIGHT, CBM_WRONG
from quiz.export.data import ExportAttempt, Progress, iter_attempts, response_indices
from quiz.store import Store

XAPI_VERSION = "1.0.3"
DEFAULT_ACTIVITY_BASE = "https://resilience-quiz.example.org/xapi"
DEFAULT_HOME_PAGE = "https://resilience-quiz.example.org"
STATEMENT_NAMESPACE = uuid.UUID("5d0f0a3e-2b5c-5a8e-9d41-6f7c2f3b1e10")

ADL = "http://adlnet.gov/expapi"
VERBS = {
    "attempted": (1, f"{ADL}/verbs/attempted"),
    "answered": (2, f"{ADL}/verbs/answered"),
    "completed": (3, f"{ADL}/verbs/completed"),
    "passed": (4, f"{ADL}/verbs/passed"),
    "failed": (5, f"{ADL}/verbs/failed"),
}
ASSESSMENT = f"{ADL}/activities/assessment"
INTERACTION = f"{ADL}/activities/cmi.interaction"
CHOICE_IDS = "abcdefghijklmnopqrstuvwxyz"
HEADLINE_IDS = ("reliable", "manipulative")


ANSWER_COLUMNS = (
    "attempt_id, position, question_id, response, seconds, points, max_points, correct, "
    "CAST(answered_at AS BLOB)"
)
"""What a statement needs of an answer and no more: each column read costs per row."""


class XapiAnswer(NamedTuple):
    """One row of ``ANSWER_COLUMNS``; the timestamp comes as the bytes it is written as."""

    attempt_id: int
    position: int
    question_id: str
    response: str
    seconds: float
    points: float
    max_points: float
    correct: int
    answered_at: bytes


def read_attempts(
    store: Store, attempt_ids: Iterable[int], banks: Mapping[str, Bank]
) -> Iterator[ExportAttempt]:
    """The attempts with the answer columns statements are built from (``XapiAnswer`` rows)."""
    return iter_attempts(store, attempt_ids, banks, answer_columns=ANSWER_COLUMNS)


@dataclass(frozen=True)
class XapiOptions:
    activity_base: str = DEFAULT_ACTIVITY_BASE
    """Activity ids are ``{activity_base}/banks/{bank}`` and ``.../questions/{question}``."""
    home_page: str = DEFAULT_HOME_PAGE
    """The ``account.homePage`` of learners without an email: where their username is valid."""
    platform: str = "resilience-quiz"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration to 0.01 s, as xAPI asks: ``PT1M5.25S``."""
    centis = max(0, round(seconds * 100))
    hours, centis = divmod(centis, 360_000)
    minutes, centis = divmod(centis, 6_000)
    secs, frac = divmod(centis, 100)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if secs or frac or out == "PT":
        out += f"{secs}.{frac:02d}".rstrip("0").rstrip(".") + "S"
    return out


def actor(name: str, email: str, username: str, options: XapiOptions) -> dict[str, Any]:
    """An Agent with exactly one identifier: mbox when there is an email, else an account."""
    agent: dict[str, Any] = {"objectType": "Agent", "name": name}
    if email:
        agent["mbox"] = f"mailto:{email}"
    else:
        agent["account"] = {"homePage": options.home_page, "name": username or name}
    return agent


def score_bounds(question: AnyQuestion, marking: Marking) -> tuple[float, float]:
    """The lowest and highest points this question can give under this marking."""
    weight = question.points
    if marking.certainty:
        return weight * min(CBM_WRONG.values()), weight * max(CBM_RIGHT.values())
    if marking.negative:
        if isinstance(question, MultipleQuestion):
            return -weight, weight
        return -weight / (len(question.options) - 1), weight
    return 0.0, weight


def _scaled(raw: float, low: float, high: float) -> float:
    """Raw over max when positive, over |min| when negative: always within xAPI's [-1, 1]."""
    if raw >= 0:
        return round(raw / high, 6) if high > 0 else 0.0
    return round(raw / -low, 6) if low < 0 else 0.0


def _score(raw: float, low: float, high: float) -> dict[str, float]:
    return {
        "scaled": _scaled(raw, low, high),
        "raw": round(raw, 6),
        "min": round(low, 6),
        "max": round(high, 6),
    }


def _choice_ids(question: AnyQuestion) -> tuple[str, ...]:
    if isinstance(question, HeadlineQuestion):
        return HEADLINE_IDS
    if isinstance(question, TrueFalseQuestion):
        return ("true", "false")
    return tuple(CHOICE_IDS[i] for i in range(len(question.options)))


def interaction_definition(question: AnyQuestion, language: str) -> dict[str, Any]:
    ids = _choice_ids(question)
    definition: dict[str, Any] = {
        "name": {language: question.id},
        "description": {language: question.prompt},
        "type": INTERACTION,
    }
    if isinstance(question, TrueFalseQuestion):
        definition["interactionType"] = "true-false"
    else:
        definition["interactionType"] = "choice"
        definition["choices"] = [
            {"id": cid, "description": {language: text}}
            for cid, text in zip(ids, question.options, strict=True)
        ]
    definition["correctResponsesPattern"] = ["[,]".join(ids[i] for i in sorted(question.correct))]
    return definition


@dataclass
class _BankCache:
    bank_object: bytes
    language: str
    questions: dict[str, tuple[bytes, tuple[str, ...]]] = field(default_factory=dict)
    """question id -> (object JSON followed by ``,"result":``, choice ids)"""


_POSITIONS = [b"%010x" % i for i in range(256)]
WRITE_PARTS = 8192
"""Fragments joined per write: about a megabyte of statements."""
_NAMESPACE_BYTES = STATEMENT_NAMESPACE.bytes


def _statement_prefix(attempt_uuid: str) -> bytes:
    """The first 24 characters of ``uuid5(STATEMENT_NAMESPACE, attempt_uuid)``, computed directly."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + attempt_uuid.encode()).digest()[:10])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-".encode()


def _b(value: Any) -> bytes:
    return _dumps(value).encode("utf-8")


class StatementBuilder:
    """Turns attempts into statements; keeps what repeats (banks, questions, responses) cached.

    Statements are built as UTF-8 bytes from cached fragments: joining bytes is a plain copy,
    where joining str of mixed widths (a Japanese name beside ASCII) converts every character.
    """

    def __init__(self, options: XapiOptions | None = None) -> None:
        self.options = options or XapiOptions()
        self._banks: dict[str, _BankCache] = {}
        self._answered: dict[tuple[Any, ...], dict[tuple[Any, ...], bytes]] = {}
        """(bank, marking) -> (question, response, points, correct) -> object and result JSON"""
        self._actors: dict[int, bytes] = {}
        self._durations: dict[int, bytes] = {}
        self._final_results: dict[tuple[float, float, float, bool | None], bytes] = {}
        self._contexts: dict[tuple[str, str, str | None], tuple[bytes, bytes]] = {}
        self._verbs = {name: _b({"id": iri, "display": {"en-US": name}}) for name, (_, iri) in VERBS.items()}

    def _bank(self, attempt: ExportAttempt) -> _BankCache:
        key = attempt.row.bank_id
        cache = self._banks.get(key)
        if cache is None:
            bank = attempt.bank
            language = bank.info.language if bank else "und"
            definition: dict[str, Any] = {"name": {language: attempt.title}, "type": ASSESSMENT}
            if bank and bank.info.description:
                definition["description"] = {language: bank.info.description}
            obj = {"objectType": "Activity", "id": self.bank_iri(key), "definition": definition}
            cache = self._banks[key] = _BankCache(_b(obj), language)
        return cache

    def bank_iri(self, bank_id: str) -> str:
        return f"{self.options.activity_base}/banks/{bank_id}"

    def _question(
        self, cache: _BankCache, bank: Bank | None, bank_id: str, qid: str
    ) -> tuple[bytes, tuple[str, ...]]:
        entry = cache.questions.get(qid)
        if entry is None:
            question = bank.by_id.get(qid) if bank else None
            obj: dict[str, Any] = {
                "objectType": "Activity",
                "id": f"{self.bank_iri(bank_id)}/questions/{qid}",
            }
            ids: tuple[str, ...] = ()
            if question is not None:
                obj["definition"] = interaction_definition(question, cache.language)
                ids = _choice_ids(question)
            else:
                obj["definition"] = {"name": {cache.language: qid}, "type": INTERACTION}
            entry = cache.questions[qid] = (_b(obj) + b',"result":', ids)
        return entry

    def _context_tails(
        self, bank_id: str, mode: str, session: str | None, language: str
    ) -> tuple[bytes, bytes]:
        """The context after its registration, for attempt statements and for answers (with the parent)."""
        base = self.options.activity_base
        extensions = {f"{base}/extensions/mode": mode}
        if session:
            extensions[f"{base}/extensions/session"] = session
        rest = {"platform": self.options.platform, "language": language, "extensions": extensions}
        parent = {"objectType": "Activity", "id": self.bank_iri(bank_id)}
        plain = b'",' + _b(rest)[1:]
        with_parent = b'",' + _b({**rest, "contextActivities": {"parent": [parent]}})[1:]
        return plain, with_parent

    def _duration(self, seconds: float) -> bytes:
        """The duration's value, closing the result, and the timestamp's key: what follows a result."""
        centis = round(seconds * 100)
        text = self._durations.get(centis)
        if text is None:
            text = self._durations[centis] = b'%s"},"timestamp":"' % iso_duration(seconds).encode()
        return text

    def statement_lines(self, attempt: ExportAttempt) -> bytes:
        """The attempt's statements as JSON Lines (UTF-8), in the order they happened."""
        parts: list[bytes] = []
        self.add_statements(attempt, parts)
        return b"".join(parts)

    def add_statements(self, attempt: ExportAttempt, parts: list[bytes]) -> int:
        """Append the attempt's statements (JSON Lines, UTF-8) to ``parts``; returns how many.

        Fragments, not a joined line: a writer joins many attempts' at once and writes them in
        one go, which the disk takes faster than many small writes.
        """
        row = attempt.row
        bank = attempt.bank
        cache = self._bank(attempt)
        options = self.options
        learner = row.learner
        actor_json = self._actors.get(learner.id)
        if actor_json is None:
            actor_json = self._actors[learner.id] = _b(
                actor(learner.name, learner.email, learner.username, options)
            )
        prefix = _statement_prefix(row.uuid)
        contexts = self._contexts.get((row.bank_id, row.mode, row.session_code))
        if contexts is None:
            contexts = self._contexts[(row.bank_id, row.mode, row.session_code)] = self._context_tails(
                row.bank_id, row.mode, row.session_code, cache.language
            )
        registration = b'{"registration":"' + row.uuid.encode()
        context_json = registration + contexts[0]
        answer_context_json = registration + contexts[1]
        marking = row.marking
        head = b'","actor":' + actor_json + b',"verb":'
        verbs = self._verbs
        parts.extend(
            (
                b'{"id":"', prefix, b"%02x" % VERBS["attempted"][0], _POSITIONS[0], head, verbs["attempted"],
                b',"object":', cache.bank_object, b',"context":', context_json,
                b',"timestamp":"', row.started_at.encode(), b'"}\n',
            )
        )  # fmt: skip
        # The hot loop: everything that does not change per answer is cached or hoisted, so an
        # answered statement is seven fragments: the id's head, its position, the rest of the
        # attempt's part (actor, verb, context), the question with the result (cached per
        # question, response and score), the duration (with the timestamp's key) and the timestamp.
        answered = self._answered.setdefault((row.bank_id, marking.negative, marking.certainty), {})
        questions = cache.questions
        answered_id = b'{"id":"%s%02x' % (prefix, VERBS["answered"][0])
        answered_rest = head + verbs["answered"] + b',"context":' + answer_context_json + b',"object":'
        positions, durations = _POSITIONS, self._durations
        extend = parts.extend
        for a in attempt.answers:
            _, position, qid, response, seconds, points, _, correct, answered_at = a
            object_result = answered.get((qid, response, points, correct))
            if object_result is None:
                question = questions.get(qid) or self._question(cache, bank, row.bank_id, qid)
                object_result = question[0] + self._answer_result(attempt, XapiAnswer._make(a), question[1])
                answered[(qid, response, points, correct)] = object_result
            extend(
                (
                    answered_id, positions[position] if position < 256 else b"%010x" % position,
                    answered_rest, object_result,
                    durations.get(round(seconds * 100)) or self._duration(seconds), answered_at, b'"}\n',
                )
            )  # fmt: skip
        if row.finished_at is not None and row.points is not None and row.max_points:
            final = self._final_result(attempt)
            seconds = attempt.duration_seconds or 0.0
            finished = row.finished_at.encode()
            closing: tuple[tuple[str, bytes], ...] = (
                ("completed", b',"duration":"%s"}' % iso_duration(seconds).encode()),
            )
            if row.passed is not None:  # a discernment check is a measurement: neither verb
                closing += (("passed" if row.passed else "failed", b"}"),)
            for name, result_end in closing:
                parts.extend(
                    (
                        b'{"id":"', prefix, b"%02x" % VERBS[name][0], _POSITIONS[0], head, verbs[name],
                        b',"object":', cache.bank_object, b',"result":', final, result_end,
                        b',"context":', context_json, b',"timestamp":"', finished, b'"}\n',
                    )
                )  # fmt: skip
            return len(attempt.answers) + 1 + len(closing)
        return len(attempt.answers) + 1

    def statements(self, attempt: ExportAttempt) -> list[tuple[str, str]]:
        """(statement id, statement JSON) for one attempt, in the order they happened."""
        lines = self.statement_lines(attempt).decode("utf-8").splitlines()
        return [(line[7:43], line) for line in lines]

    def _answer_result(self, attempt: ExportAttempt, a: XapiAnswer, ids: tuple[str, ...]) -> bytes:
        """The result object up to its duration's value (the duration varies per answer)."""
        question = attempt.question(a.question_id)
        indices = sorted(response_indices(a.response))
        if question is not None:
            low, high = score_bounds(question, attempt.row.marking)
            response = "[,]".join(ids[i] for i in indices if 0 <= i < len(ids))
        else:
            low, high = min(0.0, a.points), a.max_points
            response = "[,]".join(str(i) for i in indices)
        body = {"score": _score(a.points, low, high), "success": bool(a.correct), "response": response}
        return _b(body)[:-1] + b',"duration":"'

    def _final_result(self, attempt: ExportAttempt) -> bytes:
        """A finished attempt's result (score, success, completion) without its closing brace.

        Cached by score: thousands of attempts share a handful of totals.
        """
        row = attempt.row
        assert row.points is not None
        assert row.max_points is not None
        key = (row.points, self._attempt_min(attempt), row.max_points, row.passed)
        final = self._final_results.get(key)
        if final is None:
            points, low, high, passed = key
            body: dict[str, Any] = {"score": _score(points, low, high), "completion": True}
            if passed is not None:
                body = {"score": body["score"], "success": passed, "completion": True}
            final = self._final_results[key] = _b(body)[:-1]
        return final

    def _attempt_min(self, attempt: ExportAttempt) -> float:
        bank = attempt.bank
        points = attempt.row.points or 0.0
        if not (attempt.row.marking.negative or attempt.row.marking.certainty):
            return min(0.0, points)
        if bank is None or any(q not in bank.by_id for q in attempt.row.plan.question_ids):
            return min(0.0, points)
        marking = attempt.row.marking
        low = sum(score_bounds(bank.by_id[q], marking)[0] for q in attempt.row.plan.question_ids)
        return min(low, points)


def iter_statements(
    attempts: Iterable[ExportAttempt], options: XapiOptions | None = None
) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """(attempt id, its statements) for each attempt."""
    builder = StatementBuilder(options)
    for attempt in attempts:
        yield attempt.row.id, builder.statements(attempt)


def write_xapi(
    attempts: Iterable[ExportAttempt],
    out: TextIO,
    options: XapiOptions | None = None,
    progress: Progress | None = None,
) -> int:
    """Statements as JSON Lines (one statement per line); returns how many.

    Writes the UTF-8 bytes straight to the stream's binary buffer when it has one (a file,
    stdout), and decodes them only for a pure text stream; in writes of about a megabyte, which
    a file takes a third faster than one write per attempt.
    """
    builder = StatementBuilder(options)
    binary = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
    write = binary.write if binary is not None else lambda blob: out.write(blob.decode("utf-8"))
    parts: list[bytes] = []
    count = 0
    for attempt in attempts:
        count += builder.add_statements(attempt, parts)
        if len(parts) >= WRITE_PARTS:
            write(b"".join(parts))
            parts.clear()
        if progress:
            progress(1)
    write(b"".join(parts))
    return count
