"""`quiz host` and `quiz join` read their options right before any screen opens."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from quiz.cli import cli
from quiz.commands.context import Config
from tests.conftest import FIXTURES


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(Config, "run_app", lambda self, **settings: calls.append(settings))
    return calls


def test_host_on_loopback_by_default(opened: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(
        cli, ["host", str(FIXTURES / "sample.toml"), "--questions", "3", "--no-speed"]
    )
    assert result.exit_code == 0, result.output
    spec = opened[0]["host"].spec
    assert (spec.bind, spec.port, spec.options.questions, spec.options.speed) == ("127.0.0.1", 8765, 3, False)
    assert "Warning" not in result.output


def test_binding_beyond_loopback_warns(opened: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, ["host", str(FIXTURES / "sample.toml"), "--bind", "0.0.0.0"])
    assert result.exit_code == 0, result.output
    assert "Warning: listening on 0.0.0.0:8765: other machines on the network can connect" in result.output
    assert opened[0]["host"].join_hint  # the host screen shows addresses learners can use


def test_host_needs_a_bank_or_a_session_to_resume(opened: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, ["host"])
    assert result.exit_code == 2
    assert "name a BANK to host, or --resume CODE" in result.output
    result = CliRunner().invoke(cli, ["host", "no_such_bank"])
    assert result.exit_code == 1
    assert "no bank called “no_such_bank”" in result.output
    assert opened == []


def test_join_passes_what_it_was_given(opened: list[dict[str, Any]]) -> None:
    result = CliRunner().invoke(cli, ["join", "192.0.2.5:9000", "--code", "k7qxpm", "--name", "Ona"])
    assert result.exit_code == 0, result.output
    request = opened[0]["join"]
    assert (request.address, request.code, request.name) == ("192.0.2.5:9000", "k7qxpm", "Ona")
