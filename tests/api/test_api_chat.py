"""POST /v1/chat and /v1/chat/stream against the real server and index."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from assistant.answer import Answer

QUESTION = "Which city ranks first in the 2025 GFCDI?"


def test_chat_answers_a_known_fact_with_its_evidence(client: httpx.Client) -> None:
    response = client.post("/v1/chat", json={"message": QUESTION})
    assert response.status_code == 200, response.text
    answer = Answer.model_validate(response.json())
    assert "New York" in answer.answer
    assert answer.citations or answer.tool_calls
    assert answer.answered and answer.grounded and answer.language == "en" and answer.engine == "offline"
    stored = client.get(f"/v1/conversations/{answer.conversation_id}").json()
    assert [turn["question"] for turn in stored["turns"]] == [QUESTION]
    assert stored["turns"][0]["answer"]["answer"] == answer.answer


def test_stream_sends_tools_then_deltas_then_citations_then_done(
    client: httpx.Client, read_events: Callable[[httpx.Response], list[tuple[str, Any]]]
) -> None:
    with client.stream("POST", "/v1/chat/stream", json={"message": QUESTION}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = read_events(response)
    names = [name for name, _ in events]
    tools = names.count("tool")
    deltas = names.count("delta")
    assert deltas > 1
    assert names == ["tool"] * tools + ["delta"] * deltas + ["citations", "done"]
    done = Answer.model_validate(events[-1][1])
    assert "".join(data["text"] for name, data in events if name == "delta") == done.answer
    tool_events = [data for name, data in events if name == "tool"]
    assert tool_events == [call.model_dump(mode="json") for call in done.tool_calls]
    assert events[-2][1] == [c.model_dump(mode="json") for c in done.citations]
    assert "New York" in done.answer


def test_follow_up_continues_the_conversation(client: httpx.Client) -> None:
    first = client.post("/v1/chat", json={"message": QUESTION}).json()
    cid = first["conversation_id"]
    second = client.post("/v1/chat", json={"message": "And which city is second?", "conversation_id": cid})
    assert second.status_code == 200, second.text
    assert second.json()["conversation_id"] == cid
    assert "Shanghai" in second.json()["answer"]
    turns = client.get(f"/v1/conversations/{cid}").json()["turns"]
    assert [t["index"] for t in turns] == [0, 1]
