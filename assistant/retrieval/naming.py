"""Which documents a question names ("according to the constitution", "FHS 里", "《Debian 简史》").

A document is known by its label: the words of its title, file name and id, its title's initials, and the
English words of the Chinese words in its title (``glossary.yaml``), so that "the new maintainers' guide"
names "Debian 新维护者手册" and "宪法" names "Constitution for the Debian Project". The patterns that capture
a name are data (``assistant/data/document_names.toml``).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from rapidfuzz import fuzz, process

from assistant.retrieval.expansion import GLOSSARY
from assistant.retrieval.keywords import tokenize

DATA = Path(__file__).resolve().parent.parent / "data" / "document_names.toml"
Language = Literal["en", "zh"]
MISSPELT_LENGTH = 6  # a word this long may be misspelt by a letter or two and still name a document
MAX_NAMED = 4  # a name matching more documents than this ("the report") tells none of them apart


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _patterns(name: str, language: Language) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in _config()[name][language]]


def common_words() -> frozenset[str]:
    """Words too common to tell documents apart by themselves ("report", "chapter", "Debian")."""
    return frozenset(_config()["common"])


def document_label(meta: Mapping[str, Any]) -> set[str]:
    """The words that name a document, from a passage's metadata (title, source, document_id)."""
    title = str(meta.get("title") or "")
    label = f"{title} {meta.get('source') or ''} {meta.get('document_id') or ''}".replace("-", " ")
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z]+", title) if word[0].isupper()).lower()
    glosses = " ".join(english for chinese, english in GLOSSARY.items() if chinese in title)
    return {t for t in tokenize(f"{label} {glosses}".lower()) if t not in common_words()} | {initials}


class DocumentNames:
    """The labels of a library's documents, indexed by word, to read which documents a question names."""

    def __init__(self, labels: Mapping[str, set[str]]) -> None:
        self._holding: dict[str, set[str]] = defaultdict(set)  # a label word -> the documents whose label has it
        for document_id, label in labels.items():
            for word in label:
                self._holding[word].add(document_id)
        self._long_words = [word for word in self._holding if len(word) >= MISSPELT_LENGTH]

    @classmethod
    def of(cls, metas: Iterable[Mapping[str, Any]]) -> DocumentNames:
        """The names of the documents of these passages' metadata (one label per document id)."""
        labels: dict[str, set[str]] = {}
        for meta in metas:
            document_id = str(meta.get("document_id", ""))
            if document_id not in labels:
                labels[document_id] = document_label(meta)
        return cls(labels)

    def holding(self, word: str) -> set[str]:
        """The documents whose label holds the word, an English word for it ("宪法": constitution), or, for a long
        word, a misspelling of it ("constitition", "Debain")."""
        documents = set(self._holding.get(word, ()))
        for english in GLOSSARY.get(word, "").lower().split():
            documents |= self._holding.get(english, set())
        if len(word) >= MISSPELT_LENGTH:
            for other, _, _ in process.extract(word, self._long_words, scorer=fuzz.ratio, score_cutoff=85, limit=None):
                documents |= self._holding[other]
        return documents


def named_documents(question: str, language: Language, names: DocumentNames) -> tuple[set[str], set[str]]:
    """The ids of the documents the question names (none when more than a few match: such a name tells nothing
    apart), and the words of the question that name them or another source (they say where to look, not what
    is asked)."""
    common = common_words()
    best: dict[str, float] = {}
    words: set[str] = set()
    # a name shares half its words with a document's label; a leading label ("maint-guide: …") of two or more
    # words all of them ("Shanghai: …" names a subject, not the white paper)
    for group, share, least in (("name", 0.5, 1), ("label", 1.0, 2)):
        for match in (m for pattern in _patterns(group, language) for m in pattern.finditer(question)):
            wanted = {t for t in tokenize(match.group(1)) if t not in common}
            if len(wanted) < least:
                continue
            holding = {word: names.holding(word) for word in wanted}
            held = Counter(document for found in holding.values() for document in found)
            # a number alone names no document: "in 2022" is a year, not the file "report-2022"
            lettered = {document for word, found in holding.items() if not word.isdigit() for document in found}
            # a word in the labels of more than a few documents ("金融" of a library of finance reports) tells none
            # of them apart: half of the other words must name the document too ("全球金融科技竞争格局里" names a
            # topic, not a document)
            telling = [word for word, found in holding.items() if len(found) <= MAX_NAMED]
            told = Counter(document for word in telling for document in holding[word])
            for document_id, count in held.items():
                overlap = count / len(wanted)
                apart = not telling or told[document_id] / len(telling) >= share
                if overlap >= share and document_id in lettered and apart:
                    best[document_id] = max(best.get(document_id, 0.0), overlap)
                    words |= set(tokenize(match.group(1)))
    # "what does the maint guide say about X", "according to the FAQ": these name where to look, found or not
    for pattern in _patterns("source", language):
        for match in pattern.finditer(question):
            words |= set(tokenize(match.group(1)))
    top = max(best.values(), default=0.0)
    named = {document_id for document_id, overlap in best.items() if overlap == top}
    return (named if len(named) <= MAX_NAMED else set()), words
