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
from contextlib import contextmanager
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


@contextmanager
def running_server(index_dir: Path, workers: int) -> Iterator[tuple[str, int]]:
    """`assistant serve` over ``index_dir`` with a temporary data dir; yields its URL and pid once ready."""
    with tempfile.TemporaryDirectory(prefix="assistant-load-") as data_dir:
        port = _free_port()
        env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
        env.update(
            ASSISTANT_DATA_DIR=data_dir,
            ASSISTANT_CHROMA_PATH=str(index_dir),
            ASSISTANT_RATE_LIMIT_PER_MINUTE="0",
        )
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


def client(url: str, scripts: Iterator[list[str]], tally: Tally, stop: Callable[[], bool]) -> None:
    """Ask conversation after conversation until ``stop()`` or the tally runs out of tickets."""
    with httpx.Client(base_url=url, timeout=60) as http:
        while not stop():
            conversation_id = None
            for question in next(scripts):
                if stop() or not tally.ticket():
                    return
                started, error = time.perf_counter(), None
                try:
                    response = http.post("/v1/chat", json={"message": question, "conversation_id": conversation_id})
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
    """What one run measured: every latency, the errors, and (seconds, questions done, RSS MB) samples."""

    clients: int
    seconds: float
    latencies_ms: list[float]
    errors: dict[str, int]
    samples: list[tuple[float, int, float]]

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
        }
        if warmup_share is not None:
            warm = next(mb for _, done, mb in self.samples if done >= warmup_share * len(latencies))
            figures["rss_mb"]["after_warmup"] = warm
            figures["rss_growth_after_warmup_pct"] = round(100 * (rss[-1] - warm) / warm, 1)
        return figures


def run(url: str, pid: int, clients: int, limit: int, seconds: float, sample_every: float) -> Result:
    """Drive the server with ``clients`` threads until ``limit`` questions or ``seconds`` have passed."""
    tally = Tally(limit)
    cycle = itertools.cycle(conversations())
    lock = threading.Lock()

    def scripts() -> Iterator[list[str]]:
        while True:
            with lock:
                script = next(cycle)
            yield script

    started = time.monotonic()
    deadline = started + seconds
    finished = threading.Event()
    samples: list[tuple[float, int, float]] = [(0.0, 0, round(rss_mb(pid), 1))]

    def sample() -> None:
        while not finished.wait(sample_every):
            samples.append((round(time.monotonic() - started, 1), tally.done, round(rss_mb(pid), 1)))

    threading.Thread(target=sample, daemon=True).start()
    threads = [
        threading.Thread(target=client, args=(url, scripts(), tally, lambda: time.monotonic() > deadline))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    finished.set()
    samples.append((round(wall, 1), tally.done, round(rss_mb(pid), 1)))
    return Result(clients, wall, tally.latencies_ms, dict(tally.errors), samples)


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
    if "rss_growth_after_warmup_pct" in figures:
        growth = figures["rss_growth_after_warmup_pct"]
        print(f"RSS after the warm-up: {rss['after_warmup']} MB; growth since: {growth}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index-dir", type=Path, default=ROOT / "data" / "chroma", help="a built Chroma index")
    parser.add_argument("--workers", type=int, default=1, help="`assistant serve --workers`")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
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
    if not args.index_dir.is_dir():
        raise SystemExit(f"no index at {args.index_dir}: run `index-tools build` first (or pass --index-dir)")

    with running_server(args.index_dir, args.workers) as (url, pid):
        if args.mode == "load":
            result = run(url, pid, args.clients, args.max_questions, args.seconds, sample_every=5)
        else:
            result = run(url, pid, args.clients, args.questions, args.max_seconds, sample_every=30)
    figures = result.summary(None if args.mode == "load" else WARMUP_SHARE)
    print_summary(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
