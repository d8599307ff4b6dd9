"""A projection of a figure to a future period (linear trend, CAGR or Holt), by the forecast tool; a
period that already has a published figure (a published projection included) is read instead."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant.agent.charts import chart_for
from assistant.agent.questions.arithmetic import calculation, half_scenario, repeated_halves
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, error_part, fact
from assistant.agent.questions.series import shown
from assistant.agent.questions.value import ValueQuestion, stated_values, value_lead
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import geography, join, metric_name, quantity, say

GLOBAL_SERIES = ("kpmg", "innovate_finance")


def _geography(frame: Frame) -> str | None:
    if frame.geography:
        return frame.geography
    return "Global" if any(word in frame.metrics[0] for word in GLOBAL_SERIES) else None


def _target(frame: Frame) -> str:
    """The period forecast: the latest one named ("2025 at the 2023→2024 rate": 2025)."""
    dated = [p for p in frame.periods if p[:4].isdigit()]
    return max(dated, key=lambda p: (p[:4], "-H" not in p, p)) if dated else frame.periods[-1]


class ForecastQuestion(QuestionType):
    kind: ClassVar[str] = "forecast"

    def cued(self, masked: str) -> bool:
        return bool(cue("asks.forecast", masked) or cue("same_rate", masked) or cue("same_amount", masked))

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        # "it is forecast to reach 55% by 2029: the starting point?" asks a published figure
        # "预计会提高几个百分点" with no year: the gap between the published figures, not a new forecast
        gap = not fields.periods and bool(cue("asks.difference", masked) or cue("asks.percent_change", masked))
        confirmed = bool(cue("confirm", masked))  # "projected at 60% by 2029, right?": a premise to check
        return self.cued(masked) and bool(fields.metrics) and not (cue("series_start", masked) or gap or confirmed)

    def plan(self, frame: Frame) -> list[Call]:
        if not frame.periods:
            return [("metric", {"metric": frame.metrics[0], "geography": _geography(frame)})]
        target = _target(frame)
        args = {
            "metric": frame.metrics[0],
            "geography": _geography(frame),
            "target_period": target,
            "method": frame.method or "linear",
        }
        same_amount = bool(cue("same_amount", frame.question))  # "by the same absolute amount": a straight line
        if cue("same_rate", frame.question) or same_amount:  # "at the 2023->2024 rate": from the first period named
            earlier = [p for p in frame.periods if p != target] or (frame.previous.periods if frame.previous else [])
            args["method"] = "linear" if same_amount else "cagr"
            if earlier:
                first = min(earlier)
                args["since_period"] = first if "-H" in first else first[:4]  # "2023-2024" starts in 2023
        calls: list[Call] = [("forecast", args)]
        if target.isdigit():  # a year already half published ("full-year 2025" with H1 2025 out)
            calls.append(("metric", {"metric": frame.metrics[0], "geography": _geography(frame)}))
        return calls

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        if halves := repeated_halves(frame, outcomes):
            return [calculation("sum", [half, half]) for half in halves]
        outcome = outcomes[0] if outcomes else None
        if outcome and outcome.name == "forecast" and outcome.result.get("error_type") == "ExistingFigureError":
            args = outcome.args
            return [
                (
                    "metric",
                    {"metric": args["metric"], "geography": args.get("geography"), "period": args["target_period"]},
                )
            ]
        return []

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        read = next((o for o in outcomes if o.name == "metric"), None)
        if not frame.periods:
            rows = [r for r in read.result.get("rows", []) if r.get("value") is not None] if read and read.ok else []
            last = rows[-1]["period"] if rows else "—"
            return Part(
                say("forecast_needs_period", lang, metric=metric_name(frame.metrics[0], lang), last=last),
                answered=False,
            )
        year = _target(frame)
        existing = next((o for o in outcomes if o.name == "metric" and "period" in o.args and o.ok), None)
        if existing is not None and existing.result["rows"]:  # the target already has a published figure
            row = existing.result["rows"][-1]
            if read is not None and read.ok and (frame.relative == "latest" or stated_values(frame)):
                # "…expected to reach 55% in 2029; where is it now?": the published figure (a stated one corrected)
                # and, asked for now, the latest actual one, as the value question gives them
                part = ValueQuestion().write(frame, [read], hits)
                part.lead = (
                    f"{say('forecast_existing', lang, period=row['period'], value=shown(row, lang))} {part.lead}"
                )
                return part
            return Part(
                say("forecast_existing", lang, period=row["period"], value=shown(row, lang))
                + " "
                + value_lead(frame, row),
                facts=[fact(existing, [])],
            )
        if scenario := half_scenario(frame, outcomes):
            return scenario
        rows = read.result["rows"] if read is not None and read.ok else []
        halves = [r for r in rows if r["period"].startswith(f"{year}-H")]
        if halves and not any(r["period"] == year for r in rows):  # "full-year 2025" with only H1 2025 out
            values = join([f"{r['period']}: {shown(r, lang)}" for r in halves], lang)
            return Part(
                say("partial_year", lang, year=year, values=values), facts=[fact(read, [])], answered=False, final=True
            )
        undated = [r for r in rows if r.get("value") is not None and not any(ch.isdigit() for ch in r["period"])]
        if undated:  # a baseline of no stated year has no place on a time axis: no trend through it
            known = join([f"{r['period']}: {shown(r, lang)}" for r in rows if r.get("value") is not None], lang)
            metric = metric_name(frame.metrics[0], lang)
            return Part(
                say("forecast_undated", lang, metric=metric, points=known, period=year), answered=False, final=True
            )
        outcome = next(o for o in outcomes if o.name == "forecast")
        if not outcome.ok:
            return error_part(outcome, lang)
        result = outcome.result
        unit = result["unit"]
        interval = ""
        if result.get("lower") is not None and result.get("upper") is not None:
            level = f"{result['interval_level'] * 100:g}% " if result.get("interval_level") else ""
            interval = say(
                "forecast_interval",
                lang,
                level=level,
                lower=quantity(result["lower"], unit, lang, exact=False),
                upper=quantity(result["upper"], unit, lang, exact=False),
            )
        points = join([f"{p['period']}: {quantity(p['value'], unit, lang)}" for p in result["points_used"]], lang)
        lead = say(
            "forecast",
            lang,
            metric=metric_name(result["metric"], lang),
            geo=geography(result["geography"], lang),
            period=result["target_period"],
            value=quantity(result["point_forecast"], unit, lang, exact=False),
            method=say(f"method_{result['method_id']}", lang),
            interval=interval,
            points=points,
        )
        chart = chart_for("forecast", result, lang)
        return Part(
            lead,
            notes=[say("forecast_note", lang)],
            facts=[fact(outcome, [])],
            chart=chart.model_dump() if chart else None,
        )
