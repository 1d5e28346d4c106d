"""A self-contained HTML report of one learner or a cohort: nothing to fetch, so it opens offline.

Scores per attempt (retries and runs on part of a bank marked as such, discernment checks as
measurements), per-topic accuracy bars, the discernment measures of headline items (from
``quiz.engine.discernment``) and the questions missed, with their explanations. The template
is Jinja2 with autoescaping on: names come from people and are shown as text, never as
markup; bank prompts and explanations are Markdown, rendered by ``quiz.markdown`` with
raw HTML switched off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape, unescape
from typing import Any, TextIO

from quiz.bank import AnyQuestion
from quiz.engine.coverage import Coverage
from quiz.engine.discernment import Discernment, discernment, headline_judgements
from quiz.engine.request import MODE_NAMES
from quiz.engine.scoring import Breakdown, topic_name
from quiz.engine.timing import duration_text
from quiz.explain.discernment import measures
from quiz.export.data import ExportAttempt, Progress, response_in_words
from quiz.i18n import _, current_language, gettext, ngettext
from quiz.i18n.lists import together
from quiz.i18n.nobreak import ONE_LETTER, glued
from quiz.i18n.numbers import counts_together, day, decimal, percent_as_given
from quiz.i18n.phrases import CJK, phrases
from quiz.kinds.registry import kind_of
from quiz.markdown import to_html
from quiz.store import Learner, now_iso


@dataclass
class TopicBar:
    topic: str
    total: Breakdown = field(default_factory=Breakdown)

    @property
    def percent(self) -> float:
        """Accuracy: certainty-based and negative marking's bonus and penalty are left out."""
        return self.total.accuracy

    @property
    def width(self) -> float:
        return round(min(100.0, max(0.0, self.percent)), 1)


@dataclass
class Missed:
    question: AnyQuestion
    bank_title: str
    times: int = 0
    asked: int = 0
    responses: list[str] = field(default_factory=list)

    @property
    def correct_text(self) -> str:
        return response_in_words(self.question, kind_of(self.question).correct_response(self.question))


@dataclass
class AttemptLine:
    attempt: ExportAttempt
    discernment: Discernment | None
    coverage: Coverage

    @property
    def title(self) -> str:
        return shown_title(self.attempt)

    @property
    def mode(self) -> str:
        """The mode, and how much of the bank it asked where not all of it: "Practice (10 of 44)"."""
        return counts_together(self.coverage.with_mode(_mode_name(self.attempt.row.mode)))


@dataclass
class LearnerLine:
    learner: Learner
    attempts: int = 0
    percents: list[float] = field(default_factory=list)
    whole_bank: list[float] = field(default_factory=list)
    """Percents of the attempts that asked a whole bank and were no retry: what "best" reads."""
    passed: int = 0
    judgements: list[tuple[bool, bool | None]] = field(default_factory=list)

    @property
    def best(self) -> float | None:
        return max(self.whole_bank) if self.whole_bank else None

    @property
    def mean(self) -> float | None:
        return sum(self.percents) / len(self.percents) if self.percents else None

    @property
    def discernment(self) -> Discernment | None:
        return discernment(self.judgements) if self.judgements else None


def shown_title(attempt: ExportAttempt) -> str:
    """The bank's title in the report's language where the bank has a translation into it."""
    if attempt.bank is None:
        return attempt.title
    return attempt.bank.in_language(current_language()).info.title


def build_report(attempts: Iterable[ExportAttempt], progress: Progress | None = None) -> dict[str, Any]:
    """Everything the template shows, computed here so the template only lays it out."""
    lines: list[AttemptLine] = []
    learners: dict[int, LearnerLine] = {}
    topics: dict[str, TopicBar] = {}
    missed: dict[tuple[str, str], Missed] = {}
    judgements: list[tuple[bool, bool | None]] = []
    banks: dict[str, str] = {}
    as_of: dict[str, str] = {}
    for attempt in attempts:
        row = attempt.row
        title = shown_title(attempt)
        banks.setdefault(row.bank_id, title)
        if attempt.bank and attempt.bank.info.facts_as_of:
            facts = _("{bank}: Facts as of {day}").format(bank=title, day=day(attempt.bank.info.facts_as_of))
            as_of.setdefault(row.bank_id, facts)
        person = learners.setdefault(row.learner.id, LearnerLine(row.learner))
        person.attempts += 1
        covered = attempt.coverage
        if row.percent is not None:
            person.percents.append(row.percent)
            if covered.whole_bank:
                person.whole_bank.append(row.percent)
        person.passed += bool(row.passed)
        measured: Discernment | None = None
        if attempt.bank_complete:
            assert attempt.bank is not None
            shown = attempt.bank.in_language(row.language)  # the words the learner read
            answers = attempt.answer_map()
            pairs = headline_judgements(attempt.bank, row.plan, answers)
            if pairs:
                measured = discernment(pairs)
                judgements.extend(pairs)
                person.judgements.extend(pairs)
            score = attempt.score()
            assert score is not None
            words = attempt.bank.in_language(current_language()).topic_names  # the report's language
            for name, part in score.by_topic.items():
                bar = topics.setdefault(name, TopicBar(topic_name(name, words)))
                bar.total += part
            stored = {a.question_id: a for a in attempt.answers}
            for question_score in score.questions:
                question = shown.by_id[question_score.question_id]
                entry = missed.setdefault((row.bank_id, question.id), Missed(question, title))
                entry.asked += 1
                if question_score.correct:
                    continue
                entry.times += 1
                given = stored.get(question.id)
                if given is None:
                    entry.responses.append(_("(no answer)"))
                else:
                    entry.responses.append(response_in_words(question, given.response))
        lines.append(AttemptLine(attempt, measured, covered))
        if progress:
            progress(1)
    missed_list = sorted(
        (m for m in missed.values() if m.times),
        key=lambda m: (-m.times / m.asked, -m.times, m.bank_title, m.question.id),
    )
    started = [line.attempt.row.started_at for line in lines]
    return {
        "lines": lines,
        "learners": list(learners.values()),
        "topics": sorted(topics.values(), key=lambda t: t.percent),
        "missed": missed_list,
        "discernment": (found := discernment(judgements) if judgements else None),
        "discernment_measures": measures(found) if found else [],
        "banks": together(banks.values()),
        "as_of": list(as_of.values()),
        "first": min(started) if started else None,
        "last": max(started) if started else None,
    }


