"""The unit of change of the offline analyst: one ``QuestionType`` per kind of question.

A type says when a frame asks it (``detects``), which tool calls answer it (``plan``), which
calculations follow from their results (``follow``), and how the answer reads (``write``). Types are
listed once, in order, in ``questions/__init__.py``; cue words live in ``data/cues.yaml`` and sentences
in ``data/templates.yaml``.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from assistant import names
from assistant.agent.citations import Fact
from assistant.agent.language import Language
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, edition, say, standing

DEFAULT_INDEX = "gfcdi"
MAX_CITIES = 6
Call = tuple[str, dict[str, Any]]


@dataclass
class Outcome:
    """One tool call a frame made and what it returned (a JSON-ready dict; ``{"error": ...}`` on failure)."""

    name: str
    args: dict[str, Any]
    result: dict[str, Any]

    @property
    def ok(self) -> bool:
        return "error" not in self.result


@dataclass
class Part:
    """The answer to one frame: the lead (it answers the question), then details and notes."""

    lead: str
    details: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    answered: bool = True
    facts: list[Fact] = field(default_factory=list)  # what a cited passage must hold
    chart: dict[str, Any] | None = None
    from_passages: bool = False  # answered from the best sentences of the passages (the composer extracts them)
    final: bool = False  # not answered, and the lead says why (a year published only in part): no passage is sought


class QuestionType(ABC):
    """Base class: a kind of question, detected by its cue words in ``cues.yaml`` (``asks.<kind>``)."""

    kind: ClassVar[str]
    needs_passages: ClassVar[bool] = False  # answered from report passages (a search of its own)

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        """Whether a question (names masked) asks this kind."""
        return bool(cue(f"asks.{self.kind}", masked))

    def cued(self, masked: str) -> bool:
        """Whether the question says this kind in words (a follow-up changes its ask only then)."""
        return bool(cue(f"asks.{self.kind}", masked))

    def plan(self, frame: Frame) -> list[Call]:
        """The data calls that answer ``frame``."""
        return []

    def search_query(self, frame: Frame) -> str:
        """The report search of a type that answers from passages."""
        return frame.question

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        """Calls that need the first results (a calculation over them)."""
        return []

    @abstractmethod
    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        """The answer to ``frame`` from its tool results (and the passages found)."""


# ---- helpers shared by the types ------------------------------------------------------------------


def about_the_tables(fields: Fields, masked: str) -> bool:
    """Whether a question names anything the tables hold (or speaks of rankings and markets at all); a
    question that does not ("how many members does the committee have?") is answered from passages."""
    named = fields.cities or fields.group or fields.index or fields.editions or fields.metrics
    return bool(named or fields.top_n or fields.tier or cue("domain", masked))


def index_of(frame: Frame) -> str:
    return frame.index or DEFAULT_INDEX


def edition_gap(frame: Frame) -> tuple[str, str] | None:
    """A relative edition the data does not have ("previous:2023"): (relative, base edition)."""
    for named in frame.editions:
        if ":" in named:
            relative, _, base = named.partition(":")
            return relative, base
    return None


def gap_part(frame: Frame, lang: Language, outcomes: list[Outcome] | None = None) -> Part | None:
    """ "There is no edition before 2023" when a relative edition runs off the data; past the latest edition
    ("will Shanghai lead in the coming edition?") the named cities' standing in the latest one follows."""
    gap = edition_gap(frame)
    if gap is None:
        return None
    relative, base = gap
    key = "no_edition_before" if relative in ("previous", "year_before") else "no_edition_after"
    text = say(key, lang, index=names.display_name("index", index_of(frame), lang), edition=base)
    latest = _latest_rows(frame, outcomes or []) if key == "no_edition_after" else []
    if not latest:
        return Part(text, answered=False)
    items = [
        say(
            "standing_item",
            lang,
            city=city(row["city"], lang),
            standing=standing(row, lang),
            edition=edition(row["index_family"], row["edition"], lang),
        )
        for row in latest
    ]
    text += " " + say("latest_standings", lang, items=join_items(items, lang))
    facts = [fact(o, [row["city"] for row in latest]) for o in outcomes or [] if o.ok and o.name == "city_rank"]
    # "the next edition" is answered by the latest one on record; an edition named by its number ("GFCI 41") that
    # is not out yet is not published, the latest standing beside it only context
    return Part(text, facts=facts, answered=frame.relative is not None)


