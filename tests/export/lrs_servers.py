"""Two LRSs on 127.0.0.1 for the push tests: a stub that fails on cue, and a real Ralph.

Ralph (``ralph-malph``) pins click below 8.2.1 and exact fastapi/uvicorn/httpx versions, which
would move the app's own dependencies, so it runs from its own virtualenv, created on first use
under ``~/.cache/resilience-quiz/`` (or ``$QUIZ_RALPH_VENV``) and reused after.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import signal
import socket
import subprocess
import threading
import time
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

RALPH_REQUIREMENT = "ralph-malph[cli,lrs]==5.1.0"
USER, PASSWORD = "teacher", "secret"


@dataclass
class StubLrs:
    """Stores statements by id; ``fail`` maps a POST number (1-based) to the statuses it answers first."""

    url: str = ""
    stored: dict[str, dict] = field(default_factory=dict)
    received: list[str] = field(default_factory=list)
    """Every statement id in every accepted POST, duplicates included."""
    posts: int = 0
    fail: dict[int, list[int]] = field(default_factory=dict)
    headers: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler(stub: StubLrs) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with stub.lock:
                stub.posts += 1
                stub.headers.append(dict(self.headers))
                queued = stub.fail.get(stub.posts) or stub.fail.get(-1)
                status = queued.pop(0) if queued else 200
                if status == 200:
                    statements = json.loads(body)
                    for statement in statements:
                        stub.received.append(statement["id"])
                        stub.stored.setdefault(statement["id"], statement)
                    answer = json.dumps([s["id"] for s in statements]).encode()
                else:
                    answer = json.dumps({"error": f"stub says {status}"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

    return Handler


@contextmanager
def stub_lrs() -> Iterator[StubLrs]:
    stub = StubLrs()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    stub.url = f"http://127.0.0.1:{server.server_address[1]}/xAPI"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


def basic_auth(headers: dict[str, str]) -> str:
    value = headers.get("Authorization", "")
    return base64.b64decode(value.removeprefix("Basic ")).decode() if value else ""


# -- Ralph ----------------------------------------------------------------------------------------


def ralph_venv() -> Path:
    """The virtualenv with Ralph, created (once, under a lock) when missing."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    home = Path(os.environ.get("QUIZ_RALPH_VENV", cache / "resilience-quiz" / "ralph-5.1.0"))
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def ralph_lrs(workdir: Path) -> Iterator[str]:
    """Ralph's LRS with the filesystem backend on a free port; yields its xAPI base URL."""
    home = ralph_venv()
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(workdir / "app"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(workdir / "data"),
    }
    ralph = str(home / "bin" / "ralph")
    subprocess.run(
        [ralph, "auth", "-u", USER, "-p", PASSWORD, "-s", "all", "-M", "mailto:teacher@example.org", "-w"],
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    port = free_port()
    log = (workdir / "ralph.log").open("wb")
    process = subprocess.Popen(
        [
            ralph,
            "runserver",
            "-b",
            "fs",
            "--fs-default-directory-path",
            str(workdir / "data"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the reloader's children end with it
    )
    url = f"http://127.0.0.1:{port}/xAPI"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if (
                    httpx.get(
                        f"{url}/statements",
                        auth=(USER, PASSWORD),
                        timeout=2,
                        headers={"X-Experience-API-Version": "1.0.3"},
                    ).status_code
                    == 200
                ):
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Ralph did not start:\n" + (workdir / "ralph.log").read_text()[-2000:])
            time.sleep(0.2)
        yield url
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        log.close()


__all__ = ["StubLrs", "basic_auth", "ralph_lrs", "stub_lrs"]
