"""The question reader: what each question asks, its names (typos included), follow-ups, relative editions
and periods, multi-part questions and stated premises. Pure: no index, no model."""

from __future__ import annotations

import pytest

from assistant.agent.questions import detect_ask
from assistant.agent.reading import Claim, Reader
from assistant.agent.reading.detectors import split_parts
from assistant.agent.reading.reader import step_edition, step_period

READER = Reader(detect_ask)


def read(question: str, *history: str):
    return READER.read(question, list(history))[-1]


@pytest.mark.parametrize(
    ("question", "ask"),
    [
        ("Where does Tokyo sit in the GFCI 38 fintech ranking?", "rank"),
        ("东京在2024年发展指数中排第几？", "rank"),
        ("Name the top five of the 2023 Hub report", "list"),
        ("How many Chinese cities made the 2024 development index top ten?", "count"),
        ("2025年发展指数第二梯队有几个城市？", "count"),
        ("What rating did London get in GFCI 37?", "score"),
        ("What was the size of Shanghai's fintech industry in 2024?", "value"),
        ("What's the gap between KPMG investment in 2022 and 2023?", "difference"),
        ("By what percentage did Innovate Finance VC fall from 2023 to 2024?", "percent_change"),
        ("What did the two halves of 2024 add up to for KPMG investment?", "total"),
        ("What was the average yearly Innovate Finance VC over 2021-2024?", "average"),
        ("What was the average KPMG deal size in 2023?", "average"),
        ("In which year was Innovate Finance VC lowest?", "max_min"),
        ("Is Paris in the top ten of the 2025 Hub report?", "yes_no"),
        ("上海在2025年发展指数中排名第二吗？", "yes_no"),
        ("How has Hong Kong's GFCI fintech rank changed over time?", "trend"),
        ("Project KPMG global fintech investment for 2026", "forecast"),
        ("Why does Shanghai rank so high?", "explain"),
        ("What is meant by the Global FinTech Hub Report?", "define"),
        ("What's the weather in Singapore tomorrow?", "out_of_scope"),
        ("Which cities swapped places between the 2020 and 2022 Hub reports?", "movers"),
        ("How does Seoul rank across the different indices?", "cross_index"),
    ],
)
def test_what_is_asked(question: str, ask: str) -> None:
    assert read(question).ask == ask


def test_names_survive_typos_and_abbreviations() -> None:
    frame = read("rank of Singapur and Shangahi in the Global Fintech Hub Reprot 2024")
    assert frame.cities == ["Singapore", "Shanghai"] and frame.index == "fhi" and frame.editions == ["2024"]
    assert read("hk in gfci 38 fintech?").cities == ["Hong Kong"]
    assert read("SF in the ZJU report").index == "fhi"
    # two letters swapped count as one edit, in a country too; a four-letter abbreviation may only be swapped
    assert read("KPMG fintech investment in Chnia, H1 2024").geography == "China"
    assert read("北京这三期的GCFI综合排名怎么变化的").index == "gfci_overall"


@pytest.mark.parametrize(
    ("question", "ask"),
    [
        ("averge Innovate Finance global VC over 2022-2024?", "average"),
        ("Diffrence in KPMG global fintech deals, 2023 vs 2024?", "difference"),
        ("forcast KPMG global fintech investment for 2026", "forecast"),
    ],
)
def test_question_words_survive_typos(question: str, ask: str) -> None:
    assert read(question).ask == ask


def test_a_technology_venture_series_is_not_the_fintech_one() -> None:
    assert read("How many tech VC deals did Shanghai do in 2024?").metrics == ["tech_venture_deals_all_sectors"]
    assert read("Innovate Finance fintech VC deals in 2024?").metrics == ["fintech_vc_deals_innovate_finance"]


def test_an_ending_is_not_a_typo() -> None:
    from assistant import names

    assert names.respelt("the numbers changed, averge") == "the numbers changed, average"


def test_both_extremes_and_the_money_scale_asked() -> None:
    assert read("Shanghai's best and worst GFCI fintech ranks on record?").extreme == "both"
    assert read("上海GFCI金融科技排名最高和最低分别是第几？").extreme == "both"
    assert read("Shanghai's worst GFCI fintech rank?").extreme == "min"
    assert read("KPMG China fintech investment H1 2024 (USD mn)?").scale == "million"
    assert read("2023下半年加2024上半年一共多少百万美元？").scale == "million"
    assert read("and the % change?", "KPMG China fintech investment H1 2024 in USD mn?").scale == "million"


def test_country_and_region_filters() -> None:
    assert read("Which US centres are in the 2025 development index?").group == "United States"
    assert read("2024年发展指数前十名里有几个中国城市？").group == "China"
    assert read("European hubs in GFCI 38").group == "Europe"
    frame = read("How much fintech VC went to Chinese companies in 2023?")
    assert frame.geography == "China" and frame.group is None  # a metric's geography, not a filter


def test_follow_up_replaces_only_what_the_new_turn_says() -> None:
    first = "Where did Shanghai rank in the 2024 development index?"
    frame = read("And Beijing?", first)
    assert (frame.ask, frame.cities, frame.index, frame.editions) == ("rank", ["Beijing"], "gfcdi", ["2024"])
    frame = read("And in the Hub report?", first)
    assert (frame.cities, frame.index) == (["Shanghai"], "fhi")
    assert read("那北京呢？", "2025年发展指数里上海排第几？").cities == ["Beijing"]


def test_follow_ups_keep_the_list_and_count_it() -> None:
    first = "Which cities from China made the 2025 development index?"
    frame = read("How many are there?", first)
    assert frame.ask == "count" and frame.group == "China" and frame.index == "gfcdi"


def test_a_text_only_history_is_enough() -> None:
    """Foreign histories carry no tool calls: the reader re-reads the earlier questions."""
    frame = read("What about GFCI 37?", "Where did Chengdu place in the GFCI 31 FinTech ranking?")
    assert frame.index == "gfci_fintech" and frame.editions == ["GFCI 37 (2025-03)"]


@pytest.mark.parametrize(
    ("follow_up", "edition"),
    [
        ("And one year earlier?", "2023"),
        ("上一期呢？", "2023"),
        ("And the previous edition?", "2023"),
        ("What about the first edition?", "2019"),
        ("And the latest one?", "2025"),
    ],
)
def test_relative_editions_of_a_yearly_index(follow_up: str, edition: str) -> None:
    frame = read(follow_up, "Where did Shanghai rank in the 2024 Hub report?")
    assert frame.editions == [edition]


def test_relative_editions_of_the_gfci() -> None:
    first = "Hong Kong's place in the GFCI 37 fintech ranking?"
    assert read("And the prior edition?", first).editions == ["GFCI 36 (2024-09)"]
    assert read("下一期呢？", first).editions == ["GFCI 38 (2025-09)"]
    assert read("And a year earlier?", first).editions == ["GFCI 35 (2024-03)"]


def test_relative_references_that_run_off_the_data_say_so() -> None:
    frame = read("What about the prior year?", "Where did New York rank in the 2023 development index?")
    assert frame.editions == ["year_before:2023"]
    assert step_edition("gfcdi", "2025", "next") is None


def test_the_edition_next_to_a_gap_in_the_data_is_the_missing_one() -> None:
    # the Hub Report has no 2021 row and the FinTech ranking skips GFCI 29 and 30: the edition before is the
    # missing one (its tool then says why), and a further step goes on from it
    assert step_edition("fhi", "2022", "previous") == "2021"
    assert step_edition("fhi", "2021", "previous") == "2020"
    assert step_edition("fhi", "2020", "next") == "2021"
    assert step_edition("gfci_fintech", "GFCI 31 (2022-03)", "previous") == "GFCI 30"
    assert step_edition("gfci_fintech", "GFCI 30", "previous") == "GFCI 29"
    assert step_edition("gfci_fintech", "GFCI 29", "previous") == "GFCI 28 (2020-09)"
    assert step_edition("gfcdi", "2024", "previous") == "2023"
    frame = read("那再前一期？", "浙大报告2022年杭州第几？", "它上一期呢？")
    assert (frame.ask, frame.editions, frame.top_n) == ("rank", ["2020"], None)


