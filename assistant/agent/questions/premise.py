"""Checking what a question states or asks to confirm ("Beijing dropped out of the top ten", "is London
5th?", "did Shanghai rise?") against the rank tables. Yes/no questions answer from it; any other question
whose premise is false is answered by correcting it first."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant import names
from assistant.agent.questions.arithmetic import metric_operands, rank_editions, wants_score
from assistant.agent.questions.base import Call, Outcome, edition_gap, index_of
from assistant.agent.questions.series import expand
from assistant.agent.reading.detectors import cue, stated_quantities
from assistant.agent.reading.frame import Claim, Frame
from assistant.agent.writing import (
    city,
    edition,
    figure_fields,
    number,
    place,
    quantity,
    restated,
    say,
    standing,
)

RANK_CLAIMS = ("rank", "first", "in_top", "out_of_top", "tier")


@dataclass
class Verdict:
    """Whether a claim holds (None: the data cannot tell), the sentence of fact, and the rows behind it."""

    holds: bool | None
    fact: str
    rows: list[dict[str, Any]]
    claim: Claim


def claimed_editions(frame: Frame) -> list[str]:
    """The edition a claim is about: the frame's own ("上一期呢？" after GFCI 38: GFCI 37), else those a rank
    calculation would use."""
    return frame.named_editions[-1:] or rank_editions(frame)


def claim_calls(frame: Frame) -> list[Call]:
    """The city_rank calls that can settle the frame's claims, and the edition's table for who holds a place."""
    cities = {c for claim in frame.claims for c in (claim.city, claim.other) if c}
    calls: list[Call] = [("city_rank", {"city": name, "index": index_of(frame)}) for name in sorted(cities)]
    for claim in frame.claims:  # a claim about another ranking than the question's ("… but ahead on the fintech list")
        own = index_of(_in_claimed_edition(frame, claim))
        calls += [
            ("city_rank", {"city": name, "index": own})
            for name in (claim.city, claim.other)
            if name and ("city_rank", {"city": name, "index": own}) not in calls
        ]
    if index_of(frame) in names.GFCI_FAMILIES:  # a rating stated may be the other GFCI ranking's
        other = next(f for f in names.GFCI_FAMILIES if f != index_of(frame))
        rated = sorted({claim.city for claim in frame.claims if claim.kind == "value" and claim.city})
        calls += [("city_rank", {"city": name, "index": other}) for name in rated]
    for claim in frame.claims:
        if claim.kind in ("rank", "first", "higher", "lower") or _top_n(claim):
            editions = claimed_editions(_in_claimed_edition(frame, claim))
            own = index_of(_in_claimed_edition(frame, claim))
            call = ("ranking", {"index": own, "edition": editions[-1] if editions else None})
            calls += [call] if call not in calls else []
    return calls


def _in_claimed_edition(frame: Frame, claim: Claim) -> Frame:
    """The frame as the claim reads it: "given Tokyo was 5th in GFCI 36, where is it in GFCI 37?" states
    something about GFCI 37; "behind overall but ahead on the fintech list" states two things about two rankings."""
    frame = frame.with_(index=claim.index) if claim.index else frame
    return frame.with_(editions=[claim.edition]) if claim.edition else frame


def _top_n(claim: Claim) -> bool:
    """A claim about a stated top N ("in the top 10"), not about being listed at all."""
    return claim.kind in ("in_top", "out_of_top") and claim.number is not None and claim.number < 1000


def _complete_to(outcomes: list[Outcome], top: int) -> bool:
    """Whether the edition table read holds every place from 1 to ``top`` (then a city missing from it is
    outside the top N; otherwise the data cannot tell)."""
    for outcome in outcomes:
        if outcome.ok and outcome.name == "ranking":
            ranks = {row["rank"] for row in outcome.result["rows"] if row.get("rank") is not None}
            return set(range(1, top + 1)) <= ranks
    return False


def _holder(frame: Frame, outcomes: list[Outcome], rank: int, edition_id: str) -> str:
    """'Shanghai ranked 2nd.': who does hold the place a false claim gives another city ('' when unknown)."""
    for outcome in outcomes:
        if outcome.ok and outcome.name == "ranking" and outcome.result["edition"] == edition_id:
            holders = [row["city"] for row in outcome.result["rows"] if row.get("rank") == rank]
            if holders:
                where = edition(outcome.result["index_family"], edition_id, frame.language)
                return " " + say(
                    "claim_rank",
                    frame.language,
                    city=city(holders[0], frame.language),
                    place=place(rank, frame.language),
                    rank=rank,
                    edition=where,
                )
    return ""


def _rows(outcomes: list[Outcome], name: str, index: str | None = None) -> list[dict[str, Any]]:
    """The city's rank rows (of ``index`` only, when given), oldest edition first."""
    for outcome in outcomes:
        if outcome.ok and outcome.name == "city_rank" and outcome.result["city"] == name:
            rows = [row for row in outcome.result["rows"] if index is None or row.get("index_family") == index]
            if rows or index is None:
                return sorted(rows, key=lambda row: names.edition_sort_key(row["edition"]))
    return []


