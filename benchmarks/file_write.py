"""What this machine's kernel takes to write an export's bytes into a new file, by how long the
memory they go into has been free.

    python benchmarks/file_write.py [--megabytes 318] [--rounds 3]

An xapi export of 100,000 answers writes 318 MB (``benchmarks/export.py``). On a virtual
machine whose host takes back the memory the guest leaves free (free page reporting), the
kernel's first write into such memory waits for the host to give it back, page by page: a
new file then costs far more than one written into memory freed a moment ago. Each round
writes the bytes, deletes the file and writes them again at once (warm), then after the
memory has been free 1, 2 and 4 seconds. No export can be faster than its write here, so
this tells the machine's share of ``benchmarks/export.py``'s xapi figure from the code's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from quiz.export.xapi import WRITE_BYTES

CHUNK = WRITE_BYTES
"""As the export hands its writing thread."""
PAUSES = (0.0, 1.0, 2.0, 4.0)


def write_new(path: Path, chunk: bytes, chunks: int) -> float:
    """Seconds to write ``chunks`` times ``chunk`` into a new file; the file is deleted after."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        start = time.perf_counter()
        for _ in range(chunks):
            os.write(fd, chunk)
        took = time.perf_counter() - start
    finally:
        os.close(fd)
        path.unlink()
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=318)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    chunk = os.urandom(CHUNK)
    chunks = max(1, args.megabytes * 1_000_000 // CHUNK)
    took: dict[float, list[float]] = {pause: [] for pause in PAUSES}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out"
        write_new(path, chunk, chunks)
        for _ in range(args.rounds):
            for pause in PAUSES:
                write_new(path, chunk, chunks)  # frees the memory the next write may take
                time.sleep(pause)  # what is measured: how long the memory sat free
                took[pause].append(write_new(path, chunk, chunks))
    print(f"writing {chunks * CHUNK / 1e6:,.0f} MB into a new file, {args.rounds} rounds:")
    for pause, seconds in took.items():
        when = "at once" if pause == 0 else f"{pause:g} s"
        print(
            f"  memory free {when:>7} before: median {statistics.median(seconds):.3f} s "
            f"({', '.join(f'{s:.3f}' for s in seconds)})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
