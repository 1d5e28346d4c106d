"""Exports split over processes: the same bytes as one process writes, progress, errors, choice."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TextIO

import pytest

from quiz.errors import QuizError
from quiz.export import ExportOptions, export_attempts
from quiz.export import parts as parts_module
from quiz.export.data import Progress
from quiz.export.parts import MIN_ATTEMPTS_PER_PART, choose_parts, write_in_parts
from quiz.store import Store
from tests.export.conftest import Seeded

LINE_FORMATS = [("xapi", ExportOptions()), ("csv", ExportOptions(answers=True))]


@pytest.mark.parametrize(("fmt", "options"), LINE_FORMATS, ids=["xapi", "csv-answers"])
@pytest.mark.parametrize("parts", [2, 5])
def test_parts_write_the_bytes_one_process_writes(
    seeded: Seeded, tmp_path: Path, fmt: str, options: ExportOptions, parts: int
) -> None:
    banks = {seeded.bank.id: seeded.bank}
    alone, split = tmp_path / "alone", tmp_path / "split"
    one = export_attempts(seeded.store, seeded.ids, fmt, alone, banks=banks, options=options, parts=1)
    many = export_attempts(seeded.store, seeded.ids, fmt, split, banks=banks, options=options, parts=parts)
    assert split.read_bytes() == alone.read_bytes()
    assert many.records == one.records > len(seeded.ids)
    # Multi-byte names (Lithuanian, Japanese) cross the seams between parts intact.
    assert "山田 太郎" in split.read_text(encoding="utf-8")


def test_progress_counts_every_attempt_once(seeded: Seeded, tmp_path: Path) -> None:
    ticks: list[int] = []
    export_attempts(
        seeded.store,
        seeded.ids,
        "xapi",
        tmp_path / "out.jsonl",
        banks={seeded.bank.id: seeded.bank},
        progress=ticks.append,
        parts=3,
    )
    assert sum(ticks) == len(seeded.ids)
    assert all(tick > 0 for tick in ticks)


def _fail_in_children(
    store: Store, ids: list[int], out: TextIO, first: bool, progress: Progress | None
) -> int:
    if not first:
        raise QuizError(f"cannot write attempts {ids}")
    out.write("first part\n")
    return len(ids)


def test_an_error_in_a_child_reaches_the_caller(seeded: Seeded, tmp_path: Path) -> None:
    failing = pytest.raises(QuizError, match="cannot write")
    with (tmp_path / "out").open("w", encoding="utf-8") as out, failing:
        write_in_parts(seeded.store, seeded.ids, out, _fail_in_children, parts=2)


@pytest.fixture
def splittable(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Linux machine with 4 CPUs and no other thread, whatever runs the tests."""
    monkeypatch.setattr(parts_module.sys, "platform", "linux")
    monkeypatch.setattr(parts_module, "available_cpus", lambda: 4)
    monkeypatch.setattr(parts_module.threading, "active_count", lambda: 1)


@pytest.mark.usefixtures("splittable")
def test_large_exports_to_a_file_use_every_cpu(store: Store, tmp_path: Path) -> None:
    with (tmp_path / "out").open("w", encoding="utf-8") as out:
        assert choose_parts(store, 100 * MIN_ATTEMPTS_PER_PART, out) == 4
        assert choose_parts(store, 2 * MIN_ATTEMPTS_PER_PART, out) == 2
        assert choose_parts(store, MIN_ATTEMPTS_PER_PART, out) == 1


@pytest.mark.usefixtures("splittable")
def test_no_split_where_fork_is_unsafe_or_impossible(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = 100 * MIN_ATTEMPTS_PER_PART
    assert choose_parts(store, many, io.StringIO()) == 1  # no binary buffer to append parts to
    with Store(":memory:") as memory, (tmp_path / "out").open("w", encoding="utf-8") as out:
        assert choose_parts(memory, many, out) == 1  # a child cannot open this database
        monkeypatch.setattr(parts_module.threading, "active_count", lambda: 2)
        assert choose_parts(store, many, out) == 1  # the TUI exports from a worker thread
        monkeypatch.setattr(parts_module.threading, "active_count", lambda: 1)
        monkeypatch.setattr(parts_module.sys, "platform", "darwin")
        assert choose_parts(store, many, out) == 1


def _disk_full_in_children(
    store: Store, ids: list[int], out: TextIO, first: bool, progress: Progress | None
) -> int:
    if not first:
        raise OSError(28, "No space left on device")
    return len(ids)


def test_a_full_temporary_folder_says_where_and_what_to_do(seeded: Seeded, tmp_path: Path) -> None:
    failing = pytest.raises(QuizError, match=r"part of the export to .*No space left.*--jobs 1")
    with (tmp_path / "out").open("w", encoding="utf-8") as out, failing:
        write_in_parts(seeded.store, seeded.ids, out, _disk_full_in_children, parts=2)
