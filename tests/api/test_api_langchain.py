"""LangChain's ``ChatOpenAI`` against the real server: answers, usage metadata (plain and streamed), errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import openai
import pytest
from langchain_core.messages import AIMessageChunk
from langchain_openai import ChatOpenAI

from assistant.api.schemas import MODEL_ID
from assistant.api.tokens import count_tokens

if TYPE_CHECKING:
    from conftest import Server

QUESTION = "Which city ranks first in the 2025 GFCDI?"


def _chat(server: Server, **options: object) -> ChatOpenAI:
    return ChatOpenAI(
        base_url=f"{server.url}/v1", api_key="unused", model=MODEL_ID, max_retries=0, timeout=60, **options
    )


def test_invoke_has_the_answer_and_usage_metadata(server: Server) -> None:
    reply = _chat(server).invoke(QUESTION)
    assert "New York" in reply.content
    usage = reply.usage_metadata
    assert usage is not None
    assert usage["input_tokens"] == count_tokens(QUESTION)
    assert usage["output_tokens"] == count_tokens(str(reply.content))
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]


def test_stream_usage_metadata(server: Server) -> None:
    chunks = list(_chat(server, stream_usage=True).stream(QUESTION))
    joined = chunks[0]
    for chunk in chunks[1:]:
        joined += chunk
    assert isinstance(joined, AIMessageChunk) and "New York" in joined.content
    assert joined.usage_metadata is not None
    assert joined.usage_metadata["input_tokens"] == count_tokens(QUESTION)
    assert joined.usage_metadata["output_tokens"] == count_tokens(str(joined.content))


def test_errors_reach_langchain_with_their_codes(server: Server) -> None:
    with pytest.raises(openai.NotFoundError) as unknown:
        ChatOpenAI(base_url=f"{server.url}/v1", api_key="unused", model="gpt-4o", max_retries=0).invoke(QUESTION)
    assert unknown.value.code == "model_not_found"
    with pytest.raises(openai.UnprocessableEntityError) as too_long:
        _chat(server).invoke("x" * 4001)
    assert too_long.value.code == "context_length_exceeded"
