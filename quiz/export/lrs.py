"""Send xAPI statements to a Learning Record Store, each statement once.

The store remembers which statement ids each endpoint accepted (table ``lrs_sent``), batch by
batch, so a second push (or one after a failure half-way) sends only what the LRS has not
acknowledged. Statement ids are deterministic, so even a batch that reached the LRS but whose
answer was lost is harmless to resend: xAPI says an LRS keeps the first copy of an identical
statement.

Transient failures (network errors, timeouts, 429 and 5xx gateway answers) are retried with
exponential back-off, honouring ``Retry-After``; anything else stops the push with the LRS's
own words.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quiz.bank import Bank
from quiz.errors import QuizError
from quiz.export.xapi import XAPI_VERSION, XapiOptions, iter_statements, read_attempts
from quiz.store import Store

if TYPE_CHECKING:
    import httpx

TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0


class LrsError(QuizError):
    """The LRS refused the statements, or could not be reached after every retry."""


@dataclass(frozen=True)
class LrsConfig:
    endpoint: str
    """The LRS's xAPI base, e.g. ``https://lrs.example.org/xAPI``; statements go to ``/statements``."""
    username: str | None = None
    password: str | None = None
    batch_size: int = 100
    retries: int = 4
    """How many times one batch is tried again after a transient failure."""
    backoff: float = 0.5
    """Seconds before the first retry, doubled for each further one."""
    timeout: float = 30.0

    @property
    def key(self) -> str:
        """How the store names this endpoint when remembering what it was sent."""
        return self.endpoint.rstrip("/")

    @property
    def statements_url(self) -> str:
        return f"{self.key}/statements"


@dataclass
class Pending:
    statement_id: str
    attempt_id: int
    text: str


@dataclass
class PushReport:
    statements: int = 0
    """Statements built for the chosen attempts."""
    already_sent: int = 0
    sent: int = 0
    batches: int = 0
    retries: int = 0
    pending: list[Pending] = field(default_factory=list)


def pending_statements(
    store: Store,
    attempt_ids: Iterable[int],
    banks: Mapping[str, Bank],
    config: LrsConfig,
    options: XapiOptions | None = None,
) -> PushReport:
    """What a push would send: every statement of these attempts the endpoint has not accepted."""
    sent = store.sent_statement_ids(config.key)
    report = PushReport()
    for attempt_id, statements in iter_statements(read_attempts(store, attempt_ids, banks), options):
        for statement_id, text in statements:
            report.statements += 1
            if statement_id in sent:
                report.already_sent += 1
            else:
                report.pending.append(Pending(statement_id, attempt_id, text))
    return report


def push(
    store: Store,
    attempt_ids: Iterable[int],
    banks: Mapping[str, Bank],
    config: LrsConfig,
    options: XapiOptions | None = None,
    *,
    client: httpx.Client | None = None,
    on_batch: Callable[[int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PushReport:
    """Send the pending statements in batches; each accepted batch is remembered at once."""
    import httpx

    if config.batch_size < 1:
        raise LrsError("the batch size must be at least 1")
    report = pending_statements(store, attempt_ids, banks, config, options)
    if not report.pending:
        return report
    auth = httpx.BasicAuth(config.username, config.password or "") if config.username else None
    own = client is None
    http = client or httpx.Client(timeout=config.timeout)
    try:
        for start in range(0, len(report.pending), config.batch_size):
            batch = report.pending[start : start + config.batch_size]
            report.retries += _send(http, config, auth, batch, sleep)
            store.mark_sent(config.key, [(p.statement_id, p.attempt_id) for p in batch])
            report.sent += len(batch)
            report.batches += 1
            if on_batch:
                on_batch(len(batch))
    finally:
        if own:
            http.close()
    return report


def _send(
    http: httpx.Client,
    config: LrsConfig,
    auth: httpx.Auth | None,
    batch: list[Pending],
    sleep: Callable[[float], None],
) -> int:
    """POST one batch until it is accepted; returns how many retries it took."""
    import httpx

    body = ("[" + ",".join(p.text for p in batch) + "]").encode("utf-8")
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION}
    delay = config.backoff
    for attempt in range(config.retries + 1):
        wait = delay
        try:
            response = http.post(
                config.statements_url,
                content=body,
                headers=headers,
                auth=auth if auth is not None else httpx.USE_CLIENT_DEFAULT,
            )
        except httpx.TransportError as exc:
            problem = f"cannot reach {config.statements_url}: {exc.__class__.__name__}: {exc}"
        else:
            if response.status_code in (200, 204):
                return attempt
            problem = f"{config.statements_url} answered {response.status_code}: {_excerpt(response)}"
            if response.status_code not in TRANSIENT_STATUS:
                raise LrsError(problem)
            wait = _retry_after(response, delay)
        if attempt == config.retries:
            tries = config.retries + 1
            raise LrsError(f"{problem} (gave up after {tries} tr{'y' if tries == 1 else 'ies'})")
        sleep(wait)
        delay *= 2
    raise AssertionError("unreachable")


def _retry_after(response: httpx.Response, default: float) -> float:
    value = response.headers.get("Retry-After", "")
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(value)))
    except ValueError:
        return default


def _excerpt(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    return text[:300] + ("..." if len(text) > 300 else "") if text else response.reason_phrase
