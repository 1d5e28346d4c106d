"""What tmux showed cut or wrapped at 80x24 (issue 18, point 2), measured as drawn.

The live title was cut mid-word with nothing to say so (the Ukrainian host title needs 58
columns); the big join code lost its last column (most codes are 50 columns wide or more, the
host's lobby left 49); the overview wrapped a long Japanese prompt onto a second row; a
Japanese notice over the host's divider lost the character the divider's column fell in.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import OptionList, Static

from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, HostRequest, QuizApp, make_app
from quiz.frontends.tui.screens.overview import OverviewDialog
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.frontends.tui.widgets.bigtext import BigText, big
from quiz.i18n import set_language
from quiz.live.hosting import HostSpec
from quiz.live.room import LiveOptions
from tests.conftest import REPO, FakeClock
from tests.live.test_host_screen import hosting
from tests.tui.conftest import until

DISINFORMATION = REPO / "questions" / "disinformation.toml"


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


def drawn(widget: Widget) -> list[str]:
    """The widget's lines as the screen shows them."""
    strips = widget.render_lines(Region(0, 0, *widget.outer_size))
    return [strip.text.rstrip() for strip in strips]


def host_app(tmp_path: Path, language: str) -> QuizApp:
    spec = HostSpec(str(DISINFORMATION), options=LiveOptions(time_limit=60), port=0)
    settings = AppSettings(tmp_path / "h.db", [DISINFORMATION], host=HostRequest(spec), language=language)
    return make_app(settings)


@pytest.mark.parametrize("language", ["uk", "lt", "ja"])
async def test_a_long_live_title_ends_in_an_ellipsis(tmp_path: Path, language: str) -> None:
    app = host_app(tmp_path, language)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await hosting(app, pilot)
        title = screen.query_one("#live-title")
        await until(pilot, lambda: "·" in drawn(title)[0])
        [line] = drawn(title)
        assert line.endswith("…"), line
        assert title.region.right <= screen.query_one("#live-status").region.x


