"""A live session under load: N learners on 127.0.0.1 answer Q questions.

Starts the session server as its own process (``quiz host --headless``, as the host would run
it), then N simulated learners (``quiz.live.client.LiveClient``, asyncio, all in this one
process) join and answer every question at a random moment within ``--spread`` seconds of
seeing it, while a host client starts the session and moves on after each reveal (the server
reveals by itself once everyone has answered). Prints:

* joins per second (N joins, at most ``--concurrency`` in flight);
* the p50 / p99 / max time from an answer sent to its acknowledgement;
* the time to broadcast a question to everyone (host command sent to the last learner
  receiving the question), median and worst over the questions;
* the answers acknowledged and the answers found in the database afterwards.

    python benchmarks/live_load.py --participants 1000 --questions 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from banks import write_simple_bank

from quiz.live import protocol as p
from quiz.live.client import LiveClient


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def expect(client: LiveClient, kind: type, position: int | None = None) -> object:
    while True:
        event = await client.next_event(timeout=120)
        if isinstance(event, kind) and (position is None or getattr(event, "position", None) == position):
            return event


async def run(args: argparse.Namespace, workdir: Path) -> int:
    bank = workdir / "load.toml"
    db = workdir / "live.db"
    write_simple_bank(bank, args.questions)
    server = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "quiz",
        "--db",
        str(db),
        "host",
        str(bank),
        "--headless",
        "--port",
        "0",
        "--time",
        str(args.time),
        "--seed",
        "1",
        stdout=asyncio.subprocess.PIPE,
    )
    assert server.stdout is not None
    info = json.loads(await server.stdout.readline())
    url, code = info["url"], info["code"]
    rng = random.Random(args.seed)
    http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    learners: list[LiveClient] = []
    try:
        host = LiveClient(url, code=code, host_token=info["host_token"], session=http)
        await host.connect()

        # -- joins ----------------------------------------------------------------------------
        gate = asyncio.Semaphore(args.concurrency)

        async def join(n: int) -> LiveClient:
            async with gate:
                client = LiveClient(url, code=code, name=f"Learner {n}", session=http, reconnect=False)
                await client.connect()
                return client

        started = time.perf_counter()
        learners = list(await asyncio.gather(*(join(n) for n in range(args.participants))))
        join_seconds = time.perf_counter() - started

        # -- questions --------------------------------------------------------------------------
        received: list[list[float]] = [[] for _ in range(args.questions)]
        acks: list[float] = []
        refused: list[p.Refused] = []
        sent_at: list[float] = [0.0] * args.questions

        async def learn(client: LiveClient, learner_rng: random.Random) -> None:
            for position in range(args.questions):
                question = await expect(client, p.QuestionMessage, position)
                received[position].append(time.perf_counter())
                assert isinstance(question, p.QuestionMessage)
                await asyncio.sleep(learner_rng.uniform(0, args.spread))
                choice = 0 if learner_rng.random() < 0.6 else learner_rng.randrange(len(question.options))
                before = time.perf_counter()
                reply = await client.answer(position, [choice], timeout=60)
                acks.append(time.perf_counter() - before)
                if isinstance(reply, p.Refused):
                    refused.append(reply)

        tasks = [asyncio.create_task(learn(client, random.Random(rng.random()))) for client in learners]
        sent_at[0] = time.perf_counter()
        await host.start()
        for position in range(args.questions):
            await expect(host, p.Leaderboard)
            if position + 1 < args.questions:
                sent_at[position + 1] = time.perf_counter()
                await host.next()
        await asyncio.gather(*tasks)
        await host.end()
        ended = await expect(host, p.Ended)
        assert isinstance(ended, p.Ended)
        await host.close()
    finally:
        await asyncio.gather(*(client.close() for client in learners))
        await http.close()
        server.send_signal(signal.SIGTERM)
        await server.wait()

    with sqlite3.connect(db) as conn:
        stored = conn.execute(
            "SELECT count(*) FROM answers JOIN attempts ON attempts.id = answers.attempt_id "
            "WHERE attempts.session_code = ?",
            (code,),
        ).fetchone()[0]
        finished = conn.execute(
            "SELECT count(*) FROM attempts WHERE session_code = ? AND finished_at IS NOT NULL", (code,)
        ).fetchone()[0]
    broadcasts = [max(times) - sent_at[i] for i, times in enumerate(received)]
    accepted = len(acks) - len(refused)
    expected = args.participants * args.questions
    print(f"participants          {args.participants}")
    print(f"questions             {args.questions}")
    print(f"joins per second      {args.participants / join_seconds:,.0f}  ({join_seconds:.2f} s for all)")
    print(
        f"answer to ack         p50 {percentile(acks, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(acks, 0.99) * 1000:.1f} ms, max {max(acks) * 1000:.1f} ms"
    )
    print(
        f"question broadcast    median {statistics.median(broadcasts) * 1000:.1f} ms, "
        f"worst {max(broadcasts) * 1000:.1f} ms (to all {args.participants})"
    )
    print(f"answers acknowledged  {accepted} of {expected} ({len(refused)} refused)")
    print(f"answers stored        {stored} of {expected}; {finished} attempts finished")
    ok = stored == expected == accepted
    print(f"every answer stored   {'yes' if ok else 'NO'}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--spread", type=float, default=1.0, help="learners answer within this many seconds")
    parser.add_argument("--time", type=float, default=60.0, help="the session's seconds per question")
    parser.add_argument("--concurrency", type=int, default=200, help="joins in flight at once")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 2 * args.participants + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))  # the server inherits it
    with tempfile.TemporaryDirectory() as workdir:
        return asyncio.run(run(args, Path(workdir)))


if __name__ == "__main__":
    raise SystemExit(main())
