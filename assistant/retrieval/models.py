"""The result and filter types of the retrieval API, and its errors."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.errors import ServiceUnavailableError


class Hit(BaseModel):
    """One retrieved passage with its document's metadata and the scores that ranked it."""

    chunk_id: str
    document_id: str
    title: str
    source: str
    section: str | None
    text: str
    score: float = Field(description="Reciprocal-rank-fusion score; higher is better.")
    dense_score: float | None = Field(description="Cosine similarity; None when not in the dense candidates.")
    keyword_score: float | None = Field(description="BM25 score; None when not in the keyword candidates.")
    language: str
    publisher: str | None
    year: int | None
    page: int | None


class SearchFilters(BaseModel):
    """Restrict a search to passages whose document matches every field that is set."""

    document_id: str | None = None
    publisher: str | None = None
    year: int | None = None
    language: str | None = None


class IndexNotReadyError(ServiceUnavailableError):
    """There is no index to search (never built, or empty)."""


class EmbeddingModelMismatchError(ServiceUnavailableError):
    """The index was built with another embedding model than the one configured."""

    def __init__(self, built_with: str, configured: str) -> None:
        self.built_with, self.configured = built_with, configured
        super().__init__(
            f"The index was built with embedding model {built_with!r} but {configured!r} is configured. "
            "Rebuild it with `index-tools build --rebuild` (or set ASSISTANT_EMBEDDING_MODEL back to "
            f"{built_with!r})."
        )


def contextual_text(text: str, title: str | None, section: str | None) -> str:
    """A passage prefixed with its document title and section heading: what is embedded and BM25-indexed."""
    return "\n".join(part for part in (title, section, text) if part)
