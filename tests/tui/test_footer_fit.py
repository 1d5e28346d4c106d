"""The footer fits 80 columns in every language and never loses the help key (issue 18, point 2).

Textual's footer cut whatever ran past the command palette's key: "? Pagalba" on a Lithuanian
question, "? ヘルプ" on Japanese ordering, matching and exam screens, and the keys of the host
screen during a question even in English. Each check reads what is drawn: every key in the
footer at its full width, left of the palette's key, and help among them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.pilot import Pilot
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from quiz.engine import Mode
from quiz.engine.request import StartRequest
from quiz.frontends.tui import AppSettings, QuizApp, make_app
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.frontends.tui.screens.live_host import HostScreen
from quiz.frontends.tui.screens.question import QuestionScreen
from quiz.frontends.tui.widgets.footer import key_width
from quiz.i18n import set_language
from tests.conftest import FIXTURES, FakeClock
from tests.live.test_host_screen import hosting, request, seat
from tests.live.test_screens import until as live_until
from tests.tui.conftest import until

SMALL = (80, 24)


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


def drawn_keys(app: QuizApp) -> list[str]:
    """The actions whose keys the footer shows whole, left of the palette's key; fails on any
    key the footer holds but does not show whole (cut, or pushed off the screen)."""
    footer = app.screen.query_one(TextualFooter)
    keys = list(footer.query(FooterKey))
    palette = [key for key in keys if key.has_class("-command-palette")]
    edge = palette[0].region.x if palette else footer.region.right
    shown, cut = [], []
    for key in keys:
        if key in palette:
            continue
        whole = key.render().cell_len  # the key and its words, with their padding
        if key.region.width == whole and key.region.right <= edge:
            shown.append(key.action)
            assert key_width(key, footer.compact) == whole  # the fitting measures as drawn
        else:
            cut.append(key.action)
    assert not cut, (cut, shown)
    return shown


def app_in(tmp_path: Path, language: str, folder: Path, **start: object) -> QuizApp:
    settings = AppSettings(
        tmp_path / "quiz.db",
        [folder],
        name="Ona",
        start=StartRequest(**start),  # type: ignore[arg-type]
        language=language,
    )
    return make_app(settings, clock=FakeClock())


def settled(app: QuizApp) -> bool:
    """The footer has drawn its latest keys (a key mounted a moment ago is not laid out yet)."""
    try:
        drawn_keys(app)
    except AssertionError:
        return False
    return not app.screen.query_one(TextualFooter)._recompose_pending  # type: ignore[attr-defined]


async def shown_on(pilot: Pilot[None], app: QuizApp, action: str) -> list[str]:
    await until(pilot, lambda: action in {k.action for k in app.screen.query(FooterKey)})
    return await drawn_when_settled(pilot, app)


async def drawn_when_settled(pilot: Pilot[None], app: QuizApp) -> list[str]:
    try:
        await until(pilot, lambda: settled(app))
    except AssertionError:
        drawn_keys(app)  # says which key stayed cut
        raise
    return drawn_keys(app)


@pytest.mark.parametrize("language", ["en", "lt", "uk", "ja"])
async def test_a_question_past_the_first_keeps_help_in_view(tmp_path: Path, language: str) -> None:
    app = app_in(tmp_path, language, FIXTURES / "sample.toml", bank="sample", shuffle=False)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.press("s")  # the second question: Prev joins the footer
        shown = await shown_on(pilot, app, "move(-1)")
        assert "help" in shown
        assert shown[0] == "leave"  # the most needed stay: the first ones
        if language == "en":
            assert "move(1)" in shown  # English fits every key: none left out needlessly


@pytest.mark.parametrize("language", ["lt", "uk", "ja"])
async def test_ordering_matching_and_exam_keep_help_in_view(tmp_path: Path, language: str) -> None:
    app = app_in(tmp_path, language, FIXTURES / "kinds.toml", bank="kinds", mode=Mode.exam, shuffle=False)
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        for _ in range(3):  # ordering, matching, spotting: each with its own keys
            assert "help" in await shown_on(pilot, app, "help")
            await pilot.press("s")
            await pilot.pause()


async def test_the_footer_follows_a_resize(tmp_path: Path) -> None:
    app = app_in(tmp_path, "ja", FIXTURES / "kinds.toml", bank="kinds", mode=Mode.exam, shuffle=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        await pilot.press("s")
        wide = await shown_on(pilot, app, "move(-1)")
        await pilot.resize_terminal(60, 24)
        await until(pilot, lambda: len(app.screen.query(FooterKey)) < len(wide) + 1)
        narrow = await drawn_when_settled(pilot, app)
        assert "help" in narrow
        assert len(narrow) < len(wide)
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: len(app.screen.query(FooterKey)) == len(wide) + 1)
        assert await drawn_when_settled(pilot, app) == wide


@pytest.mark.parametrize(("language", "during"), [("uk", "lobby"), ("en", "question"), ("ja", "question")])
async def test_the_host_screen_keeps_help_and_its_pacing_keys(
    tmp_path: Path, language: str, during: str
) -> None:
    set_language(language)
    sample = [FIXTURES / "sample.toml"]
    app = make_app(AppSettings(tmp_path / "h.db", sample, host=request(), language=language))
    async with app.run_test(size=SMALL) as pilot:
        screen = await hosting(app, pilot)
        learners = await seat(screen, [], "Ona")
        try:
            if during == "question":
                await live_until(lambda: screen.check_action("start", ()) is True, pilot)
                await pilot.press("s")
                await live_until(lambda: screen.check_action("reveal", ()) is True, pilot)
            assert isinstance(app.screen, HostScreen)
            shown = await shown_on(pilot, app, "leave")
            assert "help" in shown
            needed = {"lobby": ("start", "leave"), "question": ("reveal", "end")}[during]
            for action in needed:
                assert action in shown, (action, shown)
        finally:
            for learner in learners:
                await learner.close()


async def test_a_resize_recomposes_the_footer_only_when_other_keys_fit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fitting happens while composing, from the keys' text: no extra compose at start-up, and
    # a resize that leaves the same keys fitting composes nothing.
    from quiz.frontends.tui.widgets.footer import Footer

    composed: list[int] = []
    compose = Footer.compose

    def recording(self: Footer) -> ComposeResult:
        if self._bindings_ready:
            composed.append(self.size.width)
        return compose(self)

    monkeypatch.setattr(Footer, "compose", recording)
    app = make_app(AppSettings(tmp_path / "quiz.db", [FIXTURES / "sample.toml"], name="Ona", language="lt"))
    async with app.run_test(size=SMALL) as pilot:
        await until(pilot, lambda: "help" in {k.action for k in app.screen.query(FooterKey)})
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        before = len(composed)
        await pilot.resize_terminal(81, 24)
        await pilot.pause()
        assert len(composed) == before  # the same keys fit: nothing composed
        await pilot.resize_terminal(40, 24)
        await until(pilot, lambda: len(composed) == before + 1)
        assert "help" in await drawn_when_settled(pilot, app)
