"""Item analysis against Moodle's own expected values.

Moodle's quiz-statistics test data (GPL) is read from ../shared/oracles/moodle/stats beside
the repository, never copied into it: these tests skip where that folder is absent. Its
README explains the files; the expected values of ``statistics_test.php`` and the quiz-level
figures of the walkthrough test are read from the README's tables.

Not checked: the walkthrough's random sub-question rows (``subqname``), for which Moodle
correlates with the whole total rather than the rest of the test; this app has no random
sub-questions.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import pytest

from quiz.engine.item_analysis import analyse_items

STATS = Path(__file__).parents[2].parent / "shared" / "oracles" / "moodle" / "stats"

pytestmark = pytest.mark.skipif(not STATS.is_dir(), reason="Moodle's test data (../shared/oracles) is absent")


def rows(name: str) -> list[dict[str, str]]:
    with (STATS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def readme_table_rows(cells: int) -> list[list[str]]:
    """The body rows of the README's Markdown tables that have ``cells`` cells."""
    found = []
    for line in (STATS / "README.md").read_text(encoding="utf-8").splitlines():
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if len(parts) == cells:
            found.append(parts)
    return found


def number(text: str) -> float | None:
    return None if text in ("null", "**NULL**") else float(text)


def test_question_statistics_from_the_marks_table() -> None:
    """``statistics_test.php``: 22 attempts x 20 slots of "latest step" marks."""
    attempts: list[dict[str, float]] = []
    totals: list[float] = []
    max_marks: dict[str, float] = {}
    for row in rows("mdl_question_states.csv"):
        if row["slot"] == "1":  # each attempt's group starts at slot 1
            attempts.append({})
            totals.append(float(row["sumgrades"]))
        attempts[-1][row["slot"]] = float(row["mark"])
        max_marks[row["slot"]] = float(row["maxmark"])
    assert len(attempts) == 22
    assert all(math.isclose(sum(a.values()), t, abs_tol=1e-9) for a, t in zip(attempts, totals, strict=True))
    max_marks = {slot: max_marks[slot] for slot in sorted(max_marks, key=int)}
    result = analyse_items(attempts, max_marks, totals=totals)

    expected = [r for r in readme_table_rows(9) if re.fullmatch(r"\d+", r[0])]
    assert len(expected) == 20
    checked = 0
    for slot, _qid, _qtype, _max, facility, sd, weight, di, de in expected:
        stats = result.item(slot)
        # Moodle's test scales facility by 100 and sd by 1000, then allows 1e-6 absolute.
        for want, got, scale in (
            (facility, stats.facility, 100),
            (sd, stats.sd, 1000),
            (weight, stats.effective_weight, 1),
            (di, stats.discrimination_index, 1),
            (de, stats.discriminative_efficiency, 1),
        ):
            value = number(want)
            if value is None:
                # Moodle's assertEquals(null, ...) accepts null or 0.
                assert got is None or got == 0, (slot, want, got)
            else:
                assert got is not None, (slot, want)
                assert got * scale == pytest.approx(value, abs=1e-6), (slot, want, got)
            checked += 1
    assert checked == 100


def walkthrough_marks() -> tuple[list[dict[str, float]], list[float], dict[int, str]]:
    results = rows("results00.csv")
    slots = sorted({k.split(".")[1] for k in results[0] if k.startswith("slots.")}, key=int)
    attempts = [{s: float(r[f"slots.{s}.mark"]) for s in slots} for r in results]
    stored_totals = [float(r["summarks"]) for r in results]
    variants = {r["quizattempt"]: r["variants.2"] for r in rows("steps00.csv") if r["firstname"]}
    slot2_variant = [variants[r["quizattempt"]] for r in results]
    return attempts, stored_totals, dict(enumerate(slot2_variant))


COLUMNS = {
    "s": "attempts",
    "facility": "facility",
    "sd": "sd",
    "effectiveweight": "effective_weight",
    "covariance": "covariance",
    "markvariance": "mark_variance",
    "othermarkvariance": "other_mark_variance",
    "discriminationindex": "discrimination_index",
    "covariancemax": "covariance_max",
    "discriminativeefficiency": "discriminative_efficiency",
    "maxmark": "max_mark",
}
LOOSER = {"covariance", "discriminationindex", "discriminativeefficiency", "effectiveweight"}


def test_question_statistics_of_the_walkthrough() -> None:
    """``stats_from_steps_walkthrough_test.php``, set 00: slot rows and variant rows."""
    attempts, _, variant_of = walkthrough_marks()
    max_marks = dict.fromkeys(attempts[0], 1.0)
    whole = analyse_items(attempts, max_marks)
    checked = 0
    for row in rows("qstats00.csv"):
        if row["subqname"]:
            continue
        if row["variant"]:
            # Slot 2 restricted to the attempts that drew this variant of its question.
            subset = [
                a if variant_of[n] == row["variant"] else {k: v for k, v in a.items() if k != row["slot"]}
                for n, a in enumerate(attempts)
            ]
            stats = analyse_items(subset, max_marks).item(row["slot"])
        else:
            stats = whole.item(row["slot"])
        for column, field in COLUMNS.items():
            want = row[column]
            if not want:
                continue
            got = getattr(stats, field)
            if want == "**NULL**":
                if row["variant"]:
                    continue  # Moodle leaves effective weight out for variants; not a slot figure here
                assert got is None
                continue
            tolerance = 1e-5 if column in LOOSER else 1e-6
            assert got == pytest.approx(float(want), rel=tolerance), (row["slot"], row["variant"], column)
            checked += 1
    assert checked == 89  # 7 slots x 11 columns, 2 variants x 6 given columns


def test_quiz_statistics_of_the_walkthrough() -> None:
    """Set 00's quiz-level figures, computed over the attempts' stored totals."""
    attempts, stored_totals, _ = walkthrough_marks()
    quiz = analyse_items(attempts, dict.fromkeys(attempts[0], 1.0), totals=stored_totals).quiz
    fields = {
        "median": quiz.median,
        "allattemptsavg": quiz.mean,
        "allattemptscount": quiz.attempts,
        "standarddeviation": quiz.sd,
        "skewness": quiz.skewness,
        "kurtosis": quiz.kurtosis,
        "cic": quiz.alpha,
        "errorratio": quiz.error_ratio,
        "standarderror": quiz.standard_error,
    }
    expected = {name: value for name, value in readme_table_rows(2) if name in fields}
    assert set(expected) == set(fields)
    for name, want in expected.items():
        assert fields[name] == pytest.approx(float(want), rel=1.5e-5), name
