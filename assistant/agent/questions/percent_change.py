"""A percentage change of a figure between two periods, computed by the calculate tool."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant.agent.questions.arithmetic import (
    calculation,
    computed_result,
    metric_operands,
    mixes_series,
    plan_values,
)
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, fact
from assistant.agent.questions.mixing import mixed_part
from assistant.agent.reading.detectors import Fields
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import computed, geography, metric_name, say


class PercentChangeQuestion(QuestionType):
    kind: ClassVar[str] = "percent_change"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        return super().detects(masked, fields, previous) and bool(fields.metrics or (previous and previous.metrics))

    def plan(self, frame: Frame) -> list[Call]:
        return plan_values(frame)

    def _pair(self, frame: Frame, outcomes: list[Outcome]) -> list[Any]:
        operands = metric_operands(frame, outcomes, frame.language)
        if len(operands) > 2:
            operands = [operands[0], operands[-1]]
        return operands

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        pair = self._pair(frame, outcomes)
        return [calculation("percent_change", pair)] if len(pair) == 2 and not mixes_series(frame) else []

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if mixes_series(frame):
            return mixed_part(frame, outcomes)
        pair = self._pair(frame, outcomes)
        result = computed_result(outcomes)
        if result is None or len(pair) < 2:
            have = ", ".join(f"{o.period}: {o.shown}" for o in pair) or "—"
            return Part(say("cannot_compute", lang, reason=say("need_two", lang, available=have)), answered=False)
        first, second = pair
        lead = say(
            "percent_change",
            lang,
            metric=metric_name(first.row["metric"], lang),
            geo=geography(first.row["geography"], lang),
            result=computed(result["result"]),
            first_period=first.period,
            first=first.shown,
            second_period=second.period,
            second=second.shown,
        )
        facts = [fact(o, []) for o in outcomes if o.name == "metric" and o.ok]
        return Part(lead, notes=[say("note_computed", lang)], facts=facts)
