"""An average of a figure over periods, or of a city's ranks over editions, computed by the calculate tool."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant.agent.questions.arithmetic import (
    calculation,
    computed_result,
    metric_operands,
    mixes_series,
    plan_values,
    rank_operands,
    shown_unit,
)
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, fact, index_of
from assistant.agent.questions.mixing import mixed_part
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, computed, index_name, join, say


class AverageQuestion(QuestionType):
    kind: ClassVar[str] = "average"

    def plan(self, frame: Frame) -> list[Call]:
        return plan_values(frame)

    def _operands(self, frame: Frame, outcomes: list[Outcome]) -> list[Any]:
        if frame.metrics:
            return metric_operands(frame, outcomes, frame.language, every=True)
        return rank_operands(frame, outcomes, frame.language)

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        operands = self._operands(frame, outcomes)
        return [calculation("mean", operands)] if len(operands) >= 2 and not mixes_series(frame) else []

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if mixes_series(frame):
            return mixed_part(frame, outcomes)
        operands = self._operands(frame, outcomes)
        result = computed_result(outcomes)
        if result is None:
            have = join([o.shown for o in operands], lang) or "—"
            return Part(say("cannot_compute", lang, reason=say("need_two", lang, available=have)), answered=False)
        facts = [fact(o, frame.cities[:1]) for o in outcomes if o.name != "calculate" and o.ok]
        if frame.metrics:
            parts = join([f"{o.period}: {o.shown}" for o in operands], lang)
            lead = say(
                "average_values", lang, result=shown_unit(result["result"], result.get("unit"), lang), parts=parts
            )
        else:
            parts = join([f"{o.period} ({o.value:g})" for o in operands], lang)
            lead = say(
                "average_ranks",
                lang,
                city=city(operands[0].city or "", lang),
                index=index_name(index_of(frame), lang),
                parts=parts,
                result=computed(result["result"]),
            )
        return Part(lead, notes=[say("note_computed", lang)], facts=facts)
