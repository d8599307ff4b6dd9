"""The highest or lowest: the peak period of a figure, the best-ranked of several cities, a city's best
edition, or who leads an edition."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant import names
from assistant.agent.language import Language
from assistant.agent.questions.arithmetic import metric_operands, plan_values, rank_editions, rank_operands, wants_score
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, error_part, fact, index_of
from assistant.agent.questions.listing import selected_rows
from assistant.agent.questions.series import same_length
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, edition, geography, index_name, join, metric_name, number, place, say


def _over_the_record(frame: Frame) -> bool:
    """ "the highest rating in the data", "最靠后的…（我们有数据的城市里）": over every edition of the index, when
    the question names no edition and no single city."""
    return (
        not frame.metrics
        and len(frame.cities) != 1
        and not frame.named_editions
        and not frame.relative
        and bool(cue("whole_record", frame.question))
    )


class MaxMinQuestion(QuestionType):
    kind: ClassVar[str] = "max_min"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        return bool(cue("asks.max_min", masked)) and bool(
            fields.metrics or fields.cities or fields.index or fields.top_n or fields.group
        )

    def plan(self, frame: Frame) -> list[Call]:
        if _over_the_record(frame):
            return [
                ("ranking", {"index": index_of(frame), "edition": e}) for e in names.known_editions(index_of(frame))
            ]
        if len(frame.cities) >= 2 or not (frame.cities or frame.metrics):
            editions = rank_editions(frame)
            return [("ranking", {"index": index_of(frame), "edition": editions[-1] if editions else None})]
        return plan_values(frame)

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        if frame.extreme == "both":  # "best and worst": the highest, then the lowest
            high, low = (self.write(frame.with_(extreme=end), outcomes, hits) for end in ("max", "min"))
            if not (high.answered and low.answered):
                return high
            details = [line for line in high.details if line not in low.details] + low.details
            return Part(f"{high.lead} {low.lead}", details=details, facts=high.facts + low.facts)
        lang = frame.language
        lowest = frame.extreme == "min"
        if frame.metrics:
            operands = metric_operands(frame, outcomes, lang, every=True)
            rows = same_length([o.row for o in operands], frame.question)
            if not rows:
                return Part(say("not_covered", lang), answered=False)
            pick = (min if lowest else max)(rows, key=lambda row: row["value"])
            chosen = next(o for o in operands if o.row is pick)
            lead = say(
                "min_value" if lowest else "max_value",
                lang,
                metric=metric_name(pick["metric"], lang),
                geo=geography(pick["geography"], lang),
                period=pick["period"],
                value=chosen.shown,
            )
            details = [f"- {o.period}: {o.shown}" for o in operands if o.row in rows]
            return Part(lead, details=details, facts=[fact(o, []) for o in outcomes if o.ok])
        if _over_the_record(frame):
            return self._over_editions(frame, outcomes, lowest)
        if len(frame.cities) >= 2 or not frame.cities:
            table = next((o for o in outcomes if o.name == "ranking"), None)
            if table is None or not table.ok:
                return error_part(table, lang) if table else Part(say("not_covered", lang), answered=False)
            chosen = [r for r in table.result["rows"] if r["city"] in frame.cities] or selected_rows(frame, table)
            if frame.tier is not None and not frame.cities:  # "the best of tier 3": within that tier only
                chosen = [r for r in chosen if r.get("tier") == frame.tier]
                if chosen and all(r.get("rank") is None for r in chosen):
                    where = edition(table.result["index_family"], table.result["edition"], lang)
                    members = join([city(r["city"], lang) for r in chosen], lang)
                    lead = say("tier_order_unpublished", lang, tier=frame.tier, edition=where, members=members)
                    return Part(lead, facts=[fact(table, [r["city"] for r in chosen])], answered=False, final=True)
            if wants_score(frame):
                return self._by_score(frame, table, chosen, lowest)
            rows = [r for r in chosen if r.get("rank") is not None]
            if not rows:
                return Part(say("not_covered", lang), answered=False)
            pick = (max if lowest else min)(rows, key=lambda row: row["rank"])
            where = edition(table.result["index_family"], table.result["edition"], lang)
            lead = _picked(pick, where, lowest, False, lang)
            details = [f"- {city(r['city'], lang)}: {place(r['rank'], lang)}" for r in rows]
            return Part(lead, details=details, facts=[fact(table, [r["city"] for r in rows])])
        score = wants_score(frame)
        editions = frame.editions if score else []  # ratings over the editions asked; ranks over all of them
        operands = rank_operands(frame.with_(editions=editions), outcomes, lang, score=score)
        if not operands:
            return Part(say("not_covered", lang), answered=False)
        target = ((max if lowest else min) if not score else (min if lowest else max))(o.value for o in operands)
        at = [o for o in operands if o.value == target]
        if score:
            lead = say(
                "lowest_rating" if lowest else "highest_rating",
                lang,
                city=city(at[0].city or "", lang),
                index=index_name(index_of(frame), lang),
                score=number(target),
                editions=join([o.period for o in at], lang),
            )
            details = [f"- {o.period}: {number(o.value)}" for o in operands]
            return Part(lead, details=details, facts=[fact(o, frame.cities[:1]) for o in outcomes if o.ok])
        lead = say(
            "worst_edition" if lowest else "best_edition",
            lang,
            city=city(at[0].city or "", lang),
            index=index_name(index_of(frame), lang),
            place=place(int(target), lang),
            rank=int(target),
            editions=join([o.period for o in at], lang),
        )
        return Part(lead, facts=[fact(o, frame.cities[:1]) for o in outcomes if o.ok])

    def _over_editions(self, frame: Frame, outcomes: list[Outcome], lowest: bool) -> Part:
        """The best or worst place (or rating) any city had in any edition on record."""
        lang, score = frame.language, wants_score(frame)
        tables = [o for o in outcomes if o.name == "ranking" and o.ok]
        key = "score" if score else "rank"
        rows = [r for t in tables for r in t.result["rows"] if r.get(key) is not None]
        rows = [r for r in rows if r["city"] in frame.cities] if frame.cities else rows
        if not rows:
            return Part(say("not_covered", lang), answered=False)
        pick_by = (max if not score else min) if lowest else (min if not score else max)
        pick = pick_by(rows, key=lambda row: row[key])
        where = edition(pick["index_family"], pick["edition"], lang)
        lead = (
            _picked(pick, where, lowest, score, lang)
            + " "
            + say("over_editions_on_record", lang, n=len(tables), index=index_name(index_of(frame), lang))
        )
        held = [t for t in tables if t.result["edition"] == pick["edition"]]
        return Part(lead, facts=[fact(t, [pick["city"]]) for t in held])

    def _by_score(self, frame: Frame, table: Outcome, rows: list[dict[str, Any]], lowest: bool) -> Part:
        """The highest- or lowest-rated of the rows (ratings where published)."""
        lang = frame.language
        rated = [r for r in rows if r.get("score") is not None]
        if not rated:
            return Part(
                say(
                    "score_none_index",
                    lang,
                    edition=edition(table.result["index_family"], table.result["edition"], lang),
                ),
                answered=False,
            )
        pick = (min if lowest else max)(rated, key=lambda row: row["score"])
        where = edition(table.result["index_family"], table.result["edition"], lang)
        lead = _picked(pick, where, lowest, True, lang)
        details = [f"- {city(r['city'], lang)}: {number(r['score'])}" for r in rated]
        return Part(lead, details=details, facts=[fact(table, [pick["city"]])])


def _picked(row: dict[str, Any], where: str, lowest: bool, score: bool, lang: Language) -> str:
    """'X was the best-placed city in <edition> (3rd)', or by rating: the lead naming the city picked."""
    if score:
        key = "lowest_rated" if lowest else "highest_rated"
        return say(key, lang, city=city(row["city"], lang), edition=where, score=number(row["score"]))
    key = "worst_city" if lowest else "best_city"
    return say(key, lang, city=city(row["city"], lang), edition=where, place=place(row["rank"], lang), rank=row["rank"])
