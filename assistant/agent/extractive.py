"""Answer a question from the sentences of retrieved passages, for any document, bundled or added.

A pure function of the question, the search hits and an embedder: the passages are cut into whole sentences
(a sentence introducing a list keeps its whole list), each is scored against the question (embedder
similarity of the sentence under its section heading, the question's keywords weighted by how rare they are
among the sentences, the names and numbers it mentions, cue words of its kind; a word of the question in a
passage's title or section counts for each of its sentences). The sentence that says what the kind asks for
(a figure, a date, a name, a cause, a definition) is preferred to one that only names the subject, and is
quoted with its neighbour when that one continues it. The answer's lead states what the quoted sentence says
(or the figure, date or name asked for) in the question's language. Below a calibrated threshold the answer
is an honest refusal that quotes nothing. Cue words, patterns and templates are data
(``data/extractive.toml``).
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import numpy as np

from assistant.agent.reading.unknown import known_words
from assistant.agent.tools import citation_key
from assistant.retrieval.aliases import mentions
from assistant.retrieval.expansion import GLOSSARY
from assistant.retrieval.keywords import chinese_number, respelled, tokenize
from assistant.retrieval.naming import DocumentNames, common_words, named_documents

Language = Literal["en", "zh"]
Embed = Callable[[list[str]], np.ndarray]

DATA = Path(__file__).resolve().parent / "data" / "extractive.toml"
KINDS = ("why", "when", "who", "number", "what_says", "where", "define")  # the first kind whose pattern matches
SPANNED = ("number", "when", "who", "where")  # kinds asking for a figure, a date, a name or a place

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_IS_CJK = re.compile(f"[{_CJK}]")
_BULLET = re.compile(r"^\s*(?:[•●▪◦‣\-–—*+]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_EN_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ZH_END = re.compile(r"[。！？][”’」』）)]*")
_TERMINAL = re.compile(r"[.!?。！？][\"”’')\]」』）]*$")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?:%|st|nd|rd|th)?(?![\w]|[.,:]\d)")  # not "0" of "0.93R6"
# a Chinese numeral counting something ("两个字符", "三位"): not 一 alone ("一个" is mostly "a"), nor an ordinal (第三)
_CHINESE_FIGURE = re.compile(
    r"(?<![一二两三四五六七八九十百千万第])(?:[二两三四五六七八九]|[一二三四五六七八九]?十[一二三四五六七八九]?)"
    r"[个位名年月天项条种次倍章届人]"
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(
    rf"(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\s+\d{{4}}|"
    rf"(?:{_MONTHS})\s+\d{{4}}|\d{{4}}\s*年(?:\s*\d{{1,2}}\s*月)?(?:\s*\d{{1,2}}\s*日)?|"
    rf"\b(?:1[89]|20)\d\d-[01]\d(?:-[0-3]\d)?\b|\b(?:1[89]|20)\d\d(?:\s*[-–]\s*(?:1[89]|20)\d\d)?\b)"
)
_DAYS = re.compile(  # a day before a month ("23 to 31 August", "the 5th to the 9th of July")
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s*(?:(?:to|-|–|and)\s*(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s*)?(?:of\s+)?(?:{_MONTHS})\b"
)
_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:[- ](?:[A-Z][a-z]+(?:[A-Z][a-z]+)*|[A-Z]\.|von|van|de|der))*"
    r"(?: [A-Z][a-z]+(?:[A-Z][a-z]+)*)+\b"
)  # capitalised words (one in CamelCase, "FinTech", is one word)
_SPECIAL_TOKEN = re.compile(r"(?:/[\w.-]+)+|\b[\w]+(?:-[\w]+)+\b|\b\w*\d\w*\b")
_LEADERS = re.compile(r"(?:\s?\.){5,}|…{2,}")  # a table of contents' dotted leaders
_LIST_MARK = re.compile(r"^\s*(?:[•●▪◦‣\-–—*+]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_VERSION_BEFORE = re.compile(r"(?:\b[A-Z][\w+-]*|\bkernel|\bversion|\brelease|\bv)\s*$")  # "Debian 2.0", "GFCI 38"
# the name a version number belongs to ("Debian 4.0", "FHS 3.0"), past a word like "version"
_VERSION_OF = re.compile(r"\b(?!(?i:version|release)\b)([A-Z][\w+-]*)[ \t]*(?:(?i:version|release|v)[ \t]*)?$")
# where something is: a path ("/run", "pool/main/libp/"), a host ("security.debian.org"), a place's name
_PLACE = re.compile(
    r"(?<![\w/])(?:/[\w.<>-]+(?:/[\w.<>-]+)*/?|[\w-]+(?:/[\w.<>-]+){2,}/?|[\w-]+(?:\.[\w-]+)+\.(?:org|com|net|edu|gov)\b)"
)
_PLACE_NAME = re.compile(r"(?<=[a-z,;:] )(?!(?:The|This|That|In|On|At)\b)[A-Z][a-z]+(?: [A-Z][a-z]+)*")
# what a figure counts, written after it: "2 weeks", "$1.9 billion", "450 libraries" is not taken (too open)
_UNIT = re.compile(
    r" ?(?:million|billion|thousand|years?|months?|weeks?|days?|hours?|minutes?|seconds?|bytes?|characters?|percent)\b"
)
_VERSION_AFTER = re.compile(r"\s*(?:release|version|edition|kernel)\b", re.IGNORECASE)
_SECTION_REFERENCE = re.compile(r"§\s*[A-Z]?[\d.]+(?:\(\d+\))*")
# "… the subdirectory[4] of", "[4] Historically, …": a document's footnote marks, not text to quote
# (and a PDF's superscript note numbers: "1⁶ …", or one glued to the word opening a line: "6Then, …")
_FOOTNOTE_MARK = re.compile(
    r"(?m)(?<=\S) ?\[\d{1,3}\](?=[\s.,;:)]|$)|^[ \t]*\[\d{1,3}\][ \t]*|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|^\d{1,2}(?=[A-Z][a-z]+\b)"
)
_COMMAND = re.compile(r"(?:^|\s)[$#] [a-z][\w.-]* |<<\s*['\"]?[A-Z]+\b")  # a shell prompt, a here-document
_SQUEEZE = re.compile(r"[\s\-_.]+")  # what a name may be written with or without ("systemd-boot", "DebConf 22")
_QUOTED = re.compile(r"[\"“‘'「『《]([^\"”’'」』》]{2,60})[\"”’'」』》]")


@dataclass(frozen=True)
class Quote:
    """A whole sentence (or sentences, or a sentence with its list) quoted from one passage."""

    key: str  # the passage key the answer cites it by: [key]
    text: str
    document_id: str
    title: str
    page: int | None
    section: str | None
    language: str


@dataclass(frozen=True)
class Extract:
    """The extractive answer: a lead sentence in the question's language, then the quotes it rests on."""

    answered: bool
    lead: str
    quotes: list[Quote] = field(default_factory=list)
    score: float = 0.0
    kind: str = "fact"
    language: Language = "en"
    related: bool = False  # a refusal over passages about what is asked: "the documents don't say", not "off-topic"

    def text(self) -> str:
        """The answer as text: the lead, then each quote with its [key] marker."""
        if not self.answered:
            return self.lead
        return f"{self.lead}\n\n{self.quotes_text()}"

    def quotes_text(self) -> str:
        """The quotes alone, each with its [key] marker (another lead answers the question)."""
        return "\n\n".join(f"“{quote.text}” [{quote.key}]" for quote in self.quotes)


