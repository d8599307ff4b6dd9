"""The offline analyst reads intents and slots from paraphrases in both languages, and resolves follow-ups."""

import pytest

from assistant.agent.planner import make_plan
from assistant.agent.understand import IntentClassifier, extract_slots, understand
from assistant.retrieval import get_embedder


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier(get_embedder("use-multilingual").embed_documents)


# None of these sentences is one of the labelled examples.
@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("Which city tops the GFCI 37 FinTech list?", "ranking"),
        ("Where is Singapore placed in GFCI 38?", "city_rank"),
        ("Did Shenzhen climb or drop over the GFCI editions?", "rank_history"),
        ("Is London ahead of Paris in the hub report?", "compare"),
        ("Who moved up the most from GFCI 36 to GFCI 37?", "movers"),
        ("What's the size of the fintech sector in Shanghai?", "metric"),
        ("Estimate KPMG fintech investment for 2026", "forecast"),
        ("Why is New York number one?", "explain"),
        ("What's the capital of France?", "off_topic"),
        ("新加坡在GFCI 38中排第几？", "city_rank"),
        ("伦敦和巴黎哪个排名更靠前？", "compare"),
        ("上海的金融科技产业有多大规模？", "metric"),
        ("估算2026年金融科技风险投资", "forecast"),
        ("为什么纽约排第一？", "explain"),
        ("法国的首都是哪里？", "off_topic"),
    ],
)
def test_intent_of_paraphrased_questions(classifier: IntentClassifier, question: str, intent: str) -> None:
    assert understand(question, classifier, has_history=False).intent == intent


def test_slots_in_english_and_chinese() -> None:
    slots = extract_slots("Top 5 of the GFCI 38 FinTech ranking: where are 纽约 and SF?")
    assert slots.cities == ["New York", "San Francisco"]
    assert slots.indices == ["gfci_fintech"] and slots.editions == ["GFCI 38 (2025-09)"]
    assert slots.top_n == 5
    assert extract_slots("2025年指数第二梯队有哪些城市？").tier == 2
    assert extract_slots("GFCI 38 金融科技排名前三").top_n == 3
    assert extract_slots("forecast with compound growth").method == "cagr"


@pytest.mark.parametrize(
    ("first", "follow_up", "tool", "changed"),
    [
        ("Where did Shanghai rank in the 2024 Global Fintech Center Development Index?", "And in 2025?",
         "city_rank", {"city": "Shanghai", "index": "gfcdi", "edition": "2025"}),
        ("2025年全球金融科技中心发展指数里北京排第几？", "那上海呢？",
         "city_rank", {"city": "Shanghai", "index": "gfcdi", "edition": "2025"}),
        ("Who was first in the GFCI 36 FinTech ranking?", "What about GFCI 38?",
         "ranking", {"index": "gfci_fintech", "edition": "GFCI 38 (2025-09)"}),
        ("What was global fintech investment in H2 2024 according to KPMG?", "And in H1 2025?",
         "metric", {"metric": "fintech_investment_kpmg", "period": "2025-H1"}),
    ],
)
def test_follow_ups_resolve_against_the_previous_call(
    classifier: IntentClassifier, first: str, follow_up: str, tool: str, changed: dict
) -> None:
    first_plan = make_plan(understand(first, classifier, has_history=False), None)
    previous = next(call for call in first_plan.calls if call[0] != "search_reports")
    plan = make_plan(understand(follow_up, classifier, has_history=True), previous)
    name, args = plan.calls[0]
    assert name == tool
    assert {key: args[key] for key in changed} == changed
    assert plan.calls[-1][0] == "search_reports"
