"""A learner with only a browser joins through `quiz host --web`'s textual-serve page."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("browser_join", REPO / "scripts" / "browser_join.py")
assert spec is not None
assert spec.loader is not None
browser_join = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = browser_join  # its dataclasses look their module up there
spec.loader.exec_module(browser_join)


@pytest.mark.skipif(browser_join.chromium() is None, reason="needs Chromium (apt-get install chromium)")
async def test_headless_chromium_joins_answers_and_sees_the_result(tmp_path: Path) -> None:
    shot = tmp_path / "browser-join.png"
    seen = await browser_join.browser_join(shot)
    assert seen.names == ["Browser Learner"]  # the server has the learner the browser typed in
    assert seen.answered == 1  # the answer keyed into the page reached the server
    assert seen.verdict == "Right!"  # and the page was sent the result to draw
    assert seen.outside == []  # no web fonts or scripts from the internet: it works offline
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 10_000  # a drawn screen, not a blank page
