"""A plain generated bank for benchmarks: N four-choice questions, the first choice right."""

from __future__ import annotations

from pathlib import Path


def write_simple_bank(path: Path, questions: int, title: str = "Benchmark bank") -> None:
    lines = ["[bank]", f'title = "{title}"', 'version = "1"', ""]
    for i in range(questions):
        lines += [
            "[[questions]]",
            f'id = "q{i:03d}"',
            'type = "single"',
            f'prompt = "Question {i}: which choice is right?"',
            'explanation = "The first one."',
        ]
        for c in range(4):
            lines += ["[[questions.choices]]", f'text = "Choice {c}"']
            if c == 0:
                lines.append("correct = true")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
