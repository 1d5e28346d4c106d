"""Writing the files users name (exports, reports, banks): whole or not at all.

A file is written beside its place and moved there only once complete, so a write that fails
half-way (a full disk, Ctrl+C, a bank that does not validate) leaves the previous file as it
was; the failure is one line naming the file, never a traceback.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from quiz.errors import QuizError
from quiz.i18n import _


class WriteError(QuizError):
    """A file the user asked for that cannot be written."""


@contextlib.contextmanager
def replacing(path: Path, *, newline: str | None = None) -> Iterator[TextIO]:
    """A UTF-8 text stream whose content becomes ``path`` when the block ends without error.

    Devices and named pipes (``/dev/stdout``, a FIFO) are written in place: they cannot be
    replaced, and hold nothing to keep.
    """
    whole = not path.exists() or path.is_file()
    target = path.with_name(f".{path.name}.part") if whole else path
    try:
        stream = target.open("w", encoding="utf-8", newline=newline)
    except OSError as exc:
        raise WriteError(_("cannot write {path}: {why}").format(path=path, why=exc.strerror or exc)) from exc
    try:
        with stream:
            yield stream
        if whole:
            os.replace(target, path)
    except BaseException as exc:
        if whole:
            target.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, BrokenPipeError):
            raise WriteError(
                _("cannot write {path}: {why}").format(path=path, why=exc.strerror or exc)
            ) from exc
        raise


def write_text(path: Path, text: str, *, newline: str | None = None) -> None:
    """Write ``text`` to ``path`` whole or not at all (see ``replacing``)."""
    with replacing(path, newline=newline) as stream:
        stream.write(text)
