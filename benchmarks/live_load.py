"""A live session under load, measured honestly: N learners in processes of their own.

    python benchmarks/live_load.py --participants 5000 --questions 10 --host-screen

The server runs as the host runs it: `quiz host --headless` in its own process, or with
`--host-screen` the real host screen (the Textual app, headless, in a process of its own, the
session server inside its event loop, paced by key presses as an instructor paces it). The
learners run in `--workers` other processes (asyncio, `quiz.live.client.LiveClient`), so the
server's CPU is its own. Each learner joins, then answers every question at a random moment
within `--spread` seconds; a share (`--late`) answers only after the reveal and must be
refused as late, and a share (`--drop`) loses its connection mid-question, reconnects by
itself and then answers. A failed join is counted and reported, never a crash of the run.

After the session ends, every answer in the database is checked against what was sent:
participant, position and choices (translated through the session's plan), and no stored
answer that was not acknowledged. Prints: joins per second, answer-to-ack p50/p99, the time
for a question to reach every learner, server CPU seconds and peak memory, answers verified.
The goal (issue 15) for 5,000 with the host screen: joins >= 500/s, ack p99 < 250 ms,
a question reaches everyone within 500 ms, every answer stored.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import signal
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from banks import write_simple_bank

HERE = Path(__file__).resolve()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def raise_files() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def proc_figures(pid: int) -> tuple[float, float]:
    """CPU seconds (user + system) and peak resident memory in MB of a running process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    peak = next(
        int(line.split()[1]) / 1024
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if line.startswith("VmHWM")
    )
    return cpu, peak


# -- the host screen, headless, in its own process ------------------------------------------------


async def host_screen(args: argparse.Namespace) -> None:
    """The real host screen; prints the session's line, then presses the keys read on stdin."""
    from quiz.frontends.tui import AppSettings, HostRequest, make_app
    from quiz.frontends.tui.screens.live_host import HostScreen
    from quiz.live.hosting import HostSpec
    from quiz.live.room import LiveOptions

    options = LiveOptions(time_limit=args.time, seed=1, shuffle=False)
    spec = HostSpec(args.bank, options=options, port=0)
    app = make_app(AppSettings(Path(args.db), [], host=HostRequest(spec)))
    async with app.run_test(headless=True, size=(120, 40)) as pilot:
        while not (isinstance(app.screen, HostScreen) and app.screen.client is not None):
            await pilot.pause(0.05)
        screen = app.screen
        assert screen.hosted is not None
        hosted = screen.hosted
        line = {"code": hosted.code, "url": hosted.url, "host_token": hosted.session.host_token}
        print(json.dumps(line), flush=True)
        reader = asyncio.StreamReader()
        loop = asyncio.get_running_loop()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        while key := (await reader.readline()).decode().strip():
            if key == "quit":
                break
            print(json.dumps({"pressed": key, "at": time.monotonic()}), flush=True)
            await pilot.press(key)
            if key == "e":
                await pilot.press("y")
        await screen.shutdown()


# -- learners, in processes of their own -----------------------------------------------------------


