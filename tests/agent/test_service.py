"""The chat service end to end over the real index and tables: grounded, cited answers and follow-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.agent.service import ChatService
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.errors import InputError, NotFoundError


@pytest.fixture(scope="module")
def service(indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> ChatService:
    store = ConversationStore(tmp_path_factory.mktemp("service") / "conversations.sqlite3")
    return ChatService.from_settings(indexed_settings, store)


def test_ranking_answer_is_computed_grounded_and_cited(service: ChatService) -> None:
    answer = service.answer("Who ranks first in the 2025 Global Fintech Center Development Index?")
    assert answer.engine == "offline" and answer.grounded and answer.answered
    assert answer.answer.startswith("New York ranked 1st")
    ranking = next(call for call in answer.tool_calls if call.name == "ranking")
    assert ranking.arguments["index"] == "gfcdi" and ranking.result["edition"] == "2025"
    assert answer.citations, "a factual answer cites a passage"
    assert all(f"[{c.number}]" in answer.answer for c in answer.citations)


def test_chinese_question_gets_a_chinese_answer_and_follow_up(service: ChatService) -> None:
    first = service.answer("在2025年全球金融科技中心发展指数中，北京排名第几？")
    assert first.language == "zh" and "北京" in first.answer and "排名第3" in first.answer
    follow = service.answer("那上海呢？", first.conversation_id)
    assert "上海" in follow.answer and "排名第2" in follow.answer
    call = next(c for c in follow.tool_calls if c.name == "city_rank")
    assert call.arguments == {"city": "Shanghai", "index": "gfcdi", "edition": "2025"}


def test_unpublished_score_is_said_to_be_unpublished(service: ChatService) -> None:
    answer = service.answer("What was Shanghai's score in the 2025 Global Fintech Center Development Index?")
    assert not answer.answered and answer.grounded
    assert "No score was published" in answer.answer


def test_question_outside_the_reports_gets_no_guess(service: ChatService) -> None:
    answer = service.answer("What is Dubai's crypto market capitalisation?")
    assert not answer.answered and answer.grounded
    assert "don't cover" in answer.answer


def test_forecast_carries_method_and_chart(service: ChatService) -> None:
    answer = service.answer("Forecast global fintech investment (KPMG) for 2025-H2 with compound growth")
    call = next(c for c in answer.tool_calls if c.name == "forecast")
    assert call.arguments["method"] == "cagr" and call.result["target_period"] == "2025-H2"
    assert answer.grounded and "compound annual growth" in answer.answer
    assert answer.chart is not None and answer.chart.series[0]["points"][-1]["forecast"] is True


def test_why_question_is_answered_from_a_quoted_passage(service: ChatService) -> None:
    answer = service.answer("Why did fintech financing in Shanghai decline from 2022 to 2024?")
    assert answer.answered and answer.grounded and answer.citations
    assert "“" in answer.answer


def test_bad_input_is_refused_and_stores_nothing(service: ChatService) -> None:
    with pytest.raises(InputError):
        service.answer("   ")
    with pytest.raises(InputError):
        service.answer("x" * 4001)
    with pytest.raises(NotFoundError):
        service.answer("Who leads?", "no-such-conversation")


def test_conversation_continues_in_a_new_service(indexed_settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "conversations.sqlite3"
    first = ChatService.from_settings(indexed_settings, ConversationStore(path)).answer(
        "What was Shanghai's position in the 2024 Global Fintech Center Development Index?"
    )
    again = ChatService.from_settings(indexed_settings, ConversationStore(path)).answer(
        "And in 2025?", first.conversation_id
    )
    call = next(c for c in again.tool_calls if c.name == "city_rank")
    assert call.arguments["edition"] == "2025" and call.arguments["city"] == "Shanghai"
