"""Question banks: the file format (``models``) and reading it (``loader``). Pure: no I/O but files."""

from quiz.bank.loader import Bank, BankError, LoadResult, Problem, load_bank, load_banks
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

__all__ = [
    "AnyQuestion",
    "Bank",
    "BankError",
    "BankInfo",
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
]