def test_relative_periods_of_a_figure() -> None:
    assert read("and the preceding year?", "KPMG fintech investment in 2023?").periods == ["2022"]
    assert step_period("2024-H1", "previous") == "2023-H2"
    assert step_period("2024-H1", "year_before") == "2023-H1"
    assert step_period("2024", "next") == "2025"


def test_multi_part_questions_become_several_frames() -> None:
    assert split_parts("Where did London rank in 2024? And who was first in GFCI 38?") == [
        "Where did London rank in 2024?",
        "And who was first in GFCI 38?",
    ]
    frames = READER.read("2024年发展指数里上海排名第几？2025年呢？")
    assert [f.editions for f in frames] == [["2024"], ["2025"]]
    assert len(READER.read("Where did London rank in the 2024 development index, and who was first in GFCI 38?")) == 2


def test_stated_premises_become_claims() -> None:
    assert read("Why did Beijing drop out of the top ten of the 2025 development index?").claims == [
        Claim("out_of_top", "Beijing", 10)
    ]
    assert Claim("rank", "Shanghai", 5.0) in read("Why did Shanghai fall to 5th in the 2025 development index?").claims
    assert read("Did Singapore overtake London in GFCI 38?").claims == [Claim("higher", "Singapore", None, "London")]


def test_it_means_the_city_the_previous_answer_named() -> None:
    """'Who was first?' names no city; the answer does, and 'it' in the next question means that city."""
    frame = READER.read(
        "In that edition, was it first in the overall GFCI rating as well?",
        ["Which centre came first in the GFCI 38 FinTech ranking?"],
        ["Hong Kong ranked first in the GFCI FinTech ranking GFCI 38 (2025-09)."],
    )[0]
    assert frame.cities == ["Hong Kong"] and frame.index == "gfci_overall"
    assert frame.editions == ["GFCI 38 (2025-09)"] and frame.claims == [Claim("first", "Hong Kong", 1.0)]


@pytest.mark.parametrize(
    ("question", "editions"),
    [
        ("Shanghai's GFCI 36, 37 and 38 ratings averaged?", ["GFCI 36", "GFCI 37", "GFCI 38"]),
        ("London in GFCI 36 and 38 overall: its ratings?", ["GFCI 36", "GFCI 38"]),
        ("London's overall GFCI ratings from GFCI 36 to 38", ["GFCI 36", "GFCI 37", "GFCI 38"]),
        ("北京在2023到2025年发展指数中的平均名次", ["2023", "2024", "2025"]),
    ],
)
def test_listed_editions_are_each_read_and_a_span_gives_every_edition_in_it(question: str, editions: list[str]) -> None:
    assert [e.split(" (")[0] for e in read(question).editions] == editions


def test_an_arithmetic_follow_up_takes_its_operands_from_every_earlier_turn_about_the_figure() -> None:
    from assistant.agent.questions.arithmetic import periods_of

    frame = read("and the change in per cent?", "KPMG global fintech investment in 2022?", "And 2023?")
    assert frame.ask == "percent_change"
    assert sorted(periods_of(frame)) == ["2022", "2023"]


@pytest.mark.parametrize(
    ("question", "ask"),
    [
        ("By how many percentage points will AI penetration in Chinese finance rise by 2029?", "difference"),
        ("到2029年金融业AI渗透率会提高多少个百分点？", "difference"),
        ("KPMG global investment, H2 2024 + H1 2025?", "total"),
        ("2025上半年毕马威全球金融科技投资比2024下半年跌了多少%？", "percent_change"),
    ],
)
def test_points_are_a_difference_a_plus_sign_a_total_and_a_percent_sign_a_percentage(question: str, ask: str) -> None:
    assert read(question).ask == ask


def test_in_percent_after_a_difference_asks_the_percentage_change() -> None:
    frame = read("in %?", "KPMG global fintech investment H1 2025?", "how much lower than H1 2024?")
    assert frame.ask == "percent_change"
    assert frame.metrics == ["fintech_investment_kpmg"]


def test_still_in_the_top_n_keeps_the_city_of_the_turn_before() -> None:
    frame = read("still in the top 20?", "Where did Beijing rank in the GFCI 38 overall?")
    assert (frame.ask, frame.cities) == ("yes_no", ["Beijing"])
    assert frame.claims == [Claim("in_top", "Beijing", 20)]


def test_an_index_named_by_its_publisher_is_read() -> None:
    assert read("How many cities did the alliance's first fintech centre index rank?").index == "gfcdi"


def test_ratings_continue_into_a_follow_up_difference() -> None:
    from assistant.agent.questions.arithmetic import rank_editions, wants_score

    frame = read("the gap?", "Tokyo's GFCI 38 overall rating?", "and GFCI 37?")
    assert frame.ask == "difference" and wants_score(frame)
    assert [e.split(" (")[0] for e in rank_editions(frame)] == ["GFCI 37", "GFCI 38"]


def test_a_bare_gfci_edition_only_the_fintech_ranking_has_reads_as_that_ranking() -> None:
    assert read("How many centres were assessed in GFCI 35?").index == "gfci_fintech"


def test_fintech_and_overall_named_together_are_both_read() -> None:
    frame = read("Seoul: GFCI 37 fintech rank vs overall rank?")
    assert (frame.ask, frame.indices) == ("cross_index", ["gfci_fintech", "gfci_overall"])


def test_a_span_of_half_years_lists_every_half_year() -> None:
    assert read("KPMG global fintech investment from H2 2023 to H1 2025, which half was weakest?").periods == [
        "2023-H2",
        "2024-H1",
        "2024-H2",
        "2025-H1",
    ]


def test_did_it_change_is_a_claim_only_of_a_yes_no_question() -> None:
    frame = read("did its rank change over those editions?", "Tokyo's GFCI overall ranks in GFCI 36 to 38?")
    assert frame.ask == "yes_no" and frame.claims == [Claim("changed", "Tokyo")]
    assert read("How has Tokyo's GFCI overall rank changed?").claims == []


def test_asia_pacific_takes_in_oceania() -> None:
    from assistant import names

    assert read("亚太城市在2023年浙大报告前十里有哪些？").group == "Asia-Pacific"
    assert names.in_group("Sydney", "Asia-Pacific") and names.in_group("Singapore", "Asia-Pacific")
    assert not names.in_group("Sydney", "Asia")


def test_plain_english_words_are_not_misspelt_metric_names() -> None:
    assert read("How is competition in financial AI expected to shift?").metrics == []
    assert read("By when should the US have its investment-output flywheel turning?").ask != "value"


def test_the_year_after_the_year_an_answer_named() -> None:
    frame = READER.read(
        "the year after?",
        ["Which year had the highest KPMG global fintech investment?"],
        ["Fintech investment (KPMG Pulse of Fintech) (Global) was highest in 2022: 196.3 billion USD."],
    )[-1]
    assert frame.periods == ["2023"]


def test_the_first_edition_of_an_index_named_by_its_abbreviation() -> None:
    frame = read("How many cities were covered by the first GFCDI?")
    assert (frame.index, frame.editions) == ("gfcdi", ["2023"])


def test_ahead_of_in_chinese_is_an_order_claim() -> None:
    frame = read("在GFCI 36金融科技排名中，深圳排在旧金山前面吗？")
    assert frame.claims == [Claim("higher", "Shenzhen", None, "San Francisco")]


def test_chinese_periods() -> None:
    from assistant.agent.writing import chinese_periods

    assert (
        chinese_periods("全球2024-H1的投资在2022最高（GFCI 38 (2025-09)）")
        == "全球2024年上半年的投资在2022年最高（GFCI 38 (2025-09)）"
    )
    assert chinese_periods("baseline (year not stated): 25%") == "基线（未说明年份）: 25%"


def test_a_follow_up_to_a_definition_stays_with_the_passages() -> None:
    frame = read("when is China expected to start it?", "What is the dual-circulation flywheel?")
    assert frame.ask == "passage" and frame.group == "China"
    assert read("and Beijing's rank?", "What is the dual-circulation flywheel?").ask == "rank"


def test_what_about_another_city_keeps_both_indices_of_a_comparison() -> None:
    frame = read("what about Tokyo?", "Seoul: GFCI 37 fintech rank vs overall rank?")
    assert (frame.ask, frame.cities, frame.indices) == ("cross_index", ["Tokyo"], ["gfci_fintech", "gfci_overall"])


