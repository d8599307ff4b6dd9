"""How many: cities an edition lists (in a country or region, a tier, a top N), counted by the calculate
tool; editions in which a city held a place ("how many times did Beijing top ..."); or the number of cities
an edition covers, where the source publishes it."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from assistant.agent.questions.base import (
    Call,
    Outcome,
    Part,
    QuestionType,
    about_the_tables,
    error_part,
    fact,
    gap_part,
    index_of,
)
from assistant.agent.questions.listing import group_name, item, ranking_call, selected_rows, table_notes
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, edition, index_name, join, number, say

GFCI_TWINS = {"gfci_overall": "gfci_fintech", "gfci_fintech": "gfci_overall"}
UNITS = {  # what a coverage question counts, and how the source notes write it
    "dimensions": re.compile(r"(\d+)\s*(?:dimensions|gauges|pillars)"),
    "indicators": re.compile(r"(\d+)\+?\s*indicators"),
    "cities": re.compile(r"(\d+)\+?\s*(?:cities|centres|centers)"),
}


def _times(frame: Frame) -> bool:
    return bool(frame.cities) and bool(cue("times", frame.question))


def _coverage(frame: Frame) -> bool:
    """A question about how many cities (dimensions, indicators) an edition covers, or its follow-up."""
    if frame.cities or ((frame.top_n or frame.tier) and not cue("in_total", frame.question)):
        return False
    if cue("coverage", frame.question) or _unit(frame) != "cities":
        return True
    return (
        frame.follow_up and frame.previous is not None and frame.previous.ask == "count" and _coverage(frame.previous)
    )


def _unit(frame: Frame) -> str:
    """What is counted: dimensions, indicators or cities (a follow-up such as "and one edition earlier?" counts
    what the turn before counted)."""
    if cue("counted.dimensions", frame.question):
        return "dimensions"
    if cue("counted.indicators", frame.question):
        return "indicators"
    previous = frame.previous
    return _unit(previous) if frame.follow_up and previous is not None and previous.ask == "count" else "cities"


def _held(frame: Frame, row: dict[str, Any]) -> bool:
    """Whether a city's row meets what a "how many times" question counts: a stated place, first place, a top
    N, or a listing."""
    stated = next((claim.number for claim in frame.claims if claim.kind == "rank"), None)
    if stated is not None:
        return row.get("rank") == stated
    if frame.top_n:
        return row.get("rank") is not None and row["rank"] <= frame.top_n
    if cue("top_words.first", frame.question):
        return row.get("rank") == 1
    return True


TIER_SIZES = re.compile(r"(?<![\d+])(\d+(?:\+\d+){2,})(?![\d+])")  # "a 4+4+8+6 structure": each tier's size


def _tier_size(frame: Frame, outcomes: list[Outcome]) -> Part | None:
    """ "Tier 4 … holds 6 cities": the size of a tier whose members the source never names, from the tier structure
    an edition's note states ("4+4+8+6")."""
    for outcome in outcomes:
        if outcome.name != "ranking" or not outcome.ok or frame.tier is None:
            continue
        for row in outcome.result["rows"]:
            match = TIER_SIZES.search(row.get("note") or "")
            sizes = [int(size) for size in match.group(1).split("+")] if match else []
            if 0 < frame.tier <= len(sizes):
                lang = frame.language
                where = edition(outcome.result["index_family"], outcome.result["edition"], lang)
                lead = say(
                    "count_tier_unnamed", lang, tier=frame.tier, edition=where, n=sizes[frame.tier - 1],
                    structure=match.group(1),  # type: ignore[union-attr]
                )  # fmt: skip
                return Part(lead, facts=[fact(outcome, [])], notes=table_notes(frame, outcome))
    return None


