"""metric: figures with unit, kind and source; unknown stays unknown; future periods are refused."""

from __future__ import annotations

import json

import pytest

from assistant.analytics import metric
from assistant.analytics.errors import FuturePeriodError, NoDataError
from assistant.errors import InputError, UnknownNameError
from assistant.tables import Tables


def test_exact_annual_figure(tables: Tables) -> None:
    result = metric(tables, "KPMG fintech investment", "Global", "2023")
    assert [(row.period, row.value, row.unit, row.kind) for row in result.rows] == [
        ("2023", 113.7, "billion USD", "actual")
    ]
    assert result.rows[0].source.endswith("(KPMG Pulse of Fintech)")
    assert any("never added or compared" in note for note in result.notes)


def test_year_without_annual_figure_returns_halves_unsummed(tables: Tables) -> None:
    result = metric(tables, "金融科技投资", "全球", "2024年")
    assert [(row.period, row.value) for row in result.rows] == [("2024-H1", 51.9), ("2024-H2", 54.2)]
    assert any("not summed" in note for note in result.notes)
    assert result.period == "2024" and result.geography == "Global"


def test_half_year_and_range_queries(tables: Tables) -> None:
    assert [row.value for row in metric(tables, "deals", "Global", "H1 2025").rows] == [2216.0]
    assert [row.value for row in metric(tables, "交易数量", "global", "2024年上半年").rows] == [2255.0]
    venture = metric(tables, "venture capital (Innovate Finance)", "Global", "2022-2024")
    assert [(row.period, row.value) for row in venture.rows] == [
        ("2022", 92.0),
        ("2023", 54.2),
        ("2024", 43.5),
    ]


def test_forecast_baseline_and_qualitative_rows(tables: Tables) -> None:
    result = metric(tables, "AI渗透率")
    assert [(row.period, row.value, row.kind) for row in result.rows] == [
        ("baseline (year not stated)", 25.0, "actual"),
        ("2029", 45.0, "forecast"),
    ]
    assert any("no year" in note for note in result.notes)
    assert any("forecast published by the source" in note for note in result.notes)
    trend = metric(tables, "融资趋势")
    assert trend.rows[0].value is None and trend.rows[0].value_status == "not published"
    assert trend.rows[0].kind == "qualitative"
    dumped = json.dumps(trend.model_dump(mode="json"), allow_nan=False)
    assert '"value": null' in dumped


def test_errors(tables: Tables) -> None:
    with pytest.raises(FuturePeriodError, match=r"after the latest actual .* \(2025-H1\)"):
        metric(tables, "KPMG fintech investment", "Global", "2026")
    with pytest.raises(NoDataError, match="periods with figures: 2018, 2022"):
        metric(tables, "KPMG fintech investment", "Global", "2020")
    with pytest.raises(NoDataError, match="it has: China, Global"):
        metric(tables, "KPMG fintech investment", "Tokyo")
    with pytest.raises(UnknownNameError):
        metric(tables, "number of unicorns")
    with pytest.raises(InputError, match="more than one metric"):
        metric(tables, "KPMG and Innovate Finance")
    assert metric(tables, "AI penetration", "China", "2029").rows[0].kind == "forecast"


def test_a_count_a_figures_note_states_is_a_series_of_its_geography(tables: Tables) -> None:
    result = metric(tables, "number of listed fintech companies", "Chinese cities", "2025")
    assert [(row.period, row.value, row.unit) for row in result.rows] == [("2025", 121.0, "companies")]
    assert result.rows[0].note.startswith("stated in the note of the Market value of listed fintech companies row")


def test_a_deal_count_a_figures_note_states_joins_the_series_the_table_has_elsewhere(tables: Tables) -> None:
    china = metric(tables, "venture capital deals", "China", "2024-H1")
    assert [(row.geography, row.period, row.value) for row in china.rows] == [("China", "2024-H1", 30.0)]
    world = metric(tables, "venture capital deals", "Global")
    assert [row.period for row in world.rows] == ["2023", "2024"]  # the table's own rows, unchanged
