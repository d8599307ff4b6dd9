"""Hybrid search: dense (Chroma) and BM25 candidates merged by weighted reciprocal rank fusion."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from assistant.config import Settings
from assistant.errors import InputError
from assistant.retrieval.embeddings import get_embedder
from assistant.retrieval.expansion import expand_query
from assistant.retrieval.keywords import contains_cjk
from assistant.retrieval.models import Hit, IndexNotReadyError, SearchFilters
from assistant.retrieval.naming import named_documents
from assistant.retrieval.snapshot import Snapshot
from assistant.retrieval.store import IndexInfo, connect, dense_among, dense_query, find_collection, open_index

RRF_K = 60
# Measured on tests/eval/retrieval.jsonl (see docs/benchmarks.md): the keyword list is the more precise one,
# so it counts more; query expansion terms count half as much as the words typed.
DENSE_WEIGHT = 0.5
KEYWORD_WEIGHT = 1.0
EXPANSION_WEIGHT = 0.5
# A document the query names ("according to the FHS", "宪法里") is also searched alone; those two extra rankings
# weigh this much against the plain ones, so its passages come first without hiding the others (recall@10 on
# the document dev sets: 221 at 0, 228 at 0.5, 229 at 1.0 and 2.0; see docs/benchmarks.md).
NAMED_DOCUMENT_WEIGHT = 1.0
MAX_K = 50
# How deep each ranking is read before fusing: the same for every k up to a quarter of it, so that asking for 8
# passages gives the first 8 of asking for 10 (a depth of 4k put a passage 35th in the dense ranking into the
# fusion for k=10 but not for k=8, and the chat, which asks for 8, missed passages the search page showed).
CANDIDATES = 40
# A filtered search over at most this many chunks (one named document, say) compares the query with their stored
# vectors directly: a filtered Chroma query over 100k chunks took about 100 ms, reading 1,000 vectors about 33.
EXACT_DENSE_LIMIT = 2000

Ranking = list[tuple[str, float]]
StoreStamp = tuple[tuple[int, int] | None, ...]


def fuse(rankings: list[tuple[list[str], float]], k: int = RRF_K) -> dict[str, float]:
    """Weighted reciprocal rank fusion: each (ranking, weight) adds weight / (k + rank) to its ids."""
    scores: dict[str, float] = {}
    for ranking, weight in rankings:
        for rank, chunk_id in enumerate(ranking, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (k + rank)
    return scores


def _file_stamp(path: Path) -> tuple[int, int] | None:
    """(size, modification time in ns) of a file, None when it does not exist: one stat call on the search path."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_size, status.st_mtime_ns


