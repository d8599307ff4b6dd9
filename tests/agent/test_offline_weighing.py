"""The offline analyst on questions that weigh two sources or two rankings, ask "now" beside a forecast, give a
figure as context, or compare a city named before with a new one (own wordings, end to end)."""

from __future__ import annotations

import pytest

from assistant.agent.service import ChatService
from assistant.config import Settings
from assistant.conversations import ConversationStore


@pytest.fixture(scope="module")
def service(indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> ChatService:
    store = ConversationStore(tmp_path_factory.mktemp("weighing") / "conversations.sqlite3")
    return ChatService.from_settings(indexed_settings, store)


def ask(service: ChatService, *questions: str):
    conversation, answer = None, None
    for question in questions:
        answer = service.answer(question, conversation)
        conversation = answer.conversation_id
    assert answer is not None
    return answer


def test_which_place_is_right_gives_each_ranking(service: ChatService) -> None:
    answer = ask(
        service,
        "Where did Beijing place in the 2025 Hub Report?",
        "what about the alliance's development index that year?",
        "ok which one's the correct rank then?",
    )
    assert "1st" in answer.answer and "3rd" in answer.answer and "Both places are right" in answer.answer


def test_which_figure_to_trust_gives_both_series(service: ChatService) -> None:
    answer = ask(
        service,
        "KPMG deal count for 2024, first half?",
        "Innovate Finance says 6464 deals for 2024, which should I trust?",
    )
    assert "6464" in answer.answer and "2255" in answer.answer


def test_splicing_one_source_onto_the_other_keeps_them_apart(service: ChatService) -> None:
    answer = ask(
        service,
        "Innovate Finance fintech VC in 2022 and 2023?",
        "Could I tack KPMG's 2024 total onto that line?",
    )
    assert "43.5" in answer.answer and "can't be added or compared" in answer.answer


def test_now_beside_a_published_forecast(service: ChatService) -> None:
    answer = ask(service, "How does AI use in finance today compare with what's projected for 2029?")
    assert "25%" in answer.answer and "45%" in answer.answer


def test_a_wrong_forecast_stated_is_corrected_and_now_given(service: ChatService) -> None:
    answer = ask(service, "金融业AI渗透率据说2029年会到60%，目前是多少？")
    assert "45%" in answer.answer and "25%" in answer.answer and "60%" in answer.answer


def test_a_share_of_the_national_total_is_not_published(service: ChatService) -> None:
    answer = ask(service, "上海2024年金融科技产业规模多大？", "这在全国占比多少？")
    assert not answer.answered and "4405" in answer.answer


def test_a_figure_given_as_context_is_no_answer_for_another_year(service: ChatService) -> None:
    answer = ask(service, "Shanghai fintech industry was 440.5bn CNY in 2024, per my notes. And in 2022?")
    assert not answer.answered


def test_a_comparison_with_a_new_city_keeps_the_one_before(service: ChatService) -> None:
    answer = ask(service, "What was Hong Kong's GFCI 38 overall rating?", "how far ahead of Singapore is it")
    assert "764" in answer.answer and "763" in answer.answer


def test_a_gap_since_an_edition_gives_both_editions(service: ChatService) -> None:
    answer = ask(
        service, "London trailed New York by 3 points in the GFCI 37 overall ratings - has the gap shrunk since?"
    )
    assert "GFCI 37" in answer.answer and "GFCI 38" in answer.answer


def test_any_city_of_a_group_in_a_tier(service: ChatService) -> None:
    answer = ask(service, "Does the 2025 development index put any Chinese city in tier 2?")
    assert answer.answer.startswith("Yes.") and "Shenzhen" in answer.answer


def test_a_tier_claim_gives_the_published_rank(service: ChatService) -> None:
    answer = ask(service, "Was New York in the top tier of the 2025 development index?")
    assert answer.answer.startswith("Yes.") and "1st" in answer.answer


def test_the_asker_s_plans_are_context_of_an_out_of_scope_question(service: ChatService) -> None:
    answer = ask(service, "Any good hotel near the Bund? I'm visiting Shanghai for a fintech summit.")
    assert not answer.answered


def test_the_same_average_for_another_city_over_two_bare_editions(service: ChatService) -> None:
    answer = ask(
        service,
        "What is London's average GFCI overall rating over GFCI 36 to 38?",
        "repeat that for Hong Kong over 36 and 37 alone",
    )
    assert "Hong Kong" in answer.answer and "GFCI 38" not in answer.answer


def test_a_follow_up_naming_the_fintech_list_switches_to_it(service: ChatService) -> None:
    answer = ask(service, "How many centres did GFCI 37 assess?", "and who topped its fintech ranking?")
    assert "GFCI FinTech" in answer.answer