@dataclass
class _Unit:
    text: str  # what is quoted
    parts: list[str]  # what is scored (a list's intro with each item)
    hit: int  # index of its passage in the hits
    position: int  # order within the passage
    paragraph: int  # its paragraph within the passage


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(_config()["sentences"]["abbreviations"])


def _patterns(group: str, name: str, language: Language) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in _config()[group][name][language]]


# -- sentences -------------------------------------------------------------------------------------------------


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
        if _BULLET.match(line):
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


# -- the question ----------------------------------------------------------------------------------------------


def _asked(question: str) -> str:
    """The question without a closing remark in brackets ("what's an ESP? (the EFI thing)")."""
    return re.sub(r"\s*[(（][^()（）]*[)）][\s.。]*$", "", question) or question


def question_kind(question: str, language: Language) -> str:
    """One of :data:`KINDS`, or 'fact'."""
    question = _asked(question)
    for kind in KINDS:
        if any(p.search(question) for p in _patterns("kinds", kind, language)):
            return kind
    return "fact"


@lru_cache(maxsize=1)
def _ordinal_words() -> re.Pattern[str]:
    words = _config()["numbers"]["ordinals"]
    return re.compile(r"\b(" + "|".join(words) + r")\b|第([一二两三四五六七八九十]+)", re.IGNORECASE)


def _ordinal_value(match: re.Match[str]) -> str:
    if match.group(1):
        return f" {_config()['numbers']['ordinals'].index(match.group(1).lower()) + 1} "
    value = chinese_number(match.group(2))
    return match.group(0) if value is None else f"第{value}"


def _numbers(text: str) -> list[str]:
    """The numbers of ``text`` as written without separators (ordinal endings dropped), list marks left out;
    ordinal words count as their number ("fourth", "第四": 4)."""
    text = _ordinal_words().sub(_ordinal_value, _LIST_MARK.sub("", text))
    return [re.sub(r"(st|nd|rd|th)$", "", m.group(0)).replace(",", "") for m in _NUMBER.finditer(text)]


def _figures(text: str) -> list[tuple[int, str]]:
    """(offset, figure) of the amounts in ``text``: no ordinals (dates), years, list marks or § references."""
    text = _SECTION_REFERENCE.sub(lambda m: " " * len(m.group(0)), text)
    text = _DAYS.sub(lambda m: " " * len(m.group(0)), text)  # "23 to 31 August 2014" is a date, not an amount
    text = _DATE.sub(lambda m: " " * len(m.group(0)), text)
    text = re.sub(r"(?m)^\s*\(?\d{1,2}[.)]\s", lambda m: " " * len(m.group(0)), text)  # each item's "2."
    written = [(m.start(), m.group(0)) for m in _CHINESE_FIGURE.finditer(text)]
    return sorted(
        written
        + [
            (m.start(), m.group(0))
            for m in _NUMBER.finditer(text)
            if not _named_version(text[: m.start()])  # "Debian 2.0", "GFCI 38": names, not amounts
            and not _VERSION_AFTER.match(text[m.end() :])  # "the 2.0 release"
            and not re.search(r"(st|nd|rd|th)$", m.group(0))
            and not _YEAR.fullmatch(m.group(0))
        ]
    )


def _version_names(text: str, asked: bool = False) -> dict[str, str]:
    """The versions in ``text`` and the names they belong to: {"4.0": "debian"} for "Debian 4.0 (etch)". A question
    (``asked``) may put "version" between ("FHS version 3.0"); a sentence's name is just before its version
    ("Standard Version 3.0" names none)."""
    found = {}
    for match in _NUMBER.finditer(text):
        owner = _VERSION_OF.search(text[max(0, match.start() - 40) : match.start()])
        if owner and (asked or owner.group(0).strip() == owner.group(1)):
            found[match.group(0)] = owner.group(1).casefold()
    return found


def _other_versions(asked: dict[str, str], sentence: str) -> set[str]:
    """Versions the question asks of one name that ``sentence`` gives of another ("FHS 4.0": "Debian 4.0")."""
    given = _version_names(sentence)
    return {number for number, name in asked.items() if given.get(number, name) != name}


def _named_version(before: str) -> bool:
    """Whether the figure after ``before`` is a version of a name ("Debian 2.0"), not an amount ("About 71%")."""
    owner = _VERSION_BEFORE.search(before)
    return owner is not None and owner.group(0).strip() not in _config()["numbers"]["approximations"]


