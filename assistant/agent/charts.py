"""Charts from analytics results, the same for both engines: a rank history, a metric series, a forecast.

``chart_for(tool_name, result)`` reads one tool result (the JSON-ready dict a tool returns) and gives the
series to draw, or None when the result has nothing worth a chart (an error, one point, mixed geographies).
Every plotted value is a field of the result.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from assistant import names
from assistant.agent.language import Language
from assistant.answer import Chart, ToolCall

MIN_BAR_POINTS = 3


def rank_history_chart(result: dict[str, Any], lang: Language = "en") -> Chart | None:
    """A city's rank per edition (lower is better); None without a ranked edition."""
    points = [{"x": point["edition"], "y": point["rank"]} for point in result["points"]]
    if not any(point["y"] is not None for point in points):
        return None
    label = names.display_name("index", result["index_family"], lang)
    return Chart(
        kind="line",
        title=f"{result['city']} — {label}",
        x_label="edition",
        y_label="rank",
        series=[{"name": result["city"], "points": points}],
        note="Lower is better; gaps are editions without a rank.",
    )


def metric_chart(result: dict[str, Any], lang: Language = "en") -> Chart | None:
    """Published values of one geography over 3+ periods of one length (years or half-years, never mixed)."""
    numeric = [row for row in result["rows"] if row["value"] is not None]
    halves = [row for row in numeric if "-H" in row["period"]]
    numeric = max((halves, [row for row in numeric if "-H" not in row["period"]]), key=len)
    if len(numeric) < MIN_BAR_POINTS or len({row["geography"] for row in numeric}) != 1:
        return None
    return Chart(
        kind="bar",
        title=result["metric_name"],
        x_label="period",
        y_label=numeric[0]["unit"],
        series=[{"name": numeric[0]["geography"], "points": [{"x": r["period"], "y": r["value"]} for r in numeric]}],
    )


def forecast_chart(result: dict[str, Any], lang: Language = "en") -> Chart:
    """The points used, then the forecast point with its interval (marked ``forecast``)."""
    points = [{"x": point["period"], "y": point["value"]} for point in result["points_used"]]
    points.append(
        {
            "x": result["target_period"],
            "y": result["point_forecast"],
            "lower": result.get("lower"),
            "upper": result.get("upper"),
            "forecast": True,
        }
    )
    return Chart(
        kind="line",
        title=f"{result['metric_name']} — {result['geography']}",
        x_label="period",
        y_label=result["unit"],
        series=[{"name": result["metric_name"], "points": points}],
        note=" ".join([f"{result['method_id']}: {result.get('method') or ''}", *result.get("assumptions", [])]),
    )


CHARTS: dict[str, Callable[..., Chart | None]] = {
    "rank_history": rank_history_chart,
    "metric": metric_chart,
    "forecast": forecast_chart,
}


def chart_for(tool_name: str, result: Any, lang: Language = "en") -> Chart | None:
    """The chart of one tool result, or None (no chart for this tool, an error result, too few points)."""
    build = CHARTS.get(tool_name)
    if build is None or not isinstance(result, dict) or "error" in result:
        return None
    try:
        return build(result, lang)
    except (KeyError, TypeError):  # a result of another shape (an older stored turn) draws nothing
        return None


def chart_from_calls(tool_calls: Iterable[ToolCall], lang: Language = "en") -> Chart | None:
    """The chart of the last tool call that has one (the result the answer settled on)."""
    for call in reversed(list(tool_calls)):
        chart = chart_for(call.name, call.result, lang)
        if chart is not None:
            return chart
    return None
