"""The OpenAI-compatible endpoints through the official ``openai`` SDK, unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
import openai
import pytest

from assistant.answer import Answer
from assistant.api.schemas import MODEL_ID
from assistant.api.tokens import count_tokens

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


def test_usage_counts_the_messages_and_the_answer(sdk: openai.OpenAI) -> None:
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": QUESTION}]
    completion = sdk.chat.completions.create(model=MODEL_ID, messages=messages)
    usage = completion.usage
    assert usage is not None
    assert usage.prompt_tokens == count_tokens("Be brief.") + count_tokens(QUESTION) == 3 + 9
    assert usage.completion_tokens == count_tokens(completion.choices[0].message.content) > 5
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens


def test_stream_usage_comes_in_a_last_chunk_only_when_asked(sdk: openai.OpenAI) -> None:
    messages = [{"role": "user", "content": QUESTION}]
    chunks = list(
        sdk.chat.completions.create(
            model=MODEL_ID, messages=messages, stream=True, stream_options={"include_usage": True}
        )
    )
    last, text = chunks[-1], "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert last.choices == [] and last.usage is not None
    assert last.usage.prompt_tokens == count_tokens(QUESTION)
    assert last.usage.completion_tokens == count_tokens(text) and last.usage.total_tokens > last.usage.prompt_tokens
    assert all(chunk.usage is None for chunk in chunks[:-1])
    plain = list(sdk.chat.completions.create(model=MODEL_ID, messages=messages, stream=True))
    assert all(chunk.usage is None and chunk.choices for chunk in plain)


def test_models_retrieve_one_model_or_model_not_found(sdk: openai.OpenAI) -> None:
    card = sdk.models.retrieve(MODEL_ID)
    assert card.id == MODEL_ID and card.object == "model"
    with pytest.raises(openai.NotFoundError) as missing:
        sdk.models.retrieve("gpt-4o")
    assert missing.value.code == "model_not_found" and "gpt-4o" in missing.value.message


def test_errors_carry_openai_codes(sdk: openai.OpenAI, client: httpx.Client) -> None:
    with pytest.raises(openai.NotFoundError) as model:
        sdk.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": QUESTION}])
    assert model.value.code == "model_not_found"
    with pytest.raises(openai.UnprocessableEntityError) as long:
        sdk.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": "x" * 4001}])
    assert long.value.code == "context_length_exceeded" and long.value.param == "messages.0.content"
    with pytest.raises(openai.UnprocessableEntityError) as bad:
        sdk.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}], stream=1)
    assert bad.value.code == "invalid_value" and bad.value.param == "stream"
    with pytest.raises(openai.APIStatusError) as big:
        sdk.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": "x" * 1_000_001}])
    assert big.value.status_code == 413 and big.value.code == "request_too_large"
    with pytest.raises(openai.NotFoundError) as route:
        sdk.get("/no-such-route", cast_to=httpx.Response)
    assert route.value.code == "unknown_url"
    # Every /v1 error has the envelope, OpenAI paths or not; paths outside /v1 keep the plain {"detail"}.
    for response in (client.get("/v1/conversations/missing"), client.post("/v1/search", json={"query": ""})):
        error = response.json()["error"]
        assert error["message"] == response.json()["detail"] and error["code"] in ("not_found", "invalid_value")
    assert client.post("/v1/search", json={"query": ""}).json()["error"]["param"] == "query"
    assert "error" not in client.post("/no-such-page").json()


def test_a_wrong_key_is_told_apart_from_a_missing_one(unready_server: Server) -> None:
    url = f"{unready_server.url}/v1"
    wrong = openai.OpenAI(base_url=url, api_key="wrong-key", max_retries=0)
    with wrong, pytest.raises(openai.AuthenticationError) as refused:
        wrong.models.list()
    assert refused.value.code == "invalid_api_key" and "not valid" in refused.value.message
    missing = httpx.get(f"{url}/models")
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "missing_api_key"
    assert "needs an API key" in missing.json()["detail"]
    with openai.OpenAI(base_url=url, api_key="test-key", max_retries=0) as keyed:
        assert keyed.models.retrieve(MODEL_ID).id == MODEL_ID
        with pytest.raises(openai.InternalServerError) as unready:  # 503: no index yet
            keyed.chat.completions.create(model=MODEL_ID, messages=[{"role": "user", "content": QUESTION}])
    assert unready.value.status_code == 503 and unready.value.code == "service_unavailable"
