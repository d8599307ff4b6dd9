"""The offline answer from the parts each question type wrote: the lead first (it answers the question),
then details and notes, every table fact cited by a passage about the same index and edition."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant import names
from assistant.agent.citations import Fact
from assistant.agent.extractive import Embed, Extract, answer_from_passages
from assistant.agent.grounding import extract_quantities
from assistant.agent.language import Language
from assistant.agent.questions import BY_KIND, Outcome, Part
from assistant.agent.questions.base import ranking_notes
from assistant.agent.questions.passages import in_domain, refusal, scoring_subject
from assistant.agent.questions.premise import correction, figure_correction, stated_figure_correction
from assistant.agent.reading.detectors import cue
from assistant.agent.reading.frame import Frame
from assistant.agent.tools import citation_key
from assistant.agent.writing import chinese_periods, city, money_scale, say

EXPLAIN_THRESHOLD = 0.8  # below the calibrated 1.2: reasons about the bundled subjects score lower than facts
SENTENCE_END = re.compile(r"(?<=\.)\s+|(?<=。)\s*")
SPANNED_KINDS = ("who", "when", "number")  # extractive kinds whose lead states a span of the best sentence
NO_PREMISE_CHECK = {"count", "yes_no", "explain", "out_of_scope", "passage", "define"}


@dataclass
class Composed:
    text: str
    answered: bool
    chart: dict[str, Any] | None = None


def about(fact: Fact, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The passages about the fact's index and edition (a citation must never come from another)."""
    return [hit for hit in hits if fact.in_index(hit) and fact.in_edition(hit)]


def holding_passages(fact: Fact, hits: list[dict[str, Any]], lang: Language) -> list[dict[str, Any]]:
    """Passages about the fact's index and edition that name its cities and figures."""
    return fact.best_passages(about(fact, hits), lang, limit=2)


def held(fact: Fact, hits: list[dict[str, Any]]) -> bool:
    """Whether the passages about the fact's index and edition hold all of it (several together for a history)."""
    return fact.fully_held(about(fact, hits), spans_editions=fact.edition is None)


def _cite(passages: list[dict[str, Any]]) -> str:
    return "".join(f" [{citation_key(hit)}]" for hit in passages)


def write_part(
    frame: Frame, data: list[Outcome], claims: list[Outcome], hits: list[dict[str, Any]], embed: Embed | None
) -> Part:
    """The part of one frame, its premise corrected first where the question states something false; a part
    answered from passages gets its best whole sentences (or an honest refusal)."""
    with money_scale(frame.scale):
        part = BY_KIND[frame.ask].write(frame, [*data, *claims] if frame.ask == "explain" else data, hits)
    if part.from_passages:
        return _from_passages(frame, part, hits, embed)
    if not (part.answered or part.final) and frame.metrics and embed and hits and frame.ask != "forecast":
        part = _passage_instead(frame, part, hits, embed)
    part.details += [note for note in ranking_notes(frame, data, frame.language) if note not in part.details]
    if (chosen := _series_chosen(frame, data)) and part.answered:
        part.notes.append(chosen)
    if frame.ask in NO_PREMISE_CHECK or (frame.ask == "cross_index" and len(frame.indices) >= 2):
        return part  # (claims about several rankings at once are each about their own: the type weighs them)
    wrong = correction(frame, claims) if frame.claims else figure_correction(frame, data)
    wrong = wrong or stated_figure_correction(frame, data)
    if wrong:
        rest = []
        for sentence in (s for s in SENTENCE_END.split(part.lead) if s and s not in wrong):  # the correction may say it
            said = _said_shorter(wrong, sentence.rstrip(".。"))
            if said:  # "… 8th in GFCI 36, with a rating of 738.": the longer sentence, once
                wrong = wrong.replace(said, sentence.rstrip(".。"), 1)
            else:
                rest.append(sentence)
        part.lead = " ".join([wrong, *rest])
        part.answered = True  # correcting the premise answers the question
    return part


SOURCE_NAMED = re.compile(r"kpmg|毕马威|pulse|innovate|\bIF\b", re.IGNORECASE)


def _series_chosen(frame: Frame, data: list[Outcome]) -> str:
    """'The figures are KPMG's …' when the question names a figure two sources measure without saying whose, and
    the answer rests on one of them ('' otherwise): the answer says which, and that the two are never mixed."""
    pairs = {m for pair in names.COUNTERPART_SERIES.items() for m in pair}
    read = {o.result.get("metric") for o in data if o.name == "metric" and o.ok}
    asked: Frame | None = frame
    while asked is not None:  # a follow-up of a question naming the source ("…KPMG…, and which the least?")
        if SOURCE_NAMED.search(asked.question):
            return ""
        asked = asked.previous
    if len(read) != 1 or not read <= pairs:
        return ""
    return say("series_chosen", frame.language, metric=names.display_name("metric", read.pop(), frame.language))


