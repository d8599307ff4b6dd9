"""Incremental index build: embed only new chunks, add them, then delete the chunks that are gone."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from tqdm import tqdm

from assistant.config import Settings
from assistant.retrieval.embeddings import Embedder, get_embedder
from assistant.retrieval.store import (
    IndexInfo,
    check_model,
    connect,
    create_collection,
    find_collection,
    iter_records,
)
from index_tools.chunking import Chunk, chunk_document
from index_tools.embed_workers import embedded_in_workers
from index_tools.sources import load_sources

log = logging.getLogger(__name__)

EMBED_BATCH = 64
PARALLEL_MIN_CHUNKS = 1000  # below this, starting worker processes (a few seconds) costs more than it saves


@dataclass
class BuildReport:
    """What a build did."""

    files: int
    chunks: int
    added: int
    unchanged: int
    removed: int
    seconds: float
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (
            f"Indexed {self.files} files{skipped}: {self.added} chunks added, {self.unchanged} unchanged, "
            f"{self.removed} removed ({self.chunks} chunks in the index) in {self.seconds:.1f}s"
        )


def build_index(
    settings: Settings, paths: Sequence[Path] = (), rebuild: bool = False, progress: bool = False
) -> BuildReport:
    """Index the reports directory plus ``paths`` so the collection holds exactly their chunks.

    With ``rebuild`` everything is embedded again into a fresh collection that replaces the old one at the
    end; otherwise the collection must have been built with the configured embedding model. A build of
    ``PARALLEL_MIN_CHUNKS`` or more new chunks spawns embedding processes, so a script calling this from its
    top level needs the ``if __name__ == "__main__":`` guard.
    """
    started = time.perf_counter()
    client = connect(settings)
    live = find_collection(client, settings.collection)
    if live is not None and not rebuild and live.count() > 0:
        check_model(live, settings.embedding_model)
    embedder = get_embedder(settings.embedding_model)
    roots = [settings.reports_dir, *paths] if settings.reports_dir.exists() else list(paths)
    sources = load_sources(roots, settings.reports_dir, int(settings.index_max_file_mb * 1_000_000))
    wanted: dict[str, Chunk] = {}
    for document in sources.documents:
        for chunk in chunk_document(document, settings.chunk_chars):
            wanted[chunk.id] = chunk

    collection = _target(client, settings.collection, live, embedder, rebuild)
    existing = {chunk_id for chunk_id, _, _ in iter_records(collection, include=[])}
    new = [chunk for chunk_id, chunk in wanted.items() if chunk_id not in existing]
    gone = sorted(existing - wanted.keys())

    workers = settings.index_workers if len(new) >= PARALLEL_MIN_CHUNKS else 1
    _add(client, collection, embedder, new, workers, progress)
    _delete(client, collection, gone)
    info = IndexInfo(
        embedding_model=embedder.name,
        dimension=embedder.dimension,
        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        documents=len(sources.documents),
        chunks=len(wanted),
    )
    if rebuild:
        if find_collection(client, settings.collection) is not None:
            client.delete_collection(settings.collection)
        collection.modify(name=settings.collection, metadata=info.as_metadata())
    elif new or gone or replace(IndexInfo.of(collection), built_at=None) != replace(info, built_at=None):
        collection.modify(metadata=info.as_metadata())  # an unchanged index keeps its time (no reloads)
    return BuildReport(
        files=len(sources.documents),
        chunks=len(wanted),
        added=len(new),
        unchanged=len(wanted) - len(new),
        removed=len(gone),
        seconds=time.perf_counter() - started,
        skipped=sources.skipped,
    )


def _target(client: ClientAPI, name: str, live: Collection | None, embedder: Embedder, rebuild: bool) -> Collection:
    """The collection to write into: a fresh staging one for a rebuild, else the live one."""
    empty = IndexInfo(embedder.name, embedder.dimension, None, 0, 0)
    if rebuild:
        staging = f"{name}-rebuild"
        if find_collection(client, staging) is not None:
            client.delete_collection(staging)
        return create_collection(client, staging, empty)
    if live is None:
        return create_collection(client, name, empty)
    if live.count() == 0 and IndexInfo.of(live).embedding_model != embedder.name:
        client.delete_collection(name)
        return create_collection(client, name, empty)
    return live


def _batches(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _add(
    client: ClientAPI, collection: Collection, embedder: Embedder, chunks: list[Chunk], workers: int, progress: bool
) -> None:
    parts = list(_batches(chunks, min(EMBED_BATCH, client.get_max_batch_size())))
    texts = ([chunk.embed_text for chunk in part] for part in parts)
    if workers > 1:
        log.info("embedding %d chunks in %d worker processes", len(chunks), workers)
        embedded = embedded_in_workers(embedder.name, texts, workers)
    else:
        embedded = map(embedder.embed_documents, texts)
    with tqdm(total=len(chunks), unit="chunk", desc="Embedding", disable=not progress or not chunks) as bar:
        for part, vectors in zip(parts, embedded, strict=True):
            collection.upsert(
                ids=[chunk.id for chunk in part],
                embeddings=vectors,
                documents=[chunk.text for chunk in part],
                metadatas=[chunk.metadata for chunk in part],
            )
            bar.update(len(part))


def _delete(client: ClientAPI, collection: Collection, ids: list[str]) -> None:
    for part in _batches(ids, client.get_max_batch_size()):
        collection.delete(ids=list(part))
