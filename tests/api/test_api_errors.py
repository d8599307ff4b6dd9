"""Bad input gets a 4xx with a readable ``detail``, never a 500, and nothing stored is lost."""

from __future__ import annotations

import httpx
import pytest

from assistant.api.schemas import MODEL_ID

LONG = "x" * 4001


@pytest.fixture
def conversation(client: httpx.Client) -> str:
    answer = client.post("/v1/chat", json={"message": "Which city ranks first in the 2025 GFCDI?"})
    assert answer.status_code == 200
    return answer.json()["conversation_id"]


def _completion(content: object, **extra: object) -> dict[str, object]:
    return {"model": MODEL_ID, "messages": [{"role": "user", "content": content}], **extra}


CASES = [
    ("/v1/chat", {"message": ""}, 422, "empty"),
    ("/v1/chat", {"message": "   \n "}, 422, "empty"),
    ("/v1/chat", {"message": "\x1d\u3000"}, 422, "message: must not be empty or only whitespace"),
    ("/v1/chat", {"message": LONG}, 422, "longer than 4000"),
    ("/v1/chat", {"message": 42}, 422, "message: Input should be a valid string"),
    ("/v1/chat", {"message": "hi", "conversation_id": 7}, 422, "conversation_id: Input should be a valid"),
    ("/v1/chat", {}, 422, "message: Field required"),
    ("/v1/chat", ["message"], 422, "valid dictionary"),
    ("/v1/chat", {"message": "Who is first?", "conversation_id": "missing"}, 404, "Unknown conversation"),
    ("/v1/chat/stream", {"message": ""}, 422, "empty"),
    ("/v1/chat/stream", {"message": LONG}, 422, "longer than 4000"),
    ("/v1/chat/stream", {"message": "Who?", "conversation_id": "missing"}, 404, "Unknown conversation"),
    ("/v1/chat/completions", _completion(""), 422, "empty"),
    ("/v1/chat/completions", _completion(LONG, stream=True), 422, "longer than 4000"),
    ("/v1/chat/completions", {"model": MODEL_ID, "messages": []}, 422, "messages: List should have"),
    ("/v1/chat/completions", _completion([{"type": "image_url", "image_url": {}}]), 422, "Only text"),
    ("/v1/chat/completions", _completion("hi", conversation_id="missing"), 404, "Unknown conversation"),
    ("/v1/search", {"query": " "}, 422, "empty"),
    ("/v1/search", {"query": "GFCDI", "k": 0}, 422, "k: Input should be greater than or equal to 1"),
    ("/v1/search", {"query": "GFCDI", "k": 51}, 422, "k: Input should be less than or equal to 50"),
    ("/v1/search", {"query": "GFCDI", "k": "3"}, 422, "k: must be an integer, not a string"),
    ("/v1/search", {"query": "GFCDI", "k": 3.5}, 422, "k: Input should be a valid integer"),
    ("/v1/search", {"query": "GFCDI", "year": "last year"}, 422, "year: must be an integer, not a string"),
    ("/v1/tools/ranking", {"index": "gfcdi", "top_n": 0}, 422, "top_n: Input should be greater than"),
    ("/v1/tools/ranking", {"index": "gfcdi", "colour": "red"}, 422, "colour: Extra inputs"),
    ("/v1/tools/ranking", {"index": "no-such-index"}, 422, "no-such-index"),
    ("/v1/tools/ranking", {"index": "gfcdi", "top_n": True}, 422, "top_n: Input should be a valid integer"),
    ("/v1/tools/ranking", {"index": "gfcdi", "top_n": "3"}, 422, "top_n: Input should be a valid integer"),
    ("/v1/tools/ranking", {"index": "gfcdi", "top_n": 2.0}, 422, "top_n: Input should be a valid integer"),
    ("/v1/tools/forecast", {"metric": "x", "target_period": "2026", "baseline_year": "2020"}, 422, "baseline_year"),
    ("/v1/conversations", {"title": ""}, 422, "title: must not be empty or only whitespace"),
    ("/v1/conversations", {"title": "  "}, 422, "title: must not be empty or only whitespace"),
    ("/v1/conversations", {"title": "x" * 201}, 422, "title: must have at most 200 characters"),
    ("/v1/feedback", {"conversation_id": "missing", "turn_index": 0, "rating": "up"}, 404, "Unknown conv"),
    ("/v1/feedback", {"conversation_id": "x", "turn_index": -1, "rating": "up"}, 422, "turn_index"),
    ("/v1/feedback", {"conversation_id": "x", "turn_index": 0, "rating": "meh"}, 422, "rating"),
]


@pytest.mark.parametrize(("path", "body", "status", "message"), CASES)
def test_bad_json_bodies(client: httpx.Client, path: str, body: object, status: int, message: str) -> None:
    response = client.post(path, json=body)
    assert response.status_code == status, response.text
    assert message in response.json()["detail"]


@pytest.mark.parametrize("path", ["/v1/chat", "/v1/chat/stream", "/v1/chat/completions", "/v1/search", "/v1/feedback"])
def test_malformed_json(client: httpx.Client, path: str) -> None:
    response = client.post(path, content=b'{"message": "hi",', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("The request body is not valid JSON")


def test_oversized_body_is_refused_declared_or_chunked(client: httpx.Client) -> None:
    body = b'{"message": "' + b"x" * 2_000_000 + b'"}'
    declared = client.post("/v1/chat", content=body, headers={"content-type": "application/json"})
    chunked = client.post(
        "/v1/chat",
        content=(body[i : i + 65536] for i in range(0, len(body), 65536)),
        headers={"content-type": "application/json"},
    )
    for response in (declared, chunked):
        assert response.status_code == 413
        assert response.json()["detail"] == "The request body is larger than 1000000 bytes."


def test_bad_requests_about_a_conversation_leave_it_intact(client: httpx.Client, conversation: str) -> None:
    before = client.get(f"/v1/conversations/{conversation}").json()
    for message in ("", LONG):
        body = {"message": message, "conversation_id": conversation}
        assert client.post("/v1/chat", json=body).status_code == 422
        assert client.post("/v1/chat/stream", json=body).status_code == 422
    assert client.patch(f"/v1/conversations/{conversation}", json={"title": " "}).status_code == 422
    assert client.patch(f"/v1/conversations/{conversation}", json={"title": 5}).status_code == 422
    for turn in (3, 2**70):
        feedback = {"conversation_id": conversation, "turn_index": turn, "rating": "up"}
        response = client.post("/v1/feedback", json=feedback)
        assert response.status_code == 404 and f"no turn {turn}" in response.json()["detail"]
    assert client.get(f"/v1/conversations/{conversation}").json() == before
    assert client.patch("/v1/conversations/missing", json={"title": "t"}).status_code == 404
    assert client.delete("/v1/conversations/missing").status_code == 404
