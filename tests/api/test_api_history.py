"""Stateless clients: the ``messages`` array is the truth about the history.

A history this server wrote, resent as it was, continues its conversation; any other history (trimmed,
edited, two user turns in a row, written by another tool, shaped as Open WebUI or LibreChat send it)
becomes a new conversation seeded with the client's own (question, answer) texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import openai
import pytest

from assistant.api.history import CLIENT_ENGINE
from assistant.api.schemas import MODEL_ID

if TYPE_CHECKING:
    from conftest import Server

Q_GFCI = "Who ranks second in the GFCI 38 FinTech ranking?"
Q_GFCDI = "What is Shanghai's rank in the 2025 Global Fintech Center Development Index?"


@pytest.fixture
def sdk(server: Server) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=120) as client:
        yield client


def _ask(sdk: openai.OpenAI, messages: list[dict[str, Any]], **options: Any) -> tuple[str, dict[str, Any]]:
    completion = sdk.chat.completions.create(model=MODEL_ID, messages=messages, **options)
    return completion.choices[0].message.content, completion.model_extra["fintech"]


def _turns(client: httpx.Client, conversation_id: str) -> list[tuple[str, str, str]]:
    turns = client.get(f"/v1/conversations/{conversation_id}").json()["turns"]
    return [(turn["question"], turn["answer"]["answer"], turn["answer"]["engine"]) for turn in turns]


def test_a_trimmed_history_is_seeded_with_the_clients_text_and_then_continued(
    sdk: openai.OpenAI, client: httpx.Client
) -> None:
    first, answer = _ask(sdk, [{"role": "user", "content": Q_GFCI}])
    trimmed = re.sub(r"\s*\[\d+\]", "", first)
    assert trimmed != first  # the answer cites a passage, and the client dropped the marker
    history = [{"role": "user", "content": Q_GFCI}, {"role": "assistant", "content": trimmed}]
    second, followed = _ask(sdk, [*history, {"role": "user", "content": "What about GFCI 37?"}])
    cid = followed["conversation_id"]
    assert cid != answer["conversation_id"]
    assert _turns(client, cid) == [(Q_GFCI, trimmed, CLIENT_ENGINE), ("What about GFCI 37?", second, "offline")]
    seeded = client.get(f"/v1/conversations/{cid}").json()["turns"][0]["answer"]
    assert seeded["tool_calls"] == [] and seeded["grounded"] is False
    # The client resends the seeded conversation as it now stands: it continues it.
    history += [{"role": "user", "content": "What about GFCI 37?"}, {"role": "assistant", "content": second}]
    _, third = _ask(sdk, [*history, {"role": "user", "content": "And in GFCI 36?"}])
    assert third["conversation_id"] == cid and len(_turns(client, cid)) == 3
    # The original conversation was not touched.
    assert len(_turns(client, answer["conversation_id"])) == 1


def test_open_webui_history_with_a_system_prompt_and_a_foreign_answer(sdk: openai.OpenAI, client: httpx.Client) -> None:
    messages = [
        {"role": "system", "content": "You are a helpful research assistant."},
        {"role": "user", "content": Q_GFCDI},
        {"role": "assistant", "content": "Shanghai is second in that index."},
        {"role": "user", "content": "And Beijing?"},
    ]
    chunks = list(
        sdk.chat.completions.create(
            model=MODEL_ID, messages=messages, stream=True, stream_options={"include_usage": True}
        )
    )
    text = "".join(chunk.choices[0].delta.content or "" for chunk in chunks if chunk.choices)
    cid = next(c.model_extra["fintech"] for c in chunks if c.model_extra.get("fintech"))["conversation_id"]
    assert _turns(client, cid) == [
        (Q_GFCDI, "Shanghai is second in that index.", CLIENT_ENGINE),
        ("And Beijing?", text, "offline"),
    ]


def test_librechat_history_with_parts_and_two_user_turns_in_a_row(sdk: openai.OpenAI, client: httpx.Client) -> None:
    messages = [
        {"role": "system", "content": [{"type": "text", "text": "Answer briefly."}]},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "user", "content": [{"type": "text", "text": "Who ranks second in the GFCI 38"}]},
        {"role": "user", "content": [{"type": "text", "text": "FinTech ranking?"}]},
        {
            "role": "assistant",
            "content": [
                {"type": "text", "text": "Shenzhen is second "},
                {"type": "text", "text": "(edited by the user)."},
            ],
        },
        {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,"}}]},
        {"role": "user", "content": [{"type": "text", "text": "What about GFCI 37?"}]},
    ]
    text, answer = _ask(sdk, messages)
    edited = "Shenzhen is second (edited by the user)."
    assert _turns(client, answer["conversation_id"]) == [
        ("Who ranks second in the GFCI 38\nFinTech ranking?", edited, CLIENT_ENGINE),
        ("What about GFCI 37?", text, "offline"),
    ]


def test_an_unanswered_question_is_kept_as_a_turn_without_an_answer(sdk: openai.OpenAI, client: httpx.Client) -> None:
    messages = [
        {"role": "user", "content": "上海在2025年全球金融科技中心发展指数中排名第几？"},
        {"role": "user", "content": "那北京呢？"},
    ]
    text, answer = _ask(sdk, messages)
    turns = client.get(f"/v1/conversations/{answer['conversation_id']}").json()["turns"]
    assert [(t["question"], t["answer"]["answer"]) for t in turns] == [
        ("上海在2025年全球金融科技中心发展指数中排名第几？", ""),
        ("那北京呢？", text),
    ]
    assert turns[0]["answer"]["language"] == "zh" and turns[0]["answer"]["answered"] is False
