"""The LLM engine against a scripted server with real servers' quirks, in both wire formats: it sends what
every server accepts, stays inside its token, step and time budget, and falls back honestly."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.config import Settings
from tests.agent.scripted_llm import ScriptedLLM
from tests.agent.test_llm_mode import QUESTION, TOOL_CALL, llm_service

WIRES = ["openai", "ollama"]
BUDGET_LINE = "The language model did not finish within its time or step budget, so the offline analyst answered."


@pytest.fixture
def servers() -> Iterator[list[ScriptedLLM]]:
    """Scripted servers a test starts, closed after it."""
    started: list[ScriptedLLM] = []
    yield started
    for server in started:
        server.close()


def _start(servers: list[ScriptedLLM], steps: list[Any], **quirks: Any) -> ScriptedLLM:
    server = ScriptedLLM(steps, **quirks)
    servers.append(server)
    return server


def _assistant_messages(request: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in request["messages"] if m.get("role") == "assistant"]


def test_the_null_content_quirk_is_real_and_never_triggered(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM]
) -> None:
    llm = _start(servers, [TOOL_CALL, "Shanghai ranked 2nd in the 2025 index."])
    raw = {"model": "m", "messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": None}]}
    assert httpx.post(f"{llm.base_url}/chat/completions", json=raw).status_code == 500
    answer = llm_service(indexed_settings, llm, tmp_path).answer(QUESTION)
    assert answer.engine == "openai:scripted-model" and answer.grounded
    replayed = _assistant_messages(llm.requests[-1])
    assert replayed and replayed[0]["tool_calls"] and replayed[0]["content"] == ""


@pytest.mark.parametrize("wire", WIRES)
def test_every_call_carries_the_token_limit(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM], wire: str
) -> None:
    llm = _start(servers, [TOOL_CALL, "Shanghai ranked 2nd in the 2025 index."], wire=wire)
    answer = llm_service(indexed_settings, llm, tmp_path, llm_max_tokens=321).answer(QUESTION)
    assert answer.engine.endswith(":scripted-model") and [c.name for c in answer.tool_calls] == ["city_rank"]
    assert [llm.limit_for(request) for request in llm.requests] == [321, 321]
    assert all(g.stopped_by == "end" for g in llm.generations)


def test_tools_are_ignored_without_tool_choice_and_used_with_it(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM]
) -> None:
    steps = [TOOL_CALL, "Shanghai ranked 2nd in the 2025 index."]
    ignoring = _start(servers, steps, needs_tool_choice=True)
    unset = llm_service(indexed_settings, ignoring, tmp_path).answer(QUESTION)
    assert "tool_choice" not in ignoring.requests[0] and unset.tool_calls == []
    assert unset.flagged_numbers == ["1", "99"]
    assert not unset.answered  # no data behind it

    auto = _start(servers, steps, needs_tool_choice=True)
    answer = llm_service(indexed_settings, auto, tmp_path / "auto", llm_tool_choice="auto").answer(QUESTION)
    assert [r["tool_choice"] for r in auto.requests] == ["auto", "auto"]
    assert [c.name for c in answer.tool_calls] == ["city_rank"] and answer.grounded and answer.answered

    required = _start(servers, steps, needs_tool_choice=True)
    llm_service(indexed_settings, required, tmp_path / "required", llm_tool_choice="required").answer(QUESTION)
    assert [r["tool_choice"] for r in required.requests] == ["required", "auto"]  # a final answer stays possible


@pytest.mark.parametrize("wire", WIRES)
def test_a_runaway_generation_stops_at_max_tokens_and_falls_back(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM], wire: str
) -> None:
    llm = _start(servers, [TOOL_CALL, "Shanghai ranked 2nd"], wire=wire, runaway=True)
    answer = llm_service(indexed_settings, llm, tmp_path, llm_max_tokens=25).answer(QUESTION)
    assert [(g.stopped_by, g.tokens) for g in llm.generations] == [("end", 1), ("length", 25)]
    assert answer.engine == "offline (LLM failed)" and answer.answer.splitlines()[0] == BUDGET_LINE
    assert "2nd" in answer.answer and answer.grounded


def test_the_fallback_line_is_in_the_language_of_the_question(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM]
) -> None:
    llm = _start(servers, ["上海排名第2。"], runaway=True)
    service = llm_service(indexed_settings, llm, tmp_path, llm_max_tokens=5)
    answer = service.answer("2025年全球金融科技中心发展指数里上海排第几？")
    assert answer.engine == "offline (LLM failed)" and answer.language == "zh"
    assert answer.answer.splitlines()[0] == "语言模型未能在时间或步数限制内完成，以下由离线分析器回答。"


@pytest.mark.parametrize("wire", WIRES)
def test_tool_rounds_are_bounded(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM], wire: str
) -> None:
    llm = _start(servers, [TOOL_CALL], wire=wire)  # asks for a tool every time
    answer = llm_service(indexed_settings, llm, tmp_path, llm_max_steps=2).answer(QUESTION)
    assert len(llm.requests) == 3  # two tool rounds, then the third request still wants a tool: stopped
    assert answer.engine == "offline (LLM failed)" and answer.answer.startswith(BUDGET_LINE)


@pytest.mark.parametrize("wire", WIRES)
@pytest.mark.parametrize("quirk", ["runaway", "stall"])
def test_a_runaway_or_stalled_server_never_exceeds_the_deadline_nor_delays_the_next_question(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM], wire: str, quirk: str
) -> None:
    deadline = 2.0
    llm = _start(
        servers,
        ["Shanghai ranked 2nd"],
        wire=wire,
        slots=1,
        keeps_generating=True,
        token_delay=0.02,
        **{quirk: True},
    )
    service = llm_service(indexed_settings, llm, tmp_path, llm_timeout=deadline, llm_max_tokens=100_000)
    service.answer("warm-up: load the index and models")  # the offline fallback's first load is not the LLM's
    took = []
    for _ in range(2):
        started = time.monotonic()
        answer = service.answer(QUESTION)
        took.append(time.monotonic() - started)
        assert answer.engine == "offline (LLM failed)" and answer.answer.startswith(BUDGET_LINE)
    assert max(took) <= deadline + 1, took
    if quirk == "runaway":  # the connection was closed at the deadline; this server generates on regardless
        time.sleep(0.3)
        assert llm.generations[0].disconnected_at is not None
        assert llm.generations[0].tokens > llm.generations[0].disconnected_at


@pytest.mark.parametrize("wire", WIRES)
def test_a_cancelling_server_stops_generating_when_the_deadline_closes_the_connection(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM], wire: str
) -> None:
    llm = _start(servers, ["Shanghai"], wire=wire, runaway=True, keeps_generating=False, token_delay=0.02)
    llm_service(indexed_settings, llm, tmp_path, llm_timeout=1.0, llm_max_tokens=100_000).answer(QUESTION)
    deadline = time.monotonic() + 5
    while llm.generations[0].stopped_by == "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert llm.generations[0].stopped_by == "disconnect"


@pytest.mark.parametrize("wire", WIRES)
def test_history_replays_the_live_tool_json_without_flag_marks(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM], wire: str
) -> None:
    llm = _start(servers, [TOOL_CALL, "Shanghai ranked 2nd, with a score of 87.5."], wire=wire)
    service = llm_service(indexed_settings, llm, tmp_path)
    first = service.answer(QUESTION)
    assert "87.5 [unverified]" in first.answer
    service.answer("And Beijing?", first.conversation_id)
    live = next(m for m in llm.requests[1]["messages"] if m["role"] == "tool")
    replayed = next(m for m in llm.requests[2]["messages"] if m["role"] == "tool")
    assert replayed["content"] == live["content"] and json.loads(live["content"])["city"] == "Shanghai"
    sent = json.dumps(llm.requests[2]["messages"], ensure_ascii=False)
    assert "[unverified]" not in sent and "score of 87.5." in sent


def test_flags_once_and_numbers_of_the_question_are_given(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM]
) -> None:
    text = "In the 2025 index Shanghai is 2nd, not 38th [unverified]; 38th [unverified] is invented, as is 7."
    llm = _start(servers, [TOOL_CALL, text])
    answer = llm_service(indexed_settings, llm, tmp_path).answer(QUESTION)
    assert answer.flagged_numbers == ["38", "7"]  # 2025 is in the question; each number once
    assert answer.answer.count("38th [unverified]") == 2 and "[unverified] [unverified]" not in answer.answer
    assert answer.answer.endswith("as is 7 [unverified].")


def test_citation_marks_without_a_passage_are_removed_and_reported(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM]
) -> None:
    search = ("search_reports", {"query": "Shanghai 2025 Global Fintech Center Development Index"})
    text = "Shanghai ranked 2nd [{key}] [1], as the report says [abcdef]."
    llm = _start(servers, [TOOL_CALL, search, text])
    answer = llm_service(indexed_settings, llm, tmp_path).answer(QUESTION)
    assert answer.answer == "Shanghai ranked 2nd [1], as the report says."
    assert len(answer.citations) == 1 and answer.citations[0].number == 1
    assert answer.flagged_numbers == ["[1]", "[abcdef]"] and not answer.grounded
    assert answer.answered


def test_a_rejected_argument_comes_back_as_an_error_the_model_can_read(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM]
) -> None:
    bad = ("search_reports", {"query": "Shanghai", "language": "english"})
    llm = _start(servers, [bad, ("ranking", {"index": "GFCDI"}), "I could not find it."])
    answer = llm_service(indexed_settings, llm, tmp_path).answer(QUESTION)
    errors = [json.loads(m["content"]) for m in llm.requests[2]["messages"] if m["role"] == "tool"]
    assert "'en' or 'zh'" in errors[0]["error"] and "'gfcdi', 'fhi'" in errors[1]["error"]
    assert all("error" in call.result for call in answer.tool_calls) and not answer.answered
    tools = {t["function"]["name"]: t["function"]["parameters"] for t in llm.requests[0]["tools"]}
    assert tools["search_reports"]["properties"]["language"]["anyOf"][0]["enum"] == ["en", "zh"]
    assert tools["ranking"]["properties"]["index"]["enum"] == ["gfcdi", "fhi", "gfci_fintech", "gfci_overall"]
    assert "GFCI 38 (2025-09)" in json.dumps(tools["ranking"]["properties"]["edition"])


def test_the_prompt_names_the_catalog_today_and_the_rules(
    indexed_settings: Settings, tmp_path: Path, servers: list[ScriptedLLM]
) -> None:
    llm = _start(servers, ["I only answer from these fintech reports."])
    answer = llm_service(indexed_settings, llm, tmp_path).answer("What will the weather be tomorrow?")
    system = llm.requests[0]["messages"][0]
    assert system["role"] == "system"
    prompt = system["content"]
    assert time.strftime("%Y-%m-%d") in prompt and "GFCI 38 (2025-09)" in prompt and "fintech_investment_kpmg" in prompt
    assert "calculate" in prompt and "closest matches" in prompt and "outside" in prompt
    assert not answer.answered and answer.tool_calls == []
