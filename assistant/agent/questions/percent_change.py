"""A percentage change of a figure between two periods, computed by the calculate tool."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant.agent.questions.arithmetic import (
    ArithmeticQuestion,
    calculation,
    cannot_compute,
    computed_notes,
    computed_result,
    metric_operands,
    rank_operands,
    year_sums,
)
from assistant.agent.questions.base import Call, Outcome, Part, fact
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, geography, metric_name, number, say


class PercentChangeQuestion(ArithmeticQuestion):
    kind: ClassVar[str] = "percent_change"

    def _pair(self, frame: Frame, outcomes: list[Outcome]) -> list[Any]:
        if not frame.metrics:  # a city's rating from the first edition named to the last, else the latest two
            ratings = rank_operands(frame, outcomes, frame.language, score=True)
            return ratings[:: len(ratings) - 1] if frame.editions and len(ratings) > 2 else ratings[-2:]
        operands = metric_operands(frame, outcomes, frame.language, whole_years=True)
        if len(operands) > 2:
            operands = [operands[0], operands[-1]]
        return operands

    def follow_one(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        sums = year_sums(frame, outcomes, frame.language) if frame.metrics else []
        pair = self._pair(frame, outcomes)
        if sums or len(pair) != 2:
            return sums
        calls = [calculation("percent_change", pair)]
        if _rates(pair):  # a change of a rate is also so many percentage points
            calls.append(calculation("difference", pair))
        return calls

    def write_one(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        pair = self._pair(frame, outcomes)
        result = computed_result(outcomes, "percent_change")
        if result is None or len(pair) < 2:
            return cannot_compute(pair, lang, frame, outcomes)
        first, second = pair
        if not frame.metrics:
            lead = say(
                "percent_change_rating",
                lang,
                city=city(first.city or "", lang),
                result=number(round(result["result"], 2)),
                first_period=first.period,
                first=number(first.value),
                second_period=second.period,
                second=number(second.value),
            )
            facts = [fact(o, [first.city or ""]) for o in outcomes if o.name == "city_rank" and o.ok]
            return Part(lead, notes=computed_notes(pair, lang), facts=facts)
        lead = say(
            "percent_change",
            lang,
            metric=metric_name(first.row["metric"], lang),
            geo=geography(first.row["geography"], lang),
            result=number(round(result["result"], 2)),
            first_period=first.period,
            first=first.shown,
            second_period=second.period,
            second=second.shown,
        )
        points = computed_result(outcomes, "difference") if _rates(pair) else None
        if points is not None:
            lead = lead.rstrip(".。") + say("percentage_points", lang, points=number(round(abs(points["result"]), 2)))
        facts = [fact(o, []) for o in outcomes if o.name == "metric" and o.ok]
        return Part(lead, notes=computed_notes(pair, lang), facts=facts)


def _rates(pair: list[Any]) -> bool:
    """Whether both figures are percentages (AI penetration 25% → 45%)."""
    return all(o.row and "percent" in str(o.unit or o.row.get("unit") or "") for o in pair)
