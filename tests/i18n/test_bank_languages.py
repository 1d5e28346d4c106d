"""Learners read a bank in their language where it has a translation; attempts say which."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.bank import load_bank
from quiz.cli import cli
from quiz.engine.request import StartRequest
from quiz.i18n import choose_language, from_environment
from quiz.services.attempts import RecordedAttempt, start_attempt
from quiz.store import Store
from tests.conftest import FIXTURES

MINI = FIXTURES / "translated" / "mini.toml"
# With --no-shuffle the order is single, multiple, true_false, headline; right answers:
RIGHT = "1\n1,2\n1\n2\n"


def take(db: Path, *options: str, stdin: str = RIGHT) -> str:
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), *options, "take", str(MINI), "--plain", "--no-shuffle", "--name", "Ona"],
        input=stdin,
        env={"COLUMNS": "200", "LANG": "C.UTF-8", "LANGUAGE": "", "LC_ALL": ""},
    )
    assert result.exit_code == 0, result.output
    return result.output


def test_a_learner_reads_the_bank_in_their_language_and_the_attempt_remembers_it(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    out = take(db, "--lang", "lt")
    assert "Kuris metodas apsimeta patikimu šaltiniu?" in out
    assert "  2. Trolinimas" in out
    assert "Which technique" not in out
    assert "not yet translated" not in out
    with Store(db) as store:
        (row,) = store.attempts()
        assert row.language == "lt"
        assert row.percent == 100.0  # scored as the bank's own questions


def test_without_a_translation_the_bank_is_in_english_with_a_note(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    out = take(db, "--lang", "uk")
    assert "Which technique fakes a trusted source?" in out
    # The note names both languages in the interface's language.
    assert "is not yet translated into" in out or "не перекладено" in out
    with Store(db) as store:
        (row,) = store.attempts()
        assert row.language == "en"


def test_the_language_comes_from_the_environment_when_nothing_else_says(tmp_path: Path) -> None:
    db = tmp_path / "q.db"
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), "take", str(MINI), "--plain", "--no-shuffle", "--name", "Ona"],
        input=RIGHT,
        env={"COLUMNS": "200", "LANG": "ja_JP.UTF-8", "LANGUAGE": "", "LC_ALL": ""},
    )
    assert "信頼できる情報源になりすます手法はどれですか？" in result.output


def test_language_order_option_then_setting_then_environment() -> None:
    env = {"LANG": "ja_JP.UTF-8"}
    assert choose_language("lt", "uk", env) == "lt"
    assert choose_language(None, "uk", env) == "uk"
    assert choose_language(None, None, env) == "ja"
    assert choose_language(None, None, {}) == "en"
    assert from_environment({"LC_ALL": "uk_UA.UTF-8", "LANG": "ja_JP.UTF-8"}) == "uk"
    assert from_environment({"LANGUAGE": "fr:lt", "LANG": "en_US.UTF-8"}) == "lt"
    assert from_environment({"LANG": "fr_FR.UTF-8"}) is None  # a language the app lacks: English
    assert from_environment({"LANG": "C.UTF-8"}) is None


def test_a_resumed_attempt_stays_in_the_language_it_was_started_in(store: Store) -> None:
    bank = load_bank(MINI)
    learner = store.remember_learner("Ona")
    run = start_attempt(store, bank, learner, StartRequest(bank="mini", language="ja", shuffle=False))
    assert run.bank.info.language == "ja"
    store.claims.release(run.id)
    again = RecordedAttempt.resume(store, bank, run.id)
    assert again.bank.question("mini-single").prompt.startswith("信頼")
    assert again.attempt.bank.info.title == "ミニチェック"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_exports_say_the_language_and_pool_by_question_id(tmp_path: Path, fmt: str) -> None:
    db = tmp_path / "q.db"
    take(db, "--lang", "lt")
    take(db, "--lang", "ja")
    take(db)
    out = tmp_path / f"all.{fmt}"
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "json":
        attempts = json.loads(text)["attempts"]
        assert sorted(a["language"] for a in attempts) == ["en", "ja", "lt"]
        assert {tuple(a["question_ids"]) for a in attempts} == {
            ("mini-single", "mini-multiple", "mini-tf", "mini-headline")
        }
    else:
        header, *rows = text.splitlines()
        column = header.split(",").index("language")
        assert sorted(row.split(",")[column] for row in rows) == ["en", "ja", "lt"]


def test_xapi_language_maps_carry_every_language_of_the_bank(tmp_path: Path, quiz_home: Path) -> None:
    import shutil

    shutil.copytree(MINI.parent, quiz_home / "banks")
    db = tmp_path / "q.db"
    result = CliRunner().invoke(
        cli,
        ["--db", str(db), "--lang", "lt", "take", "mini", "--plain", "--no-shuffle", "--name", "Ona"],
        input=RIGHT,
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "x.jsonl"
    result = CliRunner().invoke(cli, ["--db", str(db), "export", "--format", "xapi", "--out", str(out)])
    assert result.exit_code == 0, result.output
    statements = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {s["context"]["language"] for s in statements} == {"lt"}
    assert statements[0]["object"]["definition"]["name"] == {
        "en": "Mini check",
        "ja": "ミニチェック",
        "lt": "Mažas patikrinimas",
    }
    single = next(s for s in statements if s["object"]["id"].endswith("/questions/mini-single"))
    definition = single["object"]["definition"]
    assert definition["description"] == {
        "en": "Which technique fakes a trusted source?",
        "ja": "信頼できる情報源になりすます手法はどれですか？",
        "lt": "Kuris metodas apsimeta patikimu šaltiniu?",
    }
    assert definition["choices"][1]["description"] == {"en": "Trolling", "ja": "荒らし", "lt": "Trolinimas"}
    # What a machine reads stays the same in every language: verb ids, choice ids, the pattern.
    assert single["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
    assert [c["id"] for c in definition["choices"]] == ["a", "b", "c"]
    assert definition["correctResponsesPattern"] == ["a"]
