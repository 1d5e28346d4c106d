"""The new kinds in every export: xAPI (sequencing, matching, choice) valid under the same
rules as the other kinds, csv and json (valid under the shipped JSON Schema) and the HTML report
(issue 16, points 4-6 and 8)."""

from __future__ import annotations

import csv
import html
import io
import json

import jsonschema
import pytest

from quiz.bank import Bank, load_bank
from quiz.export import ExportOptions, export_attempts
from quiz.export.jsonfmt import SCHEMA_PATH
from quiz.services.reporting import load_cohort
from quiz.store import Store
from tests.conftest import FIXTURES
from tests.export.conftest import Seeded, take
from tests.export.xapi_rules import check_statement

ALL_RIGHT = {"order1": [0, 1, 2, 3], "match1": [0, 1, 2], "spot1": [0, 2]}
# The last two steps swapped (1 of 3 neighbour pairs right: only Stop → Investigate), the first
# example given the third's answer (2 of 3 pairs), and the report marked beside the hook.
SOME_WRONG = {"order1": [0, 1, 3, 2], "match1": [2, 1, 2], "spot1": [0, 1]}


@pytest.fixture
def kinds_seeded(store: Store) -> Seeded:
    bank = load_bank(FIXTURES / "kinds.toml")
    ona, taro = store.learner("Ona", email="ona@example.lt"), store.learner("Taro", username="taro")
    attempts = [take(store, bank, ona, ALL_RIGHT), take(store, bank, taro, SOME_WRONG)]
    return Seeded(store, bank, attempts, [ona, taro])


def export(seeded: Seeded, fmt: str, **options: object) -> str:
    out = io.StringIO()
    banks: dict[str, Bank] = {seeded.bank.id: seeded.bank}
    export_attempts(seeded.store, seeded.ids, fmt, out, banks=banks, options=ExportOptions(**options))  # type: ignore[arg-type]
    return out.getvalue()


def test_xapi_statements_follow_the_rules_with_each_kinds_interaction(kinds_seeded: Seeded) -> None:
    found = [json.loads(line) for line in export(kinds_seeded, "xapi").splitlines()]
    for statement in found:
        check_statement(statement)
    answered = [s for s in found if s["verb"]["id"].endswith("answered")]
    taro = kinds_seeded.attempts[1].row.uuid
    mine = {s["object"]["id"].rsplit("/", 1)[1]: s for s in answered if s["context"]["registration"] == taro}
    order = mine["order1"]["object"]["definition"]
    assert order["interactionType"] == "sequencing"
    assert order["correctResponsesPattern"] == ["a[,]b[,]c[,]d"]
    assert mine["order1"]["result"]["response"] == "a[,]b[,]d[,]c"
    match = mine["match1"]["object"]["definition"]
    assert match["interactionType"] == "matching"
    assert [t["description"]["en"] for t in match["target"]] == [
        "Impersonation",
        "Conspiracy",
        "Discrediting",
        "Trolling",
    ]
    assert match["correctResponsesPattern"] == ["1[.]a[,]2[.]b[,]3[.]c"]
    assert mine["match1"]["result"]["response"] == "1[.]c[,]2[.]b[,]3[.]c"
    spot = mine["spot1"]["object"]["definition"]
    assert spot["interactionType"] == "choice"
    assert spot["correctResponsesPattern"] == ["a[,]c"]
    assert mine["spot1"]["result"]["response"] == "a[,]b"
    assert "manipulative" not in json.dumps(spot)
    # Partial credit is the score: 1 of 3 neighbour pairs (Stop → Investigate), 2 of 3 prompts.
    assert mine["order1"]["result"]["score"]["scaled"] == pytest.approx(1 / 3, abs=1e-4)
    assert mine["match1"]["result"]["score"]["scaled"] == pytest.approx(2 / 3, abs=1e-4)


def test_csv_answer_rows_say_each_response_in_labels_and_words(kinds_seeded: Seeded) -> None:
    table = list(csv.reader(io.StringIO(export(kinds_seeded, "csv", answers=True))))
    header, body = table[0], table[1:]
    taro = kinds_seeded.attempts[1].row.uuid
    rows = {r[6]: dict(zip(header, r, strict=True)) for r in body if r[0] == taro}
    assert rows["order1"]["question_type"] == "ordering"
    assert rows["order1"]["response"] == "A;B;D;C"
    assert rows["order1"]["response_text"].startswith("1. Stop; 2. Investigate the source; 3. Trace")
    assert rows["match1"]["response"] == "1C;2B;3C"
    assert rows["match1"]["response_text"] == (
        "A fake account named like a news agency → Discrediting; "
        "'They don't want you to know this' → Conspiracy; "
        "'Only idiots still trust the media' → Discrediting"
    )
    assert rows["spot1"]["response"] == "A;B"
    assert float(rows["order1"]["credit"]) == pytest.approx(1 / 3, abs=1e-3)


def test_json_validates_against_the_shipped_schema_with_the_new_kinds(kinds_seeded: Seeded) -> None:
    document = json.loads(export(kinds_seeded, "json", answers=True))
    jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    answers = {a["question_id"]: a for a in document["attempts"][1]["answers"]}
    assert answers["order1"]["question_type"] == "ordering"
    assert answers["order1"]["response"] == [0, 1, 3, 2]  # in its order, not sorted
    assert answers["order1"]["correct_response"] == [0, 1, 2, 3]
    assert answers["match1"]["response"] == [2, 1, 2]
    assert len(answers["match1"]["response_text"]) == 3  # one entry per pair


def test_the_html_report_shows_which_step_pair_and_segment_was_missed(kinds_seeded: Seeded) -> None:
    out = io.StringIO()
    bank = kinds_seeded.bank
    export_attempts(kinds_seeded.store, [kinds_seeded.ids[1]], "html", out, banks={bank.id: bank})
    page = html.unescape(out.getvalue())
    assert "Put the SIFT steps in order." in page
    assert "3. Trace claims to the original and 4. Find better coverage" in page  # the answer given
    assert "3. Find better coverage and 4. Trace claims to the original" in page  # the right one
    assert "A fake account named like a news agency → Discrediting" in page
    assert "A fake account named like a news agency → Impersonation" in page
    assert "A top scientist who asked not to be named confirmed it." in page


def test_item_analysis_counts_each_kinds_credit_as_its_mark(kinds_seeded: Seeded) -> None:
    analysis = load_cohort(kinds_seeded.store, kinds_seeded.bank).analyse()
    # Ona all right; Taro 1 of 3 neighbour pairs, 2 of 3 pairs, and a spot answer worth 0.
    assert analysis.item("order1").facility == pytest.approx((1 + 1 / 3) / 2, abs=1e-4)
    assert analysis.item("match1").facility == pytest.approx((1 + 2 / 3) / 2, abs=1e-4)
    assert analysis.item("spot1").facility == pytest.approx(0.5)
