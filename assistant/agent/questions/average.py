"""An average, computed by the calculate tool: of a figure over periods, of a city's ranks over editions,
of several cities' ranks or ratings in one edition, or an average deal size (an amount divided by its deals)."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant import names
from assistant.agent.questions.arithmetic import (
    ArithmeticQuestion,
    Operand,
    calculation,
    cannot_compute,
    computed_result,
    metric_operand,
    metric_operands,
    plan_values,
    rank_editions,
    rank_operand,
    rank_operands,
    shown_unit,
    wants_score,
    whole_year,
    year_sums,
)
from assistant.agent.questions.base import Call, Outcome, Part, fact, index_of
from assistant.agent.questions.listing import selected_rows
from assistant.agent.questions.series import one_geography, rows_for
from assistant.agent.reading.detectors import cue, read_editions
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, edition, index_name, join, number, quantity, say


def asks_per_deal(frame: Frame) -> bool:
    """An average deal size is asked, or a follow-up naming only another period continues one ("the year after?")."""
    if cue("per_deal", frame.question):
        return True
    previous = frame.previous
    return frame.follow_up and previous is not None and previous.ask == "average" and asks_per_deal(previous)


def across_cities(frame: Frame) -> bool:
    """Whether the values are several cities' places or ratings in one edition (named, filtered, a top N, or
    every city listed when ratings of one edition are asked)."""
    if frame.metrics:
        return False
    whole_edition = not frame.cities and bool(frame.index) and wants_score(frame) and len(frame.named_editions) <= 1
    return len(frame.cities) >= 2 or bool(frame.group or frame.top_n or frame.tier) or whole_edition


def across_indices(frame: Frame) -> bool:
    """Whether the values are one city's places in several rankings ("its average rank over the GFCDI and the
    Hub report")."""
    return not frame.metrics and len(frame.cities) == 1 and len(set(frame.indices)) >= 2


def index_calls(frame: Frame) -> list[Call]:
    """The city's row in each ranking named, in the edition the question names for it (else the latest)."""
    calls: list[Call] = []
    for family in dict.fromkeys(frame.indices):
        named = read_editions(frame.question, family)
        calls.append(("city_rank", {"city": frame.cities[0], "index": family, "edition": named[-1] if named else None}))
    return calls


def index_operands(frame: Frame, outcomes: list[Outcome]) -> list[Operand]:
    """The city's place in each ranking read (the edition asked, else its latest ranked row)."""
    operands = []
    for outcome in outcomes:
        if outcome.name != "city_rank" or not outcome.ok:
            continue
        ranked = [row for row in outcome.result["rows"] if row.get("rank") is not None]
        if ranked:
            operands.append(rank_operand(ranked[-1], "rank", frame.language))
    return operands


def edition_table(frame: Frame) -> Call:
    editions = rank_editions(frame)
    return ("ranking", {"index": index_of(frame), "edition": editions[-1] if editions else None})


def city_operands(frame: Frame, outcomes: list[Outcome]) -> list[Operand]:
    """The ranks (or ratings) of the cities the frame selects in the edition's table."""
    table = next((o for o in outcomes if o.name == "ranking" and o.ok), None)
    if table is None:
        return []
    rows = table.result["rows"]
    rows = [r for r in rows if r["city"] in frame.cities] if frame.cities else selected_rows(frame, table)
    key = "score" if wants_score(frame) else "rank"
    return [rank_operand(row, key, frame.language) for row in rows if row.get(key) is not None]


