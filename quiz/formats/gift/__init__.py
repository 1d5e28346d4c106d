"""Moodle's GIFT format, in three parts: the parser (a file as Moodle reads it), the mapping
(Moodle's questions as bank questions) and the writer (a bank as GIFT for Moodle)."""

from quiz.formats.gift.mapping import import_gift
from quiz.formats.gift.parser import (
    GiftQuestion,
    GiftSyntaxError,
    extract_id_and_tags,
    parse_gift,
    parse_question,
    split_blocks,
)
from quiz.formats.gift.writer import bank_to_gift, escape, moodle_differences, question_to_gift

__all__ = [
    "GiftQuestion",
    "GiftSyntaxError",
    "bank_to_gift",
    "escape",
    "extract_id_and_tags",
    "import_gift",
    "moodle_differences",
    "parse_gift",
    "parse_question",
    "question_to_gift",
    "split_blocks",
]
