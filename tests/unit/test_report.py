"""`quiz report` and the cohorts behind it, on attempts played into a real store."""

from __future__ import annotations

import csv
import io
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.bank import AnyQuestion, Bank, load_bank
from quiz.cli import cli
from quiz.engine import Marking
from quiz.kinds.headline import HeadlineQuestion
from quiz.services.reporting import Which, choose, discernment_history, load_cohort
from quiz.store import Store
from tests.conftest import FIXTURES, REPO
from tests.questions import options, right
from tests.unit.playing import Respond, take

SAMPLE = str(FIXTURES / "sample.toml")


def learner_of_skill(skill: float, rng: random.Random) -> Respond:
    def respond(question: AnyQuestion) -> list[int] | None:
        if rng.random() < 0.05:
            return None  # skipped: counts as 0 in the item analysis
        if rng.random() < skill:
            return list(right(question))
        return [rng.randrange(len(options(question)))]

    return respond


@pytest.fixture
def db(tmp_path: Path, sample_bank: Bank) -> Path:
    """A store with 32 learners' attempts on the sample bank, some learners twice."""
    path = tmp_path / "report.db"
    rng = random.Random(4)
    with Store(path) as store:
        for n in range(32):
            learner = store.learner(f"Learner {n}")
            take(store, sample_bank, learner, learner_of_skill(rng.random(), rng), seed=n)
            if n % 4 == 0:
                take(store, sample_bank, learner, learner_of_skill(1.0, rng), seed=100 + n)
        review = store.learner("Reviewer")
        take(store, sample_bank, review, lambda q: None, mode="review", count=2)
    return path


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "report", *args])
    return result.exit_code, result.stdout, result.stderr


def test_cohort_takes_first_attempts_and_counts_unanswered_as_zero(db: Path, sample_bank: Bank) -> None:
    with Store(db) as store:
        first = load_cohort(store, sample_bank)
        every = load_cohort(store, sample_bank, which=Which.all)
        last = load_cohort(store, sample_bank, which=Which.last)
        reviews = load_cohort(store, sample_bank, mode="review")
        answers = {(r.attempt_id, r.question_id): r.credit for r in store.answer_rows(first.attempt_ids)}
    assert len(first.marks) == 32  # the reviewer's attempt is a review: left out
    assert len(every.marks) == 40
    assert len(last.marks) == 32
    assert first.attempt_ids != last.attempt_ids
    assert len(reviews.marks) == 1
    unanswered = 0
    for attempt_id, marks in zip(first.attempt_ids, first.marks, strict=True):
        assert set(marks) == set(first.max_marks)
        for qid, mark in marks.items():
            credit = answers.get((attempt_id, qid))
            unanswered += credit is None
            assert mark == (0.0 if credit is None else credit * sample_bank.by_id[qid].points)
    assert unanswered > 0


def test_choose_first_last_all() -> None:
    keys = [(1, 10, "exam"), (2, 11, "exam"), (3, 10, "exam"), (4, 12, "live"), (5, 11, "exam")]
    assert choose(keys, Which.first) == [1, 2, 4]
    assert choose(keys, Which.last) == [3, 4, 5]
    assert choose(keys, Which.all) == [1, 2, 3, 4, 5]


def test_certainty_marking_does_not_change_item_marks(tmp_path: Path, sample_bank: Bank) -> None:
    with Store(tmp_path / "cbm.db") as store:
        for n, marking in enumerate((Marking(), Marking(certainty=True))):
            learner = store.learner(f"L{n}")
            take(store, sample_bank, learner, lambda q: list(right(q)), marking=marking, seed=n)
        cohort = load_cohort(store, sample_bank)
    assert cohort.marks[0] == cohort.marks[1] == {q.id: q.points for q in sample_bank.questions}


