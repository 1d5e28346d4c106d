"""`quiz` (the app on its home screen) and `quiz take BANK` (straight into a quiz)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from quiz.commands.context import Config, pass_config
from quiz.i18n import _

if TYPE_CHECKING:
    from quiz.bank import Bank
    from quiz.engine.request import StartRequest

MODES = ("practice", "exam", "review", "discernment")


def _not_nan(value: float | None) -> float | None:
    if value is not None and value != value:  # nan passes every range check
        raise click.BadParameter(_("nan is not a number of minutes"))
    return value


@click.command()
@click.argument("bank", required=False)
@click.option("--mode", type=click.Choice(MODES), default="practice", show_default=True)
@click.option("--count", type=click.IntRange(min=1), help="Ask N questions (default: all).")
@click.option("--topic", "topics", multiple=True, help="Only this topic (repeatable).")
@click.option(
    "--difficulty",
    "difficulties",
    multiple=True,
    type=click.Choice(["easy", "medium", "hard"]),
    help="Only this difficulty (repeatable).",
)
@click.option("--seed", type=int, help="Same seed and bank version: the same quiz.")
@click.option("--no-shuffle", is_flag=True, help="Keep the bank's order of questions and choices.")
@click.option("--confidence", is_flag=True, help="Say how sure you are (certainty-based marking).")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0.5, max=24 * 60),
    callback=lambda _ctx, _param, value: _not_nan(value),
    help="Exam time limit in minutes (at most a day).",
)
@click.option("--name", help="Your name (remembered for next time).")
@click.option("--email", default="", help="Email that gradebook and LRS exports identify you by.")
@click.option("--username", default="", help="LMS username, when you have no email there.")
@click.option("--plain", is_flag=True, help="Line-by-line prompts on stdin/stdout, no full-screen UI.")
@click.option(
    "--new",
    is_flag=True,
    help="Plain mode: start a new attempt even if one is unfinished (it stays resumable).",
)
@pass_config
def take(
    config: Config,
    bank: str | None,
    mode: str,
    count: int | None,
    topics: tuple[str, ...],
    difficulties: tuple[str, ...],
    seed: int | None,
    no_shuffle: bool,
    confidence: bool,
    time_limit: float | None,
    name: str | None,
    email: str,
    username: str,
    plain: bool,
    new: bool,
) -> None:
    """Open a quiz on BANK (an id from `quiz banks`, or a .toml file) straight away.

    With --mode discernment and no BANK, takes the learner's next headline form: A, then B,
    then C. Naming a form (headlines_b) gives that one instead, as a counterbalanced study needs.
    """
    from quiz.engine import Mode, plan_attempt
    from quiz.engine.request import StartRequest
    from quiz.services.attempts import check_request

    if bank is None:
        if mode != "discernment":
            raise click.UsageError(
                _("name a BANK (or give --mode discernment to take your next headline form)")
            )
        bank = _next_form(config, name, email, username)
    found = config.find_bank(bank)
    engine_mode = Mode(mode)

    request = StartRequest(
        bank=found.id,
        mode=engine_mode,
        count=count,
        topics=topics,
        difficulties=difficulties,
        seed=seed,
        shuffle=not no_shuffle,
        confidence=confidence,
        time_limit_minutes=time_limit,
        language=config.language,
    )
    # Check here, so a typo or an impossible request is a clear error before any screen opens.
    check_request(found, request)
    if engine_mode is not Mode.review:
        plan_attempt(found, count=count, topics=topics, difficulties=difficulties, seed=0)
    if plain:
        _take_plain(config, found, request, name, email, username, new)
        return
    extra_dirs = [found.path.parent] if found.path and found.path.parent not in config.bank_dirs else []
    config.bank_dirs = [*config.bank_dirs, *extra_dirs]
    config.run_app(name=name, email=email, username=username, start=request)


def _next_form(config: Config, name: str | None, email: str, username: str) -> str:
    """The form the learner (named, or remembered) takes next; a new learner starts on A."""
    from quiz.engine.discernment import FORMS
    from quiz.services.reporting import next_form_for

    installed = {form for form in FORMS if any((d / f"{form}.toml").is_file() for d in config.bank_dirs)}
    with config.open_store() as store:
        learner = store.learner(name, email, username) if name else store.remembered_learner()
        form = next_form_for(store, learner, installed)
    if form is None:
        raise click.UsageError(_("no headline form (headlines_a, _b or _c) is installed"))
    click.echo(_("Your next discernment check: {form}.").format(form=form), err=True)
    return form


def _take_plain(
    config: Config,
    bank: Bank,
    request: StartRequest,
    name: str | None,
    email: str,
    username: str,
    new: bool,
) -> None:
    from quiz import config as paths
    from quiz.config.settings import load_settings
    from quiz.frontends.plain.session import run_plain

    with config.open_store() as store:  # first: a QUIZ_HOME that is a file is named as such
        # Checked whole, as the app checks it: plain mode read only its language, so a typo
        # beside language = "lt" gave English without a word.
        load_settings(paths.settings_path())
        # No name yet and none given: plain mode asks for it, as the app does.
        learner = store.remember_learner(name, email, username) if name else store.remembered_learner()
        status = run_plain(store, bank, learner, request, inp=sys.stdin, out=sys.stdout, new=new)
    raise SystemExit(status)
