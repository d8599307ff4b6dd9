"""BM25 keyword search over a sparse term matrix; Chinese segmented by jieba, English as lowercased words."""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA
from scipy import sparse

from assistant.retrieval.models import contextual_text

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[第前][0-9]+|[{_CJK}]+|[a-z0-9]+(?:[.'][a-z0-9]+)*")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ORDINAL = re.compile(r"([第前])\s*([0-9]+|[一二两三四五六七八九十]+)")
_IS_CJK = re.compile(rf"[{_CJK}]")
_STOPWORDS_EN = (
    "a an and are as at be been by did do does for from had has have how in is it its of on or that the "
    "their there these this to was were what when where which who why will with"
)
_STOPWORDS_ZH = (
    "的 了 是 在 和 与 及 吗 呢 吧 啊 哪 哪个 哪些 什么 多少 怎么 如何 为什么 "
    "几 第几 是否 有 有没有 中 年 个 其 这 那 被 把 对"
)
STOPWORDS = frozenset(_STOPWORDS_EN.split() + _STOPWORDS_ZH.split())

_jieba_lock = threading.Lock()
_jieba: object | None = None


def _segmenter():  # type: ignore[no-untyped-def]
    """jieba, imported and initialised once (its dictionary load takes about a second)."""
    global _jieba
    with _jieba_lock:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()
            _jieba = jieba
        return _jieba


def contains_cjk(text: str) -> bool:
    """True when ``text`` has at least one CJK ideograph."""
    return _IS_CJK.search(text) is not None


def chinese_number(text: str) -> int | None:
    """The value of Arabic digits or a simple Chinese numeral up to 99 ("十二" -> 12), else None."""
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if not ten:
        return _CN_DIGITS.get(text)
    if any(c not in _CN_DIGITS for c in tens + ones):
        return None
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)


def _ordinal(match: re.Match[str]) -> str:
    number = chinese_number(match.group(2))
    return match.group() if number is None else f" {match.group(1)}{number} "


def tokenize(text: str) -> list[str]:
    """Lowercase word tokens for Latin script, jieba search-mode words for Chinese; stopwords dropped.

    Ordinals become one token whatever their numerals: "第一", "第 1" -> "第1"; "前十" -> "前10".
    """
    tokens: list[str] = []
    for match in _TOKEN.finditer(_ORDINAL.sub(_ordinal, text.lower())):
        piece = match.group()
        if _IS_CJK.match(piece) and not piece[1:].isdigit():
            tokens.extend(word for word in _segmenter().cut_for_search(piece) if word.strip())
        else:
            tokens.append(piece)
    return [token for token in tokens if token not in STOPWORDS]


# A file path ("/usr/share/man", "debian/control"): words joined by slashes, absolute or of two parts or more.
# Measured by benchmarks/document_recall.py (docs/benchmarks.md).
_SEGMENT = r"\.?[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*"
_PATH = re.compile(rf"(?<![a-z0-9_./:-])(?:(?:/{_SEGMENT})+|{_SEGMENT}(?:/{_SEGMENT})+)/?(?![a-z0-9_/])")
_HOST = re.compile(r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,3}")


def path_terms(text: str) -> list[str]:
    """One term for each file path in ``text`` ("/usr/share/man", "/var", "debian/control"), so that keyword
    search matches a path as a whole, not only the common words it is made of (which stay terms too). URLs,
    numbers with slashes (dates, fractions) and names with a slash ("Z/Yen") are no paths. The leading parts of a
    path ("/usr", "/usr/local") are no terms of their own: they repeat its words and ranked passages about
    other paths of the same directory high."""
    terms: list[str] = []
    for match in _PATH.finditer(text.lower()):
        path = match.group().rstrip("/")
        parts = path.split("/")
        if not any(c.isalpha() for c in path) or _HOST.fullmatch(parts[0]):
            continue  # 12/06/94, 1/2; a host name (debian.org/devel) starts a URL
        if parts[0] and min(map(len, parts)) < 2:
            continue  # a name with a slash (Z/Yen, C/C++), not a file
        terms.append(path)
    return terms


def keyword_terms(text: str) -> list[str]:
    """The BM25 terms of a text: its words (:func:`tokenize`) and its paths (:func:`path_terms`)."""
    return tokenize(text) + path_terms(text)


def passage_terms(text: str, meta: Mapping[str, Any]) -> list[str]:
    """The BM25 terms of a chunk: its document title, section, passage and the other language's names."""
    return keyword_terms(f"{contextual_text(text, meta.get('title'), meta.get('section'))}\n{meta.get('aliases', '')}")


MISSPELT_LENGTH = 5  # a query word this long may misspell an indexed one by a letter (by two from 8 letters)


def respelled(token: str, words: Sequence[str]) -> str:
    """The word of ``words`` that ``token`` misspells by a letter (by two from 8 letters, a swap counting one),
    else ``token``. Only words in Latin letters of 5 or more are read as misspelt, and a word with an ending
    added or dropped is not a misspelling."""
    if len(token) < MISSPELT_LENGTH or not token.isalpha() or not token.isascii() or token in words:
        return token
    allowed = 1 if len(token) < 8 else 2
    found = process.extractOne(token, words, scorer=OSA.distance, score_cutoff=allowed)
    if found is None or str(found[0]).startswith(token) or token.startswith(str(found[0])):
        return token  # "payment", "payments": another form of the word, which keyword search keeps apart
    return str(found[0])


class BM25Index:
    """Okapi BM25 with precomputed per-(term, document) weights, so a query is one sparse row sum."""

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75) -> None:
        """Index ``documents`` given as token lists (see :func:`tokenize`)."""
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        lengths = np.zeros(len(documents), dtype=np.float32)
        for doc, tokens in enumerate(documents):
            terms = Counter(tokens)
            lengths[doc] = len(tokens)
            for term, count in terms.items():
                rows.append(vocabulary.setdefault(term, len(vocabulary)))
                cols.append(doc)
                counts.append(count)
        self.vocabulary = vocabulary
        # the vocabulary's words by first letter and length, for misspellings (listed on first use)
        self._words: dict[tuple[str, int], list[str]] | None = None
        self.size = len(documents)
        tf = np.asarray(counts, dtype=np.float32)
        col_idx = np.asarray(cols, dtype=np.int64)
        row_idx = np.asarray(rows, dtype=np.int64)
        avg = float(lengths.mean()) if len(documents) and lengths.mean() > 0 else 1.0
        df = np.bincount(row_idx, minlength=len(vocabulary)).astype(np.float32)
        idf = np.log(1.0 + (self.size - df + 0.5) / (df + 0.5))
        norm = k1 * (1.0 - b + b * lengths[col_idx] / avg)
        weights = idf[row_idx] * tf * (k1 + 1.0) / (tf + norm)
        self._matrix = sparse.csr_matrix(
            (weights, (row_idx, col_idx)), shape=(len(vocabulary), self.size), dtype=np.float32
        )

    def spelled(self, token: str) -> str:
        """``token``, or the indexed word it misspells ("debain": "debian"): compared only with the words of its
        first letter and a length it can reach, so that a large index's vocabulary is never scanned whole."""
        if token in self.vocabulary or len(token) < MISSPELT_LENGTH:
            return token
        if self._words is None:
            self._words = {}
            for word in self.vocabulary:
                if len(word) >= MISSPELT_LENGTH - 1 and word.isalpha() and word.isascii():
                    self._words.setdefault((word[0], len(word)), []).append(word)
        near = [w for length in range(len(token) - 2, len(token) + 3) for w in self._words.get((token[0], length), [])]
        return respelled(token, near)

    def scores(self, query: str, extra: str = "", extra_weight: float = 1.0) -> np.ndarray:
        """BM25 score of every document for ``query`` (its misspelt words read as the indexed ones they misspell)
        plus ``extra`` terms weighted by ``extra_weight``."""
        weights: dict[int, float] = {}
        for text, weight, typed in ((query, 1.0, True), (extra, extra_weight, False)):
            for token in keyword_terms(text) if text else ():
                token = self.spelled(token) if typed else token  # the words typed may be misspelt
                if token in self.vocabulary:
                    term = self.vocabulary[token]
                    weights[term] = weights.get(term, 0.0) + weight
        if not weights:
            return np.zeros(self.size, dtype=np.float32)
        terms = np.fromiter(weights, dtype=np.int64, count=len(weights))
        factors = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))
        return np.asarray(factors @ self._matrix[terms]).ravel()

    def top(
        self, query: str, n: int, mask: np.ndarray | None = None, extra: str = "", extra_weight: float = 1.0
    ) -> list[tuple[int, float]]:
        """The best ``n`` (document index, score) pairs with a positive score, optionally within ``mask``."""
        scores = self.scores(query, extra, extra_weight)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > n:
            candidates = candidates[np.argpartition(-scores[candidates], n - 1)[:n]]
        ordered = candidates[np.argsort(-scores[candidates], kind="stable")]
        return [(int(i), float(scores[i])) for i in ordered]
