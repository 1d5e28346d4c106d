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
