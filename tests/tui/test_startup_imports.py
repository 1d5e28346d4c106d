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

import pytest

from quiz.store import Store

HOME_DRAWN = """
import json, os, sys
from textual.app import App
from quiz.frontends.tui.screens.home import HomeScreen

def drawn(app):
    with open(os.environ["MODULES_FILE"], "w") as out:
        json.dump(sorted(sys.modules), out)
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
)
"""Validation, writing settings, attempt claims, scheduling, exports, live sessions, Babel's
locale data (the home screen's percentages and days are written from a copy, in every language)
and the display widths of plain mode and the command line's tables: none is on the way to the
home screen."""


LATER_OURS = ("quiz.kinds", "quiz.services", "quiz.bank.models", "quiz.bank.loader", "quiz.config.settings")
"""Ours, for the same reasons: the banks are validated after the first frame."""


def modules_at_home(home: Path, *args: str) -> set[str]:
    Store(home / "quiz.db").remember_learner("Ada")  # a returning learner: no name to ask
    modules = home / "modules.json"
    env = {**os.environ, "QUIZ_HOME": str(home), "MODULES_FILE": str(modules)}
    subprocess.run([sys.executable, "-c", HOME_DRAWN, *args], check=True, env=env, timeout=120)
    return set(json.loads(modules.read_text(encoding="utf-8")))


def loaded(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in packages)


@pytest.mark.parametrize("language", ["en", "lt", "uk", "ja"])
def test_the_home_screen_loads_no_validation_services_or_babel(tmp_path: Path, language: str) -> None:
    modules = modules_at_home(tmp_path, "--lang", language)
    assert "quiz.frontends.tui.screens.home" in modules  # the hook ran on the real screen
    assert loaded(modules, LATER) == []
    assert sorted(m for m in modules if m.startswith(LATER_OURS)) == []


def test_a_settings_file_is_still_checked_before_the_home_screen(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("exam_count = 5\n", encoding="utf-8")
    assert "pydantic" in modules_at_home(tmp_path)  # the model that reports a wrong value
