"""Which period a published figure is from ("what year is that 43.5bn for?"): the row's period, or, for a figure
the source gives without one (a baseline of no stated year), an honest "not stated"."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, fact
from assistant.agent.questions.series import metric_calls, one_geography, series, shown
from assistant.agent.reading.detectors import Fields, cue, stated_figures
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import geography, metric_name, say

PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


def undated(row: dict[str, Any]) -> bool:
    """A row whose period names no year ("baseline (year not stated)")."""
    return not any(ch.isdigit() for ch in str(row.get("period", "")))


class PeriodOfQuestion(QuestionType):
    kind: ClassVar[str] = "period_of"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        return bool(cue("asks.period_of", masked)) and bool(fields.metrics or (previous and previous.metrics))

    def plan(self, frame: Frame) -> list[Call]:
        return metric_calls(frame)

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        stated = stated_figures(frame.question) + [float(p) for p in PERCENT.findall(frame.question)]
        for outcome in outcomes:
            rows = one_geography(series(outcome), frame)
            held = [row for row in rows if any(abs(float(row["value"]) - value) < 1e-6 for value in stated)]
            for row in held or [row for row in rows if undated(row)][:1]:
                fields = {
                    "metric": metric_name(row["metric"], lang),
                    "geo": geography(row["geography"], lang),
                    "value": shown(row, lang),
                }
                if undated(row):
                    return Part(say("period_not_stated", lang, **fields), answered=False, final=True)
                return Part(say("period_of", lang, period=row["period"], **fields), facts=[fact(outcome, [])])
        return Part(say("not_covered", lang), answered=False)
