"""Embedding worker processes: they return each batch in order and never outlive a killed build."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import AssistantError
from assistant.retrieval import get_embedder
from index_tools.embed_workers import embedded_in_workers

SCRIPT = """
import multiprocessing, sys
from index_tools.embed_workers import embedded_in_workers
if __name__ == "__main__":
    vectors = embedded_in_workers("use-multilingual", iter([["a"], ["b"], ["c"], ["d"]]), 2)
    next(vectors)
    print(" ".join(str(child.pid) for child in multiprocessing.active_children()), flush=True)
    sys.stdin.read()
"""


def running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "State:\tZ" not in status.read_text()
    except FileNotFoundError:
        return False


def test_batches_come_back_in_order_with_the_in_process_vectors() -> None:
    batches = [["Shanghai ranked third."], ["伦敦排名第二。", "New York led the index."], ["Fintech funding fell."]]
    vectors = list(embedded_in_workers("use-multilingual", iter(batches), 2))
    embedder = get_embedder("use-multilingual")
    assert [len(v) for v in vectors] == [1, 2, 1]
    for batch, got in zip(batches, vectors, strict=True):
        np.testing.assert_allclose(got, embedder.embed_documents(batch), atol=1e-6)


def test_workers_exit_when_the_build_is_killed() -> None:
    build = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).parents[3],
    )  # fmt: skip
    assert build.stdout is not None
    workers = [int(pid) for pid in build.stdout.readline().split()]
    assert len(workers) == 2 and all(running(pid) for pid in workers)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 15
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(running(pid) for pid in workers)


def test_a_dead_worker_is_a_clear_error() -> None:
    vectors = embedded_in_workers("use-multilingual", iter([["fintech"]] * 40), 2)
    next(vectors)
    os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)
    with pytest.raises(AssistantError, match="An embedding worker process died"):
        list(vectors)