def test_table_report(db: Path, sample_bank: Bank) -> None:
    code, out, _ = run(db, SAMPLE)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Item analysis: Sample bank (sample)"
    assert "32 attempts: the first finished attempt of each learner" in lines[1]
    header = next(i for i, line in enumerate(lines) if line.startswith("QUESTION"))
    table = lines[header : header + 1 + len(sample_bank.questions)]
    assert [line.split()[0] for line in table[1:]] == [q.id for q in sample_bank.questions]
    # Right-aligned numbers: every row ends its FACILITY cell in the same column as the header.
    end = table[0].index("FACILITY") + len("FACILITY")
    assert all(line[end - 1] == "%" for line in table[1:])
    with Store(db) as store:
        analysis = load_cohort(store, sample_bank).analyse()
    h1 = analysis.item("h1")
    assert h1.facility is not None
    assert f"{100 * h1.facility:.1f}%" in table[1 + [q.id for q in sample_bank.questions].index("h1")]
    assert analysis.quiz.alpha is not None
    assert f"Cronbach's alpha {analysis.quiz.alpha:.1f}%" in out
    assert "error ratio" in out
    assert "standard error" in out
    assert "Discrimination index:" in out  # the legend


def test_json_and_csv_reports(db: Path, tmp_path: Path, sample_bank: Bank) -> None:
    code, out, _ = run(db, SAMPLE, "--format", "json")
    assert code == 0
    document = json.loads(out)
    with Store(db) as store:
        analysis = load_cohort(store, sample_bank).analyse()
    assert document["bank"] == "sample"
    assert document["quiz"]["attempts"] == 32
    assert document["quiz"]["alpha"] == pytest.approx(analysis.quiz.alpha)
    by_id = {item["item_id"]: item for item in document["items"]}
    assert set(by_id) == {q.id for q in sample_bank.questions}
    assert by_id["h2"]["discrimination_index"] == pytest.approx(analysis.item("h2").discrimination_index)
    assert by_id["h2"]["type"] == "headline"

    target = tmp_path / "items.csv"
    code, _, err = run(db, SAMPLE, "--format", "csv", "--out", str(target))
    assert code == 0
    assert f"Wrote {target}" in err
    table = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [row["item_id"] for row in table] == [q.id for q in sample_bank.questions]
    assert float(table[0]["facility"]) == pytest.approx(analysis.items[0].facility)


def test_session_report(tmp_path: Path, quiz_home: Path, sample_bank: Bank) -> None:
    # The session names its bank by id: found here among the user's banks.
    (quiz_home / "banks").mkdir(parents=True)
    shutil.copy(SAMPLE, quiz_home / "banks" / "sample.toml")
    db = tmp_path / "live.db"
    rng = random.Random(8)
    with Store(db) as store:
        for n in range(12):
            learner = store.learner(f"Player {n}")
            take(
                store,
                sample_bank,
                learner,
                learner_of_skill(rng.random(), rng),
                mode="live",
                session_code="KX42",
            )
        take(store, sample_bank, store.learner("Elsewhere"), lambda q: list(right(q)), seed=3)
    code, out, _ = run(db, "--session", "KX42", "--format", "json")
    assert code == 0, out
    document = json.loads(out)
    assert document["session"] == "KX42"
    assert document["quiz"]["attempts"] == 12
    code, out, _ = run(db, "--session", "KX42")
    assert code == 0
    assert "session KX42" in out.splitlines()[0]


def test_identical_attempts_say_not_enough_spread(tmp_path: Path, sample_bank: Bank) -> None:
    db = tmp_path / "same.db"
    with Store(db) as store:
        for n in range(5):
            take(store, sample_bank, store.learner(f"Twin {n}"), lambda q: list(right(q)), seed=n)
    code, out, _ = run(db, SAMPLE)
    assert code == 0
    assert out.count("not enough spread") >= len(sample_bank.questions) + 1
    assert "Cronbach's alpha not enough spread" in out
    assert "too easy" in out


