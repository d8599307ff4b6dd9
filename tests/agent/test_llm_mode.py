"""With ASSISTANT_LLM set, ChatOpenAI drives the same tools; unsupported numbers are caught; failures fall back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.agent.service import ChatService
from assistant.config import Settings
from assistant.conversations import ConversationStore
from tests.agent.scripted_llm import ScriptedLLM

TOOL_CALL = ("city_rank", {"city": "Shanghai", "index": "gfcdi", "edition": "2025"})
QUESTION = "What is Shanghai's rank in the 2025 Global Fintech Center Development Index?"


def llm_service(settings: Settings, llm: ScriptedLLM, tmp_path: Path, **overrides: Any) -> ChatService:
    """A chat service whose LLM is ``llm`` (OpenAI-compatible or Ollama wire format)."""
    provider = "openai" if llm.wire == "openai" else "ollama"
    configured = settings.model_copy(
        update={
            "llm": f"{provider}:scripted-model",
            "llm_base_url": llm.base_url,
            "llm_api_key": "test",
            "llm_timeout": 10.0,
            **overrides,
        }
    )
    return ChatService.from_settings(configured, ConversationStore(tmp_path / "conversations.sqlite3"))


@pytest.fixture
def scripted() -> Iterator[ScriptedLLM]:
    llm = ScriptedLLM([TOOL_CALL, "Shanghai ranked 2nd in the 2025 index, with a score of 87.5."])
    yield llm
    llm.close()


def test_llm_answer_uses_tools_and_its_invented_number_is_flagged(
    indexed_settings: Settings, scripted: ScriptedLLM, tmp_path: Path
) -> None:
    answer = llm_service(indexed_settings, scripted, tmp_path).answer(QUESTION)
    assert answer.engine == "openai:scripted-model"
    assert [call.name for call in answer.tool_calls] == ["city_rank"]
    assert answer.tool_calls[0].result["rows"][0]["rank"] == 2
    assert not answer.grounded and answer.flagged_numbers == ["87.5"]
    assert "87.5 [unverified]" in answer.answer and "2nd" in answer.answer
    sent = scripted.requests[0]
    assert sent["model"] == "scripted-model" and {t["function"]["name"] for t in sent["tools"]} >= {
        "city_rank",
        "search_reports",
        "calculate",
    }


def test_supported_llm_answer_is_grounded(indexed_settings: Settings, tmp_path: Path) -> None:
    llm = ScriptedLLM([TOOL_CALL, "Shanghai ranked 2nd in the 2025 index."])
    try:
        answer = llm_service(indexed_settings, llm, tmp_path).answer(QUESTION)
    finally:
        llm.close()
    assert (
        answer.grounded and answer.flagged_numbers == [] and answer.answer == "Shanghai ranked 2nd in the 2025 index."
    )


@pytest.mark.parametrize("quirk", [{"fail": True}, {"stall": True}])
def test_failing_llm_falls_back_to_the_offline_answer(
    indexed_settings: Settings, tmp_path: Path, quirk: dict[str, bool]
) -> None:
    llm = ScriptedLLM([TOOL_CALL, "unused"], **quirk)
    try:
        answer = llm_service(indexed_settings, llm, tmp_path, llm_timeout=1.0).answer(QUESTION)
    finally:
        llm.close()
    assert answer.engine == "offline (LLM failed)"
    assert answer.grounded and "2nd" in answer.answer
    first_line = answer.answer.splitlines()[0]
    assert first_line.startswith("The language model") and "offline analyst answered" in first_line


def test_llm_answer_has_the_chart_of_its_tool_result_and_is_answered(
    indexed_settings: Settings, tmp_path: Path
) -> None:
    llm = ScriptedLLM([("rank_history", {"city": "Shenzhen", "index": "gfci_fintech"}), "Shenzhen rose to 2nd."])
    try:
        answer = llm_service(indexed_settings, llm, tmp_path).answer(
            "How did Shenzhen move in the GFCI FinTech ranking?"
        )
    finally:
        llm.close()
    assert answer.engine == "openai:scripted-model" and answer.answered
    assert answer.chart is not None and answer.chart.y_label == "rank"
    assert answer.chart.series[0]["points"][-1] == {"x": "GFCI 38 (2025-09)", "y": 2}


def test_llm_answer_on_a_failed_tool_is_not_answered(indexed_settings: Settings, tmp_path: Path) -> None:
    llm = ScriptedLLM([("city_rank", {"city": "Atlantis"}), "Atlantis is not in the data."])
    try:
        answer = llm_service(indexed_settings, llm, tmp_path).answer("Where does Atlantis rank?")
    finally:
        llm.close()
    assert "error" in answer.tool_calls[0].result
    assert not answer.answered and answer.chart is None
