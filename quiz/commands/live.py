"""`quiz host` (run a live session) and `quiz join` (take part in one)."""

from __future__ import annotations

import socket
import subprocess
import sys
from typing import TYPE_CHECKING

import click

from quiz.commands.context import Config, pass_config
from quiz.i18n import _

if TYPE_CHECKING:
    from quiz.live.hosting import HostSpec

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def lan_addresses(port: int) -> list[str]:
    """Addresses this machine may be reached at, for the host screen's join hint."""
    found: list[str] = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if not address.startswith("127.") and address not in found:
                found.append(address)
    except OSError:
        pass
    return [f"{address}:{port}" for address in found] or [f"{socket.gethostname()}:{port}"]


@click.command()
@click.argument("bank", required=False)
@click.option("--questions", type=click.IntRange(min=1), help="Ask N questions (default: the whole bank).")
@click.option(
    "--time",
    "time_limit",
    type=click.FloatRange(min=3),
    default=20,
    show_default=True,
    help="Seconds each question stays open.",
)
@click.option(
    "--speed/--no-speed",
    default=True,
    show_default=True,
    help="Speed points: a faster right answer earns more (Kahoot's rule).",
)
@click.option(
    "--streak/--no-streak",
    default=True,
    show_default=True,
    help="+100 per consecutive right answer, at most +500.",
)
@click.option("--seed", type=int, help="Same seed and bank version: the same questions in the same order.")
@click.option(
    "--shuffle/--no-shuffle", default=True, show_default=True, help="Shuffle questions and options."
)
@click.option(
    "--max-participants",
    type=click.IntRange(min=1),
    help="Refuse new learners, politely, once this many are in (default: no limit).",
)
@click.option(
    "--auto-next",
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    help="After each reveal, open the next question by itself after this many seconds.",
)
@click.option(
    "--bind",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback lets other machines connect.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--resume", "resume_code", metavar="CODE", help="Resume a session whose host stopped.")
@click.option("--web", is_flag=True, help="Also serve the join screen to browsers (textual-serve).")
@click.option("--web-port", type=click.IntRange(1, 65535), default=8766, show_default=True)
@click.option(
    "--headless",
    is_flag=True,
    help="No host screen: print one JSON line (code, port, url, host_token) and serve until "
    "Ctrl+C, for scripts and load tests that drive the session themselves.",
)
@pass_config
def host(
    config: Config,
    bank: str | None,
    questions: int | None,
    time_limit: float,
    speed: bool,
    streak: bool,
    seed: int | None,
    shuffle: bool,
    max_participants: int | None,
    auto_next: float | None,
    bind: str,
    port: int,
    resume_code: str | None,
    web: bool,
    web_port: int,
    headless: bool,
) -> None:
    """Host a live session on BANK: learners join, you pace the questions.

    The host screen shows the join code and address, the participants, each question's
    countdown and answers, the reveal with how the room answered, and the leaderboard.
    """
    from quiz.live.hosting import HostSpec
    from quiz.live.room import LiveOptions

    if not bank and not resume_code:
        raise click.UsageError(_("name a BANK to host, or --resume CODE"))
    if bank:
        config.find_bank(bank)  # a typo is reported here, before any screen opens
    spec = HostSpec(
        bank=bank,
        resume=resume_code,
        options=LiveOptions(
            questions=questions,
            time_limit=time_limit,
            speed=speed,
            streak=streak,
            seed=seed,
            shuffle=shuffle,
            max_participants=max_participants,
            auto_next=auto_next,
        ),
        bind=bind,
        port=port,
    )
    outside = bind not in LOOPBACK
    if outside:
        click.echo(
            _(
                "Warning: listening on {address}: other machines on the network can connect. "
                "Anyone with the join code can join; only this screen can run the session."
            ).format(address=f"{bind}:{port}"),
            err=True,
        )
    if headless:
        _serve_headless(config, spec)
        return
    web_process = None
    web_url = None
    if web:
        web_bind = bind if outside else "127.0.0.1"
        command = [sys.executable, "-m", "quiz", "web-join", f"127.0.0.1:{port}"]
        web_process = subprocess.Popen(
            [*command, "--bind", web_bind, "--port", str(web_port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shown = lan_addresses(web_port)[0].split(":")[0] if outside else "127.0.0.1"
        web_url = f"http://{shown}:{web_port}"
    from quiz.frontends.tui import HostRequest

    request = HostRequest(spec, join_hint=tuple(lan_addresses(port)) if outside else (), web_url=web_url)
    try:
        config.run_app(host=request)
    finally:
        if web_process is not None:
            web_process.terminate()
            web_process.wait(5)


def _serve_headless(config: Config, spec: HostSpec) -> None:
    """The server alone, until SIGINT or SIGTERM; the JSON line says how to drive it."""
    import asyncio

    from quiz.live.hosting import serve_until_stopped

    async def serve() -> None:
        with config.open_store() as store:
            await serve_until_stopped(store, spec, config.find_bank)

    asyncio.run(serve())


@click.command()
@click.argument("address", required=False, default="")
@click.option("--code", default="", help="The six-character join code the host shows.")
@click.option("--name", default="", help="Your name as others will see it (at most 32 characters).")
@click.option(
    "--rejoin",
    default="",
    metavar="CODE",
    help="Come back as yourself from another device: the rejoin code your first screen showed.",
)
@click.option("--fixed-address", is_flag=True, hidden=True)  # the browser page: the address is the host's
@pass_config
def join(config: Config, address: str, code: str, name: str, rejoin: str, fixed_address: bool) -> None:
    """Join a live session at ADDRESS (host[:port], default port 8765).

    Whatever is not given is asked on the join form.
    """
    from quiz.frontends.tui import JoinRequest

    config.run_app(join=JoinRequest(address, code, name, rejoin, fixed_address and bool(address)))


@click.command("web-join", hidden=True)
@click.argument("address")
@click.option("--bind", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8766, show_default=True)
def web_join(address: str, bind: str, port: int) -> None:
    """Serve the join form for the session at ADDRESS to browsers (started by `quiz host --web`)."""
    from quiz.frontends.web import serve_join_page

    serve_join_page(address, bind=bind, port=port)
