"""Where a city ranks: one edition, several editions, or the latest edition of every index."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from assistant import names
from assistant.agent.citations import Fact
from assistant.agent.questions.base import (
    MAX_CITIES,
    Call,
    Outcome,
    Part,
    QuestionType,
    editions_or_latest,
    error_part,
    fact,
    gap_part,
)
from assistant.agent.questions.listing import item
from assistant.agent.reading.detectors import FINTECH_WORDS, OVERALL_WORDS, Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.reading.reader import step_edition
from assistant.agent.writing import city, edition, index_name, join, number, place, places_moved, say, standing
from assistant.errors import UnknownNameError


def rank_calls(frame: Frame) -> list[Call]:
    """city_rank per city and edition (every index when the frame names none)."""
    if not frame.index:
        return [("city_rank", {"city": name}) for name in frame.cities[:MAX_CITIES]]
    return [
        # an edition past the data ("next:2025") has no rows: every edition, for the latest standing
        ("city_rank", {"city": name, "index": frame.index, "edition": None if chosen and ":" in chosen else chosen})
        for name in frame.cities[:MAX_CITIES]
        for chosen in editions_or_latest(frame)
    ]


def rank_sentence(row: dict[str, Any], frame: Frame) -> tuple[str, bool]:
    """The sentence for one city's row, and whether it answers a rank question."""
    lang = frame.language
    where = edition(row["index_family"], row["edition"], lang)
    name = city(row["city"], lang)
    if row.get("rank") is not None:
        key = "rank_ranked" if row.get("score") is None else "rank_ranked_scored"  # a published rating goes with it
        return say(
            key,
            lang,
            city=name,
            place=place(row["rank"], lang),
            rank=row["rank"],
            edition=where,
            score=number(row.get("score") or 0),
        ), True
    if row.get("tier") is not None:
        return say("rank_tier", lang, city=name, tier=row["tier"], edition=where), frame.asks_tier
    if row.get("score") is not None:
        return say("rank_score_only", lang, city=name, score=row["score"], edition=where), False
    return say("rank_not_listed", lang, city=name, edition=where), False


def noted_top(outcome: Outcome, frame: Frame) -> str | None:
    """'Shanghai has no row of its own in GFCI 38, but the source notes that it was in the top 10', when a
    note of that edition places the city (``names.NOTED_TOP``)."""
    args, name = outcome.args, outcome.result.get("city") or outcome.args.get("city", "")
    chosen = args.get("edition") or outcome.result.get("edition")
    top = (
        names.NOTED_TOP.get((args.get("index") or "", names.resolve_edition(args["index"], chosen), name))
        if (args.get("index") and chosen)
        else None
    )
    if top is None:
        return None
    where = edition(args["index"], names.resolve_edition(args["index"], chosen), frame.language)
    return say("rank_noted_top", frame.language, city=city(name, frame.language), edition=where, n=top)


def absent(outcome: Outcome, frame: Frame) -> str:
    """'Mumbai is not listed in GFCI 38' / 'Mumbai is in no edition of the GFCI' / 'in no ranking at all'."""
    lang, args = frame.language, outcome.args
    name = city(outcome.result.get("city") or args["city"], lang)
    if args.get("index") and args.get("edition") and outcome.ok:
        return say("rank_not_listed", lang, city=name, edition=edition(args["index"], args["edition"], lang))
    if args.get("index"):
        return say("rank_not_in_index", lang, city=name, index=index_name(args["index"], lang))
    return say("rank_nowhere", lang, city=name)


def other_gfci_calls(frame: Frame) -> list[Call]:
    """ "Tokyo GFCI 37 place?" names neither GFCI ranking: the city's place in the other one too (Z/Yen publishes
    an overall rating and a FinTech ranking under one name)."""
    question = frame.question
    named = re.search(r"\bgfci\b", question, re.IGNORECASE) and not (
        FINTECH_WORDS.search(question) or OVERALL_WORDS.search(question)
    )
    if not named or frame.follow_up or frame.index not in names.GFCI_FAMILIES or len(frame.cities) != 1:
        return []
    if len(frame.editions) != 1:
        return []
    other = next(family for family in names.GFCI_FAMILIES if family != frame.index)
    number = names.gfci_number(frame.editions[0])
    same = [e for e in names.known_editions(other) if names.gfci_number(e) == number]
    return [("city_rank", {"city": frame.cities[0], "index": other, "edition": same[0]})] if same else []


