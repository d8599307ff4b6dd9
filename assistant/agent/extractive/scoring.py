"""Each sentence's score against a question: its features (:data:`FEATURES`) times their weights in the data
file's [weights].
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from assistant.agent.extractive.common import _IS_CJK, _LIST_MARK, Embed, Language, _config, _glosses, _normalise, _stem
from assistant.agent.extractive.figures import (
    _bounds_stated,
    _counted_unit,
    _names,
    _numbers,
    _other_versions,
    _shape,
    _version_names,
)
from assistant.agent.extractive.question import SPANNED, _defined_term
from assistant.agent.extractive.sentences import _language_of, _Unit
from assistant.retrieval.aliases import mentions
from assistant.retrieval.keywords import respelled, tokenize
from assistant.retrieval.naming import common_words


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
    "bound",  # a question asking a limit ("at most"): it states that limit ("up to 8")
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
                bool(_bounds_stated(question, unit.text)),
                1 - unit.hit / max(len(top), 1),
                str(top[unit.hit].get("document_id")) in named,
                _language_of(unit.text) == language,
            )
        )
    features = np.array(rows, dtype=np.float64).reshape(len(units), len(FEATURES))
    return list(features @ np.array([_config()["weights"][name] for name in FEATURES])), keywords


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
