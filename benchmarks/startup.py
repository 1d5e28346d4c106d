"""Time from launch until the home screen is ready, beside a minimal Textual app.

Each run starts a fresh Python process that runs ``quiz`` as a user does (the CLI, headless)
or a Textual app with a single Label; when its first screen has been composed, mounted and
drawn once (for resilience-quiz the home screen with its banks listed, for a returning learner)
it writes the wall-clock time and its own CPU time to a file and exits. The figure is that time
minus the moment the process was launched: interpreter start-up and imports included, shutdown
excluded, the same for both. The CPU time says the same with less of the machine's load in it;
its best run, with the least of it.

Ours must stay within 1.5x of the floor in every interface language (``--lang``: the
language's compiled catalog loaded, every binding's description translated, banks with a
translation shown in it) and for a user with a ``settings.toml`` (a language, a theme and a
remapped key), all measured interleaved in one run.

With ``--instructions`` each case runs once under valgrind and the figure is the number of
machine instructions to the first frame: the same on a busy machine as on a quiet one, though
time also depends on what the instructions wait for.

    python benchmarks/startup.py [--runs N] [--langs en,lt,uk,ja] [--settings-lang ja] [--instructions]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

READY = """
import json, os, time

def ready(app, **seen):
    with open(os.environ["READY_FILE"], "w") as fh:
        json.dump({"wall": time.time(), "cpu": time.process_time(), **seen}, fh)
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
import importlib.machinery, sys

def seen(app):
    from quiz.i18n import current_language
    bound = app.screen.active_bindings.get("x") is not None  # the settings' "home.exam" = "x"
    return {"theme": app.theme, "language": current_language(), "exam": bound}

def hooked(app_module):
    from quiz.frontends.tui.screens.home import HomeScreen

    mounted, run = HomeScreen.on_mount, app_module.QuizApp.run

    def on_mount(self):
        mounted(self)
        assert self.query_one("#banks").option_count > 0
        self.call_after_refresh(lambda: ready(self.app, **seen(self.app)))

    HomeScreen.on_mount = on_mount
    app_module.QuizApp.run = lambda self, **options: run(self, headless=True, **options)

class WhenImported:
    # textual and the app are imported where quiz imports them (after its CLI, with the
    # collector paused), not here: the hooks go in once the app's module has run. A finder
    # needs only find_spec: importlib.abc and importlib.util (which the app does not import)
    # cost 7 M instructions that were counted as the app's.
    def find_spec(self, name, path=None, target=None):
        if name != "quiz.frontends.tui.app":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            hooked(module)

        spec.loader.exec_module = exec_module
        return spec

sys.meta_path.insert(0, WhenImported())
sys.argv = ["quiz", *sys.argv[1:]]
from quiz.cli import main
main()
"""
)

SETTINGS = """\
language = "{language}"
theme = "textual-light"
exam_count = 5

