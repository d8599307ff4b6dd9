"""The process dies or is stopped mid-answer: stored turns survive SIGKILL; SIGTERM lets answers finish."""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.hardening.conftest import Cluster
from tests.hardening.support import QUESTION, FaultyLLM, ServeProcess


def _ask(server: ServeProcess, message: str, conversation_id: str | None = None) -> httpx.Response:
    body = {"message": message, "conversation_id": conversation_id}
    return httpx.post(f"{server.url}/v1/chat", json=body, timeout=60)


def _in_flight(pool: ThreadPoolExecutor, server: ServeProcess, llm: FaultyLLM, cid: str) -> Future[httpx.Response]:
    """A question the (slow) LLM is busy answering when this returns."""
    llm.mode, asked = "slow", len(llm.requests)
    pending = pool.submit(_ask, server, "And Beijing?", cid)
    deadline = time.monotonic() + 30
    while len(llm.requests) == asked:
        assert time.monotonic() < deadline and not pending.done(), "the request never reached the LLM"
        time.sleep(0.05)
    return pending


def test_sigkill_mid_conversation_loses_no_stored_turn(cluster: Cluster, lifecycle: ServeProcess) -> None:
    first = _ask(lifecycle, QUESTION).json()
    second = _ask(lifecycle, "And London?", first["conversation_id"]).json()
    with ThreadPoolExecutor(1) as pool:
        pending = _in_flight(pool, lifecycle, cluster.lifecycle_llm, first["conversation_id"])
        lifecycle.kill()
        with pytest.raises(httpx.TransportError):
            pending.result()
    cluster.lifecycle_llm.mode = "ok"
    lifecycle.launch()
    lifecycle.wait_ready()
    url = f"{lifecycle.url}/v1/conversations/{first['conversation_id']}"
    turns = httpx.get(url).json()["turns"]
    assert [(t["index"], t["question"], t["answer"]["answer"]) for t in turns] == [
        (0, QUESTION, first["answer"]),
        (1, "And London?", second["answer"]),
    ]
    again = _ask(lifecycle, "And Beijing?", first["conversation_id"])
    assert again.status_code == 200
    assert [t["index"] for t in httpx.get(url).json()["turns"]] == [0, 1, 2]


def test_sigterm_lets_an_in_flight_answer_finish(cluster: Cluster, lifecycle: ServeProcess) -> None:
    cid = _ask(lifecycle, QUESTION).json()["conversation_id"]
    with ThreadPoolExecutor(1) as pool:
        pending = _in_flight(pool, lifecycle, cluster.lifecycle_llm, cid)
        exit_code = lifecycle.terminate()  # returns once the process has exited
        response = pending.result()
    assert response.status_code == 200 and response.json()["engine"] == "openai:scripted-model"
    assert exit_code in (0, -15)
    messages = [record["message"] for record in lifecycle.records()]
    assert "Waiting for connections to close. (CTRL+C to force quit)" in messages
    assert any(message.startswith("Finished server process") for message in messages)
    database = Path(lifecycle.env["ASSISTANT_DATA_DIR"]) / "conversations.sqlite3"
    with sqlite3.connect(database) as db:
        stored = db.execute("SELECT idx, question FROM turns WHERE conversation_id = ?", (cid,)).fetchall()
    assert stored == [(0, QUESTION), (1, "And Beijing?")]
