"""Every key's description in the Keys panel is whole in Japanese at 80 columns.

The panel (the palette's "Keys") is a Rich table, 12 cells wide for the descriptions at 80
columns, and Rich wraps at spaces only: a Japanese description or tooltip, which has none,
was one word cut with "…" ("見極めチェ …", "講師が主催 …"). Rich now wraps where the app's
text does (``quiz.frontends.tui.linebreak``), between phrases.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import KeyPanel

import quiz.frontends.tui.screens
import quiz.frontends.tui.widgets
from quiz.frontends.tui import AppSettings, linebreak, make_app
from quiz.frontends.tui.language import TEXTUAL_KEYS
from quiz.i18n import translator
from quiz.i18n.width import cells
from tests.conftest import FIXTURES, FakeClock

PANEL = 12
"""The cells the Keys panel leaves a description at 80 columns (its 30 less the keys' column)."""


def _app_keys() -> list[tuple[str, str]]:
    """(description, tooltip) of every key binding of the app's screens and widgets."""
    for package in (quiz.frontends.tui.screens, quiz.frontends.tui.widgets):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    importlib.import_module("quiz.frontends.tui.app")
    found: dict[tuple[str, str], None] = {}
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not cls.__module__.startswith("quiz."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if (isinstance(binding, Binding) and binding.show is not False) or isinstance(binding, Binding):
                found[(binding.description, binding.tooltip)] = None
    return list(found)


def _shown(text: str, width: int) -> list[str]:
    console = Console(width=width, color_system=None, legacy_windows=False)
    lines = console.render_lines(Text(text, overflow="ellipsis"), console.options.update_width(width))
    return ["".join(segment.text for segment in line).rstrip() for line in lines]


def _described(description: str, tooltip: str) -> str:
    ja = translator("ja")
    return " ".join(
        part for part in (ja.gettext(description), ja.gettext(tooltip) if tooltip else "") if part
    )


KEYS = _app_keys()


def test_the_walk_finds_the_apps_keys() -> None:
    assert ("Join", "Join a live session an instructor is hosting") in KEYS or any(
        tooltip == "Join a live session an instructor is hosting" for _, tooltip in KEYS
    )
    assert len(KEYS) > 40


@pytest.mark.parametrize(("description", "tooltip"), [*KEYS, *((key, "") for key in TEXTUAL_KEYS)])
def test_every_japanese_key_description_fits_the_panel(description: str, tooltip: str) -> None:
    linebreak.install()
    text = _described(description, tooltip)
    shown = _shown(text, PANEL)
    assert not any("…" in line for line in shown), shown
    assert "".join(shown).replace(" ", "") == text.replace(" ", ""), shown
    # A key's name breaks between phrases only, none wider than the panel ("見極めチェッ" over
    # "ク" was the mode's name, 14 cells): a tooltip's long word may break between characters.
    name = translator("ja").gettext(description)
    assert [piece for _, piece in linebreak.pieces(name) if cells(piece.strip()) > PANEL] == []


async def test_the_keys_panel_at_80_columns_in_japanese_cuts_nothing(tmp_path: Path) -> None:
    settings = AppSettings(tmp_path / "q.db", [FIXTURES / "sample.toml"], name="Ona", language="ja")
    app = make_app(settings, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_show_help_panel()
        await pilot.pause()
        assert app.screen.query(KeyPanel)
        shown = app.export_screenshot()
    assert "…" not in shown
    assert ">講師が<" in shown  # the tooltip, wrapped onto its own line
