"""An export to a file replaces it only when complete: a failure keeps what was there."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.export import export_attempts
from tests.export.conftest import Seeded


def test_a_new_export_replaces_the_file_and_leaves_nothing_beside_it(seeded: Seeded, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "grades.csv"
    out.write_text("an older export\n", encoding="utf-8")
    export_attempts(seeded.store, seeded.ids, "csv", out, banks={seeded.bank.id: seeded.bank})
    assert out.read_text(encoding="utf-8").startswith("attempt,learner,")
    assert [p.name for p in folder.iterdir()] == ["grades.csv"]


@pytest.mark.parametrize("fmt", ["csv", "xapi", "json", "html"])
def test_a_failed_export_keeps_the_previous_file(seeded: Seeded, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "export.out"
    out.write_text("the previous export\n", encoding="utf-8")

    def interrupted(done: int) -> None:
        raise KeyboardInterrupt  # as if the user pressed Ctrl+C after the first attempt

    with pytest.raises(KeyboardInterrupt):
        export_attempts(
            seeded.store, seeded.ids, fmt, out, banks={seeded.bank.id: seeded.bank}, progress=interrupted
        )
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    assert [p.name for p in folder.iterdir()] == ["export.out"]
