"""Answers written from tool outcomes: which passage a fact is cited from, and what a "why" answer quotes."""

from __future__ import annotations

from typing import Any

from assistant.agent.citations import Fact
from assistant.agent.compose import ToolOutcome, compose
from assistant.agent.tools import SEARCH_TOOL

TOP_FIVE = ["New York", "London", "Shanghai", "Beijing", "Shenzhen"]


def hit(chunk_id: str, title: str, section: str, text: str, language: str = "en") -> dict[str, Any]:
    return {"chunk_id": chunk_id, "title": title, "section": section, "text": text, "language": language,
            "dense_score": 0.9}  # fmt: skip


GFCI_2024 = hit(
    "gfci35", "GFCI FinTech ranking, GFCI 26 to GFCI 36 (2019-2024)", "GFCI 35 (March 2024)",
    "1. New York 2. London 3. Shanghai 4. Beijing 5. Shenzhen 6. San Francisco",
)  # fmt: skip
GFCDI_2024 = hit(
    "gfcdi24", "Global Financial Technology Center Development Index (2024)", "Top ten cities in 2024",
    "1. New York 2. London 3. Shanghai 4. Beijing 5. Shenzhen 6. Tokyo",
)  # fmt: skip


def test_a_ranking_is_held_only_by_a_passage_about_its_own_index() -> None:
    fact = Fact.of("ranking", {"index": "gfcdi", "edition": "2024"}, {"index_family": "gfcdi", "edition": "2024"},
                   TOP_FIVE)  # fmt: skip
    assert not fact.fully_held([GFCI_2024])  # same cities, same year, another index
    assert fact.fully_held([GFCI_2024, GFCDI_2024])
    assert fact.best_passages([GFCI_2024, GFCDI_2024], "en")[0]["chunk_id"] == "gfcdi24"


SHANGHAI_2024_ZH = hit(
    "zh2024", "全球金融科技中心发展指数（2024）", "上海在2024年指数中的表现",
    "中国日报具体说明了上海保持第三的原因。在金融科技应用指标上，上海位列所有城市第一，是各城市在这一指标上的最好成绩。"
    "在成长潜力方面，上海得益于风险投资活动，上升一位至第四。\n\n"
    "报告还发现，2024年各城市之间的差距有所缩小，也就是说，领先的金融科技中心比以往更加接近。报道没有给出差距大小的数字。",
    "zh",
)  # fmt: skip


def test_a_why_answer_quotes_the_causes_and_the_sentences_about_its_city() -> None:
    question = "为什么上海在2024年全球金融科技中心发展指数中保持第三？"
    search = ToolOutcome(SEARCH_TOOL, {"query": question}, {"hits": [SHANGHAI_2024_ZH]})
    answer = compose(question, {"intent": "explain"}, [search])
    assert answer.answered and "[zh2024]" in answer.text
    assert "得益于风险投资活动" in answer.text and "金融科技应用指标上，上海位列所有城市第一" in answer.text
    assert "差距大小" not in answer.text  # the budget is spent on Shanghai, not on the general finding
    quote = answer.text.split("“")[1].split("”")[0]
    assert len(quote) <= 120
