"""Serve the learner's join screen in a browser, for learners with no Python installed.

`quiz host --web` starts this in a process of its own (textual-serve runs its own event loop
and starts one `quiz join` process per browser tab):

    python -m quiz.live.web --bind 127.0.0.1 --port 8766 --join 127.0.0.1:8765
"""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from collections.abc import Sequence


def join_command(join_address: str, db: str) -> str:
    """The command each browser tab runs: the join form, against a database of its own."""
    return shlex.join([sys.executable, "-m", "quiz", "--db", db, "join", join_address])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quiz.live.web", description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--join", required=True, help="the session server's address, host:port")
    parser.add_argument("--public-url", help="the address browsers use, when not http://bind:port")
    args = parser.parse_args(argv)
    from textual_serve.server import Server

    # Browser learners share nothing: no remembered name, no local history.
    with tempfile.TemporaryDirectory(prefix="quiz-web-") as scratch:
        server = Server(
            join_command(args.join, f"{scratch}/learners.db"),
            host=args.bind,
            port=args.port,
            title="resilience-quiz: join a live session",
            public_url=args.public_url,
        )
        server.serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