class Retriever:
    """Searches one built index; safe to share between threads."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._client = connect(settings)
        collection = open_index(self._client, settings, settings.embedding_model)
        self._embedder = get_embedder(settings.embedding_model)
        self._lock = threading.Lock()
        self._snapshot = Snapshot.load(collection)
        self._checked_stamp: StoreStamp | None = None

    def _store_stamp(self) -> StoreStamp | None:
        """Size and modification time of a local store's SQLite files (None with a Chroma server)."""
        if self._settings.chroma_url:
            return None
        return tuple(_file_stamp(self._settings.chroma_dir / name) for name in ("chroma.sqlite3", "chroma.sqlite3-wal"))

    def _current(self) -> Snapshot:
        """The loaded snapshot, reloaded first when the index was rebuilt or updated since.

        Looking the collection up costs about a millisecond holding the GIL, a tenth of a busy server's time;
        while a local store's files are unchanged no build can have run, so the lookup is skipped.
        """
        stamp = self._store_stamp()
        if stamp is not None and stamp == self._checked_stamp:
            return self._snapshot
        collection = find_collection(self._client, self._settings.collection)
        if collection is None:
            raise IndexNotReadyError("The search index was removed. Run `index-tools build`.")
        info = IndexInfo.of(collection)
        with self._lock:
            if self._snapshot.collection.id != collection.id or self._snapshot.info != info:
                self._snapshot = Snapshot.load(open_index(self._client, self._settings, self._embedder.name))
            self._checked_stamp = stamp
            return self._snapshot

    def _check(self, query: str, k: int) -> str:
        query = query.strip() if isinstance(query, str) else ""
        if not query:
            raise InputError("The search query is empty.")
        if len(query) > self._settings.max_message_chars:
            raise InputError(f"The search query is longer than {self._settings.max_message_chars} characters.")
        if not 1 <= k <= MAX_K:
            raise InputError(f"k must be between 1 and {MAX_K}, got {k}.")
        return query

    def rankings(self, query: str, n: int, filters: SearchFilters | None = None) -> tuple[Snapshot, Ranking, Ranking]:
        """The top ``n`` dense (id, cosine) and keyword (id, BM25) candidates, each best first."""
        snapshot = self._current()
        mask, where = snapshot.matching(filters or SearchFilters())
        allowed = len(snapshot.ids) if mask is None else int(mask.sum())
        n = min(n, allowed)
        if n == 0:
            return snapshot, [], []
        vector = self._embedder.embed_query(query)
        if mask is not None and allowed <= EXACT_DENSE_LIMIT:
            dense = dense_among(snapshot.collection, vector, n, [snapshot.ids[i] for i in np.flatnonzero(mask)])
        else:
            dense = dense_query(snapshot.collection, vector, n, where)
        # another process may have rebuilt a local store: its vector index here can still hold removed chunks
        dense = [(chunk_id, score) for chunk_id, score in dense if chunk_id in snapshot.position]
        found = snapshot.bm25.top(query, n, mask, extra=expand_query(query), extra_weight=EXPANSION_WEIGHT)
        return snapshot, dense, [(snapshot.ids[i], score) for i, score in found]

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None) -> list[Hit]:
        """The ``k`` best passages for ``query`` (English or Chinese), best first; a document the query names
        is searched alone too, and its passages count more."""
        query = self._check(query, k)
        n = max(4 * k, CANDIDATES)
        snapshot, dense, keyword = self.rankings(query, n, filters)
        rankings = [([i for i, _ in dense], DENSE_WEIGHT), ([i for i, _ in keyword], KEYWORD_WEIGHT)]
        filters = filters or SearchFilters()
        language = "zh" if contains_cjk(query) else "en"
        named = set() if filters.document_id else named_documents(query, language, snapshot.names)[0]
        for document_id in sorted(named):
            within = filters.model_copy(update={"document_id": document_id})
            _, named_dense, named_keyword = self.rankings(query, n, within)
            rankings += [
                ([i for i, _ in named_dense], NAMED_DOCUMENT_WEIGHT * DENSE_WEIGHT / len(named)),
                ([i for i, _ in named_keyword], NAMED_DOCUMENT_WEIGHT * KEYWORD_WEIGHT / len(named)),
            ]
        fused = fuse(rankings)
        dense_scores, keyword_scores = dict(dense), dict(keyword)
        best = sorted(fused, key=lambda chunk_id: -fused[chunk_id])[:k]
        return [snapshot.hit(i, fused[i], dense_scores.get(i), keyword_scores.get(i)) for i in best]

    def status(self) -> dict[str, Any]:
        """Documents, chunks, embedding model and build time of the index."""
        info = self._current().info
        return {
            "documents": info.documents,
            "chunks": info.chunks,
            "embedding_model": info.embedding_model,
            "built_at": info.built_at,
        }


_retrievers: dict[tuple[str, str, str], Retriever] = {}
_retrievers_lock = threading.Lock()


def open_retriever(settings: Settings) -> Retriever:
    """The retriever for ``settings``' index, opened once per index location, collection and model."""
    key = (
        settings.chroma_url or str(settings.chroma_dir.resolve()),
        settings.collection,
        settings.embedding_model,
    )
    with _retrievers_lock:
        if key not in _retrievers:
            _retrievers[key] = Retriever(settings)
        return _retrievers[key]
