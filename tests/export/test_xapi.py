"""xAPI statements: valid by the 1.0.3 rules, in the right order, stable, with Unicode names."""

from __future__ import annotations

import io
import json
import uuid
from collections import defaultdict

import pytest

from quiz.export import ExportOptions, export_attempts
from quiz.export.xapi import XapiOptions, iso_duration
from tests.export.conftest import TRICKY_NAMES, Seeded
from tests.export.xapi_rules import Invalid, check_statement

ADL = "http://adlnet.gov/expapi/verbs/"


def statements(seeded: Seeded, options: XapiOptions | None = None) -> list[dict]:
    out = io.StringIO()
    export_attempts(
        seeded.store,
        seeded.ids,
        "xapi",
        out,
        banks={seeded.bank.id: seeded.bank},
        options=ExportOptions(xapi=options or XapiOptions()),
    )
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_statement_follows_the_rules(seeded: Seeded) -> None:
    found = statements(seeded)
    assert len(found) == sum(len(a.attempt.answers) + 3 for a in seeded.attempts)
    for statement in found:
        check_statement(statement)


def test_each_attempt_reads_attempted_answers_completed_then_verdict(seeded: Seeded) -> None:
    by_registration: dict[str, list[dict]] = defaultdict(list)
    for statement in statements(seeded):
        by_registration[statement["context"]["registration"]].append(statement)
    assert set(by_registration) == {a.row.uuid for a in seeded.attempts}
    for recorded in seeded.attempts:
        mine = by_registration[recorded.row.uuid]
        verbs = [s["verb"]["id"].removeprefix(ADL) for s in mine]
        answered = len(recorded.attempt.answers)
        verdict = "passed" if recorded.store.attempt(recorded.id).passed else "failed"
        assert verbs == ["attempted", *["answered"] * answered, "completed", verdict]
        bank_iri = mine[0]["object"]["id"]
        assert bank_iri.endswith("/banks/sample")
        for statement in mine[1:-2]:
            assert statement["context"]["contextActivities"]["parent"][0]["id"] == bank_iri
            assert statement["object"]["id"].startswith(bank_iri + "/questions/")


def test_interactions_carry_choices_patterns_and_the_learners_response(seeded: Seeded) -> None:
    answered = [s for s in statements(seeded) if s["verb"]["id"].endswith("answered")]
    first = seeded.attempts[0].row.uuid  # Ona's, all right, plain marking
    by_question = {
        s["object"]["id"].rsplit("/", 1)[1]: s for s in answered if s["context"]["registration"] == first
    }
    multiple = by_question["m1"]["object"]["definition"]
    assert multiple["interactionType"] == "choice"
    assert [c["description"]["en"] for c in multiple["choices"]] == [
        "Impersonation",
        "Trolling",
        "Lateral reading",
        "Peer review",
    ]
    assert multiple["correctResponsesPattern"] == ["a[,]b"]
    assert by_question["m1"]["result"]["response"] == "a[,]b"
    true_false = by_question["tf1"]
    assert true_false["object"]["definition"]["interactionType"] == "true-false"
    assert true_false["object"]["definition"]["correctResponsesPattern"] == ["false"]
    assert true_false["result"]["response"] == "false"
    headline = by_question["h1"]
    assert headline["object"]["definition"]["correctResponsesPattern"] == ["manipulative"]
    assert headline["result"]["score"] == {"scaled": 1.0, "raw": 1.0, "min": 0.0, "max": 1.0}
    assert headline["result"]["duration"].startswith("PT")


def test_certainty_and_negative_marking_scores_stay_in_range(seeded: Seeded) -> None:
    scores = [s["result"]["score"] for s in statements(seeded) if "score" in s.get("result", {})]
    assert any(score["raw"] < 0 for score in scores), "the seeded attempts include penalties"
    assert any(score["min"] == -6.0 and score["max"] == 3.0 for score in scores), "certainty-based marking"
    assert any(score["scaled"] == -1.0 for score in scores)


