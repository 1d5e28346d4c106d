"""Every user-facing string of the screens and commands goes through the catalogs.

Two checks, since each misses what the other sees: a walk over the sources finds a literal
handed to a widget, a notice, ``click.echo`` or an error without ``_()``; the app run under a
pseudo-locale (every catalog string comes out ⟦marked⟧) finds text built anywhere else, and
Textual's own words, on the screens as a learner sees them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from quiz.frontends.tui import AppSettings, QuizApp, make_app
from tests.conftest import FIXTURES, REPO, FakeClock
from tests.i18n.literals import left_out, left_out_in
from tests.i18n.pseudo import CLOSE, OPEN, pseudo
from tests.tui.conftest import until

__all__ = ["pseudo"]

QUIZ = REPO / "quiz"
CHECKED = sorted([*(QUIZ / "frontends").rglob("*.py"), *(QUIZ / "commands").glob("*.py"), QUIZ / "cli.py"])
NAMES = {"resilience-quiz"}
"""Shown as written in every language: the product's name."""


def test_no_literal_reaches_the_screen_or_the_terminal_without_the_catalog() -> None:
    left = [found for found in left_out_in(CHECKED) if found.text not in NAMES]
    assert left == [], "\n".join(map(str, left))


@pytest.mark.parametrize(
    "source",
    [
        'self.notify("Saved")',
        'self.notify(_("Saved"), title="Export")',
        'yield Label(f"{n} questions")',
        'yield Button(Content("Start [ctrl+s]"))',
        'raise click.UsageError("name a BANK")',
        'click.echo("Wrote " + str(path))',
        'self.border_title = "Leaderboard"',
        'yield Input(placeholder="Name")',
        'table.add_columns("Key", _("Action"))',
        'self.query_one(Static).update("Done" if ok else _("Failed"))',
        'Binding(str(n), "press", f"Option {n}", show=False)',  # skipped by the extractor
        'yield Label(_({"single": N_("Choose one")}[kind]))',  # the stray msgid "single"
        'self.notify(_(f"Saved {path}"))',
        'yield Label(ngettext("one", f"{n} more", n))',
    ],
)
def test_the_walk_finds_a_string_left_out(source: str) -> None:
    assert len(left_out(source, Path("x.py"))) == 1


@pytest.mark.parametrize(
    "source",
    [
        'self.notify(_("Saved {path}").format(path=path), title=_("Exported"))',
        'yield Label(ngettext("{n} question", "{n} questions", n).format(n=n))',
        'yield Button(Content(_("Start") + " [ctrl+s]"), id="start", variant="primary")',
        'yield Static("", id="waiting", classes="dim-label")',
        'Binding("q", "app.quit", "Quit", tooltip="Leave the app")',  # extracted, translated on the class
        'click.option("--out", help="Write here.")',  # extracted from the source
        'self.query_one("#code", Input).focus()',
        'yield Label(f"{a} · {b}")',
        "yield Label(_(MODE_NAMES.get(mode, mode)))",  # a msgid marked N_ where it is written
        'Binding("1", "press(0)", numbered(N_("Option {n}"), 1), show=False)',
    ],
)
def test_the_walk_lets_translated_and_structural_strings_through(source: str) -> None:
    assert left_out(source, Path("x.py")) == []


# -- the screens under a pseudo-locale ---------------------------------------------------------------

_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}?|[^{OPEN}\n]*{CLOSE}")
"""A marked text, also one a screen cut at its edge or wrapped onto the next line."""
_SHOWN_AS_IS = re.compile(
    r"[\W\d_]+|[a-z]|\^[a-z]|esc|enter|tab|ctrl\+\w|f\d+|resilience-quiz|\S+\.(html|csv|json|toml|db)|"
    r"\d+\.\d+\.\d+\.\d+:\d+|K7QXPM|▐X▌",
    re.IGNORECASE,
)
"""What a screen shows untranslated: keys, symbols, figures, the product, paths, the example code."""


def screen_text(app: QuizApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def unmarked_words(text: str, allowed: set[str]) -> list[str]:
    """The words of ``text`` outside every marked part, bank and user text and keys aside."""
    left = _MARKED.sub(" ", text)
    words = (word.strip("()[]:,.;·▏▕│") for word in left.split())
    return [word for word in words if word and word not in allowed and not _SHOWN_AS_IS.fullmatch(word)]


def _bank_words() -> set[str]:
    from quiz.bank import load_bank

    bank = load_bank(FIXTURES / "sample.toml")
    texts = [bank.info.title, bank.info.description or "", *bank.topics, "Aiko"]
    return {word.strip("()[]:,.;·") for text in texts for word in text.split()}


async def _seen(pilot: Pilot[None], app: QuizApp, key: str, screen: str) -> str:
    await pilot.press(key)
    await until(pilot, lambda: type(app.screen).__name__ == screen)
    await pilot.pause()
    return screen_text(app)


async def test_every_word_on_the_screens_is_from_the_catalog(tmp_path: Path, pseudo: str) -> None:
    settings = AppSettings(tmp_path / "q.db", [FIXTURES / "sample.toml"], name="Aiko", language=pseudo)
    app = make_app(settings, clock=FakeClock())
    allowed = _bank_words()
    seen: dict[str, str] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen" and "Sample" in screen_text(app))
        await pilot.pause()
        seen["home"] = screen_text(app)
        seen["options"] = await _seen(pilot, app, "p", "OptionsDialog")
        await pilot.press("escape")
        seen["options, exam"] = await _seen(pilot, app, "e", "OptionsDialog")
        await pilot.press("escape")
        seen["help"] = await _seen(pilot, app, "question_mark", "HelpDialog")
        await pilot.press("escape")
        seen["history"] = await _seen(pilot, app, "h", "HistoryScreen")
        await pilot.press("escape")
        seen["name"] = await _seen(pilot, app, "n", "NameDialog")
        await pilot.press("escape")
        seen["join"] = await _seen(pilot, app, "j", "JoinScreen")
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "HomeScreen")
        await pilot.press("ctrl+p")
        await until(pilot, lambda: type(app.screen).__name__ == "CommandPalette")
        await pilot.pause()
        seen["palette"] = screen_text(app)
    for name, text in seen.items():
        if text:
            assert OPEN in text, name
            assert unmarked_words(text, allowed) == [], f"{name}:\n{text}"


def test_unmarked_words_finds_an_english_word_beside_marked_ones() -> None:
    text = f"{OPEN}Banks{CLOSE}  Sample bank\n {OPEN}5 questions{CLOSE} · Exported\n{OPEN}cut at the ed"
    assert unmarked_words(text, {"Sample", "bank"}) == ["Exported"]
