"""Alias expansion across English and Chinese, for BM25 and the passage embeddings.

A Chinese question whose answer is only in an English report shares no words with it. Passages therefore
carry the other language's names of the cities, indices, metrics and half-years they mention
(:func:`document_aliases`, stored at index time), and a Chinese query gains the English names and a few
domain words (:func:`expand_query`). Names come from :mod:`assistant.names` via :mod:`.aliases`.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from assistant import names
from assistant.retrieval.aliases import translated_names
from assistant.retrieval.keywords import chinese_number, contains_cjk

# Domain words that are not names: Chinese -> English (matched as substrings of the query).
GLOSSARY: dict[str, str] = yaml.safe_load((Path(__file__).parent.parent / "data" / "glossary.yaml").read_text("utf-8"))
_NUMERAL = r"([0-9]+|[一二两三四五六七八九十]+)"
_ORDINAL = re.compile(r"第\s*" + _NUMERAL)
_TOP = re.compile(r"前\s*" + _NUMERAL)
_HALF_YEAR = re.compile(r"上半年|下半年|(?i:\bh[12]\b|\b[12]h\b|\bhalf\b)")
_WORDS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    word = _WORDS[n] if n < len(_WORDS) else ""
    return f"{n}{suffix} {word}".strip()


def _name_terms(text: str, to_chinese: bool) -> list[str]:
    """The names of the places, indices, metrics and half-year periods in ``text``, in the target language."""
    terms = translated_names(text, "zh" if to_chinese else "en")
    if _HALF_YEAR.search(text):
        for period in names.find_periods(text):
            if period.endswith(("-H1", "-H2")):
                first = period.endswith("-H1")
                half = ("上半年" if first else "下半年") if to_chinese else ("first half" if first else "second half")
                terms += [period, half]
    return terms


def _new_terms(terms: list[str], text: str) -> str:
    folded = text.casefold()
    return " ".join(dict.fromkeys(term for term in terms if term and term.casefold() not in folded))


def expand_query(query: str) -> str:
    """English terms for a Chinese query (names, domain words, ordinals); empty for other queries.

    English queries need none: Chinese passages carry English aliases of their names (``document_aliases``).
    """
    if not contains_cjk(query):
        return ""
    terms = _name_terms(query, to_chinese=False)
    terms += [english for chinese, english in GLOSSARY.items() if chinese in query]
    for match in _ORDINAL.finditer(query):
        n = chinese_number(match.group(1))
        if n:
            terms.append(f"{n} {_ordinal(n)} rank")
    for match in _TOP.finditer(query):
        n = chinese_number(match.group(1))
        if n:
            terms.append(f"top {n}")
    return _new_terms(terms, query)


def document_aliases(text: str, language: str) -> str:
    """The other language's names for the cities, indices, metrics and periods a passage mentions."""
    return _new_terms(_name_terms(text, to_chinese=language != "zh"), text)
