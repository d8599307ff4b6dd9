"""The agent's LangChain tools are generated from the registry: calculate is one of them, strict as in the API."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import ToolMessage
from pydantic import ValidationError

from assistant.agent.tools import TOOL_NAMES, build_tools
from assistant.analytics import TOOLS
from assistant.config import PROJECT_ROOT
from assistant.tables import load_tables


@pytest.fixture(scope="module")
def tools() -> dict[str, object]:
    built = build_tools(load_tables(PROJECT_ROOT / "corpus" / "data"), None, timeout=10)  # type: ignore[arg-type]
    return {tool.name: tool for tool in built}


def test_every_registry_tool_is_an_agent_tool(tools: dict[str, object]) -> None:
    assert set(tools) == TOOL_NAMES == {"search_reports", *TOOLS} and "calculate" in tools


def test_calculate_runs_as_a_langchain_tool(tools: dict[str, object]) -> None:
    values = [{"label": "2024-H1", "value": 51.9, "unit": "billion USD", "period": "2024-H1"}]
    values.append({"label": "2024-H2", "value": 54.2, "unit": "billion USD", "period": "2024-H2"})
    call = {"type": "tool_call", "id": "c1", "name": "calculate", "args": {"operation": "sum", "values": values}}
    message = tools["calculate"].invoke(call)  # type: ignore[attr-defined]
    assert isinstance(message, ToolMessage)
    assert message.artifact["result"] == 106.1 and message.artifact["unit"] == "billion USD"
    assert json.loads(message.content) == message.artifact  # the model reads the same JSON
    schema = tools["calculate"].tool_call_schema.model_json_schema()  # type: ignore[attr-defined]
    assert "enum" in json.dumps(schema["properties"]["operation"])


def test_calculate_error_is_an_error_result(tools: dict[str, object]) -> None:
    values = [{"label": "a", "value": 1, "unit": "billion USD"}, {"label": "b", "value": 2, "unit": "deals"}]
    call = {"type": "tool_call", "id": "c2", "name": "calculate", "args": {"operation": "sum", "values": values}}
    message = tools["calculate"].invoke(call)  # type: ignore[attr-defined]
    assert "different units" in message.artifact["error"]


def test_calculate_refuses_a_number_written_as_text(tools: dict[str, object]) -> None:
    values = [{"label": "a", "value": "1"}, {"label": "b", "value": 2}]
    with pytest.raises(ValidationError):
        tools["calculate"].invoke({"operation": "sum", "values": values})  # type: ignore[attr-defined]
