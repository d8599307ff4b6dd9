"""Why and what-is questions answered from the report passages (our own wordings): the reports' words for what
is asked in other words, the respects in which one city beats another (no premise to correct), follow-ups that
ask the reason or the method of what the turn before was about."""

from __future__ import annotations

import pytest

from assistant.agent.extractive import question_kind
from assistant.agent.questions import detect_ask
from assistant.agent.questions.passages import report_wording, scoring_subject
from assistant.agent.reading import Reader
from assistant.agent.service import ChatService
from assistant.config import Settings
from assistant.conversations import ConversationStore

READER = Reader(detect_ask)


def read(question: str, *history: str):  # type: ignore[no-untyped-def]
    return READER.read(question, list(history))[-1]


@pytest.fixture(scope="module")
def service(indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> ChatService:
    store = ConversationStore(tmp_path_factory.mktemp("explain") / "conversations.sqlite3")
    return ChatService.from_settings(indexed_settings, store)


def test_the_respects_one_city_beats_another_in_are_no_claim_about_the_ranking() -> None:
    assert read("On which indicators was Beijing ahead of Shenzhen in the 2024 development index?").claims == []
    assert read("2024年发展指数里北京在哪些领域胜过深圳？").claims == []
    assert read("Was Beijing ahead of Shenzhen in the 2024 development index?").claims  # a claim still


def test_asking_in_what_respects_is_no_place_and_ping_shenme_asks_a_reason() -> None:
    assert question_kind("Where exactly did Beijing beat Tokyo in that index?", "en") != "where"
    assert question_kind("北京在哪些方面胜过东京？", "zh") != "where"
    assert question_kind("Where is the alliance based?", "en") == "where"
    assert question_kind("北京凭什么在好几项指标上排第一？", "zh") == "why"


def test_the_reports_words_for_what_is_asked_in_other_words() -> None:
    assert report_wording("So what is it that sets them apart, their edge?", "en") == ["core competitive advantage"]
    assert report_wording("深圳在哪些方面强过香港？", "zh") == ["超过"]  # in the asker's language
    assert report_wording("Where did Tokyo rank in 2024?", "en") == []


def test_the_edge_of_the_top_cities_is_the_advantage_the_report_names(service: ChatService) -> None:
    answer = service.answer("In the 2025 development index, what's the edge of the cities at the top?")
    assert answer.answered and "coupling" in answer.answer


def test_where_one_city_beat_another_quotes_the_measures_without_a_correction(service: ChatService) -> None:
    answer = service.answer("On what measures did Shanghai beat London in the 2024 development index?")
    assert answer.answered and "R&D" in answer.answer and not answer.answer.startswith("No")
    zh = service.answer("2024年发展指数中上海在哪些方面胜过伦敦？")
    assert zh.answered and "研发" in zh.answer and not zh.answer.startswith("不对")


def test_an_edge_or_standing_out_asks_a_reason() -> None:
    assert question_kind("So what's the edge those top cities have?", "en") == "why"
    assert question_kind("What gave the first-tier cities their lead?", "en") == "why"
    assert question_kind("Did Tokyo edge out Seoul?", "en") != "why"


def test_the_method_of_earlier_editions_is_scored_on_the_words_of_a_method() -> None:
    frame = read("之前两期用的呢？", "2025年发展指数按哪些维度评价城市？")
    assert frame.ask == "define" and frame.named_editions == ["2023", "2024"]
    subject = scoring_subject(frame)
    assert "评价方向" in subject and "2023" in subject and "五" not in subject


def test_the_method_of_earlier_editions_names_their_gauges(service: ChatService) -> None:
    first = service.answer("2025年发展指数按哪些维度评价城市？")
    earlier = service.answer("之前两期用的呢？", first.conversation_id)
    assert earlier.answered and "发展潜力" in earlier.answer


def test_what_something_is_exactly_asks_its_definition(service: ChatService) -> None:
    assert question_kind("ok, what's the dual-circulation flywheel exactly?", "en") == "define"
    first = service.answer("By when should the US start its flywheel, per the reporting?")
    exactly = service.answer("hmm, what's that flywheel exactly?", first.conversation_id)
    assert exactly.answered and "investment turns into output" in exactly.answer


def test_a_reason_about_an_edition_comes_from_that_editions_own_report(service: ChatService) -> None:
    first = service.answer("Shanghai's rank in the 2024 development index?")
    why = service.answer("How come it did well in that edition?", first.conversation_id)
    assert why.answered and "application" in why.answer
    assert all("2024" in citation.title for citation in why.citations)


def test_a_citys_strong_points_are_what_the_report_says_it_leads_in(service: ChatService) -> None:
    assert report_wording("2024年发展指数中上海的强项是什么？", "zh") == ["优势 最好成绩 领先"]
    answer = service.answer("2024年发展指数中上海的强项是什么？")
    assert answer.answered and "应用" in answer.answer
