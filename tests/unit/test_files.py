"""Files users name are written whole or not at all, and failures are one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.infra.files import WriteError, replacing, write_text


def test_a_new_file_is_written_and_nothing_is_left_beside_it(tmp_path: Path) -> None:
    write_text(tmp_path / "out.txt", "Vilnius\r\n", newline="")
    assert (tmp_path / "out.txt").read_bytes() == b"Vilnius\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def _write_then_fail(path: Path, error: BaseException) -> None:
    with replacing(path) as stream:
        stream.write("half of a new ")
        raise error


def test_a_failure_half_way_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    out.write_text("last week's report\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        _write_then_fail(out, KeyboardInterrupt())
    assert out.read_text(encoding="utf-8") == "last week's report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_a_write_error_names_the_file_and_keeps_it(tmp_path: Path) -> None:
    out = tmp_path / "grades.csv"
    out.write_text("old grades\n", encoding="utf-8")
    with pytest.raises(WriteError, match=r"cannot write .*grades\.csv: No space left on device"):
        _write_then_fail(out, OSError(28, "No space left on device"))
    assert out.read_text(encoding="utf-8") == "old grades\n"


def test_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match=r"cannot write .*nowhere.*No such file or directory"):
        write_text(tmp_path / "nowhere" / "out.txt", "text")


def test_a_closed_pipe_is_not_turned_into_an_error_message(tmp_path: Path) -> None:
    with pytest.raises(BrokenPipeError):
        _write_then_fail(tmp_path / "out.txt", BrokenPipeError())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_is_written_in_place() -> None:
    write_text(Path("/dev/null"), "discarded")
    assert Path("/dev/null").exists()
