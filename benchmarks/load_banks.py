"""How long loading a big bank takes, beside the bare TOML parse of the same file.

Generates a bank of 10,000 four-choice questions (about 6 MB) and prints the median of
several runs for: loading and fully validating it (``quiz.bank.load_bank``), a bare ``tomli``
parse, and a bare standard-library ``tomllib`` parse. The loader must beat ``tomllib``'s bare
parse and stay within 2x of ``tomli``'s.

    python benchmarks/load_banks.py [--questions N] [--runs R]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import tomli

from quiz.bank import load_bank

FILLER = "Which habit helps most before sharing a post that made you angry?"


def generate(path: Path, n: int) -> None:
    lines = [
        "[bank]",
        'title = "Benchmark bank"',
        'description = "Generated for benchmarks/load_banks.py"',
        'version = "1"',
        "",
    ]
    for i in range(n):
        lines += [
            "[[questions]]",
            f'id = "q{i:05d}"',
            'type = "single"',
            f'prompt = """Question {i}: {FILLER}"""',
            f'explanation = "Explanation {i}: pause and check the source first."',
            f'difficulty = "{("easy", "medium", "hard")[i % 3]}"',
            f'topics = ["topic {i % 12}"]',
            f'sources = [{{ title = "Source {i}", url = "https://example.org/source/{i}" }}]',
        ]
        for c in range(4):
            lines += [
                "",
                "[[questions.choices]]",
                f'text = "Choice {c} of question {i}: a plausible habit"',
            ]
            if c == i % 4:
                lines.append("correct = true")
            else:
                lines.append(f'feedback = "Feedback {c}."')
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.toml"
        generate(path, args.questions)
        size_mb = path.stat().st_size / 1024 / 1024
        text = path.read_text(encoding="utf-8")
        bank = load_bank(path)
        assert len(bank.questions) == args.questions
        ours = median_seconds(lambda: load_bank(path), args.runs)
        bare_tomli = median_seconds(lambda: tomli.loads(text), args.runs)
        bare_tomllib = median_seconds(lambda: tomllib.loads(text), args.runs)
    print(f"bank: {args.questions} questions, {size_mb:.1f} MB, median of {args.runs} runs")
    print(f"load + validate (quiz.bank.load_bank): {ours:.3f} s")
    print(f"bare tomli parse:                      {bare_tomli:.3f} s")
    print(f"bare tomllib parse:                    {bare_tomllib:.3f} s")
    print(f"load / tomllib: {ours / bare_tomllib:.2f}x (must be < 1)")
    print(f"load / tomli:   {ours / bare_tomli:.2f}x (must be <= 2)")


if __name__ == "__main__":
    main()
