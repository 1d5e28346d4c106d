"""`lrs push`: batches, retries on transient errors, and never the same statement twice."""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from quiz.cli import cli
from quiz.export import export_attempts
from quiz.export.lrs import LrsConfig, LrsError, push
from tests.export.conftest import Seeded
from tests.export.lrs_servers import PASSWORD, USER, StubLrs, basic_auth, ralph_lrs, stub_lrs
from tests.export.ralph_install import ralph_venv
from tests.export.xapi_rules import check_statement


@pytest.fixture(scope="session")
def ralph() -> Path:
    """Ralph's virtualenv, installed here only where ``.ci/run`` has not (once per machine):
    in the fixture's setup, so that the test's own time is the push and nothing else."""
    try:
        return ralph_venv()
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:  # offline, say
        pytest.skip(f"cannot install Ralph: {exc.stderr!r:.300}")


@pytest.fixture
def stub() -> Iterator[StubLrs]:
    with stub_lrs() as server:
        yield server


def all_statement_ids(seeded: Seeded) -> list[str]:
    out = io.StringIO()
    export_attempts(seeded.store, seeded.ids, "xapi", out, banks={seeded.bank.id: seeded.bank})
    return [json.loads(line)["id"] for line in out.getvalue().splitlines()]


def config(url: str, **overrides: object) -> LrsConfig:
    settings: dict[str, object] = {"username": USER, "password": PASSWORD, "batch_size": 5, "backoff": 0.0}
    settings.update(overrides)
    return LrsConfig(url, **settings)  # type: ignore[arg-type]


def do_push(seeded: Seeded, lrs: LrsConfig) -> object:
    return push(seeded.store, seeded.ids, {seeded.bank.id: seeded.bank}, lrs, sleep=lambda _: None)


def test_a_failed_batch_is_retried_and_a_second_push_sends_nothing(seeded: Seeded, stub: StubLrs) -> None:
    stub.fail = {2: [503]}  # the second POST fails once
    expected = all_statement_ids(seeded)
    report = do_push(seeded, config(stub.url))
    batches = -(-len(expected) // 5)
    assert (report.sent, report.batches, report.retries) == (len(expected), batches, 1)  # type: ignore[attr-defined]
    assert stub.posts == batches + 1
    assert Counter(stub.received) == Counter(expected), "each statement arrived exactly once"
    for statement in stub.stored.values():
        check_statement(statement)
    assert {basic_auth(h) for h in stub.headers} == {f"{USER}:{PASSWORD}"}
    assert {h["X-Experience-API-Version"] for h in stub.headers} == {"1.0.3"}

    again = do_push(seeded, config(stub.url))
    assert (again.sent, again.already_sent) == (0, len(expected))  # type: ignore[attr-defined]
    assert stub.posts == batches + 1, "nothing was sent the second time"


def test_a_push_that_gives_up_resumes_where_it_stopped(seeded: Seeded, stub: StubLrs) -> None:
    stub.fail = {3: [502], 4: [502]}  # the third batch fails twice: more than one retry allows
    with pytest.raises(LrsError, match=r"502.*gave up after 2 tries"):
        do_push(seeded, config(stub.url, retries=1))
    assert len(stub.received) == 10, "the two accepted batches"
    report = do_push(seeded, config(stub.url, retries=1))
    expected = all_statement_ids(seeded)
    assert report.already_sent == 10  # type: ignore[attr-defined]
    assert Counter(stub.received) == Counter(expected)


def test_a_refused_batch_stops_the_push_with_the_lrs_words(seeded: Seeded, stub: StubLrs) -> None:
    stub.fail = {1: [400]}
    with pytest.raises(LrsError, match=r"answered 400: .*stub says 400"):
        do_push(seeded, config(stub.url))
    assert stub.posts == 1, "a 400 is not retried"
    assert seeded.store.sent_statement_ids(config(stub.url).key) == set()


def test_an_unreachable_lrs_is_a_clear_error(seeded: Seeded) -> None:
    with pytest.raises(LrsError, match=re.escape("cannot reach http://127.0.0.1:9/xAPI/statements")):
        do_push(seeded, config("http://127.0.0.1:9/xAPI", retries=1, timeout=2.0))


def test_cli_dry_run_prints_what_would_go_and_sends_nothing(seeded: Seeded, stub: StubLrs) -> None:
    runner = CliRunner()
    args = [
        "--db",
        str(seeded.store.path),
        "lrs",
        "push",
        "--endpoint",
        stub.url,
        "--user",
        USER,
        "--password",
        PASSWORD,
        "--learner",
        "taro",
    ]
    result = runner.invoke(cli, [*args, "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(seeded.attempts[2].attempt.answers) + 3
    assert {s["actor"]["account"]["name"] for s in lines} == {"taro"}
    assert "Dry run: would send" in result.stderr
    assert stub.posts == 0
    sent = runner.invoke(cli, [*args, "--backoff", "0"])
    assert sent.exit_code == 0, sent.output
    assert len(stub.received) == len(lines)
    result = runner.invoke(cli, [*args, "--dry-run"])
    assert result.stdout == ""
    assert f"{len(lines)} already sent" in result.stderr


def test_push_to_a_real_lrs_and_read_the_statements_back(seeded: Seeded, ralph: Path, tmp_path: Path) -> None:
    with ralph_lrs(ralph, tmp_path) as url:
        expected = all_statement_ids(seeded)
        # Ralph's filesystem backend refuses a second write to its file, so one batch carries all.
        report = do_push(seeded, config(url, batch_size=1000))
        assert report.sent == len(expected)  # type: ignore[attr-defined]
        answer = httpx.get(
            f"{url}/statements",
            params={"limit": 1000},
            auth=(USER, PASSWORD),
            headers={"X-Experience-API-Version": "1.0.3"},
        )
        assert answer.status_code == 200
        stored = answer.json()["statements"]
        assert sorted(s["id"] for s in stored) == sorted(expected)
        by_id = {s["id"]: s for s in stored}
        first = by_id[expected[0]]
        assert first["actor"]["name"] == seeded.learners[0].name
        assert first["context"]["registration"] == seeded.attempts[0].row.uuid
        again = do_push(seeded, config(url, batch_size=1000))
        assert again.sent == 0  # type: ignore[attr-defined]
