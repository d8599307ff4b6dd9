"""A published market figure: one period, several, or the whole series; a stated figure is checked."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant.agent.charts import chart_for
from assistant.agent.grounding import extract_quantities
from assistant.agent.questions.arithmetic import mixes_series
from assistant.agent.questions.base import Call, Outcome, Part, QuestionType, error_part, fact
from assistant.agent.questions.mixing import mixed_follow, mixed_part
from assistant.agent.questions.series import expand, metric_calls, one_geography, rows_for, series, shown, sub_result
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import geography, join, metric_name, say, source_note

YEARS = range(1900, 2101)


def stated_value(frame: Frame) -> float | None:
    """A figure the question states ("given investment of 60 billion") other than years, editions and ranks."""
    for quantity in extract_quantities(frame.question):
        raw = quantity.raw
        if quantity.absolute is None and (raw in YEARS or (raw < 100 and not quantity.decimals)):
            continue
        return quantity.absolute if quantity.absolute is not None else raw
    return None


def value_lead(frame: Frame, row: dict[str, Any]) -> str:
    lang = frame.language
    name, where = metric_name(row["metric"], lang), geography(row["geography"], lang)
    if row.get("value") is None:
        note = source_note(row, lang) or say("no_figure", lang)
        return say("value_qualitative", lang, metric=name, geo=where, period=row["period"], note=note)
    text = say("value_one", lang, metric=name, geo=where, period=row["period"], value=shown(row, lang))
    if row.get("kind") == "forecast":
        text = text.rstrip("。.") + say("forecast_kind", lang) + ("。" if lang == "zh" else ".")
    return text


def latest(rows: list[dict[str, Any]], frame: Frame) -> list[dict[str, Any]]:
    """The last figure; asked for "now" or "the latest", the last published one, not a forecast."""
    actual = [row for row in rows if row.get("kind") != "forecast"] if frame.relative == "latest" else rows
    return (actual or rows)[-1:]


class ValueQuestion(QuestionType):
    kind: ClassVar[str] = "value"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        return bool(fields.metrics) and not cue("asks_time", masked)  # "when is X expected to…": a passage

    def plan(self, frame: Frame) -> list[Call]:
        return metric_calls(frame)

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        return mixed_follow(frame, outcomes) if mixes_series(frame) else []

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if mixes_series(frame):  # KPMG's totals beside Innovate Finance's venture capital: each apart, and why
            return mixed_part(frame, outcomes)
        leads, details, facts, answered = [], [], [], True
        chart: dict[str, Any] | None = None
        for outcome in outcomes:
            if not outcome.ok:
                leads.append(error_part(outcome, lang).lead)
                answered = False
                continue
            every = [row for row in outcome.result["rows"] if frame.geography in (None, row["geography"])]
            rows = one_geography(every, frame) if every else []
            periods = expand(frame.periods)
            chosen = [row for period in periods for row in rows_for(rows, period)] if periods else latest(rows, frame)
            if not chosen:
                available = join([row["period"] for row in rows], lang) or "—"
                name = metric_name(outcome.result["metric"], lang)
                where = geography(rows[0]["geography"], lang) if rows else ""
                leads.append(
                    say("value_missing", lang, metric=name, geo=where, period=join(periods, lang), available=available)
                )
                answered = False
                continue
            claimed = stated_value(frame)
            numeric = [row for row in chosen if row.get("value") is not None]
            corrected = claimed is not None and numeric and not any(_close(claimed, row) for row in numeric)
            if corrected:
                row = numeric[0]
                leads.append(
                    say(
                        "premise_value_wrong",
                        lang,
                        metric=metric_name(row["metric"], lang),
                        geo=geography(row["geography"], lang),
                        period=row["period"],
                        value=shown(row, lang),
                        claimed=_claimed_text(frame),
                    )
                )
            if cue("series_start", frame.question) and numeric and series(outcome)[0] not in chosen:
                chosen = [series(outcome)[0], *chosen]  # "…reach 55% by 2029; the starting point?": the first figure
                leads += [value_lead(frame, chosen[0])]
            elif not corrected:
                leads += [value_lead(frame, row) for row in chosen[:3]]
                details += [
                    say("source_note", lang, period=row["period"], note=note)
                    for row in chosen[:3]
                    if row.get("value") is not None and (note := source_note(row, lang))
                ]
            answered = answered and bool(numeric)
            if not periods and len(series(outcome)) > 1:
                details += [f"- {row['period']}: {shown(row, lang)}" for row in rows if row.get("value") is not None]
                drawn = chart_for("metric", outcome.result, lang)
                chart = chart or (drawn.model_dump() if drawn else None)
            facts.append(fact(sub_result(outcome, chosen), [chosen[0]["geography"]]))
        return Part(" ".join(leads), details=details, answered=answered and bool(leads), facts=facts, chart=chart)


def _close(claimed: float, row: dict[str, Any]) -> bool:
    from assistant.agent.grounding import evidence_values

    values = evidence_values([row], [])
    return any(abs(claimed - value) <= max(abs(value) * 0.005, 1e-9) for value in values)


def _claimed_text(frame: Frame) -> str:
    for quantity in extract_quantities(frame.question):
        if quantity.absolute is not None or quantity.raw not in YEARS:
            return quantity.text
    return ""
