"""The grounding check finds every number of an answer in the evidence, across formats, and flags the rest."""

from assistant.agent.grounding import extract_quantities, flag_numbers, unsupported_numbers

SIZE = {"metric": "fintech_industry_size", "value": 440.5, "unit": "billion CNY", "period": "2024"}
AI_PASSAGE = "AI penetration in finance is projected to rise from 25% to 45% by 2029."


def test_same_figure_in_every_format_is_supported() -> None:
    for text in (
        "The industry was worth 440.5 billion CNY in 2024.",
        "上海金融科技产业规模为4405亿元（2024年）。",
        "That is 440,500,000,000 CNY in 2024.",
    ):
        assert unsupported_numbers(text, [SIZE], []) == [], text


def test_percent_and_fraction_are_the_same_number() -> None:
    assert unsupported_numbers("It reaches 45% by 2029.", [], [AI_PASSAGE]) == []
    assert unsupported_numbers("It reaches 0.45 by 2029.", [], [AI_PASSAGE]) == []


def test_rounding_to_the_shown_precision_is_allowed_but_other_numbers_are_not() -> None:
    forecast = {"point": 47.8312}
    assert unsupported_numbers("about 47.8", [forecast], []) == []
    assert unsupported_numbers("about 47.9", [forecast], []) == ["47.9"]
    assert unsupported_numbers("about 44.05", [SIZE], []) == ["44.05"]


def test_invented_number_is_flagged_and_marked() -> None:
    text = "Shanghai ranked 2nd in 2025 and its score was 87.5 [1]."
    flagged = unsupported_numbers(text, [{"rank": 2, "edition": "2025"}], [])
    assert flagged == ["87.5"]
    assert "87.5 [unverified]" in flag_numbers(text, flagged)


def test_signs_and_citation_markers() -> None:
    assert unsupported_numbers("It fell 3 places [2].", [{"change": -3}], []) == []
    assert [q.text for q in extract_quantities("see [12] and 7%")] == ["7%"]


def test_flag_marks_the_whole_ordinal() -> None:
    assert flag_numbers("It ranked 7th in 2025.", ["7"]) == "It ranked 7th [unverified] in 2025."


def test_flag_leaves_longer_numbers_alone() -> None:
    assert flag_numbers("2 of 2025", ["2"]) == "2 [unverified] of 2025"
