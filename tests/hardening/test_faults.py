"""Faults: a failing LLM, an index built with another model, a tool that takes too long, racing writes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.hardening.conftest import WORKERS_KEY, Cluster
from tests.hardening.metrics_text import sample
from tests.hardening.support import QUESTION, TOOL_CALL, FaultyLLM, ServeProcess, auth

CITIES = ["Shanghai", "London", "Beijing", "New York", "Singapore", "Paris", "Shenzhen", "Tokyo"]


@pytest.mark.parametrize("mode", ["error", "slow", "malformed", "empty", "unknown_tool"])
def test_a_failing_llm_gives_the_offline_answer_marked(cluster: Cluster, main_llm: FaultyLLM, mode: str) -> None:
    """500, no answer within ASSISTANT_LLM_TIMEOUT (1.5 s here), a cut-off JSON body, an empty answer,
    a call to a tool that does not exist: each time the offline analyst answers, and says so."""
    main_llm.mode = mode
    asked = len(main_llm.requests)
    response = httpx.post(
        f"{cluster.main.url}/v1/chat", json={"message": QUESTION}, headers=auth("k-faults"), timeout=60
    )
    assert len(main_llm.requests) > asked  # the LLM was really asked
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["engine"] == "offline (LLM failed)"
    assert answer["grounded"] and "2nd" in answer["answer"]
    assert all(call["name"] != "delete_all_reports" for call in answer["tool_calls"])


def test_index_built_with_another_model_is_503_with_the_fix(cluster: Cluster) -> None:
    health = httpx.get(f"{cluster.insecure.url}/healthz")
    assert health.status_code == 503 and health.json()["ok"] is False
    assert "'use-multilingual' but 'minilm' is configured" in health.json()["detail"]
    assert "index-tools build --rebuild" in health.json()["detail"]
    chat = httpx.post(f"{cluster.insecure.url}/v1/chat", json={"message": QUESTION})
    assert chat.status_code == 503 and "index-tools build --rebuild" in chat.json()["detail"]


def test_a_tool_over_its_timeout_gives_an_error_result_not_a_hang(lifecycle: ServeProcess, cluster: Cluster) -> None:
    """The lifecycle server's tool timeout (1 µs) is far shorter than a Holt forecast fitted afresh (tens of ms,
    longer than the interpreter's 5 ms thread switch, so the waiting caller always wakes first). The arguments
    are new to the server: analytics results are memoized, and an abandoned call still finishes and fills
    that cache."""
    fresh = {"metric": "fintech_investment_kpmg", "geography": "Global", "target_period": "2026-H1", "method": "holt"}
    cluster.lifecycle_llm.tool_call = ("forecast", fresh)
    try:
        response = httpx.post(f"{lifecycle.url}/v1/chat", json={"message": QUESTION}, timeout=60)
    finally:
        cluster.lifecycle_llm.tool_call = TOOL_CALL
    assert response.status_code == 200
    call = response.json()["tool_calls"][0]
    assert call["name"] == "forecast" and call["arguments"] == fresh
    assert call["result"] == {
        "error": "The tool 'forecast' did not finish within 1e-06 seconds; it was abandoned.",
        "error_type": "CallTimeoutError",
    }
    metrics = httpx.get(f"{lifecycle.url}/metrics").text
    assert sample(metrics, "assistant_tool_calls_total", tool="forecast", outcome="timeout") >= 1


def test_parallel_turns_to_one_conversation_are_all_kept(cluster: Cluster) -> None:
    """Eight questions posted at once to one conversation, on two worker processes: eight turns."""
    url, headers = cluster.workers.url, auth(WORKERS_KEY)
    conversation_id = httpx.post(f"{url}/v1/conversations", json={}, headers=headers).json()["id"]
    questions = [f"Where does {city} rank in the 2025 GFCDI?" for city in CITIES]

    def ask(question: str) -> httpx.Response:
        body = {"message": question, "conversation_id": conversation_id}
        return httpx.post(f"{url}/v1/chat", json=body, headers=headers, timeout=120)

    with ThreadPoolExecutor(len(questions)) as pool:
        responses = list(pool.map(ask, questions))
    assert [response.status_code for response in responses] == [200] * len(questions)
    turns = httpx.get(f"{url}/v1/conversations/{conversation_id}", headers=headers).json()["turns"]
    assert [turn["index"] for turn in turns] == list(range(len(questions)))
    assert sorted(turn["question"] for turn in turns) == sorted(questions)
    stored = {turn["question"]: turn["answer"]["answer"] for turn in turns}
    assert all(stored[q] == r.json()["answer"] for q, r in zip(questions, responses, strict=True))
