"""Find the places, indices and metrics a text mentions, in English or Chinese, fast enough for indexing.

The names come from :mod:`assistant.names` (the project's one bilingual lexicon). Instead of its regex scan
(a few ms per passage), texts are cut into word / CJK-character tokens and matched against a prefix table of
the aliases, so a passage costs a few dict lookups per token.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from assistant import names

_TOKEN = re.compile(r"[a-z]+|[0-9]+|[^\W\da-z_]")
_SEP = "\x1f"
Kind = str


def _tokens(text: str) -> list[str]:
    """Latin words, numbers and single CJK characters; an edition number after "GFCI" is dropped."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())
    return [t for i, t in enumerate(tokens) if not (i and t.isdigit() and tokens[i - 1] == "gfci")]


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, tuple[Kind, str]], frozenset[str]]:
    """Alias key -> (kind, canonical id), and every token prefix of every alias key."""
    sources: list[tuple[Kind, dict[str, list[str]]]] = [
        ("geography", {**names.CITIES, **names.REGIONS}),
        ("index", names.INDICES),
        ("metric", names.METRICS),
    ]
    aliases: dict[str, tuple[Kind, str]] = {}
    prefixes: set[str] = set()
    for kind, table in sources:
        for canonical, others in table.items():
            for alias in (canonical, *others):
                tokens = _tokens(alias)
                if not tokens:
                    continue
                aliases.setdefault(_SEP.join(tokens), (kind, canonical))
                prefixes.update(_SEP.join(tokens[: i + 1]) for i in range(len(tokens)))
    return aliases, frozenset(prefixes)


def mentions(text: str) -> list[tuple[Kind, str]]:
    """(kind, canonical id) of each name in ``text``, longest alias first at each place, in order, unique."""
    aliases, prefixes = _table()
    tokens = _tokens(text)
    found: dict[tuple[Kind, str], None] = {}
    start = 0
    while start < len(tokens):
        key, end, best = tokens[start], start, None
        while key in prefixes:
            if key in aliases:
                best = (end, aliases[key])
            end += 1
            if end == len(tokens):
                break
            key += _SEP + tokens[end]
        if best is None:
            start += 1
        else:
            found[best[1]] = None
            start = best[0] + 1
    return list(found)


def translated_names(text: str, language: str) -> list[str]:
    """The names mentioned in ``text`` as they are written in ``language`` ('en' or 'zh')."""
    return [names.display_name(kind, canonical, language) for kind, canonical in mentions(text)]  # type: ignore[arg-type]
