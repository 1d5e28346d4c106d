"""Choosing attempts to export or push: by learner, bank, date range, mode or live session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from quiz.errors import QuizError
from quiz.i18n import _
from quiz.i18n.lists import alternatives
from quiz.store import Store


class SelectionError(QuizError):
    """A filter that names nothing, or a date that is not a date."""


@dataclass(frozen=True)
class AttemptFilter:
    learners: Sequence[str] = ()
    """Names, emails or usernames (case-insensitive); any of them matches."""
    bank: str | None = None
    mode: str | None = None
    session: str | None = None
    since: str | None = None
    """A date (YYYY-MM-DD) or ISO 8601 time; attempts started then or later."""
    until: str | None = None
    """A date (that whole day included) or ISO 8601 time (excluded)."""
    include_unfinished: bool = False


def parse_when(value: str, *, end: bool = False) -> str:
    """An ISO UTC string comparable with the stored ``started_at``; a date alone means its start
    (or, for ``end``, the start of the next day)."""
    text = value.strip()
    latest = datetime.max.replace(tzinfo=UTC)
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
            if end:
                moment = moment + timedelta(days=1) if day < date.max else latest  # 9999-12-31: no end
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
    except ValueError:
        raise SelectionError(
            _("{value} is not a date (YYYY-MM-DD) or ISO 8601 time").format(value=repr(value))
        ) from None
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        # Within hours of year 1 or 9999, a time zone can push UTC out of range: the nearest end.
        utc = datetime.min.replace(tzinfo=UTC) if moment.year == 1 else latest
    return utc.isoformat(timespec="milliseconds")


def select_attempts(store: Store, chosen: AttemptFilter) -> list[int]:
    """Ids of the attempts matching every filter, oldest first."""
    since = parse_when(chosen.since) if chosen.since else None
    until = parse_when(chosen.until, end=True) if chosen.until else None
    learner_ids: set[int] | None = None
    if chosen.learners:
        wanted = {w.strip().casefold() for w in chosen.learners}
        learner_ids = {
            lr.id
            for lr in store.learners()
            if {lr.name.casefold(), lr.email.casefold(), lr.username.casefold()} & wanted
        }
        if not learner_ids:
            names = alternatives(chosen.learners)
            raise SelectionError(
                _("no learner named {names} (by name, email or username)").format(names=names)
            )
    keys = store.attempt_keys(
        bank_id=chosen.bank,
        mode=chosen.mode,
        session_code=chosen.session,
        since=since,
        until=until,
        finished=None if chosen.include_unfinished else True,
    )
    return [attempt for attempt, learner, _ in keys if learner_ids is None or learner in learner_ids]
