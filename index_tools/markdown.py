"""Split Markdown into the document title and `##` sections; wrapped lines of a paragraph are joined."""

from __future__ import annotations

import re

from index_tools.text import Section

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|\||>)")
_CJK_END = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def parse_sections(markdown: str) -> tuple[str | None, list[Section]]:
    """The first `#` heading (the title) and the sections under each `##` (a `###` is appended: "A / B")."""
    title: str | None = None
    h2: str | None = None
    heading: str | None = None
    sections: list[Section] = []
    lines: list[str] = []
    fenced = False

    def flush() -> None:
        text = _join_lines(lines)
        if text:
            sections.append(Section(heading, text))
        lines.clear()

    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if not match:
            lines.append(line)
            continue
        level, text = len(match.group(1)), match.group(2).strip()
        if level == 1 and title is None:
            flush()
            title = text
            continue
        flush()
        if level <= 2:
            h2 = heading = text
        else:
            heading = f"{h2} / {text}" if h2 else text
    flush()
    return title, sections


def _join_lines(lines: list[str]) -> str:
    """Paragraphs separated by one blank line; soft-wrapped lines joined (no space between CJK characters).

    List items, table rows, quotes and the lines of fenced code keep their own lines.
    """
    paragraphs: list[str] = []
    current = ""
    fenced = False
    for raw in lines:
        line = raw.strip()
        fence = line.startswith(("```", "~~~"))
        if not line and not fenced:
            if current:
                paragraphs.append(current)
            current = ""
        elif not current:
            current = line
        elif fenced or fence or _BLOCK_START.match(line):
            current += "\n" + line
        else:
            joiner = "" if _CJK_END.search(current) and _CJK_START.search(line) else " "
            current += joiner + line
        fenced = fenced != fence
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)
