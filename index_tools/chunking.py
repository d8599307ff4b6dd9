"""Cut documents into chunks of about ``chunk_chars`` that never cross a section (or PDF page); tables of
contents are left out."""

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
_LEADERS = re.compile(r"(?:\s?\.){5,}\s*\d*\s*$|…{2,}")
_CONTENTS_HEADING = re.compile(r"^\s*(?:table of contents|contents|目录|目次)\s*$", re.IGNORECASE)
# A sentence ends at an end mark, or at a line break before a list item; a hard-wrapped line (plain text, a PDF
# page) runs on, so that a chunk's edge never cuts a sentence in the middle.
_ITEM_START = r"\n(?=\s*(?:[•●▪◦‣*+\-–—]|\(?\d{1,3}(?:\.\d+)*[.)]|\(?[a-z][.)])\s)"  # a line break before a list item
_SENTENCE = re.compile(rf".+?(?:(?<![\n ]\d)(?<![\n ]\d\d)[.!?](?=\s|$)|[。！？；]|{_ITEM_START}|$)\s*", re.DOTALL)
_LINE = re.compile(r".*?(?:\n|$)", re.DOTALL)


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
            lines = _LINE.findall(sentence) if weighted_length(sentence) > limit else [sentence]
            for line in filter(None, lines):
                units.extend(_hard_cut(line, limit))
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


def is_contents(text: str) -> bool:
    """A table of contents: most lines end in dotted leaders (a PDF's), or a "Contents" heading over a list of
    numbered entries (an HTML chapter's). It only names sections, and attracts questions shaped like them."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return False
    long_lines = [line for line in lines if len(line.strip()) >= 32] or lines  # page headers aside
    if sum(bool(_LEADERS.search(line)) for line in long_lines) >= 0.5 * len(long_lines):
        return True
    if _CONTENTS_HEADING.match(lines[0]) and len(lines) > 2:
        numbered = sum(bool(re.match(r"^\s*\d+(?:\.\d+)*\.?\s+\S", line)) for line in lines[1:])
        return numbered >= 0.8 * (len(lines) - 1)
    return False


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
            if is_contents(text):
                continue
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
