"""State survives a restart; a server without an index says how to fix it; API keys guard /v1."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from conftest import Server


def test_conversation_survives_a_restart(server: Server) -> None:
    first = httpx.post(
        f"{server.url}/v1/chat", json={"message": "Where does Shanghai rank in the 2025 GFCDI?"}, timeout=60
    )
    assert first.status_code == 200
    cid = first.json()["conversation_id"]
    server.restart()
    turns = httpx.get(f"{server.url}/v1/conversations/{cid}").json()["turns"]
    assert [t["answer"]["answer"] for t in turns] == [first.json()["answer"]]
    follow_up = httpx.post(f"{server.url}/v1/chat", json={"message": "And London?", "conversation_id": cid}, timeout=60)
    assert follow_up.status_code == 200, follow_up.text
    assert "London" in follow_up.json()["answer"]
    turns = httpx.get(f"{server.url}/v1/conversations/{cid}").json()["turns"]
    assert [t["index"] for t in turns] == [0, 1]


def test_missing_index_is_503_with_the_fix(unready_server: Server) -> None:
    auth = {"Authorization": f"Bearer {unready_server.api_key}"}
    health = httpx.get(f"{unready_server.url}/healthz")
    assert health.status_code == 503
    assert health.json()["ok"] is False and "index-tools build" in health.json()["detail"]
    chat = httpx.post(f"{unready_server.url}/v1/chat", json={"message": "Who is first?"}, headers=auth)
    assert chat.status_code == 503 and "index-tools build" in chat.json()["detail"]
    search = httpx.post(f"{unready_server.url}/v1/search", json={"query": "GFCDI"}, headers=auth)
    assert search.status_code == 503 and "index-tools build" in search.json()["detail"]
    assert httpx.get(f"{unready_server.url}/v1/conversations", headers=auth).json() == []


def test_api_key_is_required_when_configured(unready_server: Server) -> None:
    url = f"{unready_server.url}/v1/conversations"
    missing = httpx.get(url)
    assert missing.status_code == 401 and "API key" in missing.json()["detail"]
    assert httpx.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert httpx.get(url, headers={"Authorization": f"Bearer {unready_server.api_key}"}).status_code == 200