def _other_rating(frame: Frame, claim: Claim, outcomes: list[Outcome]) -> str:
    """ "Chengdu's rating in the GFCI FinTech ranking GFCI 37 was 705.": when a rating stated for a city is its rating
    in the other GFCI ranking of the same edition number (the FinTech ranking and the overall rating are two
    different ratings), that rating where it belongs; '' otherwise."""
    family = index_of(frame)
    if claim.kind != "value" or claim.number is None or family not in names.GFCI_FAMILIES:
        return ""
    other = next(f for f in names.GFCI_FAMILIES if f != family)
    numbers = {names.gfci_number(e) for e in claimed_editions(frame)}
    for row in _rows(outcomes, claim.city or "", other):
        wanted = not numbers or names.gfci_number(row["edition"]) in numbers
        if wanted and row.get("score") is not None and abs(float(row["score"]) - float(claim.number)) < 0.5:
            where = edition(other, row["edition"], frame.language)
            shown = number(row["score"])
            return say("score_value_unranked", frame.language, city=city(row["city"], frame.language), edition=where,
                       score=shown)  # fmt: skip
    return ""


def _in_edition(rows: list[dict[str, Any]], frame: Frame) -> dict[str, Any] | None:
    editions = claimed_editions(frame)
    if editions:
        return next(
            (r for r in rows if r["edition"] == editions[-1] or r["edition"].startswith(f"{editions[-1]} ")), None
        )
    return rows[-1] if rows else None


def _edition_text(frame: Frame, row: dict[str, Any] | None) -> str:
    family = row["index_family"] if row else index_of(frame)
    chosen = row["edition"] if row else (claimed_editions(frame) or ["?"])[-1]
    return edition(family, chosen, frame.language)


def _elsewhere(frame: Frame, claim: Claim, rows: list[dict[str, Any]], key: str) -> str:
    """ "15th was its place in GFCI 36.": the other edition of the same ranking in which the city held the rank
    (``key`` "rank") or rating ("score") the question states for this one ('' when none did)."""
    if claim.kind not in ("rank", "value") or claim.number is None:
        return ""
    chosen = claimed_editions(frame)
    for row in reversed(rows):
        held = row.get(key)
        other_edition = not chosen or not (row["edition"] == chosen[-1] or row["edition"].startswith(f"{chosen[-1]} "))
        if held is not None and other_edition and abs(float(held) - float(claim.number)) < 0.5:
            lang = frame.language
            where, name = edition(row["index_family"], row["edition"], lang), city(row["city"], lang)
            if key == "rank":
                return " " + say(
                    "claim_rank", lang, city=name, place=place(int(held), lang), rank=int(held), edition=where
                )
            return " " + say("score_value_unranked", lang, city=name, score=number(held), edition=where)
    return ""


