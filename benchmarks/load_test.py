"""Load and soak tests of `assistant serve` on loopback: errors, throughput, latency and memory over time.

Starts `assistant serve` on a free loopback port over an existing index (default ./data/chroma; build it with
`index-tools build`) and a fresh temporary data dir for the conversations, without a rate limit. Client
threads replay the conversations of tests/eval/dev.jsonl (English and Chinese; follow-up questions continue
their conversation) through `POST /v1/chat`. The server's resident memory (with its worker processes) is
sampled throughout.

    # load: 32 clients for at most 60 s and at most 20,000 questions, whichever ends first
    .venv/bin/python benchmarks/load_test.py load --clients 32 --seconds 60 --max-questions 20000
    # soak: 10,000 questions; RSS growth is measured from the end of the warm-up (first 10%)
    .venv/bin/python benchmarks/load_test.py soak --questions 10000 --clients 8

Two-process mode (``--processes 2``, with ``--chroma-url``, ``--database-url`` and ``--redis-url``): two
`assistant serve` processes, each with its own data dir, share a Chroma server (already built with
`index-tools build`), a PostgreSQL database (at the current schema: `assistant db upgrade`) and Redis; the
clients send each question to the next process in turn, as a load balancer without sticky sessions would, so
every follow-up continues on the other process. Requests carry an API key, so every one takes a token from
the shared buckets in Redis (the limit is set too high to refuse any).

    .venv/bin/python benchmarks/load_test.py --processes 2 --chroma-url http://127.0.0.1:8100 \
        --database-url postgresql://postgres@127.0.0.1:5433/bench --redis-url redis://127.0.0.1:6380/0 \
        load --clients 8 --seconds 30
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
WARMUP_SHARE = 0.1  # a soak's RSS growth counts from when this share of its questions is answered


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _descendants(pid: int) -> list[int]:
    try:
        direct = [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []
    return direct + [grandchild for child in direct for grandchild in _descendants(child)]


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (uvicorn workers), in MB, from /proc."""
    total_kb = 0
    for each in (pid, *_descendants(pid)):
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except FileNotFoundError:
            continue
        total_kb += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total_kb / 1024


def conversations() -> list[list[str]]:
    """The questions of each conversation in tests/eval/dev.jsonl, in order."""
    lines = (ROOT / "tests" / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [[turn["question"] for turn in json.loads(line)["turns"]] for line in lines if line.strip()]


BENCH_KEY = "bench-key"


@contextmanager
def running_server(settings: dict[str, str], workers: int) -> Iterator[tuple[str, int]]:
    """`assistant serve` with ``settings`` (ASSISTANT_* variables) and a temporary data dir; yields its URL and
    pid once ready."""
    with tempfile.TemporaryDirectory(prefix="assistant-load-") as data_dir:
        port = _free_port()
        env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
        env.update({"ASSISTANT_DATA_DIR": data_dir, "ASSISTANT_RATE_LIMIT_PER_MINUTE": "0", **settings})
        command = [str(VENV_BIN / "assistant"), "serve", "--port", str(port), "--workers", str(workers)]
        with open(Path(data_dir) / "server.log", "wb") as log:
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=120).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    tail = (Path(data_dir) / "server.log").read_text(errors="replace")[-2000:]
                    raise SystemExit(f"the server did not start: {tail}")
                time.sleep(0.3)
            if workers > 1:  # each worker loads the models on its first request: warm them all up
                for _ in range(4 * workers):
                    httpx.get(f"{url}/healthz", timeout=120)
            yield url, server.pid
        finally:
            server.terminate()
            server.wait(timeout=60)


@contextmanager
def running_servers(settings: dict[str, str], workers: int, count: int) -> Iterator[list[tuple[str, int]]]:
    """``count`` servers with the same settings, each with its own data dir; started together."""
    with ExitStack() as stack:
        with ThreadPoolExecutor(count) as pool:
            starts = [pool.submit(stack.enter_context, running_server(settings, workers)) for _ in range(count)]
            servers = [start.result() for start in starts]
        yield servers


