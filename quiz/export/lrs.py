"""Send xAPI statements to a Learning Record Store, each statement once.

The store remembers which statement ids each endpoint accepted (table ``lrs_sent``), batch by
batch, so a second push (or one after a failure half-way) sends only what the LRS has not
acknowledged. Statement ids are deterministic, so even a batch that reached the LRS but whose
answer was lost is harmless to resend: xAPI says an LRS keeps the first copy of an identical
statement.

Transient failures (network errors, timeouts, 429 and 5xx gateway answers) are retried with
exponential back-off, honouring ``Retry-After``; anything else stops the push with the LRS's
own words.

An LRS may be slow, broken or hostile, and none of that may hang the push or exhaust memory:
every request has one deadline from connecting to its last byte (a server that drips a byte
every few seconds never trips a per-read timeout), and of an error answer only the first
``ERROR_BODY_LIMIT`` bytes are read, then decompressed with a bound of their own, so a 500 MB
body or a broken gzip one is a line saying what came back.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quiz.bank import Bank
from quiz.errors import QuizError
from quiz.export.xapi import XAPI_VERSION, XapiOptions, iter_statements, read_attempts
from quiz.i18n import _, ngettext
from quiz.infra.controls import visible
from quiz.store import Store

if TYPE_CHECKING:
    import httpx

TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0
ERROR_BODY_LIMIT = 64 * 1024
"""Bytes of an error answer read (and, decompressed, kept): enough for any LRS's message."""
EXCERPT_CHARS = 300


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
    """Seconds one request may take in all: connecting, sending, and the whole answer."""

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
    client: httpx.AsyncClient | None = None,
    on_batch: Callable[[int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PushReport:
    """Send the pending statements in batches; each accepted batch is remembered at once."""
    import httpx

    if config.batch_size < 1:
        raise LrsError(_("the batch size must be at least 1"))
    if not config.endpoint.lower().startswith(("http://", "https://")):
        message = _("the endpoint “{url}” must be an http:// or https:// address")
        raise LrsError(message.format(url=visible(config.endpoint)))
    report = pending_statements(store, attempt_ids, banks, config, options)
    if not report.pending:
        return report
    auth = httpx.BasicAuth(config.username, config.password or "") if config.username else None
    own = client is None
    # One event loop for the whole push: each request runs in it under its own deadline, and the
    # connection is kept from batch to batch.
    with asyncio.Runner() as runner:
        http = client or httpx.AsyncClient(timeout=config.timeout)
        try:
            for start in range(0, len(report.pending), config.batch_size):
                batch = report.pending[start : start + config.batch_size]
                report.retries += _send(runner, http, config, auth, batch, sleep)
                store.mark_sent(config.key, [(p.statement_id, p.attempt_id) for p in batch])
                report.sent += len(batch)
                report.batches += 1
                if on_batch:
                    on_batch(len(batch))
        finally:
            if own:
                runner.run(http.aclose())
    return report


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    retry_after: str
    excerpt: str


def _send(
    runner: asyncio.Runner,
    http: httpx.AsyncClient,
    config: LrsConfig,
    auth: httpx.Auth | None,
    batch: list[Pending],
    sleep: Callable[[float], None],
) -> int:
    """POST one batch until it is accepted; returns how many retries it took."""
    import httpx

    body = ("[" + ",".join(p.text for p in batch) + "]").encode("utf-8")
    url = config.statements_url
    delay = config.backoff
    for attempt in range(config.retries + 1):
        wait = delay
        try:
            answer = runner.run(_post(http, config, auth, body))
        except TimeoutError:
            problem = _("{url} gave no complete answer within {seconds} s").format(
                url=url, seconds=f"{config.timeout:g}"
            )
        except httpx.HTTPError as exc:
            problem = _("cannot reach {url}: {why}").format(
                url=url, why=f"{exc.__class__.__name__}: {visible(str(exc))}"
            )
        else:
            if answer.status in (200, 204):
                return attempt
            problem = _("{url} answered {status}: {why}").format(
                url=url, status=answer.status, why=answer.excerpt or answer.reason
            )
            if answer.status == 413:
                smaller = max(1, len(batch) // 4)
                raise LrsError(
                    _(
                        "{url} answered 413 ({why}): a batch of {n} statements is more than it takes; "
                        "send smaller ones with --batch-size {smaller}"
                    ).format(url=url, why=answer.reason or "Payload Too Large", n=len(batch), smaller=smaller)
                )
            if answer.status not in TRANSIENT_STATUS:
                raise LrsError(problem)
            wait = _retry_after(answer.retry_after, delay)
        if attempt == config.retries:
            tries = config.retries + 1
            gave_up = ngettext(
                "{problem} (gave up after {n} try)", "{problem} (gave up after {n} tries)", tries
            )
            raise LrsError(gave_up.format(problem=problem, n=tries))
        sleep(wait)
        delay *= 2
    raise AssertionError("unreachable")


async def _post(http: httpx.AsyncClient, config: LrsConfig, auth: httpx.Auth | None, body: bytes) -> _Answer:
    """One request under one deadline; of an error answer, a bounded excerpt."""
    import httpx

    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION}
    async with (
        asyncio.timeout(config.timeout),
        http.stream(
            "POST",
            config.statements_url,
            content=body,
            headers=headers,
            auth=auth if auth is not None else httpx.USE_CLIENT_DEFAULT,
        ) as response,
    ):
        if response.status_code in (200, 204):
            excerpt = ""  # the body (statement ids) is not needed
        else:
            raw = bytearray()
            async for chunk in response.aiter_raw():
                raw += chunk
                if len(raw) >= ERROR_BODY_LIMIT:
                    break  # leaving the block closes the connection: the rest is never read
            excerpt = _excerpt(bytes(raw[:ERROR_BODY_LIMIT]), response)
        return _Answer(
            response.status_code, response.reason_phrase, response.headers.get("Retry-After", ""), excerpt
        )


def _retry_after(value: str, default: float) -> float:
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(value)))
    except ValueError:
        return default


def _excerpt(raw: bytes, response: httpx.Response) -> str:
    """The first words of an error body, decompressed within bounds, safe to print on one line."""
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        try:
            raw = zlib.decompressobj(wbits=47).decompress(raw, ERROR_BODY_LIMIT)  # 47: gzip or zlib
        except zlib.error:
            return _("a body sent as {encoding} that does not decompress ({reason})").format(
                encoding=encoding, reason=visible(response.reason_phrase)
            )
    elif encoding not in ("", "identity"):
        return _("a body in {encoding}, not shown ({reason})").format(
            encoding=visible(encoding), reason=visible(response.reason_phrase)
        )
    try:
        decoded = raw.decode(response.charset_encoding or "utf-8", errors="replace")
    except LookupError:  # a charset Python does not know
        decoded = raw.decode("utf-8", errors="replace")
    text = " ".join(decoded.split())
    text = visible(text)
    if len(text) > EXCERPT_CHARS:
        text = text[:EXCERPT_CHARS] + "..."
    return text
