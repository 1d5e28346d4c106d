"""The time rules of an attempt, in one place: its deadline, its duration, and how both read.

Every front end and every export asks here, so the results screen, History, plain mode and
the csv, json and xAPI exports show one duration for one attempt: the wall-clock time from
its start to its end. A timed attempt ends at its deadline at the latest, even when it is
scored later (the learner was away, or answered after the time was up).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from quiz.i18n import _
from quiz.i18n.numbers import with_unit

Clock = Callable[[], datetime]
"""The app's "now", passed down, so that a test moves time instead of waiting for it."""


def utc_now() -> datetime:
    """The real clock, the default wherever a clock is injected."""
    return datetime.now(UTC)


def parse_time(value: str) -> datetime:
    """A stored ISO timestamp (always with its UTC offset) as an aware datetime."""
    return datetime.fromisoformat(value)


def deadline(started_at: str | datetime, limit_seconds: float | None) -> datetime | None:
    """When an attempt started at ``started_at`` with this limit runs out; None when untimed."""
    if not limit_seconds:
        return None
    start = parse_time(started_at) if isinstance(started_at, str) else started_at
    return start + timedelta(seconds=limit_seconds)


def duration_seconds(started_at: str, finished_at: str | None) -> float | None:
    """How long an attempt took; None while it is unfinished."""
    if not finished_at:
        return None
    return max(0.0, (parse_time(finished_at) - parse_time(started_at)).total_seconds())


def duration_text(seconds: float) -> str:
    """A duration for people: ``45 s``, ``4 min 05 s``, ``1 h 02 min``."""
    whole = round(seconds)
    if whole < 60:
        return with_unit(_("{s} s"), s=whole)
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return with_unit(_("{m} min {s} s"), m=minutes, s=f"{secs:02d}")
    hours, minutes = divmod(minutes, 60)
    return with_unit(_("{h} h {m} min"), h=hours, m=f"{minutes:02d}")


def clock_text(seconds: float) -> str:
    """Time left on a countdown as ``m:ss`` (``h:mm:ss`` from an hour): never "0 min" for 30 s."""
    whole = max(0, math.ceil(seconds))  # a countdown shows 0:00 only when the time is up
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes}:{secs:02d}"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
