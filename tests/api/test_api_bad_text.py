"""Bad text and bad bodies on one keep-alive connection: each gets its 4xx naming the field (never a 5xx),
and a valid request sent next on the same connection gets its 200."""

from __future__ import annotations

import http.client
import json
from typing import TYPE_CHECKING

import pytest

from assistant.api.schemas import MODEL_ID

if TYPE_CHECKING:
    from conftest import Server

SURROGATE = '"\\ud800"'  # JSON for a lone surrogate: valid JSON, not valid Unicode text
NUL = '"a\\u0000b"'
LONG = json.dumps("x" * 10_000)
JSON = {"content-type": "application/json"}


def _completion(content: str, model: str = json.dumps(MODEL_ID)) -> str:
    return f'{{"model": {model}, "messages": [{{"role": "user", "content": {content}}}]}}'


def _deep(depth: int) -> str:
    return _completion("[" + '{"type": "text", "x": ' * depth + "1" + "}" * depth + "]")


# (method, path, body, status, text the detail must contain)
BATTERY = [
    ("POST", "/v1/search", f'{{"query": {SURROGATE}}}', 422, "query: must be valid Unicode text"),
    ("POST", "/v1/search", '{"query": "GFCI", "publisher": "\\udfff"}', 422, "publisher: must be valid Unicode"),
    ("POST", "/v1/chat", f'{{"message": {SURROGATE}}}', 422, "message: must be valid Unicode text"),
    ("POST", "/v1/chat", f'{{"message": "hi", "conversation_id": {SURROGATE}}}', 422, "conversation_id: must be"),
    ("POST", "/v1/chat/stream", f'{{"message": {SURROGATE}}}', 422, "message: must be valid Unicode text"),
    ("POST", "/v1/chat/completions", _completion(SURROGATE), 422, "messages.0.content: must be valid Unicode"),
    (
        "POST",
        "/v1/chat/completions",
        _completion(f'[{{"type": "text", "text": {SURROGATE}}}]'),
        422,
        "messages.0.content.0.text: must be valid Unicode",
    ),
    ("POST", "/v1/chat/completions", _completion('"hi"', model=SURROGATE), 422, "model: must be valid Unicode"),
    ("POST", "/v1/conversations", f'{{"title": {SURROGATE}}}', 422, "title: must be valid Unicode text"),
    ("PATCH", "/v1/conversations/{cid}", f'{{"title": {SURROGATE}}}', 422, "title: must be valid Unicode text"),
    ("POST", "/v1/feedback", f'{{"conversation_id": {SURROGATE}, "turn_index": 0, "rating": "up"}}', 422, "conv"),
    (
        "POST",
        "/v1/feedback",
        f'{{"conversation_id": "{{cid}}", "turn_index": 0, "rating": "up", "comment": {SURROGATE}}}',
        422,
        "comment: must be valid Unicode text",
    ),
    ("POST", "/v1/tools/ranking", f'{{"index": {SURROGATE}}}', 422, "index"),
    ("GET", "/v1/conversations/a%00b", None, 422, "conversation_id: must not contain NUL characters"),
    ("PATCH", "/v1/conversations/a%00b", '{"title": "t"}', 422, "conversation_id: must not contain NUL"),
    ("DELETE", "/v1/conversations/a%00b", None, 422, "conversation_id: must not contain NUL characters"),
    ("DELETE", "/v1/documents/a%00b", None, 422, "document_id: must not contain NUL characters"),
    ("POST", "/v1/chat", f'{{"message": {NUL}}}', 422, "message: must not contain NUL characters"),
    ("POST", "/v1/search", f'{{"query": {NUL}}}', 422, "query: must not contain NUL characters"),
    ("POST", "/v1/conversations", f'{{"title": {NUL}}}', 422, "title: must not contain NUL characters"),
    ("POST", "/v1/chat/completions", _completion(NUL), 422, "messages.0.content: must not contain NUL"),
    ("POST", "/v1/chat", b'{"message": "\xff\xfe"}', 422, "not valid UTF-8"),
    # A surrogate's UTF-8 form (CESU-8): Python's JSON reader takes it, the text check refuses it.
    ("POST", "/v1/chat/completions", _completion('"\xed\xa0\x80"').encode("latin-1"), 422, "must be valid Unicode"),
    ("POST", "/v1/search", b'{"query": "\xc3"}', 422, "not valid UTF-8"),
    ("POST", "/v1/chat", f'{{"message": {LONG}}}', 422, "longer than 4000 characters"),
    ("POST", "/v1/chat/stream", f'{{"message": {LONG}}}', 422, "longer than 4000 characters"),
    ("POST", "/v1/chat/completions", _completion(LONG), 422, "longer than 4000 characters"),
    ("POST", "/v1/search", f'{{"query": {LONG}}}', 422, "longer than 4000 characters"),
    ("POST", "/v1/search", json.dumps({"query": "GFCI" + " " * 4000}), 422, "longer than 4000 characters"),
    ("POST", "/v1/conversations", f'{{"title": {LONG}}}', 422, "title: must have at most 200 characters"),
    ("POST", "/v1/feedback", f'{{"conversation_id": "x", "turn_index": 0, "comment": {LONG}}}', 422, "comment"),
    ("POST", "/v1/chat", b"x" * 20_000_000, 413, "larger than 1000000 bytes"),
    ("POST", "/v1/chat", "[" * 200_000 + "]" * 200_000, 422, "nested too deeply"),
    ("POST", "/v1/chat/completions", _deep(900), 422, "Only text message content"),
    ("POST", "/v1/tools/ranking", '{"index": "gfcdi", "x": ' + "[" * 900 + "]" * 900 + "}", 422, "x: Extra inputs"),
]


