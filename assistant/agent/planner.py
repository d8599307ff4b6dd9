"""From an understood question (and the previous turn's call) to the tool calls that answer it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant import names
from assistant.agent.tools import SEARCH_TOOL
from assistant.agent.understand import Slots, Understanding
from assistant.errors import InputError

DEFAULT_INDEX = "gfcdi"
SEARCH_K = 8
OVERALL = re.compile(r"\boverall\b|综合", re.IGNORECASE)
DATA_INTENTS = (
    "ranking",
    "city_rank",
    "rank_history",
    "compare",
    "consensus",
    "movers",
    "metric",
    "forecast",
)


@dataclass
class Plan:
    """The calls to make; ``intent`` says how the composer reads their results."""

    intent: str
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    missing: str | None = None  # what the question lacks, when nothing can be computed


def _edition_for(index: str, slots: Slots, question: str) -> str | None:
    editions = names.find_editions(question, index)
    if editions:
        return editions[-1]
    for period in slots.periods:
        try:
            return names.resolve_edition(index, period)
        except InputError:
            continue
    return None


def _merge_previous(question: str, slots: Slots, previous: tuple[str, dict[str, Any]] | None) -> dict[str, Any]:
    """Arguments of the previous data call that the new question does not override."""
    if previous is None:
        return {}
    name, args = previous
    inherited = dict(args)
    if slots.cities:
        inherited.pop("city", None)
        if "cities" in inherited and len(slots.cities) == 1:
            inherited["cities"] = [*inherited["cities"][:-1], slots.cities[0]]
        elif "cities" in inherited:
            inherited.pop("cities")
    if slots.indices == ["gfci_overall"] and inherited.get("index") == "gfci_fintech" and not OVERALL.search(question):
        slots.indices = ["gfci_fintech"]  # a bare "GFCI 38?" after a FinTech question stays in the FinTech ranking
        slots.editions = names.find_editions(question, "gfci_fintech")
    if slots.indices and slots.indices[0] != inherited.get("index"):
        for key in ("index", "edition", "from_edition", "to_edition"):
            inherited.pop(key, None)
    if slots.editions or slots.periods:
        for key in ("edition", "period", "target_period", "from_edition", "to_edition"):
            inherited.pop(key, None)
    if slots.metrics:
        inherited.pop("metric", None)
    if slots.geography and not slots.cities:
        inherited.pop("geography", None)
    inherited["_previous_tool"] = name
    return inherited


def make_plan(understanding: Understanding, previous: tuple[str, dict[str, Any]] | None) -> Plan:
    """Choose the data tool and its arguments; a report search is always added for citations."""
    slots, question = understanding.slots, understanding.question
    intent = understanding.intent
    inherited = _merge_previous(question, slots, previous) if understanding.follow_up else {}
    if understanding.follow_up and previous and (understanding.confidence < 0.6 or intent in ("explain", "off_topic")):
        intent = _INTENT_OF_TOOL.get(previous[0], intent)
    if intent == "city_rank" and not slots.cities and "city" not in inherited:
        intent = "ranking"
    if intent == "compare" and len(slots.cities) + len(inherited.get("cities", [])) < 2:
        intent = "city_rank" if slots.cities or "city" in inherited else "ranking"
    if intent == "forecast" and not slots.metrics and "metric" not in inherited:
        intent = "explain"

    city = slots.cities[0] if slots.cities else inherited.get("city") or (inherited.get("cities") or [None])[0]
    index = slots.indices[0] if slots.indices else inherited.get("index")
    plan = Plan(intent)
    if intent == "ranking":
        index = index or DEFAULT_INDEX
        edition = _edition_for(index, slots, question) or inherited.get("edition")
        plan.calls.append(("ranking", {"index": index, "edition": edition, "top_n": slots.top_n, "tier": slots.tier}))
    elif intent == "city_rank" and len(slots.indices) > 1:
        plan.calls.append(("city_rank", {"city": city, "index": None, "edition": None}))
    elif intent == "city_rank":
        edition = _edition_for(index, slots, question) if index else None
        plan.calls.append(("city_rank", {"city": city, "index": index, "edition": edition or inherited.get("edition")}))
    elif intent == "rank_history":
        if index:
            plan.calls.append(("rank_history", {"city": city, "index": index}))
        elif city:
            plan.calls.append(("city_rank", {"city": city, "index": None, "edition": None}))
        else:
            plan.missing = "city"
    elif intent == "compare":
        cities = slots.cities if len(slots.cities) >= 2 else inherited.get("cities") or []
        if len(slots.cities) == 1 and inherited.get("cities"):
            cities = [*inherited["cities"][:-1], slots.cities[0]]
        index = index or DEFAULT_INDEX
        edition = _edition_for(index, slots, question) or inherited.get("edition")
        plan.calls.append(("compare", {"cities": cities, "index": index, "edition": edition}))
    elif intent == "consensus":
        plan.calls.append(("consensus_ranking", {"top_n": slots.top_n}))
    elif intent == "movers":
        index = index or "gfci_fintech"
        editions = names.find_editions(question, index)
        from_edition, to_edition = ([*editions, None, None])[:2] if len(editions) != 1 else (None, editions[0])
        plan.calls.append(("movers", {"index": index, "from_edition": from_edition, "to_edition": to_edition}))
    elif intent == "metric" and (slots.metrics or "metric" in inherited):
        metric = slots.metrics[0] if slots.metrics else inherited.get("metric")
        period = slots.periods[0] if slots.periods else inherited.get("period")
        geography = slots.geography or inherited.get("geography")
        plan.calls.append(("metric", {"metric": metric, "geography": geography, "period": period}))
    elif intent == "forecast":
        metric = slots.metrics[0] if slots.metrics else inherited.get("metric")
        target = slots.periods[-1] if slots.periods else inherited.get("target_period")
        geography = slots.geography or inherited.get("geography")
        method = slots.method or inherited.get("method") or "linear"
        if target is None:
            plan.missing = "target_period"
        else:
            plan.calls.append(
                (
                    "forecast",
                    {"metric": metric, "geography": geography, "target_period": target, "method": method},
                )
            )
    if intent in DATA_INTENTS and not plan.calls and plan.missing is None and intent not in ("rank_history", "metric"):
        plan.missing = "details"
    plan.calls.append((SEARCH_TOOL, {"query": _search_query(understanding, plan), "k": SEARCH_K}))
    return plan


def _search_query(understanding: Understanding, plan: Plan) -> str:
    """The question, plus the index, edition and cities a data call settled, to find the passage holding it."""
    if not plan.calls:
        return understanding.question
    _, args = plan.calls[0]
    lang = understanding.language
    extra = [names.display_name("index", args["index"], lang)] if args.get("index") else []
    extra += [str(args[key]) for key in ("edition", "period", "to_edition") if args.get(key)]
    cities = args.get("cities") or ([args["city"]] if args.get("city") else [])
    extra += [names.display_name("city", city, lang) for city in cities if city]
    if args.get("metric"):
        extra.append(names.display_name("metric", args["metric"], lang))
    return " ".join([understanding.question, *extra])


_INTENT_OF_TOOL = {
    "ranking": "ranking",
    "city_rank": "city_rank",
    "rank_history": "rank_history",
    "compare": "compare",
    "consensus_ranking": "consensus",
    "movers": "movers",
    "metric": "metric",
    "forecast": "forecast",
}