def _names(question: str) -> list[str]:
    """Names, quoted strings, paths and identifiers the question mentions (not its first word)."""
    found = [m.group(1) for m in _QUOTED.finditer(question)]
    found += [m.group(0) for m in _NAME.finditer(question) if m.start() > 0 or " " in m.group(0)]
    found += [m.group(0) for m in re.finditer(r"(?<!^)\b[A-Z][\w/.-]*[A-Za-z0-9]\b", question)]
    found += [m.group(0) for m in _SPECIAL_TOKEN.finditer(question) if not m.group(0).isdigit()]
    if _IS_CJK.search(question):  # in a Chinese question, a word in Latin script names something ("sarge")
        found += re.findall(r"[A-Za-z][\w/.-]*[A-Za-z0-9]", question)
    common = common_words()
    return list(dict.fromkeys(n for n in found if n.lower() not in common and len(n) > 1))


def _subject_names(question: str, naming: set[str]) -> list[str]:
    """The names the question asks about, as the passages would write them: not a name of the document, a short
    acronym (often written out), a name in Chinese (the passages may be English), a long quoted phrase, a figure
    or a description ("non-wheel"); without the words opening the question ("Which Toy Story")."""
    sentences = _config()["sentences"]
    skipped = set(sentences["question_openers"]) | {w.capitalize() for w in common_words()}
    found = []
    for name in _names(question):
        parts = name.split()
        while parts and parts[0] in skipped:  # "Which Toy Story", "Debian Technical Committee"
            parts = parts[1:]
        name = " ".join(parts)
        if not name or _IS_CJK.search(name) or len(parts) > 3 or re.search(r"[,']|^s ", name):
            continue
        if not re.search(r"[A-Za-z]{2}", name) or re.fullmatch(r"\d+(?:st|nd|rd|th|s)", name):
            continue  # a figure ("2022-24", "4th", "1990s") is weighed by the scores: "fourth" may write it
        pieces = name.lower().split("-")
        if len(pieces) > 1 and (
            pieces[0] in sentences["describing_prefixes"] or pieces[-1] in sentences["describing_suffixes"]
        ):
            continue
        if re.fullmatch(r"[A-Z]{2,4}s?", name) or set(tokenize(name)) <= naming | common_words():
            continue
        found.append(name)
    return found


def _passage_text(hit: dict[str, Any]) -> str:
    """A passage with its title and section, lower case, without the spaces, hyphens and dots a name may have."""
    return _SQUEEZE.sub("", f"{hit.get('title', '')} {hit.get('section') or ''} {hit.get('text', '')}".lower())


def _missing_name(question: str, naming: set[str], top: Sequence[dict[str, Any]]) -> str | None:
    """A name the question asks about ("DebConf22", "systemd-boot", "/snap") that none of the passages, their
    titles or sections mention, even misspelt: they cannot be about it."""
    squeezed = "".join(_passage_text(hit) for hit in top)
    words = sorted({w for hit in top for w in re.findall(r"[a-z][a-z0-9]+", str(hit.get("text", "")).lower())})
    for name in _subject_names(question, naming):
        if _SQUEEZE.sub("", name.lower()) in squeezed:
            continue
        spelled = [word.lower() for word in name.split()]
        if all(w.isalpha() and (w in words or respelled(w, words) != w) for w in spelled):
            continue  # "Debain", "San Fransisco": misspellings of words they hold
        return name
    return None


