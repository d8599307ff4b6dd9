"""Passages cut into whole sentences: a sentence introducing a list keeps the list, a hard-wrapped line is
joined, and headings, footnote marks, command listings and running headers are not quotable; a PDF's title
page is one block of lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from assistant.agent.extractive.common import _IS_CJK, _LIST_MARK, _TERMINAL, Language, _abbreviations, _config

_EN_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ZH_END = re.compile(r"[。！？][”’」』）)]*")
_LEADERS = re.compile(r"(?:\s?\.){5,}|…{2,}")  # a table of contents' dotted leaders
# "… the subdirectory[4] of", "[4] Historically, …": a document's footnote marks, not text to quote
# (and a PDF's superscript note numbers: "1⁶ …", or one glued to the word opening a line: "6Then, …")
_FOOTNOTE_MARK = re.compile(
    r"(?m)(?<=\S) ?\[\d{1,3}\](?=[\s.,;:)]|$)|^[ \t]*\[\d{1,3}\][ \t]*|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|^\d{1,2}(?=[A-Z][a-z]+\b)"
)
_COMMAND = re.compile(r"(?:^|\s)[$#] [a-z][\w.-]* |<<\s*['\"]?[A-Z]+\b")  # a shell prompt, a here-document


@dataclass
class _Unit:
    text: str  # what is quoted
    parts: list[str]  # what is scored (a list's intro with each item)
    hit: int  # index of its passage in the hits
    position: int  # order within the passage
    paragraph: int  # its paragraph within the passage


def _join(left: str, right: str) -> str:
    """Join two wrapped lines: no space between CJK or after a path's slash, a soft hyphen between lowercase
    letters removed (not the hyphen of a compound already hyphenated: "byte-for-" + "byte")."""
    if not left:
        return right
    if left.endswith("-") and len(left) > 1 and left[-2].islower() and right[:1].islower():
        compound = re.search(r"\w-\w+-$", left) is not None
        return left + right if compound else left[:-1] + right
    if _IS_CJK.search(left[-1:]) or _IS_CJK.search(right[:1]):
        return left + right
    if left.endswith("/") and right[:1].isalnum():  # a path wrapped after a slash: "/run/" + "crond.pid"
        return left + right
    return f"{left} {right}"


def _is_heading(line: str, following: str) -> bool:
    """A short line without end punctuation followed by a capitalised line: a heading or page header."""
    if len(line) >= 60 or re.search(r"[.!?:;,。！？：；，、(\-]$", line):
        return False
    if not following or following[:1].isupper() or following[:1].isdigit() or bool(_IS_CJK.match(following)):
        return True
    # a short capitalised label before a line opening with a path or symbol ("Purpose" then "/opt is ...")
    return bool(re.match(r"[A-Z0-9]", line)) and len(line.split()) <= 3 and not following[:1].isalpha()


def _blocks(text: str) -> list[tuple[str, str]]:
    """Paragraphs, list items and headings of a passage, wrapped lines joined: (kind, text)."""
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.replace("\r", "").split("\n")]
    blocks: list[tuple[str, str]] = []
    current_kind, current = "", ""
    for i, line in enumerate(lines):
        following = next((ln for ln in lines[i + 1 :] if ln), "")
        if not line:
            if current:
                blocks.append((current_kind, current))
            current_kind, current = "", ""
            continue
        if _LIST_MARK.match(line):
            if current:
                blocks.append((current_kind, current))
            current_kind, current = "item", line
            continue
        if _is_heading(line, following) and (not current or _TERMINAL.search(current) or current.endswith(":")):
            if current:
                blocks.append((current_kind, current))
            blocks.append(("heading", line))
            current_kind, current = "", ""
            continue
        starts_anew = line[:1].isupper() or line[:1].isdigit() or bool(_IS_CJK.match(line))
        if current_kind == "item" and _TERMINAL.search(current) and starts_anew:
            blocks.append((current_kind, current))  # a finished list item, then a new paragraph
            current_kind, current = "", ""
        current_kind = current_kind or "para"
        current = _join(current, line)
    if current:
        blocks.append((current_kind, current))
    return blocks


def _sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences; abbreviations, initials and decimals do not end one."""
    pieces: list[str] = []
    start = 0
    for match in _ZH_END.finditer(paragraph):
        pieces.append(paragraph[start : match.end()])
        start = match.end()
    pieces.append(paragraph[start:])
    sentences: list[str] = []
    for piece in pieces:
        start = 0
        for match in _EN_END.finditer(piece):
            before = piece[start : match.start()].rsplit(" ", 1)[-1].lower().rstrip(".")
            if before in _abbreviations() or re.fullmatch(r"[a-z]", before):
                continue
            sentences.append(piece[start : match.end()].strip())
            start = match.end()
        sentences.append(piece[start:].strip())
    return [s for s in sentences if s]


