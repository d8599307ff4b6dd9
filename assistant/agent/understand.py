"""Reading a question: its intent (nearest labelled examples) and its slots (shared name resolution)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from assistant import names
from assistant.agent.intent_examples import INTENT_EXAMPLES
from assistant.agent.language import Language, detect_language

Encoder = Callable[[list[str]], np.ndarray]

FOLLOW_UP = re.compile(
    r"^\s*(and|what about|how about|and what about|what of|same for|now|then|also)\b|"
    r"^\s*(那|还有|再|换成|如果是)|呢\s*[？?]?\s*$",
    re.IGNORECASE,
)
TOP_N = re.compile(
    r"\b(?:top|first|leading)\s*(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|前\s*(\d{1,3})\s*[名位强]?|前([一二三四五六七八九十]+)[名位强]?",
    re.IGNORECASE,
)
ENGLISH_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
OVERALL_WORDS = re.compile(r"\boverall\b|综合|金融中心指数", re.IGNORECASE)
FINTECH_WORDS = re.compile(r"fin\s*-?\s*tech|金融科技", re.IGNORECASE)
SPAN_CUES = re.compile(r"\bfrom\b.+\bto\b|\bbetween\b.+\band\b|从.+到|至", re.IGNORECASE)
MOVE_CUES = re.compile(
    r"\bmov(ed|ers?)\b|\bswap|\bchang|\brise|\brose|\bfell|\bclimb|上升|下降|变化|互换|进退", re.IGNORECASE
)
TIER = re.compile(r"\btier\s*(\d)\b|第\s*([1-4一二三四])\s*梯队", re.IGNORECASE)
FIRST_TIER_WORDS = {"first tier": 1, "second tier": 2, "third tier": 3, "fourth tier": 4}
SCORE_WORDS = re.compile(r"\bscores?\b|\bratings?\b|\bpoints\b|得分|分数|评分|打分|多少分", re.IGNORECASE)
RANK_WORDS = re.compile(r"\brank|\bposition|\bplace[ds]?\b|\bstanding|排第|第几|名次|排名|位列|排多少", re.IGNORECASE)
TIER_WORDS = re.compile(r"\btiers?\b|梯队", re.IGNORECASE)
METHODS = {
    "holt": re.compile(r"\bholt\b|exponential smoothing|指数平滑", re.IGNORECASE),
    "cagr": re.compile(r"\bcagr\b|compound (annual )?growth|复合(年)?增长", re.IGNORECASE),
    "linear": re.compile(r"\blinear\b|straight[- ]line|线性", re.IGNORECASE),
}
EXPLAIN_CUES = re.compile(
    r"\bwhy\b|\bexplain|\breasons?\b|\bstrengths?\b|\badvantages?\b|what does the (report|paper|index) say|"
    r"为什么|为何|原因|解释|优势|报告怎么说",
    re.IGNORECASE,
)
FORECAST_CUES = re.compile(
    r"\bforecast|\bpredict|\bproject(ion|ed)?\b|\bextrapolat|\boutlook\b|\bheading\b|if the trend|\bwill\b.*\bbe\b|"
    r"预测|估算|推算|展望|将会",
    re.IGNORECASE,
)
HISTORY_CUES = re.compile(
    r"\bover (the )?(years|time|editions)\b|\btrajectory|\bhistory\b|\btrend\b|\bsince\b|历年|历届|走势|变化|轨迹",
    re.IGNORECASE,
)
DOMAIN_CUES = re.compile(
    r"rank|index|indices|tier|fintech|financ|hub|cent(er|re)|invest|deal|venture|market|report|white paper|"
    r"排名|排第|指数|梯队|金融|科技|中心|投资|交易|融资|报告|白皮书|榜",
    re.IGNORECASE,
)
WHO_CUES = re.compile(r"\bwho\b|\bwhich cit|哪个城市|哪些城市|谁", re.IGNORECASE)
CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass
class Slots:
    """What a question names, resolved to canonical names."""

    cities: list[str] = field(default_factory=list)
    indices: list[str] = field(default_factory=list)
    editions: list[str] = field(default_factory=list)
    metrics: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    geography: str | None = None
    top_n: int | None = None
    tier: int | None = None
    method: str | None = None

    def is_empty(self) -> bool:
        return not (self.cities or self.indices or self.editions or self.metrics or self.periods)


@dataclass
class Understanding:
    """The analyst's reading of one question."""

    question: str
    language: Language
    intent: str
    confidence: float
    slots: Slots
    follow_up: bool


def _chinese_number(text: str) -> int:
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + CHINESE_NUMERALS[text[1]]
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CHINESE_NUMERALS[tens] * 10 + (CHINESE_NUMERALS[ones] if ones else 0)
    return CHINESE_NUMERALS[text]


