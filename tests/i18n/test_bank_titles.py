"""A bank's title in the learner's language wherever it is named: the resume dialog, History,
the options dialog, a past attempt, `quiz banks` and plain mode's resume line (they showed the
English title where the bank has a translation)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from quiz.bank import load_bank
from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.frontends.plain.session import run_plain
from quiz.frontends.tui import AppSettings, make_app
from quiz.i18n import set_language
from quiz.services.attempts import start_attempt
from quiz.store import Store
from tests.conftest import FIXTURES, FakeClock
from tests.i18n.test_no_string_left_out import screen_text
from tests.tui.conftest import reach, until
from tests.unit.playing import take

MINI = FIXTURES / "translated" / "mini.toml"
LT, EN = "Mažas patikrinimas", "Mini check"


def _unfinished(db: Path, language: str | None = None, *, finished: bool = False) -> None:
    with Store(db) as store:
        learner = store.remember_learner("Ona")
        if finished:  # one for History, which lists finished attempts
            take(store, load_bank(MINI), learner, lambda question: None)
        request = StartRequest(bank="mini", mode=Mode.practice, language=language)
        start_attempt(store, load_bank(MINI), learner, request)


async def test_the_resume_dialog_history_and_options_name_the_bank_in_the_language(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    _unfinished(db, finished=True)
    settings = AppSettings(db, [MINI], name="Ona", language="lt")
    app = make_app(settings, clock=FakeClock())
    seen = {}
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: type(app.screen).__name__ == "ResumeDialog")
            await pilot.pause()
            seen["resume"] = screen_text(app)  # offered on start, before the banks are validated
            for key, screen, where in (("h", "HistoryScreen", "history"), ("p", "OptionsDialog", "options")):
                await reach(pilot, "HomeScreen", press="escape")
                await reach(pilot, screen, press=key)
                seen[where] = screen_text(app)
    finally:
        set_language("en")
    for where, text in seen.items():
        assert LT in text, f"{where}:\n{text}"
        assert EN not in text, f"{where}:\n{text}"


def test_quiz_banks_lists_the_title_in_the_language(tmp_path: Path) -> None:
    from quiz.cli import cli

    env = {"QUIZ_HOME": str(tmp_path), "LANG": "C", "LANGUAGE": "", "LC_ALL": ""}
    (tmp_path / "banks").mkdir()
    for path in MINI.parent.glob("mini*.toml"):
        (tmp_path / "banks" / path.name).write_bytes(path.read_bytes())
    try:
        lithuanian = CliRunner().invoke(cli, ["banks", "--lang", "lt"], env=env)
        english = CliRunner().invoke(cli, ["banks"], env=env)
    finally:
        set_language("en")
    assert LT in lithuanian.output, lithuanian.output
    assert EN not in lithuanian.output
    assert EN in english.output


def test_plain_mode_names_the_unfinished_attempts_bank_in_the_language(tmp_path: Path) -> None:
    import io

    db = tmp_path / "q.db"
    _unfinished(db)
    out = io.StringIO()
    set_language("lt")
    try:
        with Store(db) as store:
            learner = store.remember_learner("Ona")
            request = StartRequest(bank="mini", mode=Mode.practice, language="lt")
            run_plain(store, load_bank(MINI), learner, request, inp=io.StringIO("q\n"), out=out, width=200)
    finally:
        set_language("en")
    first = out.getvalue().splitlines()[0]
    assert LT in first, out.getvalue()
    assert EN not in first


def _taken_in_english(tmp_path: Path) -> dict[str, str]:
    """One attempt on the translated bank, taken in English; the environment of every command."""
    from quiz.cli import cli

    env = {"QUIZ_HOME": str(tmp_path), "LANG": "C", "LANGUAGE": "", "LC_ALL": "", "COLUMNS": "200"}
    (tmp_path / "banks").mkdir()
    for path in MINI.parent.glob("mini*.toml"):
        (tmp_path / "banks" / path.name).write_bytes(path.read_bytes())
    took = CliRunner().invoke(
        cli, ["take", "mini", "--plain", "--no-shuffle", "--name", "Ona"], input="1\n1,2\n1\n2\n", env=env
    )
    assert took.exit_code == 0, took.output
    return env


def test_the_html_report_names_the_bank_in_the_reports_language(tmp_path: Path) -> None:
    """The header ("1 attempt on Mini check") and the attempt's row, though taken in English."""
    from quiz.cli import cli

    env = _taken_in_english(tmp_path)
    try:
        result = CliRunner().invoke(cli, ["export", "--format", "html", "--lang", "lt"], env=env)
    finally:
        set_language("en")
    assert result.exit_code == 0, result.output
    assert LT in result.output
    assert EN not in result.output


def test_quiz_report_names_the_bank_in_the_language(tmp_path: Path) -> None:
    from quiz.cli import cli

    env = _taken_in_english(tmp_path)
    try:
        lithuanian = CliRunner().invoke(cli, ["report", "mini", "--lang", "lt"], env=env)
    finally:
        set_language("en")
    assert lithuanian.exit_code == 0, lithuanian.output
    assert f"{LT} (mini)" in lithuanian.output.splitlines()[0], lithuanian.output
    assert EN not in lithuanian.output
