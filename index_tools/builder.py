"""Incremental index build: embed only new chunks, add them, then delete the chunks that are gone.

The index holds the bundled reports (``corpus/reports``) and the library (``DATA_DIR/library``, see
:mod:`index_tools.library`): paths given to a build are added to the library, so later builds keep them.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection

from assistant.config import Settings
from assistant.errors import InputError
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
from index_tools.library import Entry, Library
from index_tools.loaders import SUPPORTED_SUFFIXES, LoadedDocument, UnreadableFileError, load_document
from index_tools.progress import Progress
from index_tools.sources import counted, discover, load_sources

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
    failed: list[tuple[str, str]] = field(default_factory=list)  # skipped files that were named on the command line

    def summary(self) -> str:
        skipped = f", {len(self.skipped)} skipped" if self.skipped else ""
        return (
            f"Indexed {self.files} files{skipped}: {self.added} chunks added, {self.unchanged} unchanged, "
            f"{self.removed} removed ({self.chunks} chunks in the index) in {self.seconds:.1f}s"
        )


def build_index(
    settings: Settings, paths: Sequence[Path] = (), rebuild: bool = False, progress: Progress | None = None
) -> BuildReport:
    """Add ``paths`` to the library, then index the reports directory and the library so the collection holds
    exactly their chunks.

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
    max_bytes = int(settings.index_max_file_mb * 1_000_000)
    with Library(settings.library_dir).locked() as library:
        named, skipped, failed = _add_paths(library, paths, max_bytes)
        library.refresh()
        roots = [settings.reports_dir] if settings.reports_dir.exists() else []
        sources = load_sources(roots, settings.reports_dir, max_bytes, progress)
        skipped = sources.skipped + skipped
        documents, library_skipped = _library_documents(library, sources.documents, max_bytes, progress)
        for entry, reason in library_skipped:
            where = entry.original or entry.name
            skipped.append((where, reason))
            if entry.id in named:
                failed.append((where, reason))
        documents = sources.documents + documents
        wanted: dict[str, Chunk] = {}
        for document in documents:
            for chunk in chunk_document(document, settings.chunk_chars):
                wanted[chunk.id] = chunk
        if not wanted:
            raise InputError(
                f"nothing to index: no reports in {settings.reports_dir} and no added documents; "
                "pass files or folders (index-tools build PATH) or point ASSISTANT_CORPUS_DIR at a corpus"
            )
        _count_chunks(library, wanted.values())

        collection = _target(client, settings.collection, live, embedder, rebuild)
        existing = {chunk_id for chunk_id, _, _ in iter_records(collection, include=[])}
        new = [chunk for chunk_id, chunk in wanted.items() if chunk_id not in existing]
        gone = sorted(existing - wanted.keys())

        workers = settings.index_workers if len(new) >= PARALLEL_MIN_CHUNKS else 1
        add_chunks(client, collection, embedder, new, workers, progress)
        delete_chunks(client, collection, gone)
        info = IndexInfo(
            embedding_model=embedder.name,
            dimension=embedder.dimension,
            built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            documents=len(documents),
            chunks=len(wanted),
        )
        if rebuild:
            if find_collection(client, settings.collection) is not None:
                client.delete_collection(settings.collection)
            collection.modify(name=settings.collection, metadata=info.as_metadata())
        elif new or gone or replace(IndexInfo.of(collection), built_at=None) != replace(info, built_at=None):
            collection.modify(metadata=info.as_metadata())  # an unchanged index keeps its time (no reloads)
    return BuildReport(
        files=len(documents),
        chunks=len(wanted),
        added=len(new),
        unchanged=len(wanted) - len(new),
        removed=len(gone),
        seconds=time.perf_counter() - started,
        skipped=skipped,
        failed=failed,
    )


