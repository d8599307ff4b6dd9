"""The offline analyst's first sentence over the real index and tables: every false claim of a question is
corrected, a yes/no question about a finding without figures is answered by the way it went, a rank goes
with its published rating, a change of a rate also gives its percentage points, a figure stated for the
wrong period is placed, a date stated in passing is corrected, and an edition past the data gives the latest
standing instead."""

from __future__ import annotations

import re

import pytest

from assistant.agent.service import ChatService
from assistant.answer import Answer
from assistant.config import Settings
from assistant.conversations import ConversationStore


@pytest.fixture(scope="module")
def service(indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> ChatService:
    store = ConversationStore(tmp_path_factory.mktemp("claims") / "conversations.sqlite3")
    return ChatService.from_settings(indexed_settings, store)


def first_sentence(answer: Answer) -> str:
    return re.split(r"(?<=[.。])\s", answer.answer, maxsplit=1)[0]


def ask(service: ChatService, *questions: str) -> Answer:
    conversation = None
    for question in questions:
        answer = service.answer(question, conversation)
        conversation = answer.conversation_id
    return answer


def test_every_false_claim_is_corrected(service: ChatService) -> None:
    answer = ask(service, "New York was rated 770 in the GFCI 38 overall table and was second there, correct?")
    assert answer.answer.startswith("No")
    assert "766" in answer.answer  # the rating it had
    assert "1st" in answer.answer  # and the place it held
    zh = ask(service, "纽约在GFCI 38综合排名中得了770分，排第二吗？")
    assert zh.answer.startswith("不")
    assert "766" in zh.answer and "第1" in zh.answer


def test_a_finding_without_figures_answers_which_way_it_went(service: ChatService) -> None:
    rose = ask(service, "Did fintech financing in Shanghai increase over 2022-2024?")
    assert rose.answer.startswith("No") and rose.answered
    fell = ask(service, "上海金融科技融资在2022至2024年间是不是减少了？")
    assert fell.answer.startswith("是") and fell.answered
    how = ask(service, "Shanghai's fintech industry size in 2024?", "And fintech financing?")
    assert how.answered and "declined" in how.answer
    amount = ask(service, "How much fintech financing did Shanghai get in 2023, in yuan?")
    assert not amount.answered  # the finding gives no figure


def test_a_rank_goes_with_its_published_rating(service: ChatService) -> None:
    answer = ask(service, "Where did London place in the GFCI 37 overall table?")
    assert "2nd" in first_sentence(answer) and "762" in first_sentence(answer)
    unrated = ask(service, "Where did London place in the 2024 development index?")
    assert "rating" not in first_sentence(unrated)


def test_a_change_of_a_rate_is_also_given_in_percentage_points(service: ChatService) -> None:
    answer = ask(service, "By what percentage does AI penetration in finance grow from the baseline to 2029?")
    assert "80" in first_sentence(answer) and "20 percentage points" in first_sentence(answer)
    assert answer.grounded
    operations = [call.arguments["operation"] for call in answer.tool_calls if call.name == "calculate"]
    assert operations == ["percent_change", "difference"]


def test_a_figure_asked_of_a_period_the_series_lacks_is_placed(service: ChatService) -> None:
    answer = ask(service, "The 25% AI penetration in finance is the 2023 figure, isn't it?")
    assert answer.answer.startswith("No")
    assert "25%" in answer.answer and "baseline" in answer.answer


def test_a_date_stated_in_passing_is_corrected_first(service: ChatService) -> None:
    wrong = ask(service, "What does the Shanghai fintech action plan issued in March 2023 aim for?")
    assert wrong.answer.startswith("No: the source dates it")
    right = ask(service, "What does the Shanghai fintech action plan issued in 2024 aim for?")
    assert not right.answer.startswith("No")


def test_an_edition_past_the_data_gives_the_latest_standing(service: ChatService) -> None:
    answer = ask(service, "Will Beijing be first in the next development index?")
    assert "after 2025" in answer.answer and "Beijing 3rd" in answer.answer
    assert answer.answered
    zh = ask(service, "下一期GFCI综合排名里香港能排第几？")
    assert "之后没有更新的版本" in zh.answer and "香港" in zh.answer and "第3名" in zh.answer


def test_a_forecast_at_a_past_change_targets_the_latest_year_named(service: ChatService) -> None:
    rate = ask(service, "KPMG global fintech investment in 2026 at the same percentage rate as 2022 to 2023?")
    forecast = next(call for call in rate.tool_calls if call.name == "forecast")
    assert forecast.arguments["target_period"] == "2026" and forecast.arguments["method"] == "cagr"
    amount = ask(service, "Innovate Finance VC in 2025 if it shrinks by the same amount as between 2023 and 2024?")
    forecast = next(call for call in amount.tool_calls if call.name == "forecast")
    assert forecast.arguments["method"] == "linear" and forecast.arguments["since_period"] == "2023"
    assert "32.8 billion USD" in first_sentence(amount)  # 43.5 - (54.2 - 43.5)


def test_no_rate_per_year_over_a_baseline_without_a_year(service: ChatService) -> None:
    answer = ask(service, "AI penetration in finance: baseline vs 2029?", "how much a year is that?")
    assert answer.answer.startswith("No per-year rate") and not answer.answered


def test_no_claim_is_checked_in_an_edition_not_out_yet(service: ChatService) -> None:
    answer = ask(service, "Is Beijing 2nd in the 2027 GFCDI?")
    assert not answer.answer.startswith("No") and "after 2025" in answer.answer and not answer.answered


def test_a_rebound_the_data_does_not_show_is_corrected_first(service: ChatService) -> None:
    answer = ask(service, "KPMG fintech investment rebounded in 2023 — what drove it?")
    assert answer.answer.startswith("No: it fell from 196.3 billion USD (2022) to 113.7 billion USD (2023)")


def test_the_other_sources_figure_then_the_two_keeps_both_series_apart(service: ChatService) -> None:
    answer = ask(
        service,
        "How many fintech VC deals did Innovate Finance count in 2023?",
        "KPMG has 4547 for that year though. Which one is right, and can I add the two?",
    )
    assert "Both are right" in answer.answer and "7683" in answer.answer and "4547" in answer.answer
    zh = ask(service, "毕马威2022年全球金融科技投资是多少？", "那Innovate Finance口径的同年呢？两者能直接相加吗")
    assert "1963" in zh.answer and "920" in zh.answer and "不能相加" in zh.answer


def test_one_number_for_a_figure_two_sources_measure_gives_both(service: ChatService) -> None:
    answer = ask(service, "I need a single global fintech funding figure for 2023.")
    assert "113.7" in answer.answer and "54.2" in answer.answer and "can't be added" in answer.answer
    line = ask(service, "Chart one line of global fintech funding, 2021 to 2023, one value per year")
    for figure in ("136.5", "92", "54.2", "196.3", "113.7"):
        assert figure in line.answer


def test_a_figure_named_without_its_source_says_whose_it_is(service: ChatService) -> None:
    unnamed = ask(service, "How much global fintech investment was there in 2022?")
    assert "The figures are" in unnamed.answer and "never mixed" in unnamed.answer
    named = ask(service, "How much global fintech investment did KPMG count in 2022?")
    assert "The figures are" not in named.answer


def test_a_month_given_to_a_document_is_a_date_to_check(service: ChatService) -> None:
    question = "Shanghai's May 2023 fintech action plan targets a leading fintech centre within how many years?"
    answer = ask(service, question)
    assert answer.answer.startswith("No: the source dates it")


def test_a_figure_of_another_scope_does_not_show_a_finding_went_the_other_way(service: ChatService) -> None:
    answer = ask(service, "Shanghai had 997 tech venture deals in 2024, so its fintech financing grew?")
    assert answer.answer.startswith("No") and "997" in answer.answer and "declined" in answer.answer


def test_the_order_inside_a_tier_and_a_member_never_named_are_not_published(service: ChatService) -> None:
    order = ask(service, "Within tier 3 of the 2025 GFCDI, which city ranks highest?")
    assert order.answer.startswith("The source does not publish the order within tier 3") and not order.answered
    missing = ask(service, "2025年发展指数第三梯队里没列出的那个城市是哪个？")
    assert missing.answer.startswith("来源没有列出") and not missing.answered


def test_since_a_half_year_runs_to_the_latest_and_a_year_finds_a_month_dated_figure(service: ChatService) -> None:
    answer = ask(service, "Since H2 2023, in which half-year was KPMG global fintech investment lowest?")
    assert "2025-H1" in first_sentence(answer) and "2023-H1" not in answer.answer
    employees = ask(service, "Shanghai finance employees in 2022?")
    assert "470000" in employees.answer and employees.answered


def test_a_stated_rate_is_no_claim_about_an_amount(service: ChatService) -> None:
    answer = ask(service, "Innovate Finance says global fintech VC dropped 19.7% in 2024; what was the 2024 amount?")
    assert not answer.answer.startswith("No") and "43.5 billion USD" in answer.answer


def test_a_yes_no_over_the_two_series_answers_first(service: ChatService) -> None:
    bigger = ask(service, "Is KPMG's 2022 global fintech figure larger than Innovate Finance's?")
    assert bigger.answer.startswith("Yes.") and "196.3" in bigger.answer and "92" in bigger.answer
    moved = ask(service, "KPMG had 196.3bn for 2022 and Innovate Finance 54.2bn for 2023, so funding fell 72%, right?")
    assert moved.answer.startswith("No.") and "can't be added or compared as one" in moved.answer


def test_a_rank_stated_for_the_wrong_edition_is_placed_where_it_was_held(service: ChatService) -> None:
    answer = ask(service, "Hong Kong was 9th in GFCI 38's fintech ranking, wasn't it?")
    assert answer.answer.startswith("No") and "GFCI 36" in answer.answer


def test_a_rating_stated_for_the_wrong_edition_is_placed_where_it_was_held(service: ChatService) -> None:
    answer = ask(service, "上海在GFCI 38综合评分是744分吧？")
    assert answer.answer.startswith(("不是", "不对")) and "751" in answer.answer and "GFCI 37" in answer.answer


def test_always_first_is_checked_over_every_edition(service: ChatService) -> None:
    answer = ask(service, "北京在浙大全球金融科技中心城市报告里一直第一吗？")
    assert answer.answer.startswith("是")
    answer = ask(service, "Has New York always been first in the GFCI fintech ranking?")
    assert answer.answer.startswith("No")


def test_dropping_out_of_a_top_n_is_confirmed_when_it_did(service: ChatService) -> None:
    assert ask(service, "Did Beijing fall out of the GFCI 38 overall top 20?").answer.startswith("Yes")


def test_a_period_compared_with_a_figure_stated_for_it_is_no_threshold(service: ChatService) -> None:
    answer = ask(service, "毕马威2024年上半年全球金融科技投资519亿美元，比下半年多，对吧？")
    assert answer.answer.startswith("不是") and "542" in answer.answer


def test_a_scope_stated_right_is_confirmed(service: ChatService) -> None:
    answer = ask(service, "Shanghai's 2024 tech venture amount covers every tech sector, not only fintech, correct?")
    assert answer.answer.startswith("Yes")


def test_a_figure_stated_in_another_currency_is_corrected_even_when_a_conversion_is_asked(
    service: ChatService,
) -> None:
    answer = ask(service, "Shanghai's fintech industry was 440.5 billion dollars in 2024 — what is that in yuan?")
    assert answer.answer.startswith("No") and "CNY" in first_sentence(answer)


def test_a_claim_of_flat_funding_across_the_two_series_is_no(service: ChatService) -> None:
    answer = ask(
        service, "Innovate Finance had 54.2bn for 2023 and KPMG 54.2bn for H2 2024, so investment stayed flat?"
    )
    assert answer.answer.startswith("No") and "venture capital" in answer.answer


def test_a_blended_change_stated_over_the_two_series_is_no(service: ChatService) -> None:
    answer = ask(service, "Fintech funding went from 92bn in 2022 to 113.7bn in 2023 — a 23.6% rise?")
    assert answer.answer.startswith("No") and "196.3" in answer.answer and "54.2" in answer.answer


def test_ratings_of_the_two_gfci_rankings_are_placed_each_in_its_own(service: ChatService) -> None:
    answer = ask(service, "Chengdu had 705 in GFCI 37 and London 762, so London was 57 points ahead?")
    assert answer.answer.startswith("No") and "FinTech ranking" in answer.answer and "705" in answer.answer
    assert "two different ratings" in answer.answer


def test_a_premise_before_a_question_about_strengths_is_corrected_first(service: ChatService) -> None:
    answer = ask(service, "Since Beijing topped the GFCI 38 fintech ranking, in which areas is it strongest?")
    assert answer.answer.startswith("No") and "Hong Kong" in answer.answer


def test_a_count_of_centres_stated_for_an_edition_is_checked_against_its_note(service: ChatService) -> None:
    answer = ask(service, "The GFCI 36 fintech ranking covered 120 centres, right?")
    assert answer.answer.startswith("No") and "116" in answer.answer
    assert ask(service, "2025年发展指数覆盖了22个城市吗？").answer.startswith("是")


def test_the_right_figure_in_the_wrong_currency_names_the_currency(service: ChatService) -> None:
    answer = ask(service, "上海2024年金融科技产业规模是4405亿美元，换成人民币是多少？")
    assert answer.answer.startswith("不对") and "4405亿元人民币" in answer.answer


def test_an_order_stated_for_two_rankings_is_checked_in_each(service: ChatService) -> None:
    answer = ask(service, "In GFCI 38, does Hong Kong trail London in the overall table yet beat it in fintech?")
    assert answer.answer.startswith("Yes")
    assert "1st" in answer.answer and "3rd" in answer.answer  # its fintech place and its overall place
    wrong = ask(service, "Is London ahead of Hong Kong on the GFCI 38 fintech list while behind it overall?")
    assert wrong.answer.startswith("No")


def test_a_top_n_of_two_editions_is_compared_place_by_place(service: ChatService) -> None:
    same = ask(service, "Has the Hub report's top three moved between its 2023 and 2024 editions?")
    assert same.answer.startswith("No")
    assert "Beijing" in same.answer and "San Francisco" in same.answer
    moved = ask(service, "GFCI 37到GFCI 38，金融科技榜前五名变了吗？")
    assert moved.answer.startswith("是的")
    assert "新加坡" in moved.answer  # in the later top five only
    short = ask(service, "Did the development index's top 5 change from its 2023 edition to 2024?")
    assert short.answer.startswith("The top 4 stayed the same")  # the first edition's table stops at 4th
    assert "Shenzhen" in short.answer and "cannot be told" in short.answer


def test_the_first_edition_listing_a_city_leads(service: ChatService) -> None:
    answer = ask(service, "When did Chicago first get ranked in the development index?")
    assert answer.answer.startswith("The first edition")
    assert "2024" in first_sentence(answer) and "7th" in first_sentence(answer)
    zh = ask(service, "悉尼第一次进入浙大全球金融科技中心报告是哪一年？")
    assert "2023" in first_sentence(zh)
