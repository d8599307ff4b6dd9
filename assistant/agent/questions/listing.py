"""Who is in an edition: its top N, one tier, who holds a place, or the cities of one country or region."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant import names
from assistant.agent.language import Language
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, error_part, fact, gap_part, index_of
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, edition, join, place, say

PARTIAL_TIERS = {("gfcdi", "2025")}


def ranking_call(frame: Frame) -> Call:
    """One edition's table (top N applied later, so tier-only cities of a filter are kept)."""
    chosen = frame.editions[-1] if frame.editions else None
    tier = frame.tier if not frame.group else None
    return ("ranking", {"index": index_of(frame), "edition": chosen, "tier": tier})


def group_name(group: str, lang: Language, singular: bool = False) -> str:
    """'Chinese cities' / '中国城市' for a filter."""
    shown = names.GROUPS[group][0] if lang == "zh" else group
    if lang == "en":
        adjectives = {
            "China": "Chinese",
            "Mainland China": "mainland Chinese",
            "United States": "US",
            "United Kingdom": "UK",
            "Europe": "European",
            "Asia": "Asian",
            "Japan": "Japanese",
            "France": "French",
            "South Korea": "South Korean",
            "Australia": "Australian",
            "Germany": "German",
            "North America": "North American",
        }
        shown = adjectives.get(group, group)
    return say("group_city" if singular else "group_cities", lang, country=shown)


def selected_rows(frame: Frame, outcome: Outcome) -> list[dict[str, Any]]:
    """The table rows the frame asks about: its group, its tier, its top N."""
    rows = list(outcome.result["rows"])
    if frame.group:
        rows = [row for row in rows if names.in_group(row["city"], frame.group)]
        if frame.tier is not None:
            rows = [row for row in rows if row.get("tier") == frame.tier]
    if frame.top_n is not None:
        rows = [row for row in rows if row.get("rank") is not None and row["rank"] <= frame.top_n]
    if frame.from_place is not None:
        rows = [row for row in rows if row.get("rank") is not None and row["rank"] >= frame.from_place]
    return rows


def item(row: dict[str, Any], lang: Language, with_place: bool = True) -> str:
    name = city(row["city"], lang)
    if not with_place:
        return name
    if row.get("rank") is not None:
        return f"{name}（{place(row['rank'], lang)}）" if lang == "zh" else f"{name} ({place(row['rank'], lang)})"
    if row.get("tier") is not None:
        label = f"第{row['tier']}梯队" if lang == "zh" else f"tier {row['tier']}"
        return f"{name}（{label}）" if lang == "zh" else f"{name} ({label})"
    return name


def table_notes(frame: Frame, outcome: Outcome) -> list[str]:
    lang = frame.language
    result = outcome.result
    notes = []
    if any(row.get("rank") is None and row.get("tier") is not None for row in result["rows"]):
        notes.append(say("note_tier_order", lang))
    if (result["index_family"], result["edition"]) in PARTIAL_TIERS:
        notes.append(say("note_partial_tier", lang))
    return notes


