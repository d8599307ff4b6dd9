"""Shared outcome of an answer: the chart of a tool result, and whether an LLM answer answers the question."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.agent.charts import chart_for, chart_from_calls
from assistant.agent.outcome import answered, fallback_line, has_data, says_not_covered
from assistant.analytics import run_tool
from assistant.answer import ToolCall
from assistant.config import PROJECT_ROOT
from assistant.tables import Tables, load_tables


@pytest.fixture(scope="module")
def tables() -> Tables:
    return load_tables(PROJECT_ROOT / "corpus" / "data")


def _result(tables: Tables, name: str, **arguments: Any) -> dict[str, Any]:
    return run_tool(name, tables, arguments).model_dump(mode="json")


def test_rank_history_chart_plots_every_edition_with_gaps(tables: Tables) -> None:
    result = _result(tables, "rank_history", city="Shenzhen", index="gfci_fintech")
    chart = chart_for("rank_history", result)
    assert chart is not None and chart.kind == "line" and chart.y_label == "rank"
    points = chart.series[0]["points"]
    assert [p["x"] for p in points] == [p["edition"] for p in result["points"]]
    assert points[-1] == {"x": "GFCI 38 (2025-09)", "y": 2} and {"x": "GFCI 27 (2020-03)", "y": None} in points
    assert chart_for("rank_history", result, "zh").title.startswith("Shenzhen — ")


def test_metric_chart_needs_three_periods_of_one_length(tables: Tables) -> None:
    chart = chart_for("metric", _result(tables, "metric", metric="fintech_investment_kpmg", geography="Global"))
    assert chart is not None and chart.kind == "bar" and chart.y_label == "billion USD"
    assert [p["x"] for p in chart.series[0]["points"]] == ["2023-H1", "2023-H2", "2024-H1", "2024-H2", "2025-H1"]
    assert chart_for("metric", _result(tables, "metric", metric="fintech_industry_size")) is None


def test_forecast_chart_ends_with_the_forecast_point(tables: Tables) -> None:
    result = _result(
        tables, "forecast", metric="fintech_investment_kpmg", geography="Global", target_period="2025-H2", method="cagr"
    )
    chart = chart_for("forecast", result)
    assert chart is not None and chart.note and chart.note.startswith("cagr: ")
    last = chart.series[0]["points"][-1]
    assert last["forecast"] is True and last["y"] == result["point_forecast"] and last["x"] == "2025-H2"


def test_no_chart_for_errors_or_tools_without_one(tables: Tables) -> None:
    assert chart_for("forecast", {"error": "Unknown metric"}) is None
    assert chart_for("city_rank", _result(tables, "city_rank", city="Shanghai")) is None
    assert chart_for("rank_history", {"unexpected": True}) is None
    history = _result(tables, "rank_history", city="Shenzhen", index="gfci_fintech")
    calls = [ToolCall(name="rank_history", arguments={}, result=history)]
    calls.append(ToolCall(name="search_reports", arguments={}, result={"hits": []}))
    assert chart_from_calls(calls) == chart_for("rank_history", history)


def test_has_data(tables: Tables) -> None:
    assert has_data("city_rank", _result(tables, "city_rank", city="Shanghai"))
    assert not has_data("city_rank", {"error": "Unknown city 'Atlantis'."})
    qualitative = _result(tables, "metric", metric="fintech_financing_trend")
    assert all(row["value"] is None for row in qualitative["rows"]) and not has_data("metric", qualitative)
    assert not has_data("search_reports", {"hits": [{"text": "x"}]})  # a passage counts only when cited
    assert has_data("calculate", {"result": 3.0})


def test_answered_from_results_citations_and_words(tables: Tables) -> None:
    found = [ToolCall(name="city_rank", arguments={}, result=_result(tables, "city_rank", city="Shanghai"))]
    failed = [ToolCall(name="city_rank", arguments={}, result={"error": "Unknown city 'Atlantis'."})]
    assert answered(found, "Shanghai ranks 2nd.", cited_passages=0)
    assert not answered(failed, "Atlantis ranks 1st.", cited_passages=0)
    assert answered(failed, "A passage says Shanghai leads.", cited_passages=1)
    assert not answered([], "I can only answer questions about fintech centres.", cited_passages=0)
    assert not answered(found, "The reports don't cover Atlantis.", cited_passages=0)
    assert not answered(found, "报告没有公布上海的得分。", cited_passages=0)


def test_not_covered_phrases_and_fallback_lines() -> None:
    assert says_not_covered("That figure was NOT published by the source.")
    assert says_not_covered("The data doesn’t cover Dubai.")
    assert not says_not_covered("Shanghai's coverage of fintech published in 2025 ranks 2nd.")
    assert fallback_line("budget", "en").startswith("The language model")
    assert "离线" in fallback_line("failure", "zh")
