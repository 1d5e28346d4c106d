"""A past attempt, its HTML report and the host's screen show the bank in the language read.

An attempt stores the language it was taken in; the past-attempt screen and the HTML report
read the bank's translation into it (the questions, the explanations, the answers' words), as
the learner saw it. The host screen reads its session in the host's own language, as each
learner's screen does in theirs (the headline kind's "Reliable" and "Manipulative" too).
"""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from quiz.bank import load_bank
from quiz.cli import cli
from quiz.export import export_attempts
from quiz.frontends.tui import AppSettings, HostRequest, make_app
from quiz.frontends.tui import messages as m
from quiz.i18n import set_language
from quiz.live.hosting import HostSpec
from quiz.live.room import LiveOptions
from quiz.store import Store
from tests.conftest import FIXTURES, FakeClock
from tests.tui.conftest import until

MINI = FIXTURES / "translated" / "mini.toml"
# With --no-shuffle the order is single, multiple, true_false, headline; the single and the
# headline answered wrong, so the report lists them as missed.
SOME_WRONG = "2\n1,2\n1\n1\n"
LT_SINGLE = "Kuris metodas apsimeta patikimu šaltiniu?"
EN_SINGLE = "Which technique fakes a trusted source?"


def _taken_in_lithuanian(db: Path) -> int:
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), "--lang", "lt", "take", str(MINI), "--plain", "--no-shuffle", "--name", "Ona"],
        input=SOME_WRONG,
        env={"COLUMNS": "200", "LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": ""},
    )
    assert result.exit_code == 0, result.output
    set_language("en")
    with Store(db) as store:
        (row,) = store.attempts()
        assert row.language == "lt"
        return row.id


def _screen_text(app: object) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())  # type: ignore[attr-defined]


async def test_a_past_attempt_shows_the_questions_in_the_language_it_was_taken_in(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    attempt_id = _taken_in_lithuanian(db)
    app = make_app(AppSettings(db, [MINI], name="Ona", language="en"), clock=FakeClock())
    async with app.run_test(size=(100, 60)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        app.post_message(m.OpenAttempt(attempt_id))
        await until(pilot, lambda: type(app.screen).__name__ == "AttemptScreen")
        await pilot.pause()
        shown = _screen_text(app)
    assert LT_SINGLE in shown
    assert "Apsimetinėjimas" in shown  # the choices
    assert "Apsimetinėjimas pasiskolina" in shown  # and the explanation
    assert "Patikima" in shown
    assert "Manipuliatyvi" in shown
    assert EN_SINGLE not in shown
    assert "Reliable" not in shown


def test_the_html_report_shows_the_missed_questions_as_the_learner_read_them(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    attempt_id = _taken_in_lithuanian(db)
    bank = load_bank(MINI)
    out = io.StringIO()
    with Store(db) as store:
        export_attempts(store, [attempt_id], "html", out, banks={bank.id: bank})
    html = out.getvalue()
    assert LT_SINGLE in html
    assert "Apsimetinėjimas pasiskolina" in html  # the explanation
    assert EN_SINGLE not in html
    assert "Manipuliatyvi" in html  # the answers' words too (the headline was missed)
    assert "Patikima" in html


async def test_the_host_screen_shows_the_session_in_the_hosts_language(tmp_path: Path) -> None:
    from textual.widgets import ContentSwitcher

    from quiz.frontends.tui.screens.live_host import HostScreen

    spec = HostSpec(str(MINI), options=LiveOptions(seed=7, shuffle=False, time_limit=30.0), port=0)
    app = make_app(AppSettings(tmp_path / "host.db", [MINI], host=HostRequest(spec), language="lt"))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, HostScreen) and app.screen.welcome is not None)
        screen = app.screen
        assert isinstance(screen, HostScreen)
        switcher = screen.query_one(ContentSwitcher)
        title = str(screen.query_one("#live-title").render())
        await pilot.press("s")
        await until(pilot, lambda: switcher.current == "host-question")
        await pilot.pause()
        first = _screen_text(app)
        reveals = []
        for _step in range(3):  # to the headline: reveal, next
            await pilot.press("r")
            await until(pilot, lambda: switcher.current == "host-reveal")
            await pilot.pause()
            reveals.append(_screen_text(app))
            await pilot.press("n")
            await until(pilot, lambda: switcher.current == "host-question")
        await pilot.pause()
        headline = _screen_text(app)
    assert "Mažas patikrinimas" in title  # the translation's title
    assert LT_SINGLE in first
    assert EN_SINGLE not in first
    assert "Apsimetinėjimas" in first
    assert "Apsimetinėjimas pasiskolina" in reveals[0]  # the explanation
    assert "JIE nenori" in headline
    assert "Patikima" in headline, headline
    assert "Manipuliatyvi" in headline
    assert "Reliable" not in headline
    assert "Manipulative" not in headline
