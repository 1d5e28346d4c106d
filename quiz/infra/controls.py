"""Control characters in text that came from a file: found, named, and shown harmlessly.

A bank's text reaches terminals: the TUI, plain mode, ``quiz validate``. An escape sequence in
it (``ESC [2J`` clears the screen, OSC 52 writes the clipboard, OSC 0 retitles the window) or a
NUL would act on the learner's terminal instead of being read. Newline and tab are text; every
other C0 and C1 control character (and DEL) is refused where text comes in, and made visible
(``\\x1b``) wherever a one-line message must quote it (a file name, say).
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters text may not hold: C0 controls but tab and newline, DEL, and the C1 controls."""

_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "backspace",
    0x0C: "form feed",
    0x0D: "carriage return",
    0x1B: "ESC",
    0x7F: "DEL",
    0x9B: "CSI",
    0x9D: "OSC",
}


def first_control(text: str) -> str | None:
    """The first control character in ``text``, or None."""
    found = CONTROL.search(text)
    return found.group() if found else None


def describe(char: str) -> str:
    """``U+001B (ESC)``: for messages."""
    code = ord(char)
    name = _NAMES.get(code)
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def visible(text: str) -> str:
    """``text`` with every control character (newline and tab too) written as ``\\xNN``: safe
    to print anywhere, and on one line."""
    return _ANY_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
