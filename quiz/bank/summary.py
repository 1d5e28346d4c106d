"""What the home screen shows of a bank, read without validating it.

Full validation builds pydantic models for every question; a list of banks needs only titles
and counts. Reading those straight from the TOML keeps start-up fast, and the app validates
the banks in the background right after (a bank that fails is then reported and withdrawn).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import tomli

from quiz.i18n import match_language
from quiz.infra.controls import CONTROL
from quiz.infra.reading import ReadError, read_limited

TRANSLATION_NAME = re.compile(r"^(?P<bank>.+)\.(?P<language>[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\.toml$")
"""A translation file's name: ``<bank>.<language>.toml`` (``disinformation.lt.toml``)."""

MAX_BANK_BYTES = 64 * 1024 * 1024
"""The largest bank file read: 10,000 questions with explanations and sources are about 14 MB."""


Translated = tuple[str, str, str, tuple[tuple[str, str], ...]]
"""A translation as the home screen reads it: language, title, description, (topic, words)."""


@dataclass(frozen=True)
class BankSummary:
    id: str
    title: str
    description: str
    pass_mark: float
    questions: int
    topics: tuple[str, ...]
    path: Path
    facts_as_of: date | None = None
    language: str = "en"
    translated: tuple[Translated, ...] = ()
    """(language, title, description, topics) of each translation beside the bank, from its
    ``[translation]`` table: a learner of that language reads them from the first frame,
    before validation (which withdraws a translation that fails, as it does a bank)."""

    def in_language(self, language: str | None) -> BankSummary:
        """The summary as a learner of ``language`` reads it (``Bank.in_language``'s rule)."""
        if not language or match_language(language, [self.language]):
            return self
        tag = match_language(language, [found[0] for found in self.translated])
        if tag is None:
            return self
        _, title, description, topics = next(found for found in self.translated if found[0] == tag)
        names = dict(topics)
        return replace(
            self,
            title=title,
            description=description or self.description,
            topics=tuple(names.get(topic, topic) for topic in self.topics),
        )


def translation_name(path: Path) -> tuple[str, str] | None:
    """(bank id, language) when ``path`` is a translation file: ``<bank>.<language>.toml`` with
    ``<bank>.toml`` beside it. Without the bank beside it, the file is read as a bank (and says
    what it is)."""
    found = TRANSLATION_NAME.match(path.name)
    if found is None or not (path.parent / f"{found['bank']}.toml").is_file():
        return None
    return found["bank"], found["language"]


def translation_files(bank_path: Path) -> list[Path]:
    """The translation files of the bank at ``bank_path``, in a stable order."""
    try:
        siblings = sorted(bank_path.parent.glob(f"{glob_escape(bank_path.stem)}.*.toml"))
    except OSError:
        return []
    stem = bank_path.stem
    return [
        path for path in siblings if (named := TRANSLATION_NAME.match(path.name)) and named["bank"] == stem
    ]


def glob_escape(text: str) -> str:
    """``text`` matched literally by ``Path.glob``."""
    return re.sub(r"([*?\[])", r"[\1]", text)


def iter_bank_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand directories into their ``*.toml`` entries, sorted for a stable order.

    Everything but a folder is given, pipes, devices and broken links included: reading it
    then says what is wrong with it, where skipping it here would say nothing. A folder's
    translation files (``disinformation.lt.toml``) are its banks' words, not banks: left out.
    """
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.glob("*.toml") if not p.is_dir() and translation_name(p) is None
            )
        else:
            yield path


def decode_toml(raw: bytes) -> tuple[str, dict[str, Any]]:
    """The text of a bank file and its TOML data; a UTF-8 byte-order mark is allowed.

    Raises ``UnicodeDecodeError``, ``RecursionError`` (nested too deeply) or ``ValueError``
    (``tomli.TOMLDecodeError``, or an integer too long to convert).
    """
    text = raw.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, tomli.loads(text)


def summarise(path: Path) -> BankSummary | None:
    """The bank's headline facts, or None when the file cannot even be read as a bank."""
    try:
        _, data = decode_toml(read_limited(path, MAX_BANK_BYTES))
    except (ReadError, UnicodeDecodeError, RecursionError, ValueError):
        return None
    info = data.get("bank")
    questions = data.get("questions")
    if not isinstance(info, dict) or not isinstance(questions, list):
        return None
    shown = [info.get("id", ""), info.get("title", ""), info.get("description", "")]
    if any(not isinstance(text, str) or CONTROL.search(text) for text in shown):
        return None  # not shown even for a moment: validation would withdraw it
    defaults = info.get("defaults") if isinstance(info.get("defaults"), dict) else {}
    topics: dict[str, None] = {}
    for question in questions:
        for topic in _topics(question, defaults):
            if CONTROL.search(topic):
                return None
            topics[topic] = None
    language = info.get("language", "en")
    return BankSummary(
        id=str(info.get("id", path.stem)),
        title=str(info.get("title", path.stem)),
        description=str(info.get("description", "")),
        pass_mark=_number(info.get("pass_mark"), 70.0),
        questions=len(questions),
        topics=tuple(topics),
        path=path,
        facts_as_of=_day(info.get("facts_as_of")),
        language=language if isinstance(language, str) else "en",
        translated=tuple(found for file in translation_files(path) if (found := _translated(file))),
    )


