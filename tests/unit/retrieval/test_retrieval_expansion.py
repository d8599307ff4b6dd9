"""Query and passage alias expansion across English and Chinese."""

from __future__ import annotations

from assistant.retrieval.expansion import document_aliases, expand_query


def test_chinese_queries_gain_english_names_and_words() -> None:
    extra = expand_query("2024年全球金融科技中心发展指数第十名是哪座城市？")
    assert "Global Fintech Center Development Index" in extra
    assert "10 10th tenth rank" in extra
    extra = expand_query("GFCI 38 综合评分中纽约得了多少分？")
    assert "New York" in extra and "rating" in extra and "overall" in extra
    assert "first half H1" in expand_query("毕马威统计的2024年上半年全球金融科技投资额")
    assert "top 20" in expand_query("北京是否跌出了前二十？")
    assert "constitution" in expand_query("宪法里，谁来任命秘书？")  # a kind of document finds its English title


def test_english_queries_are_left_alone() -> None:
    assert expand_query("Which city ranked third in GFCI 38?") == ""


def test_passages_carry_the_other_languages_names() -> None:
    aliases = document_aliases("Singapore ranked third, behind New York and London.", "en")
    assert aliases.split() == ["新加坡", "纽约", "伦敦"]
    assert "Hangzhou" in document_aliases("杭州的金融科技人才储备位居全国第二。", "zh")
    assert document_aliases("No names here at all.", "en") == ""