def _add_paths(
    library: Library, paths: Sequence[Path], max_bytes: int
) -> tuple[set[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """Copy the named files (and new files of the recorded folders) into the library.

    Returns the ids of the named files' entries, the files skipped and, among them, the named ones.
    """
    named: set[str] = set()
    skipped: list[tuple[str, str]] = []
    failed: list[tuple[str, str]] = []
    for path in paths:
        if path.is_dir():
            library.add_folder(path)
            continue
        reason = _unfit(path, max_bytes) if path.is_file() else "no such file or directory"
        if reason:
            skipped.append((str(path), reason))
            failed.append((str(path), reason))
            continue
        entry, _ = library.add_file(path)
        named.add(entry.id)
    known = {entry.original for entry in library.entries.values()} | set(library.excluded)
    folders = [Path(folder) for folder in library.folders if Path(folder).is_dir()]
    files, _ = discover(folders)
    for path in files:
        if str(path) in known:
            continue
        reason = _unfit(path, max_bytes)
        if reason:
            skipped.append((str(path), reason))
            continue
        library.add_file(path)
    return named, skipped, failed


def _unfit(path: Path, max_bytes: int) -> str | None:
    """Why ``path`` cannot be added (unsupported type, too large), or None."""
    if path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return f"unsupported file type {path.suffix or '(none)'!r}"
    size = path.stat().st_size
    if size > max_bytes:
        return f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:g} MB limit"
    return None


def library_document(
    library: Library, entry: Entry, max_bytes: int, progress: Progress | None = None
) -> LoadedDocument:
    """Load ``entry``'s copy as a document with the library's id and its original file name as source."""
    on_page = progress.page_read if progress else None
    document = load_document(library.path_of(entry), library.key_of(entry), max_bytes, on_page)
    document.document_id = entry.id
    if document.source == document.key:
        document.source = entry.name
    entry.title, entry.pages, entry.language = document.title, document.pages, document.language
    return document


def _library_documents(
    library: Library, bundled: list[LoadedDocument], max_bytes: int, progress: Progress | None
) -> tuple[list[LoadedDocument], list[tuple[Entry, str]]]:
    """The library's documents (an id clashing with a bundled report's is renamed) and the unreadable ones.

    A document that cannot be read is dropped from the library unless it was indexed before (then only its
    copy could not be read this time, and it is kept for the next build).
    """
    taken = {document.document_id for document in bundled}
    documents, unreadable = [], []
    for entry in counted(list(library.entries.values()), progress):
        if entry.id in taken:
            entry = library.rename(entry, taken)
        try:
            documents.append(library_document(library, entry, max_bytes, progress))
        except UnreadableFileError as exc:
            unreadable.append((entry, str(exc)))
            if entry.chunks is None:
                library.remove(entry, exclude=False)
    return documents, unreadable


def _count_chunks(library: Library, chunks: Iterable[Chunk]) -> None:
    counts: dict[str, int] = {}
    for chunk in chunks:
        document_id = chunk.metadata["document_id"]
        counts[document_id] = counts.get(document_id, 0) + 1
    for entry in library.entries.values():
        entry.chunks = counts.get(entry.id, 0)


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


def add_chunks(
    client: ClientAPI,
    collection: Collection,
    embedder: Embedder,
    chunks: list[Chunk],
    workers: int = 1,
    progress: Progress | None = None,
) -> None:
    """Embed ``chunks`` (in ``workers`` processes when more than one) and upsert them."""
    parts = list(_batches(chunks, min(EMBED_BATCH, client.get_max_batch_size())))
    texts = ([chunk.embed_text for chunk in part] for part in parts)
    if workers > 1:
        log.info("embedding %d chunks in %d worker processes", len(chunks), workers)
        embedded = embedded_in_workers(embedder.name, texts, workers)
    else:
        embedded = map(embedder.embed_documents, texts)
    if progress:
        progress.add_chunks(len(chunks))
    for part, vectors in zip(parts, embedded, strict=True):
        collection.upsert(
            ids=[chunk.id for chunk in part],
            embeddings=vectors,
            documents=[chunk.text for chunk in part],
            metadatas=[chunk.metadata for chunk in part],
        )
        if progress:
            progress.chunks_embedded(len(part))


def delete_chunks(client: ClientAPI, collection: Collection, ids: list[str]) -> None:
    """Delete the chunks ``ids``."""
    for part in _batches(ids, client.get_max_batch_size()):
        collection.delete(ids=list(part))
