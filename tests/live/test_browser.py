"""A learner with only a browser joins through `quiz host --web`'s textual-serve page."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("browser_join", REPO / "scripts" / "browser_join.py")
assert spec is not None
assert spec.loader is not None
browser_join = importlib.util.module_from_spec(spec)
spec.loader.exec_module(browser_join)


@pytest.mark.skipif(browser_join.chromium() is None, reason="needs Chromium (apt-get install chromium)")
async def test_headless_chromium_joins_and_renders_the_lobby(tmp_path: Path) -> None:
    shot = tmp_path / "browser-join.png"
    names = await browser_join.browser_join(shot)
    assert names == ["Browser Learner"]  # the server has the learner the browser typed in
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG")
    assert len(data) > 10_000  # a drawn screen, not a blank page