PREMISE_WORD = re.compile(r"^[^\s:：]{1,4}[:：]\s*")  # "No: ", "不对："


def _said_shorter(correction: str, sentence: str) -> str:
    """The sentence of ``correction`` that ``sentence`` only extends (the same fact with more said), else ''."""
    for said in SENTENCE_END.split(correction):
        core = PREMISE_WORD.sub("", said).rstrip(".。")
        if core and sentence.startswith(core) and sentence != core:
            return core
    return ""


def quotable(question: str, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The passages an answer may quote: not a document's list of its sources, unless sources are asked about."""
    if cue("reference_section", question):
        return hits
    return [hit for hit in hits if not cue("reference_section", str(hit.get("section") or ""))]


def _states_the_figure(frame: Frame, extract: Extract) -> bool:
    """Whether the quoted sentences name the figure asked for, its place and its year (Singapore's employees are
    not in a ranking that lists Singapore, nor KPMG's 2021 total in a table of other years)."""
    places = [*frame.cities, *([frame.geography] if frame.geography else [])]
    wanted = {name.casefold() for place in places for name in (city(place, "en"), city(place, "zh"))}
    quoted = " ".join(quote.text for quote in extract.quotes)
    named = not wanted or any(name in quoted.casefold() for name in wanted)
    dated = not frame.periods or any(period[:4] in quoted for period in frame.periods)
    # a number other than a year: "financing fell from 2022 to 2024" names the figure but states none of it
    figured = any(q.absolute is not None or not 1900 <= q.raw <= 2100 for q in extract_quantities(quoted))
    return named and dated and figured and bool(set(frame.metrics) & set(names.find_metrics(quoted)))


def _passage_instead(frame: Frame, part: Part, hits: list[dict[str, Any]], embed: Embed) -> Part:
    """A figure the tables cannot give ("by how much did it rise?" with one year on file) may be stated in a
    passage: then the tables' answer is followed by that passage's sentence."""
    question = BY_KIND[frame.ask].search_query(frame) if frame.follow_up else frame.question
    extract = answer_from_passages(question, frame.language, quotable(frame.question, hits), embed)
    if not extract.answered or not _states_the_figure(frame, extract):
        return part
    return Part(f"{part.lead} {extract.text()}", details=part.details, notes=part.notes, facts=part.facts)


def _from_passages(frame: Frame, part: Part, hits: list[dict[str, Any]], embed: Embed | None) -> Part:
    # a follow-up such as "why?" is scored with the names it continues from
    # (and a definition with the full names of what it names: "the GFCDI" is written out in the passages)
    # (and any question with the reports' own words for what it asks: "their edge" is their "competitive advantage")
    subject = scoring_subject(frame)
    hits = quotable(frame.question, hits)
    if not (embed and hits):
        return Part(part.lead or refusal(frame), answered=bool(part.lead), facts=part.facts)
    # first the passages about the ranking and edition asked about, then those in the asker's language (a report
    # published in both languages answers in the asker's), then all
    edition = frame.named_editions[-1] if frame.named_editions else None
    asked = about(Fact([], [], [], edition, frame.index), hits) if frame.index else []
    # (the edition's own document before a passage of another that only mentions the edition: "why did it do well
    # in 2024?" is answered by the 2024 report, not by the 2025 report's look back at 2024)
    edition_own = [hit for hit in asked if edition and edition.lower() in str(hit.get("title") or "").lower()]
    own = [hit for hit in hits if hit.get("language") == frame.language]
    candidates = [[hit for hit in edition_own if hit in own], edition_own, [hit for hit in asked if hit in own], asked]
    candidates += [own, hits]
    groups = [group for i, group in enumerate(candidates) if group and group not in candidates[i + 1 :]]
    # a question about what the bundled reports cover (a city, an index, fintech) has a lower bar in them
    lower = frame.ask in ("explain", "define", "passage") and in_domain(frame)
    thresholds = [None, EXPLAIN_THRESHOLD] if lower else [None]
    # a date stated for when something was issued is a premise to check, not a word to find: asked without it too
    asked = [frame.question, *([undated] if (undated := _without_stated_date(frame.question)) else [])]
    for question, passages, threshold in [(q, group, bar) for q in asked for group in groups for bar in thresholds]:
        extract = answer_from_passages(question, frame.language, passages, embed, threshold, subject=subject)
        if extract.answered:
            break
    if not extract.answered:  # a corrected premise (or a ranking's profile) is the answer; else say what is missing
        # passages about what is asked (an added document's subject) that don't answer it: the documents don't say
        missing = extract.text() if extract.related and not in_domain(frame) else refusal(frame)
        return Part(part.lead or missing, answered=bool(part.lead), facts=part.facts)
    dated = _dated_premise(frame, extract)  # "was the plan issued in March 2025?": the date the passage gives
    # a lead of the type's own (a ranking's publisher and editions) answers it: the passage follows as its quote,
    # without a second lead that names a figure, date or name of its own ("it is China Daily")
    quoted = extract.quotes_text() if part.lead and extract.kind in SPANNED_KINDS else extract.text()
    return Part(" ".join(t for t in (dated, part.lead, quoted) if t).strip(), facts=part.facts)


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE = re.compile(rf"(?:19|20)\d\d年(?:\d{{1,2}}月)?(?:\d{{1,2}}日)?|\b(?:\d{{1,2}} )?(?:{MONTHS}) (?:19|20)\d\d")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


MONTH_DATE = re.compile(rf"(?:19|20)\d\d年\d{{1,2}}月|\b(?:{MONTHS}) (?:19|20)\d\d|\b(?:19|20)\d\d-\d\d\b")


def _dates_an_issue(question: str) -> bool:
    """Whether a question states when something was issued: "released in November 2024", or a month given to a
    document ("Shanghai's March 2025 action plan", "2025年3月的方案")."""
    return bool(cue("issued", question) or (cue("dated_document", question) and MONTH_DATE.search(question)))


def _without_stated_date(question: str) -> str:
    """The question without the date it states for an issue ("…came out in March 2025 —": "…came out —"), or ''
    when it states none."""
    if not _dates_an_issue(question):
        return ""
    stated = DATE.search(question)
    return (question[: stated.start()] + question[stated.end() :]).strip() if stated else ""


def _dated_premise(frame: Frame, extract: Any) -> str:
    """'No: the passage dates it 2024年9月4日, not 2025年3月.' when a question states when something was issued
    and the quoted passage dates that thing to another year ('' otherwise); a yes/no question whose date is right
    gets 'Yes: …'. Any question may state a date in passing ("the plan that came out in March 2025 — what does it
    target?"): a wrong one is corrected first."""
    if not _dates_an_issue(frame.question):
        return ""
    asks_yes_no = bool(cue("asks.yes_no", frame.question) or cue("confirm", frame.question))
    stated = DATE.search(frame.question) or YEAR.search(frame.question)
    if stated is None:
        return ""
    quoted = " ".join(quote.text for quote in extract.quotes)
    topic = set(re.findall(r"[\u4e00-\u9fff]{2}", frame.question)) | {
        w.lower() for w in re.findall(r"[A-Za-z]{4,}", frame.question)
    }

    def about(match: re.Match[str]) -> int:  # words of the question beside the date: what it dates
        near = quoted[max(0, match.start() - 40) : match.start()] + " " + quoted[match.end() : match.end() + 40]
        pairs = {near[i : i + 2] for i in range(len(near) - 1)}
        return len(topic & (pairs | {w.lower() for w in re.findall(r"[A-Za-z]{4,}", near)}))

    dates = sorted(DATE.finditer(quoted), key=about, reverse=True)
    if not dates or about(dates[0]) < (2 if frame.language == "zh" else 1):  # two characters make a Chinese word
        return ""
    year = YEAR.search(stated.group()).group()  # type: ignore[union-attr]
    if not asks_yes_no and any(year in date.group() for date in dates):
        return ""  # a date stated in passing is corrected only when no date quoted has its year
    if year not in dates[0].group():
        return say("premise_date_wrong", frame.language, date=dates[0].group(), claimed=stated.group())
    month = re.sub(r"^.*?(\d{1,2}月|[A-Z][a-z]+).*$", r"\1", stated.group()) if stated.group() != year else ""
    if not month or month in dates[0].group():  # the year (and the month, if stated) as the source gives them
        return say("premise_date_right", frame.language, date=dates[0].group()) if asks_yes_no else ""
    return say("premise_date_wrong", frame.language, date=dates[0].group(), claimed=stated.group())


def render(part: Part, hits: list[dict[str, Any]], lang: Language) -> str:
    """One part as text: lead with its citations, details, notes."""
    cited: list[dict[str, Any]] = []
    for fact in part.facts:
        cited += [hit for hit in holding_passages(fact, hits, lang) if hit not in cited]
    lead = part.lead[:1].upper() + part.lead[1:] if lang == "en" else part.lead
    lines = [lead + _cite(cited[:3])]
    lines += part.details
    if part.notes:
        lines.append(f"{say('note', lang)} {' '.join(dict.fromkeys(part.notes))}")
    return "\n".join(line for line in lines if line)


def compose(parts: list[Part], hits: list[dict[str, Any]], lang: Language) -> Composed:
    """The whole answer from the parts of a (possibly multi-part) question."""
    text = "\n\n".join(render(part, hits, lang) for part in parts)
    text = chinese_periods(text) if lang == "zh" else text
    chart = next((part.chart for part in parts if part.chart), None)
    return Composed(text, any(part.answered for part in parts), chart)