def check(frame: Frame, claim: Claim, outcomes: list[Outcome]) -> Verdict:
    """Settle one claim with the rank rows of its cities."""
    lang = frame.language
    frame = _in_claimed_edition(frame, claim)
    rows = _rows(outcomes, claim.city or "", index_of(frame))
    if claim.kind in RANK_CLAIMS and (cue("every_edition", frame.question) or cue("any_edition", frame.question)):
        return _over_editions(frame, claim, rows)
    if claim.kind in RANK_CLAIMS:
        row = _in_edition(rows, frame)
        where = _edition_text(frame, row)
        if row is None:
            fact = say("rank_not_listed", lang, city=city(claim.city or "", lang), edition=where)
            chosen = claimed_editions(frame)
            noted = names.NOTED_TOP.get((index_of(frame), chosen[-1], claim.city or "")) if chosen else None
            if noted is not None and _top_n(claim):  # "Shanghai rose into the top 10", says the edition's note
                fact = say("rank_noted_top", lang, city=city(claim.city or "", lang), edition=where, n=noted)
                inside = noted <= int(claim.number or 0)
                return Verdict((inside if claim.kind == "in_top" else not inside) if inside else None, fact, [], claim)
            if _top_n(claim) and not _complete_to(outcomes, int(claim.number or 0)):
                return Verdict(None, fact, [], claim)
            if claim.kind in ("rank", "first") and (chosen := claimed_editions(frame)):
                fact += _holder(frame, outcomes, int(claim.number or 1), chosen[-1])  # who does hold that place
            fact += _elsewhere(frame, claim, rows, "rank")  # "15th": the place it held in another edition
            return Verdict(claim.kind == "out_of_top", fact, [], claim)
        rank = row.get("rank")
        if claim.kind == "tier":
            tier = row.get("tier")
            ranked = {"place": place(rank, lang), "rank": rank} if rank is not None else None
            fact = (
                say("rank_tier_ranked", lang, city=city(row["city"], lang), tier=tier, edition=where, **ranked)
                if tier and ranked
                else say("rank_tier", lang, city=city(row["city"], lang), tier=tier, edition=where)
                if tier
                else (
                    say(
                        "claim_rank",
                        lang,
                        city=city(row["city"], lang),
                        place=place(rank, lang),
                        rank=rank,
                        edition=where,
                    )
                    if rank is not None
                    else say("rank_not_listed", lang, city=city(row["city"], lang), edition=where)
                )
            )
            return Verdict(tier == claim.number if tier else None, fact, [row], claim)
        if rank is None and row.get("tier") is None:  # a rating without a rank (Chengdu in GFCI 37)
            fact = say("rank_score_only", lang, city=city(row["city"], lang), score=number(row["score"]), edition=where)
            return Verdict(False, fact, [row], claim)
        if rank is None:
            fact = say("rank_tier", lang, city=city(row["city"], lang), tier=row.get("tier"), edition=where)
            if claim.kind in ("rank", "first"):  # a tier-only city was not given an exact place
                fact += _holder(frame, outcomes, int(claim.number or 1), row["edition"])
                return Verdict(False, fact, [row], claim)
            if claim.kind in ("in_top", "out_of_top") and not _top_n(claim):  # "is it in the index at all?": listed
                return Verdict(claim.kind == "in_top", fact, [row], claim)
            return Verdict(None, fact, [row], claim)
        fact = say("claim_rank", lang, city=city(row["city"], lang), place=place(rank, lang), rank=rank, edition=where)
        wanted = claim.number or 1
        holds = {
            "rank": rank == wanted,
            "first": rank == 1,
            "in_top": rank <= wanted,
            "out_of_top": rank > wanted,
        }[claim.kind]
        if not holds and claim.kind in ("rank", "first"):
            fact += _holder(frame, outcomes, int(claim.number or 1), row["edition"])
            fact += _elsewhere(frame, claim, rows, "rank")
        return Verdict(holds, fact, [row], claim)
    if claim.kind in ("up", "down", "changed"):
        key = "score" if wants_score(frame) else "rank"  # "what % rise is that?" after ratings: the rating
        ranked = [r for r in rows if r.get(key) is not None]
        editions = rank_editions(frame)
        if len(editions) >= 2:
            ranked = [r for r in ranked if any(r["edition"] == e or r["edition"].startswith(f"{e} ") for e in editions)]
        if len(ranked) < 2:
            return Verdict(None, say("not_covered", lang), ranked, claim)
        # over the editions named ("from GFCI 36 to GFCI 38") or any move: the ends; else the last step
        ends = claim.kind == "changed" or len(editions) >= 2
        before, after = (ranked[0], ranked[-1]) if ends else (ranked[-2], ranked[-1])
        fact = say(
            "claim_moved",
            lang,
            city=city(before["city"], lang),
            from_standing=standing(before, lang),
            from_edition=edition(before["index_family"], before["edition"], lang),
            to_standing=standing(after, lang),
            to_edition=edition(after["index_family"], after["edition"], lang),
        )
        better = (lambda a, b: a > b) if key == "score" else (lambda a, b: a < b)
        rose, fell = better(after[key], before[key]), better(before[key], after[key])
        if claim.kind == "changed":  # any move over the editions, not only between the ends
            return Verdict(len({r[key] for r in ranked}) > 1, fact, [before, after], claim)
        return Verdict(rose if claim.kind == "up" else fell, fact, [before, after], claim)
    if claim.kind == "value":  # a stated rating ("New York, rated 770 in GFCI 38, …")
        row = _in_edition(rows, frame)
        held = row is not None and row.get("score") is not None and abs(float(row["score"]) - (claim.number or 0)) < 0.5
        if not held and (other := _other_rating(frame, claim, outcomes)):  # the other GFCI ranking's rating
            return Verdict(False, other + " " + say("ratings_apart", lang), [], claim)
        elsewhere = _elsewhere(frame, claim, rows, "score")  # "rated 732 in GFCI 38": 732 was GFCI 37's rating
        if (row is None or row.get("score") is None) and elsewhere:
            where = _edition_text(frame, row)
            name = city(claim.city or "", lang)
            fact = (
                say("claim_rank", lang, city=name, place=place(row["rank"], lang), rank=row["rank"], edition=where)
                if row is not None and row.get("rank") is not None
                else say("rank_not_listed", lang, city=name, edition=where)
            )
            return Verdict(False, fact + elsewhere, [row] if row else [], claim)
        if row is None or row.get("score") is None:
            return Verdict(None, say("not_covered", lang), [row] if row else [], claim)
        where = _edition_text(frame, row)
        score = number(row["score"])
        fact = say("score_value_unranked", lang, city=city(row["city"], lang), edition=where, score=score)
        holds = abs(float(row["score"]) - float(claim.number or 0)) < 0.5
        return Verdict(holds, fact + ("" if holds else elsewhere), [row], claim)
    # higher / lower: two cities in one edition
    first = _in_edition(rows, frame)
    second = _in_edition(_rows(outcomes, claim.other or "", index_of(frame)), frame)
    listed = first or second
    one_listed = (first is None) != (second is None) and listed is not None and listed.get("rank") is not None
    # one city ranked, the other not listed in a table complete down to that place: the listed one is ahead
    if one_listed and listed is not None and _complete_to(outcomes, int(listed["rank"])):
        other = claim.other if first is not None else claim.city
        fact = say(
            "claim_order_unlisted",
            lang,
            edition=_edition_text(frame, listed),
            listed=city(listed["city"], lang),
            standing=standing(listed, lang),
            other=city(other or "", lang),
        )
        ahead = first is not None
        return Verdict(ahead if claim.kind == "higher" else not ahead, fact, [listed], claim)
    if first is None or second is None:
        return Verdict(None, say("not_covered", lang), [r for r in (first, second) if r], claim)
    fact = say(
        "claim_order",
        lang,
        edition=_edition_text(frame, first),
        first=city(first["city"], lang),
        first_standing=standing(first, lang),
        second=city(second["city"], lang),
        second_standing=standing(second, lang),
    )
    ranked = first.get("rank") is not None and second.get("rank") is not None
    tiers = (first.get("tier"), second.get("tier"))
    if not ranked and (None in tiers or tiers[0] == tiers[1]):  # same tier, order unpublished: cannot tell
        return Verdict(None, fact, [first, second], claim)
    places = (first["rank"], second["rank"]) if ranked else tiers  # a better tier is ahead of a worse one
    ahead = places[0] < places[1]
    return Verdict(ahead if claim.kind == "higher" else places[0] > places[1], fact, [first, second], claim)


