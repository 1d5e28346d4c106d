"""CSV, Moodle and Canvas gradebooks, JSON: layouts, formula safety and Unicode names."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from quiz.bank import Bank, load_bank
from quiz.export import ExportOptions, GradeMethod, export_attempts
from quiz.export.csvfmt import fmt_number, neutralise
from quiz.export.jsonfmt import SCHEMA_PATH, schema_json
from quiz.store import Store
from tests.export.conftest import ALL_RIGHT, TRICKY_NAMES, Seeded, take

FORMULA_BANK = """
[bank]
id = "formulas"
title = "=cmd|' /C calc'!A0"
version = "1"

[[questions]]
id = "f1"
type = "single"
prompt = "+Which is right?"
explanation = "-Because."
topics = ["@topic"]

[[questions.choices]]
text = "=1+1"
correct = true

[[questions.choices]]
text = "-5 degrees"

[[questions.choices]]
text = "@SUM(A1)"
"""


def export_text(seeded: Seeded, fmt: str, banks: dict[str, Bank] | None = None, **options: object) -> str:
    out = io.StringIO()
    export_attempts(
        seeded.store,
        seeded.ids,
        fmt,
        out,
        banks=banks or {seeded.bank.id: seeded.bank},
        options=ExportOptions(**options),  # type: ignore[arg-type]
    )
    return out.getvalue()


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# -- csv ----------------------------------------------------------------------------------------


def test_attempt_rows_carry_scores_and_per_topic_percentages(seeded: Seeded) -> None:
    table = rows(export_text(seeded, "csv"))
    header, body = table[0], table[1:]
    assert header[:19] == [
        "attempt",
        "learner",
        "email",
        "username",
        "bank",
        "bank_title",
        "mode",
        "session",
        "started",
        "finished",
        "duration_seconds",
        "score",
        "max",
        "percent",
        "passed",
        "questions",
        "bank_questions",
        "retry_of",
        "language",
    ]
    assert set(header[19:]) == {
        f"topic: {t} accuracy %" for t in ("verification", "techniques", "sanctions", "headlines")
    }
    assert len(body) == len(seeded.attempts)
    first = dict(zip(header, body[0], strict=True))
    assert first["learner"] == TRICKY_NAMES[0]
    assert (first["score"], first["max"], first["percent"], first["passed"]) == ("5", "5", "100", "yes")
    assert first["topic: headlines accuracy %"] == "100"
    partial = dict(zip(header, body[3], strict=True))  # two of five answered
    assert partial["topic: sanctions accuracy %"] == "0"
    assert partial["passed"] == "no"


def test_topic_figures_are_accuracy_as_the_screens_show_them(seeded: Seeded) -> None:
    # Attempt 2 is certainty-based, every answer "sure": h1 right (+3), h2 wrong (-6). Its
    # headlines marks are -50%, which the results screen leaves in the score line; the bar,
    # the csv column and the json topic say what was answered right: one of two, 50%.
    cbm = seeded.attempts[1]
    score = cbm.score()
    assert cbm.attempt.plan.marking.certainty
    assert score.by_topic["headlines"].percent == -50
    table = rows(export_text(seeded, "csv"))
    row = dict(zip(table[0], table[2], strict=True))
    assert row["percent"] == fmt_number(score.percent)  # the attempt's score keeps its marking
    for topic, part in score.by_topic.items():
        assert row[f"topic: {topic} accuracy %"] == fmt_number(part.accuracy)
    assert row["topic: headlines accuracy %"] == "50"
    document = json.loads(export_text(seeded, "json"))
    topics = {t["topic"]: t for t in document["attempts"][1]["topics"]}
    assert topics["headlines"]["accuracy"] == 50
    assert topics["headlines"]["percent"] == -50  # the marks are still there, named as marks
    assert {name: t["accuracy"] for name, t in topics.items()} == {
        name: round(part.accuracy, 4) for name, part in score.by_topic.items()
    }


def test_answer_rows_one_per_stored_answer(seeded: Seeded) -> None:
    table = rows(export_text(seeded, "csv", answers=True))
    header, body = table[0], table[1:]
    assert header == [
        "attempt",
        "learner",
        "email",
        "username",
        "bank",
        "position",
        "question_id",
        "question_type",
        "response",
        "response_text",
        "correct",
        "credit",
        "points",
        "max_points",
        "confidence",
        "seconds",
        "answered_at",
    ]
    assert len(body) == sum(len(a.attempt.answers) for a in seeded.attempts)
    by_key = {(r[0], r[6]): dict(zip(header, r, strict=True)) for r in body}
    multiple = by_key[(seeded.attempts[0].row.uuid, "m1")]
    assert (multiple["response"], multiple["response_text"], multiple["correct"]) == (
        "A;B",
        "Impersonation; Trolling",
        "yes",
    )
    certain = by_key[(seeded.attempts[1].row.uuid, "tf1")]
    assert (certain["confidence"], certain["points"], certain["correct"]) == ("high", "-6", "no")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_neutralise_prefixes_formula_starts(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert neutralise("Ona " + value) == "Ona " + value


@pytest.mark.parametrize("fmt", ["csv", "csv-answers", "moodle", "canvas"])
def test_no_cell_in_any_csv_starts_like_a_formula(store: Store, tmp_path: Path, fmt: str) -> None:
    (tmp_path / "formulas.toml").write_text(FORMULA_BANK, encoding="utf-8")
    bank = load_bank(tmp_path / "formulas.toml")
    learner = store.learner('=HYPERLINK("x")', email="+1@example.org", username="-user")
    attempt = take(store, bank, learner, {"f1": [0]})
    other = take(store, bank, store.learner("@Mallory", username="\tm"), {"f1": [1]})
    out = io.StringIO()
    export_attempts(
        store,
        [attempt.id, other.id],
        fmt.removesuffix("-answers"),
        out,
        banks={bank.id: bank},
        options=ExportOptions(answers=fmt.endswith("answers")),
    )
    table = rows(out.getvalue())
    identifiers = set()
    if fmt == "moodle":
        identifiers = {(r, c) for r in range(1, len(table)) for c in (1, 2)}  # Email address, Username
    elif fmt == "canvas":
        identifiers = {(r, 3) for r in range(2, len(table))}  # SIS Login ID
    cells = [cell for r, row in enumerate(table) for c, cell in enumerate(row) if (r, c) not in identifiers]
    assert '\'=HYPERLINK("x")' in cells
    if fmt == "csv-answers":
        assert {"'=1+1", "'-5 degrees"} <= set(cells)
    for cell in cells:
        is_number = cell.lstrip("-").replace(".", "", 1).isdigit()
        assert is_number or not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize("fmt", ["csv", "moodle", "canvas"])
def test_unicode_names_survive_the_csv_formats(seeded: Seeded, fmt: str) -> None:
    cells = {cell for row in rows(export_text(seeded, fmt)) for cell in row}
    assert TRICKY_NAMES[0] in cells
    taro = [a.id for a in seeded.attempts if a.row.learner.name == TRICKY_NAMES[1]]
    out = io.StringIO()
    export_attempts(seeded.store, taro, fmt, out, banks={seeded.bank.id: seeded.bank})
    assert TRICKY_NAMES[1] in {cell for row in rows(out.getvalue()) for cell in row}


# -- gradebooks ---------------------------------------------------------------------------------


def test_moodle_header_is_what_moodles_grade_import_maps(seeded: Seeded) -> None:
    table = rows(export_text(seeded, "moodle"))
    assert table[0] == [
        "Full name",
        "Email address",
        "Username",
        "Sample bank (Real)",
        "Last downloaded from this course",
    ]
    stamp = {row[-1] for row in table[1:]}
    assert len(stamp) == 1
    assert stamp.pop().isdigit()


def test_canvas_header_and_points_possible_row(seeded: Seeded) -> None:
    table = rows(export_text(seeded, "canvas"))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Sample bank"]
    assert table[1] == ["    Points Possible", "", "", "", "", "100"]
    logins = {row[3] for row in table[2:]}
    assert logins == {"ona@example.lt", "-bad@example.org"}, "one identifier, the one most learners have"


def test_gradebooks_grade_each_learner_once_per_bank(seeded: Seeded) -> None:
    def grades(method: GradeMethod) -> dict[str, str]:
        table = rows(export_text(seeded, "moodle", grade=method))
        return {row[1] or row[2]: row[3] for row in table[1:]}

    assert grades(GradeMethod.highest)["ona@example.lt"] == "100"
    latest = grades(GradeMethod.latest)["ona@example.lt"]
    assert latest != "100"
    assert grades(GradeMethod.first)["ona@example.lt"] == "100"


def test_negative_totals_are_floored_at_zero(store: Store, sample_bank: Bank) -> None:
    from quiz.engine import Marking
    from tests.export.conftest import SOME_WRONG

    taro = store.learner("Taro", username="taro")
    attempt = take(store, sample_bank, taro, SOME_WRONG, marking=Marking(negative=True))
    out = io.StringIO()
    export_attempts(store, [attempt.id], "moodle", out, banks={sample_bank.id: sample_bank})
    assert rows(out.getvalue())[1][2:4] == ["taro", "0"]


MIXED = [  # (name, email, username): a cohort whose learners are known by different identifiers
    ("Ona Petraitė", "ona@example.lt", ""),
    ("Jonas", "jonas@example.lt", "jonas"),
    ("-dash", "", "-dash"),
    ("@at", "", "@at"),
    ("Eq", "=eq@example.org", ""),
    ('=HYPERLINK("http://evil.example","x")', "+plus@example.org", "+plus"),
    ("Nobody Known", "", ""),
]


@pytest.fixture
def mixed(store: Store, sample_bank: Bank) -> list[int]:
    return [take(store, sample_bank, store.learner(*who), ALL_RIGHT).id for who in MIXED]


def gradebook(
    store: Store, bank: Bank, ids: list[int], fmt: str
) -> tuple[list[list[str]], list[str], list[str]]:
    out = io.StringIO()
    result = export_attempts(store, ids, fmt, out, banks={bank.id: bank})
    return rows(out.getvalue()), result.warnings, result.notes


def test_a_mixed_cohort_is_matched_by_one_identifier_and_the_rest_are_named(
    store: Store, sample_bank: Bank, mixed: list[int]
) -> None:
    table, warnings, notes = gradebook(store, sample_bank, mixed, "moodle")
    # Four learners have an email, three a username: the file matches by email, every row has one.
    assert [row[1] for row in table[1:]] == [
        "ona@example.lt",
        "jonas@example.lt",
        "=eq@example.org",
        "+plus@example.org",
    ]
    assert notes == [
        "learners are matched by email (column “Email address”): in Moodle's import, map "
        "“Email address” to the user field “Email address”"
    ]
    assert warnings == [
        *(
            f"learner “{name}” has no email; left out of the gradebook, which matches every learner by email"
            for name in ("-dash", "@at")
        ),
        "learner “Nobody Known” has neither email nor username; left out of the gradebook",
    ]
    # Drop the email learners but one: now usernames cover more of them.
    by_username = [mixed[i] for i in (1, 2, 3, 6)]
    table, warnings, notes = gradebook(store, sample_bank, by_username, "canvas")
    assert [row[3] for row in table[2:]] == ["jonas", "-dash", "@at"]
    assert notes == ["learners are matched by username (column “SIS Login ID”)"]
    assert [w.split(" has ")[0] for w in warnings] == ["learner “Nobody Known”"]


def test_identifiers_are_exact_and_free_text_is_guarded(
    store: Store, sample_bank: Bank, mixed: list[int]
) -> None:
    table, _, _ = gradebook(store, sample_bank, mixed, "moodle")
    by_email = {row[1]: row for row in table[1:]}
    assert by_email["=eq@example.org"][0] == "Eq"
    hostile = by_email["+plus@example.org"]
    assert hostile[:3] == ['\'=HYPERLINK("http://evil.example","x")', "+plus@example.org", "+plus"]
    table, _, _ = gradebook(store, sample_bank, [mixed[i] for i in (2, 3, 5)], "canvas")
    assert [(row[0], row[3]) for row in table[2:]] == [
        ("'-dash", "-dash"),
        ("'@at", "@at"),
        ('\'=HYPERLINK("http://evil.example","x")', "+plus"),
    ]


@pytest.mark.parametrize("fmt", ["csv", "moodle", "canvas"])
def test_bom_starts_the_spreadsheet_formats_only_when_asked(seeded: Seeded, tmp_path: Path, fmt: str) -> None:
    banks = {seeded.bank.id: seeded.bank}
    plain, marked = tmp_path / "plain.csv", tmp_path / "bom.csv"
    export_attempts(seeded.store, seeded.ids, fmt, plain, banks=banks)
    export_attempts(seeded.store, seeded.ids, fmt, marked, banks=banks, options=ExportOptions(bom=True))
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert marked.read_bytes().startswith(b"\xef\xbb\xbf")
    assert (
        marked.read_text(encoding="utf-8-sig").splitlines()[1:]
        == plain.read_text(encoding="utf-8").splitlines()[1:]
    )
    assert "Šarūnė" in marked.read_text(encoding="utf-8-sig")


def test_bom_with_answer_rows_and_a_format_that_takes_none(seeded: Seeded, tmp_path: Path) -> None:
    banks = {seeded.bank.id: seeded.bank}
    out = tmp_path / "answers.csv"
    export_attempts(
        seeded.store, seeded.ids, "csv", out, banks=banks, options=ExportOptions(answers=True, bom=True)
    )
    assert out.read_bytes().startswith(b"\xef\xbb\xbfattempt,learner,")
    export_attempts(seeded.store, seeded.ids, "json", out, banks=banks, options=ExportOptions(bom=True))
    assert out.read_bytes().startswith(b"{")


def test_learners_without_email_or_username_are_reported_not_exported(seeded: Seeded) -> None:
    out = io.StringIO()
    result = export_attempts(seeded.store, seeded.ids, "canvas", out, banks={seeded.bank.id: seeded.bank})
    assert "Nobody Known" not in out.getvalue()
    assert result.warnings == [
        f"learner “{TRICKY_NAMES[1]}” has no email; left out of the gradebook, which matches every "
        "learner by email",
        "learner “Nobody Known” has neither email nor username; left out of the gradebook",
    ]


# -- json ---------------------------------------------------------------------------------------


def test_shipped_schema_matches_the_models() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_json(), (
        "regenerate: python -m quiz.export.jsonfmt > quiz/export/attempts.schema.json"
    )


def test_json_export_validates_against_the_shipped_schema(seeded: Seeded) -> None:
    document = json.loads(export_text(seeded, "json"))
    jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert len(document["attempts"]) == len(seeded.attempts)
    first = document["attempts"][0]
    assert first["learner"]["name"] == TRICKY_NAMES[0]
    assert document["attempts"][2]["learner"]["name"] == TRICKY_NAMES[1]
    assert len(first["answers"]) == len(ALL_RIGHT)
    m1 = next(a for a in first["answers"] if a["question_id"] == "m1")
    assert (m1["response"], m1["correct_response"], m1["correct"]) == ([0, 1], [0, 1], True)


def test_json_schema_rejects_a_broken_document(seeded: Seeded) -> None:
    document = json.loads(export_text(seeded, "json"))
    del document["attempts"][0]["answers"][0]["points"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def test_retries_and_parts_of_a_bank_are_marked_in_csv_and_json(store: Store, sample_bank: Bank) -> None:
    from quiz.engine.request import StartRequest
    from quiz.services.attempts import start_attempt

    ona = store.learner("Ona")
    whole = take(store, sample_bank, ona, {"s1": [0]})
    ids = [whole.id]
    for request in (
        StartRequest(bank="sample", question_ids=("m1", "tf1"), retry_of=whole.id),
        StartRequest(bank="sample", count=2),
    ):
        run = start_attempt(store, sample_bank, ona, request)
        run.finish()
        ids.append(run.id)
    out = io.StringIO()
    export_attempts(store, ids, "csv", out, banks={sample_bank.id: sample_bank})
    table = [dict(zip(rows(out.getvalue())[0], r, strict=False)) for r in rows(out.getvalue())[1:]]
    assert [(r["questions"], r["bank_questions"], r["retry_of"]) for r in table] == [
        ("5", "5", ""),
        ("2", "5", whole.row.uuid),
        ("2", "5", ""),
    ]
    out = io.StringIO()
    export_attempts(store, ids, "json", out, banks={sample_bank.id: sample_bank})
    document = json.loads(out.getvalue())
    jsonschema.validate(document, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    marks = [(a["questions"], a["retry_of"], a["whole_bank"]) for a in document["attempts"]]
    assert marks == [(5, None, True), (2, whole.row.uuid, False), (2, None, False)]
