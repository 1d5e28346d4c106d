"""The HTML report: self-contained, escaped, with discernment and the questions missed."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from quiz.engine.discernment import discernment, headline_judgements
from quiz.explain.discernment import measures
from quiz.export import ExportOptions, export_attempts
from quiz.store import Store
from tests.export.conftest import SOME_WRONG, TRICKY_NAMES, Seeded, take
from tests.questions import right


def report(seeded: Seeded, ids: list[int], title: str | None = None) -> str:
    out = io.StringIO()
    export_attempts(
        seeded.store,
        ids,
        "html",
        out,
        banks={seeded.bank.id: seeded.bank},
        options=ExportOptions(title=title),
    )
    return out.getvalue()


class Resources(HTMLParser):
    """Collects everything a browser would fetch, and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("src", "srcset", "data") or (tag == "link" and name == "href"):
                self.fetched.append(value or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Resources:
    parser = Resources()
    parser.feed(html)
    return parser


def test_report_needs_no_network(seeded: Seeded) -> None:
    html = report(seeded, seeded.ids)
    parsed = parse(html)
    assert parsed.fetched == []
    assert not parsed.tags & {"script", "link", "img", "iframe"}
    assert "@import" not in html
    assert "url(" not in html


def test_learner_report_shows_scores_topics_discernment_and_missed_questions(seeded: Seeded) -> None:
    taro = seeded.attempts[2]
    parsed = parse(report(seeded, [taro.id]))
    text = " ".join(" ".join(parsed.text).split())
    assert f"Report: {TRICKY_NAMES[1]}" in text
    assert "Your answer:" in text
    for qid in ("s1", "tf1", "h2"):  # missed
        assert seeded.bank.by_id[qid].explanation.replace("'", "'") in text
    assert "Fact-checkers leave a site" in text
    expected = discernment(headline_judgements(seeded.bank, taro.attempt.plan, taro.attempt.answers))
    assert f"Discernment (d') {measures(expected)[6].text}" in text
    assert f"Bias (c) {measures(expected)[7].text}" in text
    assert "Real-news detection 0 of 1" in text  # hits
    assert "False-alarm rate 0%" in text
    # Negative marking took this topic to -100%; the bar shows accuracy.
    assert re.search(r"sanctions\s+0%", text), "per-topic accuracy"


def test_cohort_report_lists_learners_and_pools_answers(seeded: Seeded) -> None:
    html = report(seeded, seeded.ids)
    text = " ".join(" ".join(parse(html).text).split())
    assert "Cohort report" in text
    assert "Learners" in text
    assert "missed 3 of 5 times" in text or "missed 2 of 5 times" in text
    assert "Your answer:" not in text
    assert len(re.findall(r'class="fill" style="width: [0-9.]+%"', html)) == 4
    # Certainty-based marking once made a pooled topic "-88.9%": topics show accuracy.
    assert not re.findall(r'class="n">-[0-9.]+%</div>', html)


def test_a_banks_images_are_not_fetched(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Bank Markdown's ![..](https://...) became an <img>: the report, "to open offline", asked a
    # server for the picture (and told it who opened the report) when a teacher opened it.
    from quiz.bank import load_bank

    path = tmp_path / "pictures.toml"
    path.write_text(
        '[bank]\ntitle = "Pictures"\nversion = "1"\n\n[[questions]]\nid = "q1"\ntype = "true_false"\n'
        'prompt = "Is ![the chart](https://tracker.example/p.png?who=ona) real?"\nanswer = true\n'
        'explanation = "See ![a map](map.png) and [the source](https://example.org/)."\n',
        encoding="utf-8",
    )
    bank = load_bank(path)
    attempt = take(store, bank, store.learner("Ona"), {"q1": [1]})
    out = io.StringIO()
    export_attempts(store, [attempt.id], "html", out, banks={bank.id: bank})
    parsed = parse(out.getvalue())
    assert parsed.fetched == []
    assert "img" not in parsed.tags
    assert "the chart" in "".join(parsed.text)
    assert '<a href="https://example.org/">the source</a>' in out.getvalue()


def test_names_and_bank_text_are_escaped(store: Store, sample_bank) -> None:  # type: ignore[no-untyped-def]
    learner = store.learner("<script>alert('x')</script> & Ona")
    attempt = take(store, sample_bank, learner, SOME_WRONG)
    out = io.StringIO()
    export_attempts(store, [attempt.id], "html", out, banks={sample_bank.id: sample_bank})
    html = out.getvalue()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Ona" in html


def test_bank_markdown_is_rendered_and_reflowed(store: Store, sample_bank) -> None:  # type: ignore[no-untyped-def]
    learner = store.learner("Ona")
    attempt = take(store, sample_bank, learner, SOME_WRONG)
    out = io.StringIO()
    export_attempts(store, [attempt.id], "html", out, banks={sample_bank.id: sample_bank})
    html = out.getvalue()
    assert "What does <strong>lateral reading</strong> mean?" in html
    assert "**" not in html
    # The banks' hard line breaks are Markdown soft breaks: no pre-wrap keeps them on screen.
    assert "pre-wrap; }\n  .explanation" not in html
    assert not re.search(r"\.(prompt|explanation) \{[^}]*pre-wrap", html)


def test_retries_parts_and_measurements_are_marked(store: Store, sample_bank) -> None:  # type: ignore[no-untyped-def]
    from quiz.engine import Mode
    from quiz.engine.request import StartRequest
    from quiz.services.attempts import start_attempt

    ona, jonas = store.learner("Ona"), store.learner("Jonas")
    whole = take(store, sample_bank, ona, {"s1": [0], "m1": [0, 1], "tf1": [1]})  # 60%
    ids = [whole.id]
    for learner, request in (
        (ona, StartRequest(bank="sample", question_ids=("h1", "h2"), shuffle=False, retry_of=whole.id)),
        (ona, StartRequest(bank="sample", count=2, shuffle=False)),
        (jonas, StartRequest(bank="sample", mode=Mode.discernment, shuffle=False)),
    ):
        run = start_attempt(store, sample_bank, learner, request)
        while run.attempt.unanswered:
            run.go_to(run.attempt.unanswered[0])
            question = run.attempt.question
            run.answer([run.attempt.item.order.index(min(right(question)))])
        run.finish()
        ids.append(run.id)
    out = io.StringIO()
    export_attempts(store, ids, "html", out, banks={sample_bank.id: sample_bank})
    text = " ".join(" ".join(parse(out.getvalue()).text).split())
    assert "Practice (retry, 2 of 5)" in text
    assert "Practice (2 of 5)" in text
    assert "Discernment check (2 of 5) " in text
    assert "measured" in text
    # Ona's best is her whole-bank 60%, not the 100% of her retry or her 2-question run.
    assert re.search(r"Ona 3 60 ", text), text
