"""Embed a large build's chunks in worker processes while the main process writes the vectors to Chroma.

Threads cannot overlap the two: Chroma's upsert holds the GIL for its whole call. Processes can, and with one
worker per core the embedding model, the bottleneck, uses every core.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import numpy as np

from assistant.errors import AssistantError
from assistant.retrieval.embeddings import Embedder, get_embedder

_embedder: Embedder | None = None  # the model of this worker process


def _load(model: str, parent: int) -> None:
    global _embedder
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    _embedder = get_embedder(model)


def _exit_with(parent: int) -> None:
    """End this worker when the build that started it is gone (killed rather than interrupted)."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _embed(texts: list[str]) -> np.ndarray:
    if _embedder is None:
        raise RuntimeError("embedding worker used before its model was loaded")
    return _embedder.embed_documents(texts)


def embedded_in_workers(model: str, batches: Iterable[list[str]], workers: int) -> Iterator[np.ndarray]:
    """The vectors of each batch of texts, in order, embedded by ``workers`` processes a few batches ahead."""
    # spawn, not fork: the parent runs Chroma's threads (and maybe torch's), which a forked child must not inherit.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_load, initargs=(model, os.getpid()))
    pending: deque[Future[np.ndarray]] = deque()
    try:
        for texts in batches:
            pending.append(pool.submit(_embed, texts))
            if len(pending) > 2 * workers:  # bounded read-ahead: memory stays flat however large the build
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BrokenProcessPool:
        raise AssistantError(
            "An embedding worker process died (out of memory?). The index still answers with what it had; "
            "build again, with ASSISTANT_INDEX_WORKERS=1 to embed in one process."
        ) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
