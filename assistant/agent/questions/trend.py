"""How a city's rank moved across the editions of an index, or how a figure moved across periods."""

from __future__ import annotations

from typing import Any, ClassVar

from assistant import names
from assistant.agent.charts import chart_for
from assistant.agent.questions.arithmetic import mixes_series
from assistant.agent.questions.base import MAX_CITIES, Call, Outcome, Part, QuestionType, error_part, fact, index_of
from assistant.agent.questions.mixing import mixed_follow, mixed_part
from assistant.agent.questions.series import metric_calls, one_geography, same_length, shown
from assistant.agent.questions.value import value_lead
from assistant.agent.reading.detectors import Fields, cue
from assistant.agent.reading.frame import Frame
from assistant.agent.writing import city, geography, index_name, metric_name, movement, say, standing


class TrendQuestion(QuestionType):
    kind: ClassVar[str] = "trend"

    def detects(self, masked: str, fields: Fields, previous: Frame | None) -> bool:
        spans = len(fields.editions) >= 2 and bool(cue("span", masked))
        return bool(cue("asks.trend", masked) or spans) and bool(fields.cities or fields.metrics)

    def plan(self, frame: Frame) -> list[Call]:
        if frame.metrics:
            return metric_calls(frame)
        return [("rank_history", {"city": name, "index": index_of(frame)}) for name in frame.cities[:MAX_CITIES]]

    def follow(self, frame: Frame, outcomes: list[Outcome]) -> list[Call]:
        return mixed_follow(frame, outcomes) if mixes_series(frame) else []

    def write(self, frame: Frame, outcomes: list[Outcome], hits: list[dict[str, Any]]) -> Part:
        lang = frame.language
        if mixes_series(frame):  # a trend across KPMG's totals and IF's venture capital: each apart, and why
            return mixed_part(frame, outcomes)
        if frame.metrics:
            return self._series(frame, outcomes[0])
        leads, details, facts, chart = [], [], [], None
        for outcome in outcomes:
            if not outcome.ok:
                leads.append(error_part(outcome, lang).lead)
                continue
            result = outcome.result
            if cue("first_appearance", frame.question):  # "when did it first show up?": the first edition listed
                leads.append(_first_appearance(frame, result))
                facts.append(fact(outcome, [result["city"]]))
                continue
            steps = []
            for point in _within(result["points"], frame.editions):
                text = f"{point['edition']}: {standing(point, lang)}"
                if point.get("change"):
                    text += f" ({movement(point['change'], lang)})"
                steps.append(text)
            leads.append(
                say(
                    "trend_rank",
                    lang,
                    city=city(result["city"], lang),
                    index=index_name(result["index_family"], lang),
                    steps=" → ".join(steps),
                )
            )
            if result.get("net_change") is not None:
                details.append(say("trend_rank_net", lang, movement=movement(result["net_change"], lang)))
            facts.append(fact(outcome, [result["city"]]))
            chart = chart or chart_for("rank_history", result, lang)
        return Part(
            " ".join(leads),
            details=details,
            facts=facts,
            chart=chart.model_dump() if chart else None,
            answered=bool(facts),
        )

    def _series(self, frame: Frame, outcome: Outcome) -> Part:
        lang = frame.language
        if not outcome.ok:
            return error_part(outcome, lang)
        rows = same_length(
            one_geography([r for r in outcome.result["rows"] if r.get("value") is not None], frame), frame.question
        )
        if not rows:
            described = [r for r in outcome.result["rows"] if r.get("kind") == "qualitative"]
            if described:
                return Part(value_lead(frame, described[0]), facts=[fact(outcome, [described[0]["geography"]])])
            return Part(say("not_covered", lang), answered=False)
        steps = " → ".join(f"{row['period']}: {shown(row, lang)}" for row in rows)
        name, where = metric_name(rows[0]["metric"], lang), geography(rows[0]["geography"], lang)
        if len(rows) < 2:
            return Part(say("trend_value_single", lang, metric=name, geo=where, steps=steps))
        first, last = rows[0], rows[-1]
        direction = say(
            "rose" if last["value"] > first["value"] else "fell" if last["value"] < first["value"] else "flat", lang
        )
        lead = say(
            "trend_value",
            lang,
            metric=name,
            geo=where,
            steps=steps,
            direction=direction,
            first_period=first["period"],
            last_period=last["period"],
        )
        chart = chart_for("metric", outcome.result, lang)
        return Part(lead, facts=[fact(outcome, [rows[0]["geography"]])], chart=chart.model_dump() if chart else None)


def _within(points: list[dict[str, Any]], editions: list[str]) -> list[dict[str, Any]]:
    """The points between the first and last edition named (all of them when fewer than two are named)."""
    named = [e for e in editions if ":" not in e]
    if len(named) < 2:
        return points
    keys = sorted(names.edition_sort_key(e) for e in named)
    return [p for p in points if keys[0] <= names.edition_sort_key(p["edition"]) <= keys[-1]]


def _first_appearance(frame: Frame, result: dict[str, Any]) -> str:
    """The first edition the city is listed in (inside the top N, when one is asked), with its standing then."""
    lang, top = frame.language, frame.top_n
    listed = [p for p in result["points"] if p.get("status") != "not listed"]
    inside = [p for p in listed if not top or (p.get("rank") is not None and p["rank"] <= top)]
    where = index_name(result["index_family"], lang)
    if not inside:
        return say("first_listed_never", lang, city=city(result["city"], lang), index=where)
    first = inside[0]
    key = "first_listed_top" if top else "first_listed"
    return say(
        key,
        lang,
        city=city(result["city"], lang),
        index=where,
        edition=first["edition"],
        n=top,
        standing=standing(first, lang),
    )