def _other_gfci(outcome: Outcome, frame: Frame) -> bool:
    """Whether ``outcome`` is the other GFCI ranking's row of :func:`other_gfci_calls`."""
    return outcome.name == "city_rank" and (outcome.name, outcome.args) in other_gfci_calls(frame)


class RankQuestion(QuestionType):
    kind: ClassVar[str] = "rank"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        if not fields.cities or fields.position:  # "since London was 2nd, who came 3rd?" asks who holds a place
            return False
        if cue("own_tier", masked) and cue("asks.list", masked):  # "which cities share Hangzhou's tier?": a list
            return False
        if cue("asks.rank", masked):
            return True
        return not (fields.metrics or fields.group or cue("asks.value", masked) or cue("document_topic", masked))

    def plan(self, frame: Frame) -> list[Call]:
        if frame.index and len(frame.cities) >= 2 and len(frame.editions) <= 1:  # side by side in one edition
            chosen = frame.editions[0] if frame.editions else None
            return [("compare", {"cities": frame.cities[:MAX_CITIES], "index": frame.index, "edition": chosen})]
        calls = rank_calls(frame) + other_gfci_calls(frame)
        if frame.index and len(frame.cities) == 1 and len(calls) == 1:  # the edition's own notes ("Shanghai rose
            _, args = calls[0]  # into the top 10, exact rank not recorded") for a city it does not list
            calls.append(("ranking", {"index": frame.index, "edition": args.get("edition")}))
        return calls

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        """For a city an edition does not list: its row in the next edition, and when that row's note says how
        many places it rose, the rank this edition had (a sum, through the calculate tool)."""
        calls: list[Call] = []
        for outcome in outcomes:
            if _other_gfci(outcome, frame):
                continue  # the other GFCI ranking is shown only where it lists the city
            if outcome.name == "city_rank" and outcome.ok and not outcome.result["rows"]:
                later = _later_row(outcome, outcomes)
                if isinstance(later, dict):
                    calls.append(_move_sum(later))
                elif later is not None:
                    calls.append(("city_rank", {**outcome.args, "edition": later}))
        return calls

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if (gap := gap_part(frame, lang, outcomes)) is not None:
            return gap
        leads, answered, facts, details = [], True, [], []
        read_for_a_move = {  # the next edition, read by ``follow`` only for the move its note states
            row["edition"]
            for o in outcomes
            if o.name == "city_rank"
            and o.ok
            and not o.result["rows"]
            and isinstance(row := _later_row(o, outcomes), dict)
            and row["edition"] not in frame.named_editions
        }
        for outcome in outcomes:
            if outcome.name in ("ranking", "calculate"):  # read for notes and moves only (``plan``, ``follow``)
                continue
            if outcome.name == "city_rank" and outcome.args.get("edition") in read_for_a_move:
                continue
            if _other_gfci(outcome, frame) and not (outcome.ok and outcome.result["rows"]):
                continue
            if not outcome.ok:
                not_in = outcome.result.get("error_type") == "NotInIndexError"
                leads.append(absent(outcome, frame) if not_in else error_part(outcome, lang).lead)
                answered = False
                continue
            if outcome.name == "compare":
                lines, ok = _compared(outcome, frame)
                leads += lines
                answered = answered and ok
                facts.append(fact(outcome, list(outcome.args["cities"])))
                continue
            rows = outcome.result["rows"]
            if outcome.args.get("index"):
                if not rows and (moved := _from_move(outcome, outcomes, frame)):
                    leads.append(moved)  # "rose 5 places to 9th" in the next edition: 14th in this one
                    continue
                if not rows:
                    leads.append(noted_top(outcome, frame) or absent(outcome, frame))
                    answered = False  # the rank asked is not recorded, whatever a note says of it
                    continue
                sentence, ok = rank_sentence(rows[-1], frame)
                leads.append(sentence)
                answered = answered and ok
                facts.append(fact(outcome, [outcome.result["city"]]))
                if cue("ahead_of_it", frame.question) and (ahead := _ahead(rows[-1], outcomes, frame)):
                    leads.append(ahead[0])
                    facts.append(ahead[1])
            else:
                latest = outcome.result["latest"]
                name = city(outcome.result["city"], lang)
                details.append(say("rank_overview", lang, city=name))
                details += [
                    "- "
                    + say(
                        "rank_overview_line",
                        lang,
                        edition=edition(r["index_family"], r["edition"], lang),
                        standing=standing(r, lang),
                    )
                    for r in latest
                ]
                best = next((r for r in latest if r.get("rank") is not None), latest[0] if latest else None)
                if best is not None:
                    sentence, ok = rank_sentence(best, frame)
                    leads.append(sentence)
                    answered = answered and ok
                narrowed = Outcome(
                    outcome.name,
                    {**outcome.args, "index": best["index_family"]} if best else outcome.args,
                    {**outcome.result, "rows": [best] if best else []},
                )
                facts.append(fact(narrowed, [outcome.result["city"]]))
        return Part(" ".join(leads), details=details, answered=answered and bool(leads), facts=facts)


