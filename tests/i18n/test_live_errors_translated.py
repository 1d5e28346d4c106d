"""quiz.live's own errors, which `quiz host`, `quiz join` and the host screen show as they are,
in the language: "cannot listen", "cannot reach the session" and the rest were English in every
language."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.bank import Bank
from quiz.errors import QuizError
from quiz.i18n import set_language
from quiz.live.client import AddressError, JoinError, LiveClient, parse_address
from quiz.live.room import LiveError, LiveOptions
from quiz.live.server import serve
from quiz.live.session import LiveSession
from quiz.store import Store


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    set_language("en")


def closed_port() -> int:
    """A port nothing listens on: bound for a moment, then let go."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("lt", "nepavyko priimti ryšių adresu 127.0.0.1:"),
        ("uk", "не вдається приймати з'єднання на 127.0.0.1:"),
        ("ja", "で接続を待ち受けられません："),
    ],
)
async def test_a_busy_port_is_said_in_the_language(
    sample_bank: Bank, tmp_path: Path, language: str, words: str
) -> None:
    with Store(tmp_path / "live.db") as store:
        session = await LiveSession.create(store, sample_bank)
        server = await serve(session, "127.0.0.1", 0)
        try:
            set_language(language)
            with pytest.raises(QuizError) as caught:
                await serve(session, "127.0.0.1", server.port)
        finally:
            await server.stop()
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("lt", "nepavyko pasiekti sesijos adresu ws://127.0.0.1:"),
        ("uk", "не вдається зв'язатися із заняттям за адресою ws://127.0.0.1:"),
        ("ja", "のセッションに接続できません："),
    ],
)
async def test_a_session_out_of_reach_is_said_in_the_language(language: str, words: str) -> None:
    set_language(language)
    client = LiveClient(f"ws://127.0.0.1:{closed_port()}/ws", code="ABCDEF", name="Ona", reconnect=False)
    with pytest.raises(JoinError) as caught:
        await client.connect()
    assert words in str(caught.value)
    assert caught.value.unreachable


def test_a_bad_address_is_said_in_the_language() -> None:
    set_language("uk")
    with pytest.raises(AddressError, match=re.escape("Порт в адресі «host:99999» — не число")):
        parse_address("host:99999")
    set_language("ja")
    with pytest.raises(AddressError, match="「:80」にはホスト名がありません"):
        parse_address(":80")


async def test_a_zero_time_limit_is_said_in_the_language(sample_bank: Bank, tmp_path: Path) -> None:
    set_language("lt")
    with Store(tmp_path / "live.db") as store, pytest.raises(LiveError, match="laikas vienam klausimui"):
        await LiveSession.create(store, sample_bank, LiveOptions(time_limit=0))


async def test_resuming_on_another_bank_is_said_in_the_language(sample_bank: Bank, tmp_path: Path) -> None:
    from quiz.bank import load_bank
    from tests.conftest import FIXTURES

    other = load_bank(FIXTURES / "translated" / "mini.toml")
    with Store(tmp_path / "live.db") as store:
        session = await LiveSession.create(store, sample_bank)
        set_language("uk")
        with pytest.raises(LiveError, match=f"заняття {session.code} проходило за банком «sample»"):
            await LiveSession.resume(store, other, session.code)


async def test_a_command_sent_while_reconnecting_is_refused_in_the_language() -> None:
    # The host screen shows this one as a notice when a key is pressed while the link is down.
    from quiz.live import protocol as p
    from quiz.live.client import NotConnected

    set_language("lt")
    client = LiveClient("ws://127.0.0.1:1/ws", code="ABCDEF", host_token="t", reconnect=False)
    with pytest.raises(NotConnected, match="neprisijungta prie sesijos; jungiamasi iš naujo"):
        await client.send(p.Start())
