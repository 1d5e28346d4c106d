"""Learners with only a browser: the join form served as a web page, through textual-serve.

``quiz host --web`` runs this in a process of its own (textual-serve runs its own event loop),
as the hidden command ``quiz web-join``. textual-serve starts one ``quiz join`` process per
browser tab, all on one scratch database that goes when the page does: no name is
remembered for the next learner at that browser, and no history is kept on the host.
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from pathlib import Path

from quiz.i18n import _

PAGE = Path(__file__).parent / "web_page"
"""textual-serve's page template, changed to load nothing from the internet (its font is served)."""


def join_command(join_address: str, db: str) -> str:
    """The command each browser tab runs: the join form, its address fixed to the host's."""
    return shlex.join([sys.executable, "-m", "quiz", "--db", db, "join", join_address, "--fixed-address"])


def serve_join_page(join_address: str, *, bind: str, port: int, public_url: str | None = None) -> None:
    """Serve the join form for the session at ``join_address`` until SIGINT or SIGTERM."""
    from textual_serve.server import Server

    with tempfile.TemporaryDirectory(prefix="quiz-web-") as scratch:
        Server(
            join_command(join_address, f"{scratch}/learners.db"),
            host=bind,
            port=port,
            title=_("resilience-quiz: join a live session"),
            public_url=public_url,
            templates_path=PAGE,
        ).serve()
