"""forecast: expected values worked out in the test; refusals; property-based input validation."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from assistant.analytics import forecast
from assistant.analytics.errors import (
    ForecastRefusedError,
    IncomparableSeriesError,
    SeriesTooShortError,
    TargetBeforeDataError,
)
from assistant.errors import InputError
from assistant.tables import Tables


def _series(values: dict[str, float], **fields: Any) -> list[dict[str, Any]]:
    return [{"metric": "fintech_investment_kpmg", "period": p, "value": v, **fields} for p, v in values.items()]


def test_linear_trend_with_interval_by_hand(make_tables: Callable[..., Tables]) -> None:
    small = make_tables(metrics=_series({"2020": 10, "2021": 12, "2022": 15, "2023": 17}))
    result = forecast(small, "fintech_investment_kpmg", "Global", "2025", "linear")
    t, y = [2020, 2021, 2022, 2023], [10, 12, 15, 17]
    t_mean, y_mean = sum(t) / 4, sum(y) / 4
    sxx = sum((ti - t_mean) ** 2 for ti in t)
    slope = sum((ti - t_mean) * (yi - y_mean) for ti, yi in zip(t, y, strict=True)) / sxx  # 12 / 5 = 2.4
    point = y_mean + slope * (2025 - t_mean)  # 13.5 + 2.4 * 3.5 = 21.9
    residuals = [yi - (y_mean + slope * (ti - t_mean)) for ti, yi in zip(t, y, strict=True)]
    spread = math.sqrt(sum(r * r for r in residuals) / 2 * (1 + 1 / 4 + (2025 - t_mean) ** 2 / sxx))
    margin = stats.t.ppf(0.975, 2) * spread
    assert slope == pytest.approx(2.4) and point == pytest.approx(21.9)
    assert result.slope == pytest.approx(slope)
    assert result.point_forecast == pytest.approx(point)
    assert (result.lower, result.upper) == (pytest.approx(point - margin), pytest.approx(point + margin))
    assert result.interval_level == 0.95
    assert [p.period for p in result.points_used] == ["2020", "2021", "2022", "2023"]
    assert "least squares" in (result.method or "")
    assert "A computed projection, not a published figure." in result.notes


def test_linear_two_points_has_no_interval(make_tables: Callable[..., Tables]) -> None:
    small = make_tables(metrics=_series({"2022": 4, "2024": 8}))
    result = forecast(small, "fintech_investment_kpmg", "Global", "2025")
    assert result.point_forecast == pytest.approx(8 + (8 - 4) / 2)
    assert result.lower is None and result.upper is None and result.interval_level is None
    assert any("No prediction interval" in note for note in result.notes)


def test_cagr_ai_penetration_with_assumed_baseline_year(tables: Tables) -> None:
    result = forecast(tables, "AI渗透率", "China", "2027", "cagr")
    growth = (45 / 25) ** (1 / (2029 - 2024)) - 1
    assert result.growth_rate == pytest.approx(growth)
    assert result.point_forecast == pytest.approx(25 * (1 + growth) ** (2027 - 2024))
    assert [(p.period, p.value, p.kind, p.period_assumed) for p in result.points_used] == [
        ("2024", 25.0, "actual", True),
        ("2029", 45.0, "forecast", False),
    ]
    assert any("assumed to be 2024" in text and "assumption" in text for text in result.assumptions)
    assert result.lower is None and any(
        "CAGR" in note and "no prediction interval" in note.lower() for note in result.notes
    )
    assert any("interpolated" in note for note in result.notes)
    moved = forecast(tables, "AI penetration", "China", "2027", "cagr", baseline_year=2023)
    assert moved.point_forecast == pytest.approx(25 * (45 / 25) ** ((2027 - 2023) / (2029 - 2023)))
    linear = forecast(tables, "AI penetration", "China", "2027", "linear")
    assert linear.point_forecast == pytest.approx(25 + (45 - 25) * (2027 - 2024) / (2029 - 2024))


def test_cagr_kpmg_annual_series_ignores_half_years(tables: Tables) -> None:
    result = forecast(tables, "KPMG fintech investment", "Global", "2026", "cagr")
    assert result.point_forecast == pytest.approx(111.8 * (113.7 / 111.8) ** ((2026 - 2018) / (2023 - 2018)))
    assert [p.period for p in result.points_used] == ["2018", "2023"]
    assert any("not used: 2022" in note for note in result.notes)
    assert any("2023-H1" in note and "never mixed" in note for note in result.notes)


def test_a_rate_since_a_period_uses_only_the_points_from_it(tables: Tables) -> None:
    result = forecast(tables, "Innovate Finance fintech VC", "Global", "2025", "cagr", since_period="2023")
    assert result.point_forecast == pytest.approx(43.5 * 43.5 / 54.2)
    assert [p.period for p in result.points_used] == ["2023", "2024"]
    with pytest.raises(InputError):
        forecast(tables, "Innovate Finance fintech VC", "Global", "2025", "cagr", since_period="soon")


def test_half_year_series_linear_and_holt(tables: Tables) -> None:
    linear = forecast(tables, "KPMG fintech investment", "Global", "2025-H2", "linear")
    t = [2023.0, 2023.5, 2024.0, 2024.5, 2025.0]
    y = [55.5, 58.2, 51.9, 54.2, 44.7]
    t_mean, y_mean = sum(t) / 5, sum(y) / 5
    slope = sum((a - t_mean) * (b - y_mean) for a, b in zip(t, y, strict=True)) / sum((a - t_mean) ** 2 for a in t)
    assert linear.point_forecast == pytest.approx(y_mean + slope * (2025.5 - t_mean))
    assert [p.period for p in linear.points_used] == ["2023-H1", "2023-H2", "2024-H1", "2024-H2", "2025-H1"]
    holt = forecast(tables, "KPMG fintech investment", "Global", "2025-H2", "holt")
    assert holt.lower is not None and holt.upper is not None
    assert holt.lower <= holt.point_forecast <= holt.upper
    assert "Holt" in (holt.method or "")
    json.dumps(holt.model_dump(mode="json"), allow_nan=False)


def test_holt_continues_an_exact_line(make_tables: Callable[..., Tables]) -> None:
    small = make_tables(metrics=_series({"2019": 1, "2020": 2, "2021": 3, "2022": 4, "2023": 5}))
    result = forecast(small, "fintech_investment_kpmg", "Global", "2025", "holt")
    assert result.point_forecast == pytest.approx(7.0, abs=1e-3)


def test_refusals(tables: Tables, make_tables: Callable[..., Tables]) -> None:
    with pytest.raises(SeriesTooShortError, match="at least 4 points"):
        forecast(tables, "deals", "Global", "2026-H1", "holt")
    with pytest.raises(SeriesTooShortError, match="has 1"):
        forecast(tables, "industry size", "Shanghai", "2026")
    with pytest.raises(SeriesTooShortError, match="has 0"):
        forecast(tables, "fintech investment", "China", "2025")  # China has half-years only
    with pytest.raises(IncomparableSeriesError, match="never added or compared"):
        forecast(tables, "KPMG and Innovate Finance", "Global", "2026")
    with pytest.raises(TargetBeforeDataError):
        forecast(tables, "fintech_vc_innovate_finance", "Global", "2020")
    with pytest.raises(InputError, match="already has a figure"):
        forecast(tables, "fintech_vc_innovate_finance", "Global", "2023")
    with pytest.raises(InputError, match="Say which geography"):
        forecast(tables, "KPMG fintech investment", None, "2026")
    with pytest.raises(InputError, match="year or a half-year"):
        forecast(tables, "KPMG fintech investment", "Global", "2026-03")
    with pytest.raises(InputError, match="Unknown forecast method"):
        forecast(tables, "KPMG fintech investment", "Global", "2026", "arima")
    gappy = make_tables(metrics=_series({"2018": 1, "2019": 2, "2021": 3, "2022": 4}))
    with pytest.raises(ForecastRefusedError, match="regular series"):
        forecast(gappy, "fintech_investment_kpmg", "Global", "2024", "holt")
    mixed = make_tables(
        metrics=[
            *_series({"2021": 10, "2022": 11}, source="KPMG Pulse of Fintech"),
            *_series({"2023": 9}, source="Innovate Finance report"),
        ]
    )
    with pytest.raises(IncomparableSeriesError, match="Innovate Finance and KPMG"):
        forecast(mixed, "fintech_investment_kpmg", "Global", "2025")
    negative = make_tables(metrics=_series({"2021": -1, "2022": 2}))
    with pytest.raises(ForecastRefusedError, match="positive"):
        forecast(negative, "fintech_investment_kpmg", "Global", "2025", "cagr")


VALUES = st.one_of(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=1e-6, max_value=1e12, allow_nan=False),
    st.just(0.0),
)


def _period(index: int, frequency: str) -> str:
    """The index-th period after 2000 (years), or after 2000-H1 (half-years)."""
    return str(2000 + index) if frequency == "year" else f"{2000 + index // 2}-H{index % 2 + 1}"


@st.composite
def series_and_target(draw: st.DrawFn) -> tuple[dict[str, float], str]:
    """A mostly consecutive series (sometimes with gaps or other-frequency points) and a target period."""
    frequency = draw(st.sampled_from(["year", "half"]))
    start = draw(st.integers(0, 30))
    steps = draw(st.lists(st.integers(1, 3) | st.just(1), max_size=8))
    indices = [start + sum(steps[:k]) for k in range(len(steps))]
    points = {_period(i, frequency): draw(VALUES) for i in indices}
    if draw(st.booleans()):
        points[_period(draw(st.integers(0, 60)), "half" if frequency == "year" else "year")] = draw(VALUES)
    target_frequency = frequency if draw(st.integers(0, 4)) else ("half" if frequency == "year" else "year")
    return points, _period(draw(st.integers(0, 80)), target_frequency)


@settings(max_examples=150, deadline=None)
@given(case=series_and_target(), method=st.sampled_from(["linear", "cagr", "holt"]))
def test_random_series_forecast_or_input_error(
    make_tables: Callable[..., Tables], case: tuple[dict[str, float], str], method: str
) -> None:
    points, target = case
    small = make_tables(metrics=_series(points))
    try:
        result = forecast(small, "fintech_investment_kpmg", "Global", target, method)
    except InputError as error:
        assert str(error)
        return
    assert math.isfinite(result.point_forecast)
    if result.lower is not None:
        assert result.upper is not None and result.lower <= result.upper
    json.dumps(result.model_dump(mode="json"), allow_nan=False)
