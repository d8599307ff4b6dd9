"""Benchmark `POST /v1/chat` on the embedded default (offline analyst) at several client counts.

Starts `assistant serve` on a free loopback port over the index of an existing data dir (default ./data;
build it first with `index-tools build`), storing conversations in a temporary data dir. Then for each
concurrency level it runs that many client threads, each asking questions from tests/eval/dev.jsonl (first
turns, English and Chinese) in turn for a fixed number of requests. Prints latency p50/p95, answers per
second, errors and the server's peak RSS.

    .venv/bin/python benchmarks/chat_bench.py --clients 1 8 32 --requests 200
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from load_test import rss_mb, running_server  # the same server start-up and memory reading as the load test

ROOT = Path(__file__).resolve().parent.parent


def _questions() -> list[str]:
    lines = (ROOT / "tests" / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["turns"][0]["question"] for line in lines if line.strip()]


def _variant(questions: list[str], n: int, unique: bool) -> str:
    """Question ``n`` of the cycle; with ``unique``, spaced differently on every cycle, so that no text repeats
    (caches keyed on the text miss, while the meaning, and so the tools' arguments, stay the same)."""
    question = questions[n % len(questions)]
    if not unique:
        return question
    gap = " " * (1 + n // len(questions))
    return question.replace(" ", gap, 1) if " " in question else question + gap + "？"


def run_level(
    url: str, clients: int, requests: int, questions: list[str], pid: int, unique: bool = False
) -> dict[str, float]:
    """``requests`` chat calls spread over ``clients`` threads; latency, throughput, errors, peak RSS."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    peak = [rss_mb(pid)]
    done = threading.Event()

    def sample_memory() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], rss_mb(pid))

    def client(index: int) -> None:
        nonlocal errors
        with httpx.Client(base_url=url, timeout=60) as http:
            for n in range(index, requests, clients):
                started = time.perf_counter()
                response = http.post("/v1/chat", json={"message": _variant(questions, n, unique)})
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed * 1000)
                    errors += response.status_code != 200

    sampler = threading.Thread(target=sample_memory, daemon=True)
    sampler.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    wall = time.perf_counter() - started
    done.set()
    latencies.sort()
    return {
        "clients": clients,
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": statistics.median(latencies),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "answers_per_s": len(latencies) / wall,
        "peak_rss_mb": peak[0],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--requests", type=int, default=200, help="requests per concurrency level")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--unique", action="store_true", help="never repeat a question's exact text (cold caches)")
    args = parser.parse_args()

    with running_server({"ASSISTANT_CHROMA_PATH": str(args.data_dir / "chroma")}, args.workers) as (url, pid):
        questions = _questions()
        httpx.post(f"{url}/v1/chat", json={"message": questions[0]}, timeout=60)  # warm-up
        print(
            f"questions: {len(questions)} first turns of tests/eval/dev.jsonl; server workers: {args.workers}; "
            f"texts {'never repeated' if args.unique else 'repeated each cycle'}"
        )
        print("clients  requests  errors  p50_ms  p95_ms  answers/s  peak_rss_mb")
        for clients in args.clients:
            row = run_level(url, clients, args.requests, questions, pid, args.unique)
            print(
                f"{row['clients']:>7}  {row['requests']:>8}  {row['errors']:>6}  {row['p50_ms']:>6.1f}  "
                f"{row['p95_ms']:>6.1f}  {row['answers_per_s']:>9.1f}  {row['peak_rss_mb']:>11.0f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
