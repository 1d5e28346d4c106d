"""Finding banks by id across the bundled and the user's bank folders."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quiz.bank.loader import Bank, load_bank, load_banks
from quiz.errors import BankNotFoundError
from quiz.i18n import _
from quiz.i18n.lists import together
from quiz.infra.controls import visible


def bank_dirs(bundled: Path, user: Path) -> list[Path]:
    return [d for d in (bundled, user) if d.is_dir()]


def find_bank(name: str, dirs: Sequence[Path]) -> Bank:
    """A bank by id (``sanctions``) or by path to a ``.toml`` file."""
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        if not path.exists() or path.is_dir():
            raise BankNotFoundError(_("no bank file at {path}").format(path=visible(str(path))))
        return load_bank(path)  # a pipe or a device: its problem says what it is
    for directory in dirs:
        candidate = directory / f"{name}.toml"
        if candidate.is_file():
            return load_bank(candidate)
    result = load_banks(dirs)
    for bank in result.banks:
        if bank.id == name:
            return bank
    # The message is the user's language's (the pure core's words come from the same catalogs
    # as the front ends'; the language is chosen before any bank is looked for).
    known = together(sorted(b.id for b in result.banks)) or _("none found")
    raise BankNotFoundError(
        _("no bank called “{name}” (banks: {known})").format(name=visible(name), known=known)
    )


__all__ = ["bank_dirs", "find_bank"]