def _translated(path: Path) -> Translated | None:
    """(language, title, description, topics) of a translation file's ``[translation]`` table."""
    try:
        _, data = decode_toml(read_limited(path, MAX_BANK_BYTES))
    except (ReadError, UnicodeDecodeError, RecursionError, ValueError):
        return None
    table = data.get("translation")
    if not isinstance(table, dict):
        return None
    shown = [table.get("language"), table.get("title"), table.get("description", "")]
    if any(not isinstance(text, str) or CONTROL.search(text) for text in shown) or not shown[1]:
        return None  # validation says what is wrong; until then the bank's own words are shown
    topics = table.get("topics")
    words = tuple(
        (topic, word)
        for topic, word in (topics.items() if isinstance(topics, dict) else ())
        if isinstance(word, str) and word and not CONTROL.search(word)
    )
    return shown[0], shown[1], shown[2], words


def _day(value: Any) -> date | None:
    """The cut-off as TOML gives it (a date, or an ISO string); anything else waits for validation."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _number(value: object, default: float) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:
            return default
        return number if number == number and abs(number) != float("inf") else default
    return default


def _topics(question: Any, defaults: Any) -> list[str]:
    found = question.get("topics") if isinstance(question, dict) else None
    if found is None and isinstance(defaults, dict):
        found = defaults.get("topics")
    return [t for t in found if isinstance(t, str)] if isinstance(found, list) else []


def summarise_banks(paths: Iterable[Path], cache: Path | None = None) -> list[BankSummary]:
    """Summaries of the banks under ``paths``; the first bank with an id wins, as in loading.

    With a ``cache`` file, a bank whose size and modification time have not changed since the
    last start is not read again: the home screen of a returning learner appears without
    parsing every bank.
    """
    known = _read_cache(cache)
    fresh: dict[str, Any] = {}
    seen: dict[str, BankSummary] = {}
    for file in iter_bank_files(paths):
        try:
            stat = file.stat()
        except OSError:
            continue
        key, stamp = str(file), [stat.st_mtime_ns, stat.st_size, *_stamps(translation_files(file))]
        cached = known.get(key)
        summary = _from_json(cached[1], file) if cached is not None and cached[0] == stamp else None
        if summary is None:  # new, changed, or cached in a form this version does not read
            summary = summarise(file)
        if summary is None:
            continue
        fresh[key] = [stamp, _to_json(summary)]
        seen.setdefault(summary.id, summary)
    if cache is not None and fresh != known:
        _write_cache(cache, fresh)
    return list(seen.values())


def _stamps(files: list[Path]) -> list[Any]:
    """What tells a changed translation file from the one summarised (its name, time, size)."""
    stamps: list[Any] = []
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            continue
        stamps.append([file.name, stat.st_mtime_ns, stat.st_size])
    return stamps


def _to_json(summary: BankSummary) -> dict[str, Any]:
    """The summary as the cache file holds it (lists, as JSON reads them back: an unchanged
    catalog compares equal and is not written again)."""
    data = asdict(summary)
    del data["path"]
    data["facts_as_of"] = summary.facts_as_of.isoformat() if summary.facts_as_of else None
    data["topics"] = list(summary.topics)
    data["translated"] = [[*found[:3], [list(pair) for pair in found[3]]] for found in summary.translated]
    return data


def _from_json(data: Any, path: Path) -> BankSummary | None:
    try:
        day = _day(data.get("facts_as_of"))
        translated = tuple(
            (str(a), str(b), str(c), tuple((str(topic), str(word)) for topic, word in d))
            for a, b, c, d in data.get("translated", ())
        )
        fields = {**data, "topics": tuple(data["topics"]), "facts_as_of": day, "translated": translated}
        return BankSummary(**fields, path=path)
    except (TypeError, KeyError, ValueError):
        return None


def _read_cache(cache: Path | None) -> dict[str, Any]:
    if cache is None:
        return {}
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_cache(cache: Path, data: dict[str, Any]) -> None:
    from quiz.infra.files import WriteError, write_text

    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        write_text(cache, json.dumps(data, ensure_ascii=False))  # whole: no app reads half a file
    except (OSError, WriteError):
        pass  # a cache that cannot be written only costs speed