def _over_editions(frame: Frame, claim: Claim, rows: list[dict[str, Any]]) -> Verdict:
    """A rank claim over every edition ("always first") or any edition ("ever first") of the index."""
    lang = frame.language
    wanted = claim.number or 1

    def meets(row: dict[str, Any]) -> bool:
        rank = row.get("rank")
        if rank is None:
            return claim.kind == "out_of_top"
        return {"rank": rank == wanted, "first": rank == 1, "in_top": rank <= wanted, "out_of_top": rank > wanted}[
            claim.kind
        ]

    met = [row for row in rows if meets(row)]
    holds = bool(met) if cue("any_edition", frame.question) else bool(rows) and len(met) == len(rows)
    shown = met if cue("any_edition", frame.question) and met else rows
    facts = "; ".join(f"{row['edition']}: {standing(row, lang)}" for row in shown)
    index = shown[0]["index_family"] if shown else index_of(frame)
    fact = say(
        "claim_over_editions",
        lang,
        city=city(claim.city or "", lang),
        index=names.display_name("index", index, lang),
        facts=facts or "—",
    )
    return Verdict(holds, fact, shown, claim)


def correction(frame: Frame, outcomes: list[Outcome]) -> str | None:
    """'No: Beijing ranked 3rd in 2025. It did not leave the top 10.' when a stated premise is false; every false
    claim of the question is corrected ("scored 775 and kept the top spot?": the rating and who was first)."""
    if edition_gap(frame) is not None:
        return None  # an edition not out yet ("#1 in the 2026 index?") states nothing the data can check
    facts: list[str] = []
    for claim in frame.claims:
        verdict = check(frame, claim, outcomes)
        if verdict.holds is False:
            fact = verdict.fact
            if claim.kind == "out_of_top":
                top = restated(int(claim.number or 10), frame.language)
                fact += " " + say("premise_not_out", frame.language, n=top)
            facts += [sentence for sentence in _sentences(fact) if sentence not in facts]
    return say("premise_wrong", frame.language, fact=" ".join(facts)) if facts else None