def test_their_after_a_filtered_list_means_the_list() -> None:
    listed = "全球金融中心指数（GFCI）综合排名（GFCI 38 (2025-09)）中的美国城市：纽约（第1名）、旧金山（第5名）。"
    frame = READER.read("它们的平均评分是多少？", ["GFCI 38综合排名前十名中有哪几个美国城市？"], [listed])[-1]
    assert (frame.ask, frame.cities, frame.group, frame.top_n) == ("average", [], "United States", 10)


def test_figures_the_question_quotes_name_their_series() -> None:
    frame = read("Global fintech funding went from 196.3bn in 2022 to 54.2bn in 2023, what's the % drop?")
    assert frame.metrics == ["fintech_investment_kpmg", "fintech_vc_innovate_finance"]


def test_follow_ups_name_editions_briefly_and_carry_their_claim() -> None:
    first = "gfci38 fintech rank for HK?"
    assert read("and in 37?", first).editions == ["GFCI 37 (2025-03)"]
    claim = "Was Shenzhen ahead of SF in the GFCI 36 fintech table?"
    frame = read("what about GFCI 37?", claim)
    assert frame.ask == "yes_no" and frame.claims == read(claim).claims and frame.editions == ["GFCI 37 (2025-03)"]


def test_by_what_percent_is_a_percentage_change() -> None:
    assert (
        read("by what %?", "Was KPMG global fintech investment lower in H1 2025 than H2 2024?").ask == "percent_change"
    )


def test_the_last_few_editions() -> None:
    frame = read("最近三期上海GFCI综合排名的平均得分是多少？")
    assert frame.editions == ["GFCI 36 (2024-09)", "GFCI 37 (2025-03)", "GFCI 38 (2025-09)"]
    assert read("Shanghai's GFCI fintech rank over the last two editions").editions[-1] == "GFCI 38 (2025-09)"


def test_who_publishes_and_which_dimensions_are_definitions() -> None:
    assert read("谁编制了GFCI金融科技排名？").ask == "define"
    assert read("Who puts out the Global Fintech Center Development Index?").ask == "define"
    assert read("2025年发展指数用哪五个维度给城市评分？").ask == "define"
    assert read("照这个降幅推算，2025年大概多少？", "Innovate Finance 2024年全球金融科技风投是多少？").ask == "forecast"


def test_other_wordings_of_the_same_asks() -> None:
    # a stressing word inside "what is", a curly apostrophe, or none at all: still a definition
    assert read("So what actually is the GFCDI?").ask == "define"
    assert read("whats the Global Fintech Center Development Index").ask == "define"
    assert read("What’s the GFCDI?").ask == "define"
    # "prior to that" steps back like "before that"
    assert read("And the issue prior to that?", "Where was Tokyo in GFCI 37?").editions == ["GFCI 36 (2024-09)"]
    # a yes/no question after an opening clause that sets the edition
    frame = read("For the 2024 Hub report, was Paris ahead of Tokyo?")
    assert frame.ask == "yes_no" and frame.claims[0].kind == "higher"
    # "at this rate" in other words: a projection at that rate
    follow = read("照这个涨法往后推，2027年呢？", "Innovate Finance 2023年全球金融科技风投是多少？")
    assert follow.ask == "forecast" and follow.periods == ["2027"]


def test_a_definition_of_a_new_term_is_not_searched_with_the_turn_before() -> None:
    from assistant.agent.questions.passages import subject_words

    before = "What is the dual-circulation flywheel?"
    new_term = read("And what's the GNU Mach kernel?", before)
    same_term = read("What does it mean, then?", before)
    assert new_term.ask == "define" and before not in subject_words(new_term)
    assert before in subject_words(same_term)


def test_stated_places_put_up_for_confirmation_are_yes_no_claims() -> None:
    tag = read("Paris was #3 in the 2025 Hub report, wasn't it?")
    assert tag.ask == "yes_no" and tag.claims[0].number == 3
    bare = read("2024年发展指数 东京 第7？")
    assert bare.ask == "yes_no" and (bare.claims[0].city, bare.claims[0].number) == ("Tokyo", 7)
    assert read("北京进了2024年Hub Report前五没有").ask == "yes_no"
    assert read("Who was 3rd in the 2024 Hub report?").ask != "yes_no"


def test_a_yes_no_follow_up_naming_only_another_ranking_asks_the_same_claim() -> None:
    before = "Did Tokyo beat Seoul in the GFCI 37 fintech ranking?"
    again = read("and in the GFCI 37 overall rating?", before)
    assert again.ask == "yes_no" and again.claims[0].kind == "higher" and again.index == "gfci_overall"
    assert read("what rating did it get there?", before).ask != "yes_no"


def test_a_change_asked_from_one_edition_or_year_runs_from_the_turn_before() -> None:
    editions = read("how much is that down from GFCI 36?", "Tokyo's GFCI 38 overall rating?")
    assert editions.ask == "difference" and editions.editions == ["GFCI 36 (2024-09)", "GFCI 38 (2025-09)"]
    years = read("到2024年交易笔数少了多少", "KPMG 2019年全球金融科技交易多少笔？")
    assert years.ask == "difference" and years.periods == ["2019", "2024"] and not years.cities
    lower = READER.read("首尔比它低几分", ["GFCI 37综合评分最高的是哪个城市？"], ["纽约：769分。"])[-1]
    assert lower.cities == ["New York", "Seoul"]


def test_what_a_ranking_scores_on_and_when_it_began_are_definitions() -> None:
    frame = READER.read(
        "and what does it rate cities on?",
        ["Who puts out the GFCDI?"],
        ["The GFCDI is a ranking published by Shanghai Financial Technology Industry Alliance."],
    )[-1]
    assert frame.ask == "define" and frame.cities == []
    assert read("Hub Report从哪一期开始发布的？").ask == "define"


def test_adding_up_is_no_rise() -> None:
    frame = read("Add them up.", "Global fintech investment by KPMG in 2022?", "And Innovate Finance's?")
    assert frame.ask == "total" and not frame.claims
    from assistant.agent.reading.detectors import cue

    assert not cue("direction.up", "sum them up") and cue("direction.up", "did it go up?")


def test_definitions_asked_in_other_shapes() -> None:
    assert read("Which organisation publishes the GFCDI?").ask == "define"
    assert read("Please explain the Hub report to me.").ask == "define"
    assert read("Explain why Tokyo fell in GFCI 38.").ask == "explain"
    assert read("What counts as fintech VC for Innovate Finance?").ask == "define"
    assert read("发展指数考察哪些方面？").ask == "define"
    assert read("Could you tell me what the Hub report is?").ask == "define"
    assert read("What sort of index is the GFCI?").ask == "define"
    assert read("发展指数是干嘛的？").ask == "define"
    assert read("Tell me what Tokyo's place in GFCI 38 is.").ask != "define"


def test_a_gfci_edition_by_its_bare_number_in_a_first_question() -> None:
    assert read("Tokyo's GFCI overall rating in 37?").editions == ["GFCI 37 (2025-03)"]
    assert read("GFCI fintech top 5 for the 36th edition").editions == ["GFCI 36 (2024-09)"]


def test_a_part_that_only_names_the_source_stays_with_its_question() -> None:
    asked = "上海的金融科技规划目标是什么？"
    assert split_parts(f"{asked}白皮书里怎么说的") == [f"{asked} 白皮书里怎么说的"]
    assert len(split_parts("What does /opt hold? According to the FHS.")) == 1
    assert len(split_parts("What does /opt hold? And what does the FHS say about /srv?")) == 2


def test_a_projection_at_a_past_rate_and_short_years() -> None:
    frame = read("if the drop continues at the 23->24 % rate, what would 2025 be?", "Innovate Finance VC 2021-2024?")
    assert frame.ask == "forecast" and frame.periods == ["2023", "2024", "2025"]
    frame = read("At the H1'24→H1'25 rate of decline, what would KPMG H1 funding reach in H1 2026?")
    assert frame.ask == "forecast" and frame.periods == ["2024-H1", "2025-H1", "2026-H1"]
    from assistant import names

    assert names.with_full_years("GFCI 36->38 rating change") == "GFCI 36->38 rating change"  # editions, not years


def test_if_in_capitals_is_innovate_finance_and_if_is_a_word() -> None:
    assert read("IF says 6464 deals for 2024").metrics == ["fintech_vc_deals_innovate_finance"]
    assert read("If KPMG's 2024 deals were 4631, how many in 2023?").metrics == ["fintech_deals_kpmg"]