def test_nothing_to_report_exits_1(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    code, _, err = run(db, SAMPLE)
    assert code == 1
    assert "no finished attempts on bank “sample”" in err
    code, _, err = run(db, "--session", "NOPE")
    assert code == 1
    assert "no finished attempts in session “NOPE”" in err
    code, _, err = run(db)
    assert code == 2
    assert "name a BANK" in err
    code, _, err = run(db, "no-such-bank")
    assert code == 1
    assert "no bank called “no-such-bank”" in err


def test_learner_report_before_and_after(tmp_path: Path) -> None:
    db = tmp_path / "learner.db"
    form_a = load_bank(REPO / "questions" / "headlines_a.toml")
    form_b = load_bank(REPO / "questions" / "headlines_b.toml")

    def everything_manipulative(question: AnyQuestion) -> list[int]:
        return [1]

    def judged_right(question: AnyQuestion) -> list[int]:
        assert isinstance(question, HeadlineQuestion)
        return list(right(question))

    with Store(db) as store:
        ona = store.learner("Ona", email="ona@example.org")
        take(store, form_a, ona, everything_manipulative, mode="discernment")
        take(store, form_b, ona, judged_right, mode="discernment")
    code, out, _ = run(db, "--learner", "ona@example.org")
    assert code == 0, out
    assert "Discernment of Ona" in out
    assert "headlines_a" in out
    assert "headlines_b" in out
    assert "sceptical" in out
    assert "improved discernment" in out
    assert "Bias (c):" in out  # each measure explained
    code, out, _ = run(db, "--learner", "Ona", "--format", "json")
    document = json.loads(out)
    assert document["change"]["verdict"] == "improved"
    assert [a["pattern"] for a in document["attempts"]] == ["sceptical", "discerning"]
    assert document["attempts"][0]["distrust"] == 10
    code, _, err = run(db, "--learner", "Nobody")
    assert code == 1
    assert "no learner called “Nobody”" in err


def test_questions_gone_from_the_bank_are_left_out_and_named(db: Path, tmp_path: Path) -> None:
    text = (FIXTURES / "sample.toml").read_text(encoding="utf-8")
    head, _, rest = text.partition('[[questions]]\nid = "h2"')
    _, following, tail = rest.partition("[[questions]]")
    shrunk = tmp_path / "sample.toml"
    shrunk.write_text(head + following + tail, encoding="utf-8")
    bank = load_bank(shrunk)
    assert "h2" not in bank.by_id
    with Store(db) as store:
        cohort = load_cohort(store, bank)
    assert cohort.missing == {"h2"}
    assert all("h2" not in marks for marks in cohort.marks)
    code, out, _ = run(db, str(shrunk))
    assert code == 0
    assert "Left out (no longer in the bank): h2" in out


def test_the_mean_is_of_the_questions_asked_not_the_bank(tmp_path: Path, sample_bank: Bank) -> None:
    db = tmp_path / "short.db"
    rng = random.Random(1)
    with Store(db) as store:
        for n in range(6):
            # The same two questions for everyone (seed 3), from a bank of five.
            take(
                store,
                sample_bank,
                store.learner(f"L{n}"),
                learner_of_skill(rng.random(), rng),
                count=2,
                seed=3,
            )
    code, out, _ = run(db, SAMPLE)
    assert code == 0, out
    assert re.search(r"Test: 2 questions, mean [0-9.]+ of 2, ", out), out
    assert " of 5," not in out


def test_the_learner_line_prints_before_and_after_and_the_change(tmp_path: Path) -> None:
    db = tmp_path / "change.db"
    form_a = load_bank(REPO / "questions" / "headlines_a.toml")
    form_b = load_bank(REPO / "questions" / "headlines_b.toml")
    with Store(db) as store:
        ona = store.learner("Ona Petraitė")
        take(store, form_a, ona, lambda q: [1], mode="discernment")
        take(store, form_b, ona, lambda q: list(right(q)), mode="discernment")
        records = discernment_history(store, ona, {"headlines_a": form_a, "headlines_b": form_b}.get)
    before, after = records[0].discernment, records[-1].discernment
    assert before.d_prime is not None
    assert after.d_prime is not None
    code, out, _ = run(db, "--learner", "Ona Petraitė")
    assert code == 0, out
    change = after.d_prime - before.d_prime
    assert f"d' {before.d_prime:+.2f} → {after.d_prime:+.2f} (change {change:+.2f})" in out


def test_a_short_or_mistyped_name_suggests_the_learner(tmp_path: Path) -> None:
    db = tmp_path / "names.db"
    with Store(db) as store:
        store.learner("Ona Petraitė")
        store.learner("Jonas Jonaitis")
    code, _, err = run(db, "--learner", "Ona")
    assert code == 1
    assert "no learner called “Ona”; did you mean “Ona Petraitė”?" in err
    code, _, err = run(db, "--learner", "Jonas Jonaitsi")
    assert "did you mean “Jonas Jonaitis”?" in err
    code, _, err = run(db, "--learner", "Zigmas")
    assert err.strip().endswith("no learner called “Zigmas”")
