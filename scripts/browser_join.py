"""Open the browser join page in headless Chromium, wait until the join form is drawn, and
save a screenshot: proof that a learner with nothing but a browser can join.

    python scripts/browser_join.py [--out browser-join.png]

Starts a session server on the sanctions bank and `quiz.live.web` (textual-serve) on free
ports on 127.0.0.1, drives Debian's `chromium` over the DevTools protocol (real waiting: the
page draws only after textual-serve has started a `quiz join` process for it), types the code
and a name into the join form, checks with the server (as the host) that the browser learner
joined, and saves the screenshot of the learner's lobby. Everything stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,800",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


async def wait_http(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while True:
            try:
                async with http.get(url) as response:
                    if response.status < 500:
                        return
            except aiohttp.ClientError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer")
            await asyncio.sleep(0.2)


class Page:
    """The smallest DevTools client that can type, read the screen and take a picture."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        async for frame in self.ws:
            reply = json.loads(frame.data)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))
        raise ConnectionError("DevTools closed the connection")

    async def wait_connected(self, timeout: float = 30.0) -> None:
        """Until textual-serve has started `quiz join` for this page and wired it to the terminal."""
        deadline = time.monotonic() + timeout
        while True:
            result = await self.call(
                "Runtime.evaluate",
                expression="!!document.querySelector('#terminal.-connected')",
                returnByValue=True,
            )
            if result.get("result", {}).get("value"):
                return
            if time.monotonic() > deadline:
                raise TimeoutError("the page never connected to its quiz process")
            await asyncio.sleep(0.2)

    async def type(self, text: str) -> None:
        await self.call("Input.insertText", text=text)

    async def enter(self) -> None:
        for kind in ("keyDown", "keyUp"):
            await self.call(
                "Input.dispatchKeyEvent",
                type=kind,
                key="Enter",
                code="Enter",
                windowsVirtualKeyCode=13,
                text="\r" if kind == "keyDown" else "",
            )

    async def screenshot(self, out: Path) -> None:
        shot = await self.call("Page.captureScreenshot", format="png")
        out.write_bytes(base64.b64decode(shot["data"]))


async def joined_names(
    port: int, code: str, host_token: str, expect: str, timeout: float = 30.0
) -> list[str]:
    """The participants the server has, once ``expect`` is among them (asked as the host)."""
    from quiz.live import protocol as p
    from quiz.live.client import LiveClient

    async with LiveClient(f"ws://127.0.0.1:{port}/ws", code=code, host_token=host_token) as host:
        welcome = await host.connect()
        assert isinstance(welcome, p.HostWelcome)
        names = [person.name for person in welcome.participants]
        async with asyncio.timeout(timeout):
            while expect not in names:
                event = await host.next_event()
                if isinstance(event, p.Participants):
                    names = [person.name for person in event.participants]
        return names


async def browser_join(out: Path, bank: str = "sanctions") -> list[str]:
    """Run the whole scene; returns the names the server has in its session at the end."""
    browser = chromium()
    if browser is None:
        raise FileNotFoundError("no chromium on this machine (apt-get install chromium)")
    live_port, web_port, debug_port = free_port(), free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="quiz-browser-") as scratch:
        env = {**os.environ, "QUIZ_HOME": f"{scratch}/home"}
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quiz.live",
                "--db",
                f"{scratch}/host.db",
                "--bank",
                bank,
                "--port",
                str(live_port),
            ],
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        processes = [server]
        try:
            assert server.stdout is not None
            started = json.loads(server.stdout.readline())
            code, host_token = started["code"], started["host_token"]
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "quiz.live.web",
                        "--port",
                        str(web_port),
                        "--join",
                        f"127.0.0.1:{live_port}",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
            )
            await wait_http(f"http://127.0.0.1:{web_port}/")
            processes.append(
                subprocess.Popen(
                    [
                        browser,
                        *CHROMIUM_FLAGS,
                        f"--remote-debugging-port={debug_port}",
                        f"--user-data-dir={scratch}/chromium",
                        "about:blank",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            await wait_http(f"http://127.0.0.1:{debug_port}/json/version")
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as response:
                    targets = await response.json()
                page_url = next(t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page")
                async with http.ws_connect(page_url, max_msg_size=0) as ws:
                    page = Page(ws)
                    await page.call("Page.enable")
                    await page.call("Page.navigate", url=f"http://127.0.0.1:{web_port}/")
                    await page.wait_connected()
                    await asyncio.sleep(2.0)  # the join form's first paint
                    await page.call(
                        "Runtime.evaluate",
                        expression="document.querySelector('.xterm-helper-textarea').focus()",
                    )
                    await page.type(code)  # the form focuses the first empty field: the code
                    await page.enter()  # Enter moves on to the empty name
                    await asyncio.sleep(0.5)
                    await page.type("Browser Learner")
                    await page.enter()
                    try:
                        names = await joined_names(live_port, code, host_token, "Browser Learner")
                    except TimeoutError:
                        await page.screenshot(out)
                        raise
                    await asyncio.sleep(1.5)  # the lobby's paint
                    await page.screenshot(out)
                    return names
        finally:
            for process in reversed(processes):
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("browser-join.png"))
    args = parser.parse_args()
    names = asyncio.run(browser_join(args.out))
    print(f"the server's participants: {', '.join(names)}")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
