"""A learner with only a browser joins through `quiz host --web`'s textual-serve page."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiohttp import web

from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("browser_join", REPO / "scripts" / "browser_join.py")
assert spec is not None
assert spec.loader is not None
browser_join = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = browser_join  # its dataclasses look their module up there
spec.loader.exec_module(browser_join)

needs_chromium = pytest.mark.skipif(
    browser_join.chromium() is None, reason="needs Chromium (apt-get install chromium)"
)


@needs_chromium
async def test_headless_chromium_joins_answers_and_sees_the_result(tmp_path: Path) -> None:
    shot = tmp_path / "browser-join.png"
    seen = await browser_join.browser_join(shot)
    assert seen.names == ["Browser Learner"]  # the server has the learner the browser typed in
    assert seen.answered == 1  # the answer keyed into the page reached the server
    assert seen.verdict == "Right!"  # and the page was sent the result to draw
    # Offline: nothing the page loaded or refers to is beyond 127.0.0.1, and what was looked at
    # is the whole page: its style sheet, the font and the image its styles name, its script.
    assert seen.outside == []
    files = {urlsplit(url).path.rsplit("/", 1)[-1] for url in seen.loaded}
    assert {"xterm.css", "RobotoMono-VariableFont_wght.ttf", "background.png", "textual.js"} <= files
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 10_000  # a drawn screen, not a blank page


PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="/local.css">
<style>@import url("http://outside.invalid/imported.css");
body { background: url(http://outside.invalid/rule.png); }</style>
</head><body><div style="background-image: url('http://outside.invalid/inline.png')">x</div>
<img src="/local.png"></body></html>"""
SHEET = """@import "http://outside.invalid/nested.css";
@font-face { font-family: Far; src: url("http://outside.invalid/font.woff2") format("woff2"); }
p { background: url(/local-too.png); }"""


@needs_chromium
async def test_the_offline_check_finds_what_css_and_inline_styles_would_load(tmp_path: Path) -> None:
    """The check once read the HTML's href and src only: an @import, a font's url() in a linked
    style sheet or an inline style's image from the internet passed it."""

    async def page_html(_: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html")

    async def sheet(_: web.Request) -> web.Response:
        return web.Response(text=SHEET, content_type="text/css")

    app = web.Application()
    app.router.add_get("/", page_html)
    app.router.add_get("/local.css", sheet)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    expected = [f"http://outside.invalid/{name}" for name in ("font.woff2", "imported.css", "inline.png")]
    expected += [f"http://outside.invalid/{name}" for name in ("nested.css", "rule.png")]
    try:
        async with browser_join.opened(browser_join.chromium(), str(tmp_path)) as page:
            await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
            async with asyncio.timeout(30):  # a ceiling: the page is parsed in milliseconds
                while browser_join.outside(found := await browser_join.references(page)) != expected:
                    await asyncio.sleep(0.05)  # until the browser has parsed the page and its sheet
            assert f"http://127.0.0.1:{port}/local-too.png" in found  # its own are looked at, and kept
            assert browser_join.outside([f"http://127.0.0.1:{port}/", "data:font/woff2;base64,AA"]) == []
    finally:
        await runner.cleanup()
