"""The new kinds in plain mode through a real pipe: each answered in its own readable way,
a mistake asked again with what was expected, and the feedback per step, pair or segment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from quiz.bank import load_bank
from quiz.engine import plan_attempt
from quiz.kinds.registry import kind_of
from quiz.store import Store
from tests.conftest import FIXTURES
from tests.questions import right

KINDS_BANK = FIXTURES / "kinds.toml"
SEED = 7
OPTIONS = ("--no-shuffle", "--seed", str(SEED), "--name", "Ona")


def typed_right() -> list[str]:
    """The right answers as a learner types them, in the order plain mode asks (no shuffle)."""
    bank = load_bank(KINDS_BANK)
    lines = []
    for item in plan_attempt(bank, seed=SEED, shuffle=False).items:
        question = bank.by_id[item.question_id]
        lines.append(kind_of(question).plain_answer(question, item.order, right(question)))
    return lines


def take(db: Path, stdin: str, columns: int = 200) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "--db", str(db), "take", str(KINDS_BANK), "--plain", *OPTIONS],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": str(columns)},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


def test_every_new_kind_answered_through_a_pipe(tmp_path: Path) -> None:
    order, match, spot = typed_right()
    assert " " in order  # "2 4 1 3"
    assert "," in spot  # "1, 3"
    # A mistake first for each: asked again, saying what was expected.
    out = take(tmp_path / "p.db", "\n".join(["1 1 2 3", order, "9 9 9", match, "7", spot]) + "\n")
    assert "Your order: the numbers 1-4 from first to last" in out
    assert "Your matches: the answer's number for each of A-C in turn" in out
    assert "The parts that manipulate: their numbers (1-4)" in out
    assert out.count("(s skips, q quits).") >= 3
    assert out.count("✓ Correct.") == 3
    assert "✓ Stop → Investigate the source" in out  # a neighbour pair, right
    assert "  A. A fake account named like a news agency" in out
    assert "A hidden 'they'." in out  # a pair's feedback
    assert "Capitals and 'shocking' raise alarm" in out  # a segment's feedback
    assert "Score 3 of 3 (100.0%)" in out
    with Store(tmp_path / "p.db") as store:
        (row,) = store.attempts()
        responses = sorted(a.response for a in store.answer_rows([row.id]))
    assert responses == [(0, 1, 2), (0, 1, 2, 3), (0, 2)]


def test_a_segments_feedback_hangs_under_its_line_when_it_wraps(tmp_path: Path) -> None:
    # The note kept no indent of its own: its first line fell back to the second column, under
    # the ✓ of the segments, and only its wrapped lines were indented.
    order, match, spot = typed_right()
    lines = take(tmp_path / "n.db", "\n".join([order, match, spot]) + "\n", columns=50).splitlines()
    first = next(n for n, line in enumerate(lines) if "Capitals and 'shocking'" in line)
    assert lines[first].startswith("      Capitals"), lines[first - 2 : first + 2]
    assert len(lines[first + 1]) - len(lines[first + 1].lstrip()) == 8, lines[first : first + 2]
    assert lines[first + 1].strip().endswith("given.")


def test_partly_right_orders_and_matches_earn_their_share(tmp_path: Path) -> None:
    bank = load_bank(KINDS_BANK)
    plan = plan_attempt(bank, seed=SEED, shuffle=False)
    order_item, match_item, _ = plan.items
    ordering, matching = bank.by_id[order_item.question_id], bank.by_id[match_item.question_id]
    # The order with its last two steps swapped: 2 of 3 neighbour pairs right (Moodle's figure).
    swapped = kind_of(ordering).plain_answer(ordering, order_item.order, (0, 1, 3, 2))
    # The first prompt given the third prompt's answer: 2 of 3 pairs right.
    key = right(matching)
    wrong = kind_of(matching).plain_answer(matching, match_item.order, (key[2], key[1], key[2]))
    out = take(tmp_path / "q.db", "\n".join([swapped, wrong, "s", "y"]) + "\n")
    assert out.count("◐ Partly right (33% of the credit).") == 1  # ordering: 1 of 3 pairs
    assert out.count("◐ Partly right (67% of the credit).") == 1  # matching: 2 of 3 prompts
