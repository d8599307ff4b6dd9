"""The OpenAI-compatible endpoints through the official ``openai`` SDK, unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
import openai
import pytest

from assistant.answer import Answer
from assistant.api.schemas import MODEL_ID

if TYPE_CHECKING:
    from conftest import Server

QUESTION = "Which city ranks first in the 2025 GFCDI?"


@pytest.fixture
def sdk(server: Server) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=60) as client:
        yield client


def test_models_lists_the_one_model(sdk: openai.OpenAI) -> None:
    assert [model.id for model in sdk.models.list()] == [MODEL_ID]


def test_completion_carries_the_answer_and_its_evidence(sdk: openai.OpenAI) -> None:
    completion = sdk.chat.completions.create(
        model=MODEL_ID,
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": QUESTION}],
    )
    content = completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop" and "New York" in content
    answer = Answer.model_validate(completion.model_extra["fintech"])
    assert answer.answer == content and (answer.citations or answer.tool_calls) and answer.grounded


def test_stream_joins_to_the_answer_and_ends_with_fintech(sdk: openai.OpenAI) -> None:
    chunks = list(
        sdk.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}], stream=True)
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks)
    assert len(chunks) > 3 and chunks[-1].choices[0].finish_reason == "stop"
    answer = Answer.model_validate(chunks[-1].model_extra["fintech"])
    assert text == answer.answer and "New York" in text
    assert all("fintech" not in (chunk.model_extra or {}) for chunk in chunks[:-1])


def test_resent_history_continues_the_stored_conversation(sdk: openai.OpenAI, client: httpx.Client) -> None:
    messages = [{"role": "user", "content": QUESTION}]
    first = sdk.chat.completions.create(model=MODEL_ID, messages=messages)
    messages += [
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": "And which city is second?"},
    ]
    second = sdk.chat.completions.create(model=MODEL_ID, messages=messages)
    cid = first.model_extra["fintech"]["conversation_id"]
    assert second.model_extra["fintech"]["conversation_id"] == cid
    third = sdk.chat.completions.create(
        model=MODEL_ID,
        messages=[{"role": "user", "content": "Who is third?"}],
        extra_body={"conversation_id": cid},
    )
    assert third.model_extra["fintech"]["conversation_id"] == cid
    turns = client.get(f"/v1/conversations/{cid}").json()["turns"]
    assert [t["question"] for t in turns] == [QUESTION, "And which city is second?", "Who is third?"]
    edited = [*messages[:1], {"role": "assistant", "content": "Something else."}, messages[2]]
    fresh = sdk.chat.completions.create(model=MODEL_ID, messages=edited)
    assert fresh.model_extra["fintech"]["conversation_id"] != cid


def test_sdk_sees_errors_as_errors(sdk: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError, match="Unknown model"):
        sdk.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    with pytest.raises(openai.UnprocessableEntityError, match="last message"):
        sdk.chat.completions.create(model=MODEL_ID, messages=[{"role": "assistant", "content": "Hi"}])
    with pytest.raises(openai.NotFoundError, match="Unknown conversation"):
        sdk.chat.completions.create(
            model=MODEL_ID,
            messages=[{"role": "user", "content": QUESTION}],
            extra_body={"conversation_id": "nope"},
        )
    with pytest.raises(openai.UnprocessableEntityError, match="empty"):
        sdk.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": " "}], stream=True)
