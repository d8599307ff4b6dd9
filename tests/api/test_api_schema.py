"""The OpenAPI schema declares what the server enforces, and bearer auth only when keys are configured."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import httpx

from assistant.api.schemas import NOT_BLANK_PATTERN, TEXT_PATTERN

if TYPE_CHECKING:
    from conftest import Server


def _schema(server: Server) -> dict[str, Any]:
    return httpx.get(f"{server.url}/openapi.json").json()


def _ecma_to_python(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)  # \u0000 and \s mean the same in both


def test_limits_are_declared(server: Server) -> None:
    components = _schema(server)["components"]["schemas"]
    message = components["ChatRequest"]["properties"]["message"]
    assert (message["minLength"], message["maxLength"], message["pattern"]) == (1, 4000, NOT_BLANK_PATTERN)
    search = components["SearchRequest"]["properties"]
    assert (search["k"]["minimum"], search["k"]["maximum"]) == (1, 50)
    assert (search["query"]["pattern"], search["query"]["maxLength"]) == (NOT_BLANK_PATTERN, 4000)
    assert search["document_id"]["anyOf"][0]["pattern"] == TEXT_PATTERN
    title = components["ConversationRename"]["properties"]["title"]
    assert (title["minLength"], title["maxLength"], title["pattern"]) == (1, 200, NOT_BLANK_PATTERN)
    top_n = components["RankingInput"]["properties"]["top_n"]["anyOf"][0]
    assert (top_n["type"], top_n["minimum"], top_n["maximum"]) == ("integer", 1, 100)
    blank = _ecma_to_python(NOT_BLANK_PATTERN)
    assert blank.search("Who?") and not blank.search(" \n ") and not blank.search("a\x00b")
    assert not blank.search("\x1d\u3000") and blank.search("\ufeff")  # whitespace as str.strip() has it
    assert _ecma_to_python(TEXT_PATTERN).search("") and not _ecma_to_python(TEXT_PATTERN).search("\x00")


def test_bearer_auth_is_declared_only_with_keys(server: Server, unready_server: Server) -> None:
    open_schema, keyed_schema = _schema(server), _schema(unready_server)
    assert "securitySchemes" not in open_schema.get("components", {})
    chat = open_schema["paths"]["/v1/chat"]["post"]
    assert "security" not in chat and "401" not in chat["responses"]
    assert keyed_schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    keyed_chat = keyed_schema["paths"]["/v1/chat"]["post"]
    assert keyed_chat["security"] == [{"HTTPBearer": []}] and "401" in keyed_chat["responses"]
    for schema in (open_schema, keyed_schema):
        responses = schema["paths"]["/v1/chat"]["post"]["responses"]
        assert {"413", "422", "429"} <= set(responses)
