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
        Choice,
        Difficulty,
        HeadlineQuestion,
        MultipleQuestion,
        QuestionType,
        SingleQuestion,
        Source,
        Technique,
        TrueFalseQuestion,
        Verdict,
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
    "Choice": "quiz.bank.models",
    "Difficulty": "quiz.bank.models",
    "HeadlineQuestion": "quiz.bank.models",
    "LoadResult": "quiz.bank.loader",
    "MultipleQuestion": "quiz.bank.models",
    "Problem": "quiz.bank.problems",
    "QuestionType": "quiz.bank.models",
    "SingleQuestion": "quiz.bank.models",
    "Source": "quiz.bank.models",
    "Technique": "quiz.bank.models",
    "TrueFalseQuestion": "quiz.bank.models",
    "Verdict": "quiz.bank.models",
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
    "Choice",
    "Difficulty",
    "HeadlineQuestion",
    "LoadResult",
    "MultipleQuestion",
    "Problem",
    "QuestionType",
    "SingleQuestion",
    "Source",
    "Technique",
    "TrueFalseQuestion",
    "Verdict",
    "load_bank",
    "load_banks",
    "summarise_banks",
]
