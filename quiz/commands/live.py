"""`quiz host` (run a live session) and `quiz join` (take part in one)."""

from __future__ import annotations

import socket
import subprocess
import sys

import click

from quiz.commands.context import Config, pass_config

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
@pass_config
def host(
    config: Config,
    bank: str | None,
    questions: int | None,
    time_limit: float,
    speed: bool,
    streak: bool,
    bind: str,
    port: int,
    resume_code: str | None,
    web: bool,
    web_port: int,
) -> None:
    """Host a live session on BANK: learners join, you pace the questions.

    The host screen shows the join code and address, the participants, each question's
    countdown and answers, the reveal with how the room answered, and the leaderboard.
    """
    if not bank and not resume_code:
        raise click.UsageError("name a BANK to host, or --resume CODE")
    if bank:
        config.find_bank(bank)  # a typo is reported here, before any screen opens
    outside = bind not in LOOPBACK
    if outside:
        click.echo(
            f"Warning: listening on {bind}:{port}: other machines on the network can connect. "
            "Anyone with the join code can join; only this screen can run the session.",
            err=True,
        )
    web_process = None
    web_url = None
    if web:
        web_bind = bind if outside else "127.0.0.1"
        join_address = f"127.0.0.1:{port}"
        web_process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quiz.live.web",
                "--bind",
                web_bind,
                "--port",
                str(web_port),
                "--join",
                join_address,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shown = lan_addresses(web_port)[0].split(":")[0] if outside else "127.0.0.1"
        web_url = f"http://{shown}:{web_port}"
    from quiz.frontends.tui import HostRequest

    request = HostRequest(
        bank=bank,
        questions=questions,
        time_limit=time_limit,
        speed=speed,
        streak=streak,
        bind=bind,
        port=port,
        resume=resume_code,
        join_hint=tuple(lan_addresses(port)) if outside else (),
        web_url=web_url,
    )
    try:
        config.run_app(host=request)
    finally:
        if web_process is not None:
            web_process.terminate()
            web_process.wait(5)


@click.command()
@click.argument("address", required=False, default="")
@click.option("--code", default="", help="The six-character join code the host shows.")
@click.option("--name", default="", help="Your name as others will see it (at most 32 characters).")
@pass_config
def join(config: Config, address: str, code: str, name: str) -> None:
    """Join a live session at ADDRESS (host[:port], default port 8765).

    Whatever is not given is asked on the join form.
    """
    from quiz.frontends.tui import JoinRequest

    config.run_app(join=JoinRequest(address, code, name))
