"""Small text helpers shared by the loaders: the section type, language detection, HTML to Markdown."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, Tag

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[A-Za-z]")
_BLOCKS = (
    "p", "div", "li", "tr", "table", "ul", "ol", "section", "article", "blockquote", "pre",
    "header", "footer", "dd", "dt", "figcaption",
)  # fmt: skip
_HEADINGS = {"h1": "#", "h2": "##", "h3": "###", "h4": "###", "h5": "###", "h6": "###"}


@dataclass
class Section:
    """A run of text under one heading (None before the first one), with its PDF page when known."""

    heading: str | None
    text: str
    page: int | None = None


def detect_language(text: str) -> str:
    """'zh' when CJK ideographs outnumber Latin letters by a wide margin per character, else 'en'."""
    cjk = len(_CJK.findall(text))
    letters = len(_LETTER.findall(text))
    return "zh" if cjk * 3 >= letters and cjk > 0 else "en"


def html_to_markdown(html: str) -> tuple[dict[str, Any], str]:
    """Front-matter-like metadata (title, publisher, language) and Markdown of the headings and text."""
    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, Any] = {}
    if soup.title and soup.title.get_text(strip=True):
        meta["title"] = soup.title.get_text(" ", strip=True)
    author = soup.find("meta", attrs={"name": "author"})
    if isinstance(author, Tag) and author.get("content"):
        meta["publisher"] = str(author["content"]).strip()
    html_tag = soup.find("html")
    if isinstance(html_tag, Tag) and html_tag.get("lang"):
        meta["language"] = "zh" if str(html_tag["lang"]).lower().startswith("zh") else "en"
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(list(_HEADINGS)):
        tag.replace_with(f"\n\n{_HEADINGS[tag.name]} {tag.get_text(' ', strip=True)}\n\n")
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n\n")
        tag.append("\n\n")
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in soup.get_text().split("\n"))
    return meta, re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
