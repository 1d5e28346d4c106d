"""Where other systems' own expectations live: ``../shared/oracles`` beside the repository.

Moodle's test data and parsers are GPL: tests read them there and never copy them. A user's
clone has no ``../shared`` and the tests that need it skip; ``QUIZ_SHARED`` points elsewhere
(a worktree, say).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("QUIZ_SHARED", REPO.parent / "shared"))
MOODLE = SHARED / "oracles" / "moodle"
