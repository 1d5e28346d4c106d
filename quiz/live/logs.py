"""Log lines that can repeat, at most once per ``every`` seconds each.

Under a flood (thousands of sockets, a full file table) the same warning fires for every
connection: 1.18 million tracebacks in 20 s, half a gigabyte of log, were seen. A line with
the same logger, level and message template is let through once per window; the next one
that passes says how many were held back.
"""

from __future__ import annotations

import logging
import sys

EVERY = 10.0


class RepeatLimit(logging.Filter):
    """Lets each distinct (logger, level, template) through at most once per ``every`` seconds."""

    def __init__(self, every: float = EVERY) -> None:
        super().__init__()
        self.every = every
        self._last: dict[tuple[str, int, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.levelno, str(record.msg))
        now = record.created
        last, held = self._last.get(key, (0.0, 0))
        if now - last < self.every:
            self._last[key] = (last, held + 1)
            return False
        self._last[key] = (now, 0)
        if held:
            record.msg = f"{record.msg} (and {held} more like it in the last {self.every:g} s)"
        if len(self._last) > 10_000:
            self._last = {k: v for k, v in self._last.items() if now - v[0] < self.every}
        return True


def limit_repeats(every: float = EVERY) -> None:
    """Put a ``RepeatLimit`` on every root handler (a stderr handler first, if there is none)."""
    root = logging.getLogger()
    if not root.handlers:
        stderr = logging.StreamHandler(sys.stderr)
        stderr.setLevel(logging.WARNING)
        stderr.setFormatter(logging.Formatter("%(asctime)s %(name)s: %(message)s"))
        root.addHandler(stderr)
    for handler in root.handlers:
        if not any(isinstance(f, RepeatLimit) for f in handler.filters):
            handler.addFilter(RepeatLimit(every))