class ListQuestion(QuestionType):
    kind: ClassVar[str] = "list"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        ranked = bool(fields.index or fields.editions)
        if fields.metrics and not (ranked or fields.cities or fields.group):
            return False  # "Forbes China's Fintech Top 50": a figure, not a ranking
        if fields.group and not (ranked or cue("asks.list", masked)):
            return False  # "when is China expected to ...": a country, but no ranking asked about
        if not (ranked or fields.group or fields.top_n or fields.tier or fields.cities or cue("domain", masked)):
            return False  # "who led Debian from 2010 to 2013?": nothing of the rankings named
        return bool(cue("asks.list", masked) or fields.group or fields.top_n or fields.tier or fields.position) or (
            ranked and not (fields.cities or fields.metrics)
        )

    def plan(self, frame: Frame) -> list[Call]:
        if _own_tier(frame):  # the whole edition: the city's tier is read from it
            return [ranking_call(frame.with_(tier=None, group=None))]
        return [ranking_call(frame)]

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if (gap := gap_part(frame, lang, outcomes)) is not None:
            return gap
        outcome = outcomes[0]
        if not outcome.ok:
            return error_part(outcome, lang)
        if _own_tier(frame) and (same := _same_tier(frame, outcome)) is not None:
            return same
        result = outcome.result
        where = edition(result["index_family"], result["edition"], lang)
        rows = selected_rows(frame, outcome)
        ranked = [row for row in rows if row.get("rank") is not None]
        tiered = [row for row in rows if row.get("rank") is None and row.get("tier") is not None]
        notes = table_notes(frame, outcome)
        partial = (result["index_family"], result["edition"]) in PARTIAL_TIERS
        if frame.tier is not None and tiered and partial and cue("missing_member", frame.question):
            # "缺的那个是谁？" after a tier known only in part: that city was never named
            members = join([city(row["city"], lang) for row in tiered], lang)
            lead = say("tier_member_unnamed", lang, tier=frame.tier, edition=where, members=members)
            return Part(lead, facts=[fact(outcome, [row["city"] for row in tiered])], notes=notes, answered=False)
        if frame.tier is not None and tiered and not ranked and cue("order_asked", frame.question):
            # "第二梯队谁领先": the order inside a tier was never published
            members = join([city(row["city"], lang) for row in tiered], lang)
            lead = say("tier_order_unpublished", lang, tier=frame.tier, edition=where, members=members)
            return Part(lead, facts=[fact(outcome, [row["city"] for row in tiered])], answered=False, final=True)
        if frame.position is not None:
            at = [row for row in result["rows"] if row.get("rank") == frame.position]
            if not at:
                return Part(
                    say("list_nobody_at", lang, place=place(frame.position, lang), rank=frame.position, edition=where),
                    answered=False,
                    notes=notes,
                )
            names_at = [city(row["city"], lang) for row in at]
            lead = say(
                "list_at",
                lang,
                city=join(names_at, lang),
                place=place(frame.position, lang),
                rank=frame.position,
                edition=where,
            )
            return Part(lead, facts=[fact(outcome, [row["city"] for row in at])], notes=notes)
        if frame.group:
            label = group_name(frame.group, lang)
            if not rows:
                return Part(say("list_group_none", lang, group=label, edition=where), notes=notes)
            lead = say("list_group", lang, group=label, edition=where, items=join([item(r, lang) for r in rows], lang))
            return Part(lead, facts=[fact(outcome, [row["city"] for row in rows][:5])], notes=notes)
        if frame.top_n == 1 or (
            frame.top_n is None
            and frame.tier is None
            and cue("top_words.first", frame.question)
            and ranked
            and frame.extreme != "min"
        ):
            first = [row for row in ranked if row["rank"] == 1]
            if first:
                lead = say("list_first", lang, city=join([city(r["city"], lang) for r in first], lang), edition=where)
                return Part(lead, facts=[fact(outcome, [r["city"] for r in first])])
        if frame.tier is not None and cue("tier_member", frame.question):
            members = join([item(r, lang, False) for r in rows], lang)
            lead = say("tier_member_unknown", lang, tier=frame.tier, edition=where, n=len(rows), items=members)
            return Part(lead, notes=notes, answered=False, facts=[fact(outcome, [r["city"] for r in rows][:5])])
        if frame.tier is not None:
            lead = say(
                "list_tier",
                lang,
                tier=frame.tier,
                edition=where,
                items=join([item(r, lang, False) for r in rows], lang),
            )
            return Part(lead, facts=[fact(outcome, [r["city"] for r in rows][:5])], notes=notes)
        if frame.from_place is not None:
            return _place_range(frame, outcome, ranked, notes)
        items = join([item(r, lang) for r in ranked], lang)
        key = "list_top" if frame.top_n else "list_all"
        lead = say(key, lang, n=frame.top_n, edition=where, items=items) if ranked else ""
        details = []
        tiers: dict[int, list[str]] = {}
        for row in tiered:
            tiers.setdefault(row["tier"], []).append(city(row["city"], lang))
        for tier, members in tiers.items():
            details.append(say("list_tier_rest", lang, tier=tier, items=join(members, lang)))
        if not lead and details:
            lead, details = details[0], details[1:]
        if frame.top_n and len(ranked) < frame.top_n:
            notes.append(say("count_partial", lang))
        return Part(
            lead,
            details=details,
            notes=notes,
            facts=[fact(outcome, [r["city"] for r in ranked][:5])],
            answered=bool(lead),
        )


def _own_tier(frame: Frame) -> bool:
    """Whether the question asks about the tier a city it names is in ("which other cities share its tier?")."""
    return bool(frame.cities) and bool(cue("own_tier", frame.question))


def _same_tier(frame: Frame, outcome: Outcome) -> Part | None:
    """ "Paris is in tier 2 of …, together with London, Shenzhen and Singapore.": the other members of its tier."""
    lang, rows = frame.language, outcome.result["rows"]
    mine = next((row for row in rows if row["city"] in frame.cities and row.get("tier") is not None), None)
    if mine is None:
        return None
    members = [row["city"] for row in rows if row.get("tier") == mine["tier"] and row["city"] != mine["city"]]
    lead = say(
        "list_same_tier",
        lang,
        city=city(mine["city"], lang),
        tier=mine["tier"],
        edition=edition(outcome.result["index_family"], outcome.result["edition"], lang),
        items=join([city(name, lang) for name in members], lang),
    )
    return Part(lead, facts=[fact(outcome, [mine["city"], *members][:5])], notes=table_notes(frame, outcome))


def _place_range(frame: Frame, outcome: Outcome, ranked: list[dict[str, Any]], notes: list[str]) -> Part:
    """ "Ranks 6 to 10": the cities ranked there, or, where the source names them without their order (a note
    that they complete the top 10), those cities and that their order was not recorded."""
    lang, result = frame.language, outcome.result
    where = edition(result["index_family"], result["edition"], lang)
    low, high = frame.from_place, frame.top_n
    if ranked:
        items = join([item(r, lang) for r in ranked], lang)
        lead = say("list_range", lang, low=low, high=high, edition=where, items=items)
        if len(ranked) < (high or 0) - (low or 0) + 1:
            notes.append(say("count_partial", lang))
        return Part(lead, notes=notes, facts=[fact(outcome, [r["city"] for r in ranked][:5])])
    noted = [
        name
        for (family, chosen, name), top in names.NOTED_TOP.items()
        if family == result["index_family"] and chosen == result["edition"] and top == high
    ]
    if not noted:
        return Part(say("list_range_none", lang, low=low, high=high, edition=where), notes=notes, answered=False)
    items = join([city(name, lang) for name in noted], lang)
    lead = say("list_range_unordered", lang, low=low, high=high, edition=where, items=items)
    # the cities answer "which ones?"; "in what order?" stays unanswered
    return Part(lead, notes=notes, answered=not cue("asks_order", frame.question), facts=[fact(outcome, noted[:5])])
