"""The TOOLS registry: one entry per tool, input validation as InputError, JSON-ready outputs."""

from __future__ import annotations

import json
from typing import Any

import pytest

from assistant.analytics import TOOLS, ToolArgumentError, run_tool
from assistant.errors import InputError, UnknownNameError
from assistant.tables import Tables

EXAMPLES: dict[str, dict[str, Any]] = {
    "ranking": {"index": "全球金融科技中心发展指数", "top_n": 4},
    "city_rank": {"city": "上海"},
    "rank_history": {"city": "HK", "index": "GFCI FinTech"},
    "compare": {"cities": ["Shanghai", "北京"], "index": "浙大"},
    "consensus_ranking": {"top_n": 5},
    "movers": {"index": "fhi", "from_edition": "2019", "to_edition": "2025"},
    "metric": {"metric": "AI渗透率"},
    "forecast": {"metric": "AI penetration", "geography": "China", "target_period": "2027", "method": "cagr"},
    "calculate": {"operation": "difference", "values": [{"label": "2024", "value": 3}, {"label": "2025", "value": 5}]},
}


def test_registry_lists_the_nine_tools() -> None:
    assert sorted(TOOLS) == sorted(EXAMPLES)
    for name, spec in TOOLS.items():
        assert spec.name == name and spec.description
        schema = spec.input_model.model_json_schema()
        assert schema["properties"] and schema.get("additionalProperties") is False


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_tool_runs_and_serialises(tables: Tables, name: str) -> None:
    result = run_tool(name, tables, EXAMPLES[name])
    assert isinstance(result, TOOLS[name].output_model)
    dumped = result.model_dump(mode="json")
    json.dumps(dumped, allow_nan=False)
    assert {"method", "assumptions", "notes"} <= set(dumped)
    assert any(key in dumped for key in ("rows", "entries", "points_used", "inputs"))


def test_bad_arguments_are_input_errors(tables: Tables) -> None:
    with pytest.raises(ToolArgumentError, match="top_n"):
        run_tool("ranking", tables, {"index": "gfcdi", "top_n": 0})
    with pytest.raises(ToolArgumentError, match="Extra inputs"):
        run_tool("ranking", tables, {"index": "gfcdi", "colour": "red"})
    with pytest.raises(ToolArgumentError, match="method"):
        run_tool("forecast", tables, {"metric": "KPMG", "target_period": "2026", "method": "magic"})
    with pytest.raises(ToolArgumentError, match="cities"):
        run_tool("compare", tables, {"cities": ["Shanghai"], "index": "gfcdi"})
    with pytest.raises(UnknownNameError, match="tool"):
        run_tool("horoscope", tables, {})
    assert issubclass(ToolArgumentError, InputError)


def test_run_accepts_an_input_model(tables: Tables) -> None:
    spec = TOOLS["ranking"]
    result = spec.run(tables, spec.input_model(index="fhi", edition="2019"))
    assert result.edition == "2019"  # type: ignore[attr-defined]
