"""Time from launch until the home screen is ready, beside a minimal Textual app.

Each run starts a fresh Python process that builds the app and runs it headless; when its
first screen has been composed, mounted and drawn once (for resilience-quiz the home screen
with its banks listed, for the floor a Textual app with a single Label) it writes the
wall-clock time to a file and exits. The figure is that time minus the moment the process was
launched: interpreter start-up and imports included, shutdown excluded, the same for both.
Ours must stay within 1.5x of the floor, in English and with a translated interface (the
language's compiled catalog loaded, every binding's description translated, banks with a
translation shown in it).

    python benchmarks/startup.py [--runs N] [--lang lt]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READY = """
import os, time

def ready(app):
    with open(os.environ["READY_FILE"], "w") as fh:
        fh.write(repr(time.time()))
    app.exit()
"""

MINIMAL = (
    READY
    + """
from textual.app import App
from textual.widgets import Label

class Minimal(App):
    def compose(self):
        yield Label("ready")

    def on_mount(self):
        self.call_after_refresh(ready, self)

Minimal().run(headless=True)
"""
)

QUIZ = (
    READY
    + """
from quiz import config
from quiz.frontends.tui import AppSettings, make_app
from quiz.frontends.tui.screens.home import HomeScreen

mounted = HomeScreen.on_mount

def on_mount(self):
    mounted(self)
    assert self.query_one("#banks").option_count > 0
    self.call_after_refresh(ready, self.app)

HomeScreen.on_mount = on_mount
settings = AppSettings(
    config.default_db_path(),
    [config.bundled_banks_dir()],
    name="Bench",
    summary_cache=config.bank_summary_cache(),
    language=os.environ.get("BENCH_LANG", "en"),
)
app = make_app(settings)
app.run(headless=True)
"""
)


def launch(code: str, env: dict[str, str]) -> float:
    with tempfile.NamedTemporaryFile("r", suffix=".ready") as ready:
        start = time.time()
        subprocess.run([sys.executable, "-c", code], check=True, env={**env, "READY_FILE": ready.name})
        return float(Path(ready.name).read_text()) - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--lang", default="lt", help="the translated interface measured beside English")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        # Bytecode as an installed app has it: pip compiles a package when it installs it, but
        # an editable checkout under PYTHONDONTWRITEBYTECODE would compile ours on every launch
        # while textual's comes precompiled. The cache goes to a temporary folder.
        env = {**os.environ, "QUIZ_HOME": home, "PYTHONPYCACHEPREFIX": str(Path(home) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        translated = {**env, "BENCH_LANG": args.lang}
        launch(QUIZ, env)  # warm the file cache and create the database once
        launch(QUIZ, translated)
        launch(MINIMAL, env)
        ours, ours_translated, floor = [], [], []
        for _ in range(args.runs):  # interleaved, so all see the same machine load
            ours.append(launch(QUIZ, env))
            ours_translated.append(launch(QUIZ, translated))
            floor.append(launch(MINIMAL, env))
    ours_median, floor_median = statistics.median(ours), statistics.median(floor)
    translated_median = statistics.median(ours_translated)
    print(f"runs: {args.runs} each, interleaved")
    print(f"resilience-quiz, launch to home screen ready: {ours_median * 1000:.0f} ms (median)")
    print(f"  the same with --lang {args.lang}:                {translated_median * 1000:.0f} ms (median)")
    print(f"minimal Textual app (one Label), same way:     {floor_median * 1000:.0f} ms (median)")
    ratio, translated_ratio = ours_median / floor_median, translated_median / floor_median
    print(f"ratio: {ratio:.2f}x, {args.lang}: {translated_ratio:.2f}x (must be <= 1.5)")


if __name__ == "__main__":
    main()