def asked_for(question: str) -> list[str]:
    """Which of 'score', 'rank' and 'tier' the question asks for."""
    pairs = (("score", SCORE_WORDS), ("rank", RANK_WORDS), ("tier", TIER_WORDS))
    return [name for name, pattern in pairs if pattern.search(question)]


def extract_slots(question: str) -> Slots:
    """Find every city, index, edition, metric, period and option the question names."""
    slots = Slots(
        cities=names.find_cities(question),
        indices=names.find_indices(question),
        metrics=names.find_metrics(question),
        periods=names.find_periods(question),
    )
    if slots.indices[:1] == ["gfci_overall"] and FINTECH_WORDS.search(question) and not OVERALL_WORDS.search(question):
        slots.indices[0] = "gfci_fintech"  # "GFCI ... 金融科技排名" is the FinTech ranking, not the overall rating
    slots.editions = names.find_editions(question, slots.indices[0] if slots.indices else None)
    if match := TOP_N.search(question):
        digits = match.group(1) or match.group(2)
        if digits:
            slots.top_n = int(digits) if digits.isdigit() else ENGLISH_NUMBERS[digits.lower()]
        else:
            slots.top_n = _chinese_number(match.group(3))
    if match := TIER.search(question):
        value = match.group(1) or match.group(2)
        slots.tier = int(value) if value.isdigit() else CHINESE_NUMERALS[value]
    else:
        lowered = question.lower()
        slots.tier = next((tier for words, tier in FIRST_TIER_WORDS.items() if words in lowered), None)
    slots.method = next((name for name, pattern in METHODS.items() if pattern.search(question)), None)
    geographies = names.find_geographies(question)
    slots.geography = geographies[0] if geographies else None
    return slots


class IntentClassifier:
    """k-nearest labelled examples over sentence embeddings of the question's shape (names masked)."""

    def __init__(self, encode: Encoder, examples: dict[str, list[str]] = INTENT_EXAMPLES, k: int = 5):
        self._labels = [intent for intent, texts in examples.items() for _ in texts]
        self._vectors = encode([names.mask_names(text) for texts in examples.values() for text in texts])
        self._shape = lru_cache(maxsize=4096)(lambda masked: encode([masked])[0])  # repeated questions are common
        self._k = k

    def classify(self, question: str) -> tuple[str, float]:
        """The intent and its share of the neighbours' similarity (0..1)."""
        similarities = self._vectors @ self._shape(names.mask_names(question))
        nearest = np.argsort(-similarities)[: self._k]
        votes: Counter[str] = Counter()
        for index in nearest:
            votes[self._labels[index]] += max(float(similarities[index]), 0.0)
        intent, weight = votes.most_common(1)[0]
        return intent, weight / (sum(votes.values()) or 1.0)


def adjust_intent(intent: str, question: str, slots: Slots) -> str:
    """Cue words and slots that settle what nearest examples leave open."""
    if EXPLAIN_CUES.search(question):
        return "explain"
    if slots.is_empty() and not DOMAIN_CUES.search(question):
        return "off_topic"
    if intent == "consensus" and len(slots.indices) == 1:
        return "ranking"
    if FORECAST_CUES.search(question) and (slots.metrics or intent == "forecast"):
        return "forecast"
    if intent == "off_topic" and not slots.is_empty():
        return "explain"
    if (
        intent in ("ranking", "city_rank", "rank_history", "compare")
        and len(slots.cities) == 1
        and len(slots.indices) > 1
    ):
        return "city_rank"
    if intent in ("ranking", "city_rank", "rank_history") and len(slots.cities) >= 2:
        return "compare"
    if intent == "ranking" and slots.cities and not (slots.top_n or slots.tier or WHO_CUES.search(question)):
        return "city_rank"
    spans_editions = len(slots.editions) >= 2 or (SPAN_CUES.search(question) and len(slots.periods) >= 2)
    if (
        intent in ("ranking", "city_rank", "explain", "movers", "compare")
        and len(slots.cities) == 1
        and (HISTORY_CUES.search(question) or spans_editions)
    ):
        return "rank_history"
    if (
        intent in ("ranking", "city_rank", "rank_history")
        and not slots.cities
        and spans_editions
        and (MOVE_CUES.search(question) or intent == "rank_history")
    ):
        return "movers"
    if intent in ("ranking", "city_rank", "compare", "explain") and slots.metrics and not slots.cities:
        return "metric"
    return intent


def understand(question: str, classifier: IntentClassifier, has_history: bool) -> Understanding:
    """Classify the intent, extract slots, and tell whether it leans on the previous turn."""
    intent, confidence = classifier.classify(question)
    slots = extract_slots(question)
    intent = adjust_intent(intent, question, slots)
    short = len(question.split()) <= 5 if detect_language(question) == "en" else len(question) <= 10
    follow_up = has_history and bool(
        FOLLOW_UP.search(question) or (short and (confidence < 0.6 or slots.is_empty() or intent == "off_topic"))
    )
    return Understanding(question, detect_language(question), intent, confidence, slots, follow_up)