def test_a_figures_name_is_no_top_n() -> None:
    assert read("What share of the Forbes China Fintech Top 50 are Shanghai firms?").top_n is None


def test_figures_a_question_quotes_name_their_series() -> None:
    frame = read("KPMG had 196.3bn for 2022 tho, so 2022 was up vs 2021, compared to the 136.5?")
    assert set(frame.metrics) == {"fintech_investment_kpmg", "fintech_vc_innovate_finance"}


def test_a_gap_series_over_time_is_a_trend_and_chinese_trend_and_increment_words() -> None:
    assert read("How has the gap between #1 and #10 in the ZJU hub index evolved over the years?").ask == "trend"
    assert read("上海这些年在浙大榜上名次咋变的？").ask == "trend"
    assert read("增量是多少亿美元？", "香港金融机构市值在浙大2025报告里是多少亿美元？").ask == "difference"


def test_colloquial_chinese_why_and_what_and_short_year_spans() -> None:
    assert read("为啥掉下来了？", "伦敦在GFCI 38金融科技榜排第几？").ask == "explain"
    assert read("双循环飞轮到底指啥？").ask == "define"
    frame = read("上海金融科技融资22到24年为啥一路下滑？")
    assert frame.ask == "explain" and frame.periods[0].startswith("2022")


def test_indices_named_by_publisher_words_and_aliases_in_one_question() -> None:
    frame = read("上海在金科联盟2025、浙大2025、GFCI 38综合里各排第几？")
    assert frame.indices == ["gfcdi", "fhi", "gfci_overall"]


def test_a_two_digit_year_in_chinese() -> None:
    assert read("24年呢？", "2023年Innovate Finance口径的全球金融科技风投是多少亿美元？").periods == ["2024"]


def test_the_meaning_of_a_figure_is_a_definition_and_its_value_is_not() -> None:
    assert read("What does AI penetration in finance mean in the white paper?").ask == "define"
    assert read("金融业AI渗透率指什么？").ask == "define"
    assert read("What is AI penetration in finance in 2029?").ask == "value"


def test_a_claim_is_about_the_edition_of_its_own_clause() -> None:
    frame = read("Given that San Francisco was 2nd in GFCI 36 fintech, where did it place in GFCI 37?")
    assert frame.editions == ["GFCI 36 (2024-09)", "GFCI 37 (2025-03)"]
    assert frame.claims == [Claim("rank", "San Francisco", 2.0, edition="GFCI 36 (2024-09)")]
    assert read("Was Singapore 2nd in GFCI 36 fintech?").claims[0].edition is None  # one edition: the frame's


def test_a_relative_edition_after_a_relative_turn_steps_from_where_that_turn_started() -> None:
    start = "GFCI 37 fintech: where was Shenzhen?"
    # the opposite step goes from GFCI 37, not from the GFCI 36 just answered
    assert read("and the next edition?", start, "and the previous edition?").editions == ["GFCI 38 (2025-09)"]
    # the same step about a new city is the same edition
    assert read("London in the previous edition?", start, "and the previous edition?").editions == ["GFCI 36 (2024-09)"]
    # the same step again, or one that says it goes on, goes on from the edition just answered
    assert read("and the previous edition?", start, "and the previous edition?").editions == ["GFCI 35 (2024-03)"]
    assert read("再下一期？", "GFCI 35金融科技榜深圳第几？", "下一期呢？").editions == ["GFCI 37 (2025-03)"]


def test_short_follow_ups_of_a_change_between_two_turns() -> None:
    # a bare "delta?" / "变化？" asks the difference; 俩 ("the two") refers back to both cities
    assert read("delta?", "Singapore's GFCI 36 overall rating?", "and GFCI 37?").ask == "difference"
    assert read("变化？", "上海GFCI 37综合评分", "那38期的呢").ask == "difference"
    frame = read("俩差多少分", "GFCI 37综合评分伦敦多少", "香港呢")
    assert (frame.ask, frame.cities) == ("difference", ["London", "Hong Kong"])


def test_a_bare_issue_number_and_these_editions_in_chinese() -> None:
    frame = read("37期上海多少分", "上海GFCI综合排名")
    assert frame.editions == ["GFCI 37 (2025-03)"]
    assert read("近3期呢", "上海GFCI综合排名").editions != ["GFCI 3"]
    assert read("上海在GFCI综合榜这几期排名怎么样").ask == "trend"


def test_the_city_holding_a_place_is_the_subject_of_the_next_rank_or_score_question() -> None:
    assert read("2023年发展指数第三名").position == 3
    assert read("GFCI 37综合第二是哪个城市").position == 2
    assert read("上海2023年第三名").position is None  # a city and a place: a claim, not "who was 3rd?"
    answers = ["全球金融中心指数（GFCI）综合排名（GFCI 37 (2025-03)）排名第2的是伦敦。"]
    frame = READER.read("评分呢？", ["GFCI 37综合第二是哪个城市"], answers)[-1]
    assert (frame.ask, frame.cities, frame.position) == ("score", ["London"], None)


def test_ratings_added_or_averaged_over_an_edition() -> None:
    assert read("mean overall rating of the GFCI 37 top three?").ask == "average"
    assert read("What does the GFCI rating mean?").ask != "average"
    assert read("GFCI 38综合榜各城市评分的平均值？").ask == "average"
    assert read("Add up the GFCI 37 overall ratings of the top two").ask == "total"
    # an average that names no values of its own is over the turns before
    frame = read("GFCI 36到37两期平均分呢", "GFCI 37综合排名纽约多少分")
    assert frame.follow_up and frame.cities == ["New York"]


def test_more_ways_a_question_states_a_place() -> None:
    assert read("北京为什么在2025年发展指数里掉到第4？").claims == [Claim("rank", "Beijing", 4.0)]
    assert read("Why did London top the GFCI 37 FinTech ranking?").claims == [Claim("first", "London", 1.0)]
    assert read("Who came top in GFCI 37?").claims == []
    assert read("今年上海排第几？", "2024年发展指数上海排第几？").editions == ["2025"]


def test_a_range_of_places_is_not_a_move_or_a_single_place() -> None:
    frame = read("第3到第6名是哪些城市？", "2024年浙大报告前十")
    assert (frame.ask, frame.from_place, frame.top_n, frame.position) == ("list", 3, 6, None)
    assert (read("who held ranks 2-4 in GFCI 37 fintech?").from_place, read("ranks 2-4 in GFCI 37?").top_n) == (2, 4)
    assert read("when did London slip from 2nd to 4th?").from_place is None


def test_the_other_source_named_alone_after_a_deal_count_asks_its_deal_count() -> None:
    after_deals = "How many fintech deals did Innovate Finance record in 2022?"
    assert read("and KPMG?", after_deals).metrics == ["fintech_deals_kpmg"]
    assert read("and KPMG's investment?", after_deals).metrics == ["fintech_investment_kpmg"]
    assert read("KPMG呢？", "2022年毕马威统计的全球金融科技交易多少笔？").metrics == ["fintech_deals_kpmg"]


def test_the_two_added_refers_back_to_both_figures() -> None:
    frame = read("两个数加起来就是全球2023年的总投资吗？", "毕马威2023年全球金融科技投资？", "Innovate Finance同年呢？")
    assert frame.follow_up and set(frame.metrics) == {"fintech_investment_kpmg", "fintech_vc_innovate_finance"}


def test_since_an_edition_runs_to_the_latest_but_since_as_because_does_not() -> None:
    frame = read("How has London done in the GFCI FinTech ranking since GFCI 36?")
    assert frame.editions == ["GFCI 36 (2024-09)", "GFCI 37 (2025-03)", "GFCI 38 (2025-09)"]
    assert read("Since Paris was 10th in the 2025 Hub report, who was 9th?").editions == ["2025"]


def test_a_bare_gfci_number_at_the_end_of_a_follow_up_is_its_edition() -> None:
    frame = read("its rating in 37?", "London's overall GFCI rank in GFCI 36 and 38?")
    assert frame.editions == ["GFCI 37 (2025-03)"]


