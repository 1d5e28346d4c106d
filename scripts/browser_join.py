"""A learner with nothing but a browser joins a live session, answers and sees the result.

    python scripts/browser_join.py [--out browser-join.png] [--bank sanctions]

Starts `quiz host BANK --headless` (one question, a fixed seed) and `quiz web-join` (the
textual-serve page of `quiz host --web`) on free ports on 127.0.0.1, and drives Debian's
`chromium` over the DevTools protocol. The page is read as the browser reads it: every
terminal frame the page receives over its WebSocket is collected, and the script waits (by
polling, never a fixed pause) until the screen says what a learner would look for: the join
form, then "You are in", then the question, and after pressing the right option's number key
(the server reveals once everyone has answered), "Right!". It checks with the server, as the
host, that the browser learner joined and that their answer arrived, that nothing the page
loaded or refers to (tags, style sheets with their @import and url(), inline styles) is
beyond 127.0.0.1, and saves a screenshot of the result.
Everything stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
SEED = 11
NAME = "Browser Learner"
ANSI = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


async def wait_http(url: str, timeout: float = 30.0) -> None:
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
    """The smallest DevTools client that can type, read what the page was sent, and take a picture."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 0
        self.replies: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.received = bytearray()
        """Every byte of terminal output the page's WebSocket received, in order."""
        self.requested: list[str] = []
        """Every URL the browser asked for for the page (documents, styles, fonts, images,
        scripts, WebSockets), whatever asked: a tag, CSS's @import or url(), an inline style."""
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for frame in self.ws:
            event = json.loads(frame.data)
            if "id" in event and event["id"] in self.replies:
                self.replies.pop(event["id"]).set_result(event)
            elif event.get("method") == "Network.requestWillBeSent":
                self.requested.append(event["params"]["request"]["url"])
            elif event.get("method") == "Network.webSocketCreated":
                self.requested.append(event["params"]["url"])
            elif event.get("method") == "Network.webSocketFrameReceived":
                response = event["params"]["response"]
                if response.get("opcode") == 2:  # binary: the quiz process's terminal output
                    self.received += base64.b64decode(response["payloadData"])

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        reply: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.replies[self.next_id] = reply
        await self.ws.send_json({"id": self.next_id, "method": method, "params": params})
        event = await asyncio.wait_for(reply, 30)
        if "error" in event:
            raise RuntimeError(f"{method}: {event['error']}")
        return dict(event.get("result", {}))

    def text(self, since: int = 0) -> str:
        """What the terminal was told to draw (from byte ``since`` on), without escape sequences."""
        return ANSI.sub("", self.received[since:].decode("utf-8", "replace"))

    async def wait_for(self, words: str, since: int = 0, timeout: float = 30.0) -> None:
        """Until the page has been sent ``words`` to draw (after byte ``since``)."""
        deadline = time.monotonic() + timeout
        while words not in self.text(since):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the page never showed {words!r}")
            await asyncio.sleep(0.1)

    async def type(self, text: str) -> None:
        """Key by key, as a person types, until the page has drawn what was typed.

        A person sees the text appear before pressing Enter; so does this (xterm.js may pass
        an Enter on before the letters typed just before it).
        """
        since = len(self.received)
        for ch in text:
            await self.call("Input.dispatchKeyEvent", type="keyDown", key=ch, text=ch)
            await self.call("Input.dispatchKeyEvent", type="keyUp", key=ch)
        await self.wait_for(text, since)

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


REFERENCES = r"""(() => {
  const found = [];
  const urls = (text, base) => [...text.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/g)]
    .map(m => new URL(m[2], base).href);
  const sheet = (s) => {
    const base = s.href || document.baseURI;
    if (s.href) found.push(s.href);
    let rules;
    try { rules = s.cssRules; } catch (e) { return; }  // another origin's: its href is listed
    walk(rules, base);
  };
  const walk = (rules, base) => {
    for (const rule of rules) {
      if (rule instanceof CSSImportRule) {
        found.push(new URL(rule.href, base).href);
        if (rule.styleSheet) sheet(rule.styleSheet);
      } else {
        found.push(...urls(rule.cssText, base));
        if (rule.cssRules) walk(rule.cssRules, base);
      }
    }
  };
  for (const s of document.styleSheets) sheet(s);
  for (const el of document.querySelectorAll("[style]"))
    found.push(...urls(el.getAttribute("style"), document.baseURI));
  for (const el of document.querySelectorAll("link[href], script[src], img[src], iframe[src], source[src]"))
    found.push(el.href || el.src);
  for (const entry of performance.getEntriesByType("resource")) found.push(entry.name);
  return found;
})()"""
"""Every URL the page refers to for loading: its style sheets (linked, in <style>, and what they
@import) with every url() in their rules (fonts, images), inline style attributes, and the tags
that load (link, script, img, iframe, source), resolved as the browser resolves them."""


async def references(page: Page) -> list[str]:
    """The URLs the page refers to for loading (``REFERENCES``), as the browser parsed them."""
    reply = await page.call("Runtime.evaluate", expression=REFERENCES, returnByValue=True)
    return list(reply["result"]["value"])