async def learners(args: argparse.Namespace) -> None:
    """``--count`` learners from ``--first`` on; one JSON report on stdout at the end."""
    import aiohttp

    from quiz.errors import QuizError
    from quiz.live import protocol as p
    from quiz.live.client import Closed, JoinError, LiveClient

    rng = random.Random(args.seed * 7919 + args.first)
    http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    gate = asyncio.Semaphore(args.concurrency)
    report: dict[str, Any] = {
        "failed": [],
        "lost": [],
        "acks": [],
        "received": {},
        "answers": [],
        "drops": 0,
    }

    async def join(n: int) -> LiveClient | None:
        async with gate:
            client = LiveClient(
                args.url, code=args.code, name=f"Learner {n}", session=http, backoff=0.1, connect_timeout=60
            )
            try:
                await client.connect()
            except JoinError as exc:
                report["failed"].append(str(exc))
                return None
            return client

    print(json.dumps({"ready": True}), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)  # all start together
    started = time.monotonic()
    clients = await asyncio.gather(*(join(args.first + i) for i in range(args.count)))
    report["join_started"], report["join_done"] = started, time.monotonic()
    seated = [c for c in clients if c is not None]
    print(json.dumps({"seated": len(seated), "started": started, "done": report["join_done"]}), flush=True)

    async def learn(client: LiveClient, kind: str) -> None:
        assert client.joined is not None
        me = client.joined.participant
        position = 0
        while position < args.questions:
            event = await client.next_event(timeout=120)
            if isinstance(event, p.QuestionMessage) and event.position > position:
                position = event.position  # back after a drop, a question later: the one missed is missed
            if isinstance(event, p.QuestionMessage) and event.position == position and event.chosen is None:
                report["received"].setdefault(str(position), []).append(time.monotonic())
                if kind == "late":
                    while not isinstance(await client.next_event(timeout=300), p.RevealMessage):
                        pass
                else:
                    await asyncio.sleep(rng.uniform(0, args.spread))
                if kind == "drop" and position == args.questions // 2:
                    transport = client._ws.get_extra_info("socket") if client._ws else None
                    if transport is not None:
                        transport.shutdown(socket.SHUT_RDWR)  # the wifi goes; the client comes back
                        report["drops"] += 1
                        while not isinstance(await client.next_event(timeout=60), p.QuestionMessage):
                            pass
                choice = 0 if rng.random() < 0.6 else rng.randrange(4)
                before = time.monotonic()
                reply = await client.answer(position, [choice], timeout=60)
                if kind != "late":
                    report["acks"].append(time.monotonic() - before)
                report["answers"].append([me, position, [choice], isinstance(reply, p.Accepted), kind])
                position += 1
            elif isinstance(event, p.Ended):
                return
            elif isinstance(event, Closed):
                raise QuizError(f"closed: {event.reason}")

    async def learn_or_note(client: LiveClient, kind: str) -> None:
        """A learner who stops hearing from the server is counted, never a crash of the run."""
        try:
            await learn(client, kind)
            while not isinstance(await client.next_event(timeout=120), p.Ended | Closed):
                pass
        except (TimeoutError, QuizError) as exc:
            report["lost"].append(f"{client.name}: {exc or type(exc).__name__}")

    kinds = [
        "late" if rng.random() < args.late else "drop" if rng.random() < args.drop else "on time"
        for _ in seated
    ]
    report["late"] = kinds.count("late")
    await asyncio.gather(*(learn_or_note(c, k) for c, k in zip(seated, kinds, strict=True)))
    await asyncio.gather(*(c.close() for c in seated), return_exceptions=True)
    await http.close()
    print(json.dumps(report), flush=True)


# -- the run -----------------------------------------------------------------------------------------


