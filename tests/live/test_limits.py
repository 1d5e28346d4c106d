"""`quiz host` survives a flood: its open-file limit is raised, repeating log lines are held back."""

from __future__ import annotations

import logging
import resource

import pytest

from quiz.live.hosting import raise_open_file_limit
from quiz.live.logs import RepeatLimit


def test_the_soft_open_file_limit_is_raised_to_the_hard_one() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard <= 256:
        pytest.skip("needs a finite hard limit above 256")
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
        assert raise_open_file_limit() == hard
        assert resource.getrlimit(resource.RLIMIT_NOFILE) == (hard, hard)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 256), hard))


def _record(message: str, when: float) -> logging.LogRecord:
    record = logging.LogRecord("aiohttp.server", logging.ERROR, __file__, 1, message, None, None)
    record.created = when
    return record


def test_a_repeating_log_line_passes_once_per_window_with_a_count() -> None:
    limit = RepeatLimit(every=10.0)
    passed = [limit.filter(_record("Error handling request", 1000.0 + i / 1000)) for i in range(5000)]
    assert passed.count(True) == 1  # 5,000 tracebacks in 5 s: one line
    assert limit.filter(_record("another message", 1001.0))  # a different line is not held back
    later = _record("Error handling request", 1011.0)
    assert limit.filter(later)
    assert later.getMessage() == "Error handling request (and 4999 more like it in the last 10 s)"
