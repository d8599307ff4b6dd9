"""The offline analyst end to end over the real index and tables: every calculation goes through the
calculate tool, premises are corrected first, out-of-scope questions are refused, and a Chinese answer
carries no English words of ours and no internal names."""

from __future__ import annotations

import re

import pytest

from assistant.agent.service import ChatService
from assistant.answer import Answer
from assistant.config import Settings
from assistant.conversations import ConversationStore

INTERNAL = re.compile(r"\b(gfcdi|fhi|gfci_fintech|gfci_overall|top_n|edition_id|fintech_[a-z_]+|[a-z]+_[a-z_]+_kpmg)\b")


@pytest.fixture(scope="module")
def service(indexed_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> ChatService:
    store = ConversationStore(tmp_path_factory.mktemp("offline") / "conversations.sqlite3")
    return ChatService.from_settings(indexed_settings, store)


def calculation(answer: Answer) -> dict:
    return next(call.result for call in answer.tool_calls if call.name == "calculate")


def first_sentence(answer: Answer) -> str:
    return re.split(r"(?<=[.。])\s", answer.answer, maxsplit=1)[0]


@pytest.mark.parametrize(
    ("question", "operation", "result", "shown"),
    [
        ("What's the gap between KPMG global fintech investment in 2022 and 2023?", "difference", -82.6, "82.6"),
        (
            "How much, in percent, did Innovate Finance fintech VC decline between 2023 and 2024?",
            "percent_change",
            -19.74,
            "19.74",
        ),
        ("Total KPMG fintech deals in 2024, adding both halves?", "sum", 4631, "4631"),
        ("Average yearly Innovate Finance fintech VC from 2021 to 2024?", "mean", 81.55, "81.55"),
        ("How many Chinese cities are in the top ten of the 2024 development index?", "count", 4, "4"),
        ("What was the average KPMG fintech deal size in 2023?", "ratio", 0.025, "25.01"),
    ],
)
def test_each_operation_is_a_calculation_the_answer_leads_with(
    service: ChatService, question: str, operation: str, result: float, shown: str
) -> None:
    answer = service.answer(question)
    computed = calculation(answer)
    assert computed["operation"] == operation and computed["result"] == pytest.approx(result, abs=0.01)
    assert shown in first_sentence(answer)
    assert answer.grounded and answer.answered
    if operation != "count":  # a count of the cities listed needs no caveat
        assert "computed" in answer.answer.lower()


def test_a_full_year_from_two_half_years_is_labelled_computed(service: ChatService) -> None:
    answer = service.answer("KPMG global fintech investment for the whole of 2024?")
    assert calculation(answer)["operation"] == "sum" and "106.1" in first_sentence(answer)
    assert "not a published annual figure" in answer.answer


def test_a_false_premise_is_corrected_first(service: ChatService) -> None:
    answer = service.answer("Why did Beijing drop out of the top ten of the 2025 development index?")
    assert answer.answer.startswith("No: Beijing ranked 3rd")
    assert "did not leave the top 10" in answer.answer
    zh = service.answer("为什么上海在2025年发展指数中跌到了第5名？")
    assert zh.answer.startswith("不对：上海") and "第2" in zh.answer


def test_yes_no_questions_open_with_yes_or_no(service: ChatService) -> None:
    assert service.answer("Is Tokyo in the top ten of the 2024 development index?").answer.startswith("Yes.")
    assert service.answer("北京有没有进入GFCI 38综合排名前二十？").answer.startswith("不是。")
    assert service.answer("Does the Hub report publish city scores?").answer.startswith("No.")


@pytest.mark.parametrize("question", ["What's the weather in Singapore tomorrow?", "推荐一家上海的小笼包餐厅"])
def test_out_of_scope_questions_are_refused_without_quotes(service: ChatService, question: str) -> None:
    answer = service.answer(question)
    assert not answer.answered and not answer.citations
    assert "fintech" in answer.answer.lower() or "金融科技" in answer.answer


def test_a_why_about_an_edition_quotes_that_edition_of_the_ranking(service: ChatService) -> None:
    first = service.answer("What was Shanghai's rank in the 2024 Global Fintech Center Development Index?")
    why = service.answer("Why was Shanghai so strong in the 2024 edition?", first.conversation_id)
    assert why.answered and why.citations
    assert all("Development Index (2024)" in citation.title for citation in why.citations)
    assert "application" in why.answer


@pytest.mark.parametrize("question", ["国内有哪些好用的软件镜像站？", "这个软件的 2.0 版本是献给谁的？"])
def test_a_question_naming_nothing_of_the_rankings_asks_the_documents(service: ChatService, question: str) -> None:
    answer = service.answer(question)  # "国内" is China and "版本" a version, but nothing of the rankings is asked
    assert not any(call.name != "search_reports" for call in answer.tool_calls)
    assert "上海" not in answer.answer


def test_a_terse_question_naming_a_place_still_asks_the_rankings(service: ChatService) -> None:
    answer = service.answer("中国的有哪些？")
    assert answer.answered and "上海" in answer.answer


def test_an_average_over_both_sources_keeps_each_series_apart(service: ChatService) -> None:
    answer = service.answer("两个口径的2024年全球金融科技交易笔数平均是多少？")
    assert "不能相加" in answer.answer and "6464" in answer.answer and "2315.5" not in answer.answer


def test_a_gap_between_the_two_series_gives_each_figure_and_computes_nothing(service: ChatService) -> None:
    answer = service.answer("By how much does KPMG's 2023 global fintech number exceed Innovate Finance's?")
    assert "can't be added or compared" in answer.answer and "113.7" in answer.answer and "54.2" in answer.answer
    assert not any(call.name == "calculate" for call in answer.tool_calls)


def test_combined_after_each_series_in_turn_keeps_them_apart(service: ChatService) -> None:
    first = service.answer("Innovate Finance global fintech VC deals in 2023?")
    second = service.answer("and KPMG's deal count?", first.conversation_id)
    combined = service.answer("altogether?", second.conversation_id)
    assert "can't be added" in combined.answer and "7683" in combined.answer and "4547" in combined.answer
    assert "12230" not in combined.answer


def test_a_calculation_with_no_figure_on_record_says_so(service: ChatService) -> None:
    answer = service.answer("2019年和2020年全球AI渗透率加起来是多少？")
    assert not answer.answered and "—" not in answer.answer


def test_kpmg_and_innovate_finance_are_never_added(service: ChatService) -> None:
    answer = service.answer("Add KPMG's 2023 fintech investment and Innovate Finance's 2023 VC into one total.")
    assert not any(call.name == "calculate" for call in answer.tool_calls)
    assert "can't be added" in answer.answer and "113.7" in answer.answer and "54.2" in answer.answer


def test_why_follow_up_explains_from_passages_about_the_city(service: ChatService) -> None:
    first = service.answer("Where did Shanghai rank in the 2025 development index?")
    why = service.answer("Why?", first.conversation_id)
    assert why.answered and why.citations
    assert not any(call.name == "city_rank" for call in why.tool_calls)
    assert "Shanghai" in why.answer


@pytest.mark.parametrize(
    "question",
    [
        "2025年全球金融科技中心发展指数前四名是哪些城市？",
        "GFCI 38金融科技排名里有几个美国城市？",
        "毕马威统计的2024年全球金融科技投资合计多少？",
        "东京在2025年发展指数中排第几？",
        "浙大报告公布城市得分吗？",
    ],
)
def test_chinese_answers_are_chinese_and_use_no_internal_names(service: ChatService, question: str) -> None:
    answer = service.answer(question)
    text = re.sub(r"“[^”]*”|《[^》]*》|GFCI \d+ \(\d{4}-\d{2}\)|\bGFCI\b|\d{4}-H[12]", "", answer.answer)
    assert not re.search(r"[A-Za-z]{3,}", text), answer.answer
    assert not INTERNAL.search(answer.answer)


def test_citations_come_from_the_same_index_and_edition(service: ChatService) -> None:
    answer = service.answer("2025年全球金融科技中心发展指数里上海排第几？")
    assert answer.citations
    for citation in answer.citations:
        assert "2025" in f"{citation.title} {citation.section} {citation.snippet}"
        assert "发展指数" in citation.title or "Development Index" in citation.title


def test_two_cities_side_by_side_in_ranks_and_in_ratings(service: ChatService) -> None:
    ranks = service.answer("Compare Shanghai and London in the GFCI 38 FinTech ranking")
    assert any(call.name == "compare" for call in ranks.tool_calls) and "London ranked 5th" in ranks.answer
    ratings = service.answer("What ratings did New York and London get in GFCI 38 overall?")
    assert "766" in ratings.answer and "765" in ratings.answer and ratings.answered


def test_a_change_against_a_full_year_sums_its_halves_first(service: ChatService) -> None:
    answer = service.answer("By what percentage did KPMG global fintech investment change from 2023 to full-year 2024?")
    operations = [call.result["operation"] for call in answer.tool_calls if call.name == "calculate"]
    assert operations == ["sum", "percent_change"]
    assert "-6.68%" in first_sentence(answer) and "106.1" in first_sentence(answer)
    assert "not a published annual figure" in answer.answer and answer.grounded


def test_a_source_note_is_shown_in_the_askers_language(service: ChatService) -> None:
    answer = service.answer("香港金融机构2025年市值多少？")
    assert "3639亿美元" in answer.answer and "67.8%" in answer.answer
    assert not re.search(r"[A-Za-z]{3,}", answer.answer.split("\n", 1)[1].split("[")[0])


def test_a_city_missing_from_a_partial_top_n_is_not_said_to_be_outside_it(service: ChatService) -> None:
    answer = service.answer("Did Tokyo make the top 10 of the GFCI 38 FinTech ranking?")
    assert not answer.answer.startswith(("Yes", "No"))
    assert not answer.answered and "top 10" in answer.answer


def test_an_earlier_figure_the_source_states_gives_the_change(service: ChatService) -> None:
    answer = service.answer("By how much did Hong Kong financial institutions' market value grow to 2025?")
    operations = {call.result["operation"]: call.result for call in answer.tool_calls if call.name == "calculate"}
    assert operations["difference"]["result"] == pytest.approx(147.0)
    assert "147 billion USD" in first_sentence(answer) and "+67.77%" in first_sentence(answer)
    assert answer.grounded


def test_an_unchanged_rank_over_editions_is_a_no(service: ChatService) -> None:
    answer = service.answer("Did Shanghai's overall GFCI rank change from GFCI 36 to GFCI 38?")
    assert answer.answer.startswith("No.") and "8th" in answer.answer


def test_a_change_asked_over_both_series_is_computed_within_each(service: ChatService) -> None:
    answer = service.answer(
        "Using KPMG and Innovate Finance together, what was the % change in fintech money 2023 to 2024?"
    )
    for call in answer.tool_calls:
        if call.name == "calculate":  # never a KPMG figure beside an Innovate Finance one
            sources = {value["label"].split(",")[0] for value in call.result["inputs"]}
            assert len(sources) == 1
    assert "can't be added or compared as one" in answer.answer
    assert "-6.68%" in answer.answer and "-19.74%" in answer.answer


@pytest.mark.parametrize(
    "question",
    [
        "How much will KPMG's global fintech investment come to for full-year 2025?",
        "毕马威口径下2025年全年的全球金融科技投资有多少？",
    ],
)
def test_a_year_published_only_in_part_is_said_so_not_extrapolated(service: ChatService, question: str) -> None:
    answer = service.answer(question)
    assert not answer.answered and ("44.7 billion USD" in answer.answer or "447亿美元" in answer.answer)
    assert "full-year figure is not published" in answer.answer or "全年数字尚未公布" in answer.answer
    assert "“" not in answer.answer  # no passage quoted in place of the missing figure


def test_amounts_come_in_the_scale_asked(service: ChatService) -> None:
    answer = service.answer("KPMG China fintech investment, H2 2023 plus H1 2024, in USD mn?")
    assert first_sentence(answer).startswith("The total is 1378.6 million USD") and answer.grounded
    answer = service.answer("毕马威统计的中国金融科技投资，2023年下半年加2024年上半年一共多少百万美元？")
    assert "1378.6百万美元" in first_sentence(answer) and answer.grounded


def test_both_extremes_are_given_when_both_are_asked(service: ChatService) -> None:
    answer = service.answer("Shanghai's best and worst GFCI fintech ranks on record?")
    assert "best rank" in answer.answer and "lowest rank" in answer.answer and "15th" in answer.answer


def test_a_rating_change_over_a_span_runs_from_its_first_edition(service: ChatService) -> None:
    answer = service.answer("从GFCI 36到GFCI 38，上海的GFCI综合评分上升了百分之几？")
    assert calculation(answer)["operation"] == "percent_change" and "GFCI 36" in first_sentence(answer)


def test_a_false_first_place_names_who_was_first(service: ChatService) -> None:
    answer = service.answer("Beijing came first in the GFCI 38 fintech ranking, how big was its lead?")
    lead = answer.answer.split("\n", 1)[0]
    assert answer.answered and lead.startswith("No:") and "Hong Kong ranked 1st" in lead
    assert lead.count("Beijing is not listed") == 1


def test_a_series_a_ranking_note_states_is_a_figure_to_compute_with(service: ChatService) -> None:
    answer = service.answer("By how much did the gap between #1 and #10 of the Hub report narrow from 2020 to 2025?")
    assert calculation(answer)["result"] == pytest.approx(-6.9)
    assert "6.9 points" in first_sentence(answer) and answer.grounded


def test_a_better_tier_is_ahead_and_one_tier_cannot_be_ordered(service: ChatService) -> None:
    assert service.answer("Was Shanghai ahead of London in the 2025 development index?").answer.startswith("Yes.")
    same_tier = service.answer("Was Paris ahead of London in the 2025 development index?")
    assert not same_tier.answered and "tier 2" in same_tier.answer


def test_edging_out_is_a_comparison_not_a_reason(service: ChatService) -> None:
    answer = service.answer("Did HK edge out Singapore in the GFCI 38 overall ranking?")
    assert answer.answer.startswith("Yes.") and "764" in answer.answer and "763" in answer.answer


def test_a_list_of_sources_is_quoted_only_when_sources_are_asked_about() -> None:
    from assistant.agent.composer import quotable

    hits = [{"section": "Sources and confidence", "text": "- a source"}, {"section": "Method", "text": "It is."}]
    assert quotable("Why did Shanghai rise?", hits) == hits[1:]
    assert quotable("What are the sources of the GFCI report?", hits) == hits
    assert quotable("上海为什么上升？", [{"section": "资料来源与可信度"}]) == []


def test_now_after_a_forecast_is_the_latest_published_figure(service: ChatService) -> None:
    forecast = service.answer("按白皮书的预测，2029年金融业AI渗透率将达到多少？")
    now = service.answer("现在是多少？", forecast.conversation_id)
    assert now.answer.split("\n")[0].endswith("25%。") and "2029" not in now.answer.split("\n")[0]


def test_a_duration_is_not_a_count_and_two_amount_words_give_both_series(service: ChatService) -> None:
    plan = service.answer("Shanghai's action plan aims for a globally leading fintech centre within how many years?")
    assert "three to five years" in plan.answer and "times" not in plan.answer
    both = service.answer("IF 2024 global fintech VC: amount raised and number of deals?")
    assert "43.5 billion USD" in both.answer and "6464 deals" in both.answer


def test_a_ranking_is_defined_by_its_publisher_and_editions(service: ChatService) -> None:
    answer = service.answer("What is the GFCDI, exactly?")
    assert answer.answer.startswith("The Global Fintech Center Development Index is a ranking published by Shanghai")
    assert "2023, 2024, 2025" in answer.answer
    zh = service.answer("GFCI金融科技排名是哪家机构编的？")
    assert "Z/Yen集团" in first_sentence(zh) and "GFCI 38 (2025-09)" in first_sentence(zh)


def test_who_compiled_a_ranking_is_answered_by_its_publisher(service: ChatService) -> None:
    zh = service.answer("是谁编制了浙大的全球金融科技中心城市报告？")
    assert zh.answer.startswith("全球金融科技中心指数（浙江大学）是浙江大学")
    en = service.answer("Who compiled the Hub report, actually?")
    assert en.answer.startswith("The Global FinTech Hub Report (Zhejiang University AIF) is a ranking published by")
    defined = service.answer("So what exactly is the GFCI FinTech ranking?")
    assert defined.answer.startswith("The GFCI FinTech ranking (Z/Yen) is a ranking published by")


def test_a_yes_no_question_after_an_opening_clause_opens_with_yes_or_no(service: ChatService) -> None:
    answer = service.answer("For GFCI 37 overall, was London ahead of Hong Kong?")
    assert answer.answer.startswith("Yes.") and "London is 2nd" in answer.answer


def test_a_projection_at_the_rate_of_the_last_change_compounds_from_it(service: ChatService) -> None:
    answer = service.answer("Innovate Finance全球金融科技风投，按2023到2024年的跌幅往后推，2027年是多少？")
    args = next(call.arguments for call in answer.tool_calls if call.name == "forecast")
    assert (args["method"], args["since_period"], args["target_period"]) == ("cagr", "2023", "2027")


def test_places_in_two_rankings_are_no_move(service: ChatService) -> None:
    answer = service.answer("Shenzhen was 2nd in GFCI 38 fintech and 9th in GFCI 38 overall, so it fell 7 places?")
    assert answer.answer.startswith("No: those are places in different rankings")
    assert "3rd in the GFCI FinTech ranking (Z/Yen) GFCI 37" in answer.answer  # its move within that ranking
    zh = service.answer("深圳GFCI 38金融科技排第2，GFCI 38综合排第9，是不是掉了7名？")
    assert zh.answer.startswith("不对：这是不同排名里的名次")


def test_a_quoted_rating_is_placed_where_it_was_published(service: ChatService) -> None:
    first = service.answer("What's Shenzhen's rating in the 2025 Hub report? I read 750 somewhere.")
    assert not first.answered and "750 is Shenzhen's rating in the Global Financial Centres Index" in first.answer
    rank = service.answer("ok, and which place goes with that 750?", first.conversation_id)
    assert rank.answer.startswith("Shenzhen ranked 9th in the Global Financial Centres Index (GFCI, overall) GFCI 38")


def test_a_gfci_rank_naming_neither_ranking_gives_both(service: ChatService) -> None:
    answer = service.answer("Hong Kong GFCI 37 place?")
    assert "3rd in the Global Financial Centres Index (GFCI, overall) GFCI 37" in answer.answer
    assert "4th in the GFCI FinTech ranking (Z/Yen) GFCI 37" in answer.answer


def test_an_average_place_over_two_rankings_is_computed_and_labelled(service: ChatService) -> None:
    answer = service.answer("Hong Kong's mean place over GFCI 38 fintech and GFCI 38 overall?")
    assert calculation(answer)["operation"] == "mean" and calculation(answer)["result"] == 2
    assert answer.answer.startswith("Hong Kong's average place over") and "measure different things" in answer.answer


def test_a_city_ahead_of_one_a_complete_table_does_not_list(service: ChatService) -> None:
    answer = service.answer("Was Seoul ranked above Tokyo in the 2024 development index?")
    assert answer.answer.startswith("No.") and "Tokyo is 6th" in answer.answer


def test_two_rankings_related_are_each_profiled(service: ChatService) -> None:
    lead = service.answer("How is the Hub report different from the GFCDI?").answer.split("\n")[0]
    assert "a ranking published by Zhejiang University" in lead
    assert "a ranking published by Shanghai Financial Technology Industry Alliance" in lead


def test_a_city_listed_only_by_its_tier_is_in_the_index(service: ChatService) -> None:
    assert service.answer("Is Seoul part of the 2025 development index at all?").answer.startswith("Yes.")


def test_why_a_figure_rose_when_it_fell_is_corrected_first(service: ChatService) -> None:
    answer = service.answer("What made Innovate Finance's global fintech VC go up in 2024?")
    assert answer.answer.startswith("No: it fell from 54.2 billion USD (2023) to 43.5 billion USD (2024)")


def test_a_statement_and_a_question_pointing_back_to_it_are_one_question(service: ChatService) -> None:
    answer = service.answer("Singapore was rated 770 in GFCI 38 overall; how far was it behind London?")
    assert answer.answer.startswith("No:") and answer.answer.count("\n\n") == 0


def test_the_year_of_a_figure_given_without_one_is_not_invented(service: ChatService) -> None:
    first = service.answer("How high is AI penetration in China's finance sector expected to be by 2029?")
    year = service.answer("that 25% you start from: what year is it from?", first.conversation_id)
    assert not year.answered and year.answer.startswith("The source does not say which year it is from")
    dated = service.answer("Innovate Finance global fintech VC of 43.5bn: which year is that figure from?")
    assert dated.answered and dated.answer.startswith("43.5 billion USD is the figure for 2024")


def test_no_trend_is_drawn_through_an_undated_baseline(service: ChatService) -> None:
    answer = service.answer("Extrapolate AI penetration in finance to 2032, please.")
    assert not answer.answered and answer.answer.startswith("I won't extrapolate")


def test_an_edition_after_the_latest_is_not_published_yet(service: ChatService) -> None:
    answer = service.answer("Is New York still first in GFCI 41 overall?")
    assert answer.answer.startswith("There is no edition") and "after GFCI 38 (2025-09)" in answer.answer
    # the edition named is not out yet: not answered, with the latest standing on record beside it
    assert "New York 1st, rating 766 in" in answer.answer and not answer.answered


def test_both_bare_halves_of_the_year_before(service: ChatService) -> None:
    first = service.answer("KPMG global fintech deal count for the whole of 2024?")
    change = service.answer("by what % was the second half above the first half?", first.conversation_id)
    assert calculation(change)["operation"] == "percent_change" and "5.37" in change.answer


def test_a_figure_of_every_technology_sector_is_not_fintech_only(service: ChatService) -> None:
    first = service.answer("How many tech venture deals did Shanghai see in 2024?")
    only = service.answer("are those fintech only?", first.conversation_id)
    assert only.answer.startswith("No: Technology venture deals (all sectors) counts every technology sector")
    zh = service.answer("上海2024年科技创投交易只统计金融科技吗？")
    assert zh.answer.startswith("不是：")


def test_a_lead_of_its_own_is_followed_by_the_passage_only(service: ChatService) -> None:
    answer = service.answer("Who is responsible for the GFCDI?")
    assert answer.answer.startswith("The Global Fintech Center Development Index is a ranking published by")
    assert "According to" not in answer.answer.split("\n")[0]


def test_a_threshold_carries_to_a_follow_up_and_reads_one_geography(service: ChatService) -> None:
    first = service.answer("Hong Kong GFCI 38 overall rating: above 760?")
    assert first.answer.startswith("Yes.") and "764" in first.answer
    again = service.answer("and in GFCI 36?", first.conversation_id)
    assert again.answer.startswith("No.")
    zh = service.answer("毕马威2025年上半年全球金融科技投资超过400亿美元了吗？")
    assert zh.answer.startswith("是的。") and "447亿美元" in zh.answer


def test_a_stated_multiple_between_two_figures_is_checked(service: ChatService) -> None:
    assert service.answer("Was Innovate Finance's 2022 VC more than double its 2024 figure?").answer.startswith("Yes.")
    assert service.answer("毕马威2022年全球金融科技投资是2023年的三倍吗？").answer.startswith("不是。")


def test_the_peak_and_then_the_weakest_half_year(service: ChatService) -> None:
    peak = service.answer("In the figures you have, which year was KPMG global fintech investment at its peak?")
    low = service.answer("and which half-year was weakest?", peak.conversation_id)
    assert "lowest in 2025-H1: 44.7 billion USD" in first_sentence(low)


def test_the_top_scorer_is_named_with_its_rating(service: ChatService) -> None:
    answer = service.answer("Who scored highest in GFCI 38 overall?")
    assert first_sentence(answer).startswith("New York has the highest rating") and "766" in first_sentence(answer)


def test_a_passage_does_not_stand_in_for_another_places_figure(service: ChatService) -> None:
    answer = service.answer("2024年新加坡有多少金融科技从业人员？")
    assert not answer.answered and "“" not in answer.answer


def test_a_yes_no_over_both_series_keeps_them_apart(service: ChatService) -> None:
    answer = service.answer(
        "2023年中国金融科技风投有1.8bn美元，到2024上半年KPMG口径只剩0.624bn，中国金融科技投资算是腰斩了吗？"
    )
    # No first (a fall across the two series is not shown by them), then why they stay apart
    assert answer.answer.startswith("不是。 这两个序列不能相加")
    assert "18亿美元" in answer.answer and "6.24亿美元" in answer.answer


def test_adding_the_other_series_in_a_follow_up_keeps_both_apart(service: ChatService) -> None:
    first = service.answer("2023年毕马威口径的全球金融科技投资总额有多少？按十亿美元计。")
    # the unit is no question (one answer), and billions are written as Chinese writes them: in 亿
    assert first.answer.count("1137亿美元") == 1 and "十亿" not in first.answer
    added = service.answer(
        "把Innovate Finance同一年的54.2也加上，2023年全球金融科技总共融资多少？", first.conversation_id
    )
    assert added.answer.startswith("这两个序列不能相加") and "542亿美元" in added.answer and "十亿" not in added.answer


def test_a_total_of_an_amount_and_its_deal_count_is_one_total_each(service: ChatService) -> None:
    first = service.answer("KPMG 2024上半年全球金融科技投资额和交易笔数？")
    second = service.answer("下半年呢？", first.conversation_id)
    total = service.answer("全年加起来？", second.conversation_id)
    assert "合计为1061亿美元" in total.answer and "合计为4631笔" in total.answer


def test_a_projection_at_the_rate_of_a_past_change(service: ChatService) -> None:
    answer = service.answer("按2023年到2024年的下降幅度外推，2025年Innovate Finance口径的全球金融科技风投大约是多少？")
    forecast_call = next(call for call in answer.tool_calls if call.name == "forecast")
    assert forecast_call.arguments["method"] == "cagr" and forecast_call.arguments["since_period"] == "2023"
    assert "349.12亿美元" in first_sentence(answer) and answer.grounded


def test_a_city_a_note_places_in_the_top_10_has_no_rank_but_is_in_the_top_10(service: ChatService) -> None:
    rank = service.answer("GFCI 38金融科技排名里上海排名第几？")
    assert not rank.answered and "进入了前10名" in rank.answer and "具体名次未记录" in rank.answer
    assert service.answer("上海有没有进入GFCI 38金融科技排名前十？").answer.startswith("是的。")
    assert service.answer("Was Shanghai in the GFCI 38 fintech top 5?").answer.startswith("The data cannot")


def test_a_sum_over_both_series_gives_each_figure_when_it_cannot_run(service: ChatService) -> None:
    answer = service.answer("毕马威说2023年全球金融科技融资1137亿美元，IF说542亿美元，两者合计1679亿，没错吧？")
    assert (
        answer.answer.startswith("不是。 这两个序列不能相加")  # the blended sum it states is answered No first
        and "1137亿美元" in answer.answer
        and "542亿美元" in answer.answer
    )


def test_highest_then_lowest_then_the_spread_between_them(service: ChatService) -> None:
    high = service.answer("Which half-year had the highest KPMG global fintech investment on record?")
    low = service.answer("lowest?", high.conversation_id)
    spread = service.answer("spread?", low.conversation_id)
    assert "lowest in 2025-H1: 44.7 billion USD" in first_sentence(low)
    assert calculation(spread)["result"] == pytest.approx(-13.5) and "13.5 billion USD" in first_sentence(spread)


def test_the_edition_before_of_a_yes_no_is_checked_in_that_edition(service: ChatService) -> None:
    first = service.answer("北京在GFCI 38综合榜上还在前20吗？")
    before = service.answer("上一期呢？", first.conversation_id)
    assert before.answer.startswith("是的。") and "GFCI 37 (2025-03)）中排名第20" in before.answer
    assert "跌出前20名" not in before.answer  # GFCI 38's note is not shown beside GFCI 37


@pytest.mark.parametrize(
    ("question", "shown"),
    [
        ("If H2 2025 just matches H1, what's KPMG's full-year 2025 global fintech investment?", "89.4 billion USD"),
        ("假如2025年下半年和上半年持平，毕马威口径的2025年全年全球金融科技投资会是多少？", "894亿美元"),
    ],
)
def test_a_second_half_supposed_to_repeat_the_first_is_a_labelled_scenario(
    service: ChatService, question: str, shown: str
) -> None:
    answer = service.answer(question)
    assert calculation(answer)["result"] == pytest.approx(89.4) and shown in first_sentence(answer)
    assert "scenario" in answer.answer or "情景" in answer.answer


def test_a_wrong_target_is_corrected_and_the_starting_point_given(service: ChatService) -> None:
    answer = service.answer("白皮书说2029年金融业AI渗透率会达到55%，那起点是多少？")
    assert answer.answer.startswith("不对：中国2029年的金融业AI渗透率为45%，而不是55%。")
    assert "基线（未说明年份）的金融业AI渗透率为25%" in answer.answer


def test_a_report_published_in_both_languages_is_quoted_in_the_askers(service: ChatService) -> None:
    answer = service.answer("2025年的发展指数按哪些维度给城市打分？")
    assert "产业、科技、人才、机构和环境" in answer.answer and "原文为英文" not in answer.answer


def test_the_edition_before_a_gap_is_not_the_one_before_the_gap(service: ChatService) -> None:
    first = service.answer("Where did Hangzhou place in the 2022 Hub report?")
    before = service.answer("and the prior edition?", first.conversation_id)
    assert not before.answered and "2021" in before.answer and "2020" not in before.answer.split("Did you mean")[0]
    further = service.answer("and the one before that?", before.conversation_id)
    assert further.answered and "2020" in further.answer


def test_who_was_ahead_follows_the_corrected_rank(service: ChatService) -> None:
    answer = service.answer("既然新加坡在GFCI 38金融科技榜排第二，排在它前面的是谁？")
    lead = first_sentence(answer)
    assert lead.startswith("不对：新加坡") and "第4" in lead
    assert "排在新加坡前面的是：香港（第1名）、深圳（第2名）、纽约（第3名）" in answer.answer
    assert answer.answer.count("新加坡在全球金融中心指数（GFCI）金融科技排名（GFCI 38 (2025-09)）中排名第4") == 1


def test_a_premise_about_an_earlier_edition_is_checked_in_that_edition(service: ChatService) -> None:
    answer = service.answer("Given that San Francisco was 2nd in GFCI 36 fintech, where did it place in GFCI 37?")
    assert answer.answer.startswith("No: San Francisco ranked 4th") and "GFCI 36" in first_sentence(answer)
    assert "London ranked 2nd" in answer.answer and "San Francisco ranked 5th" in answer.answer


def test_a_rank_a_later_note_implies_is_computed_and_labelled(service: ChatService) -> None:
    # GFCI 35 has no row for Hong Kong; GFCI 36's note says it rose 5 places to 9th
    first = service.answer("Hong Kong's place in the GFCI 36 FinTech ranking?")
    before = service.answer("what about one edition earlier?", first.conversation_id)
    assert before.answer.startswith("Hong Kong was 14th in") and "computed from that note" in before.answer
    assert calculation(before)["operation"] == "sum" and calculation(before)["result"] == 14
    assert before.grounded and before.answered
    chinese = service.answer("香港在GFCI 35金融科技榜排第几？")
    assert "排名第14" in chinese.answer and "推算" in chinese.answer and chinese.grounded


def test_places_moved_since_a_city_the_first_answer_named(service: ChatService) -> None:
    first = service.answer("Which centre led the GFCI 37 FinTech ranking?")  # New York
    then = service.answer("and where was it in GFCI 38?", first.conversation_id)
    moved = service.answer("by how many places did it move?", then.conversation_id)
    assert "New York" in moved.answer and abs(calculation(moved)["result"]) == pytest.approx(2)


def test_ratings_of_an_edition_summed_and_averaged(service: ChatService) -> None:
    total = service.answer("Add up the GFCI 37 overall ratings of the top two")
    assert calculation(total)["operation"] == "sum" and calculation(total)["result"] == 769 + 762
    assert "1531" in first_sentence(total) and "computed" in total.answer and total.grounded
    mean = service.answer("GFCI 37综合榜全部城市的平均评分？")
    assert calculation(mean)["operation"] == "mean" and calculation(mean)["result"] == pytest.approx(753.4)
    assert "753.4" in first_sentence(mean) and mean.grounded


def test_the_extreme_over_every_edition_on_record(service: ChatService) -> None:
    answer = service.answer("Across all editions in the data, which city had the lowest GFCI overall rating?")
    assert first_sentence(answer).startswith("Beijing") and "721" in answer.answer and "3 editions" in answer.answer
    chinese = service.answer("数据里浙大报告排名最靠前的城市是哪个？")
    assert chinese.answer.startswith("在全球金融科技中心指数（浙江大学）") and "北京" in first_sentence(chinese)


def test_a_range_of_places_and_places_a_note_names_without_order(service: ChatService) -> None:
    ranked = service.answer("Who held ranks 2 to 4 of the 2023 Hub report?")
    assert first_sentence(ranked).startswith("Ranks 2 to 4 of") and "(4th)" in ranked.answer
    assert "(5th)" not in ranked.answer and "(1st)" not in ranked.answer
    noted = service.answer("GFCI 35 fintech: which cities were 6th to 10th?")
    assert "Seoul" in noted.answer and "without their order" in noted.answer and noted.answered
    order = service.answer("GFCI 35金融科技榜第6到第10名的先后顺序？")
    assert not order.answered and "首尔" in order.answer


def test_a_deal_size_follow_up_and_a_scenario_for_each_series_asked(service: ChatService) -> None:
    first = service.answer("Innovate Finance global fintech VC: average deal size in 2024?")
    again = service.answer("and 2023?", first.conversation_id)
    assert calculation(again)["operation"] == "ratio" and "2023" in first_sentence(again)
    assert calculation(again)["result"] == pytest.approx(54.2 / 7683, rel=1e-3)
    both = service.answer("KPMG global fintech 2025 H1: amount and deals?")
    scenario = service.answer("if the second half matched the first half, what would 2025 total?", both.conversation_id)
    assert "89.4 billion USD" in scenario.answer and "4432 deals" in scenario.answer and scenario.grounded


def test_ratings_over_several_editions_answer_where_published(service: ChatService) -> None:
    answer = service.answer("Beijing's GFCI overall ratings in GFCI 36, 37 and 38?")
    assert answer.answered and "721" in answer.answer and "732" in answer.answer and "No score" in answer.answer
    one = service.answer("Beijing's GFCI 38 overall rating?")
    assert not one.answered


def test_listed_companies_their_count_and_the_value_per_company(service: ChatService) -> None:
    value = service.answer("What were Chinese cities' listed fintech companies worth in 2025?")
    assert "375.4" in first_sentence(value)
    count = service.answer("and how many such companies are there?", value.conversation_id)
    assert "121" in first_sentence(count) and count.grounded
    each = service.answer("so per company, on average?", count.conversation_id)
    assert calculation(each)["operation"] == "ratio" and "per company" in first_sentence(each)
    chinese = service.answer("2025年中国城市有几家上市金融科技公司？")
    assert "121家" in chinese.answer


def test_two_figures_a_place_does_not_have_get_a_reason_not_an_empty_answer(service: ChatService) -> None:
    answer = service.answer("Seoul's KPMG fintech figures for 2024: deals and amount together?")
    assert answer.answer.strip() and not answer.answered and "Seoul" in answer.answer


def test_a_percent_gain_after_ratings_is_about_the_rating_not_the_rank(service: ChatService) -> None:
    first = service.answer("New York's GFCI 36 overall rating?")
    later = service.answer("and one edition later?", first.conversation_id)
    gain = service.answer("by what percent did it rise?", later.conversation_id)
    assert not gain.answer.startswith("No") and calculation(gain)["operation"] == "percent_change"
    assert calculation(gain)["result"] == pytest.approx((769 - 763) / 763 * 100, abs=0.01)


def test_a_gap_to_the_city_at_a_place(service: ChatService) -> None:
    first = service.answer("Hong Kong's GFCI 37 overall rating?")
    gap = service.answer("how many points behind the leader is that?", first.conversation_id)
    assert not gap.answer.startswith("No") and "New York" in first_sentence(gap)
    assert calculation(gap)["operation"] == "difference" and abs(calculation(gap)["result"]) == pytest.approx(9)


def test_a_change_between_the_figures_a_question_writes_or_from_an_undated_baseline(service: ChatService) -> None:
    written = service.answer("AI penetration in finance from 25% to 45%: by what percent is that a rise?")
    assert calculation(written)["operation"] == "percent_change" and calculation(written)["result"] == 80
    gap = service.answer("金融业AI渗透率预计会提高多少个百分点？")
    assert calculation(gap)["operation"] == "difference" and "20个百分点" in first_sentence(gap)


def test_the_gap_between_two_figures_of_different_places(service: ChatService) -> None:
    first = service.answer("Chinese cities' listed fintech market value in 2025?")
    second = service.answer("and the market value of Hong Kong's financial institutions?", first.conversation_id)
    gap = service.answer("what's the difference between the two?", second.conversation_id)
    assert calculation(gap)["operation"] == "difference" and abs(calculation(gap)["result"]) == pytest.approx(11.5)
    assert "Hong Kong" in first_sentence(gap) and gap.grounded


def test_an_average_rank_over_every_year_of_the_report_in_the_conversation(service: ChatService) -> None:
    first = service.answer("浙大2024年报告前五是哪些城市？")
    mean = service.answer("北京在这个报告历年平均排第几？", first.conversation_id)
    assert calculation(mean)["operation"] == "mean" and len(calculation(mean)["inputs"]) >= 5
    assert "全球金融科技中心指数（浙江大学）" in first_sentence(mean)


def test_a_deal_size_from_a_count_the_amounts_note_states(service: ChatService) -> None:
    answer = service.answer("Innovate Finance: China fintech VC in the first half of 2024, average size per deal?")
    assert calculation(answer)["operation"] == "ratio" and "19.63 million USD" in first_sentence(answer)
    assert answer.grounded and answer.answered


def test_an_elliptical_comparison_opens_with_yes_or_no(service: ChatService) -> None:
    first = service.answer("KPMG global fintech investment in H2 2023?")
    compared = service.answer("higher than in H1?", first.conversation_id)
    assert compared.answer.startswith("Yes") and "55.5" in compared.answer and "58.2" in compared.answer


def test_a_stated_rating_or_figure_is_corrected_first(service: ChatService) -> None:
    rating = service.answer("香港GFCI 38综合评分755分，和伦敦差几分？")
    assert first_sentence(rating).startswith("不对") and "764" in first_sentence(rating)
    assert calculation(rating)["operation"] == "difference"
    figure = service.answer("Innovate Finance global fintech VC dropped from 64.2bn in 2023 to 2024, by how much?")
    assert figure.answer.startswith("No:") and "54.2 billion USD" in first_sentence(figure)
    assert calculation(figure)["result"] == pytest.approx(-10.7)
    rough = service.answer("KPMG global fintech investment fell from about 200bn in 2022 to 2023, by how much?")
    assert not rough.answer.startswith("No")


def test_two_sources_kept_apart_with_a_year_summed_from_its_halves(service: ChatService) -> None:
    answer = service.answer("Put KPMG's and Innovate Finance's 2024 global deal counts side by side")
    assert calculation(answer)["operation"] == "sum" and calculation(answer)["result"] == 4631
    assert "4631" in answer.answer and "6464" in answer.answer and "computed" in answer.answer
    assert answer.grounded


def test_why_the_two_sources_disagree_says_what_each_counts(service: ChatService) -> None:
    answer = service.answer("Why don't KPMG and Innovate Finance agree on 2022 global fintech funding?")
    assert "venture capital only" in first_sentence(answer)
    assert "196.3" in answer.answer and "92" in answer.answer
    zh = service.answer("2023年全球金融科技投资，毕马威和Innovate Finance的数字为什么对不上？")
    assert "风险投资" in first_sentence(zh) and "1137" in zh.answer and not INTERNAL.search(zh.answer)


def test_yes_no_on_a_rating_threshold_and_on_every_step_of_a_series(service: ChatService) -> None:
    rating = service.answer("Was Singapore's GFCI 38 overall rating below 760?")
    assert rating.answer.startswith("No.") and "763" in rating.answer.split("\n")[0]
    steps = service.answer("Did Innovate Finance fintech VC decline in each year from 2021 through 2024?")
    assert steps.answer.startswith("Yes.") and all(f in steps.answer for f in ("136.5", "92", "54.2", "43.5"))
    kpmg = service.answer("Did KPMG global fintech investment grow every year from 2022 to 2023?")
    assert kpmg.answer.startswith("No.")


def test_definitions_of_a_series_and_of_an_index_method(service: ChatService) -> None:
    series = service.answer("What does Innovate Finance's fintech VC figure count?")
    assert "venture capital only" in first_sentence(series)
    method = service.answer("On which dimensions is the 2025 development index scored?")
    assert "talent" in first_sentence(method) and "institutions" in first_sentence(method)
    related = service.answer("How is the GFCI FinTech ranking related to the overall GFCI?")
    assert "Global Financial Centres Index" in related.answer and related.answered


def test_a_stated_change_currency_or_other_figure_is_checked_as_stated(service: ChatService) -> None:
    change = service.answer(
        "Hong Kong's financial institutions grew 76.8% in market value in the 2025 report, correct?"
    )
    assert change.answer.startswith("No:") and "67.8%" in change.answer
    right = service.answer("香港金融机构市值在2025年报告里增长了67.8%吗？")
    assert right.answer.startswith("是的") and "67.8%" in right.answer
    currency = service.answer("Was Shanghai's 2024 fintech industry worth 440.5 billion USD?")
    assert currency.answer.startswith("No") and "440.5 billion CNY" in currency.answer
    other = service.answer("Chinese cities' listed fintech firms 375.4bn vs Hong Kong institutions 363.9bn in 2025?")
    assert "not 375.4" not in other.answer and "而不是" not in other.answer


def test_the_method_of_the_first_editions_from_their_table_notes(service: ChatService) -> None:
    first = service.answer("Who compiles the development index?")
    method = service.answer("and how did its first two editions evaluate cities?", first.conversation_id)
    assert "28 cities" in first_sentence(method) and "3 dimensions" in method.answer


def test_claims_over_a_span_of_editions_and_over_every_edition(service: ChatService) -> None:
    lost = service.answer("Has Beijing ever lost the top spot in the Hub report?")
    assert lost.answer.startswith("No.") and "2019" in lost.answer
    rating = service.answer("Did Shanghai's overall GFCI rating rise from GFCI 36 to GFCI 38?")
    assert rating.answer.startswith("Yes.") and "738" in rating.answer and "751" in rating.answer


def test_a_figure_stated_for_the_wrong_year_and_two_figures_compared(service: ChatService) -> None:
    year = service.answer("Innovate Finance had 43.5bn of fintech VC in 2023; and in 2024?")
    assert year.answer.startswith("No:") and "54.2 billion USD" in first_sentence(year)
    both = service.answer(
        "Is the listed fintech market value of Chinese cities larger than Hong Kong's financial institutions' in 2025?"
    )
    assert both.answer.startswith("Yes.") and "375.4" in both.answer and "363.9" in both.answer


def test_a_source_defined_by_what_it_counts(service: ChatService) -> None:
    answer = service.answer("毕马威的Pulse of Fintech是什么？")
    assert first_sentence(answer).startswith("毕马威") and "风险投资" in first_sentence(answer)
    assert not INTERNAL.search(answer.answer)


def test_a_stated_date_is_checked_against_the_date_the_passage_gives(service: ChatService) -> None:
    wrong = service.answer("Was the 2024 development index released in November 2024?")
    assert wrong.answer.startswith("No:") and "13 December 2024" in first_sentence(wrong)
    right = service.answer("Was the second development index released in December 2024?")
    assert right.answer.startswith("Yes") and "13 December 2024" in right.answer
    zh = service.answer("上海建设全球领先金融科技中心的行动方案是2023年印发的吗？")
    assert zh.answer.startswith("不对") and "2024年9月4日" in first_sentence(zh)


def test_a_figure_published_for_another_place_only_says_so_in_the_askers_language(service: ChatService) -> None:
    first = service.answer("2024年上海的金融科技产业规模有多大？")
    other = service.answer("那深圳呢？", first.conversation_id)
    assert other.answer.startswith("数据中没有深圳") and "上海" in other.answer and not other.answered
    assert not re.search(r"[A-Za-z]{3,}", other.answer)


def test_a_gap_between_two_cities_follows_the_edition_step(service: ChatService) -> None:
    first = service.answer("GFCI 38综合排名里纽约和香港各多少分？")
    gap = service.answer("相差几分？", first.conversation_id)
    before = service.answer("那上一期的差距呢？", gap.conversation_id)
    assert "GFCI 37" in before.answer and calculation(before)["operation"] == "difference"


def test_a_count_of_dimensions_for_the_editions_before(service: ChatService) -> None:
    first = service.answer("How many dimensions does the 2025 development index score cities on?")
    before = service.answer("and the previous two editions?", first.conversation_id)
    assert "3 dimensions" in first_sentence(before) and "2023" in first_sentence(before)


def test_two_figures_of_their_own_places_stated_together_are_both_read(service: ChatService) -> None:
    answer = service.answer("2025年香港金融机构市值3639亿美元、中国城市上市金融科技公司市值3754亿美元，这两个数对吗？")
    assert "3754亿美元" in answer.answer and "3639亿美元" in answer.answer
    assert "而不是" not in answer.answer


def test_a_stated_figure_confirmed_only_when_it_is_the_tables(service: ChatService) -> None:
    same = service.answer("Was KPMG's global fintech investment 113.7 billion USD in 2023?")
    assert same.answer.startswith("Yes.")
    other = service.answer("Was KPMG's global fintech investment 123.7 billion USD in 2023?")
    assert other.answer.startswith("No.") and "113.7" in other.answer


def test_a_tier_asked_as_a_group_lists_its_members(service: ChatService) -> None:
    answer = service.answer("In the 2025 development index, which cities form the second group?")
    assert all(name in first_sentence(answer) for name in ("London", "Paris", "Shenzhen", "Singapore"))


def test_a_change_in_money_after_a_growth_rate_is_the_difference(service: ChatService) -> None:
    first = service.answer("By what percent did KPMG global fintech investment grow from 2018 to 2022?")
    added = service.answer("how much money was added, in billions?", first.conversation_id)
    assert calculation(added)["operation"] == "difference" and "84.5" in first_sentence(added)


def test_two_places_asked_one_after_another_are_each_answered(service: ChatService) -> None:
    answer = service.answer("In the 2024 Hub Report, who came 2nd, who came 9th?")
    assert "San Francisco" in answer.answer and "Sydney" in answer.answer


def test_a_quoted_term_after_a_ranking_question_is_answered_from_the_reports(service: ChatService) -> None:
    first = service.answer("Who leads the 2025 development index?")
    term = service.answer("and the 'dual-circulation flywheel', when does China start it?", first.conversation_id)
    assert "2026" in term.answer and term.answered


def test_the_same_half_a_year_before_is_the_year_on_year_change(service: ChatService) -> None:
    first = service.answer("KPMG global fintech investment in H2 2024?")
    sequential = service.answer("what % change from H1 2024?", first.conversation_id)
    yearly = service.answer("and year on year?", sequential.conversation_id)
    assert "2023-H2" in yearly.answer and calculation(yearly)["operation"] == "percent_change"


def test_a_change_after_two_halves_added_runs_from_the_full_year(service: ChatService) -> None:
    first = service.answer("Add up KPMG's H1 and H2 2023 global fintech deals")
    change = service.answer("and vs 2018, % change?", first.conversation_id)
    assert "2018" in first_sentence(change) and "2023-H" not in first_sentence(change)


def test_the_other_sources_figure_asked_which_is_right_gives_each(service: ChatService) -> None:
    first = service.answer("KPMG global fintech investment in 2022?")
    other = service.answer("Innovate Finance says 92bn for 2022. Which one is correct?", first.conversation_id)
    assert "196.3" in other.answer and "92" in other.answer and "venture capital" in other.answer


def test_the_other_members_of_a_named_citys_tier(service: ChatService) -> None:
    first = service.answer("Is Tokyo in the second tier of the 2025 development index?")
    same = service.answer("which other cities are in its tier?", first.conversation_id)
    lead = first_sentence(same)
    assert "tier 3" in lead and all(name in lead for name in ("Seoul", "Boston", "Hangzhou")) and "Paris" not in lead
    zh = service.answer("2025年发展指数里和伦敦同一梯队的还有哪些城市？")
    assert all(name in zh.answer for name in ("巴黎", "深圳", "新加坡"))


def test_the_size_of_a_tier_never_named_comes_from_the_tier_structure(service: ChatService) -> None:
    answer = service.answer("How many cities sit in the fourth tier of the 2025 development index?")
    assert answer.answered and "6 cities" in first_sentence(answer) and "4+4+8+6" in answer.answer
    assert answer.grounded