class CountQuestion(QuestionType):
    kind: ClassVar[str] = "count"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        if fields.metrics and not (fields.group or fields.top_n or fields.tier):
            return False  # "how many deals": a figure, not a count of cities
        return bool(cue("asks.count", masked) or cue("times", masked)) and about_the_tables(fields, masked)

    def plan(self, frame: Frame) -> list[Call]:
        if _times(frame):
            return [("city_rank", {"city": frame.cities[0], "index": index_of(frame)})]
        if _coverage(frame) and not frame.group and len(frame.named_editions) > 1 and frame.index:
            return [("ranking", {"index": frame.index, "edition": e}) for e in frame.named_editions[-3:]]  # each
        calls = [ranking_call(frame)]
        if frame.tier is not None and not frame.group:  # the whole edition: its notes may give each tier's size
            calls.append(ranking_call(frame.with_(tier=None)))
        if _coverage(frame) and frame.index in GFCI_TWINS:  # both GFCI rankings come from one survey
            _, args = calls[0]
            calls.append(("ranking", {**args, "index": GFCI_TWINS[frame.index]}))
        return calls

    def _rows(self, frame: Frame, outcome: Outcome) -> list[dict[str, Any]]:
        if _times(frame):
            return [row for row in outcome.result["rows"] if _held(frame, row)]
        return selected_rows(frame, outcome)

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        stated = (_coverage(frame) or frame.group) and self._published_any(outcomes, frame)
        if not outcomes or not outcomes[0].ok or stated:
            return []
        values = [
            {
                "label": f"{row['city']}, {row['edition']}",
                "value": float(row.get("rank") or row.get("tier") or 0),
                "period": row["edition"],
            }
            for row in self._rows(frame, outcomes[0])
        ]
        return [("calculate", {"operation": "count", "values": values})] if values else []

    def _published(self, outcome: Outcome, frame: Frame | None = None) -> str | None:
        """A count the edition's own notes state ("22 cities", "13 Chinese", "5 dimensions")."""
        pattern = UNITS[_unit(frame) if frame else "cities"]
        if frame is not None and frame.group:
            adjective = group_name(frame.group, "en").split()[0]
            pattern = re.compile(rf"(\d+)\s+{re.escape(adjective)}\b[^;]*?(?:in the top (\d+))?(?:;|$)")
        for row in outcome.result.get("rows", []):
            match = pattern.search(row.get("note") or "")
            scope = match.group(2) if match and match.lastindex and match.lastindex >= 2 else None
            if match and (frame is None or not frame.group or scope == (str(frame.top_n) if frame.top_n else None)):
                return match.group(1)
        return None

    def published_in(self, outcomes: list[Outcome], frame: Frame) -> str | None:
        """The count of cities (dimensions, indicators) the editions read state in their own notes, if any."""
        return self._published_any(outcomes, frame)

    def _published_any(self, outcomes: list[Outcome], frame: Frame) -> str | None:
        found = (self._published(o, frame) for o in outcomes if o.name == "ranking" and o.ok)
        return next((count for count in found if count), None)

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if (gap := gap_part(frame, lang, outcomes)) is not None:
            return gap
        table = outcomes[0]
        if not table.ok:
            sized = _tier_size(frame, outcomes)  # "how many cities are in tier 4?": none named, but its size is
            return sized or error_part(table, lang)
        counted = next((o for o in outcomes if o.name == "calculate" and o.ok), None)
        count = number(counted.result["result"]) if counted else "0"
        rows = self._rows(frame, table)
        if _times(frame):
            editions = join([row["edition"] for row in rows], lang) or "—"
            lead = say(
                "count_times",
                lang,
                city=city(frame.cities[0], lang),
                count=count,
                index=index_name(index_of(frame), lang),
                editions=editions,
            )
            return Part(lead, facts=[fact(table, frame.cities[:1])])
        where = edition(table.result["index_family"], table.result["edition"], lang)
        published = self._published_any(outcomes, frame) if _coverage(frame) or frame.group else None
        if published:
            if frame.group:
                scope = say("count_scope_top", lang, n=frame.top_n) if frame.top_n else ""
                lead = say(
                    "count_stated",
                    lang,
                    edition=where,
                    count=published,
                    group=group_name(frame.group, lang),
                    scope=scope,
                )
                return Part(lead, facts=[fact(table, [])])
            what = say(f"unit_{_unit(frame)}", lang)
            if len(frame.named_editions) < 2:
                lead = say("count_covered", lang, edition=where, count=published, what=what)
                return Part(lead, facts=[fact(table, [])])
            each = [
                (o, count)
                for o in outcomes
                if o.name == "ranking" and o.ok and (count := self._published(o, frame)) is not None
            ]  # several editions asked ("the two editions before"): each edition's own count
            leads = [
                say(
                    "count_covered",
                    lang,
                    edition=edition(o.result["index_family"], o.result["edition"], lang),
                    count=count,
                    what=what,
                )
                for o, count in each
            ]
            return Part(" ".join(leads), facts=[fact(o, []) for o, _ in each])
        scope = ""
        if frame.top_n:
            scope = say("count_scope_top", lang, n=frame.top_n)
        elif frame.tier is not None:
            scope = say("count_scope_tier", lang, tier=frame.tier)
        items = join([item(row, lang) for row in rows], lang) or "—"
        if frame.group and count == "1":
            lead = say(
                "count_group_one",
                lang,
                group=group_name(frame.group, lang, singular=True),
                edition=where,
                scope=scope,
                items=items,
            )
        elif frame.group:
            lead = say(
                "count_group",
                lang,
                count=count,
                group=group_name(frame.group, lang),
                edition=where,
                scope=scope,
                items=items,
            )
        else:
            lead = say("count_all", lang, count=count, edition=where, scope=scope, items=items)
        notes = table_notes(frame, table)
        listed = [row for row in table.result["rows"] if row.get("rank") is not None]
        if not frame.top_n or len(listed) < frame.top_n:
            notes.append(say("count_partial", lang))
        return Part(lead, notes=notes, facts=[fact(table, [row["city"] for row in rows][:5])])
