"""One figure as a front end shows it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A label, the value as text, and what it means; ``key`` and ``value`` for machines."""

    key: str
    label: str
    value: float | None
    text: str
    meaning: str
