"""Hybrid retrieval over the report index: dense (Chroma) + BM25 (jieba for Chinese), fused by rank."""

from assistant.retrieval.embeddings import Embedder, get_embedder
from assistant.retrieval.hybrid import Retriever, open_retriever
from assistant.retrieval.models import EmbeddingModelMismatchError, Hit, IndexNotReadyError, SearchFilters

__all__ = [
    "Embedder",
    "EmbeddingModelMismatchError",
    "Hit",
    "IndexNotReadyError",
    "Retriever",
    "SearchFilters",
    "get_embedder",
    "open_retriever",
]
