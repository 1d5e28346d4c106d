"""A bank's topics in the learner's language wherever they are shown: the home screen (before
and after validation), the options dialog, the results, plain mode, the HTML report, `quiz
banks` and the "no question matches" message; `--topic` takes them in either language, and the
exports and filters keep the bank's own words (issue 18's follow-up: topics had no translation).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.widgets import SelectionList, Static

from quiz.bank import load_bank
from quiz.bank.summary import summarise, summarise_banks
from quiz.cli import cli
from quiz.engine import NoQuestionsError
from quiz.engine.plan import plan_attempt, select_questions
from quiz.frontends.tui import AppSettings, QuizApp, make_app
from quiz.frontends.tui.screens.home import HomeScreen
from quiz.i18n import set_language
from tests.conftest import FIXTURES, FakeClock
from tests.tui.conftest import until

LT_TOPICS = (
    '\n[translation.topics]\nverification = "patikrinimas"\n'
    '"manipulation techniques" = "manipuliavimo technikos"\n'
)


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    """The mini bank with two topics, and its Lithuanian translation with their words."""
    folder = tmp_path / "banks"
    folder.mkdir()
    source = FIXTURES / "translated"
    bank = (source / "mini.toml").read_text(encoding="utf-8")
    bank = bank.replace(
        'id = "mini-single"\n', 'id = "mini-single"\ntopics = ["verification", "manipulation techniques"]\n'
    )
    bank = bank.replace(
        'language = "en"\n', 'language = "en"\n\n[bank.defaults]\ntopics = ["verification"]\n', 1
    )
    (folder / "mini.toml").write_text(bank, encoding="utf-8")
    lt = (source / "mini.lt.toml").read_text(encoding="utf-8")
    head, _, rest = lt.partition("\n[[questions]]")
    (folder / "mini.lt.toml").write_text(head + LT_TOPICS + "\n[[questions]]" + rest, encoding="utf-8")
    return folder


def _env(tmp_path: Path) -> dict[str, str]:
    return {"QUIZ_HOME": str(tmp_path), "LANG": "C", "LANGUAGE": "", "LC_ALL": "", "COLUMNS": "200"}


def test_a_translation_words_the_topics_and_the_bank_keeps_its_own(banks: Path) -> None:
    bank = load_bank(banks / "mini.toml")
    assert not [p for c in bank.translation_problems for p in [*c.problems, *c.warnings]]
    lt = bank.in_language("lt")
    assert lt.topics == bank.topics == ["verification", "manipulation techniques"]  # ids stay
    assert [lt.topic_label(t) for t in lt.topics] == ["patikrinimas", "manipuliavimo technikos"]
    assert bank.topic_label("verification") == "verification"
    # --topic in either language, any case, names the bank's topic
    assert bank.topic_id("Manipuliavimo technikos") == "manipulation techniques"
    assert [q.id for q in select_questions(bank, topics=["manipuliavimo technikos"])] == ["mini-single"]


def test_the_home_screens_summary_has_the_topics_in_the_language_before_validation(banks: Path) -> None:
    summary = summarise(banks / "mini.toml")
    assert summary is not None
    assert summary.in_language("lt").topics == ("patikrinimas", "manipuliavimo technikos")
    assert summary.in_language("en").topics == ("verification", "manipulation techniques")


def test_a_summary_cached_by_the_version_before_is_read_again_not_dropped(
    banks: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "catalog.json"
    summarise_banks([banks], cache)
    old = cache.read_text(encoding="utf-8")
    import json

    data = json.loads(old)
    for entry in data.values():
        entry[1]["translated"] = [
            found[:3] for found in entry[1]["translated"]
        ]  # (language, title, description)
    cache.write_text(json.dumps(data), encoding="utf-8")
    (found,) = summarise_banks([banks], cache)
    assert found.in_language("lt").topics == ("patikrinimas", "manipuliavimo technikos")


@pytest.mark.parametrize("validated", [False, True])
async def test_the_home_screen_and_the_options_show_the_topics_in_the_language(
    banks: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, validated: bool
) -> None:
    if not validated:
        monkeypatch.setattr(QuizApp, "_validate_banks", lambda self: None)
    settings = AppSettings(tmp_path / "q.db", [banks], name="Ona", language="lt")
    app = make_app(settings, clock=FakeClock())
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            if validated:
                await until(pilot, lambda: bool(app.banks))
            home = app.screen
            assert isinstance(home, HomeScreen)
            topics = str(home.query_one("#bank-topics", Static).render())
            assert "patikrinimas ir manipuliavimo technikos" in topics, topics
            assert "verification" not in topics
            if not validated:
                return
            await pilot.press("p")
            await until(pilot, lambda: bool(app.screen.query("#topics")))
            listed = app.screen.query_one("#topics", SelectionList)
            labels = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
            assert labels == ["patikrinimas", "manipuliavimo technikos"]
            assert [listed.get_option_at_index(i).value for i in range(2)] == [
                "verification",
                "manipulation techniques",
            ]
    finally:
        set_language("en")


def test_nothing_matches_lists_the_topics_in_the_language(banks: Path) -> None:
    set_language("lt")
    bank = load_bank(banks / "mini.toml").in_language("lt")
    with pytest.raises(NoQuestionsError) as raised:
        plan_attempt(bank, topics=["nowhere"])
    assert "(jo temos: patikrinimas ir manipuliavimo technikos)" in str(raised.value)


def test_plain_mode_the_html_report_and_quiz_banks_word_the_topics_and_csv_keeps_the_banks(
    banks: Path, tmp_path: Path
) -> None:
    env = _env(tmp_path)
    took = CliRunner().invoke(
        cli,
        [
            "--lang",
            "lt",
            "take",
            "mini",
            "--plain",
            "--no-shuffle",
            "--name",
            "Ona",
            "--topic",
            "Patikrinimas",
        ],
        input="1\n1,2\n1\n2\n",
        env=env,
    )
    assert took.exit_code == 0, took.output
    assert "\npatikrinimas: 100" in took.output
    assert "\nmanipuliavimo technikos: 100" in took.output
    assert "verification" not in took.output
    page = CliRunner().invoke(cli, ["--lang", "lt", "export", "--format", "html"], env=env).output
    assert "manipuliavimo technikos" in page
    assert "manipulation techniques" not in page
    listed = CliRunner().invoke(cli, ["--lang", "lt", "banks"], env=env).output
    assert "patikrinimas ir manipuliavimo technikos" in listed
    rows = CliRunner().invoke(cli, ["--lang", "lt", "export", "--format", "csv"], env=env).output
    assert "topic: manipulation techniques accuracy %" in rows  # programs read the bank's own words
    assert "manipuliavimo" not in rows


def test_a_translation_naming_a_topic_the_bank_lacks_is_a_problem_with_its_line(banks: Path) -> None:
    lt = banks / "mini.lt.toml"
    text = lt.read_text(encoding="utf-8").replace(
        'verification = "patikrinimas"', 'verifcation = "patikrinimas"'
    )
    lt.write_text(text, encoding="utf-8")
    line = text.splitlines().index('verifcation = "patikrinimas"') + 1
    result = CliRunner().invoke(cli, ["validate", str(banks)])
    assert result.exit_code == 1
    assert (
        f"{lt}:{line}: translation: topics: the bank has no topic “verifcation” (its topics: verification "
        "and manipulation techniques)"
    ) in result.output.splitlines(), result.output
    assert (
        f"warning: {lt}:{line - 1}: translation: topics: the bank's topic “verification” has no translation "
        "here: it is shown as the bank writes it"
    ) in result.output.splitlines(), result.output


def test_two_topics_worded_alike_are_a_problem(banks: Path) -> None:
    lt = banks / "mini.lt.toml"
    text = lt.read_text(encoding="utf-8").replace('"manipuliavimo technikos"', '"Patikrinimas"')
    lt.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(banks)])
    assert result.exit_code == 1
    assert "“verification” and “manipulation techniques” are both translated “Patikrinimas”" in result.output


def test_every_bundled_translation_words_every_topic() -> None:
    from quiz.bank import load_banks
    from quiz.config import bundled_banks_dir

    loaded = load_banks([bundled_banks_dir()])
    for bank in loaded.banks:
        for checked in bank.translation_problems:
            assert not checked.problems, (checked.path, checked.problems)
            assert not checked.warnings, (checked.path, checked.warnings)
        for language in bank.translations:
            shown = bank.in_language(language)
            assert set(shown.topic_names) == set(bank.topics), (bank.id, language)


def test_the_results_bars_name_the_topics_in_the_banks_words_of_the_language(banks: Path) -> None:
    from quiz.engine import Breakdown
    from quiz.frontends.tui.screens.results import breakdown_bars

    lt = load_bank(banks / "mini.toml").in_language("lt")
    bars = breakdown_bars({"verification": Breakdown(), "(no topic)": Breakdown()}, topics=lt.topic_names)
    assert [bar.label for bar in bars] == ["patikrinimas", "(no topic)"]
