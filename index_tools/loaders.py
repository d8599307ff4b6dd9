"""Read report files (Markdown with YAML front matter, plain text, HTML, PDF) into titled sections."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from index_tools.markdown import parse_sections
from index_tools.text import Section, detect_language, html_to_markdown

SUPPORTED_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text", ".html", ".htm", ".pdf"})
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_PLACEHOLDER_TITLES = frozenset({"untitled", "title", "document", "none", "null", "unknown", "slide 1"})
_FILE_TITLE = re.compile(r"\.(?:docx?|pdf|pptx?|xlsx?|odt|rtf|tex|indd)$")
_DOUBLED_RUN = re.compile(r"(.+?)\1")


class UnreadableFileError(Exception):
    """A file that cannot be indexed; the message is the reason."""


@dataclass
class LoadedDocument:
    """A report: its metadata and its text as sections (each with an optional heading and page)."""

    path: Path
    key: str
    document_id: str
    title: str
    source: str
    language: str
    sections: list[Section]
    publisher: str | None = None
    published: str | None = None
    year: int | None = None
    pages: int | None = None
    extra: dict[str, str] = field(default_factory=dict)


def load_document(
    path: Path, key: str, max_bytes: int, on_page: Callable[[str, int, int], None] | None = None
) -> LoadedDocument:
    """Read ``path``; raise :class:`UnreadableFileError` with the reason when it cannot be indexed.

    ``on_page(file name, page, pages)`` is called after each page of a PDF is read.
    """
    try:
        size = path.stat().st_size
        if size == 0:
            raise UnreadableFileError("empty file")
        if size > max_bytes:
            raise UnreadableFileError(f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:g} MB limit")
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(f"cannot be read ({exc.strerror or exc})") from exc
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        title, sections, front = _pdf(raw, path, on_page)
    else:
        text = _decode(raw)
        if suffix in {".md", ".markdown"}:
            front, body = _front_matter(text)
            title, sections = parse_sections(body)
        elif suffix in {".html", ".htm"}:
            front, markdown = html_to_markdown(text)
            title, sections = parse_sections(markdown)
        else:
            front, title, sections = {}, _text_title(text), _text_sections(text)
    sections = [s for s in sections if s.text.strip()]
    if not sections:
        raise UnreadableFileError("no text to index")
    document = _document(path, key, front, title, sections)
    if suffix == ".pdf":
        document.pages = int(front.get("pages", 0)) or None
    return document


def _decode(raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise UnreadableFileError("binary file (contains NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(f"not UTF-8 text (invalid byte at offset {exc.start})") from exc


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise UnreadableFileError(f"invalid YAML front matter ({exc.__class__.__name__})") from exc
    if data is not None and not isinstance(data, dict):
        raise UnreadableFileError("front matter is not a YAML mapping")
    return data or {}, text[match.end() :]


def _pdf(
    raw: bytes, path: Path, on_page: Callable[[str, int, int], None] | None = None
) -> tuple[str | None, list[Section], dict[str, Any]]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFileError("encrypted PDF")
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            pages.append("\n".join(_undoubled(line) for line in (page.extract_text() or "").split("\n")))
            if on_page:
                on_page(path.name, number, len(reader.pages))
        meta = reader.metadata
        title = _usable_title(str(meta.title)) if meta and meta.title else None
        title = title or (_largest_line(reader.pages[0]) if reader.pages else None) or _first_line(pages)
    except UnreadableFileError:
        raise
    except Exception as exc:  # pypdf raises many types for damaged files
        raise UnreadableFileError(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    sections = [Section(None, text.strip(), page=number) for number, text in enumerate(pages, start=1)]
    if not any(s.text for s in sections):
        raise UnreadableFileError("PDF has no extractable text (scanned images?)")
    front: dict[str, Any] = {"publisher": str(meta.author)} if meta and meta.author else {}
    front["pages"] = len(pages)
    return title, sections, front


def _undoubled(line: str) -> str:
    """A line whose every run of text is printed twice (a heading drawn twice to look bold: "6.2. 6.2. Best
    practices for Best practices for debian/controldebian/control"), with each run once."""
    if not 8 <= len(line) <= 200:
        return line
    runs = list(_DOUBLED_RUN.finditer(line))
    if "".join(run.group(0) for run in runs) != line or max(len(run.group(1)) for run in runs) < 3:
        return line
    return "".join(run.group(1) for run in runs)


def _usable_title(title: str) -> str | None:
    """A PDF's metadata title unless it is empty or a producer's placeholder ("Microsoft Word - x.docx")."""
    title = " ".join(title.split())
    lowered = title.lower()
    if not title or lowered in _PLACEHOLDER_TITLES or _FILE_TITLE.search(lowered) or lowered.startswith("microsoft "):
        return None
    return title


def _largest_line(page: Any) -> str | None:
    """The text set in the largest font on a PDF page (its title on a cover page), when there is one."""
    runs: list[tuple[float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            scale = (abs(tm[3]) or abs(tm[0]) or 1.0) * (abs(cm[3]) or abs(cm[0]) or 1.0)
            runs.append((round(float(size or 0) * scale, 1), text.strip()))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # a damaged page only loses the title guess
        return None
    if not runs:
        return None
    top = max(size for size, _ in runs)
    if top <= 0 or sum(1 for size, _ in runs if size == top) == len(runs):
        return None  # one font size throughout: no heading to tell apart
    line = " ".join(text for size, text in runs if size == top)
    line = " ".join(line.split())
    return line[:200] if len(line) >= 3 else None


def _first_line(pages: list[str]) -> str | None:
    for text in pages[:1]:
        for line in text.splitlines():
            if 3 <= len(line.strip()) <= 120:
                return line.strip()
    return None


def _text_title(text: str) -> str | None:
    """A plain text file's first line when it stands alone (followed by a blank line) and is short."""
    lines = text.lstrip().splitlines()
    if len(lines) >= 2 and not lines[1].strip() and 3 <= len(lines[0].strip()) <= 120:
        return lines[0].strip()
    return None


def _document(
    path: Path, key: str, front: dict[str, Any], title: str | None, sections: list[Section]
) -> LoadedDocument:
    published = front.get("published")
    year = published.year if isinstance(published, dt.date) else _year(str(published or ""))
    known = {"id", "title", "publisher", "published", "language", "source", "year", "pages"}
    return LoadedDocument(
        path=path,
        key=key,
        document_id=str(front.get("id") or path.stem),
        title=" ".join(str(front.get("title") or title or path.stem).split()),
        source=str(front.get("source") or key),
        language=str(front.get("language") or detect_language(_sample(sections))),
        sections=sections,
        publisher=str(front["publisher"]) if front.get("publisher") else None,
        published=str(published) if published else None,
        year=int(front["year"]) if str(front.get("year", "")).isdigit() else year,
        extra={k: str(v) for k, v in front.items() if k not in known and isinstance(v, str | int | float)},
    )


def _year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def _sample(sections: list[Section], limit: int = 20_000) -> str:
    """Up to ``limit`` characters of text spread over the whole document (front matter alone can mislead)."""
    step = max(1, len(sections) // 20)
    return " ".join(s.text for s in sections[::step])[:limit]


_TEXT_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+|[A-Z]\.\d*\s*|Appendix\s+\w+[.:]?\s+)?\S.{0,78}$")


def _text_sections(text: str) -> list[Section]:
    """Plain text cut at its headings: an unindented short line between blank lines, without end punctuation
    ("6.2. Composition"), so that a passage cites the section it is in."""
    lines = text.strip().splitlines()
    sections: list[Section] = []
    heading: str | None = None
    body: list[str] = []
    for i, line in enumerate(lines):
        blank_around = (i == 0 or not lines[i - 1].strip()) and (i + 1 < len(lines) and not lines[i + 1].strip())
        is_heading = (
            i > 0
            and blank_around
            and line[:1] not in (" ", "\t", "")
            and not re.search(r"[.,;:!?]$", line.strip())
            and _TEXT_HEADING.match(line.strip()) is not None
        )
        if is_heading:
            if "\n".join(body).strip():
                sections.append(Section(heading, "\n".join(body).strip()))
            heading, body = line.strip(), []
        else:
            body.append(line)
    if "\n".join(body).strip():
        sections.append(Section(heading, "\n".join(body).strip()))
    return sections
