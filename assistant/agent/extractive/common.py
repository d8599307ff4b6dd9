"""What the parts of the extractive answerer share: the data file (``data/extractive.toml``: cue words,
patterns, weights and templates), the language and embedder types, word stems and glosses, and patterns of
Chinese script, list marks, sentence ends and quoted names.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np

from assistant.retrieval.expansion import GLOSSARY

Language = Literal["en", "zh"]
Embed = Callable[[list[str]], np.ndarray]
DATA = Path(__file__).resolve().parent.parent / "data" / "extractive.toml"
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_IS_CJK = re.compile(f"[{_CJK}]")
_TERMINAL = re.compile(r"[.!?。！？][\"”’')\]」』）]*$")
_LIST_MARK = re.compile(r"^\s*(?:[•●▪◦‣\-–—*+]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_SQUEEZE = re.compile(r"[\s\-_.]+")  # what a name may be written with or without ("systemd-boot", "DebConf 22")
_QUOTED = re.compile(r"[\"“‘'「『《]([^\"”’'」』》]{2,60})[\"”’'」』》]")


@lru_cache(maxsize=1)
def _config() -> dict[str, Any]:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(_config()["sentences"]["abbreviations"])


def _patterns(group: str, name: str, language: Language) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in _config()[group][name][language]]


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


def _normalise(text: str) -> str:
    return text.replace(",", "").replace("，", "").lower()


@lru_cache(maxsize=4096)
def _glosses(word: str) -> frozenset[str]:
    """The (stemmed) English words of the glossary's entries that a Chinese word is, or holds."""
    if not _IS_CJK.search(word):
        return frozenset()
    return frozenset(
        _stem(e) for chinese, english in GLOSSARY.items() if chinese in word for e in english.lower().split()
    )
