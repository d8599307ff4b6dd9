"""Cut documents into chunks of about ``chunk_chars`` that never cross a section (or PDF page)."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from assistant.retrieval.expansion import document_aliases
from assistant.retrieval.keywords import passage_terms
from assistant.retrieval.models import contextual_text
from index_tools.loaders import LoadedDocument

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SENTENCE = re.compile(r".+?(?:[.!?](?=\s|$)|[。！？；]|\n|$)\s*", re.DOTALL)


@dataclass(frozen=True)
class Chunk:
    """A passage, the text that is embedded for it, and the metadata stored with it in Chroma."""

    id: str
    text: str
    embed_text: str
    metadata: dict[str, Any]


def weighted_length(text: str) -> int:
    """Length in characters, a CJK character counting as two (it carries about a word)."""
    return len(text) + len(_CJK.findall(text))


def split_text(text: str, limit: int) -> list[str]:
    """Pack paragraphs (or, for long ones, sentences) into pieces of at most ``limit`` weighted characters."""
    units: list[str] = []
    for paragraph in text.split("\n\n"):
        if weighted_length(paragraph) <= limit:
            units.append(paragraph + "\n\n")
            continue
        for sentence in _SENTENCE.findall(paragraph + "\n\n"):
            units.extend(_hard_cut(sentence, limit))
    chunks: list[str] = []
    current = ""
    for unit in units:
        if current and weighted_length(current.strip()) + weighted_length(unit.strip()) > limit:
            chunks.append(current.strip())
            current = ""
        current += unit
    if current.strip():
        chunks.append(current.strip())
    return chunks


def _hard_cut(sentence: str, limit: int) -> list[str]:
    if weighted_length(sentence) <= limit:
        return [sentence]
    step = limit // 2 if _CJK.search(sentence) else limit
    return [sentence[i : i + step] for i in range(0, len(sentence), step)]


def document_metadata(doc: LoadedDocument) -> dict[str, Any]:
    """The metadata every chunk of ``doc`` carries (keys with no value are left out)."""
    meta: dict[str, Any] = {
        **doc.extra,
        "document_id": doc.document_id,
        "title": doc.title,
        "source": doc.source,
        "path": doc.key,
        "language": doc.language,
        "publisher": doc.publisher,
        "published": doc.published,
        "year": doc.year,
    }
    return {key: value for key, value in meta.items() if value is not None}


def chunk_document(doc: LoadedDocument, chunk_chars: int) -> list[Chunk]:
    """The chunks of ``doc``; an id is a hash of the file key, the embedded text and the metadata."""
    base = document_metadata(doc)
    seen: Counter[str] = Counter()
    chunks: list[Chunk] = []
    for section in doc.sections:
        for text in split_text(section.text, chunk_chars):
            meta = dict(base)
            if section.heading:
                meta["section"] = section.heading
            if section.page is not None:
                meta["page"] = section.page
            embed_text = contextual_text(text, doc.title, section.heading)
            aliases = document_aliases(embed_text, doc.language)
            if aliases:
                meta["aliases"] = aliases
                embed_text = f"{embed_text}\n{aliases}"
            meta["terms"] = " ".join(passage_terms(text, meta))
            identity = json.dumps([doc.key, embed_text, meta], sort_keys=True, ensure_ascii=False)
            occurrence = seen[identity]
            seen[identity] += 1
            digest = hashlib.sha256(f"{identity}#{occurrence}".encode()).hexdigest()[:32]
            chunks.append(Chunk(digest, text, embed_text, meta))
    return chunks
