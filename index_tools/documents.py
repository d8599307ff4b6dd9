"""One document at a time: add an uploaded file, remove a document, list what the index holds.

These change the live collection directly (no full build) and then record a new build time on it, which is
how a running server's retriever notices that it must reload its passages.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chromadb.api.models.Collection import Collection

from assistant.config import Settings
from assistant.errors import InputError, NotFoundError
from assistant.retrieval.embeddings import get_embedder
from assistant.retrieval.store import IndexInfo, check_model, connect, create_collection, find_collection, iter_records
from index_tools.builder import add_chunks, delete_chunks, library_document
from index_tools.chunking import chunk_document
from index_tools.library import Entry, Library, safe_name
from index_tools.loaders import SUPPORTED_SUFFIXES, UnreadableFileError, load_document

_index_lock = threading.Lock()  # one change at a time within a process; the library lock covers processes


@dataclass
class DocumentInfo:
    """A document in the index, as `index-tools list` and `GET /v1/documents` show it."""

    id: str
    title: str
    file_name: str
    pages: int | None
    chunks: int
    language: str | None
    added: str | None  # None for a bundled report
    origin: str  # "bundled", "added", "uploaded"
    status: str  # "ok", "uploaded", "original missing (indexed copy kept)", "bundled"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class UnsupportedDocumentError(InputError):
    """An upload of a file type that cannot be indexed."""

    status_code = 415


class DocumentTooLargeError(InputError):
    """An upload over the size limit."""

    status_code = 413


def check_upload(name: str, size: int, settings: Settings) -> str:
    """The safe file name of an upload, or an :class:`InputError` saying why it cannot be indexed."""
    name = safe_name(name)
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        kinds = ", ".join(sorted(s.lstrip(".") for s in SUPPORTED_SUFFIXES))
        raise UnsupportedDocumentError(f"{name}: unsupported file type {suffix or '(none)'!r}; supported: {kinds}.")
    limit = int(settings.index_max_file_mb * 1_000_000)
    if size > limit:
        raise DocumentTooLargeError(f"{name}: {size / 1e6:.1f} MB is over the {limit / 1e6:g} MB limit.")
    return name


def add_upload(settings: Settings, path: Path, name: str) -> DocumentInfo:
    """Index the uploaded file at ``path`` (named ``name`` by the client) into the library and the live index.

    The file is read first; a file that cannot be indexed raises :class:`InputError` with the reason and is
    not kept. An upload with the same name as an earlier upload replaces it.
    """
    name = check_upload(name, path.stat().st_size, settings)
    max_bytes = int(settings.index_max_file_mb * 1_000_000)
    try:
        load_document(path, name, max_bytes)
    except UnreadableFileError as exc:
        raise InputError(f"{name}: {exc}.") from exc
    with _index_lock, Library(settings.library_dir).locked() as library:
        entry, _ = library.add_file(path, name=name, taken=frozenset(_bundled_ids(settings, library)))
        document = library_document(library, entry, max_bytes)
        chunks = chunk_document(document, settings.chunk_chars)
        client = connect(settings)
        embedder = get_embedder(settings.embedding_model)
        collection = find_collection(client, settings.collection)
        if collection is None:
            collection = create_collection(
                client, settings.collection, IndexInfo(embedder.name, embedder.dimension, None, 0, 0)
            )
        elif collection.count() > 0:
            check_model(collection, embedder.name)
        before = set(_chunk_ids(collection, entry.id))
        wanted = {chunk.id: chunk for chunk in chunks}
        add_chunks(client, collection, embedder, [c for i, c in wanted.items() if i not in before])
        delete_chunks(client, collection, sorted(before - wanted.keys()))
        entry.chunks = len(wanted)
        _stamp(collection, embedder.name, embedder.dimension, added=0 if before else 1)
        return _entry_info(entry)


def remove_document(settings: Settings, reference: str) -> DocumentInfo:
    """Remove a library document by id, original path or file name, from the library and the index."""
    with _index_lock, Library(settings.library_dir).locked() as library:
        try:
            entry = library.find(reference)
        except NotFoundError:
            if reference in _bundled_ids(settings, library):
                raise InputError(
                    f"{reference!r} is a bundled report; delete its file from {settings.reports_dir.name}/ and rebuild."
                ) from None
            raise
        collection = find_collection(connect(settings), settings.collection)
        if collection is not None:
            ids = _chunk_ids(collection, entry.id)
            delete_chunks(connect(settings), collection, ids)
            info = IndexInfo.of(collection)
            _stamp(collection, info.embedding_model, info.dimension, added=-1 if ids else 0)
        library.remove(entry)
        return _entry_info(entry)


def list_documents(settings: Settings) -> list[DocumentInfo]:
    """Every document in the index (bundled reports first), joined with the library's records."""
    library = Library(settings.library_dir).read()
    collection = find_collection(connect(settings), settings.collection)
    chunks: dict[str, int] = defaultdict(int)
    pages: dict[str, int] = {}
    first: dict[str, dict[str, Any]] = {}
    if collection is not None:
        for _, _, meta in iter_records(collection, ["metadatas"]):
            document_id = str(meta.get("document_id", ""))
            chunks[document_id] += 1
            first.setdefault(document_id, meta)
            if isinstance(meta.get("page"), int):
                pages[document_id] = max(pages.get(document_id, 0), meta["page"])
    listed = []
    for document_id, meta in first.items():
        if document_id in library.entries:
            continue
        listed.append(
            DocumentInfo(
                id=document_id,
                title=str(meta.get("title", document_id)),
                file_name=Path(str(meta.get("path", ""))).name,
                pages=pages.get(document_id),
                chunks=chunks[document_id],
                language=meta.get("language"),
                added=None,
                origin="bundled",
                status="bundled",
            )
        )
    listed.sort(key=lambda info: info.id)
    for entry in sorted(library.entries.values(), key=lambda e: e.added):
        info = _entry_info(entry)
        info.chunks = chunks.get(entry.id, 0)
        listed.append(info)
    return listed


def _entry_info(entry: Entry) -> DocumentInfo:
    return DocumentInfo(
        id=entry.id,
        title=entry.title or entry.name,
        file_name=entry.name,
        pages=entry.pages,
        chunks=entry.chunks or 0,
        language=entry.language,
        added=entry.added,
        origin="uploaded" if entry.original is None else "added",
        status=entry.status,
    )


def _chunk_ids(collection: Collection, document_id: str) -> list[str]:
    return list(collection.get(where={"document_id": document_id}, include=[])["ids"])


def _bundled_ids(settings: Settings, library: Library) -> set[str]:
    """Document ids in the index that are not the library's (the bundled reports)."""
    collection = find_collection(connect(settings), settings.collection)
    if collection is None:
        return set()
    ids = {str(meta.get("document_id", "")) for _, _, meta in iter_records(collection, ["metadatas"])}
    return ids - set(library.entries)


def _stamp(collection: Collection, model: str, dimension: int, added: int) -> None:
    """Record the new counts and build time, which makes running retrievers reload."""
    info = IndexInfo.of(collection)
    collection.modify(
        metadata=IndexInfo(
            embedding_model=model,
            dimension=dimension,
            built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            documents=max(info.documents + added, 0),
            chunks=collection.count(),
        ).as_metadata()
    )