async def test_the_big_join_code_is_drawn_whole(tmp_path: Path) -> None:
    app = host_app(tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await hosting(app, pilot)
        code = screen.query_one("#big-code", BigText)
        lobby = screen.query_one("#host-lobby")
        for text in ("MWQNG6", screen.hosted.code if screen.hosted else ""):  # 65 columns, and the real one
            code.set_text(text)
            await pilot.pause()
            lines = drawn(code)
            assert lines
            assert max(len(line) for line in lines) <= code.region.width
            assert code.region.right <= lobby.scrollable_content_region.right
            rows = "\n".join(lines).split("\n\n")
            letters = -(-len(text) // len(rows))
            assert rows == [big(text[i : i + letters]) for i in range(0, len(text), letters)]
            assert len(rows) <= 2
        code.set_text("AB2345")  # 50 columns: in one row, beside the list
        await pilot.pause()
        assert drawn(code) == big("AB2345").splitlines()


async def test_the_overview_shows_one_row_a_question(tmp_path: Path) -> None:
    start = StartRequest(bank="disinformation", count=12, seed=3)
    settings = AppSettings(tmp_path / "q.db", [DISINFORMATION], name="Aiko", start=start, language="ja")
    app = make_app(settings, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.press("o")
        await until(pilot, lambda: isinstance(app.screen, OverviewDialog))
        await pilot.pause()
        listed = app.screen.query_one(OptionList)
        assert listed.option_count == 12
        assert listed.virtual_size.height == 12  # one row each
        lines = drawn(listed)
        assert any("… ▎" in line for line in lines), lines  # cut, and saying so


class Divided(App[None]):
    """The host screen's shape: a pane, and beside it a list behind a divider."""

    CSS = "#pane { width: 53; height: 1fr; } #side { width: 1fr; height: 1fr; border-left: vkey $panel; }"

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("", id="pane")
            yield Static("", id="side")


@pytest.mark.parametrize("lead", ["", "x"])  # the divider falls inside a character for one of them
async def test_a_notice_over_the_divider_keeps_its_characters(lead: str) -> None:
    # "ほかに '学習者2' という名前の人はいません" read "'学習  2'" where it crossed the divider.
    from quiz.frontends.tui import overlap

    overlap.install()
    notice = lead + "全角の文字が並ぶお知らせです"
    app = Divided()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.notify(notice, timeout=60)
        await until(pilot, lambda: bool(app.screen.query("Toast")))
        await pilot.pause()
        toast = app.screen.query_one("Toast")
        assert toast.region.x < 53 < toast.region.right  # it crosses the divider
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        assert any(notice in line for line in lines), [line for line in lines if "お知らせ" in line]


@pytest.mark.parametrize(("language", "why"), [("ja", "解説：陰謀論"), ("lt", "Kodėl: ")])
async def test_a_full_width_colon_takes_no_space_after_it(tmp_path: Path, language: str, why: str) -> None:
    # A past attempt read "解説： 陰謀論": the code put a space after a label that has its own.
    from quiz.bank import load_bank
    from quiz.frontends.tui.messages import OpenAttempt
    from quiz.frontends.tui.screens.attempt import AttemptScreen
    from quiz.services.attempts import start_attempt
    from quiz.store import Store

    db = tmp_path / "q.db"
    request = StartRequest(
        bank="disinformation", question_ids=("dis-tech-conspiracy-marks",), language=language, shuffle=False
    )
    with Store(db) as store:
        run = start_attempt(store, load_bank(DISINFORMATION), store.remember_learner("Aiko"), request)
        run.answer([0])
        run.finish()
        attempt_id = run.id
    settings = AppSettings(db, [DISINFORMATION], name="Aiko", language=language)
    app = make_app(settings, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.post_message(OpenAttempt(attempt_id))
        await until(pilot, lambda: isinstance(app.screen, AttemptScreen))
        await pilot.pause()
        shown = "\n".join(drawn(app.screen.query_one(".attempt-why")))
        assert why in shown, shown


async def test_the_hosts_final_questions_wrap_under_their_text(tmp_path: Path) -> None:
    # At 80 columns in lt a question's second line and its figures' went back to the first
    # column, under the number: where one question ended and the next began did not show.
    from quiz.live import protocol as p

    app = host_app(tmp_path, "lt")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await hosting(app, pilot)
        prompt = "Kokią manipuliavimo techniką naudoja šis įrašas apie Northbrooko mokyklas?"
        item = p.ItemResult(
            position=0,
            question_id="q",
            prompt=prompt,
            answered=1,
            correct=1,
            facility=1.0,
            discrimination=None,
        )
        screen.ended = p.Ended(leaderboard=[], asked=1, items=[item, item.model_copy(update={"position": 1})])
        screen.state = p.SessionState.ended
        await pilot.pause()
        lines = [line for line in drawn(screen.query_one("#final-items")) if line]
        assert len(lines) > 4  # the prompt and the figures wrap at 80 columns
        assert lines[0].startswith(" 1. ")
        numbered = [n for n, line in enumerate(lines) if line.startswith(" 2. ")]
        assert numbered
        assert all(line.startswith("    ") for line in lines[1 : numbered[0]]), lines


@pytest.mark.parametrize("start", [(80, 24), (100, 30)])
async def test_the_ways_to_train_stay_whole_after_a_resize(tmp_path: Path, start: tuple[int, int]) -> None:
    # Opened at 80 columns and widened to 120, the list of modes showed a scrollbar, which took
    # the two columns its last line needed; wrapped, that line no longer fitted: in lt,
    # "Atskyrimo patikra [d] 20 antraščių: A prieš mokymą, B po jo, C" and the rest hidden.
    settings = AppSettings(tmp_path / "q.db", [REPO / "questions"], name="Ona", language="lt")
    app = make_app(settings, clock=FakeClock())
    async with app.run_test(size=start) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#modes")))
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        modes = app.screen.query_one("#modes", OptionList)
        assert modes.max_scroll_y == 0
        assert modes.virtual_size.height == modes.scrollable_content_region.height


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("uk", "Перевірка заголовків: форма C (відкладена повторна перевірка)"),
        ("en", "Democratic resilience and information integrity"),
        ("ja", "見出しチェック：C版（時間をおいた再テスト）"),
    ],
)
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_bank_title_wraps_in_the_detail_pane(
    tmp_path: Path, language: str, title: str, size: tuple[int, int]
) -> None:
    # At 80 columns the detail pane showed "Перевірка заголовків: форма C (відкладена повто",
    # the rest of the title cut with nothing to say so.
    settings = AppSettings(tmp_path / "q.db", [REPO / "questions"], name="Ona", language=language)
    app = make_app(settings, clock=FakeClock())
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: bool(app.screen.query("#banks")))
        banks = app.screen.query_one("#banks", OptionList)
        await until(pilot, lambda: banks.option_count > 0)
        flat = title.replace(" ", "")
        prompts = [str(banks.get_option_at_index(i).prompt) for i in range(banks.option_count)]
        index = next(i for i, prompt in enumerate(prompts) if flat in "".join(prompt.split()))
        banks.highlighted = index
        await pilot.pause()
        await pilot.pause()
        widget = app.screen.query_one("#bank-title")
        await until(pilot, lambda: "".join(drawn(widget)).replace(" ", "") != "")
        lines = [line.strip() for line in drawn(widget)]
        assert "".join(lines).replace(" ", "") == title.replace(" ", ""), lines
        pane = app.screen.query_one("#detail-pane")
        assert widget.region.right <= pane.region.right


@pytest.mark.parametrize("language", ["en", "ja"])
async def test_a_long_status_on_the_host_screen_ends_in_an_ellipsis(tmp_path: Path, language: str) -> None:
    # A port in use: the status said "closed: cannot listen on" (en) and "接続終了：127.0.0.1:8766 で接続を"
    # (ja) and stopped, its rest on a line the one-line bar never shows; the notice has it whole.
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        spec = HostSpec(str(DISINFORMATION), options=LiveOptions(time_limit=60), port=busy.getsockname()[1])
        settings = AppSettings(tmp_path / "h.db", [DISINFORMATION], host=HostRequest(spec), language=language)
        app = make_app(settings)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: bool(app.screen.query("#live-status")))
            status = app.screen.query_one("#live-status")
            closed = "closed" if language == "en" else "接続終了"
            await until(pilot, lambda: closed in "".join(drawn(status)))
            lines = [line for line in drawn(status) if line.strip()]
            assert len(lines) == 1, lines
            assert lines[0].endswith("…"), lines
