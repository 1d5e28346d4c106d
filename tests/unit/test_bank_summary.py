from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from quiz.bank import load_bank
from quiz.bank.summary import summarise_banks
from tests.conftest import FIXTURES, REPO


def test_summaries_agree_with_the_validated_banks() -> None:
    for summary in summarise_banks([REPO / "questions"]):
        bank = load_bank(summary.path)
        assert summary.id == bank.id
        assert summary.title == bank.info.title
        assert summary.questions == len(bank.questions)
        assert list(summary.topics) == bank.topics
        assert summary.pass_mark == bank.info.pass_mark


def test_cache_is_used_until_the_file_changes(tmp_path: Path) -> None:
    bank = tmp_path / "sample.toml"
    shutil.copy(FIXTURES / "sample.toml", bank)
    cache = tmp_path / "cache" / "banks.json"
    (first,) = summarise_banks([tmp_path], cache)
    assert first.title == "Sample bank"
    # Tamper with the cached title: an unchanged file is not read again, so it shows.
    data = json.loads(cache.read_text())
    data[str(bank)][1]["title"] = "From the cache"
    cache.write_text(json.dumps(data))
    (cached,) = summarise_banks([tmp_path], cache)
    assert cached.title == "From the cache"
    # Edit the bank: size and mtime change, so it is read afresh and the cache rewritten.
    bank.write_text(bank.read_text().replace('title = "Sample bank"', 'title = "Renamed bank"'))
    os.utime(bank, ns=(1, 1))
    (fresh,) = summarise_banks([tmp_path], cache)
    assert fresh.title == "Renamed bank"
    assert json.loads(cache.read_text())[str(bank)][1]["title"] == "Renamed bank"


def test_a_broken_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "banks.json"
    cache.write_text("{not json")
    (summary,) = summarise_banks([FIXTURES / "sample.toml"], cache)
    assert summary.questions == 5


def test_summaries_carry_each_translations_title_as_validation_reads_it() -> None:
    for summary in summarise_banks([REPO / "questions"]):
        bank = load_bank(summary.path)
        assert sorted(found[0] for found in summary.translated) == sorted(bank.translations)
        for language in bank.translations:
            shown = bank.in_language(language).info
            assert summary.in_language(language).title == shown.title
            assert summary.in_language(language).description == (shown.description or summary.description)
        assert summary.in_language(bank.info.language) == summary
        assert summary.in_language("fr") == summary  # no such translation: the bank's own words


def test_a_changed_translation_is_read_again(tmp_path: Path) -> None:
    for file in (FIXTURES / "translated").iterdir():
        shutil.copy(file, tmp_path / file.name)
    cache = tmp_path / "cache" / "banks.json"
    (first,) = summarise_banks([tmp_path], cache)
    lithuanian = first.in_language("lt").title
    assert lithuanian != first.title
    translation = tmp_path / "mini.lt.toml"
    translation.write_text(translation.read_text(encoding="utf-8").replace(lithuanian, "Naujas pavadinimas"))
    os.utime(translation, ns=(1, 1))  # changed, whatever the clock's resolution
    (again,) = summarise_banks([tmp_path], cache)
    assert again.in_language("lt").title == "Naujas pavadinimas"
    translation.unlink()
    (alone,) = summarise_banks([tmp_path], cache)
    assert alone.in_language("lt") == alone