async def run(args: argparse.Namespace, workdir: Path) -> int:
    from quiz.live import protocol as p
    from quiz.live.client import LiveClient

    bank, db = workdir / "load.toml", workdir / "live.db"
    write_simple_bank(bank, args.questions)
    env = {**os.environ, "QUIZ_HOME": str(workdir / "home")}
    if args.host_screen:
        command = [sys.executable, str(HERE), "--as-host-screen", "--db", str(db), "--bank", str(bank)]
    else:
        command = [sys.executable, "-m", "quiz", "--db", str(db), "host", str(bank), "--headless"]
        command += ["--port", "0", "--seed", "1", "--no-shuffle"]
    command += ["--time", str(args.time)]
    server = await asyncio.create_subprocess_exec(
        *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env
    )
    assert server.stdout is not None
    assert server.stdin is not None
    info = json.loads(await server.stdout.readline())
    pressed: dict[str, float] = {}

    async def press(key: str) -> float:
        """A key on the host screen, or the same command from a script; when it was given."""
        if args.host_screen:
            assert server.stdin is not None
            assert server.stdout is not None
            server.stdin.write(f"{key}\n".encode())
            await server.stdin.drain()
            return float(json.loads(await server.stdout.readline())["at"])
        at = time.monotonic()
        await observer.send({"s": p.Start(), "n": p.Next(), "r": p.Reveal(), "e": p.End()}[key])
        return at

    observer = LiveClient(info["url"], code=info["code"], host_token=info["host_token"])
    await observer.connect()
    per = -(-args.participants // args.workers)
    workers = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            str(HERE),
            "--as-learners",
            "--url",
            info["url"],
            "--code",
            info["code"],
            "--first",
            str(w * per),
            "--count",
            str(min(per, args.participants - w * per)),
            "--questions",
            str(args.questions),
            "--spread",
            str(args.spread),
            "--late",
            str(args.late),
            "--drop",
            str(args.drop),
            "--seed",
            str(args.seed),
            "--concurrency",
            str(args.concurrency),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env=env,
            limit=1 << 28,  # a worker's report is one long line
        )
        for w in range(args.workers)
        if w * per < args.participants
    ]
    for worker in workers:
        assert worker.stdout is not None
        await worker.stdout.readline()  # ready
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write(b"go\n")
        await worker.stdin.drain()
    seated, spans = 0, []
    for worker in workers:
        assert worker.stdout is not None
        line = json.loads(await worker.stdout.readline())
        seated += line["seated"]
        spans.append((line["started"], line["done"]))
    took = max(done for _, done in spans) - min(start for start, _ in spans)
    seating_cpu, _ = proc_figures(server.pid)
    print(f"(seated {seated} in {took:.1f} s; the questions follow)", file=sys.stderr, flush=True)
    try:
        for position in range(args.questions):
            pressed[str(position)] = await press("s" if position == 0 else "n")
            # Everyone but the late ones answers; then the host reveals, and the late are refused.
            while True:
                event = await observer.next_event(timeout=300)
                if isinstance(event, p.AnsweredCount) and event.position == position:
                    late_share = args.late
                    if event.count >= round(seated * (1 - late_share)) - max(3, seated // 100):
                        break
                if isinstance(event, p.RevealMessage):
                    break
            if not isinstance(event, p.RevealMessage):
                await asyncio.sleep(0.5)  # the stragglers of the on-time share
                await press("r")
            while not isinstance(await observer.next_event(timeout=300), p.Leaderboard):
                pass
        await press("e")
        while not isinstance(await observer.next_event(timeout=300), p.Ended):
            pass
        reports = []
        for worker in workers:
            assert worker.stdout is not None
            reports.append(json.loads(await worker.stdout.readline()))
            await worker.wait()
        cpu, peak = proc_figures(server.pid)
    finally:
        await observer.close()
        if args.host_screen:
            server.stdin.write(b"quit\n")
            await server.stdin.drain()
        else:
            server.send_signal(signal.SIGTERM)
        await asyncio.wait_for(server.wait(), 60)

    failed = [f for r in reports for f in r["failed"]]
    lost = [f for r in reports for f in r["lost"]]
    acks = [a for r in reports for a in r["acks"]]
    sent = [a for r in reports for a in r["answers"]]
    joins = args.participants - len(failed)
    join_seconds = max(r["join_done"] for r in reports) - min(r["join_started"] for r in reports)
    broadcasts = [
        max(t for r in reports for t in r["received"].get(str(q), [0.0])) - pressed[str(q)]
        for q in range(args.questions)
    ]
    verified, problems = verify(db, info["code"], sent)
    accepted = sum(1 for a in sent if a[3])
    late_refused = sum(1 for a in sent if a[4] == "late" and not a[3])
    print(
        f"participants          {args.participants} in {len(workers)} learner processes"
        f"{' with the host screen' if args.host_screen else ''}"
    )
    print(
        f"joins                 {joins} joined, {len(failed)} failed"
        + (f" (first: {failed[0]})" if failed else "")
    )
    print(f"joins per second      {joins / join_seconds:,.0f}  ({join_seconds:.2f} s for all)")
    print(
        f"answer to ack         p50 {percentile(acks, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(acks, 0.99) * 1000:.1f} ms, max {max(acks) * 1000:.1f} ms"
    )
    print(
        f"question to everyone  median {statistics.median(broadcasts) * 1000:.0f} ms, "
        f"worst {max(broadcasts) * 1000:.0f} ms"
    )
    print(
        f"late, dropped         {sum(r['late'] for r in reports)} answered late "
        f"({late_refused} refused as late), "
        f"{sum(r['drops'] for r in reports)} dropped and came back"
    )
    print(f"server                {cpu:.1f} CPU seconds, peak memory {peak:.0f} MB")
    # CPU time, unlike the wall clock, hardly depends on what else the machine is doing.
    print(
        f"server CPU per join   {seating_cpu / max(1, seated) * 1000:.2f} ms (start-up included); "
        f"per answer {(cpu - seating_cpu) / max(1, len(sent)) * 1000:.2f} ms (with the reveals)"
    )
    if lost:
        print(f"lost                  {len(lost)} stopped hearing from the server (first: {lost[0]})")
    print(
        f"answers               {accepted} acknowledged, {verified} stored and verified"
        + (f"; {len(problems)} problems, first: {problems[0]}" if problems else "")
    )
    ok = not problems and verified == accepted and not failed and not lost
    print(f"every answer stored   {'yes' if ok else 'NO'}")
    return 0 if ok else 1


def verify(db: Path, code: str, sent: list[list[Any]]) -> tuple[int, list[str]]:
    """Stored answers against what was sent: participant, position, choices; nothing extra."""
    with sqlite3.connect(db) as conn:
        plan = json.loads(
            conn.execute("SELECT plan FROM live_sessions WHERE code = ?", (code,)).fetchone()[0]
        )
        orders = [item["order"] for item in plan["items"]]
        rows = conn.execute(
            "SELECT lp.id, a.position, a.response FROM answers a JOIN live_participants lp "
            "ON lp.attempt_id = a.attempt_id WHERE lp.session_code = ?",
            (code,),
        ).fetchall()
    stored = {
        (pid, position): sorted(orders[position].index(i) for i in json.loads(response))
        for pid, position, response in rows
    }
    expected = {(a[0], a[1]): sorted(a[2]) for a in sent if a[3]}
    problems = [
        f"participant {pid} question {position}: sent {choices}, stored {stored.get((pid, position))}"
        for (pid, position), choices in expected.items()
        if stored.get((pid, position)) != choices
    ]
    problems += [
        f"participant {pid} question {q}: stored, never acknowledged"
        for pid, q in stored.keys() - expected.keys()
    ]
    return sum(1 for key, choices in expected.items() if stored.get(key) == choices), problems


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--host-screen", action="store_true", help="run the real host screen (headless)")
    parser.add_argument("--workers", type=int, default=4, help="learner processes")
    parser.add_argument("--spread", type=float, default=1.0, help="learners answer within this many seconds")
    parser.add_argument(
        "--late", type=float, default=0.02, help="share of learners who answer after the reveal"
    )
    parser.add_argument("--drop", type=float, default=0.02, help="share who drop and reconnect mid-session")
    parser.add_argument("--time", type=float, default=120.0, help="the session's seconds per question")
    parser.add_argument("--concurrency", type=int, default=100, help="joins in flight per learner process")
    parser.add_argument("--seed", type=int, default=1)
    # The two roles this script plays in its child processes.
    parser.add_argument("--as-host-screen", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--as-learners", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--bank", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--code", help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    raise_files()
    if args.as_host_screen:
        if profile := os.environ.get("LIVE_LOAD_PROFILE"):
            import cProfile

            cProfile.runctx("asyncio.run(host_screen(args))", globals(), {"args": args}, profile)
        else:
            asyncio.run(host_screen(args))
        return 0
    if args.as_learners:
        asyncio.run(learners(args))
        return 0
    with tempfile.TemporaryDirectory() as workdir:
        return asyncio.run(asyncio.wait_for(run(args, Path(workdir)), 1800))


if __name__ == "__main__":
    raise SystemExit(main())
