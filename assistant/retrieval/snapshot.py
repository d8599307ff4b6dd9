"""The in-memory side of an index: chunk texts and metadata, the BM25 index and filter columns."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from chromadb.api.models.Collection import Collection

from assistant.retrieval.keywords import BM25Index, passage_terms
from assistant.retrieval.models import Hit, SearchFilters
from assistant.retrieval.naming import DocumentNames
from assistant.retrieval.store import IndexInfo, iter_records

log = logging.getLogger(__name__)

FILTER_FIELDS = ("document_id", "publisher", "year", "language")


def _normal(value: Any) -> Any:
    return value.strip().casefold() if isinstance(value, str) else value


@dataclass
class Snapshot:
    """The collection as loaded when the retriever opened (or last saw it change)."""

    collection: Collection
    info: IndexInfo
    ids: list[str]
    texts: list[str]
    metas: list[dict[str, Any]]
    position: dict[str, int]
    bm25: BM25Index
    columns: dict[str, np.ndarray]
    names: DocumentNames  # the words that name each document (see naming.document_label)

    @classmethod
    def load(cls, collection: Collection) -> Snapshot:
        """Read every chunk of ``collection`` and build the BM25 index over them."""
        started = time.perf_counter()
        ids, texts, metas, terms = [], [], [], []
        for chunk_id, text, meta in iter_records(collection, ["documents", "metadatas"]):
            ids.append(chunk_id)
            texts.append(text or "")
            stored = meta.pop("terms", None)  # tokenized at index time; older indexes are tokenized here
            terms.append(stored.split() if isinstance(stored, str) else passage_terms(text or "", meta))
            metas.append(meta)
        snapshot = cls(
            collection=collection,
            info=IndexInfo.of(collection),
            ids=ids,
            texts=texts,
            metas=metas,
            position={chunk_id: i for i, chunk_id in enumerate(ids)},
            bm25=BM25Index(terms),
            columns={
                field: np.array([_normal(meta.get(field)) for meta in metas], dtype=object) for field in FILTER_FIELDS
            },
            names=DocumentNames.of(metas),
        )
        log.info("Loaded %d chunks for hybrid search in %.2fs", len(ids), time.perf_counter() - started)
        return snapshot

    def matching(self, filters: SearchFilters) -> tuple[np.ndarray | None, dict[str, Any] | None]:
        """A mask over chunks and the equivalent Chroma ``where`` clause (None, None when unfiltered).

        Strings match case-insensitively: the clause lists the stored spellings that match.
        """
        mask = np.ones(len(self.ids), dtype=bool)
        clauses = []
        for field in FILTER_FIELDS:
            wanted = getattr(filters, field)
            if wanted is None:
                continue
            column_mask = self.columns[field] == _normal(wanted)
            mask &= column_mask
            stored = sorted({self.metas[i][field] for i in np.flatnonzero(column_mask)}, key=str)
            clauses.append({field: {"$in": stored}} if stored else {field: {"$eq": wanted}})
        if not clauses:
            return None, None
        return mask, clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def hit(self, chunk_id: str, score: float, dense: float | None, keyword: float | None) -> Hit:
        """The :class:`Hit` for a chunk id with its scores."""
        i = self.position[chunk_id]
        meta = self.metas[i]
        return Hit(
            chunk_id=chunk_id,
            document_id=str(meta.get("document_id", "")),
            title=str(meta.get("title", "")),
            source=str(meta.get("source", "")),
            section=meta.get("section"),
            text=self.texts[i],
            score=score,
            dense_score=dense,
            keyword_score=keyword,
            language=str(meta.get("language", "")),
            publisher=meta.get("publisher"),
            year=meta.get("year"),
            page=meta.get("page"),
        )
