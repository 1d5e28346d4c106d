"""The home screen appears without loading what only later screens need.

Start-up is measured by ``benchmarks/startup.py`` (at most 1.5x a one-Label Textual app); this
test keeps the heavy imports that were taken out of it from coming back unnoticed. It starts
``quiz`` the way a user does, in a fresh interpreter, and lists the modules loaded by the time
the home screen has been drawn.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from quiz.store import Store

HOME_DRAWN = """
import json, os, sys
from textual.app import App
import quiz.config.early as early
from quiz.frontends.tui.screens.home import HomeScreen

reads = []
read_file = early.read_settings_file

def counted(path):
    reads.append(str(path))
    return read_file(path)

early.read_settings_file = counted

def drawn(app):
    from quiz.i18n import current_language

    modules = sorted(sys.modules)  # before anything below imports more
    bound = [b.binding.id for key, b in app.screen.active_bindings.items() if key == "x"]
    with open(os.environ["MODULES_FILE"], "w") as out:
        shown = {"theme": app.theme, "language": current_language(), "x": bound}
        json.dump({"modules": modules, "reads": reads, **shown}, out)
    app.exit()

mounted = HomeScreen.on_mount

def on_mount(self):
    mounted(self)
    self.call_after_refresh(drawn, self.app)

HomeScreen.on_mount = on_mount
run = App.run
App.run = lambda self, **options: run(self, headless=True, **options)
sys.argv = ["quiz", *sys.argv[1:]]
from quiz.cli import main
main()
"""

LATER = (
    "pydantic",
    "pydantic_core",
    "tomlkit",
    "filelock",
    "fsrs",
    "jinja2",
    "aiohttp",
    "httpx",
    "segno",
    "babel",
    "wcwidth",
    "msgspec",
    "budoux",
    "html",
)
"""Validation, writing settings, attempt claims, scheduling, exports, live sessions, Babel's
locale data (the home screen's percentages and days are written from a copy, in every language)
the display widths of plain mode and the command line's tables, msgspec (the exports'
answer rows), and BudouX with the html.parser it imports (its model is read without it, for
the Japanese home screen's wrapped lines): none is on the way to the home screen."""


LATER_OURS = (
    "quiz.kinds",
    "quiz.services",
    "quiz.bank.models",
    "quiz.bank.loader",
    "quiz.config.settings",
    "quiz.store.answers",
    "quiz.commands.banks",
    "quiz.commands.exchange",
    "quiz.commands.export",
    "quiz.commands.live",
    "quiz.commands.report",
    "quiz.commands.take",
)
"""Ours, for the same reasons: the banks are validated after the first frame, and ``quiz``
alone runs none of the other commands (the CLI imports a command's module when it is run)."""


def at_home(home: Path, *args: str) -> dict[str, Any]:
    """The modules loaded by the time the home screen is drawn, and what it shows."""
    Store(home / "quiz.db").remember_learner("Ada")  # a returning learner: no name to ask
    found = home / "modules.json"
    env = {**os.environ, "QUIZ_HOME": str(home), "MODULES_FILE": str(found)}
    subprocess.run([sys.executable, "-c", HOME_DRAWN, *args], check=True, env=env, timeout=120)
    seen: dict[str, Any] = json.loads(found.read_text(encoding="utf-8"))
    return seen


def modules_at_home(home: Path, *args: str) -> set[str]:
    return set(at_home(home, *args)["modules"])


def loaded(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in packages)


@pytest.mark.parametrize("language", ["en", "lt", "uk", "ja"])
def test_the_home_screen_loads_no_validation_services_or_babel(tmp_path: Path, language: str) -> None:
    modules = modules_at_home(tmp_path, "--lang", language)
    assert "quiz.frontends.tui.screens.home" in modules  # the hook ran on the real screen
    assert loaded(modules, LATER) == []
    assert sorted(m for m in modules if m.startswith(LATER_OURS)) == []


def test_a_settings_file_is_read_without_the_model_before_the_home_screen(tmp_path: Path) -> None:
    settings = 'language = "ja"\ntheme = "textual-light"\nexam_count = 5\n\n[keymap]\n"home.exam" = "x"\n'
    (tmp_path / "settings.toml").write_text(settings, encoding="utf-8")
    seen = at_home(tmp_path)
    assert (seen["language"], seen["theme"], seen["x"]) == ("ja", "textual-light", ["home.exam"])
    assert seen["reads"] == [str(tmp_path / "settings.toml")]  # once for the CLI and the app (it was thrice)
    modules = set(seen["modules"])
    assert loaded(modules, LATER) == []  # the model checks the file after this first frame
    assert sorted(m for m in modules if m.startswith(LATER_OURS)) == []