def test_a_deal_size_follow_up_keeps_asking_the_deal_size() -> None:
    first = read("Innovate Finance global fintech VC deal size in 2022?")
    assert first.metrics == ["fintech_vc_innovate_finance", "fintech_vc_deals_innovate_finance"]
    assert read("and 2021?", "Innovate Finance global fintech VC deal size in 2022?").ask == "average"


def test_an_edition_named_by_its_year_alone_is_of_the_ranking_of_the_conversation() -> None:
    first = "Where did Beijing rank in the 2025 Global Fintech Center Development Index?"
    frame = read("Why did Beijing slip in the 2024 edition?", first)
    assert (frame.index, frame.editions) == ("gfcdi", ["2024"])
    frame = read("为什么北京在2023年那期排名更高？", first)
    assert (frame.index, frame.editions) == ("gfcdi", ["2023"])
    assert read("Why did Beijing slip in the 2024 edition?").index is None  # no ranking in the conversation


def test_all_sector_tech_venture_figures_by_their_everyday_names() -> None:
    frame = read("Shanghai's 2024 tech venture figures: amount and number of deals?")
    assert frame.metrics == ["tech_venture_amount_all_sectors", "tech_venture_deals_all_sectors"]
    assert read("上海2024年科技领域创投交易几笔？").metrics == ["tech_venture_deals_all_sectors"]


def test_a_relative_edition_several_steps_away() -> None:
    start = "Where did Tokyo rank in the GFCI 37 FinTech ranking?"
    assert read("and two issues earlier?", start).editions == ["GFCI 35 (2024-03)"]
    assert read("three issues back?", "GFCI 38 overall: London's rating?").editions == ["previous:GFCI 38 (2025-09)"]


def test_their_ratings_after_a_list_are_each_members_and_a_definition_after_them_is_one() -> None:
    history = ["GFCI 38 overall: who are the top three?", "what are their ratings?"]
    answers = ["The top 3 of the GFCI 38 overall: New York (1st), London (2nd), Hong Kong (3rd).", "…"]
    rated = READER.read(history[1], history[:1], answers[:1])[-1]
    assert (rated.ask, rated.cities) == ("score", ["New York", "London", "Hong Kong"])
    assert READER.read("and who publishes this index?", history, answers)[-1].ask == "define"
    assert read("它在浙大报告和GFCI 38综合榜里分别排第几？", "上海2025年发展指数排第几？").ask == "cross_index"
    assert read("它们的评分分别是多少？", "GFCI 38综合前三名").ask != "cross_index"


def test_a_place_compared_with_is_no_stated_place() -> None:
    frame = read("离第二名还差几分？", "GFCI 37综合榜香港多少分？")
    assert (frame.ask, frame.compared_place, frame.claims) == ("difference", 2, [])
    assert read("How far behind the leader was Tokyo in GFCI 38?").claims == []
    assert read("How far behind the leader was Tokyo in GFCI 38?").compared_place == 1


def test_a_rank_asked_in_words_money_signs_this_report_and_every_year() -> None:
    assert read("which rank did that rating give it?", "Which FinTech rating did Chengdu get in GFCI 37?").ask == "rank"
    assert read("伦敦GFCI 37综合得分762分，排第几？").ask == "score"  # a stated rating is checked first
    assert read("KPMG global fintech H1 2025: $ and number of deals").metrics == [
        "fintech_investment_kpmg",
        "fintech_deals_kpmg",
    ]
    frame = read("北京在这个报告历年平均排第几？", "浙大2024年报告前五是哪些城市？")
    assert frame.follow_up and frame.index == "fhi"


def test_both_sources_of_a_figure_measured_two_ways_ask_each_series() -> None:
    frame = read("What do the two trackers count as global fintech deals in 2023?")
    assert set(frame.metrics) == {"fintech_deals_kpmg", "fintech_vc_deals_innovate_finance"}
    frame = read("两个口径的2023年全球金融科技投资额分别是多少？")
    assert set(frame.metrics) == {"fintech_investment_kpmg", "fintech_vc_innovate_finance"}


def test_an_elliptical_comparison_is_a_yes_no_but_a_wh_question_is_not() -> None:
    assert read("higher than in H1?", "KPMG global fintech investment in H2 2023?").ask == "yes_no"
    assert read("down vs 2022?", "Innovate Finance global fintech VC in 2023?").ask == "yes_no"
    assert read("up from which figure?", "Innovate Finance global fintech VC in 2023?").ask != "yes_no"


def test_another_ranking_by_comparison_asks_across_the_rankings() -> None:
    first = "Where was New York in the GFCI 37 FinTech ranking?"
    assert read("and in the overall GFCI 37, in comparison?", first).ask == "cross_index"
    assert read("and in the overall GFCI 37?", first).ask != "cross_index"


def test_a_place_asked_with_who_is_no_claim_but_a_stated_first_place_is() -> None:
    frame = read("Since Beijing led the 2024 Hub report, which city was third?")
    assert frame.position == 3 and frame.claims == [Claim("first", "Beijing", 1.0)]
    assert read("既然纽约在GFCI 37综合榜上是第一，伦敦呢排第几？").claims[0] == Claim("rank", "New York", 1.0)
    assert read("深圳在GFCI 38金融科技排名是第几？").claims == []


def test_leaving_a_top_n_named_with_its_ranking_is_one_claim() -> None:
    frame = read("Shanghai slipped out of the GFCI 37 overall top 5, what was its rating?")
    assert frame.claims == [Claim("out_of_top", "Shanghai", 5)]


def test_a_stated_rating_is_a_claim_about_that_city() -> None:
    assert read("Hong Kong, rated 770 in GFCI 38 overall, trailed New York by how much?").claims[0] == Claim(
        "value", "Hong Kong", 770.0
    )
    assert read("香港GFCI 38综合评分755分，排第几？").claims == [Claim("value", "Hong Kong", 755.0)]
    assert read("Is Hong Kong's GFCI 38 overall rating above 760?").claims == []


def test_definitions_of_what_a_series_or_ranking_counts() -> None:
    assert read("Explain the Hub report to me: what is it?").ask == "define"
    assert read("Explain why Shanghai ranks second in 2025").ask == "explain"
    assert read("What does Innovate Finance's fintech VC series count?").ask == "define"
    assert read("毕马威的金融科技投资数据统计的是什么？").ask == "define"
    assert read("What was KPMG's fintech investment in 2023?").ask == "value"
    assert read("浙大的全球金融科技中心城市报告是个什么样的排名？").ask == "define"


def test_how_two_rankings_relate_is_a_definition_unless_a_city_is_named() -> None:
    assert read("How does the GFCDI differ from the Hub report?").ask == "define"
    assert read("GFCI综合榜和GFCI金融科技排名有什么区别？").ask == "define"
    assert read("How does Seoul's place differ between the GFCDI and the Hub report?").ask != "define"


def test_a_calculation_after_each_source_in_turn_takes_both_series() -> None:
    first, second = "KPMG's global fintech deal count for 2023?", "and the Innovate Finance count?"
    assert set(read("so what's the sum of those deals?", first, second).metrics) == {
        "fintech_deals_kpmg",
        "fintech_vc_deals_innovate_finance",
    }
    assert read("and for 2022?", "KPMG worldwide fintech investment, 2023?", "and Innovate Finance?").metrics == [
        "fintech_vc_innovate_finance"
    ]


def test_a_top_n_asked_of_it_keeps_the_city_and_at_least_is_no_superlative() -> None:
    frame = read("did it at least get into the top 5?", "Where was Singapore in the GFCI 37 FinTech ranking?")
    assert (frame.ask, frame.cities, frame.top_n) == ("yes_no", ["Singapore"], 5)


@pytest.mark.parametrize(
    "question",
    ["how steep was the fall, in billions?", "差额是多少？", "下半年比上半年少投了多少？"],
)
def test_more_ways_to_ask_a_difference(question: str) -> None:
    assert read(question, "KPMG global fintech investment in the two halves of 2024?").ask == "difference"


def test_a_change_from_the_edition_before_keeps_both_editions_and_the_claim_its_own() -> None:
    frame = read("北京GFCI 37综合评分740分，比上一期变化多少？")
    assert frame.editions == ["GFCI 36 (2024-09)", "GFCI 37 (2025-03)"]
    assert frame.claims == [Claim("value", "Beijing", 740.0, edition="GFCI 37 (2025-03)")]
    assert read("上一期呢？", "北京GFCI 37综合评分多少？").editions == ["GFCI 36 (2024-09)"]


