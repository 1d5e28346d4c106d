"""Export speed: 100,000 stored answers to csv (one row per answer) and xapi, in one process.

Prints rows per second for each export beside the speed of reading the same rows (every
column of them, as plain tuples) from SQLite, and the store's typed read of them. The goals:
csv at least 0.5x the raw read speed, xapi at least 0.3x, in wall-clock time, judged on the
median of the rounds' ratios: each round reads and exports a moment apart, so a slow spell of
a shared machine falls on both, where the ratio of the best times (printed beside it) pairs
the raw read's luckiest round with the export's, which may be minutes apart. The process's
CPU time is printed beside it: on a machine shared with other work, the wall clock of every
measurement grows with the others' load, the CPU time much less. For each export it also
counts the garbage collector's runs during it and the time they took, which is all that pausing
the collector could save (exports do not pause it: the rows, statements and results they make
are untracked by it, so it has next to nothing to do).

xapi is also exported to /dev/null, the same code with the kernel's copy into a file left out:
its 318 MB are most of what it writes, and on a virtual machine whose host takes back the
guest's free memory, writing them into a new file costs the kernel 0.1 s or ten times that,
by how long the memory was free (``benchmarks/file_write.py`` measures it). Printed beside the
goal, so a reader can tell the export's own speed from the machine's file writes.

    python benchmarks/export.py [--answers 100000] [--per-attempt 20] [--rounds 5]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.bank import load_bank  # noqa: E402
from quiz.engine import Answer, plan_attempt, score_answer, score_attempt  # noqa: E402
from quiz.export import ExportOptions, export_attempts  # noqa: E402
from quiz.kinds.registry import kind_of  # noqa: E402
from quiz.store import Store  # noqa: E402
from quiz.store.db import CHUNK  # noqa: E402

GOALS = {"csv": 0.5, "xapi": 0.3}


def seed(store: Store, answers: int, per_attempt: int) -> list[int]:
    """Finished attempts on the bundled disinformation bank, inserted in bulk."""
    bank = load_bank(ROOT / "questions" / "disinformation.toml")
    rng = random.Random(1)
    learners = [store.learner(f"Learner {i} Žemaitė 山田", email=f"l{i}@example.lt") for i in range(200)]
    ids: list[int] = []
    rows = []
    store.conn.execute("BEGIN")
    for n in range(answers // per_attempt):
        plan = plan_attempt(bank, count=per_attempt, seed=n)
        row = store.start_attempt(learners[n % len(learners)], plan, "exam")
        given = {}
        for position, item in enumerate(plan.items):
            question = bank.by_id[item.question_id]
            picked = (rng.randrange(len(kind_of(question).options(question))),)
            answer = Answer(question_id=question.id, response=picked, seconds=rng.uniform(2, 40))
            given[question.id] = answer
            score = score_answer(question, answer, plan.marking)
            rows.append(
                (
                    row.id,
                    question.id,
                    position,
                    json.dumps(list(picked)),
                    None,
                    answer.seconds,
                    score.credit,
                    score.points,
                    score.max_points,
                    int(score.correct),
                    row.started_at,
                )
            )
        total = score_attempt(bank, plan, given)
        store.conn.execute(
            "UPDATE attempts SET finished_at = started_at, points = ?, max_points = ?, percent = ?, "
            "passed = ? WHERE id = ?",
            (
                total.points,
                total.max_points,
                total.percent,
                None if total.passed is None else int(total.passed),
                row.id,
            ),
        )
        ids.append(row.id)
    store.conn.executemany(
        "INSERT INTO answers (attempt_id, question_id, position, response, confidence, seconds, credit, "
        "points, max_points, correct, answered_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    store.conn.execute("COMMIT")
    return ids


def raw_read(store: Store, ids: list[int]) -> int:
    """The reference: every column of the answers as plain tuples, straight from SQLite."""
    count = 0
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        rows = store.conn.execute(
            f"SELECT * FROM answers WHERE attempt_id IN ({','.join('?' * len(chunk))}) "
            "ORDER BY attempt_id, position",
            chunk,
        )
        count += sum(1 for _ in rows)
    return count


def typed_read(store: Store, ids: list[int]) -> int:
    return sum(1 for _ in store.answer_rows(ids))


def collector_work(run: Callable[[], object]) -> tuple[int, float]:
    """How many times the garbage collector ran during ``run`` and the seconds it took."""
    runs = 0
    spent = 0.0
    started = 0.0

    def note(phase: str, info: dict[str, int]) -> None:
        nonlocal runs, spent, started
        if phase == "start":
            started = time.perf_counter()
        else:
            runs += 1
            spent += time.perf_counter() - started

    gc.callbacks.append(note)
    try:
        run()
    finally:
        gc.callbacks.remove(note)
    return runs, spent


def median_ratio(walls: dict[str, list[float]], label: str) -> float:
    """The median over the rounds of the raw read's speed to ``label``'s, each round's pair a
    moment apart."""
    reads = walls["read from SQLite (tuples)"]
    return statistics.median(r / e for r, e in zip(reads, walls[label], strict=True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--per-attempt", type=int, default=20)
    parser.add_argument(
        "--rounds", type=int, default=7, help="interleaved rounds of each measurement; the median counts"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        ids = seed(store, args.answers, args.per_attempt)
        bank = load_bank(ROOT / "questions" / "disinformation.toml")
        banks = {bank.id: bank}
        rows = raw_read(store, ids)
        out = Path(tmp) / "export.out"  # a new file each run, as a real export writes
        answers = ExportOptions(answers=True)

        csv_answers = lambda: export_attempts(store, ids, "csv", out, banks=banks, options=answers)  # noqa: E731
        xapi = lambda: export_attempts(store, ids, "xapi", out, banks=banks)  # noqa: E731

        def xapi_to_nowhere() -> None:
            with open(os.devnull, "w", encoding="utf-8") as nowhere:
                export_attempts(store, ids, "xapi", nowhere, banks=banks)

        runs: dict[str, Callable[[], object]] = {
            "read from SQLite (tuples)": lambda: raw_read(store, ids),
            "store's typed read": lambda: typed_read(store, ids),
            "export csv --answers": csv_answers,
            "export xapi": xapi,
            "export xapi to /dev/null": xapi_to_nowhere,
        }
        best = dict.fromkeys(runs, float("inf"))
        cpu = dict.fromkeys(runs, float("inf"))
        main_cpu = dict.fromkeys(runs, float("inf"))
        """The main thread's CPU alone: the process's counts the writing thread's kernel copy too."""
        walls: dict[str, list[float]] = {label: [] for label in runs}
        # Rounds interleave the measurements, so that a slow spell of a shared machine falls on
        # all of them alike instead of on whichever ran then.
        for _ in range(args.rounds):
            for label, run in runs.items():
                start, start_cpu, start_main = time.perf_counter(), time.process_time(), time.thread_time()
                run()
                walls[label].append(time.perf_counter() - start)
                best[label] = min(best[label], walls[label][-1])
                cpu[label] = min(cpu[label], time.process_time() - start_cpu)
                main_cpu[label] = min(main_cpu[label], time.thread_time() - start_main)
                out.unlink(missing_ok=True)
        print(f"{rows:,} answers in {len(ids):,} attempts; best of {args.rounds} rounds, one process")
        for label, seconds in best.items():
            print(
                f"{label:<28} {seconds:7.3f} s   {rows / seconds:12,.0f} rows/s   "
                f"cpu {cpu[label]:6.3f} s (main thread {main_cpu[label]:6.3f} s)"
            )
        statements = rows + 3 * len(ids)
        export_attempts(store, ids, "xapi", out, banks=banks)
        size = out.stat().st_size
        print(
            f"xapi writes {statements:,} statements ({rows:,} answered + 3 per attempt): "
            f"{size / 1e6:,.0f} MB, {size / statements:,.0f} bytes each"
        )
        raw = best["read from SQLite (tuples)"]
        raw_cpu = cpu["read from SQLite (tuples)"]
        ok = True
        for name, label, run in (("csv", "export csv --answers", csv_answers), ("xapi", "export xapi", xapi)):
            bests = raw / best[label]
            typical = median_ratio(walls, label)
            verdict = "ok" if typical >= GOALS[name] else "TOO SLOW"
            ok &= typical >= GOALS[name]
            runs_, spent = collector_work(run)
            out.unlink(missing_ok=True)
            print(
                f"{name}: {typical:.2f} x the raw read speed, the median of {args.rounds} rounds "
                f"(goal >= {GOALS[name]:.2f}): {verdict} "
                f"(the ratio of the best times {bests:.2f} x; in CPU time {raw_cpu / cpu[label]:.2f} x, "
                f"the main thread's {raw_cpu / main_cpu[label]:.2f} x); "
                f"the collector ran {runs_} times in it, for {spent * 1000:.0f} ms"
            )
        print(
            "xapi to /dev/null (the kernel's copy into a file left out): "
            f"{median_ratio(walls, 'export xapi to /dev/null'):.2f} x the raw read speed, "
            f"the median of {args.rounds} rounds; to the file it took "
            + ", ".join(f"{t:.2f}" for t in walls["export xapi"])
            + " s, to /dev/null "
            + ", ".join(f"{t:.2f}" for t in walls["export xapi to /dev/null"])
            + " s"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
