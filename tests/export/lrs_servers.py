"""Two LRSs on 127.0.0.1 for the push tests: a stub that fails on cue, and a real Ralph.

Ralph runs from its own virtualenv (``tests/export/ralph_install.py``), which ``.ci/run``
installs before the tests and the ``ralph`` fixture otherwise installs once per machine.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def ralph_lrs(home: Path, workdir: Path) -> Iterator[str]:
    """Ralph's LRS (installed in ``home``) with the filesystem backend on a free port; yields
    its xAPI base URL."""
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
    # uvicorn straight, not `ralph runserver`: that adds a reloader, a second process that
    # imports Ralph all over again before the server answers.
    process = subprocess.Popen(
        [
            str(home / "bin" / "python"),
            "-m",
            "uvicorn",
            "ralph.api:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, ended as one
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
