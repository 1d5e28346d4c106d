"""The host screen's session server, a process of its own: ``python -m quiz.live.apart``.

``quiz.live.hosting.serve_apart`` starts it and writes one JSON line to its stdin: the database,
the bank folders, the language and the ``HostSpec``. It prints where it listens as one JSON line
(``serve_until_stopped``) and serves until its stdin closes (the screen's process has gone,
however it ended) or SIGINT/SIGTERM. It is the live layer's own entry point, so that the layer
never starts the CLI above it; a problem the host can fix is its last line on stderr.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from quiz.bank.catalog import find_bank
from quiz.errors import QuizError
from quiz.i18n import set_language
from quiz.live.hosting import HostSpec, serve_until_stopped
from quiz.store import Store


async def _serve() -> None:
    stdin = asyncio.StreamReader()
    await asyncio.get_running_loop().connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdin), sys.stdin)
    order = json.loads(await stdin.readline())
    if order["language"]:
        set_language(order["language"])
    dirs = [Path(folder) for folder in order["banks"]]
    with Store(order["db"]) as store:
        await serve_until_stopped(
            store, HostSpec.from_dict(order["spec"]), lambda name: find_bank(name, dirs), parent=stdin
        )


def main() -> None:
    try:
        asyncio.run(_serve())
    except QuizError as exc:
        print(exc, file=sys.stderr)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