class Tally:
    """Latencies and errors of the questions asked so far, shared by the client threads."""

    def __init__(self, limit: int) -> None:
        self.limit, self.issued = limit, 0
        self.latencies_ms: list[float] = []
        self.errors: collections.Counter[str] = collections.Counter()
        self._lock = threading.Lock()

    def ticket(self) -> bool:
        """Whether another question may be asked (at most ``limit`` in all)."""
        with self._lock:
            self.issued += 1
            return self.issued <= self.limit

    def record(self, milliseconds: float, error: str | None) -> None:
        with self._lock:
            self.latencies_ms.append(milliseconds)
            if error:
                self.errors[error] += 1

    @property
    def done(self) -> int:
        return len(self.latencies_ms)


def client(
    urls: list[str], first: int, scripts: Iterator[list[str]], tally: Tally, stop: Callable[[], bool], key: str | None
) -> None:
    """Ask conversation after conversation until ``stop()`` or the tally runs out of tickets, each question to
    the next of ``urls`` (starting at ``first``)."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    turn = itertools.count(first)
    with httpx.Client(timeout=60, headers=headers) as http:
        while not stop():
            conversation_id = None
            for question in next(scripts):
                if stop() or not tally.ticket():
                    return
                started, error = time.perf_counter(), None
                url = urls[next(turn) % len(urls)]
                body = {"message": question, "conversation_id": conversation_id}
                try:
                    response = http.post(f"{url}/v1/chat", json=body)
                    if response.status_code == 200:
                        conversation_id = response.json()["conversation_id"]
                    else:
                        error = f"HTTP {response.status_code}"
                except httpx.HTTPError as exc:
                    error = type(exc).__name__
                tally.record((time.perf_counter() - started) * 1000, error)
                if error:
                    break


@dataclass
class Result:
    """What one run measured: every latency, the errors, and (seconds, questions done, RSS MB) samples, the
    RSS being the sum over the servers; ``rss_by_server`` holds each server's (start, end, peak) MB."""

    clients: int
    seconds: float
    latencies_ms: list[float]
    errors: dict[str, int]
    samples: list[tuple[float, int, float]]
    rss_by_server: list[tuple[float, float, float]]

    def summary(self, warmup_share: float | None) -> dict[str, Any]:
        """The figures; with ``warmup_share``, also the RSS growth after that share of the questions."""
        latencies = sorted(self.latencies_ms)

        def pct(q: float) -> float:
            return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))], 1)

        rss = [sample[2] for sample in self.samples]
        figures: dict[str, Any] = {
            "clients": self.clients,
            "questions": len(latencies),
            "errors": sum(self.errors.values()),
            "errors_by_kind": self.errors,
            "seconds": round(self.seconds, 1),
            "answers_per_s": round(len(latencies) / self.seconds, 2),
            "latency_ms": {"p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99), "max": pct(1.0)},
            "rss_mb": {"start": rss[0], "end": rss[-1], "peak": max(rss)},
            "rss_samples": self.samples,
            "servers": len(self.rss_by_server),
            "rss_mb_by_server": [dict(zip(("start", "end", "peak"), each, strict=True)) for each in self.rss_by_server],
        }
        if warmup_share is not None:
            warm = next(mb for _, done, mb in self.samples if done >= warmup_share * len(latencies))
            figures["rss_mb"]["after_warmup"] = warm
            figures["rss_growth_after_warmup_pct"] = round(100 * (rss[-1] - warm) / warm, 1)
        return figures


def run(
    servers: list[tuple[str, int]], clients: int, limit: int, seconds: float, sample_every: float, key: str | None
) -> Result:
    """Drive the servers with ``clients`` threads until ``limit`` questions or ``seconds`` have passed."""
    tally = Tally(limit)
    cycle = itertools.cycle(conversations())
    lock = threading.Lock()
    urls, pids = [url for url, _ in servers], [pid for _, pid in servers]

    def scripts() -> Iterator[list[str]]:
        while True:
            with lock:
                script = next(cycle)
            yield script

    def each_rss() -> list[float]:
        return [round(rss_mb(pid), 1) for pid in pids]

    started = time.monotonic()
    deadline = started + seconds
    finished = threading.Event()
    per_server = [each_rss()]
    samples: list[tuple[float, int, float]] = [(0.0, 0, round(sum(per_server[0]), 1))]

    def sample() -> None:
        while not finished.wait(sample_every):
            per_server.append(each_rss())
            samples.append((round(time.monotonic() - started, 1), tally.done, round(sum(per_server[-1]), 1)))

    threading.Thread(target=sample, daemon=True).start()
    stop = lambda: time.monotonic() > deadline  # noqa: E731
    threads = [threading.Thread(target=client, args=(urls, n, scripts(), tally, stop, key)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    finished.set()
    per_server.append(each_rss())
    samples.append((round(wall, 1), tally.done, round(sum(per_server[-1]), 1)))
    by_server = [
        (column[0], column[-1], max(column)) for column in ([rss[i] for rss in per_server] for i in range(len(pids)))
    ]
    return Result(clients, wall, tally.latencies_ms, dict(tally.errors), samples, by_server)


def print_summary(figures: dict[str, Any]) -> None:
    latency, rss = figures["latency_ms"], figures["rss_mb"]
    print(f"clients {figures['clients']}: {figures['questions']} questions in {figures['seconds']} s")
    print(f"errors: {figures['errors']} {figures['errors_by_kind'] or ''}")
    print(f"throughput: {figures['answers_per_s']} answers/s")
    print(f"latency ms: p50 {latency['p50']}, p95 {latency['p95']}, p99 {latency['p99']}, max {latency['max']}")
    print("RSS over time (s, questions done, MB):")
    for seconds, done, mb in figures["rss_samples"]:
        print(f"  {seconds:8.1f} {done:7d} {mb:8.1f}")
    print(f"RSS MB: start {rss['start']}, end {rss['end']}, peak {rss['peak']}")
    if figures["servers"] > 1:
        for n, each in enumerate(figures["rss_mb_by_server"], start=1):
            print(f"  server {n} RSS MB: start {each['start']}, end {each['end']}, peak {each['peak']}")
    if "rss_growth_after_warmup_pct" in figures:
        growth = figures["rss_growth_after_warmup_pct"]
        print(f"RSS after the warm-up: {rss['after_warmup']} MB; growth since: {growth}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=ROOT / "data" / "chroma", help="a built Chroma index")
    parser.add_argument("--workers", type=int, default=1, help="`assistant serve --workers`")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--processes", type=int, default=1, help="`assistant serve` processes (own data dirs)")
    parser.add_argument("--chroma-url", help="a Chroma server holding the index (instead of --index-dir)")
    parser.add_argument("--database-url", help="ASSISTANT_DATABASE_URL shared by the processes")
    parser.add_argument("--redis-url", help="ASSISTANT_REDIS_URL shared by the processes (enables a rate limit)")
    modes = parser.add_subparsers(dest="mode", required=True)
    load = modes.add_parser("load", help="many clients for a bounded time and number of questions")
    load.add_argument("--clients", type=int, default=32)
    load.add_argument("--seconds", type=float, default=60)
    load.add_argument("--max-questions", type=int, default=20_000)
    soak = modes.add_parser("soak", help="a fixed, large number of questions; memory growth")
    soak.add_argument("--questions", type=int, default=10_000)
    soak.add_argument("--clients", type=int, default=8)
    soak.add_argument("--max-seconds", type=float, default=7200, help="give up after this long")
    args = parser.parse_args()
    settings = {"ASSISTANT_CHROMA_URL": args.chroma_url} if args.chroma_url else {}
    if not args.chroma_url:
        if not args.index_dir.is_dir():
            raise SystemExit(f"no index at {args.index_dir}: run `index-tools build` first (or pass --index-dir)")
        settings["ASSISTANT_CHROMA_PATH"] = str(args.index_dir)
    if args.processes > 1 and not (args.chroma_url and args.database_url):
        raise SystemExit("several processes share a Chroma server and a database: pass --chroma-url and --database-url")
    if args.database_url:
        settings["ASSISTANT_DATABASE_URL"] = args.database_url
    key = None
    if args.redis_url:  # a limit no client reaches, so that every request takes a token in Redis
        key = BENCH_KEY
        settings.update(
            ASSISTANT_REDIS_URL=args.redis_url,
            ASSISTANT_API_KEYS=key,
            ASSISTANT_RATE_LIMIT_PER_MINUTE="10000000",
            ASSISTANT_RATE_LIMIT_BURST="10000000",
        )

    with running_servers(settings, args.workers, args.processes) as servers:
        if args.mode == "load":
            result = run(servers, args.clients, args.max_questions, args.seconds, 5, key)
        else:
            result = run(servers, args.clients, args.questions, args.max_seconds, 30, key)
    figures = result.summary(None if args.mode == "load" else WARMUP_SHARE)
    print_summary(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