def test_actor_is_mbox_with_email_else_account_on_the_configured_home_page(seeded: Seeded) -> None:
    options = XapiOptions(home_page="https://lms.example.lt", activity_base="https://lms.example.lt/xapi")
    actors = {json.dumps(s["actor"], sort_keys=True) for s in statements(seeded, options)}
    assert {json.loads(a)["name"] for a in actors} == {*TRICKY_NAMES, "Nobody Known"}
    by_name = {json.loads(a)["name"]: json.loads(a) for a in actors}
    assert by_name[TRICKY_NAMES[0]]["mbox"] == "mailto:ona@example.lt"
    assert by_name[TRICKY_NAMES[1]]["account"] == {"homePage": "https://lms.example.lt", "name": "taro"}
    assert by_name["Nobody Known"]["account"] == {
        "homePage": "https://lms.example.lt",
        "name": "Nobody Known",
    }
    assert all(
        s["object"]["id"].startswith("https://lms.example.lt/xapi/") for s in statements(seeded, options)
    )


def test_statement_ids_are_unique_and_the_same_on_every_export(seeded: Seeded) -> None:
    first = [s["id"] for s in statements(seeded)]
    assert len(set(first)) == len(first)
    assert [s["id"] for s in statements(seeded)] == first


def test_statement_ids_are_the_uuid5_of_verb_and_position_in_the_attempt(seeded: Seeded) -> None:
    """Checked with the standard library's uuid5, not the one the export uses."""
    ids = []
    for recorded in seeded.attempts:
        row = seeded.store.attempt(recorded.id)
        verdict = "passed" if row.passed else "failed"
        answered = [f"answered/{a.position}" for a in seeded.store.answer_rows([recorded.id])]
        namespace = uuid.UUID(row.uuid)
        names = ("attempted/0", *answered, "completed/0", f"{verdict}/0")
        ids += [str(uuid.uuid5(namespace, name)) for name in names]
    assert [s["id"] for s in statements(seeded)] == ids


def test_unicode_names_survive(seeded: Seeded) -> None:
    names = {s["actor"]["name"] for s in statements(seeded)}
    assert TRICKY_NAMES[0] in names  # Lithuanian letters, comma, quotes and a newline
    assert TRICKY_NAMES[1] in names  # Japanese


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "PT0S"),
        (4.25, "PT4.25S"),
        (60, "PT1M"),
        (75.5, "PT1M15.5S"),
        (3600 * 2 + 1, "PT2H1S"),
        (0.004, "PT0S"),
    ],
)
def test_iso_durations(seconds: float, expected: str) -> None:
    assert iso_duration(seconds) == expected


def test_the_validator_rejects_what_the_rules_forbid(seeded: Seeded) -> None:
    good = next(s for s in statements(seeded) if s["verb"]["id"].endswith("answered"))
    two_ids = json.loads(json.dumps(good))
    two_ids["actor"]["account"] = {"homePage": "https://x.example", "name": "x"}
    bad_score = json.loads(json.dumps(good))
    bad_score["result"]["score"]["raw"] = 5
    bad_duration = json.loads(json.dumps(good))
    bad_duration["result"]["duration"] = "4.25 seconds"
    bad_response = json.loads(json.dumps(good))
    bad_response["result"]["response"] = "z"
    for broken in (two_ids, bad_score, bad_duration, bad_response):
        with pytest.raises(Invalid):
            check_statement(broken)


def test_a_discernment_check_is_completed_never_passed_or_failed(store, sample_bank) -> None:  # type: ignore[no-untyped-def]
    from quiz.engine import Mode
    from quiz.engine.request import StartRequest
    from quiz.services.attempts import start_attempt

    run = start_attempt(store, sample_bank, store.learner("Ona"), StartRequest("sample", Mode.discernment))
    run.answer([0])
    run.finish()
    out = io.StringIO()
    export_attempts(store, [run.id], "xapi", out, banks={sample_bank.id: sample_bank})
    found = [json.loads(line) for line in out.getvalue().splitlines()]
    for statement in found:
        check_statement(statement)
    verbs = [s["verb"]["id"].removeprefix(ADL) for s in found]
    assert verbs == ["attempted", "answered", "completed"]
    assert "success" not in found[-1]["result"]
