"""Request ids in headers and in every log line of the request; Prometheus metrics at /metrics."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import Any

import httpx

from tests.hardening.conftest import Cluster
from tests.hardening.metrics_text import label_values, sample
from tests.hardening.support import QUESTION, FaultyLLM, ServeProcess, auth


def _records_of(server: ServeProcess, request_id: str) -> list[dict[str, Any]]:
    """The log records of one request, once its access line is written (just after the response)."""
    deadline = time.monotonic() + 10
    while True:
        records = [record for record in server.records() if record["request_id"] == request_id]
        if any(record["logger"] == "assistant.access" for record in records) or time.monotonic() > deadline:
            return records
        time.sleep(0.1)


def test_request_id_is_echoed_or_made(cluster: Cluster) -> None:
    url = cluster.main.url
    assert httpx.get(f"{url}/healthz", headers={"X-Request-ID": "trace-42.a"}).headers["x-request-id"] == "trace-42.a"
    made = httpx.get(f"{url}/healthz").headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    replaced = httpx.get(f"{url}/healthz", headers={"X-Request-ID": "two words"}).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", replaced)  # not a usable id: a new one instead
    refused = httpx.get(f"{url}/v1/models", headers={"X-Request-ID": "no-key-1"})
    assert refused.status_code == 401 and refused.headers["x-request-id"] == "no-key-1"


def test_every_log_line_of_a_request_carries_its_id(cluster: Cluster, main_llm: FaultyLLM) -> None:
    main_llm.mode = "error"
    request_id = f"fallback-{uuid.uuid4().hex[:8]}"
    response = httpx.post(
        f"{cluster.main.url}/v1/chat",
        json={"message": QUESTION},
        headers={**auth("k-obs"), "X-Request-ID": request_id},
        timeout=60,
    )
    assert response.status_code == 200 and response.headers["x-request-id"] == request_id
    records = _records_of(cluster.main, request_id)
    by_logger = {record["logger"]: record for record in records}
    # The LLM failure is logged from a worker thread, inside the service: it still carries the id.
    assert "answering offline" in by_logger["assistant.agent.service"]["message"]
    access = by_logger["assistant.access"]
    fields = (access["method"], access["path"], access["route"], access["status"])
    assert fields == ("POST", "/v1/chat", "/v1/chat", 200)
    assert access["duration_ms"] > 0 and access["level"] == "info" and access["pid"] == cluster.main.process.pid
    lines = cluster.main.log.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["level"] for line in lines if line.strip())  # the whole log is JSON lines


def test_metrics_count_requests_tools_answers_and_fallbacks(cluster: Cluster, main_llm: FaultyLLM) -> None:
    url, headers = cluster.main.url, auth("k-obs")
    before = httpx.get(f"{url}/metrics")  # no key needed, although the server has keys
    assert before.status_code == 200 and before.headers["content-type"].startswith("text/plain")

    answer = httpx.post(f"{url}/v1/chat", json={"message": QUESTION}, headers=headers, timeout=60).json()
    assert answer["engine"] == "openai:scripted-model" and not answer["grounded"]  # the LLM invented 87.5
    conversation = f"{url}/v1/conversations/{answer['conversation_id']}"
    assert httpx.get(conversation, headers=headers).status_code == 200
    main_llm.mode = "empty"
    fallback = httpx.post(f"{url}/v1/chat", json={"message": QUESTION}, headers=headers, timeout=60).json()
    assert fallback["engine"] == "offline (LLM failed)"

    after = httpx.get(f"{url}/metrics").text

    def delta(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before.text, name, **labels)

    assert delta("assistant_http_requests_total", method="POST", route="/v1/chat", status="200") == 2
    assert delta("assistant_http_request_duration_seconds_count", method="POST", route="/v1/chat") == 2
    conversation_route = "/v1/conversations/{conversation_id}"
    assert delta("assistant_http_requests_total", method="GET", route=conversation_route, status="200") == 1
    assert not any(answer["conversation_id"] in route for route in label_values(after, "route"))
    # The LLM's city_rank call and the offline fallback's own tool calls.
    assert delta("assistant_tool_calls_total", tool="city_rank", outcome="ok") >= 2
    assert delta("assistant_tool_call_duration_seconds_count", tool="city_rank") >= 2
    assert delta("assistant_answers_total", engine="openai:scripted-model") == 1
    assert delta("assistant_answers_total", engine="offline (LLM failed)") == 1
    assert delta("assistant_llm_fallbacks_total") == 1
    assert delta("assistant_ungrounded_answers_total") == 1