class AverageQuestion(ArithmeticQuestion):
    kind: ClassVar[str] = "average"
    per_metric: ClassVar[bool] = False  # an amount over its deal count is one average: the per-deal size

    def cued(self, masked: str) -> bool:
        return super().cued(masked) or bool(cue("per_deal", masked))

    def detects(self, masked: str, fields: Any, previous: Frame | None) -> bool:
        return self.cued(masked) and bool(
            fields.metrics
            or fields.cities
            or fields.group
            or fields.top_n
            or fields.tier is not None
            or (fields.index and cue("asks.score", masked))  # "the average rating in GFCI 37": its listed cities
        )

    def plan(self, frame: Frame) -> list[Call]:
        amount = self._per_deal(frame)
        if amount:
            calls = [("metric", {"metric": amount, "geography": frame.geography})]
            return [*calls, ("metric", {"metric": names.DEAL_COUNTERPARTS[amount], "geography": frame.geography})]
        if across_cities(frame):
            return [edition_table(frame)]
        if across_indices(frame):
            return index_calls(frame)
        return plan_values(frame)

    def _per_deal(self, frame: Frame) -> str | None:
        """The amount metric of an average-deal-size question ("KPMG deal size" reads as the deal count)."""
        if not (asks_per_deal(frame) and frame.metrics):
            return None
        inverse = {deals: amount for amount, deals in names.DEAL_COUNTERPARTS.items()}
        metric = inverse.get(frame.metrics[0], frame.metrics[0])
        return metric if metric in names.DEAL_COUNTERPARTS else None

    def _operands(self, frame: Frame, outcomes: list[Outcome]) -> list[Operand]:
        lang = frame.language
        if self._per_deal(frame):
            return self._deal_pair(frame, outcomes)
        if across_cities(frame):
            return city_operands(frame, outcomes)
        if across_indices(frame):
            return index_operands(frame, outcomes)
        if frame.metrics and cue("both_halves", frame.question):  # "the average of 2024's two halves"
            years = list(dict.fromkeys(p[:4] for p in frame.periods if p[:4].isdigit()))
            operands = metric_operands(frame.with_(periods=years), outcomes, lang, every=True)
            return [o for o in operands if "-H" in o.period] or operands
        if frame.metrics:
            return metric_operands(frame, outcomes, lang, every=True)
        return rank_operands(frame, outcomes, lang, score=wants_score(frame))

    def _series(self, frame: Frame, outcomes: list[Outcome]) -> list[list[dict[str, Any]]]:
        return [
            one_geography([r for r in o.result["rows"] if r.get("value") is not None], frame)
            for o in outcomes
            if o.name == "metric" and o.ok
        ]

    def _deal_pair(self, frame: Frame, outcomes: list[Outcome]) -> list[Operand]:
        """The amount and the deal count of the period asked (else the latest both have): two published rows,
        or the totals of a year's two halves once they are computed."""
        series = self._series(frame, outcomes)
        if len(series) < 2:
            return []
        amounts, deals = series
        for period in frame.periods or [r["period"] for r in reversed(amounts)]:
            amount = whole_year(rows_for(amounts, period), period, outcomes)
            count = whole_year(rows_for(deals, period), period, outcomes)
            if len(amount) == 1 and len(count) == 1:
                return [metric_operand(amount[0], frame.language), metric_operand(count[0], frame.language)]
            if len(amount) == 2 and len(count) == 2:  # halves whose sums are still to come
                return []
        return []

    def follow_one(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        operands = self._operands(frame, outcomes)
        if self._per_deal(frame):
            if len(operands) == 2:
                return [calculation("ratio", operands)]
            return year_sums(frame, outcomes, frame.language, frame.periods[-1:])
        return [calculation("mean", operands)] if len(operands) >= 2 else []

    def write_one(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        operands = self._operands(frame, outcomes)
        result = computed_result(outcomes, "ratio" if self._per_deal(frame) else "mean")
        table = next((o for o in outcomes if o.name == "ranking" and o.ok), None)
        if result is None and table is not None and wants_score(frame) and not operands:  # an index without ratings
            where = edition(table.result["index_family"], table.result["edition"], lang)
            return Part(say("score_none_index", lang, edition=where), answered=False, facts=[fact(table, [])])
        if result is None:
            return cannot_compute(operands, lang)
        facts = [
            fact(o, frame.cities[:1] or [r.city for r in operands if r.city][:3])
            for o in outcomes
            if o.name != "calculate" and o.ok
        ]
        notes = [say("note_computed", lang)]
        if self._per_deal(frame):
            amount, deals = operands
            per_deal = result["result"] * 1000  # billions per deal, shown in millions
            unit = (amount.unit or "").replace("billion", "million")
            lead = say(
                "average_company" if deals.unit == "companies" else "average_deal",
                lang,
                period=amount.period,
                amount=amount.shown,
                deals=deals.shown,
                result=quantity(per_deal, unit, lang, exact=False),
            )
            return Part(lead, notes=notes, facts=facts)
        if frame.metrics:
            parts = join([f"{o.period}: {o.shown}" for o in operands], lang)
            lead = say(
                "average_values", lang, result=shown_unit(result["result"], result.get("unit"), lang), parts=parts
            )
        elif across_indices(frame):
            value = "{where}（{value:g}）" if lang == "zh" else "{where} ({value:g})"
            shown = [
                value.format(where=edition(o.row["index_family"], o.row["edition"], lang), value=o.value)
                for o in operands
            ]
            parts = join(shown, lang)
            lead = say(
                "average_ranks_across",
                lang,
                city=city(operands[0].city or "", lang),
                parts=parts,
                result=number(round(result["result"], 2)),
            )
        elif across_cities(frame):
            row = operands[0].row
            parts = join([f"{city(o.city or '', lang)} ({o.value:g})" for o in operands], lang)
            key = "average_scores" if wants_score(frame) else "average_city_ranks"
            lead = say(
                key,
                lang,
                edition=edition(row["index_family"], row["edition"], lang),
                parts=parts,
                result=number(round(result["result"], 2)),
            )
        else:
            parts = join([f"{o.period} ({o.value:g})" for o in operands], lang)
            lead = say(
                "average_city_scores" if wants_score(frame) else "average_ranks",
                lang,
                city=city(operands[0].city or "", lang),
                index=index_name(index_of(frame), lang),
                parts=parts,
                result=number(round(result["result"], 2)),
            )
        return Part(lead, notes=notes, facts=facts)
