"""Reading the files users name: regular files only, and never more than a limit.

A bank folder may hold anything a user (or an attacker) put there: a named pipe that would
block ``open`` forever, a link to ``/dev/zero`` that never ends, a file without read
permission, a link to ``/proc/self/mem`` that fails with an I/O error. Each becomes one
``ReadError`` naming the file and what is wrong, never a hang, an endless read or a traceback.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from quiz.errors import QuizError

_CHUNK = 1 << 20

_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}

_ADVICE = {
    errno.EACCES: "check its permissions",
    errno.EPERM: "check its permissions",
    errno.ELOOP: "a symbolic link points at itself",
}


class ReadError(QuizError):
    """A file that cannot be read whole: ``reason`` says why, in words for the user."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class TooLargeError(ReadError):
    """A file over the limit; ``size`` is how big it is (at least ``limit`` + 1 when it grew)."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(path, f"is {megabytes(size)}, over the limit of {megabytes(limit)}")


def megabytes(size: int) -> str:
    whole = size / (1024 * 1024)
    return f"{whole:.0f} MB" if whole == int(whole) else f"{whole:.1f} MB"


def os_reason(exc: OSError) -> str:
    """``cannot be read: Permission denied (check its permissions)`` and the like."""
    words = exc.strerror or str(exc)
    advice = _ADVICE.get(exc.errno or 0)
    return f"cannot be read: {words}" + (f" ({advice})" if advice else "")


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them, or ``ReadError``.

    The file is opened without blocking (a named pipe with no writer would otherwise block
    ``open`` itself) and checked with ``fstat`` on the open descriptor, so what is read is what
    was checked. The size is checked first, and reading stops past ``limit`` anyway, for files
    that grow meanwhile or whose size says 0 (``/proc``).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ReadError(path, os_reason(exc)) from exc
    try:
        info = os.fstat(fd)
        kind = stat.S_IFMT(info.st_mode)
        if kind != stat.S_IFREG:
            what = _KINDS.get(kind, "not a regular file")
            raise ReadError(path, f"is {what}, not a file: only regular files are read")
        if info.st_size > limit:
            raise TooLargeError(path, info.st_size, limit)
        parts: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(max(info.st_size + 1 - total, _CHUNK), limit + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TooLargeError(path, total, limit)
        return parts[0] if len(parts) == 1 else b"".join(parts)
    except OSError as exc:
        raise ReadError(path, os_reason(exc)) from exc
    finally:
        os.close(fd)