class Sentence(NamedTuple):
    """A quotable unit of a passage: a sentence, or a sentence with its list, or one list item."""

    text: str  # what is quoted
    parts: list[str]  # what is scored (a list's intro with each item)
    complete: bool  # not cut by the passage's edge
    paragraph: int  # the paragraph (or list item) it belongs to, counted within the passage


def sentence_units(text: str, front_matter: bool = False) -> list[Sentence]:
    """The quotable units of a passage.

    On a document's front matter (its first pages' title, authors, version and dates, lines that are not
    sentences) each run of two or more such lines is one unit, quoted line by line.

    Footnote marks ("[4]") are left out: they are references of the document, not its text, and would read as
    this answer's citation marks. A sentence that introduces a list (it ends with a colon) keeps the whole list. A
    unit is incomplete when
    it is cut by the passage's edge: the first one starting in lower case or with a comma, the last one without
    an end mark, or introducing a list that the passage cuts off.
    """
    units: list[Sentence] = []
    blocks = _blocks(_FOOTNOTE_MARK.sub("", text))
    i = 0
    while i < len(blocks):
        kind, body = blocks[i]
        paragraph = i
        i += 1
        if kind == "heading":
            lines = [body]
            while front_matter and i < len(blocks) and blocks[i][0] == "heading":
                lines.append(blocks[i][1])
                i += 1
            if len(lines) > 1:
                units.append(Sentence("\n".join(lines), [" ".join(lines)], True, paragraph))
            continue
        if kind == "item":
            units.append(Sentence(body, [body], True, paragraph))
            continue
        sentences = _sentences(body)
        for j, sentence in enumerate(sentences):
            if (
                j == len(sentences) - 1
                and re.search(r"[:：]$", sentence)
                and i < len(blocks)
                and blocks[i][0] == "item"
            ):
                items = []
                while i < len(blocks) and blocks[i][0] == "item":
                    items.append(blocks[i][1])
                    i += 1
                text_with_list = sentence + "\n" + "\n".join(items)
                units.append(Sentence(text_with_list, [f"{sentence} {item}" for item in items], True, paragraph))
            else:
                units.append(Sentence(sentence, [sentence], True, paragraph))
    if units:
        first = units[0]
        if first.text[:1].islower() or first.text[:1] in ",;)，、；）":
            units[0] = first._replace(complete=False)
        last = units[-1]
        if "\n" not in last.text and re.search(r"[:：]$", last.text):
            units[-1] = last._replace(complete=False)  # it introduces a list the passage cuts off
        elif "\n" not in last.text and not _TERMINAL.search(last.text):
            units[-1] = last._replace(complete=last.complete and len(units) > 1 and _is_paragraph_end(text))
    return units


def _front_matter(hit: dict[str, Any]) -> bool:
    """A passage of a PDF's first pages: its title page and the page after it (authors, version, dates)."""
    page = hit.get("page")
    return isinstance(page, int) and page <= int(_config()["scoring"]["front_matter_pages"])


def _readable(text: str) -> bool:
    """Prose that states something: not a question (a FAQ's heading), a contents line, a run of symbols, a
    command listing ("$ cat >>~/.bashrc <<EOF") or a running header ("The Debian GNU/Linux FAQ Chapter 2.")."""
    if len(text) < 12 or _LEADERS.search(text) or re.search(r"[?？][\"”’')\]]*$", text) or _COMMAND.search(text):
        return False
    words = text.rstrip(".").split()
    header = 2 <= len(words) <= 8 and "\n" not in text and not _IS_CJK.search(text)
    if header and (all(word[:1].isupper() or word[:1].isdigit() for word in words) or not _TERMINAL.search(text)):
        return False  # a running header, or a short line without an end mark (a heading, a link)
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 0.5 * len(text.replace(" ", ""))


def _is_paragraph_end(text: str) -> bool:
    """A passage from a formatted document (paragraphs separated by blank lines) ends where a paragraph does."""
    return "\n\n" in text.strip() or "\n" not in text.strip()


def _language_of(text: str) -> Language:
    """Chinese when CJK characters make up a fair share of the text (an English sentence may quote a name)."""
    cjk = len(_IS_CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk * 3 >= latin else "en"
