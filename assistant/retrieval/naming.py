"""Which documents a question names ("according to the constitution", "FHS 里", "《Debian 简史》").

A document is known by its label: the words of its title, file name and id, its title's initials, and the
English words of the Chinese words in its title (``glossary.yaml``), so that "the new maintainers' guide"
names "Debian 新维护者手册" and "宪法" names "Constitution for the Debian Project". The patterns that capture
a name are data (``assistant/data/document_names.toml``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from assistant.retrieval.expansion import GLOSSARY
from assistant.retrieval.keywords import tokenize

DATA = Path(__file__).resolve().parent.parent / "data" / "document_names.toml"
Language = Literal["en", "zh"]


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


def alike(word: str, other: str) -> bool:
    """The same word, or a long word misspelt by a letter or two ("constitition", "Debain")."""
    if word == other:
        return True
    return min(len(word), len(other)) >= 6 and SequenceMatcher(None, word, other).ratio() >= 0.85


def _names_label(word: str, label: set[str]) -> bool:
    """The word of a question is a word of a document's label, or a Chinese word for one ("宪法": constitution)."""
    english = GLOSSARY.get(word, "").lower().split()
    return any(alike(word, part) or part in english for part in label)


def named_documents(question: str, language: Language, labels: Mapping[str, set[str]]) -> tuple[set[str], set[str]]:
    """The ids (keys of ``labels``) of the documents the question names, and the words of the question that
    name them or another source (they say where to look, not what is asked)."""
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
            for document_id, label in labels.items():
                overlap = sum(_names_label(word, label) for word in wanted) / len(wanted)
                if overlap >= share:
                    best[document_id] = max(best.get(document_id, 0.0), overlap)
                    words |= set(tokenize(match.group(1)))
    # "what does the maint guide say about X", "according to the FAQ": these name where to look, found or not
    for pattern in _patterns("source", language):
        for match in pattern.finditer(question):
            words |= set(tokenize(match.group(1)))
    if not best:
        return set(), words
    top = max(best.values())
    return {document_id for document_id, overlap in best.items() if overlap == top}, words
