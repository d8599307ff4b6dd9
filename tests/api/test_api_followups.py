"""Follow-up questions against histories this server did not write byte for byte: the answer reads the
follow-up ("What about GFCI 37?", "And Beijing?", "那北京呢？") against the client's own earlier questions.

Expected figures come from the analytics tools, not from these tests: the GFCI FinTech ranking's second
place in GFCI 37 and Beijing's rank in the 2025 Global Fintech Center Development Index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx
import openai
import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_openai import ChatOpenAI

from assistant.api.schemas import MODEL_ID

if TYPE_CHECKING:
    from conftest import Server

Q_GFCI = "Who ranks second in the GFCI 38 FinTech ranking?"
Q_GFCDI = "What is Shanghai's rank in the 2025 Global Fintech Center Development Index?"
Q_GFCDI_ZH = "上海在2025年全球金融科技中心发展指数中排名第几？"


@pytest.fixture
def sdk(server: Server) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{server.url}/v1", api_key="unused", max_retries=0, timeout=120) as client:
        yield client


def _ask(sdk: openai.OpenAI, messages: list[dict[str, Any]]) -> str:
    completion = sdk.chat.completions.create(model=MODEL_ID, messages=messages)
    return completion.choices[0].message.content


def _rank(client: httpx.Client, tool: str, **arguments: Any) -> list[dict[str, Any]]:
    response = client.post(f"/v1/tools/{tool}", json=arguments)
    assert response.status_code == 200, response.text
    return response.json()["rows"]


@pytest.fixture
def gfci_37_second(client: httpx.Client) -> str:
    rows = _rank(client, "ranking", index="gfci_fintech", edition="GFCI 37", top_n=2)
    return next(row["city"] for row in rows if row["rank"] == 2)


@pytest.fixture
def beijing_gfcdi_2025(client: httpx.Client) -> int:
    (row,) = _rank(client, "city_rank", city="Beijing", index="gfcdi", edition="2025")
    return int(row["rank"])


def _about_gfci_37_fintech(text: str, second: str) -> bool:
    return "GFCI 37" in text and "FinTech" in text and second in text and "GFCI 38" not in text


def _about_beijing_in_gfcdi(text: str, rank: int) -> bool:
    # One index (the one the history asked about), not a list of Beijing's rank in every index.
    return "Beijing" in text and re.search(rf"\b{rank}(st|nd|rd|th)\b", text) is not None and "GFCI" not in text


def test_trimmed_history_follow_up(sdk: openai.OpenAI, gfci_37_second: str) -> None:
    first = _ask(sdk, [{"role": "user", "content": Q_GFCI}])
    trimmed = re.sub(r"\s*\[\d+\]", "", first)
    follow = [
        {"role": "user", "content": Q_GFCI},
        {"role": "assistant", "content": trimmed},
        {"role": "user", "content": "What about GFCI 37?"},
    ]
    text = _ask(sdk, follow)
    assert _about_gfci_37_fintech(text, gfci_37_second), text


def test_edited_history_follow_up(sdk: openai.OpenAI, gfci_37_second: str) -> None:
    follow = [
        {"role": "user", "content": Q_GFCI},
        {"role": "assistant", "content": "Shenzhen (edited by the user)."},
        {"role": "user", "content": "What about GFCI 37?"},
    ]
    text = _ask(sdk, follow)
    assert _about_gfci_37_fintech(text, gfci_37_second), text


def test_open_webui_foreign_history_follow_up(sdk: openai.OpenAI, beijing_gfcdi_2025: int) -> None:
    follow = [
        {"role": "system", "content": "You are a helpful research assistant."},
        {"role": "user", "content": Q_GFCDI},
        {"role": "assistant", "content": "Shanghai is second in that index."},
        {"role": "user", "content": "And Beijing?"},
    ]
    text = _ask(sdk, follow)
    assert _about_beijing_in_gfcdi(text, beijing_gfcdi_2025), text


def test_chinese_foreign_history_follow_up(sdk: openai.OpenAI, beijing_gfcdi_2025: int) -> None:
    follow = [
        {"role": "user", "content": Q_GFCDI_ZH},
        {"role": "assistant", "content": "上海排名第二。"},
        {"role": "user", "content": "那北京呢？"},
    ]
    text = _ask(sdk, follow)
    assert "北京" in text and f"第{beijing_gfcdi_2025}" in text and "GFCI" not in text, text


def test_librechat_two_user_turns_in_a_row_follow_up(sdk: openai.OpenAI, gfci_37_second: str) -> None:
    follow = [
        {"role": "system", "content": [{"type": "text", "text": "Answer briefly."}]},
        {"role": "user", "content": [{"type": "text", "text": Q_GFCI}]},
        {"role": "user", "content": [{"type": "text", "text": "Just the city, please."}]},
        {"role": "assistant", "content": [{"type": "text", "text": "Shenzhen."}]},
        {"role": "user", "content": [{"type": "text", "text": "What about GFCI 37?"}]},
    ]
    text = _ask(sdk, follow)
    assert _about_gfci_37_fintech(text, gfci_37_second), text


def test_chatopenai_foreign_history_follow_up(server: Server, beijing_gfcdi_2025: int) -> None:
    chat = ChatOpenAI(base_url=f"{server.url}/v1", api_key="unused", model=MODEL_ID, max_retries=0, timeout=120)
    reply = chat.invoke(
        [
            SystemMessage("You are a helpful research assistant."),
            HumanMessage(Q_GFCDI),
            AIMessage("Shanghai ranks 2nd."),
            HumanMessage("And Beijing?"),
        ]
    )
    assert _about_beijing_in_gfcdi(str(reply.content), beijing_gfcdi_2025), reply.content