def _named_documents(question: str, language: Language, hits: Sequence[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """The ids of the hits' documents that the question names, and the words of the question that name them."""
    return named_documents(question, language, DocumentNames.of(hits))


def _stem(token: str) -> str:
    """A crude English stem, so that "comes" meets "come", "files" meets "file" and "wrote" meets "written"."""
    token = _config()["sentences"]["irregular"].get(token, token)
    if not token.isascii() or len(token) <= 3 or not token.isalpha():
        return token
    for ending in ("ing", "ed"):
        if token.endswith(ending) and len(token) - len(ending) >= 4:
            return token[: -len(ending)]
    if re.search(r"(?:s|x|z|ch|sh)es$", token):
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def _capture(patterns: list[str], question: str) -> str | None:
    for pattern in patterns:
        match = re.search(pattern, question, re.IGNORECASE)
        if match and match.group(1).strip(" ?？"):
            return match.group(1).strip(" ?？")
    return None


def _term(question: str, language: Language) -> str | None:
    question = _asked(question)
    if language == "zh":
        return _capture(
            [
                r"(?:什么是|(?:啥|什么)叫做?)(.+?)[？?（(]",
                r"(?:什么是|(?:啥|什么)叫做?)(.+)$",
                r"^(.+?)(?:是啥|有什么用|的(?:作用|用途)是什么)",  # "/srv 有什么用"
                r"^(.+?)是什么",
                r"^(.+?)是(?:放|存放|装|做|干|用来\S{0,2})什么的",  # "/var/spool 是放什么的"
                r"^(.+?)是?(?:干|做)(?:什么|啥)用的",  # "cron 是干什么用的"
            ],
            question,
        )
    return _capture(
        [
            r"\bwhat(?: is| are|'s|’s|s) (.+?)[?]*$",  # (and "whats")
            r"\bdefine (.+?)[?]*$",
            r"\bwhat does (.+?) mean",
            r"meaning of (.+?)[?]*$",
        ],
        question,
    )


def term_asked(question: str, language: Language) -> str | None:
    """The term a definition question asks about, as the lead names it ("the Hurd", "双循环飞轮"), if it names one."""
    return _shown_term(question, language)


def _shown_term(question: str, language: Language) -> str | None:
    """The term as the lead names it: without stressing words ("到底", "exactly") or the document it is in
    ("FHS 里说的 …")."""
    term = _term(question, language)
    if not term:
        return None
    for filler in _config()["sentences"]["fillers"]:
        term = term.replace(filler, " ")
    term = re.sub(r"^.{1,20}?(?:里|中)(?:说|提到)?的\s*(?=\S)", "", term.strip()) if language == "zh" else term
    return re.sub(r"\s+", " ", term).strip() or None


def _topic(question: str, language: Language) -> str | None:
    if language == "zh":
        patterns = [r"关于(.+?)[，,？?]", r"对(.+?)是?(?:怎么|如何|有什么|有何)", r"(?:说|提到了?)(?!的)(.{2,}?)[？?]"]
        return _capture([*patterns, r"^(.+?)(?:说了什么|怎么说)"], question)
    return _capture([r"\babout (.+?)[?]*$", r"\bon (.+?)[?]*$", r"\bsay (.+?)[?]*$"], question)


# -- scoring ---------------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return text.replace(",", "").replace("，", "").lower()


def _answer_span(kind: str, sentence: str, question: str, keywords: set[str]) -> str | None:
    """The figure, date or name a number, when or who question asks for, when the sentence holds one."""
    asked = set(_numbers(question))
    if kind == "number":
        candidates = [(at, n) for at, n in _figures(sentence) if n.replace(",", "") not in asked]
        if not candidates:
            return None
        words = [(m.start(), m.group(0).lower()) for m in re.finditer(r"\w+", sentence)]
        anchors = [at for at, word in words if _stem(word) in keywords]

        if not anchors:  # no word of the question here (it is in another language): the last figure
            return _with_unit(sentence, *candidates[-1])

        def distance(candidate: tuple[int, str]) -> float:
            return min(abs(candidate[0] - at) for at in anchors)

        return _with_unit(sentence, *min(candidates, key=distance))
    if kind == "when":  # the date after and nearest a name (else a word) of the question ("…, China in 2026-2028")
        dates = [(m.start(), m.group(0)) for m in _DATE.finditer(sentence) if m.group(0) not in question]
        if not dates:
            return None
        lowered = sentence.lower()
        anchors = [m.start() for name in _names(question) for m in re.finditer(re.escape(name.lower()), lowered)]
        anchors = anchors or [m.start() for m in re.finditer(r"\w+", sentence) if _stem(m.group(0).lower()) in keywords]

        def place(date: tuple[int, str]) -> tuple[int, int, int]:  # after an anchor first, then the nearest
            after, before = [date[0] - at for at in anchors if at <= date[0]], [at - date[0] for at in anchors]
            return (0, min(after), -len(date[1])) if after else (1, min(before, default=0), -len(date[1]))

        return min(dates, key=place)[1]
    if kind == "who":  # a name the question does not give (nor its Chinese words: "技术委员会", Technical Committee)
        given = {_stem(t) for t in tokenize(question)} | {g for t in tokenize(question) for g in _glosses(t)}
        names = [n for n in _proper_names(sentence) if not any(_stem(w.lower()) in given for w in n.split())]
        # else, for who ranks or leads, a one-word name inside the sentence ("… ranking, Stockholm is first")
        ranking = re.search(r"\b(?:ranks?|ranked|leads?|led|tops?|topped|first|wins?|won)\b", question, re.I)
        single = [
            m.group(0)
            for m in re.finditer(r"(?<=[a-z,;] )[A-Z][a-z]{2,}\b", sentence if ranking else "")
            if _stem(m.group(0).lower()) not in given
            and m.group(0).lower() not in common_words()
            and m.group(0) not in _config()["sentences"]["not_names"]  # "On March 3rd"
        ]
        return (names or single or [None])[0]
    if kind == "where":  # a path, a host, else a place's name, that the question does not give
        asked = question.lower()
        paths = [m.group(0).rstrip(".") for m in _PLACE.finditer(sentence)]
        paths = [path for path in paths if path.lower().strip("/") not in asked]
        places = [m.group(0) for m in _PLACE_NAME.finditer(sentence) if m.group(0).lower() not in asked]
        return (paths or places or [None])[0]
    return None


def _with_unit(sentence: str, at: int, figure: str) -> str:
    """A figure with its currency sign and its scale or unit word, as the sentence writes them ("$1.9 billion")."""
    sign = sentence[at - 1] if at and sentence[at - 1] in "$€£¥" else ""
    unit = _UNIT.match(sentence, at + len(figure))
    return sign + figure + (unit.group(0) if unit else "")


def _answers(kind: str, sentence: str, question: str, keywords: set[str], term: str) -> bool:
    """The sentence says what the question's kind asks for: the figure, date or name, a cause, a definition.
    Other kinds have nothing to look for: any sentence may answer them."""
    if kind in SPANNED:
        return _answer_span(kind, sentence, question, keywords) is not None and _unit_held(question, sentence)
    if kind == "why":
        return _has_cue("why", sentence, _language_of(sentence))
    if kind == "define":
        return _defines(term, sentence) or not term
    return True


def _shape(kind: str, sentence: str, question: str) -> bool:
    """The sentence holds the kind of thing the question asks for."""
    asked = set(_numbers(question))
    if kind == "number" and not _unit_held(question, sentence):
        return False  # "how much money", "what share": no figure without a currency or a percentage answers it
    if kind == "number":
        return any(n.replace(",", "") not in asked for _, n in _figures(sentence)) or bool(
            re.search(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twice|half)\b", sentence)
        )
    if kind == "when":
        return bool(_DATE.search(sentence))
    if kind == "who":  # a name, or whoever does it ("used by system integrators", "由安全团队负责")
        return bool(_answer_span(kind, sentence, question, set()) or re.search(r"\bby\b|由", sentence))
    if kind == "where":  # a path, a host or a place's name, or in Chinese where it is ("位于", "放在")
        spanned = _answer_span(kind, sentence, question, set()) is not None
        placed = _IS_CJK.search(sentence) and re.search(r"位于|放在|存放|在\S{1,12}(?:中|里|下|上)", sentence)
        return spanned or bool(placed)
    return False


def _counted_unit(question: str) -> re.Pattern[str] | None:
    """For "how many days …" / "多少天", a pattern of a figure in that unit ("10 days", "2, 5 or 10 days", "3 天")."""
    found = re.search(r"\bhow many ([a-z]{3,})", question, re.IGNORECASE) or re.search(
        rf"(?:多少|几)\s*([{_CJK}])", question
    )
    if not found or found.group(1) in _config()["numbers"]["uncounted"]:
        return None
    unit = found.group(1).lower()
    unit = _stem(unit) if unit.isascii() else unit
    return re.compile(rf"\d(?:[\d.,]*)\s*{re.escape(unit)}", re.IGNORECASE)


def _unit_held(question: str, sentence: str) -> bool:
    """Whether the sentence writes a figure the way the question asks for one: with a currency when it asks an
    amount of money, as a percentage or ratio when it asks a share."""
    for unit in ("money", "share"):
        if any(p.search(question) for p in _patterns("kinds", unit, _language_of(question))):
            return any(re.search(p, sentence, re.IGNORECASE) for p in _config()["cues"][unit])
    return True


def _proper_names(sentence: str) -> list[str]:
    """The names in the sentence: capitalised words, not a sentence's opening word or a month ("On March")."""
    not_names = set(_config()["sentences"]["not_names"])
    return [m.group(0) for m in _NAME.finditer(sentence) if not set(m.group(0).split()) & not_names]


def _has_cue(kind: str, sentence: str, language: Language) -> bool:
    if kind not in ("why", "define"):
        return False
    cues = _config()["cues"][kind][_language_of(sentence)]
    padded = f" {sentence.lower()} "
    return any(cue in padded for cue in cues)


def _cosines(embed: Embed, question: str, texts: list[str]) -> np.ndarray:
    vectors = np.asarray(embed([question, *texts]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.maximum(norms, 1e-9)
    return vectors[1:] @ vectors[0]


def _label(hit: dict[str, Any]) -> str:
    """The words that name a passage without being in its sentences: its document's title and its section."""
    return f"{hit.get('title') or ''} {hit.get('section') or ''}"


FEATURES = (  # what a sentence's score weighs, each by its weight in the data file's [weights]
    "dense",  # embedder similarity of the sentence (under its section heading) to the question
    "keywords",  # share of the question's weighted keywords it holds
    "numbers_held",  # numbers of the question it holds (those in the sentences just before count less)
    "numbers_missing",  # numbers of the question it lacks
    "names_held",  # names of the question it holds (those in the sentences just before count less)
    "term_start",  # a "define" question: it opens with the term asked about
    "cause_cue",  # a "why" question: it has a cause's cue words
    "definition_cue",  # a "define" question: it has a definition's cue words
    "answer_shape",  # a "how many", "when" or "who" question: it holds a figure, a date or a name
    "counted_unit",  # a "how many days" question: it holds a figure of days ("2, 5 or 10 days")
    "rank_prior",  # its passage's place in the search results (first: 1, last: near 0)
    "named_document",  # its passage is from the document the question names
    "same_language",  # it is in the question's language
)


def _score(
    question: str,
    language: Language,
    kind: str,
    units: list[_Unit],
    top: list[dict[str, Any]],
    named: set[str],
    naming: set[str],
    embed: Embed,
) -> tuple[list[float], list[str]]:
    """Each unit's score against the question (its :data:`FEATURES` times their weights in the data file's
    [weights]), and the question's (stemmed) keywords.

    A keyword or number of the question that the passage's title or section holds counts (at the ``label``
    weight) for every sentence of it: "the 2024 index" is what all of that report's sentences are about.
    """
    weights = _config()["scoring"]
    labelled_parts = [  # a sentence is read under its section's heading ("There is a quorum of two.")
        f"{top[unit.hit]['section']}: {part}" if top[unit.hit].get("section") else part
        for unit in units
        for part in unit.parts
    ]
    similarity = _cosines(embed, question, labelled_parts)
    asking = set(_config()["sentences"]["question_words"]) | set(_config()["sentences"]["asker_words"]) | naming
    part_terms = [[{_stem(t) for t in tokenize(part)} for part in unit.parts] for unit in units]
    label_terms = [{_stem(t) for t in tokenize(_label(hit))} for hit in top]
    vocabulary = sorted(set().union(*label_terms, *(terms for parts in part_terms for terms in parts)))
    keywords = [respelled(_stem(t), vocabulary) for t in tokenize(question) if t not in asking]
    label_numbers = [set(_numbers(_label(hit))) for hit in top]
    unit_terms = [set().union(*parts) for parts in part_terms]
    frequency = {t: sum(t in terms for terms in unit_terms) for t in set(keywords)}
    weight = {t: math.log((len(units) + 1) / (frequency[t] + 1)) + weights["idf_base"] for t in frequency}
    total = sum(weight[t] for t in set(keywords)) or 1.0
    # A sentence in Latin script can hold only the question's words in Latin script ("sarge" of "potato 哪年发布"):
    # it is scored on those when one of them tells sentences apart ("Debian", in nearly every sentence or a common
    # word, does not) and no sentence in the question's language holds it, nor does the question name a city, index
    # or metric of the bundled reports ("KPMG"), which are published in both languages: they answer in the question's.
    latin = sum(weight[t] for t in set(keywords) if not _IS_CJK.search(t))
    common = common_words()
    telling = {  # (a number, or a word as short as "AI", is written the same in Chinese sentences)
        t
        for t in frequency
        if t.isascii() and re.search("[a-z]", t) and len(t) > 2 and t not in common and frequency[t] <= len(units) / 2
    }
    held_here = any(
        telling & terms for unit, terms in zip(units, unit_terms, strict=True) if _language_of(unit.text) == language
    )
    cross = weights["cross_language_share"]
    bundled = bool(mentions(question))
    latin_total = (latin + cross * (total - latin)) if telling and latin and not (held_here or bundled) else total
    glosses = {t: _glosses(t) for t in frequency}  # a Chinese word meets its English words ("委员会": "committee")
    numbers = set(_numbers(question))
    version_names = _version_names(question, asked=True)
    names = [n for n in _names(question) if not set(tokenize(n)) <= naming]  # not the document's name

    term = _defined_term(question, language, naming)
    unit_figure = _counted_unit(question) if kind == "number" else None
    rows = []
    cursor = 0
    for index, unit in enumerate(units):
        before = [u.text for u in units[max(0, index - 3) : index] if u.hit == unit.hit]
        context = _normalise(" ".join(before))
        context_numbers = set(_numbers(" ".join(before)))
        dense = float(max(similarity[cursor : cursor + len(unit.parts)]))
        cursor += len(unit.parts)
        plain = _normalise(unit.text)
        labelled = label_terms[unit.hit]
        english = _language_of(unit.text) == "en" and latin_total != total
        counted = {t for t in keywords if not (english and _IS_CJK.search(t))}
        held_keywords = max(
            sum(
                weight[t] * (1.0 if t in terms or glosses[t] & terms else weights["label"] if t in labelled else 0.0)
                for t in counted
            )
            for terms in part_terms[index]
        )
        held = {n for n in numbers if n in set(_numbers(unit.text))} - _other_versions(version_names, unit.text)
        nearby = (numbers - held) & (context_numbers | label_numbers[unit.hit])
        names_held = sum(
            1.0 if name.lower() in plain else weights["context"] if name.lower() in context else 0.0 for name in names
        )
        rows.append(
            (
                dense,
                min(held_keywords / (latin_total if english else total), 1.0),
                len(held) + weights["context"] * len(nearby),
                len(numbers - held - nearby),
                names_held,
                kind == "define" and _defines(term, unit.text),
                kind == "why" and _has_cue("why", unit.text, language),
                kind == "define" and _has_cue("define", unit.text, language),
                kind in SPANNED and _shape(kind, unit.text, question),
                unit_figure is not None and unit_figure.search(unit.text) is not None,
                1 - unit.hit / max(len(top), 1),
                str(top[unit.hit].get("document_id")) in named,
                _language_of(unit.text) == language,
            )
        )
    features = np.array(rows, dtype=np.float64).reshape(len(units), len(FEATURES))
    return list(features @ np.array([_config()["weights"][name] for name in FEATURES])), keywords


@lru_cache(maxsize=4096)
def _glosses(word: str) -> frozenset[str]:
    """The (stemmed) English words of the glossary's entries that a Chinese word is, or holds."""
    if not _IS_CJK.search(word):
        return frozenset()
    return frozenset(
        _stem(e) for chinese, english in GLOSSARY.items() if chinese in word for e in english.lower().split()
    )


def _defined_term(question: str, language: Language, naming: set[str]) -> str:
    """The term a "define" question asks about, lower case, without articles, fillers or the document named (a
    quoted term as quoted: "the 'flywheel' the report keeps mentioning")."""
    quoted = _QUOTED.search(question)
    if quoted:
        return quoted.group(1).lower().strip()
    term = (_term(question, language) or "").lower()
    for filler in _config()["sentences"]["fillers"]:
        term = term.replace(filler, " ")
    term = re.sub(  # "FHS 里的 /var/spool": the document named is not part of the term
        r"^(.+?)\s*(?:里|中)的\s*", lambda m: "" if naming & set(tokenize(m.group(1))) else m.group(0), term.strip()
    )
    term = re.sub(
        r"\s+(?:in|according to|from|of)\s+(?:the\s+)?(.+)$",
        lambda m: "" if naming & set(tokenize(m.group(1))) else m.group(0),
        term.strip(),
    )
    # "what is /srv for", "what is /opt reserved for": the term without the verb asking what it is for
    term = re.sub(r"\s+(?:\w+ed |used )?for$", "", re.sub(r"\s+", " ", term).strip())
    return re.sub(r"^(?:the|a|an) ", "", term).strip("“”\"'「」 ")


def _defines(term: str, sentence: str) -> bool:
    """The sentence defines the term: it opens with it (a glossary item: "- GFCI FinTech ranking, Z/Yen: a
    separate ranking …"), or says what it is after an opening phrase ("Purpose /srv contains …", "简而言之，Linux
    是 …") or after the name it abbreviates ("The Global Financial Centres Index (GFCI) is …")."""
    if not term:
        return False
    plain = re.sub(r"[\"“”‘’'「」《》]", "", sentence.lower())
    verbs = "|".join(re.escape(verb) for verb in _config()["cues"]["defining_verbs"])
    for variant in _variants(term):
        escaped = re.escape(variant)
        for line in plain.split("\n"):  # a sentence, or each item of its list
            opening = re.sub(r"^(?:the|a|an) ", "", _LIST_MARK.sub("", line).lstrip("( "))
            if re.match(escaped + (r"\b" if variant[-1:].isalnum() and variant.isascii() else ""), opening):
                return True
        defined = rf"(?<![\w-]){escaped}[)）]?\s*(?:\([^)]*\)|（[^）]*）)?\s*(?:{verbs})"
        if re.search(defined, plain):
            return True
    # "ESP partition": "An EFI system partition (ESP) is …", the abbreviation defined with the rest of the term
    first, _, rest = term.partition(" ")
    for match in re.finditer(rf"\(({re.escape(first)})\)\s*(?:{verbs})", plain):
        if all(word in plain[: match.start()] for word in rest.split()):
            return True
    return False


def _variants(term: str) -> list[str]:
    """A term as asked, and, for one glossed in brackets ("可共享（shareable）文件"), the glossed word and the
    term without it: an English passage defines "shareable" files."""
    gloss = re.search(r"[（(]\s*([^）)]+?)\s*[）)]", term)
    if not gloss:
        return [term]
    bare = (term[: gloss.start()] + term[gloss.end() :]).strip()
    return [term, gloss.group(1).lower(), bare]


def _language_of(text: str) -> Language:
    """Chinese when CJK characters make up a fair share of the text (an English sentence may quote a name)."""
    cjk = len(_IS_CJK.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk * 3 >= latin else "en"


def _continues(unit: _Unit, best: _Unit, keywords: set[str]) -> bool:
    """The sentence right after the best one, in its paragraph, that goes on about what the question asks
    ("... a 'dual-circulation flywheel' will decide ..." then "In the flywheel, investment turns into output")."""
    same_paragraph = unit.hit == best.hit and unit.paragraph == best.paragraph
    return same_paragraph and unit.position == best.position + 1 and bool(keywords & _terms(unit.text))


def _names_term(term: str, unit: _Unit, top: list[dict[str, Any]]) -> bool:
    """The sentence (or its passage's title or section) holds most words of the term to define (as asked, or
    its gloss in brackets)."""
    have = _terms(unit.text) | _terms(_label(top[unit.hit]))
    share = _config()["scoring"]["term_share"]
    return any(len(_terms(variant) & have) >= share * len(_terms(variant)) for variant in _variants(term))


def _near(unit: _Unit, best: _Unit, kind: str) -> bool:
    """Where the sentence stating what the best one names may be: up to 3 sentences after it in its passage;
    for a cause, in its paragraph, the sentence just before it ("X leads in three fields. It is seen as a
    benchmark.") or one of the two after it."""
    offset = unit.position - best.position
    if kind == "why":
        return unit.hit == best.hit and unit.paragraph == best.paragraph and offset in (-1, 1, 2)
    return unit.hit == best.hit and 0 < offset <= 3


def _opens_referring(sentence: str) -> bool:
    """The sentence opens with a word referring to the one before ("This release …", "It …", "它 …")."""
    opening = "|".join(_config()["sentences"]["referring"])
    return re.match(rf"(?:{opening})\b|[这该其它他她此]", sentence.strip(), re.IGNORECASE) is not None


def _refers_back(sentence: str, before: str, question: str) -> bool:
    """A sentence after the best one is about the same thing: it opens with a word referring back ("This release
    …", "它 …") or with a word of the best sentence ("The first edition covered …" after "… the first edition …"),
    or names what the question names; "The society was funded …" after a sentence on another subject is not."""
    if _opens_referring(sentence):
        return True
    if re.search(
        r"\b(?:this|these|that|the same) (?!is\b|was\b)\w+|(?:这|该|此)(?:一)?[个次版期年]", sentence, re.IGNORECASE
    ):
        return True  # "…, this release consisted of …"
    first_words = {_stem(t) for t in tokenize(" ".join(sentence.split()[:4]))} - common_words()
    if first_words & _terms(before):
        return True
    return any(name.lower() in sentence.lower() for name in _names(question))


def _names_what_it_names(sentence: str, best: str, question: str) -> bool:
    """The sentence names every name of the question that the best sentence names: a date in a sentence on
    another subject ("… the Free Software Foundation … 1994" for "Software in the Public Interest") answers
    nothing."""
    return all(name.lower() in sentence.lower() for name in _names(question) if name.lower() in best.lower())


def _terms(text: str) -> set[str]:
    return {_stem(t) for t in tokenize(text)}


def answer_from_passages(
    question: str,
    language: Language,
    hits: Sequence[dict[str, Any]],
    embed: Embed,
    threshold: float | None = None,
    subject: str = "",
) -> Extract:
    """The extractive answer to ``question`` from ``hits`` (search hits as dicts, best first).

    ``embed`` maps texts to vectors (the index's or the intent embedder). ``subject`` holds names the question
    continues from (a follow-up "why?"): they count in the scoring, not in reading what is asked.
    ``threshold`` overrides the calibrated one of the data file (for calibration only).
    """
    config = _config()
    weights = config["scoring"]
    threshold = weights["threshold"] if threshold is None else threshold
    kind = question_kind(question, language)
    top = list(hits[: int(weights["passages"])])
    named, naming = _named_documents(question, language, hits)
    if named and not any(str(h.get("document_id")) in named for h in top):
        top += [h for h in hits if str(h.get("document_id")) in named][:2]
    units = [
        _Unit(unit.text, unit.parts, index, position, unit.paragraph)
        for index, hit in enumerate(top)
        for position, unit in enumerate(sentence_units(str(hit.get("text", "")), _front_matter(hit)))
        if unit.complete and _readable(unit.text)
    ]
    if not units:
        return _refusal(language, kind, named=bool(named))
    scored = f"{question} {subject}".strip()
    scores, keywords = _score(scored, language, kind, units, top, named, naming, embed)

    order = sorted(range(len(units)), key=lambda i: -scores[i])
    # a document the question names ("according to the Nordic note") answers first, when one of its sentences can
    # so do the passages about what it names ("the Nordic hub ranking": a report on the Nordic region)
    # (not a name the bundled reports use, "Shanghai" or "Hub": their passages may write it in the other language)
    bundled = known_words()[0]
    subject = [
        _SQUEEZE.sub("", name.lower())
        for name in _subject_names(question, naming)
        if not all(word.lower() in bundled for word in re.findall(r"[A-Za-z]+", name))
    ]
    holding = {i for i, hit in enumerate(top) if subject and all(name in _passage_text(hit) for name in subject)}
    about = [i for i in order if units[i].hit in holding]
    in_named = [i for i in order if str(top[units[i].hit].get("document_id")) in named]
    for preferred in (about, in_named):
        if preferred and scores[preferred[0]] >= threshold:
            order = preferred + [i for i in order if i not in preferred]
    best = order[0]
    # a sentence in the other language shares no words with the question: a lower bar when its passage holds the
    # names the question mentions ("FHS 4.0" is not answered from a passage about Debian 4.0), and not for what the
    # bundled reports, published in both languages, cover (a city, an index or a metric they name)
    foreign = (
        _language_of(units[best].text) != language
        and not mentions(question)
        and not _unnamed(question, naming, top[units[best].hit], subject)
    )
    if scores[best] < threshold - weights["cross_language_margin"] * foreign or _missing_name(question, naming, top):
        return _refusal(language, kind, scores[best], bool(named))
    keyword_set = set(keywords)
    term = _defined_term(question, language, naming)

    def answers(i: int) -> bool:
        return _answers(kind, units[i].text, question, keyword_set, term)

    stating = best
    if not answers(best):
        # The best sentence names what is asked about; a sentence just after it in the passage may state it ...
        after = [
            i
            for i in order[1:]
            if _near(units[i], units[best], kind)
            and (kind == "why" or _refers_back(units[i].text, units[best].text, question))
        ]
        stating = next((i for i in after if scores[i] >= threshold - weights["follow"] and answers(i)), best)
        if stating == best and kind != "why":  # ... else one scoring nearly as well that says it (a date for "when")
            best = stating = next(
                (
                    i
                    for i in order
                    if scores[i] >= scores[best] - weights["shape_margin"]
                    and answers(i)
                    and (
                        _names_what_it_names(units[i].text, units[best].text, question)
                        or (
                            _near(units[i], units[best], kind)
                            and _refers_back(units[i].text, units[best].text, question)
                        )
                    )
                ),
                best,
            )
    if kind in SPANNED and not _shape(kind, units[stating].text, question):
        return _refusal(language, kind, scores[best], bool(named))  # no figure, date or name near what is asked about
    if kind == "define" and not _names_term(term, units[stating], top):
        return _refusal(language, kind, scores[best], bool(named))  # "capital of Australia": no "venture capital"
    chosen = [best] if stating == best else [best, stating]
    if _opens_referring(units[best].text) and len(chosen) < int(weights["max_sentences"]):
        # "This release … 474 packages." is quoted after the sentence naming the release ("Debian 1.1 Buzz …"), or
        # else after the sentence just before it
        earlier = sorted(
            (i for i in order if units[i].hit == units[best].hit and 0 < units[best].position - units[i].position <= 3),
            key=lambda i: -units[i].position,
        )
        names = [n.lower() for n in _names(question)] + _numbers(question)
        held = {i: sum(n in units[i].text.lower() for n in names) for i in earlier}
        chosen += sorted(earlier, key=lambda i: -held[i])[:1]  # the one naming most of what is asked, else the nearest
    for other in order:  # the best sentence's neighbour when it completes it
        if len(chosen) >= int(weights["max_sentences"]):
            break
        if other in chosen:
            continue
        same_passage = units[other].hit == units[best].hit
        neighbour = abs(units[other].position - units[best].position) == 1
        # a cause often sits in the sentence next to the best one ("... in step with a broader adjustment")
        cause = kind == "why" and _has_cue("why", units[other].text, language)
        same_paragraph = same_passage and units[other].paragraph == units[best].paragraph
        continuing = kind not in SPANNED and _continues(units[other], units[best], keyword_set)
        if continuing or (neighbour and ((same_paragraph and cause) or (same_passage and scores[other] >= threshold))):
            chosen.append(other)
    chosen.sort(key=lambda i: units[i].position)
    hit = top[units[stating].hit]
    quotes = [
        Quote(
            key=citation_key(dict(top[units[i].hit])),
            text=units[i].text,
            document_id=str(top[units[i].hit].get("document_id", "")),
            title=str(top[units[i].hit].get("title", "")),
            page=top[units[i].hit].get("page"),
            section=top[units[i].hit].get("section"),
            language=str(top[units[i].hit].get("language", "")),
        )
        for i in chosen
    ]
    lead = _lead(question, language, kind, hit, units[stating].text, keyword_set)
    return Extract(True, lead, quotes, float(scores[best]), kind, language)


def _unnamed(question: str, naming: set[str], hit: dict[str, Any], subject: str) -> bool:
    """A name the question mentions (not the document it names) that the passage, its title and section lack (a
    passage in English need not hold a name written in Chinese: "《玩具总动员》" is "Toy Story")."""
    common = common_words()
    text = str(hit.get("text", ""))
    held = _terms(f"{text} {_label(hit)} {hit.get('source', '')} {subject}")
    for name in _names(question):
        if _IS_CJK.search(name) and _language_of(text) == "en":
            continue
        wanted = {_stem(t) for t in tokenize(name) if t not in common and t not in naming and not t.isdigit()}
        if wanted and not wanted & held:
            return True
    return False


def _refusal(language: Language, kind: str, score: float = 0.0, named: bool = False) -> Extract:
    """The documents don't say; about the passages' subject (``related``) when it scores well enough or the
    question names a document of the library ("what does the FHS say about …")."""
    related = named or score >= _config()["scoring"]["related"]
    return Extract(False, _config()["templates"]["refusal"][language], [], float(score), kind, language, related)


def _lead(question: str, language: Language, kind: str, hit: dict[str, Any], sentence: str, keywords: set[str]) -> str:
    """The first sentence of the answer, from the template of the question's kind and language."""
    templates = _config()["templates"]
    note = templates["source_note"][language] if _language_of(sentence) != language else ""
    answer = _answer_span(kind, sentence, question, keywords) if kind in SPANNED else None
    if not note and not answer:  # in the question's language: say what the sentence says
        title = hit.get("title") or hit.get("source") or ""
        statement = _statement(_stated_line(sentence, keywords), language)
        return templates["states"][language].format(title=title, statement=statement)
    template = kind if kind not in SPANNED or answer else "fact"
    values = {
        "title": hit.get("title") or hit.get("source") or "",
        "answer": answer or "",
        "source_note": note,
        "term": _shown_term(question, language) or templates["term_fallback"][language],
        "topic": _topic(question, language) or templates["topic_fallback"][language],
    }
    return templates[template][language].format(**values)


def _stated_line(unit: str, keywords: set[str]) -> str:
    """The line of a unit to state: the sentence, or of a list, the item holding most of the question's words."""
    intro, *items = unit.split("\n")
    if not items:
        return intro
    best = max(items, key=lambda item: len(keywords & _terms(item)))
    return _LIST_MARK.sub("", best) if keywords & _terms(best) else intro


def _statement(sentence: str, language: Language) -> str:
    """What a sentence says, to lead the answer: its first line (not its list), without the attribution that
    opens it ("The report argues that", "报道认为，") and without what follows a colon or semicolon."""
    lead = _config()["lead"]
    text = sentence.split("\n", 1)[0].strip()
    for pattern in lead["attributions"][language]:
        text = re.sub(pattern, "", text, count=1, flags=re.IGNORECASE)
    text = text.lstrip(" ,，、;；:：")
    main = re.split(r"[:;]\s+|[：；]", text, maxsplit=1)[0].rstrip(" ,，")  # not the colon of "http://"
    if len(main) >= lead["shortest"][language]:
        text = main
    text = text.rstrip(" :：;；,，")
    if language == "en":
        first = text.split(" ", 1)[0]
        if first.lower() in lead["lower_case"]:
            text = first.lower() + text[len(first) :]
        return text if _TERMINAL.search(text) else f"{text}."
    return text if _TERMINAL.search(text) else f"{text}。"