def _sentences(text: str) -> list[str]:
    """The sentences of a fact (two claims about one city may state the same one)."""
    return [s for s in re.split(r"(?<=[.。])\s*", text.strip()) if s]


def figure_correction(frame: Frame, outcomes: list[Outcome]) -> str | None:
    """'No: it fell from 196.3 to 113.7 billion USD.' when a question says a figure rose (or fell) and it did not."""
    says_up, says_down = bool(cue("direction.up", frame.question)), bool(cue("direction.down", frame.question))
    if not frame.metrics or says_up == says_down:
        return None
    operands = metric_operands(frame.with_(ask="difference"), outcomes, frame.language)  # one period: vs the one before
    if len(operands) < 2:
        return None
    first, last = operands[0], operands[-1]
    if (last.value > first.value) == says_up or last.value == first.value:
        return None
    moved = say("fell" if last.value < first.value else "rose", frame.language)
    fact = say(
        "figure_moved",
        frame.language,
        moved=moved,
        first=first.shown,
        first_period=first.period,
        last=last.shown,
        last_period=last.period,
    )
    return say("premise_wrong", frame.language, fact=fact)


STATED_CHECKED = ("difference", "percent_change", "trend")  # a total or average may state its own result


def stated_figure_correction(frame: Frame, outcomes: list[Outcome]) -> str | None:
    """'No: Innovate Finance's 2024 VC was 43.5 billion USD, not 53.5bn.' when a change or trend question states a
    figure of the one series it reads, for a period it names, and the table's figure for that period differs."""
    reads = [o for o in outcomes if o.name == "metric" and o.ok]
    if frame.ask not in STATED_CHECKED or len(reads) != 1:
        return None
    rows = [row for row in reads[0].result["rows"] if row.get("value") is not None]
    if frame.geography:
        rows = [row for row in rows if row["geography"] == frame.geography]
    wrong = misstated(frame, rows)
    if wrong is None:
        return None
    row, written = wrong
    lang = frame.language
    return say(
        "premise_value_wrong",
        lang,
        **figure_fields(row, lang),
        value=quantity(row["value"], row.get("unit"), lang),
        claimed=written,
    )


