"""Standard output that cannot be written (``quiz export > /dev/full``): one line, not a traceback.

A file the user names is written whole or not at all (``quiz.infra.files``); standard output
may be a full disk, a device that fails or a closed pipe, and fails half-way. The failure is
said once, on standard error, and what is left in Python's buffers is dropped, so that the
interpreter's last flush at exit does not print an "Exception ignored" of its own.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys

from quiz.i18n import _
from quiz.infra.files import WriteError

_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EROFS})


def stdout_failure(exc: OSError) -> WriteError | None:
    """The one-line error when ``exc`` came from writing standard output, else None.

    Errors that name a file came from that file, not from the output; a closed pipe is
    click's to end quietly.
    """
    if exc.filename is not None or isinstance(exc, BrokenPipeError):
        return None
    if exc.errno not in _WRITE_ERRORS and _flushes(sys.stdout):
        return None
    discard_stdout()
    return WriteError(
        _("cannot write the output: {why} (the output is incomplete)").format(why=exc.strerror or exc)
    )


def _flushes(stream: object) -> bool:
    try:
        stream.flush()  # type: ignore[attr-defined]
    except OSError:
        return False
    except (AttributeError, ValueError):
        return True
    return True


def discard_stdout() -> None:
    """Point standard output at the null device: buffered text goes nowhere, and quietly."""
    with contextlib.suppress(OSError, AttributeError, ValueError):
        fd = sys.stdout.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)
