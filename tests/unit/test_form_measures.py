"""The headline forms used as measures: assigned in turn, shown in random order, compared in pairs.

Expected d' and c values are worked by hand as in test_discernment.py: corrected rates
(count + 0.5) / (total + 1), so 10 of 10 gives z(0.9545) = +1.6906 and 0 of 10 gives -1.6906;
2 of 10 gives z(0.2273) = -0.7479.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from quiz.bank import AnyQuestion, Bank, load_bank
from quiz.cli import cli
from quiz.engine import plan_attempt
from quiz.engine.discernment import FORMS, Verdict, next_form
from quiz.engine.request import Mode, StartRequest
from quiz.services.attempts import start_attempt
from quiz.services.reporting import compare_cohort, next_form_for, spread
from quiz.store import Store
from tests.conftest import REPO
from tests.questions import right
from tests.unit.playing import sceptical, take

A, B, C = FORMS


@pytest.fixture(scope="module")
def forms() -> dict[str, Bank]:
    return {form: load_bank(REPO / "questions" / f"{form}.toml") for form in FORMS}


def everything_manipulative(question: AnyQuestion) -> list[int]:
    return [1]


# -- which form next ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        ((), A),
        ((A,), B),
        ((A, B), C),
        ((A, A), B),  # a retake of A does not skip B
        ((B,), A),  # a study started this learner on B: A next, then C
        ((B, A), C),
        ((C,), A),
        ((A, C), B),  # B was skipped by naming C: B still comes before any repeat
        ((A, B, C), A),  # every form taken: round the cycle after the latest
        ((B, C, A), B),
        ((A, B, C, A), B),
        (("sanctions", A), B),  # other banks do not count
    ],
)
def test_next_form_gives_a_b_c_in_turn(taken: tuple[str, ...], expected: str) -> None:
    assert next_form(taken) == expected


def test_next_form_among_the_forms_installed() -> None:
    assert next_form([A], [A, C]) == C
    assert next_form([A, C], [A, C]) == A
    assert next_form([], []) is None


def test_next_form_for_counts_finished_attempts_on_forms_in_any_mode(
    store: Store, forms: dict[str, Bank], sample_bank: Bank
) -> None:
    ona = store.learner("Ona")
    assert next_form_for(store, None, FORMS) == A
    assert next_form_for(store, ona, FORMS) == A
    take(store, forms[A], ona, right, mode="discernment")
    take(store, sample_bank, ona, right)
    assert next_form_for(store, ona, FORMS) == B
    # Form B practised (its items seen, explanations read): it no longer measures anything.
    take(store, forms[B], ona, right, mode="practice")
    assert next_form_for(store, ona, FORMS) == C
    # An unfinished check is not a check taken.
    start_attempt(store, forms[C], ona, StartRequest(bank=C, mode=Mode.discernment))
    assert next_form_for(store, ona, FORMS) == C
    assert next_form_for(store, ona, {A, B}) == A  # C not installed: round the cycle of A and B
    assert next_form_for(store, ona, ()) is None


# -- shown in random order, seeded per learner and stored ---------------------------------------


def test_forms_are_shown_in_a_random_order_per_learner_and_the_seed_is_stored(
    store: Store, forms: dict[str, Bank]
) -> None:
    form = forms[A]
    file_order = [q.id for q in form.questions]
    request = StartRequest(bank=A, mode=Mode.discernment)  # the defaults, as the home screen sends
    runs = [start_attempt(store, form, store.learner(name), request) for name in ("Ona", "Jonas", "Aiko")]
    orders = [run.attempt.plan.question_ids for run in runs]
    assert all(sorted(order) == sorted(file_order) for order in orders)
    assert all(order != file_order for order in orders)
    assert len({tuple(order) for order in orders}) == 3  # each learner has their own order
    for run in runs:
        stored = store.attempt(run.id).plan
        assert stored.seed == run.attempt.plan.seed
        # The stored seed gives the same order back: a resumed or audited attempt sees what was shown.
        assert plan_attempt(form, seed=stored.seed).question_ids == stored.question_ids


def test_a_fixed_order_only_when_asked(store: Store, forms: dict[str, Bank]) -> None:
    run = start_attempt(
        store, forms[A], store.learner("Ona"), StartRequest(bank=A, mode=Mode.discernment, shuffle=False)
    )
    assert run.attempt.plan.question_ids == [q.id for q in forms[A].questions]


# -- quiz take --mode discernment, with no BANK -------------------------------------------------


def test_take_without_a_bank_gives_the_next_form(tmp_path: Path) -> None:
    db = str(tmp_path / "take.db")
    runner = CliRunner()
    seen = []
    for _ in range(4):
        result = runner.invoke(
            cli, ["--db", db, "take", "--mode", "discernment", "--plain", "--name", "Ona"], input="1\n" * 20
        )
        assert result.exit_code == 0, result.output
        assert "Discernment on headline items:" in result.output
        seen.append(result.output.split("Your next discernment check: ", 1)[1].split(".", 1)[0])
    assert seen == [A, B, C, A]
    with Store(Path(db)) as store:
        assert [row.bank_id for row in store.attempts()] == [A, B, C, A]
        assert {row.mode for row in store.attempts()} == {"discernment"}


def test_take_without_a_bank_needs_discernment_mode(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "take", "--plain", "--name", "Ona"])
    assert result.exit_code == 2
    assert "name a BANK (or give --mode discernment" in result.output


# -- any two forms compared: one learner, and a cohort --------------------------------------------


def report(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "report", *args])
    return result.exit_code, result.output


@pytest.fixture
def cohort_db(tmp_path: Path, forms: dict[str, Bank]) -> Path:
    """Ona: sceptical on A, right on B and C. Jonas: right on A, sceptical on C. Piet: A only."""
    db = tmp_path / "cohort.db"
    with Store(db) as store:
        ona, jonas, piet = (store.learner(n) for n in ("Ona", "Jonas", "Piet"))
        take(store, forms[A], ona, everything_manipulative, mode="discernment")
        take(store, forms[B], ona, right, mode="discernment")
        take(store, forms[C], ona, right, mode="discernment")
        take(store, forms[A], jonas, right, mode="discernment")
        take(store, forms[C], jonas, sceptical(spared=2), mode="discernment")
        take(store, forms[A], piet, right, mode="discernment")
    return db


def test_learner_report_compares_the_two_forms_named(cohort_db: Path) -> None:
    code, out = report(cohort_db, "--learner", "Ona", "--compare", A, B, "--format", "json")
    assert code == 0, out
    document = json.loads(out)
    assert [a["bank"] for a in document["attempts"]] == [A, B]
    # A: 0/10 hits, 0/10 false alarms (d' 0); B: 10/10 and 0/10 (d' 3.3812).
    assert document["change"]["d_prime_change"] == pytest.approx(3.3812, abs=1e-4)
    assert document["change"]["verdict"] == "improved"
    code, out = report(cohort_db, "--learner", "Ona", "--compare", B, C)
    assert code == 0, out
    assert f"Before ({B}, " in out
    assert f"→ after ({C}, " in out
    # The change is printed as a change, beside the values it is between.
    assert "d' +3.38 → +3.38 (change +0.00), c " in out
    assert "(change +0.00): no clear change." in out
    # Without --compare: first check against latest, A against C.
    code, out = report(cohort_db, "--learner", "Ona")
    assert f"Before ({A}, " in out
    assert f"→ after ({C}, " in out


def test_learner_report_names_the_form_missing(cohort_db: Path) -> None:
    code, out = report(cohort_db, "--learner", "Piet", "--compare", A, C)
    assert code == 1
    assert f"Piet has no finished check on {C}" in out


def test_cohort_compares_two_forms_over_the_learners_who_took_both(
    cohort_db: Path, forms: dict[str, Bank]
) -> None:
    with Store(cohort_db) as store:
        cohort = compare_cohort(store, lambda bank_id: forms.get(bank_id), A, C)
    assert [p.learner.name for p in cohort.pairs] == ["Ona", "Jonas"]
    assert [x.name for x in cohort.only_before] == ["Piet"]
    # Ona 0 -> 3.3812 (improved); Jonas 3.3812 -> 0.9428 (2/10 hits, 0/10 false alarms: declined).
    changes = cohort.changes(lambda c: c.d_prime_change)
    assert changes == pytest.approx([3.3812, -2.4384], abs=1e-4)
    mean, sd, se = spread(changes)
    assert mean == pytest.approx(0.4714, abs=1e-4)
    assert sd == pytest.approx(4.1151, abs=1e-4)  # |3.3812 + 2.4384| / sqrt(2)
    assert se == pytest.approx(2.9098, abs=1e-4)
    assert cohort.verdicts[Verdict.improved] == 1
    assert cohort.verdicts[Verdict.declined] == 1
    hits_before, hits_after = cohort.means(lambda d: d.hits)
    assert (hits_before, hits_after) == (5.0, 6.0)  # (0 + 10) / 2, then (10 + 2) / 2


def test_cohort_report_table_json_and_csv(cohort_db: Path) -> None:
    code, out = report(cohort_db, "--compare", A, C)
    assert code == 0, out
    assert f"Discernment on {A} against {C}: 2 learners took both" in out
    assert "Change in d': mean +0.47, SD 4.12, standard error 2.91 (2 learners)." in out
    assert "Verdicts: improved discernment 1, declined discernment 1." in out
    assert f"Took only {A} (left out): Piet." in out
    assert "Hits" in out
    assert "False alarms" in out
    assert "pass" not in out.lower()  # a measure, never a pass or fail
    code, out = report(cohort_db, "--compare", A, C, "--format", "json")
    document = json.loads(out)
    assert document["d_prime_change"]["learners"] == 2
    assert document["means"]["Hits"] == {"before": 5.0, "after": 6.0}
    assert document["verdicts"]["improved"] == 1
    code, out = report(cohort_db, "--compare", A, C, "--format", "csv")
    header, *rows = out.splitlines()
    assert header.startswith("learner,email,username,before_attempt,after_attempt,before_hits")
    assert [row.split(",")[0] for row in rows] == ["Ona", "Jonas"]


def test_cohort_report_refuses_what_it_cannot_compare(cohort_db: Path, tmp_path: Path) -> None:
    code, out = report(cohort_db, "--compare", A, A)
    assert code == 2
    assert "two different forms" in out
    code, out = report(cohort_db, "--compare", A, C, "--attempts", "all")
    assert code == 2
    code, out = report(cohort_db, "sanctions", "--compare", A, C)
    assert code == 2
    code, out = report(cohort_db, "--compare", B, "nope")
    assert code == 1
    assert "no bank called “nope”" in out
    code, out = report(tmp_path / "empty.db", "--compare", B, C)
    assert code == 1
    assert f"no learner has finished checks on both {B} and {C}" in out
