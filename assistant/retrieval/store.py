"""Chroma access: the client, the collection and the index metadata recorded on it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError

from assistant.config import Settings
from assistant.errors import ServiceUnavailableError
from assistant.retrieval.models import EmbeddingModelMismatchError, IndexNotReadyError

PAGE = 5000


@dataclass(frozen=True)
class IndexInfo:
    """What the collection metadata records about a build."""

    embedding_model: str
    dimension: int
    built_at: str | None
    documents: int
    chunks: int

    @classmethod
    def of(cls, collection: Collection) -> IndexInfo:
        meta = collection.metadata or {}
        return cls(
            embedding_model=str(meta.get("embedding_model", "unknown")),
            dimension=int(meta.get("embedding_dimension", 0)),
            built_at=str(meta["built_at"]) if meta.get("built_at") else None,
            documents=int(meta.get("documents", 0)),
            chunks=int(meta.get("chunks", 0)),
        )

    def as_metadata(self) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "embedding_model": self.embedding_model,
            "embedding_dimension": self.dimension,
            "documents": self.documents,
            "chunks": self.chunks,
        }
        if self.built_at:
            meta["built_at"] = self.built_at
        return meta


def connect(settings: Settings) -> ClientAPI:
    """A Chroma client: HTTP when ``chroma_url`` is set, else a persistent store in ``chroma_dir``."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        ssl = url.scheme == "https"
        try:
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if ssl else 8000),
                ssl=ssl,
                settings=chroma_settings,
            )
        except Exception as exc:  # the client raises ValueError or a transport error when unreachable
            raise ServiceUnavailableError(f"Cannot reach the Chroma server at {settings.chroma_url}: {exc}") from exc
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def where_index(settings: Settings) -> str:
    """Human-readable location of the index, for messages."""
    location = settings.chroma_url or str(settings.chroma_dir)
    return f"collection {settings.collection!r} at {location}"


def find_collection(client: ClientAPI, name: str) -> Collection | None:
    """The collection called ``name``, or None when it does not exist."""
    try:
        return client.get_collection(name, embedding_function=None)
    except (NotFoundError, ValueError):
        return None


def create_collection(client: ClientAPI, name: str, info: IndexInfo) -> Collection:
    """A new cosine-space collection without any embedding function, carrying ``info``."""
    return client.create_collection(
        name,
        configuration={"hnsw": {"space": "cosine"}},
        metadata=info.as_metadata(),
        embedding_function=None,
    )


def open_index(client: ClientAPI, settings: Settings, model: str) -> Collection:
    """The built collection, checked to be non-empty and built with ``model``."""
    collection = find_collection(client, settings.collection)
    if collection is None or collection.count() == 0:
        raise IndexNotReadyError(f"No search index yet ({where_index(settings)}). Run `index-tools build` first.")
    check_model(collection, model)
    return collection


def check_model(collection: Collection, model: str) -> None:
    """Raise :class:`EmbeddingModelMismatchError` when ``collection`` was built with another model."""
    built_with = IndexInfo.of(collection).embedding_model
    if built_with != model:
        raise EmbeddingModelMismatchError(built_with, model)


def iter_records(collection: Collection, include: list[str]) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
    """Every (id, document, metadata) of the collection, read in pages."""
    offset = 0
    while True:
        page = collection.get(limit=PAGE, offset=offset, include=include)  # type: ignore[arg-type]
        ids = page["ids"]
        documents = page.get("documents") or [None] * len(ids)
        metadatas = page.get("metadatas") or [{}] * len(ids)
        for record in zip(ids, documents, metadatas, strict=True):
            yield record[0], record[1], dict(record[2] or {})
        if len(ids) < PAGE:
            return
        offset += PAGE


def dense_among(collection: Collection, vector: np.ndarray, n: int, ids: list[str]) -> list[tuple[str, float]]:
    """The ``n`` chunks of ``ids`` nearest to ``vector`` with their cosine similarity, computed exactly from their
    stored vectors (for a few hundred chunks, much faster than a filtered Chroma query over a large collection)."""
    if not ids:
        return []
    found = collection.get(ids=ids, include=["embeddings"])  # type: ignore[list-item]
    vectors = np.asarray(found["embeddings"], dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1) * (np.linalg.norm(vector) or 1.0)
    cosine = vectors @ np.asarray(vector, dtype=np.float32) / np.where(norms > 0, norms, 1.0)
    order = np.argsort(-cosine, kind="stable")[:n]
    return [(found["ids"][i], float(cosine[i])) for i in order]


def dense_query(
    collection: Collection, vector: np.ndarray, n: int, where: dict[str, Any] | None
) -> list[tuple[str, float]]:
    """The ``n`` nearest chunk ids to ``vector`` with their cosine similarity."""
    result = collection.query(
        query_embeddings=[vector],
        n_results=n,
        where=where,
        include=["distances"],  # type: ignore[list-item]
    )
    distances = (result.get("distances") or [[]])[0]
    return [(chunk_id, 1.0 - float(d)) for chunk_id, d in zip(result["ids"][0], distances, strict=True)]
