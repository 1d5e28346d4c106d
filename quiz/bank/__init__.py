"""Question banks: the file format (``models``) and reading it (``loader``). Pure: no I/O but files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.infra.lazy import lazy_exports

if TYPE_CHECKING:
    from quiz.bank.loader import (
        Bank,
        BankError,
        LoadResult,
        load_bank,
        load_banks,
    )
    from quiz.bank.models import (
        AnyQuestion,
        BankInfo,
        Difficulty,
        Source,
        Technique,
    )
    from quiz.bank.problems import Problem
    from quiz.bank.summary import (
        BankSummary,
        summarise_banks,
    )

_EXPORTS = {
    "AnyQuestion": "quiz.bank.models",
    "Bank": "quiz.bank.loader",
    "BankError": "quiz.bank.loader",
    "BankInfo": "quiz.bank.models",
    "BankSummary": "quiz.bank.summary",
    "Difficulty": "quiz.bank.models",
    "LoadResult": "quiz.bank.loader",
    "Problem": "quiz.bank.problems",
    "Source": "quiz.bank.models",
    "Technique": "quiz.bank.models",
    "load_bank": "quiz.bank.loader",
    "load_banks": "quiz.bank.loader",
    "summarise_banks": "quiz.bank.summary",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = [
    "AnyQuestion",
    "Bank",
    "BankError",
    "BankInfo",
    "BankSummary",
    "Difficulty",
    "LoadResult",
    "Problem",
    "Source",
    "Technique",
    "load_bank",
    "load_banks",
    "summarise_banks",
]
