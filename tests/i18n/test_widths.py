"""Full-width text keeps its columns: measured in terminal cells, never with len()."""

from __future__ import annotations

import io

from click.testing import CliRunner
from wcwidth import wcswidth

from quiz.bank import load_bank
from quiz.cli import cli
from quiz.engine.request import StartRequest
from quiz.frontends.plain.session import PlainSession, run_plain
from quiz.i18n.width import cells, ljust, truncate, wrap
from quiz.store import Store
from tests.conftest import FIXTURES

MINI = FIXTURES / "translated" / "mini.toml"


def test_cells_ljust_and_truncate_count_columns() -> None:
    assert cells("田中") == 4
    assert ljust("田中", 6) == "田中  "
    assert cells(truncate("情報源になりすます", 9)) <= 9
    assert truncate("Ona", 9) == "Ona"


def test_japanese_wraps_between_characters_within_the_width() -> None:
    text = (
        "なりすましは、あなたが信頼する情報源の見た目を借ります。"
        "横読みと元の情報源を探すことの両方が役立ちます。"
    )
    lines = wrap(text, 24, "  1. ", "     ")
    assert len(lines) > 2
    assert all(cells(line) <= 24 for line in lines)
    assert "".join(line.strip().removeprefix("1. ") for line in lines) == text
    assert not any(line.lstrip().startswith(("、", "。")) for line in lines[1:])  # kinsoku
    # English wraps as before, at spaces.
    assert wrap("Which technique fakes a trusted source?", 20) == [
        "Which technique",
        "fakes a trusted",
        "source?",
    ]


def test_plain_mode_in_japanese_stays_inside_the_terminal(store: Store) -> None:
    bank = load_bank(MINI)
    out = io.StringIO()
    request = StartRequest(bank="mini", shuffle=False, language="ja")
    run_plain(store, bank, store.remember_learner("Aiko"), request, inp=io.StringIO("1\n"), out=out, width=40)
    shown = out.getvalue().splitlines()
    assert any("信頼できる情報源" in line for line in shown)
    assert all(cells(line) <= 40 for line in shown), [line for line in shown if cells(line) > 40]
    assert PlainSession(io.StringIO(), io.StringIO(), 40).width == 40


def test_command_tables_align_full_width_names(tmp_path: object, quiz_home: object) -> None:
    import shutil
    from pathlib import Path

    banks = Path(str(quiz_home)) / "banks"
    banks.mkdir(parents=True)
    text = (MINI).read_text(encoding="utf-8").replace('title = "Mini check"', 'title = "ミニ・チェック"')
    (banks / "mini.toml").write_text(text, encoding="utf-8")
    shutil.copy(MINI.with_name("mini.ja.toml"), banks / "mini.ja.toml")
    result = CliRunner().invoke(cli, ["banks"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header, mini = lines[0], next(line for line in lines if line.startswith("mini "))
    # The QUESTIONS column starts at the same terminal column in the header and the row.
    column = header.index("QUESTIONS")
    before = mini[: len(mini) - len(mini.lstrip())]  # no indent
    start = next(i for i in range(len(mini)) if wcswidth(mini[:i]) >= column)
    assert before == ""
    assert mini[start:].startswith("4 ")