MONEY = re.compile(r"billion|million|USD|CNY", re.IGNORECASE)
CLAUSE_BREAK = re.compile(
    r"[,，;；。:：?？!！—–]|\s-\s|\b(?:to|and|then|but|vs\.?|versus)\b|到|至|而|但|比", re.IGNORECASE
)


def misstated(frame: Frame, rows: list[dict[str, Any]]) -> tuple[dict[str, Any], str] | None:
    """A figure the question states for a period of ``rows`` (the period in the figure's own clause, "54.2bn in
    2022"), with that period's row, when the row's figure differs; rough figures ("about 200bn") are not checked."""
    if cue("approximately", frame.question):
        return None
    periods = expand(frame.periods)
    money = [row for row in rows if MONEY.search(str(row.get("unit") or ""))]
    for figure, written in stated_quantities(frame.question):
        kind = money if written.absolute is not None else [r for r in rows if r not in money]  # "196.3bn" is no count
        holders = names.metrics_holding(round(figure, 6), tuple(periods))
        if holders and not any(row["metric"] in holders for row in kind):
            continue  # another series' published figure ("…375.4bn and Hong Kong's 363.9bn"): no claim about this one
        clause = _clause_of(frame.question, written.text)
        own = [p for p in periods if p[:4] in clause and (not _half(p) or _half(p) in clause.lower())]
        if len(own) == 1:
            row = next((r for r in kind if r["period"] == own[0]), None)
            if row is not None and not _same_figure(figure, written, float(row["value"])):
                return row, written.text.strip()
            continue
        if any(_same_figure(figure, written, float(row["value"])) for row in kind):
            continue
        period = _period_beside(frame.question, written.text, periods)
        row = next((r for r in kind if r["period"] == period), None)
        if row is not None:
            return row, written.text.strip()
    return None


def _half(period: str) -> str:
    """ "h1" / "h2" of a half-year period ("" for a year)."""
    return period[-2:].lower() if "-H" in period else ""


def _clause_of(question: str, text: str) -> str:
    """The clause of ``question`` that holds ``text`` (between commas, "to", "到" ...)."""
    at = question.find(text)
    if at < 0:
        return question
    starts = [m.end() for m in CLAUSE_BREAK.finditer(question) if m.end() <= at]
    ends = [m.start() for m in CLAUSE_BREAK.finditer(question) if m.start() >= at + len(text)]
    return question[(starts[-1] if starts else 0) : (ends[0] if ends else len(question))]


def _same_figure(figure: float, written: Any, value: float) -> bool:
    """Whether a stated figure is the table's value as written (to the precision it is written with)."""
    precision = 0.5 * 10 ** (-written.decimals) if written.absolute is None else 0.0
    if written.absolute is not None:  # "53.5bn": precision in the figure's own scale
        scale = written.absolute / written.raw / 1e9 if written.raw else 1.0
        precision = 0.5 * 10 ** (-written.decimals) * scale
    return abs(figure - value) <= max(precision, abs(value) * 0.005, 1e-9)


def _period_beside(question: str, text: str, periods: list[str]) -> str | None:
    """The period of ``periods`` written nearest to the figure ``text`` in the question."""
    at = question.find(text)
    best: tuple[int, str] | None = None
    for period in periods:
        for found in [i for i in range(len(question)) if question.startswith(period[:4], i)]:
            distance = abs(found - at)
            if best is None or distance < best[0]:
                best = (distance, period)
    return best[1] if best else None
