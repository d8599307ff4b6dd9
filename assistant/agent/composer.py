"""The offline answer from the parts each question type wrote: the lead first (it answers the question),
then details, quotes and notes, every table fact cited by a passage about the same index and edition."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.agent.citations import Fact
from assistant.agent.language import Language
from assistant.agent.questions import BY_KIND, Outcome, Part
from assistant.agent.questions.premise import correction, figure_correction
from assistant.agent.reading.frame import Frame
from assistant.agent.tools import citation_key
from assistant.agent.writing import say
from assistant.retrieval.keywords import contains_cjk

NO_PREMISE_CHECK = {"yes_no", "explain", "out_of_scope", "passage", "define"}


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


def _lead_quote(item: dict[str, Any], lang: Language) -> str:
    """The best sentence as the answer's first sentence, whole, with its citation."""
    hit = item["hit"]
    text = " ".join(item["sentences"])
    if lang == "zh" and not contains_cjk(text):
        return (
            say("source_says", lang, title=hit["title"])
            + f"“{text}”{say('english_source', lang)} [{citation_key(hit)}]"
        )
    if lang == "en" and contains_cjk(text):
        return (
            say("source_says", lang, title=hit["title"])
            + f"“{text}”{say('chinese_source', lang)} [{citation_key(hit)}]"
        )
    return f"{text} [{citation_key(hit)}]"


def _quote(item: dict[str, Any], lang: Language) -> str:
    hit = item["hit"]
    text = " ".join(item["sentences"])
    where = hit.get("section") or ""
    note = say("english_source", lang) if lang == "zh" and not contains_cjk(text) else ""
    if lang == "zh":
        return f"《{hit['title']}》（{where}）：“{text}”{note} [{citation_key(hit)}]"
    return f"{hit['title']} ({where}): “{text}”{note} [{citation_key(hit)}]"


def write_part(frame: Frame, data: list[Outcome], claims: list[Outcome], hits: list[dict[str, Any]]) -> Part:
    """The part of one frame, its premise corrected first where the question states something false."""
    part = BY_KIND[frame.ask].write(frame, data, hits)
    if frame.ask in NO_PREMISE_CHECK:
        return part
    wrong = correction(frame, claims) if frame.claims else figure_correction(frame, data)
    if wrong:
        part.lead = f"{wrong} {part.lead}"
    return part


def render(part: Part, hits: list[dict[str, Any]], lang: Language) -> str:
    """One part as text: lead with its citations, details, quotes, notes."""
    cited: list[dict[str, Any]] = []
    for fact in part.facts:
        cited += [hit for hit in holding_passages(fact, hits, lang) if hit not in cited]
    quotes = list(part.quotes)
    lead = part.lead or (_lead_quote(quotes.pop(0), lang) if quotes else "")
    lead = lead[:1].upper() + lead[1:] if lang == "en" else lead
    lines = [lead + _cite(cited[:3])]
    lines += part.details
    lines += [_quote(item, lang) for item in quotes]
    if part.notes:
        lines.append(f"{say('note', lang)} {' '.join(dict.fromkeys(part.notes))}")
    return "\n".join(line for line in lines if line)


def compose(parts: list[Part], hits: list[dict[str, Any]], lang: Language) -> Composed:
    """The whole answer from the parts of a (possibly multi-part) question."""
    text = "\n\n".join(render(part, hits, lang) for part in parts)
    chart = next((part.chart for part in parts if part.chart), None)
    return Composed(text, any(part.answered for part in parts), chart)
