"""Where other systems' own expectations live: ``../shared/oracles`` beside the repository.

Moodle's test data and parsers are GPL: tests read them there and never copy them. A user's
clone has no ``../shared`` and the tests that need it skip; ``QUIZ_SHARED`` points elsewhere
(a worktree, say).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUIZ_SHARED", REPO.parent / "shared"))
MOODLE = SHARED / "oracles" / "moodle"
MOODLE_PHP = MOODLE / "php"
"""Moodle's own GIFT and Aiken parsers, runnable with PHP (``run_gift.php``, ``run_aiken.php``)."""
PHP = shutil.which("php")


def have_moodle_php(script: str = "run_gift.php") -> bool:
    return PHP is not None and (MOODLE_PHP / script).is_file()


def run_moodle(script: str, content: str, tmp_path: Path, timeout: float = 120) -> dict[str, Any]:
    """What Moodle's parser ``script`` reads from ``content``, as the JSON the script prints."""
    source = tmp_path / "case.txt"
    source.write_bytes(content.encode("utf-8"))
    assert PHP is not None
    done = subprocess.run(
        [PHP, str(MOODLE_PHP / script), str(source)], capture_output=True, check=True, timeout=timeout
    )
    return dict(json.loads(done.stdout))