def _mode_name(mode: str) -> str:
    return _(MODE_NAMES.get(mode, mode))


def _day(value: object) -> Any:
    """A time as "2026-12-02 01:50", breaking between the day and the time only: a table cell
    broke it at its hyphens ("2026-" over "12-02")."""
    from markupsafe import Markup

    if not value:
        return ""
    day, _, time = str(value)[:16].replace("T", " ").partition(" ")
    cell = Markup('<span class="nobr">%s</span>') % day
    return cell + Markup(' <span class="nobr">%s</span>') % time if time else cell


def _environment() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape
    from markupsafe import Markup

    env = Environment(
        loader=PackageLoader("quiz.export", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The interface language's catalog: `_()`, `ngettext()` and `{% trans %}` in the template.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["num"] = lambda v, digits=1: "–" if v is None else decimal(v, digits)
    env.filters["percent"] = lambda v: "–" if v is None else percent_as_given(round(v, 1))
    env.filters["mode"] = _mode_name
    env.filters["day"] = _day
    env.filters["md"] = lambda text: Markup(to_html(text))
    env.filters["duration"] = lambda v: "–" if v is None else duration_text(v)
    return env


_TEXT = re.compile(r">([^<]+)<")
_CJK_WORD = re.compile(rf"[^\s<>]*{CJK.pattern}[^\s<>]*")
_LINE_BETWEEN_CJK = re.compile(rf"(?<={CJK.pattern})[ \t]*\n\s*(?={CJK.pattern})")


def _breakable_text(match: re.Match[str]) -> str:
    text = _LINE_BETWEEN_CJK.sub("", match.group(1))
    return ">" + _CJK_WORD.sub(_phrases_apart, text) + "<"


def _phrases_apart(word: re.Match[str]) -> str:
    return "<wbr>".join(escape(piece, quote=False) for piece in phrases(unescape(word[0])))


def breakable(page: str) -> str:
    """The page's Japanese text with ``<wbr>`` between its phrases, and without the line breaks
    between two CJK characters that the template's source puts there.

    Browsers break CJK text between any two characters (a table at 900 px split まだ見極めが
    できていない mid-word), and read a line break in the source as a space, which Japanese
    does not put between sentences. With ``word-break: keep-all`` in the page's style, a line
    breaks only at a ``<wbr>``, at a space or by punctuation: between phrases. Only the body's
    text is touched (a ``<wbr>`` in the title would show as text). The space after a one-letter
    Ukrainian word ("в", "і") is a no-break space, so that no line ends with one."""
    head, found, body = page.partition("<body>")
    if not found:
        return page
    if ONE_LETTER.search(body):
        body = _TEXT.sub(lambda text: ">" + glued(text[1]) + "<", body)
    if CJK.search(body):
        body = _TEXT.sub(_breakable_text, body)
    return head + found + body


def write_html(
    attempts: Iterable[ExportAttempt],
    out: TextIO,
    *,
    title: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Render the report; one learner's attempts give a learner report, several learners a cohort's."""
    report = build_report(attempts, progress)
    cohort = len(report["learners"]) != 1
    if title is None:
        title = (
            _("Cohort report")
            if cohort
            else _("Report: {name}").format(name=report["learners"][0].learner.name)
        )
    template = _environment().get_template("report.html.j2")
    language = current_language()
    page = template.render(title=title, cohort=cohort, generated=now_iso(), language=language, **report)
    out.write(breakable(page))
    return len(report["lines"])
