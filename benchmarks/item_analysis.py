"""How long item analysis of a big cohort takes, beside merely reading its answers.

Generates a store with 10,000 finished attempts by 10,000 learners on a 50-question bank
(500,000 answers, marks drawn from a two-parameter logistic model so the statistics have
real spread), then prints the median of several runs for:

* read: streaming those 500,000 answers out of SQLite as plain tuples, nothing else;
* cohort: choosing the attempts and turning their answers into marks (``load_cohort``);
* analysis: Moodle's item and test statistics on those marks (``analyse_items``).

The analysis must not take longer than the read.

    python benchmarks/item_analysis.py [--attempts N] [--questions Q] [--runs R]
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from banks import write_simple_bank

from quiz.bank import Bank, load_bank
from quiz.engine import Answer, QuestionScore, plan_attempt
from quiz.engine.item_analysis import analyse_items
from quiz.services.reporting import Which, load_cohort
from quiz.store import Store


def write_bank(path: Path, questions: int) -> Bank:
    write_simple_bank(path, questions)
    return load_bank(path)


def fill(store: Store, bank: Bank, attempts: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    difficulty = {q.id: rng.gauss(0, 1) for q in bank.questions}
    discrimination = {q.id: rng.uniform(0.3, 2.0) for q in bank.questions}
    plan = plan_attempt(bank, seed=seed, shuffle=False)
    store.conn.execute("BEGIN")
    for n in range(attempts):
        learner = store.learner(f"learner {n}")
        row = store.start_attempt(learner, plan, "exam")
        ability = rng.gauss(0, 1)
        points = 0.0
        for position, question in enumerate(bank.questions):
            chance = 1 / (1 + math.exp(-discrimination[question.id] * (ability - difficulty[question.id])))
            right = rng.random() < chance
            answer = Answer(question_id=question.id, response=frozenset({0 if right else 1}))
            score = QuestionScore(question.id, float(right), 1.0, float(right), answered=True)
            points += score.points
            store.record_answer(row.id, position, answer, score)
        store.conn.execute(
            "UPDATE attempts SET finished_at = started_at, points = ?, max_points = ? WHERE id = ?",
            (points, float(len(bank.questions)), row.id),
        )
    store.conn.execute("COMMIT")


def median_seconds(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp) / "bench.toml", args.questions)
        with Store(Path(tmp) / "bench.db") as store:
            start = time.perf_counter()
            fill(store, bank, args.attempts)
            print(
                f"generated {args.attempts:,} attempts x {args.questions} questions "
                f"in {time.perf_counter() - start:.1f} s"
            )
            ids = [row.id for row in store.attempts(bank_id=bank.id)]

            def read() -> None:
                for _ in store.answer_rows(ids):
                    pass

            cohort = load_cohort(store, bank, which=Which.first)
            assert len(cohort.marks) == args.attempts
            result = analyse_items(cohort.marks, cohort.max_marks)

            t_read = median_seconds(read, args.runs)
            t_cohort = median_seconds(lambda: load_cohort(store, bank, which=Which.first), args.runs)
            t_analysis = median_seconds(lambda: analyse_items(cohort.marks, cohort.max_marks), args.runs)

    answers = args.attempts * args.questions
    print(f"read answers      {t_read:7.3f} s  (median of {args.runs}, {answers:,} answers as typed rows)")
    print(f"load cohort       {t_cohort:7.3f} s  (attempts chosen, answers turned into marks)")
    print(f"item analysis     {t_analysis:7.3f} s  (Moodle's statistics on {args.questions} items)")
    verdict = "within" if t_analysis <= t_read else "OVER"
    print(f"analysis / read   {t_analysis / t_read:7.2f}    ({verdict} the read)")
    print(f"Cronbach's alpha  {result.quiz.alpha:7.1f} %  (a sanity check: the generated items agree)")


if __name__ == "__main__":
    main()
