"""The extractive answer: the best sentence that says what is asked, quoted whole with the neighbour that
completes it, under a lead in the question's language; below the calibrated threshold, an honest refusal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant import names
from assistant.agent.extractive.common import _IS_CJK, _LIST_MARK, _SQUEEZE, _TERMINAL, Embed, Language, _config, _stem
from assistant.agent.extractive.figures import (
    _answer_span,
    _asks,
    _figures,
    _names,
    _numbers,
    _position_asked,
    _shape,
    _unit_held,
    ranked_place,
)
from assistant.agent.extractive.question import (
    SPANNED,
    _defined_term,
    _missing_name,
    _named_documents,
    _passage_text,
    _shown_term,
    _subject_names,
    _terms,
    _topic,
    question_kind,
)
from assistant.agent.extractive.scoring import _defines, _has_cue, _label, _score, _variants
from assistant.agent.extractive.sentences import _front_matter, _language_of, _readable, _Unit, sentence_units
from assistant.agent.reading.unknown import known_words
from assistant.agent.tools import citation_key
from assistant.agent.writing import ordinal
from assistant.retrieval.aliases import mentions
from assistant.retrieval.keywords import tokenize
from assistant.retrieval.naming import common_words


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
    if not _about_the_places(question, top[units[stating].hit]):
        return _refusal(language, kind, scores[best], bool(named))  # Shanghai's figure does not answer for Dubai
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
    if kind == "what_says":  # what a document says about something: the best sentence and those next to it
        distance = {
            i: abs(units[i].position - units[best].position)
            for i in range(len(units))
            if units[i].hit == units[best].hit and units[i].paragraph == units[best].paragraph and i not in chosen
        }
        nearest = sorted((i for i in distance if 0 < distance[i] <= 2), key=lambda i: (distance[i], i < best))
        chosen += nearest[: max(int(weights["said_sentences"]) - len(chosen), 0)]
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
    if kind == "number" and _asks("change", question, language) and len(_figures(sentence)) > 1:
        answer = None  # "what was the rise?" over "1.4 billion in 2024, against 0.9 billion": both, as written
    placed = ranked_place(question, sentence) if _asks("rank", question, language) else None
    if placed is not None:  # "where does Doha rank?" over a numbered list naming it
        name, place = placed
        shown = str(place) if language == "zh" else ordinal(place)
        values = {"title": hit.get("title") or hit.get("source") or "", "name": name, "answer": shown}
        return templates["ranked"][language].format(source_note=note, **values)
    if answer is None and kind not in SPANNED:  # "which hub is third?" over a numbered list
        answer = _answer_span("who", sentence, question, keywords) if _position_asked(question) else None
        kind = "who" if answer else kind
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


def _about_the_places(question: str, hit: dict[str, Any]) -> bool:
    """Whether a passage that names cities (in its text, title or section, in either language) names one the
    question names, when it names any: a figure of Shanghai's does not answer for Dubai."""
    asked = set(names.find_cities(question))
    named = set(names.find_cities(f"{hit.get('title', '')} {hit.get('section') or ''} {hit.get('text', '')}"))
    return not asked or not named or bool(asked & named)