def _send(connection: http.client.HTTPConnection, method: str, path: str, body: str | bytes | None = None):
    connection.request(method, path, body=body, headers=JSON)
    response = connection.getresponse()
    return response, response.read()


@pytest.fixture
def connection(server: Server):
    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=120)
    yield connection
    connection.close()


def test_bad_text_is_a_422_naming_the_field_and_the_connection_stays_usable(connection) -> None:  # type: ignore[no-untyped-def]
    created, body = _send(connection, "POST", "/v1/conversations", '{"title": "Bad input battery"}')
    assert created.status == 201, body
    cid = json.loads(body)["id"]
    local_port = connection.sock.getsockname()[1]
    problems = []
    for method, path, payload, status, expected in BATTERY:
        path = path.replace("{cid}", cid)
        if isinstance(payload, str):
            payload = payload.replace("{cid}", cid)
        response, raw = _send(connection, method, path, payload)
        detail = json.loads(raw)
        if response.status != status or expected not in detail["detail"]:
            problems.append(f"{method} {path} {str(payload)[:60]!r}: {response.status} {raw[:200]!r}")
        elif detail["error"]["code"] in (None, "") or detail["error"]["message"] != detail["detail"]:
            problems.append(f"{method} {path}: no OpenAI error envelope: {raw[:200]!r}")
        after, raw = _send(connection, "GET", "/v1/models")
        if after.status != 200 or connection.sock is None or connection.sock.getsockname()[1] != local_port:
            problems.append(f"after {method} {path} {str(payload)[:60]!r}: not answered on the same connection")
            local_port = connection.sock.getsockname()[1] if connection.sock else local_port
    assert not problems, "\n".join(problems)


def test_a_chunked_body_over_the_limit_is_413_on_a_live_connection(connection) -> None:  # type: ignore[no-untyped-def]
    _send(connection, "GET", "/v1/models")
    local_port = connection.sock.getsockname()[1]
    chunks = (b"x" * 65536 for _ in range(320))  # 20 MB
    connection.request("POST", "/v1/chat", body=chunks, headers=JSON, encode_chunked=True)
    response = connection.getresponse()
    assert response.status == 413 and "larger than" in json.loads(response.read())["detail"]
    after, _ = _send(connection, "GET", "/v1/models")
    assert after.status == 200 and connection.sock.getsockname()[1] == local_port
