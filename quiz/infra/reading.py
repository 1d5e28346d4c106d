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
from quiz.i18n import N_, _

_CHUNK = 1 << 20

_KINDS = {
    stat.S_IFIFO: N_("is a named pipe, not a file: only regular files are read"),
    stat.S_IFCHR: N_("is a character device, not a file: only regular files are read"),
    stat.S_IFBLK: N_("is a block device, not a file: only regular files are read"),
    stat.S_IFSOCK: N_("is a socket, not a file: only regular files are read"),
    stat.S_IFDIR: N_("is a folder, not a file: only regular files are read"),
}

_UNREADABLE = N_("cannot be read: {why}")
_ADVICE = {
    errno.EACCES: N_("cannot be read: {why} (check its permissions)"),
    errno.EPERM: N_("cannot be read: {why} (check its permissions)"),
    errno.ELOOP: N_("cannot be read: {why} (a symbolic link points at itself)"),
}


class ReadError(QuizError):
    """A file that cannot be read whole: ``reason`` says why, in words for the user."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(_("{path}: {reason}").format(path=path, reason=reason))


class TooLargeError(ReadError):
    """A file over the limit; ``size`` is how big it is (at least ``limit`` + 1 when it grew)."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            path,
            _("is {size}, over the limit of {limit}").format(size=megabytes(size), limit=megabytes(limit)),
        )


def megabytes(size: int) -> str:
    from quiz.i18n.numbers import decimal, decimal_fixed

    whole = size / (1024 * 1024)
    # "64.0 MB" for a byte over 64 MB: the limit's figure would hide that it is over.
    return _("{n} MB").format(n=decimal(whole, 0) if whole == int(whole) else decimal_fixed(whole, 1))


def os_reason(exc: OSError) -> str:
    """``cannot be read: Permission denied (check its permissions)`` and the like."""
    words = exc.strerror or str(exc)
    return _(_ADVICE.get(exc.errno or 0, _UNREADABLE)).format(why=words)


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
            what = _KINDS.get(kind, N_("is not a regular file: only regular files are read"))
            raise ReadError(path, _(what))
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