def _later_row(outcome: Outcome, outcomes: list[Outcome]) -> dict[str, Any] | str | None:
    """The city's ranked row in the edition after the one ``outcome`` asked (the edition's name while it has
    not been read), when the source notes how many places it moved there; None otherwise."""
    args = outcome.args
    if not (args.get("index") and args.get("edition")):
        return None
    try:
        asked = names.resolve_edition(args["index"], args["edition"])
    except UnknownNameError:
        return None
    later = step_edition(args["index"], asked, "next")
    if later is None or later not in names.known_editions(args["index"]):
        return None
    for other in outcomes:
        if other.name == "city_rank" and other.ok and other.args.get("edition") == later:
            if other.result.get("city") != outcome.result.get("city"):
                continue
            rows = [r for r in other.result["rows"] if r.get("rank") is not None and places_moved(r)]
            return rows[-1] if rows else None
    return later


def _move_sum(row: dict[str, Any]) -> Call:
    """The rank before a move the note states: the later rank plus the places risen."""
    where = f"{row['index_family']} {row['edition']}"
    return (
        "calculate",
        {
            "operation": "sum",
            "values": [
                {"label": f"{row['city']} rank, {where}", "value": float(row["rank"]), "period": row["edition"]},
                {"label": f"places {row['city']} rose by {where}", "value": float(places_moved(row) or 0)},
            ],
        },
    )


def _from_move(outcome: Outcome, outcomes: list[Outcome], frame: Frame) -> str | None:
    """'Hong Kong was 14th in GFCI 35, going by the note that it rose 5 places to 9th in GFCI 36 …'."""
    later = _later_row(outcome, outcomes)
    if not isinstance(later, dict):
        return None
    label = _move_sum(later)[1]["values"][0]["label"]
    done = [o.result for o in outcomes if o.name == "calculate" and o.ok and o.result["inputs"][0]["label"] == label]
    if not done:
        return None
    lang, rank = frame.language, int(done[-1]["result"])
    asked = names.resolve_edition(later["index_family"], outcome.args["edition"])
    return say(
        "rank_from_move",
        lang,
        city=city(later["city"], lang),
        place=place(rank, lang),
        rank=rank,
        edition=edition(later["index_family"], asked, lang),
        moved=places_moved(later),
        later=edition(later["index_family"], later["edition"], lang),
        later_place=place(later["rank"], lang),
        later_rank=later["rank"],
    )


def _ahead(row: dict[str, Any], outcomes: list[Outcome], frame: Frame) -> tuple[str, Fact] | None:
    """'Ahead of Shenzhen in GFCI 38: Hong Kong (1st).' for "who was ahead of it?", from the edition's table."""
    if row.get("rank") is None or row["rank"] <= 1:
        return None
    for outcome in outcomes:
        if outcome.ok and outcome.name == "ranking" and outcome.result.get("edition") == row["edition"]:
            above = sorted(
                (r for r in outcome.result["rows"] if r.get("rank") is not None and r["rank"] < row["rank"]),
                key=lambda r: r["rank"],
            )
            if not above:
                return None
            items = join([item(r, frame.language) for r in above], frame.language)
            where = edition(row["index_family"], row["edition"], frame.language)
            text = say("rank_ahead", frame.language, city=city(row["city"], frame.language), edition=where, items=items)
            return text, fact(outcome, [r["city"] for r in above])
    return None


def _compared(outcome: Outcome, frame: Frame) -> tuple[list[str], bool]:
    """One sentence per city of a compare result, and whether every one answers."""
    result, lines, ok = outcome.result, [], True
    for entry in result["entries"]:
        row = {**entry, "index_family": result["index_family"], "edition": result["edition"]}
        if entry["status"] == "not listed":
            where = edition(result["index_family"], result["edition"], frame.language)
            name = city(entry["city"], frame.language)
            lines.append(say("rank_not_listed", frame.language, city=name, edition=where))
            ok = False
            continue
        sentence, answers = rank_sentence(row, frame)
        lines.append(sentence)
        ok = ok and answers
    return lines, ok
