"""Messages ready for the wire: serialised once and framed once, however many peers get them.

A question for 5,000 learners is one JSON text and one WebSocket frame, written as the same
bytes to every socket. Sending it through aiohttp's ``send_str`` would build the frame again
per peer and cost a coroutine (and in a broadcast a task) for each: 5,000 tasks and frames were
most of the 0.9 s a question took to reach a room of 5,000 (benchmarks/live_load.py). aiohttp
has no way to send a prepared frame, so the frame is made here: a server's frames are never
masked (RFC 6455, section 5.1), so its bytes are the same for every recipient.
"""

from __future__ import annotations

import struct

from pydantic import BaseModel

_TEXT = 0x81
"""FIN and the text opcode: one whole text message per frame (RFC 6455, section 5.2)."""


class Frame:
    """One message: its JSON ``text``, and its WebSocket ``wire`` bytes, built on first use."""

    __slots__ = ("_wire", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._wire: bytes | None = None

    @classmethod
    def of(cls, message: BaseModel) -> Frame:
        return cls(message.model_dump_json())

    @property
    def wire(self) -> bytes:
        if self._wire is None:
            self._wire = ws_frame(self.text.encode())
        return self._wire


def ws_frame(payload: bytes) -> bytes:
    """An unmasked, final WebSocket text frame carrying ``payload`` (a server's frame)."""
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", _TEXT, size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", _TEXT, 126, size)
    else:
        header = struct.pack("!BBQ", _TEXT, 127, size)
    return header + payload