def test_a_figure_named_without_its_source_is_read_where_every_year_asked_is_published() -> None:
    assert read("How much global fintech investment was there in 2021?").metrics == ["fintech_vc_innovate_finance"]
    assert read("How much global fintech investment was there in 2023?").metrics == ["fintech_investment_kpmg"]
    assert read("KPMG global fintech investment in 2021?").metrics == ["fintech_investment_kpmg"]


def test_the_first_few_editions_and_how_an_index_measures() -> None:
    frame = read("and how did its first two editions evaluate cities?", "Who publishes the development index?")
    assert (frame.ask, frame.editions) == ("define", ["2023", "2024"])
    assert read("What methodology does the Hub report follow?").ask == "define"
    assert read("Give me an overview about the GFCI FinTech ranking").ask == "define"
    assert read("What exactly does the AI penetration figure measure?").ask == "define"
    assert read("the first two editions' leader in the Hub report?").top_n is None


def test_a_question_and_its_yes_no_check_are_answered_once() -> None:
    frames = READER.read("Where was Hong Kong in the GFCI 37 overall ranking? Was it in the top three?", [])
    assert [f.ask for f in frames] == ["yes_no"] and frames[0].cities == ["Hong Kong"]


def test_losing_a_place_leading_a_city_and_a_one_word_ask_after_figures() -> None:
    assert read("Has Beijing ever lost the top spot in the Hub report?").claims == [Claim("out_of_top", "Beijing", 1)]
    assert read("伦敦在GFCI 37综合榜上领先香港吗？").claims[0] == Claim("higher", "London", None, "Hong Kong")
    assert split_parts("KPMG had 2255 deals in H1 2024 and 2376 in H2; sum?") == [
        "KPMG had 2255 deals in H1 2024 and 2376 in H2 sum?"
    ]
    assert read("KPMG had 2255 deals in H1 2024 and 2376 in H2; sum?").ask == "total"


def test_funding_without_a_source_and_a_source_asked_about_itself() -> None:
    assert read("How much worldwide fintech funding was there in 2022?").metrics == ["fintech_investment_kpmg"]
    assert read("2022年全球金融科技融资是多少？").metrics == ["fintech_investment_kpmg"]
    assert read("Shanghai's fintech financing from 2022 to 2024?").metrics == ["fintech_financing_trend"]
    assert read("And what is Innovate Finance, exactly?").ask == "define"
    assert read("毕马威的Pulse of Fintech是什么？").ask == "define"
    assert read("What was Innovate Finance's VC in 2022?").ask == "value"


def test_typo_of_equal_length_a_gfci_range_after_words_and_off_domain_gdp() -> None:
    assert read("Who is in tier 1 of the 2025 GFDCI?").index == "gfcdi"
    frame = read("深圳GFCI综合排名35到38期的评分怎么变化？")
    assert frame.editions == ["GFCI 36 (2024-09)", "GFCI 37 (2025-03)", "GFCI 38 (2025-09)"]
    assert read("What was Seoul's GDP in 2023?").ask == "out_of_scope"
    assert read("Shanghai R&D spending as a share of GDP?").ask == "value"
    assert read("Is a Shenzhen fintech startup worth investing in?").ask == "out_of_scope"


def test_a_figure_noun_follow_up_keeps_the_calculation_and_more_change_wordings() -> None:
    first = "By what percent did KPMG's global deal count change from 2018 to 2023?"
    assert read("金额呢？", first).ask == "percent_change"
    assert read("how much was the amount?", first).ask == "value"
    assert read("what's the overall change in IF's deal count from 2023 to 2024?").ask == "difference"
    assert read("the relative increase from the baseline AI penetration to 2029?").ask == "percent_change"
    frame = read("KPMG口径，2024年上半年全球金融科技有多少笔、多少亿美元？")
    assert set(frame.metrics) == {"fintech_investment_kpmg", "fintech_deals_kpmg"}


def test_follow_ups_carry_a_figure_to_a_new_place_and_versus_asks_the_change() -> None:
    frame = read("那深圳呢？", "2024年上海的金融科技产业规模有多大？")
    assert (frame.cities, frame.metrics) == (["Shenzhen"], ["fintech_industry_size"])
    assert read("vs H2 2023?", "KPMG global fintech investment in H1 2024?").ask == "difference"
    assert split_parts("What was Shanghai's 2024 fintech industry size? (the White Paper)") == [
        "What was Shanghai's 2024 fintech industry size? (the White Paper)"
    ]


def test_the_editions_before_the_one_asked_and_a_definition_goes_on() -> None:
    frame = read("那前两期用的是什么维度？", "2025年发展指数按哪些维度评价城市？")
    assert (frame.ask, frame.editions) == ("define", ["2023", "2024"])
    assert read("and the previous two editions?", "Who led the GFCI 38 FinTech ranking?").editions == [
        "GFCI 36 (2024-09)",
        "GFCI 37 (2025-03)",
    ]


def test_two_gfci_editions_set_side_by_side_and_a_short_diff() -> None:
    frame = read("singapore gfci 36 overall vs 38 overall rating diff")
    assert (frame.ask, frame.editions, frame.metrics) == (
        "difference",
        ["GFCI 36 (2024-09)", "GFCI 38 (2025-09)"],
        [],
    )


def test_one_city_compared_with_itself_across_editions() -> None:
    assert read("深圳GFCI 38金融科技排名比GFCI 37高吗？").claims == [Claim("up", "Shenzhen")]
    assert read("深圳GFCI 37金融科技排名比GFCI 38高吗？").claims == [Claim("down", "Shenzhen")]
    assert read("KPMG全球2023年下半年投资比上半年多？").ask == "yes_no"
    assert read("KPMG全球2023年下半年投资比上半年多多少？").ask == "difference"


def test_a_share_is_no_comparison() -> None:
    assert read("上海金融科技企业在福布斯50强中的占比是多少？").ask == "value"
    assert read("2021年上海研发支出在GDP中的比重有多高？").claims == []


def test_list_as_a_verb_names_no_ranking() -> None:
    assert read("Which forms does the filing manual list for a new branch?").ask == "passage"
    assert read("List the top 5 of the 2025 Hub report").ask == "list"


@pytest.mark.parametrize(
    ("question", "relative"),
    [
        ("Where will Beijing rank in the next GFCI fintech edition?", "next"),
        ("Will Beijing be first in the next development index?", "next"),
        ("Where did Tokyo rank in the previous Hub report edition?", "previous"),
    ],
)
def test_a_relative_edition_may_name_its_index_between(question: str, relative: str) -> None:
    assert read(question).relative == relative


def test_a_statement_before_a_confirming_part_is_checked_with_it() -> None:
    frames = READER.read("Tokyo was rated 700 in the GFCI 38 overall table and was fifth there, right?")
    assert len(frames) == 1 and frames[0].ask == "yes_no"
    assert {(claim.kind, claim.number) for claim in frames[0].claims} == {("rank", 5.0), ("value", 700.0)}


def test_a_value_claim_and_a_first_place_are_both_stated() -> None:
    claims = read("Seoul scored 720 in GFCI 37 overall and held the top spot?").claims
    assert {claim.kind for claim in claims} == {"value", "first"}


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Tokyo's 2024 GFCDI place and KPMG's 2023 global fintech investment?", ["rank", "value"]),
        ("上海2024年金融科技产业规模以及2029年的AI渗透率预测", ["value", "forecast"]),
    ],
)
def test_two_things_of_their_own_years_in_one_sentence_are_two_parts(question: str, asks: list[str]) -> None:
    assert [frame.ask for frame in READER.read(question)] == asks


@pytest.mark.parametrize(
    "question",
    [
        "KPMG fintech investment in 2023 and Innovate Finance VC in 2024?",  # one figure by its two sources
        "Shanghai's fintech industry size in 2024 compared with AI penetration in 2029?",
    ],
)
def test_a_comparison_or_one_figure_by_two_sources_stays_one_part(question: str) -> None:
    assert len(READER.read(question)) == 1