def outside(urls: list[str], host: str = "127.0.0.1") -> list[str]:
    """The URLs that would reach beyond ``host``: all but its own, data: and blob: ones."""
    local = {"data", "blob", "about"}
    return sorted({u for u in urls if urlsplit(u).scheme not in local and urlsplit(u).hostname != host})


@asynccontextmanager
async def opened(browser: str, scratch: str) -> AsyncIterator[Page]:
    """Headless Chromium with one blank page, driven over DevTools; stopped on the way out."""
    debug_port = free_port()
    process = subprocess.Popen(
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
    try:
        await wait_http(f"http://127.0.0.1:{debug_port}/json/version")
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{debug_port}/json/list") as response:
                targets = await response.json()
            page_url = next(t["webSocketDebuggerUrl"] for t in targets if t.get("type") == "page")
            async with http.ws_connect(page_url, max_msg_size=0) as ws:
                page = Page(ws)
                try:
                    await page.call("Page.enable")
                    await page.call("Network.enable")
                    yield page
                finally:
                    page.reader.cancel()
    finally:
        stop(process)


def stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@dataclass
class Seen:
    """What the server (asked as the host) and the page showed."""

    names: list[str] = field(default_factory=list)
    answered: int = 0
    verdict: str = ""
    loaded: list[str] = field(default_factory=list)
    """Every URL the browser requested for the page or found referenced in it (``REFERENCES``)."""
    outside: list[str] = field(default_factory=list)
    """Those beyond 127.0.0.1 (none: the page works offline)."""


def right_key(bank_name: str) -> str:
    """The number key of the right option of the session's one question (the server's plan)."""
    from quiz import config
    from quiz.bank.catalog import bank_dirs, find_bank
    from quiz.engine import plan_attempt
    from quiz.kinds.registry import kind_of

    bank = find_bank(bank_name, bank_dirs(config.bundled_banks_dir(), config.user_banks_dir()))
    item = plan_attempt(bank, count=1, seed=SEED, shuffle=False).items[0]
    question = bank.by_id[item.question_id]
    return str(item.order.index(min(kind_of(question).correct_response(question))) + 1)


async def browser_join(out: Path, bank: str = "sanctions") -> Seen:
    """Run the whole scene; what the server and the page showed."""
    from quiz.live import protocol as p
    from quiz.live.client import LiveClient

    browser = chromium()
    if browser is None:
        raise FileNotFoundError("no chromium on this machine (apt-get install chromium)")
    live_port, web_port = free_port(), free_port()
    quiz = [sys.executable, "-m", "quiz"]
    seen = Seen()
    with tempfile.TemporaryDirectory(prefix="quiz-browser-") as scratch:
        env = {**os.environ, "QUIZ_HOME": f"{scratch}/home"}
        hosting = [*quiz, "--db", f"{scratch}/host.db", "host", bank, "--headless"]
        session = ["--port", str(live_port), "--questions", "1", "--no-shuffle", "--seed", str(SEED)]
        server = subprocess.Popen(
            [*hosting, *session, "--time", "120"],
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
                    [*quiz, "web-join", f"127.0.0.1:{live_port}", "--port", str(web_port)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    env=env,
                )
            )
            await wait_http(f"http://127.0.0.1:{web_port}/")
            async with (
                opened(browser, scratch) as page,
                LiveClient(started["url"], code=code, host_token=host_token) as host,
            ):
                await host.connect()
                try:
                    await page.call("Page.navigate", url=f"http://127.0.0.1:{web_port}/")
                    await page.wait_for("Join code")
                    await page.call(
                        "Runtime.evaluate",
                        expression="document.querySelector('.xterm-helper-textarea').focus()",
                    )
                    await page.type(code)  # the form focuses the first empty field: the code
                    since = len(page.received)
                    await page.enter()  # Enter moves on to the empty name, and says so
                    await page.wait_for("fill in the name", since)
                    await page.type(NAME)
                    await page.enter()
                    await page.wait_for("You are in")
                    while NAME not in seen.names:
                        event = await host.next_event(timeout=30)
                        if isinstance(event, p.Participants):
                            seen.names = [person.name for person in event.participants]
                    await host.start()
                    await page.wait_for("Question 1 of 1")
                    await page.call(
                        "Input.dispatchKeyEvent", type="keyDown", key=(key := right_key(bank)), text=key
                    )
                    while not seen.answered:  # the server reveals once everyone has answered
                        event = await host.next_event(timeout=30)
                        if isinstance(event, p.RevealMessage):
                            seen.answered = event.answered
                    await page.wait_for("Right!")
                    seen.verdict = "Right!"
                    seen.loaded = [*page.requested, *await references(page)]
                    seen.outside = outside(seen.loaded)
                finally:
                    await page.screenshot(out)
            return seen
        finally:
            for process in reversed(processes):
                stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("browser-join.png"))
    parser.add_argument("--bank", default="sanctions")
    args = parser.parse_args()
    seen = asyncio.run(browser_join(args.out, args.bank))
    print(f"the server's participants: {', '.join(seen.names)}")
    print(f"answers at the reveal: {seen.answered}; the page showed: {seen.verdict}")
    print(f"the page loaded {len(set(seen.loaded))} URLs, {len(seen.outside)} beyond 127.0.0.1")
    print(f"saved {args.out}")


if __name__ == "__main__":
    main()