[keymap]
"home.exam" = "x"
"""
"""A user who has set their language, a theme and a key: what the first frame must show."""


def launch(code: str, args: list[str], env: dict[str, str]) -> dict[str, float | str | bool]:
    with tempfile.NamedTemporaryFile("r", suffix=".ready") as ready:
        start = time.time()
        subprocess.run([sys.executable, "-c", code, *args], check=True, env={**env, "READY_FILE": ready.name})
        seen: dict[str, float | str | bool] = json.loads(Path(ready.name).read_text())
        seen["wall"] = float(seen["wall"]) - start
        return seen  # "cpu" is the child's own, counted from its start


def instructions(code: str, args: list[str], env: dict[str, str]) -> int:
    """The machine instructions a launch runs until its first frame (valgrind's cachegrind):
    a count that other work on the machine does not change, where times do."""
    at_first_frame = code.replace("    app.exit()\n", "    os._exit(0)  # shutdown not counted\n", 1)
    with tempfile.TemporaryDirectory() as out, tempfile.NamedTemporaryFile("r", suffix=".ready") as ready:
        tool = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}/counts"]
        done = subprocess.run(
            [*tool, sys.executable, "-c", at_first_frame, *args],
            env={**env, "READY_FILE": ready.name},
            capture_output=True,
            text=True,
            check=True,
        )
        assert Path(ready.name).read_text(), "the first frame was never drawn"
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    assert found, done.stderr
    return int(found[1].replace(",", ""))


def returning_learner(home: Path) -> None:
    """The database a returning learner has: the home screen, not the name dialog, comes first."""
    from quiz.store import Store

    Store(home / "quiz.db").remember_learner("Ada")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--langs", default="en,lt,uk,ja", help="the interface languages measured (--lang)")
    parser.add_argument("--settings-lang", default="ja", help="the language the settings.toml run sets")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions to the first frame once per case (valgrind) instead of timing runs",
    )
    args = parser.parse_args()
    languages = args.langs.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        plain, configured = Path(tmp, "plain"), Path(tmp, "configured")
        for home in (plain, configured):
            home.mkdir()
            returning_learner(home)
        (configured / "settings.toml").write_text(SETTINGS.format(language=args.settings_lang), "utf-8")
        # Bytecode as an installed app has it: pip compiles a package when it installs it, but
        # an editable checkout under PYTHONDONTWRITEBYTECODE would compile ours on every launch
        # while textual's comes precompiled. The cache goes to a temporary folder.
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(tmp, "pycache"))}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cases: dict[str, tuple[str, list[str], dict[str, str]]] = {
            f"--lang {language}": (QUIZ, ["--lang", language], {**env, "QUIZ_HOME": str(plain)})
            for language in languages
        }
        cases[f"settings.toml ({args.settings_lang})"] = (QUIZ, [], {**env, "QUIZ_HOME": str(configured)})
        cases["one-Label app"] = (MINIMAL, [], {**env, "QUIZ_HOME": str(plain)})
        for code, argv, case_env in cases.values():
            launch(code, argv, case_env)  # warm the file cache and the bytecode once
        if args.instructions:
            counts = {name: instructions(*case) for name, case in cases.items()}
            print(f"{'instructions to the first frame':32} {'millions':>9} {'ratio':>6}")
            for name, count in counts.items():
                print(f"{name:32} {count / 1e6:9.0f} {count / counts['one-Label app']:5.2f}x")
            return
        load_before = os.getloadavg()
        runs: dict[str, list[dict[str, float | str | bool]]] = {name: [] for name in cases}
        for _ in range(args.runs):  # interleaved, so all see the same machine load
            for name, (code, argv, case_env) in cases.items():
                runs[name].append(launch(code, argv, case_env))
        load_after = os.getloadavg()
    configured_run = runs[f"settings.toml ({args.settings_lang})"][-1]
    assert configured_run["theme"] == "textual-light", configured_run  # the settings took effect
    assert configured_run["language"] == args.settings_lang, configured_run
    assert configured_run["exam"], configured_run  # "x" is bound on the home screen
    floor = _figures(runs["one-Label app"])
    load = f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
    print(f"runs: {args.runs} each, interleaved; {load}")
    columns = ("wall ms", "ratio", "CPU ms", "ratio", "best", "ratio")
    print(
        f"{'launch to home screen ready':28}",
        " ".join(f"{c:>7}" if i % 2 == 0 else f"{c:>6}" for i, c in enumerate(columns)),
    )
    for name, measured in runs.items():
        figures = _figures(measured)
        print(
            f"{name:28}",
            " ".join(f"{f * 1000:7.0f} {f / f0:5.2f}x" for f, f0 in zip(figures, floor, strict=True)),
        )
    print("wall and CPU: medians; best: the least CPU of the runs, the least disturbed by other")
    print("work on the machine. The goal: every ratio at most 1.5x")


def _figures(measured: list[dict[str, float | str | bool]]) -> tuple[float, float, float]:
    """Median wall-clock time, median CPU time and least CPU time to the first frame."""
    cpu = [float(r["cpu"]) for r in measured]
    return statistics.median(float(r["wall"]) for r in measured), statistics.median(cpu), min(cpu)


if __name__ == "__main__":
    main()
