"""Whole sentences of the best passages that answer a question: causes for a why, the defining sentence
for a define, otherwise the sentences sharing most of the question's words and names."""

from __future__ import annotations

import re
from typing import Any

from assistant import names
from assistant.agent.reading.detectors import cue
from assistant.agent.reading.frame import Frame
from assistant.retrieval.keywords import contains_cjk, tokenize

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])|(?<=[。！？；])")
MAX_PASSAGES = 3
MIN_SHARED = 2  # content words (or names) a sentence must share with the question
STRICT_SHARE = 0.6
BUDGET = {"en": 420, "zh": 220}
QUESTION_WORDS = {
    "what",
    "which",
    "who",
    "whom",
    "how",
    "why",
    "when",
    "where",
    "does",
    "did",
    "do",
    "is",
    "are",
    "was",
    "were",
    "the",
    "say",
    "says",
    "about",
    "according",
    "什么",
    "哪些",
    "哪个",
    "多少",
    "如何",
    "怎么",
    "为什么",
    "是否",
    "吗",
    "呢",
    "请问",
}


def _sentences(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [s.strip() for line in lines for s in SENTENCE.split(line) if len(s.strip()) > 8]


def _score(sentence: str, words: set[str], cities: set[str], why: bool, define: bool) -> float:
    shared = len(words & set(tokenize(sentence)))
    named = len(cities & set(names.find_cities(sentence)))
    score = shared + 2 * named
    if why and cue("cause", sentence):
        score += 2
    if define and cue("defining", sentence):
        score += 1
    return score


def _content_words(frame: Frame) -> set[str]:
    """The question's words that are not names, numbers or question words: what a passage must speak to."""
    masked = re.sub(r"\b(city|index|metric|year)\b", " ", names.mask_names(frame.question))
    return {token for token in tokenize(masked) if len(token) > 1 and not token.isdigit()} - QUESTION_WORDS


def best_sentences(
    frame: Frame, hits: list[dict[str, Any]], why: bool = False, define: bool = False, strict: bool = False
) -> list[dict[str, Any]]:
    """[{"hit": passage, "sentences": [whole sentences]}] for the passages that speak to the frame; [] when none
    do. ``strict`` (a question the tables do not hold): a sentence must share most of the question's own words."""
    question = frame.question
    content = _content_words(frame)
    words = {token for token in tokenize(question) if len(token) > 1 and not token.isdigit()}
    words |= {token for name in frame.cities for token in tokenize(name)}
    cities = set(frame.cities)
    why = why or bool(cue("asks.explain", question))
    years = set(re.findall(r"(?:19|20)\d{2}", question))
    chosen: list[dict[str, Any]] = []
    budget = BUDGET[frame.language]
    for hit in sorted(hits, key=lambda h: h.get("language") != frame.language):
        scored = [(s, _score(s, words, cities, why, define)) for s in _sentences(hit["text"])]
        scored = [(s, v) for s, v in scored if v >= MIN_SHARED]
        if strict:
            scored = [(s, v) for s, v in scored if len(content & set(tokenize(s))) >= STRICT_SHARE * len(content)]
        if not scored:
            continue
        heading = f"{hit['title']} {hit.get('section') or ''}"
        if years and not any(year in heading or year in hit["text"] for year in years):
            continue
        best = sorted(scored, key=lambda pair: pair[1], reverse=True)
        picked: list[str] = []
        for sentence, _ in best:
            if picked and sum(map(len, picked)) + len(sentence) > budget // (2 if contains_cjk(sentence) else 1):
                break
            picked.append(sentence)
        order = [s for s, _ in scored if s in picked]
        chosen.append({"hit": hit, "sentences": order, "score": best[0][1]})
        if len(chosen) >= MAX_PASSAGES:
            break
    chosen.sort(key=lambda item: item["score"], reverse=True)
    return chosen[:2]
