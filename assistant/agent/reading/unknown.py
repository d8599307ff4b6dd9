"""Names a question asks about that the bundled reports and tables never mention ("the Nordic region",
"Helsinki"): the tables cannot answer for them, so such a question is answered from the library's passages
(an analyst's own report may cover it), or honestly not at all. A misspelt or shortened known word
("Devlopment", "Univ") is not unknown."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant import names
from assistant.config import BUNDLED_DIR
from assistant.retrieval.keywords import respelled

DATA_FILES = [
    *(Path(__file__).resolve().parents[2] / "data").glob("*.yaml"),
    *(Path(__file__).resolve().parents[1] / "data").glob("*.yaml"),
]
_WORD = re.compile(r"[A-Za-z]+")
# "Helsinki", "DebConf"; not "AI", "I" or "GFCI"
_NAME = re.compile(r"\b[A-Z][a-z]{2,}[A-Z][A-Za-z]*\b|\b[A-Z][a-z]{2,}\b")
SHORTENED = 3  # a word this long may stand for a known word it begins ("Univ", "Sept")


@lru_cache(maxsize=1)
def known_words() -> tuple[frozenset[str], tuple[str, ...]]:
    """Every word of the bundled reports, their data tables and the name and cue files (lower case), also
    as a sorted tuple for misspellings."""
    corpus = [p for p in (BUNDLED_DIR / "corpus").rglob("*") if p.suffix in (".md", ".csv")]
    words = {w.lower() for path in [*corpus, *DATA_FILES] for w in _WORD.findall(path.read_text(encoding="utf-8"))}
    return frozenset(words), tuple(sorted(words))


def unknown_names(question: str) -> list[str]:
    """Capitalised words inside the question (not opening a sentence) that no bundled text holds, even misspelt,
    shortened, or as a misspelt city, region or index name."""
    known, ordered = known_words()
    found = []
    for match in _NAME.finditer(question):
        before = question[: match.start()].rstrip()
        if not before or before[-1] in '.?!:;"“(':
            continue  # a sentence's first word ("Compare …") may be any word
        word = match.group(0).lower()
        if word in known or respelled(word, ordered) != word:
            continue
        if len(word) >= SHORTENED and any(other.startswith(word) for other in ordered if len(other) > len(word)):
            continue
        window = f"{before.rsplit(maxsplit=1)[-1]} {match.group(0)}"  # with the word before: "Hong Kogn"
        if any(names.find_misspelt(kind, window) for kind in ("city", "geography", "index")):
            continue  # "Hong Kogn", "Shangai"
        found.append(match.group(0))
    return found
