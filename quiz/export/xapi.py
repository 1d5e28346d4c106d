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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from quiz.bank import AnyQuestion, Bank, MultipleQuestion, TrueFalseQuestion
from quiz.bank.models import HeadlineQuestion
from quiz.engine import Marking
from quiz.engine.scoring import CBM_RIGHT, CBM_WRONG
from quiz.export.data import AnswerTuple, ExportAttempt, Progress, parse_time, response_indices

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
    """question id -> (object JSON, choice ids)"""


_POSITIONS = [b"%010x" % i for i in range(256)]
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
        self._results: dict[tuple[Any, ...], dict[tuple[Any, ...], bytes]] = {}
        self._actors: dict[int, bytes] = {}
        self._durations: dict[int, bytes] = {}
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
            entry = cache.questions[qid] = (_b(obj), ids)
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
        centis = round(seconds * 100)
        text = self._durations.get(centis)
        if text is None:
            text = self._durations[centis] = iso_duration(seconds).encode()
        return text

    def statement_lines(self, attempt: ExportAttempt) -> bytes:
        """The attempt's statements as JSON Lines (UTF-8), in the order they happened."""
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
        parts: list[bytes] = [
            b'{"id":"', prefix, b"%02x" % VERBS["attempted"][0], _POSITIONS[0], head, verbs["attempted"],
            b',"object":', cache.bank_object, b',"context":', context_json,
            b',"timestamp":"', row.started_at.encode(), b'"}\n',
        ]  # fmt: skip
        # The hot loop: everything that does not change per answer is cached or hoisted.
        results = self._results.setdefault((row.bank_id, marking.negative, marking.certainty), {})
        questions = cache.questions
        answered = b"%s%02x" % (prefix, VERBS["answered"][0])
        answered_head = head + verbs["answered"] + b',"object":'
        answered_tail = b'},"context":' + answer_context_json + b',"timestamp":"'
        positions, durations = _POSITIONS, self._durations
        extend = parts.extend
        for a in attempt.answers:
            qid = a[2]
            entry = questions.get(qid) or self._question(cache, bank, row.bank_id, qid)
            key = (qid, a[3], a[7], a[9])
            result = results.get(key)
            if result is None:
                result = results[key] = self._answer_result(attempt, AnswerTuple._make(a), entry[1])
            position = a[1]
            duration = durations.get(round(a[5] * 100)) or self._duration(a[5])
            extend(
                (
                    b'{"id":"', answered, positions[position] if position < 256 else b"%010x" % position,
                    answered_head, entry[0], b',"result":', result, b'"duration":"', duration, b'"',
                    answered_tail, a[10].encode(), b'"}\n',
                )
            )  # fmt: skip
        if row.finished_at is not None and row.points is not None and row.max_points:
            low = self._attempt_min(attempt)
            score = _score(row.points, low, row.max_points)
            seconds = (parse_time(row.finished_at) - parse_time(row.started_at)).total_seconds()
            for name in ("completed", "passed" if row.passed else "failed"):
                result_obj: dict[str, Any] = {"score": score, "success": bool(row.passed), "completion": True}
                if name == "completed":
                    result_obj["duration"] = iso_duration(seconds)
                parts.extend(
                    (
                        b'{"id":"', prefix, b"%02x" % VERBS[name][0], _POSITIONS[0], head, verbs[name],
                        b',"object":', cache.bank_object, b',"result":', _b(result_obj),
                        b',"context":', context_json, b',"timestamp":"', row.finished_at.encode(), b'"}\n',
                    )
                )  # fmt: skip
        return b"".join(parts)

    def statements(self, attempt: ExportAttempt) -> list[tuple[str, str]]:
        """(statement id, statement JSON) for one attempt, in the order they happened."""
        lines = self.statement_lines(attempt).decode("utf-8").splitlines()
        return [(line[7:43], line) for line in lines]

    def _answer_result(self, attempt: ExportAttempt, a: AnswerTuple, ids: tuple[str, ...]) -> bytes:
        """The result object without its closing brace and duration (those vary per answer)."""
        question = attempt.question(a.question_id)
        indices = sorted(response_indices(a.response))
        if question is not None:
            low, high = score_bounds(question, attempt.row.marking)
            response = "[,]".join(ids[i] for i in indices if 0 <= i < len(ids))
        else:
            low, high = min(0.0, a.points), a.max_points
            response = "[,]".join(str(i) for i in indices)
        body = {"score": _score(a.points, low, high), "success": bool(a.correct), "response": response}
        return _b(body)[:-1] + b","

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
    stdout), and decodes them only for a pure text stream.
    """
    builder = StatementBuilder(options)
    binary = getattr(out, "buffer", None)
    if binary is not None:
        out.flush()
    count = 0
    for attempt in attempts:
        blob = builder.statement_lines(attempt)
        count += len(attempt.answers) + (3 if attempt.row.finished_at and attempt.row.max_points else 1)
        if binary is not None:
            binary.write(blob)
        else:
            out.write(blob.decode("utf-8"))
        if progress:
            progress(1)
    return count
