"""``python -m quiz.live``: a live-session server with no host screen (tests, benchmarks)."""

from quiz.live.server import main

raise SystemExit(main())
