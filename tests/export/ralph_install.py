"""Install Ralph, the real Learning Record Store the LRS test pushes to, into its own virtualenv.

Ralph (``ralph-malph``) pins click below 8.2.1 and exact fastapi/uvicorn/httpx versions, which
would move the app's own dependencies, so it lives in a virtualenv of its own under
``~/.cache/resilience-quiz/`` (or ``$QUIZ_RALPH_VENV``), made once and reused after. Standard
library only: ``.ci/run`` runs this file before the test command, so that the install (about
40 s on a new machine) is never part of a timed test.

    python tests/export/ralph_install.py
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

RALPH_REQUIREMENT = "ralph-malph[cli,lrs]==5.1.0"


def ralph_home() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return Path(os.environ.get("QUIZ_RALPH_VENV", cache / "resilience-quiz" / "ralph-5.1.0"))


def ralph_venv() -> Path:
    """The virtualenv with Ralph, created (once, under a lock, so parallel runs wait) when missing."""
    home = ralph_home()
    ralph = home / "bin" / "ralph"
    if ralph.exists():
        return home
    home.parent.mkdir(parents=True, exist_ok=True)
    with (home.parent / f".{home.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ralph.exists():
            venv.EnvBuilder(with_pip=True, clear=True).create(home)
            subprocess.run(
                [str(home / "bin" / "python"), "-m", "pip", "install", "-q", RALPH_REQUIREMENT, "requests"],
                check=True,
                capture_output=True,
                timeout=900,
            )
    return home


if __name__ == "__main__":
    start = time.monotonic()
    already = (ralph_home() / "bin" / "ralph").exists()
    try:
        home = ralph_venv()
    except subprocess.CalledProcessError as exc:
        sys.exit(f"cannot install Ralph: {exc.stderr.decode(errors='replace')[-500:]}")
    done = "already in" if already else "installed into"
    print(f"Ralph LRS {done} {home} ({time.monotonic() - start:.0f} s)")
