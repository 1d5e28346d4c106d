"""What the home screen shows of a bank, read without validating it.

Full validation builds pydantic models for every question; a list of banks needs only titles
and counts. Reading those straight from the TOML keeps start-up fast, and the app validates
the banks in the background right after (a bank that fails is then reported and withdrawn).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli

MAX_BANK_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class BankSummary:
    id: str
    title: str
    description: str
    pass_mark: float
    questions: int
    topics: tuple[str, ...]
    path: Path


def iter_bank_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand directories into their ``*.toml`` files, sorted for a stable order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.glob("*.toml") if p.is_file())
        else:
            yield path


def summarise(path: Path) -> BankSummary | None:
    """The bank's headline facts, or None when the file cannot even be read as a bank."""
    try:
        if path.stat().st_size > MAX_BANK_BYTES:
            return None
        data = tomli.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
        return None
    info = data.get("bank")
    questions = data.get("questions")
    if not isinstance(info, dict) or not isinstance(questions, list):
        return None
    defaults = info.get("defaults") if isinstance(info.get("defaults"), dict) else {}
    topics: dict[str, None] = {}
    for question in questions:
        for topic in _topics(question, defaults):
            topics[topic] = None
    return BankSummary(
        id=str(info.get("id", path.stem)),
        title=str(info.get("title", path.stem)),
        description=str(info.get("description", "")),
        pass_mark=float(info.get("pass_mark", 70)),
        questions=len(questions),
        topics=tuple(topics),
        path=path,
    )


def _topics(question: Any, defaults: Any) -> list[str]:
    found = question.get("topics") if isinstance(question, dict) else None
    if found is None and isinstance(defaults, dict):
        found = defaults.get("topics")
    return [t for t in found if isinstance(t, str)] if isinstance(found, list) else []


def summarise_banks(paths: Iterable[Path]) -> list[BankSummary]:
    """Summaries of the banks under ``paths``; the first bank with an id wins, as in loading."""
    seen: dict[str, BankSummary] = {}
    for file in iter_bank_files(paths):
        summary = summarise(file)
        if summary is not None and summary.id not in seen:
            seen[summary.id] = summary
    return list(seen.values())