def test_a_figure_after_a_rank_leaves_the_ranking_and_a_place_it_is_not_published_for() -> None:
    frame = read("and the 2029 AI penetration forecast?", "Shanghai's fintech industry size in 2024?")
    assert frame.geography is None and frame.metrics == ["ai_penetration_finance"]
    frame = read("and the 2024 fintech industry size?", "Where did Shanghai rank in the 2025 GFCDI?")
    assert frame.ask == "value" and frame.index is None


def test_a_first_tier_is_no_first_edition() -> None:
    frame = read("Was Tokyo in the first tier of that index?", "Which cities are in the 2025 GFCDI?")
    assert frame.relative is None and frame.editions == ["2025"] and frame.tier == 1


def test_a_question_before_a_pronoun_question_stays_its_own_part() -> None:
    assert len(split_parts("Seoul was in the second tier too, right? Who else is in there?")) == 2


def test_a_four_letter_index_name_with_one_letter_wrong_before_its_edition_number() -> None:
    frame = read("gfcu 36 fintech: where was Tokyo?")
    assert frame.index == "gfci_fintech" and frame.editions == ["GFCI 36 (2024-09)"]


def test_a_bare_calculation_after_two_cities_is_over_both() -> None:
    frame = read("gap?", "Tokyo's GFCI 38 overall rating?", "and Seoul?")
    assert frame.ask == "difference" and frame.cities == ["Tokyo", "Seoul"]


def test_a_baseline_asked_after_a_projection_is_the_published_figure() -> None:
    assert read("what's the baseline?", "AI penetration in finance projected for 2029?").ask == "value"


def test_the_other_sources_figure_continues_the_turn_about_one_source() -> None:
    frames = READER.read("IF counts 7683 deals for 2023 though? Average of the two?", ["KPMG fintech deals in 2023?"])
    assert frames[0].ask == "value" and frames[0].follow_up
    assert set(frames[-1].metrics) == {"fintech_deals_kpmg", "fintech_vc_deals_innovate_finance"}


def test_one_number_of_a_figure_named_without_its_source_reads_both_series() -> None:
    assert set(read("one global fintech investment figure for 2023, please").metrics) == {
        "fintech_investment_kpmg",
        "fintech_vc_innovate_finance",
    }
    assert read("KPMG's global fintech investment as one number for 2023").metrics == ["fintech_investment_kpmg"]


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("2023年那期呢？上海第几", 1),
        ("And in GFCI 36? Where was Tokyo?", 1),
        ("上海第几？北京呢？", 2),
    ],
)
def test_a_bare_what_about_stub_is_the_context_of_the_question_after_it(question: str, parts: int) -> None:
    assert len(split_parts(question)) == parts


def test_the_other_extreme_asked_after_a_comma_is_the_same_question() -> None:
    frames = READER.read("Which KPMG half-year since H2 2023 saw the most deals, and which the fewest?")
    assert len(frames) == 1 and frames[0].ask == "max_min" and frames[0].extreme == "both"


@pytest.mark.parametrize(
    "question",
    ["Which centres make up the second group of the 2025 development index?", "2025年发展指数第二档有哪些城市？"],
)
def test_a_group_or_band_of_a_tiered_index_is_its_tier(question: str) -> None:
    frame = read(question)
    assert frame.tier == 2 and frame.position is None


@pytest.mark.parametrize(
    ("question", "editions"),
    [
        ("what did its older editions score on?", ["2023", "2024"]),
        ("以前的几期呢？", ["2023", "2024"]),
    ],
)
def test_the_earlier_editions_are_every_edition_before_the_one_asked(question: str, editions: list[str]) -> None:
    frame = read(question, "Which dimensions does the 2025 GFCDI rate cities on?")
    assert frame.ask == "define" and frame.editions == editions


@pytest.mark.parametrize(
    ("question", "ask"),
    [
        ("what was the Innovate Finance slide between 2022 and 2023?", "difference"),
        ("give me the KPMG deal count decline from 2023 to 2024", "difference"),
        ("what was the decline rate of KPMG deals from 2023 to 2024?", "percent_change"),
    ],
)
def test_a_change_named_as_a_noun_is_a_difference(question: str, ask: str) -> None:
    assert read(question).ask == ask


def test_a_change_in_money_after_a_percentage_is_a_difference() -> None:
    frame = read(
        "and how many dollars were added?", "By what percent did KPMG fintech investment rise from 2018 to 2022?"
    )
    assert frame.ask == "difference" and frame.metrics == ["fintech_investment_kpmg"]


def test_two_questions_after_one_another_separated_by_a_comma_are_two_parts() -> None:
    frames = READER.read("In GFCI 38's fintech table, who came 2nd, who came 4th?")
    assert [frame.position for frame in frames] == [2, 4]
    assert len(split_parts("In the 2024 edition, who was first?")) == 1  # a comma after context asks nothing


def test_a_quoted_term_new_to_the_conversation_is_asked_of_the_reports() -> None:
    frame = read("and the 'flywheel' — which countries start it first?", "Who leads the 2025 development index?")
    assert frame.ask in ("define", "passage")
    assert read("and 'Shanghai' there?", "Who leads the 2025 development index?").ask == "rank"


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("was Tokyo sixth?", Claim("rank", "Tokyo", 6.0)),
        ("香港在GFCI金融科技榜上一直第一吗？", Claim("first", "Hong Kong", 1.0)),
    ],
)
def test_a_place_stated_after_the_city_is_a_claim(question: str, claim: Claim) -> None:
    assert read(question, "Who leads GFCI 37's fintech ranking?").claims == [claim]


def test_falling_out_of_a_top_n_is_one_claim() -> None:
    claims = read("上海在GFCI 38综合排名里是不是跌出前5了").claims
    assert [claim.kind for claim in claims] == ["out_of_top"]


def test_a_claim_asked_of_another_city_carries_to_it() -> None:
    frame = read("and Hong Kong?", "Did London's GFCI overall rating rise from GFCI 36 to GFCI 37?")
    assert frame.ask == "yes_no" and frame.claims == [Claim("up", "Hong Kong")]


def test_a_place_stated_after_who_held_it_is_of_that_city() -> None:
    frames = READER.read(
        "was it first in every edition?", ["Who topped the 2023 Hub report?"], ["Beijing ranked 1st …"]
    )
    assert frames[-1].cities == ["Beijing"] and frames[-1].claims[0].kind == "first"


def test_that_table_continues_the_ranking_asked_before() -> None:
    frame = read("does Tokyo come before Seoul in this table?", "London's GFCI 38 overall rating?")
    assert frame.index == "gfci_overall"


def test_a_chinese_statement_ending_in_right_asks_yes_or_no() -> None:
    assert read("毕马威2023年上半年全球金融科技投资比下半年多，对吧？").ask == "yes_no"


def test_the_other_sources_figure_asked_which_is_right_reads_both_series() -> None:
    frame = read("IF has 92bn for 2022 though — which figure is correct?", "KPMG worldwide fintech investment, 2022?")
    assert set(frame.metrics) == {"fintech_investment_kpmg", "fintech_vc_innovate_finance"}


def test_a_change_after_a_total_of_two_halves_runs_from_that_year() -> None:
    frame = read("vs 2022, % change?", "KPMG fintech deals: H1 plus H2 2024?")
    assert frame.ask == "percent_change" and frame.periods == ["2022", "2024"]


@pytest.mark.parametrize(("question", "start"), [("同比呢", "2024-H1"), ("and half on half?", "2024-H2")])
def test_year_on_year_and_half_on_half_restate_the_earlier_half(question: str, start: str) -> None:
    frame = READER.read(question, ["KPMG投资2025年上半年多少", "比2023年下半年少了百分之多少"])[-1]
    assert frame.periods == [start, "2025-H1"]


@pytest.mark.parametrize("question", ["how much wider was that in 2020?", "Innovate Finance VC 2021→2022 change?"])
def test_wider_narrower_and_an_arrow_change_are_differences(question: str) -> None:
    assert read(question, "Hub Report 2025: gap between first and tenth?").ask == "difference"


@pytest.mark.parametrize(
    "question",
    [
        "Which cities does the 2025 index give as examples of each development path, and where is Shanghai?",
        "白皮书里中国四极格局中杭州排在哪一极？",
    ],
)
def test_a_term_of_the_reports_analysis_is_asked_of_the_passages(question: str) -> None:
    assert READER.read(question)[0].ask in ("passage", "define", "explain")