def _latest_rows(frame: Frame, outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """Each named city's row in the latest edition of the frame's index that lists it."""
    latest: dict[str, dict[str, Any]] = {}
    for o in outcomes:
        if not (o.ok and o.name == "city_rank"):
            continue
        for row in o.result.get("rows", []):
            if row.get("index_family") != index_of(frame) or row.get("city") not in frame.cities:
                continue
            held = latest.get(row["city"])
            if held is None or names.edition_sort_key(row["edition"]) > names.edition_sort_key(held["edition"]):
                latest[row["city"]] = row
    return [latest[name] for name in frame.cities if name in latest]


def join_items(items: list[str], lang: Language) -> str:
    return ("；" if lang == "zh" else "; ").join(items)


def editions_or_latest(frame: Frame) -> list[str | None]:
    return list(frame.editions) or [None]


def error_part(outcome: Outcome, lang: Language) -> Part:
    """An honest answer from a tool's error (a name or edition not in the data), without internal words."""
    return Part(say("tool_error", lang, reason=public_reason(outcome.result["error"], lang)), answered=False)


TOOL_HINT = re.compile(r"[^.;]*\b(tool|argument|parameter)s?\b[^.;]*[.;]?\s*", re.IGNORECASE)
LATIN_WORDS = re.compile(r"[A-Za-z]{4,}(?:\s+[A-Za-z]{2,}){3,}")


def public_reason(error: str, lang: Language) -> str:
    """A tool error as a user may read it: internal ids replaced by display names, the hints meant for a
    model ("use the metric tool") dropped; a Chinese answer does not quote the tools' English sentences."""
    text = TOOL_HINT.sub("", error).strip().rstrip(";,") or error
    text = text if text.endswith((".", "?", ")")) else text + "."
    for family in names.INDICES:
        text = text.replace(f"{family} ", f"{names.display_name('index', family, lang)} ")
    for metric in names.METRICS:
        text = text.replace(metric, names.display_name("metric", metric, lang))
    if lang == "zh" and LATIN_WORDS.search(text):
        return say("tool_error_reason", lang)
    return text


def rank_rows(outcome: Outcome) -> list[dict[str, Any]]:
    return list(outcome.result.get("rows", [])) if outcome.ok else []


def fact(outcome: Outcome, cities: list[str]) -> Fact:
    """What a passage must hold to support ``outcome`` for these cities."""
    return Fact.of(outcome.name, outcome.args, outcome.result, cities)


CALCULATED = ("difference", "percent_change", "average", "trend", "max_min", "movers")


def ranking_notes(frame: Frame, outcomes: list[Outcome], lang: Language, limit: int = 3) -> list[str]:
    """The source's notes on the rank rows an answer rests on ("116 centres assessed", "tied 6th with
    Hangzhou"): the note of each edition table read, and the named cities' rows in the editions asked."""
    from assistant.agent.questions.arithmetic import rank_editions  # arithmetic builds on this module
    from assistant.agent.writing import source_note

    own = frame.named_editions
    # a calculation rests on every edition it runs over; any other answer on the editions it names
    editions = rank_editions(frame) if frame.ask in CALCULATED or not own else own
    rows: list[dict[str, Any]] = []
    for outcome in outcomes:
        if not outcome.ok or outcome.name not in ("ranking", "city_rank"):
            continue
        found = outcome.result.get("rows", [])
        if outcome.name == "ranking":  # the edition's own note (on its first row) and the named cities' notes
            found = found[:1] + [r for r in found[1:] if r["city"] in frame.cities]
        else:
            found = [r for r in found if r["edition"] in editions or r["edition"].split(" (")[0] in editions] or (
                found[-1:] if not editions else []
            )
        rows += found
    shown = {
        say("source_note", lang, period=row["edition"], note=note): None
        for row in rows
        if (note := source_note(row, lang))
    }
    return list(shown)[:limit]
