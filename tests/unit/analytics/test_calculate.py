"""The calculate tool: worked values, units, the computed-not-published notes, and strict input."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.analytics import TOOLS, ToolArgumentError, run_tool
from assistant.analytics.calculate import COMPUTED_NOTE
from assistant.analytics.errors import CalculationError
from assistant.errors import InputError


def _value(label: str, value: Any, unit: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"label": label, "value": value, "unit": unit, **extra}


def _run(operation: str, *values: dict[str, Any]) -> Any:
    return run_tool("calculate", None, {"operation": operation, "values": list(values)})  # type: ignore[arg-type]


KPMG_H1 = _value("KPMG 2024-H1", 51.9, "billion USD", period="2024-H1", source="KPMG Pulse of Fintech H1 2024")
KPMG_H2 = _value("KPMG 2024-H2", 54.2, "billion USD", period="2024-H2", source="KPMG Pulse of Fintech H2 2024")


def test_sum_of_two_half_years_is_computed_not_published() -> None:
    result = _run("sum", KPMG_H1, KPMG_H2)
    assert result.result == 106.1 and result.unit == "billion USD" and result.computed is True
    assert result.formula == "KPMG 2024-H1 plus KPMG 2024-H2"
    assert result.notes[0] == COMPUTED_NOTE
    assert "two half-years of 2024 is computed, not a published annual figure" in result.notes[1]
    assert [item.label for item in result.inputs] == ["KPMG 2024-H1", "KPMG 2024-H2"]
    assert any("different sources" in note for note in result.notes)


def test_difference_is_second_minus_first_and_percent_becomes_points() -> None:
    assert _run("difference", _value("2024", 9), _value("2025", 2)).result == -7
    points = _run("difference", _value("baseline", 25, "percent"), _value("2029", 45, "percent"))
    assert points.result == 20 and points.unit == "percentage points"
    assert points.formula == "2029 minus baseline"


def test_percent_change() -> None:
    result = _run("percent_change", _value("2023", 40, "billion USD"), _value("2024", 50, "billion USD"))
    assert result.result == 25 and result.unit == "percent"
    assert result.formula == "(2024 minus 2023) divided by 2023, times 100"
    fall = _run("percent_change", _value("2022", 200.0, "deals"), _value("2023", 150.0, "deals"))
    assert fall.result == -25
    assert _run("percent_change", _value("a", 3), _value("b", 4)).result == pytest.approx(33.3333333333)


def test_mean_count_and_ratio() -> None:
    mean = _run("mean", _value("a", 1, "deals"), _value("b", 2, "deals"), _value("c", 4, "deals"))
    assert mean.result == pytest.approx(7 / 3) and mean.unit == "deals"
    assert _run("mean", _value("x", 0.1), _value("y", 0.2)).result == 0.15
    assert _run("sum", _value("x", 0.1), _value("y", 0.2)).result == 0.3  # no binary noise
    count = _run("count", _value("Shanghai", 2), _value("Beijing", 3, "rank"))
    assert count.result == 2 and count.unit is None  # a count needs no common unit
    same = _run("ratio", _value("investment", 95.5, "billion USD"), _value("prior", 50, "billion USD"))
    assert same.result == 1.91 and same.unit is None and same.formula == "investment divided by prior"
    per = _run("ratio", _value("amount", 100, "billion USD"), _value("deals", 4, "deals"))
    assert per.result == 25 and per.unit == "billion USD per deals"


@pytest.mark.parametrize(
    ("operation", "values", "message"),
    [
        ("sum", [_value("a", 1, "billion USD"), _value("b", 2, "billion CNY")], "different units"),
        ("mean", [_value("a", 1, "percent"), _value("b", 2)], "a: percent; b: no unit"),
        ("difference", [_value("a", 1), _value("b", 2), _value("c", 3)], "exactly two values"),
        ("percent_change", [_value("a", 0), _value("b", 2)], "undefined"),
        ("ratio", [_value("a", 1), _value("b", 0)], "Cannot divide by b"),
        ("sum", [_value("a", 1)], "at least 2"),
    ],
)
def test_impossible_calculations_are_clear_input_errors(
    operation: str, values: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(CalculationError, match=message) as error:
        _run(operation, *values)
    assert isinstance(error.value, InputError)


@pytest.mark.parametrize(
    "bad",
    [
        _value("a", "12"),
        _value("a", True),
        _value("a", None),
        {"label": "a", "value": 1, "colour": "red"},
        {"value": 1},
        _value("", 1),
    ],
)
def test_values_are_strict(bad: dict[str, Any]) -> None:
    with pytest.raises(ToolArgumentError):
        _run("sum", bad, _value("b", 1))


def test_operation_is_an_enum_in_the_schema() -> None:
    schema = TOOLS["calculate"].input_model.model_json_schema()
    assert schema["properties"]["operation"]["enum"] == [
        "difference",
        "percent_change",
        "sum",
        "mean",
        "count",
        "ratio",
    ]
    with pytest.raises(ToolArgumentError, match="operation"):
        _run("median", _value("a", 1), _value("b", 2))