def test_a_place_only_follow_up_of_an_explanation_asks_the_same_of_that_place() -> None:
    assert read(
        "and Hangzhou?", "Why is Shanghai called a benchmark for traditional centres turning tech-driven?"
    ).ask == ("explain")
    assert read("when does China start it?", "What is the dual-circulation flywheel?").ask == "passage"


def test_so_a_statement_asks_yes_or_no() -> None:
    assert read("KPMG had 113.7bn in 2023 — so investment was flat on 2022?").ask == "yes_no"
    assert read("so what was the 2022 figure?", "KPMG fintech investment 2023?").ask != "yes_no"


def test_the_top_tier_is_tier_one() -> None:
    frame = read("was Paris in the top tier of the 2025 development index?")
    assert frame.tier == 1 and frame.claims == [Claim("tier", "Paris", 1.0)]


@pytest.mark.parametrize(
    ("question", "ask"),
    [
        ("How many points separated first and tenth in the 2023 Hub Report?", "value"),
        ("Hub Report 2022: #1 vs #10, how far apart?", "value"),
    ],
)
def test_how_far_apart_the_ends_of_a_published_gap_are_is_that_figure(question: str, ask: str) -> None:
    frame = read(question)
    assert frame.ask == ask and frame.metrics == ["fhi_top10_gap"]


def test_a_follow_up_after_a_why_about_a_table_answer_asks_the_table_again() -> None:
    frames = READER.read("and Tokyo?", ["Where is Seoul in GFCI 38 overall?", "why did it fall?"])
    assert frames[-1].ask == "rank"


def test_first_place_stated_of_the_city_right_before_it() -> None:
    frame = READER.read("2024年发展指数东京拿了第一，那芝加哥第几？")[0]
    assert Claim("first", "Tokyo", 1.0) in frame.claims


def test_a_city_only_stated_in_a_premise_is_not_carried_to_the_next_city() -> None:
    frames = READER.read("首尔那年第几", ["2024年发展指数东京拿了第一，那芝加哥第几？"])
    assert frames[-1].cities == ["Seoul"]


def test_a_climb_asked_with_a_year_is_of_the_city_just_asked_about() -> None:
    frame = READER.read("2025年上升了几名？", ["2023年发展指数纽约第几？", "北京那年第几"])[-1]
    assert frame.ask == "difference" and frame.cities == ["Beijing"]


@pytest.mark.parametrize("question", ["net change?", "一共涨了多少分？"])
def test_a_total_or_net_change_is_a_difference(question: str) -> None:
    assert read(question, "How did Beijing's GFCI overall rating move from GFCI 36 to 38?").ask == "difference"


def test_outperforming_another_city_is_a_claim_to_check() -> None:
    assert read("Did Tokyo outperform Chicago in the 2024 development index?").claims == [
        Claim("higher", "Tokyo", None, "Chicago")
    ]


@pytest.mark.parametrize(
    "question", ["在哪些方面比东京强？", "what were its highlights?", "in what areas did it beat Tokyo?"]
)
def test_where_a_city_does_well_is_asked_of_the_passages_even_after_a_rank(question: str) -> None:
    assert read(question, "Where was Shanghai in the 2024 development index?").ask in ("passage", "explain")


def test_a_rating_written_after_a_city_is_a_claim_about_it() -> None:
    claims = read("Chengdu had 705 in GFCI 37 and London 762, so London led?").claims
    assert Claim("value", "Chengdu", 705.0) in claims and Claim("value", "London", 762.0) in claims


def test_a_gap_getting_tighter_is_a_fall() -> None:
    frame = READER.read("so it has been narrowing?", ["Hub Report: gap between first and tenth in 2024?", "and 2020?"])[
        -1
    ]
    assert frame.ask == "yes_no" and frame.metrics == ["fhi_top10_gap"]


def test_a_place_named_after_two_figures_of_two_places_keeps_its_own_figure() -> None:
    frame = READER.read(
        "and that Hong Kong number, how much did it grow by?",
        ["Hong Kong financial institutions' market value and Chinese cities' listed fintech market value in 2025?"],
    )[-1]
    assert frame.metrics == ["hk_financial_institutions_market_value"]


def test_an_order_claimed_in_two_contrasted_clauses_is_about_each_clause_s_ranking() -> None:
    frame = read("In GFCI 37, is Paris below Tokyo on the overall list but higher on the fintech one?")
    assert [(c.kind, c.index) for c in frame.claims] == [("lower", "gfci_overall"), ("higher", "gfci_fintech")]
    assert [(c.kind, c.index) for c in read("Is Paris ahead of Tokyo in GFCI 37 overall?").claims] == [("higher", None)]


def test_a_top_n_asked_to_have_changed_between_two_editions_is_a_yes_no_of_both() -> None:
    frame = read("Has the Hub report's top three moved between its 2023 and 2024 editions?")
    assert (frame.ask, frame.top_n, sorted(frame.editions), frame.cities) == ("yes_no", 3, ["2023", "2024"], [])


def test_when_a_city_first_appeared_asks_its_history_and_claims_no_first_place() -> None:
    frame = read("When did Chicago first get ranked in the development index?")
    assert (frame.ask, frame.cities, frame.claims) == ("trend", ["Chicago"], [])
    assert read("悉尼第一次进入浙大全球金融科技中心报告是哪一年？").ask == "trend"


def test_city_short_forms_lower_case_and_chinese() -> None:
    from assistant import names

    assert names.with_names_spelt_out("bj ranking in gfci 38?").startswith("Beijing")
    assert names.with_names_spelt_out("sh, quiet please") == "sh, quiet please"  # not before a ranking word
    assert read("沪在2024年排第几？").cities == ["Shanghai"]
    assert read("申城2025年排第几？").cities == ["Shanghai"]
    assert names.with_names_spelt_out("沪深两市") == "沪深两市"  # inside a word it stays


def test_a_half_year_with_a_two_digit_year() -> None:
    assert read("KPMG fintech investment h2 23 to h1 24, % change?").periods == ["2023-H2", "2024-H1"]


def test_the_last_editions_with_an_index_word_between() -> None:
    frame = read("Tokyo's place over the last two GFCI fintech editions?")
    assert frame.editions == ["GFCI 37 (2025-03)", "GFCI 38 (2025-09)"]


def test_an_ordinal_before_the_city_states_a_claim() -> None:
    frame = read("GFCI 37金融科技排名第一是伦敦吧？")
    assert [(c.city, c.number) for c in frame.claims] == [("London", 1.0)]


def test_edge_as_a_verb_states_an_order_and_it_is_the_city_before() -> None:
    frame = read("Did it edge Tokyo in GFCI 38 overall?", "Seoul's GFCI 38 overall rating?")
    assert frame.ask == "yes_no"
    assert [(c.kind, c.city, c.other) for c in frame.claims] == [("higher", "Seoul", "Tokyo")]


def test_places_gained_in_chinese_words_of_progress() -> None:
    assert read("一共进步了多少名？", "北京2024年第几", "2025年呢").ask == "difference"


def test_behind_a_new_city_keeps_the_city_before() -> None:
    frame = read("how far behind Hong Kong is that?", "London's GFCI 38 overall rating?")
    assert frame.cities == ["London", "Hong Kong"]


def test_the_askers_plans_are_context_not_a_question() -> None:
    assert split_parts("Is it going to rain in Tokyo on Friday? I'm there for a fintech expo.") == [
        "Is it going to rain in Tokyo on Friday? I'm there for a fintech expo."
    ]
    assert read("Is it going to rain in Tokyo on Friday? I'm there for a fintech expo.").ask == "out_of_scope"


def test_a_follow_up_naming_the_other_gfci_list() -> None:
    assert read("who led its overall ranking?", "GFCI 36 fintech top 3?").index == "gfci_overall"
    assert read("and in its fintech list?", "GFCI 36 overall top 3?").index == "gfci_fintech"


def test_which_is_right_over_two_rankings_or_two_series() -> None:
    frame = read("so which is the real one?", "Paris in the 2025 alliance index?", "and in the 2025 Hub Report?")
    assert frame.ask == "cross_index" and set(frame.indices) == {"gfcdi", "fhi"}
    frame = read("Innovate Finance says 92bn, which one's right?", "KPMG fintech investment 2022?")
    assert set(frame.metrics) >= {"fintech_investment_kpmg", "fintech_vc_innovate_finance"}
